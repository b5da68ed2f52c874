"""The rows of a 绩效指标 block -> Indicator records, given the columns its header placed.

What a row can be, besides one indicator:
- the rest of the row above, cut by a page break: no 分值 and no 得分 of its own while the row above
  has them; its texts (level fragments included, `效益指` + `标(30分)`) are joined to that row;
- a `其中…` sub-row of a ★ core indicator: its own 指标值 / 完成值 but no 分值 / 得分; it is its own
  indicator with weight and score null and `parent_row` pointing at the ★ row;
- a placeholder the template left (`指标1：`, `……`, a row holding only a 二级指标 name): skipped;
- a 小计 row closing a 一级指标's rows (its 分值 and 得分 summed, no 指标值 / 完成值): no indicator,
  so the 总分 sums do not count those points twice; kept apart (`subtotals`) for validate to check;
- in a template with no 一级指标 column, a row holding one text alone, merged across the columns
  or a listed 一级指标 name in its first cell (`产出指标`): the 一级指标 of the rows below it; a
  listed name may print its points beside it (`产出指标 | 50 | 48` under 分值 / 得分).
A 一级指标's printed points (that heading row's 分值 / 得分, or `产出指标（50分）` in its cell) are
kept as `Subtotal`s of its indicators (`level1_totals`), for validate to check against their sums;
a heading printing points with no indicators under it is a `Subtotal` of none (`standalone`),
whose points the 总分 adds up beside the indicators'.
Merged (or blank) 一级 / 二级 cells are carried down.
"""
from __future__ import annotations

import re

from jixiao.extract.model import Cell

from .grid import Grid, cell_text
from .labels import is_level1_name, normalize_label, score_suffix_points, strip_score_suffix
from .numbers import is_placeholder, parse_exact, parse_number
from .records import Indicator, Subtotal

__all__ = ["IndicatorReader", "full_marks", "is_placeholder_name", "is_sub_row_name", "is_subtotal_name", "CORE_MARKS"]

OWN_FIELDS = ("level3", "target", "actual", "weight", "score", "deviation_note")
TEXT_ATTRS = (("level3", "level3"), ("target", "target_raw"), ("actual", "actual_raw"),
              ("deviation_note", "deviation_note"))
OPERATOR_WORDS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "=": "=", ">": ">", "<": "<",
                  "正向": "≥", "反向": "≤", "定性": None, "等于": "=", "大于等于": "≥", "小于等于": "≤"}
# marks a template puts before a core (key) indicator: ★ 核心指标, sometimes ☆ ▲ ◆ *
CORE_MARKS = "★☆▲◆*＊"
_SUB_ROW = re.compile(r"^\s*(?:其中|含|包括)\s*[:：]?")
# 小计, 小　计, 产出指标小计, 小计（50分）: the subtotal of the 一级指标 it closes
_SUBTOTAL = re.compile(r"^[\u4e00-\u9fff]{0,8}?小\s*计\s*(?:[（(][^）)]*[）)])?$")
# what a template prints where an indicator is to be written in: 指标1：, 指标 2, ……, ...
_PLACEHOLDER = re.compile(r"^(?:(?:三级)?指标\s*[0-9０-９一二三四五六七八九十]+\s*[:：]?|[.…。·、\s]+|……+|\.{2,})$")


def is_sub_row_name(text: str | None) -> bool:
    """`其中：鱼塘养殖面积` — a detail line of the core indicator above."""
    return bool(text) and bool(_SUB_ROW.match(text))


def is_subtotal_name(text: str | None) -> bool:
    """`小计` / `产出指标小计` — the points of the 一级指标 above summed, not an indicator."""
    return bool(text) and bool(_SUBTOTAL.match(text.strip()))


def is_core_name(text: str | None) -> bool:
    return bool(text) and text.lstrip()[:1] in CORE_MARKS


def is_placeholder_name(text: str | None) -> bool:
    return bool(text) and bool(_PLACEHOLDER.match(text.strip()))


class IndicatorReader:
    """Reads indicator rows one at a time (`read(r)`), keeping what later rows inherit."""

    def __init__(self, g: Grid, cols: dict[str, int]):
        self.g, self.cols = g, cols
        self.scored = "weight" in cols or "score" in cols
        self.rows: list[Indicator] = []
        self.subtotals: list[Subtotal] = []
        self._raw_levels: dict[int, dict[str, str]] = {}   # seq -> level texts as printed, for joins
        self._heading: str | None = None        # 一级指标 of a heading row, when no column holds it
        self._heading_row: int | None = None
        self._headings: list[tuple[int, Cell, dict[str, Cell]]] = []   # (row, name cell, 分值/得分 cells)

    def with_columns(self, cols: dict[str, int]) -> "IndicatorReader":
        self.cols = cols
        self.scored = self.scored or "weight" in cols or "score" in cols
        return self

    # ---------------------------------------------------------------- one row
    def read(self, r: int) -> Indicator | None:
        heading = self._level1_heading(r)
        if heading is not None:
            cell, points = heading
            self._heading, self._heading_row = strip_score_suffix(cell_text(cell)), r
            self._headings.append((r, cell, points))
            return None
        got = self._cells(r)
        text = {f: cell_text(c) for f, c in got.items()}
        own = {f: text.get(f) for f in OWN_FIELDS}
        if not any(own.values()) or self._placeholder(text):
            return None
        fresh = {f: got.get(f) is not None and got[f].row == r and bool(text.get(f)) for f in ("level1", "level2")}
        if self._subtotal(text, fresh):
            self._close_group(r, got, text)
            return None
        parent = self._last_scored()
        unscored_row = is_placeholder(text.get("weight")) and is_placeholder(text.get("score"))   # blank, —, /

        if self.scored and unscored_row and parent is not None and (parent.weight_raw or parent.score_raw):
            if self._is_sub_row(text, parent):
                return self._add(self._indicator(r, got, text, fresh, parent=parent))
            last = self.rows[-1]             # the row above: the parent or one of its sub-rows
            if self._is_continuation(r, fresh, last):
                self._join(last, text, fresh)
                return None
        return self._add(self._indicator(r, got, text, fresh))

    def _level1_heading(self, r: int) -> tuple[Cell, dict[str, Cell]] | None:
        """The text of a row that holds one text and nothing else, in a block with no 一级指标
        column, merged across the columns or a 一级指标 name of the frameworks alone in the first
        cell (`产出指标`): a 一级指标 the template prints above its indicators rather than beside
        them. Never a figure. Any other text alone in an unmerged first cell stays what it was (a
        template's leftover 二级指标 name, skipped). A listed name may have figures under 分值 / 得分
        beside it (its points): (name cell, those cells by field)."""
        if "level1" in self.cols or not self.cols:
            return None
        texts = [c for c in self.g.row(r) if c.row == r and cell_text(c)]
        points = self._heading_points(r)
        rest = [c for c in texts if not any(c is p for p in points.values())]
        if len(rest) != 1:
            return None
        cell = rest[0]
        first = min(self.cols.values())
        covered = sum(1 for c in self.cols.values() if self.g.at(r, c) is cell)
        if cell.col > first or parse_exact(cell_text(cell)) is not None:
            return None
        if (covered < 2 or points) and not is_level1_name(cell_text(cell)):
            return None
        return cell, points

    def _heading_points(self, r: int) -> dict[str, Cell]:
        """The cells of row r under 分值 / 得分 that start there and hold a figure."""
        out = {}
        for field in ("weight", "score"):
            cell = self.g.at(r, self.cols[field]) if field in self.cols else None
            if cell is not None and cell.row == r and cell.col == self.cols[field] \
                    and parse_exact(cell_text(cell)) is not None:
                out[field] = cell
        return out

    def level1_totals(self) -> list[Subtotal]:
        """The points printed for each 一级指标, as subtotals of its indicators: a heading row's 分值
        / 得分 (or `产出指标（50分）` as its text), else the `（50分）` in the 一级指标 cell that opens
        a run of its indicators; likewise `数量指标（20分）` in a 二级指标 cell."""
        out: list[Subtotal] = []
        bounds = [row for row, _, _ in self._headings] + [None]
        for (row, cell, points), end in zip(self._headings, bounds[1:]):
            members = [i for i in self.rows if i.row > row and (end is None or i.row < end)]
            # a heading with no indicators under it (成本指标 | 10 | 10) still prints points the
            # 总分 adds up: kept as a subtotal of no indicators, placed where its row stands
            at = members[0].seq if members else next((i.seq for i in self.rows if i.row > row), len(self.rows))
            name = cell_text(cell)
            total = Subtotal(row=row, label=name, level1=strip_score_suffix(name), first_seq=at,
                             end_seq=members[-1].seq + 1 if members else at)
            for field, c in points.items():
                setattr(total, f"{field}_raw", cell_text(c))
                setattr(total, field, parse_exact(cell_text(c)))
                total.refs[field] = self.g.ref(c)
            if "weight" not in points and score_suffix_points(name) is not None:
                total.weight, total.weight_raw, total.printed_as = score_suffix_points(name), name, "label"
                total.refs["weight"] = self.g.ref(cell)
            if total.weight is not None or total.score is not None:
                out.append(total)
        for level in ("level1", "level2"):
            if level not in self.cols:
                continue
            k = 0
            while k < len(self.rows):
                first = self.rows[k]
                end = k + 1
                while end < len(self.rows) and all(getattr(self.rows[end], f) == getattr(first, f)   # merged or repeated
                                                   for f in ("level1", level)):
                    end += 1
                raw = self._raw_levels.get(first.seq, {}).get(level)
                stated = score_suffix_points(raw)
                if stated is not None:
                    total = Subtotal(row=first.row, label=raw, level1=first.level1, first_seq=first.seq,
                                     end_seq=self.rows[end - 1].seq + 1, weight=stated, weight_raw=raw,
                                     printed_as="label")
                    if level in first.refs:
                        total.refs["weight"] = first.refs[level]
                    out.append(total)
                k = end
        return out

    def _cells(self, r: int) -> dict[str, Cell | None]:
        got: dict[str, Cell | None] = {}
        for field, col in self.cols.items():
            cell = self.g.at(r, col)
            if cell is None:
                got[field] = None
            elif field in ("level1", "level2"):
                got[field] = cell                       # merged from above: carried down
            else:
                got[field] = cell if cell.row == r else None
        return got

    def _placeholder(self, text: dict[str, str | None]) -> bool:
        """指标1： / …… with nothing measured beside it, or a row holding only level names."""
        figures = [text.get(f) for f in ("target", "actual", "weight", "score")]
        if not text.get("level3"):
            return not any(t and not is_placeholder(t) for t in figures) and not text.get("deviation_note")
        if is_placeholder_name(text["level3"]):
            return not any(t and not is_placeholder(t) and not is_placeholder_name(t) for t in figures)
        return False

    def _subtotal(self, text: dict[str, str | None], fresh: dict[str, bool]) -> bool:
        """A 小计 row: its name where the 三级指标 (or a 一级 / 二级 cell starting on it) stands, no
        指标值 or 完成值 beside it."""
        names = [text.get("level3")] + [text.get(f) for f in ("level1", "level2") if fresh[f]]
        return any(is_subtotal_name(n) for n in names) and not text.get("target") and not text.get("actual")

    def _close_group(self, r: int, got: dict[str, Cell | None], text: dict[str, str | None]) -> None:
        """Record a 小计 row with the indicators it closes: the run of rows above it, back to the
        last 小计, that share the 一级指标 of the row just above."""
        end = len(self.rows)
        start = self.subtotals[-1].end_seq if self.subtotals else 0
        first = end
        while first > start and self.rows[first - 1].level1 == self.rows[end - 1].level1:
            first -= 1
        label = next(t for t in (text.get("level3"), text.get("level2"), text.get("level1")) if is_subtotal_name(t))
        total = Subtotal(row=r, label=label, level1=self.rows[end - 1].level1 if end else None,
                         first_seq=first, end_seq=end, weight_raw=text.get("weight"), score_raw=text.get("score"))
        total.weight, total.score = parse_exact(total.weight_raw), parse_exact(total.score_raw)
        for field in ("weight", "score"):
            if got.get(field) is not None:
                total.refs[field] = self.g.ref(got[field])
        self.subtotals.append(total)

    def _last_scored(self) -> Indicator | None:
        """The ★ row a sub-row belongs to: the last row that is not a sub-row itself."""
        return next((i for i in reversed(self.rows) if i.parent_row is None), None)

    def _is_sub_row(self, text: dict, prev: Indicator) -> bool:
        if is_sub_row_name(text.get("level3")):
            return True
        # under a ★ core indicator, a row with its own name and figures is one of its details
        return is_core_name(prev.level3) and bool(text.get("level3")) and bool(text.get("target") or text.get("actual"))

    def _is_continuation(self, r: int, fresh: dict[str, bool], prev: Indicator) -> bool:
        """The rest of `prev` cut by a page break: no level cell starts here, or the row opens a
        later page (then its level cells may hold the rest of a wrapped name: `效益指` | `标`)."""
        page, prev_page = self._page(r), self._page(prev.row)
        if page is not None and prev_page is not None and page > prev_page:
            return True
        return not any(fresh.values())

    def _page(self, r: int | None) -> int | None:
        if r is None:
            return None
        pages = [c.page for c in self.g.row(r) if c.row == r and c.page is not None]
        return min(pages) if pages else None

    def _join(self, prev: Indicator, text: dict, fresh: dict[str, bool]) -> None:
        for f, attr in TEXT_ATTRS:
            if text.get(f):
                setattr(prev, attr, (getattr(prev, attr) or "") + text[f])
        raw = self._raw_levels.setdefault(prev.seq, {})
        for f in ("level1", "level2"):
            if fresh.get(f) and text.get(f):
                raw[f] = raw.get(f, getattr(prev, f) or "") + text[f]
                setattr(prev, f, strip_score_suffix(raw[f]))

    # ---------------------------------------------------------------- the record
    def _indicator(self, r: int, got: dict, text: dict, fresh: dict[str, bool],
                   parent: Indicator | None = None) -> Indicator:
        prev = self.rows[-1] if self.rows else None
        ind = Indicator(seq=len(self.rows), row=r)
        level1 = strip_score_suffix(text.get("level1"))
        level2 = strip_score_suffix(text.get("level2"))
        headed = self._heading is not None and "level1" not in self.cols
        if headed and not level1:
            level1 = self._heading
            # the first row under a new heading row starts its own 二级指标 run
            fresh = {**fresh, "level1": prev is None or prev.row < self._heading_row}
        ind.level1 = level1 if level1 else (prev.level1 if prev else None)
        new_level1 = bool(level1) and (prev is None or level1 != prev.level1 or fresh.get("level1"))
        ind.level2 = level2 if level2 else (prev.level2 if prev and not (fresh.get("level1") and new_level1) else None)
        ind.level3 = text.get("level3")
        ind.target_raw, ind.actual_raw = text.get("target"), text.get("actual")
        ind.weight_raw, ind.score_raw = text.get("weight"), text.get("score")
        ind.weight, ind.score = parse_exact(ind.weight_raw), parse_exact(ind.score_raw)
        if ind.score is None:
            ind.score = full_marks(ind.score_raw, ind.weight)
        ind.deviation_note = text.get("deviation_note")
        ind.operator = _operator(text.get("operator"), ind.target_raw)
        ind.unit = text.get("unit") or parse_number(ind.target_raw).unit
        if parent is not None:
            ind.parent_row = parent.row
            ind.weight = ind.score = None
        for field, attr in (("level1", "level1"), ("level2", "level2"), ("level3", "level3"), ("target", "target_raw"),
                            ("actual", "actual_raw"), ("weight", "weight"), ("score", "score"),
                            ("deviation_note", "deviation_note"), ("operator", "operator"), ("unit", "unit")):
            if got.get(field) is not None:
                ind.refs[attr] = self.g.ref(got[field])
        raw = {f: text[f] for f in ("level1", "level2") if fresh.get(f) and text.get(f)}
        if raw:
            self._raw_levels[ind.seq] = raw
        return ind

    def _add(self, ind: Indicator) -> Indicator:
        self.rows.append(ind)
        return ind


# 得分 written as words: 满分 (the row's 分值), 满分10 / 满分（10分）
_FULL_MARKS = re.compile(r"^满分[(（]?(\d+(?:\.\d+)?)?分?[)）]?$")


def full_marks(score_raw: str | None, weight: float | None) -> float | None:
    """The score a 得分 cell states in words: 满分 is the row's 分值, 满分10 is 10; else None."""
    m = _FULL_MARKS.match(re.sub(r"\s+", "", score_raw or ""))
    if not m:
        return None
    return float(m.group(1)) if m.group(1) else weight


def _operator(op_cell: str | None, target_raw: str | None) -> str | None:
    """From a 指标性质 / 比较符 column when there is one (`≥`, `正向`, `大于等于`), else from the target
    cell itself (`≥50个`, `=100%`, `>=90%`, `95%以上`)."""
    op_text = normalize_label(op_cell) if op_cell else None
    if not op_text:
        return parse_number(target_raw).operator
    if op_text in OPERATOR_WORDS:
        return OPERATOR_WORDS[op_text]
    if "正向" in op_text:
        return "≥"
    if "反向" in op_text:
        return "≤"
    return parse_number(op_text + "0").operator
