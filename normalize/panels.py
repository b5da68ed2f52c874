"""Report-level scoring tables -> long-form PanelScore rows.

Two kinds arrive (classify.py decides which):

  indicator_system  一级指标 | 二级指标 | 三级指标 | 分值              one row per 三级指标, expert None
  panel_scores      一级指标 | 二级指标 | 三级指标 | 分值 | 专家A | 专家B | … | 合计 | 平均分
                    one row per (三级指标, column): each expert's score, then 合计 and 平均分

Merged (or blank) 一级/二级 cells are carried down. `决策（10 分）` is split into the label `决策`
(level1) and the weight 10 (level1_weight). The 总分/合计 row becomes rows with is_total_row=True
and indicator_path `总分`.

A row split by a page break arrives as two grid rows: one holding only text (the start of the
三级指标 name or of a level label) and one holding the numbers (possibly with the rest of the
name). Such a text-only row is merged into its neighbour before anything else.
"""
from __future__ import annotations

import re
import unicodedata

from jixiao.extract.model import Table

from .records import PanelScore

LEVEL_HEADERS = {
    "level1": ("一级指标", "一级"),
    "level2": ("二级指标", "二级"),
    "level3": ("三级指标", "三级", "指标名称", "评价指标"),
    "weight": ("分值", "权重", "标准分", "满分", "指标分值", "权重分"),
}
TOTAL_COLUMNS = ("合计", "总计", "小计")
MEAN_COLUMNS = ("平均分", "平均", "平均得分", "均分", "最终得分", "得分")
TOTAL_ROW = re.compile(r"^(总分|合计|总计|得分合计|总得分)$")
_WEIGHT_SUFFIX = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def clean(text: str | None) -> str:
    """Layout whitespace removed (a space kept only between two Latin letters)."""
    if not text:
        return ""
    parts = re.split(r"\s+", str(text).strip())
    out = ""
    for part in parts:
        if out and part and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "
        out += part
    return out


def parse_score(text: str | None) -> float | None:
    """A printed score or weight: `1.5`, `87.22`, `10分`, `１０`; None for blanks and dashes."""
    if not text:
        return None
    t = unicodedata.normalize("NFKC", clean(text)).replace("，", ",").rstrip("分").strip()
    t = t.replace(",", "")
    if _NUMBER.match(t):
        return float(t)
    return None


def split_weight(label: str) -> tuple[str, float | None]:
    """`决策（10 分）` -> (`决策`, 10.0); `项目立项` -> (`项目立项`, None)."""
    label = clean(label)
    match = _WEIGHT_SUFFIX.search(label)
    if match:
        return label[:match.start()].strip(), float(match.group(1))
    return label, None


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", clean(text))


def find_header(grid: list[list[str]]) -> tuple[int, dict[str, int]]:
    """Index of the header row and the column of each level/weight header."""
    for r, row in enumerate(grid[:5]):
        cols: dict[str, int] = {}
        for c, text in enumerate(row):
            t = _norm(text)
            for key, names in LEVEL_HEADERS.items():
                if key not in cols and any(t == n or t.startswith(n) for n in names):
                    cols[key] = c
                    break
        if "weight" in cols and ("level3" in cols or "level2" in cols or "level1" in cols):
            return r, cols
    return -1, {}


def _is_textual_partial(row: list[str], value_cols: list[int]) -> bool:
    """A grid row that holds text but none of the numbers: the first half of a split row."""
    has_text = any(clean(t) for t in row)
    has_numbers = any(parse_score(row[c]) is not None for c in value_cols if c < len(row))
    return has_text and not has_numbers


def merge_split_rows(rows: list[list[str]], value_cols: list[int], label_cols: list[int]) -> list[list[str]]:
    """Merge a text-only row into the next row that has numbers (a row broken by a page break),
    and a numbers-only row whose labels are all blank into the text-only row before it."""
    out: list[list[str]] = []
    pending: list[str] | None = None
    for row in rows:
        row = list(row)
        first = clean(row[label_cols[0]]) if label_cols else ""
        if TOTAL_ROW.match(_norm(first) or "-"):
            if pending is not None:
                out.append(pending)
                pending = None
            out.append(row)
            continue
        if _is_textual_partial(row, value_cols):
            if pending is None:
                pending = row
            else:
                pending = [clean(a) + clean(b) for a, b in zip(pending, row)]
            continue
        if pending is not None:
            # the split halves of one row: join texts of label columns, numbers from this row
            merged = []
            for c, (a, b) in enumerate(zip(pending, row)):
                if c in label_cols:
                    merged.append(clean(a) + clean(b))
                else:
                    merged.append(b if clean(b) else a)
            row = merged
            pending = None
        out.append(row)
    if pending is not None:
        out.append(pending)
    return out


def normalize_panel(table: Table, table_index: int, kind: str) -> list[PanelScore]:
    grid = table.grid()
    header_row, cols = find_header(grid)
    if header_row < 0:
        return []
    header = [clean(t) for t in grid[header_row]]
    weight_col = cols["weight"]
    label_cols = [cols[k] for k in ("level1", "level2", "level3") if k in cols]
    # score columns: everything right of the weight column with a header
    score_cols: list[tuple[int, str]] = []
    if kind != "indicator_system":
        for c in range(weight_col + 1, len(header)):
            if header[c]:
                score_cols.append((c, header[c]))
    value_cols = [weight_col] + [c for c, _ in score_cols]

    # page of each grid row, from the cells that start in it; OCR confidence of each slot
    row_page: dict[int, int | None] = {}
    conf: dict[tuple[int, int], float] = {}
    for cell in table.cells:
        row_page.setdefault(cell.row, cell.page)
        if cell.confidence is not None:
            conf[(cell.row, cell.col)] = cell.confidence

    body = grid[header_row + 1:]
    # keep original row numbers through the merge by tagging each row
    tagged = [row + [str(header_row + 1 + i)] for i, row in enumerate(body)]
    merged = merge_split_rows(tagged, value_cols, label_cols)

    out: list[PanelScore] = []
    level1 = level2 = None
    w1 = w2 = None
    for row in merged:
        grid_row = int(re.findall(r"\d+", row[-1])[0]) if re.findall(r"\d+", row[-1]) else None
        row = row[:-1]
        texts = {k: clean(row[c]) for k, c in cols.items() if k != "weight" and c < len(row)}
        first = texts.get("level1") or texts.get("level2") or texts.get("level3") or ""
        is_total = bool(TOTAL_ROW.match(_norm(first)))
        weight_raw = clean(row[weight_col]) if weight_col < len(row) else ""
        weight = parse_score(weight_raw)
        if not any(clean(t) for t in row):
            continue
        if is_total:
            l1 = l2 = l3 = None
            path = "总分"
        else:
            if texts.get("level1"):
                level1, w1 = split_weight(texts["level1"])
                level2, w2 = None, None
            if texts.get("level2"):
                level2, w2 = split_weight(texts["level2"])
            l3 = texts.get("level3") or None
            l1, l2 = level1, level2
            if "level3" not in cols:   # two-level system: level2 is the leaf
                l3 = None
            path = " > ".join(x for x in (l1, l2, l3) if x)
        page = row_page.get(grid_row) if grid_row is not None else None
        base = dict(table_index=table_index, kind=kind, row=grid_row if grid_row is not None else -1,
                    level1=l1, level2=l2, level3=l3, indicator_path=path, weight=weight,
                    is_total_row=is_total, page=page)
        weight_conf = conf.get((grid_row, weight_col)) if grid_row is not None else None
        if kind == "indicator_system" or not score_cols:
            rec = PanelScore(expert=None, score=None, score_raw=weight_raw or None, **base)
            _set_level_weights(rec, None if is_total else w1, None if is_total else w2, weight_raw)
            rec.confidence = weight_conf
            out.append(rec)
            continue
        for c, name in score_cols:
            raw = clean(row[c]) if c < len(row) else ""
            rec = PanelScore(expert=name, score=parse_score(raw), score_raw=raw or None, **base)
            _set_level_weights(rec, None if is_total else w1, None if is_total else w2, weight_raw, c)
            found = [v for v in (weight_conf, conf.get((grid_row, c)) if grid_row is not None else None)
                     if v is not None]
            rec.confidence = min(found) if found else None
            out.append(rec)
    return out


def _set_level_weights(rec: PanelScore, w1, w2, weight_raw, col=None) -> None:
    """Optional record fields (present when records.py has them)."""
    for name, value in (("level1_weight", w1), ("level2_weight", w2), ("weight_raw", weight_raw or None),
                        ("col", col)):
        if hasattr(rec, name):
            setattr(rec, name, value)


def expert_role(name: str | None) -> str:
    """'expert', 'total' (合计), 'mean' (平均分) for a score column header."""
    t = _norm(name or "")
    if t in TOTAL_COLUMNS:
        return "total"
    if t in MEAN_COLUMNS or t.startswith("平均"):
        return "mean"
    return "expert"
