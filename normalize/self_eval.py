"""One 项目支出绩效自评表 (a Table) -> one Project with its funding lines and indicator rows.

Everything is found by its label, never by a fixed position: the funding header row (年初预算数 /
全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 or their synonyms) fixes the funding columns, the
indicator header row (一级指标 … 得分 / 偏差原因…) fixes the indicator columns (column roles are
decided over the header row as a whole: normalize/columns.py), and key:value rows (项目名称,
主管部门, 实施单位, 项目负责人, 联系电话, 评价结论, …) are read from the cell right of their label.
Header wordings come from label_synonyms.toml plus jieba keyword matching (normalize/labels.py);
indicator rows are read by normalize/indicator_rows.py. Every value keeps its CellRef.
"""
from __future__ import annotations

import re

from jixiao.extract.model import Cell, Table

from .columns import column_positions, content_role, funding_roles, header_cells
from .grid import Grid, cell_text
from .labels import (descriptive_column, funding_source, is_filler_label, load_synonyms, map_column, money_unit_in,
                     normalize_label, row_label, strict_row_label)
from .numbers import clean_text, parse_exact, parse_money, parse_rate
from .indicator_rows import IndicatorReader
from .records import FundingLine, Project
from .template_text import template_fields

__all__ = ["normalize_self_eval", "find_year"]

FUNDING_VALUE_FIELDS = ("budget_initial", "budget_adjusted", "executed")
FUNDING_FIELDS = {"budget_initial", "budget_adjusted", "executed", "exec_rate", "weight", "score"}
INDICATOR_FIELDS = {"level1", "level2", "level3", "target", "actual", "weight", "score",
                    "deviation_note", "operator", "unit"}
SECTION_LABELS = {"funding_section", "indicator_section", "goal"}
LEVELS = {"level1", "level2", "level3"}
KV_FIELDS = ("project_name", "competent_dept", "implementing_unit", "project_lead", "contact_phone",
             "conclusion", "problems", "measures", "grade")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度|年\s*度\s*[:：]\s*((?:19|20)\d{2})")
# `2023年项目支出绩效自评表`: a year without 度, only in a line naming the table (not a date)
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d)(?=.*(?:自评|绩效))")


def find_year(lines: list[str], cells: list[str] = ()) -> int | None:
    """2024 from `(2024 年度)` / `（2024年度）` / `2024年度项目支出绩效自评表` / `评价年度：2024`:
    caption lines first (nearest the table first), then the table's first cells."""
    for line in [*reversed(lines), *cells]:
        line = re.sub(r"\s+", "", line or "")      # 项 目 支 出 绩 效 自 评 表 spread over the page
        m = _YEAR.search(line) or _YEAR_IN_TITLE.search(line)
        if m:
            return int(m.group(1) or m.group(2))
    return None


def normalize_self_eval(table: Table, table_index: int, context: list[str] | tuple[str, ...] = ()) -> Project:
    """`context`: short lines printed right before the table in reading order (title, year,
    `单位：元`); used beside the table's caption, which a reader may have cut short."""
    g = Grid(table, table_index)
    project = Project(table_index=table_index, page_start=table.page_start, page_end=table.page_end)
    caption = list(table.caption)
    caption = [line for line in context if line not in caption] + caption
    caption_unit = None
    for line in caption:
        caption_unit = money_unit_in(line) or caption_unit

    fund_cols: dict[str, int] = {}
    rate_in_percent = False       # the 执行率 header says its values are percents: 执行率（%）
    ind_cols: dict[str, int] = {}
    goal_cols: dict[str, int] = {}
    mode = None
    reader: IndicatorReader | None = None
    missed_header: list[Cell] | None = None     # a row naming 一级/二级/三级指标 that did not make a header
    unmapped: list[str] = []
    used_sources: dict[str, int] = {}
    first_texts: list[str] = []

    skip_rows: set[int] = set()
    unit_declared = False
    for r in range(table.n_rows):
        if r in skip_rows:
            continue
        cells = g.row(r)
        starts = [c for c in cells if c.row == r]
        texts = [clean_text(c.text) or "" for c in cells]
        if r < 3:
            first_texts += [t for t in texts if t]
        labels = {id(c): row_label(c.text) for c in cells}
        columns = {id(c): map_column(c.text) if len(normalize_label(c.text)) <= 16 else None for c in starts}

        # -- header rows ---------------------------------------------------------------
        mapped = [(columns[id(c)], c) for c in starts if columns[id(c)]]
        ind_mapped = {f for f, _ in mapped if f in INDICATOR_FIELDS}
        fund_mapped = {f for f, _ in mapped if f in ("budget_initial", "budget_adjusted", "executed", "exec_rate")}
        filled = [c for c in starts if clean_text(c.text)]
        header_like = len(mapped) + sum(labels[id(c)] in SECTION_LABELS for c in filled) >= 0.75 * len(filled)
        captions: set[int] = set()
        if header_like and len(ind_mapped) >= 2 and r + 1 < table.n_rows \
                and sum(c.row_span >= 2 for _, c in mapped) >= 2:
            # a two-row header, the other heads merged down: 绩效指标 over 一级|二级|三级指标, or the
            # level heads merged down and 分值|得分 under a caption (自评情况)
            below = [c for c in g.row(r + 1) if c.row == r + 1 and clean_text(c.text)]
            below_mapped = [(map_column(c.text), c) for c in below if len(normalize_label(c.text)) <= 16]
            below_fields = {f for f, _ in below_mapped if f in INDICATOR_FIELDS}
            over = [c for c in starts if c.row_span == 1 and c.col_span >= 2
                    and any(c.col <= b.col < c.col + c.col_span for b in below)]
            under_captions = all(any(c.col <= b.col < c.col + c.col_span for c in over) for b in below)
            levels_below = not ind_mapped & LEVELS and below_fields & LEVELS
            if below and all(f for f, _ in below_mapped) and \
                    (levels_below or under_captions and below_fields and ind_mapped & LEVELS):
                captions = {id(c) for c in over}      # a caption heads no column of its own
                mapped = sorted([(f, c) for f, c in mapped if id(c) not in captions] + below_mapped,
                                key=lambda fc: fc[1].col)
                ind_mapped = {f for f, _ in mapped if f in INDICATOR_FIELDS}
                skip_rows.add(r + 1)
        # an indicator header may carry a few headers the vocabulary does not know (符号, 佐证材料)
        ind_header = len(ind_mapped) >= 3 and ind_mapped & LEVELS and len(mapped) >= 0.6 * len(filled)
        if (header_like or ind_header) and len(ind_mapped) >= 3 and ind_mapped & LEVELS:
            first = min(c.col for f, c in mapped)
            unknown, described = _unmapped([c for c in starts if c.col > first and id(c) not in captions],
                                           columns, labels)
            for c in list(unknown):             # a header the vocabulary does not know, placed by its contents
                role = content_role(g, r, c)
                if role and role not in {f for f, _ in mapped}:
                    mapped = sorted(mapped + [(role, c)], key=lambda fc: fc[1].col)
                    unknown.remove(c)
            ind_cols = column_positions(mapped)
            # a header repeated after a page break re-places the columns; the rows read so far stay
            reader = reader.with_columns(ind_cols) if reader is not None else IndicatorReader(g, ind_cols)
            unmapped += [clean_text(c.text) for c in unknown]
            project.header_cells += header_cells(g, "indicators", mapped, unknown, described=described)
            mode = "indicators"
            continue
        if ind_mapped & LEVELS and missed_header is None and reader is None:
            missed_header = [c for c in filled if columns[id(c)] is None and labels[id(c)] not in SECTION_LABELS]
        if header_like and len(fund_mapped) >= 2 and mode != "indicators":
            mapped, label_head = funding_roles(g, r, mapped)
            fund_cols = column_positions(mapped)
            rate_in_percent = any(f == "exec_rate" and _PERCENT_UNIT.search(c.text or "") for f, c in mapped)
            first = min(c.col for f, c in mapped)
            # the section label (项目资金（万元）) sits left of the columns, maybe split over rows
            unit_cells = [c for c in cells] + [g.at(r + 1, col) for col in range(first) if g.at(r + 1, col)]
            units = [money_unit_in(c.text) for c in unit_cells if money_unit_in(c.text)]
            project.money_unit = units[0] if units else (caption_unit or project.money_unit)
            unit_declared = bool(units or caption_unit)
            unknown, described = _unmapped([c for c in starts if c.col > first], columns, labels)
            unmapped += [clean_text(c.text) for c in unknown]
            project.header_cells += header_cells(g, "funding", mapped, unknown, label_head, described)
            mode = "funding"
            continue

        row_kinds = [labels[id(c)] for c in starts]

        # -- a 单位：元 line printed as the grid's own first row(s), above the funding block ----
        if not fund_cols and mode is None and len(filled) == 1 and _UNIT_LINE.match(normalize_label(filled[0].text)):
            caption_unit = money_unit_in(filled[0].text) or caption_unit
            continue

        # -- goal header (预期目标 | 实际完成情况) --------------------------------------------
        in_indicators = mode == "indicators"
        if not in_indicators and "goal_planned" in row_kinds and "goal_actual" in row_kinds:
            goal_cols = {labels[id(c)]: c.col for c in starts if labels[id(c)] in ("goal_planned", "goal_actual")}
            # values may sit right of each label in the same row (one-row layout)
            for c in starts:
                kind = labels[id(c)]
                if kind in ("goal_planned", "goal_actual"):
                    right = _right_value(g, r, c)
                    if right is not None and strict_row_label(right.text) is None:
                        _set(project, g, kind, right, join=True)
            mode = "goal"
            continue
        if mode == "goal" and goal_cols:
            for kind, col in goal_cols.items():
                cell = g.at(r, col)
                if cell is not None and cell.row == r and getattr(project, kind) is None and cell_text(cell):
                    stop = min((c for c in goal_cols.values() if c > col), default=None)
                    _set(project, g, kind, cell, join=True, stop=stop)
            goal_cols = {}
            mode = None
            continue

        # -- key: value rows -------------------------------------------------------------
        handled = False
        # inside the indicator block only a row that starts with a foot label (评价结论, 项目负责人 …)
        # is a key:value row; an indicator's own text (完成情况, 目标) is never taken for a label
        lead = next((c for c in starts if clean_text(c.text)), None)
        kv_cells = starts if not in_indicators else (
            [lead] if lead is not None and (labels[id(lead)] in KV_FIELDS or _inline_kv(lead.text)) else [])
        # 填表人 | 王芳 | 联系电话 | …: the phone (and name) on the filler's row are theirs, not the project's
        filler_row = lead is not None and is_filler_label(lead.text)
        for c in kv_cells:
            if filler_row and (labels[id(c)] in _CONTACT_FIELDS or is_filler_label(c.text)):
                handled = True
                continue
            inline = _inline_kv(c.text)
            for kind, value in inline:
                if getattr(project, kind) is None:
                    setattr(project, kind, value)
                    project.refs[kind] = g.ref(c)
            if inline:
                handled = True
                continue
            kind = labels[id(c)]
            if kind in KV_FIELDS:
                value = _right_value(g, r, c)
                if value is not None and strict_row_label(value.text) is None and getattr(project, kind) is None:
                    _set(project, g, kind, value, join=True)
                    if _read_by_ocr(g):
                        _split_run_in_label(project, kind)
                handled = True
            elif kind in ("goal_planned", "goal_actual"):
                value = _right_value(g, r, c)
                if value is not None and strict_row_label(value.text) is None and getattr(project, kind) is None:
                    _set(project, g, kind, value, join=True)
                    handled = True
        if handled:
            if in_indicators:
                mode = "tail"
            continue

        # -- total row ---------------------------------------------------------------------
        # a label that also names the 得分 column (自评得分, 得分合计) is the total only leading its row
        total_row = any(labels[id(c)] == "total" and (c is lead or map_column(c.text) is None) for c in starts)
        if total_row and mode in ("indicators", None, "tail") and ind_cols:
            found = {}
            blank = {}
            for field in ("weight", "score"):
                cell = g.at(r, ind_cols[field]) if field in ind_cols else None
                if cell is not None and labels.get(id(cell)) is None and parse_exact(cell.text) is not None:
                    found[field] = cell
                elif cell is not None and cell.row == r and not clean_text(cell.text):
                    blank[field] = cell             # printed and left blank: where a reviewer looks
            if len(found) < 2:
                # columns do not line up (a merged label reaching into them): the row's numbers
                # in order are 分值 then 得分 when there are exactly two
                numeric = [c for c in starts if labels.get(id(c)) is None and parse_exact(c.text) is not None]
                if len(numeric) == 2 and not found:
                    found = {"weight": numeric[0], "score": numeric[1]}
            for field, target in (("weight", "total_weight"), ("score", "total_score")):
                cell = found.get(field)
                if cell is None and field in blank:
                    project.refs.setdefault(f"{target}_stated", g.ref(blank[field]))
                if cell is not None:
                    raw = cell_text(cell)
                    setattr(project, f"{target}_raw", raw)
                    setattr(project, f"{target}_stated", parse_exact(raw))
                    project.refs[f"{target}_stated"] = g.ref(cell)
            for c in starts:        # 总分 | 100 | 92 | 自评等级：优 — a labelled value on the same row
                for kind, value in _inline_kv(c.text):
                    if getattr(project, kind) is None:
                        setattr(project, kind, value)
                        project.refs[kind] = g.ref(c)
            mode = "tail"
            continue

        # -- funding lines -------------------------------------------------------------------
        if mode == "funding":
            if any(k in ("goal", "indicator_section", "goal_planned") for k in row_kinds):
                mode = None
            else:
                line = _funding_line(g, r, cells, fund_cols, project.money_unit, labels)
                if line is not None:
                    n = used_sources.get(line.source, 0)
                    used_sources[line.source] = n + 1
                    if n:
                        line.source = f"{line.source}_{n + 1}"
                    project.funding.append(line)
                continue

        # -- goal row whose 年度总体目标 label starts the block but has no sub-labels ------------
        if not in_indicators and "goal" in row_kinds and not goal_cols:
            goal_cell = next(c for c in starts if labels[id(c)] == "goal")
            value = _right_value(g, r, goal_cell)
            if value is not None and strict_row_label(value.text) is None and project.goal_planned is None:
                _set(project, g, "goal_planned", value, join=True)
            mode = None
            continue

        # -- indicator rows ------------------------------------------------------------------
        if mode == "indicators":
            reader.read(r)

    if not unit_declared and project.money_unit == "万元":
        _infer_yuan(project)

    # project-level figures from the total funding line (or the only one)
    total = next((f for f in project.funding if f.source == "total"), None)
    parts = {entry["source"] for entry in load_synonyms()["sources"]} - {"total"}   # 财政拨款, 上级补助 …
    if total is None and project.funding and project.funding[0].source not in parts:
        total = project.funding[0]      # the first line of the block is the total, whatever its label
    if total is None and len(project.funding) == 1:
        total = project.funding[0]
    if total is not None:
        for name in FUNDING_VALUE_FIELDS:
            setattr(project, name, getattr(total, name))
            setattr(project, f"{name}_raw", getattr(total, f"{name}_raw"))
            if name in total.refs:
                project.refs[name] = total.refs[name]
        project.exec_rate_stated_raw = total.exec_rate_raw
        project.exec_rate_stated = parse_rate(total.exec_rate_raw, percent_column=rate_in_percent)
        project.budget_weight_raw, project.budget_score_raw = total.weight_raw, total.score_raw
        project.budget_weight = parse_exact(total.weight_raw)
        project.budget_score = parse_exact(total.score_raw)
        for src, dst in (("exec_rate", "exec_rate_stated"), ("weight", "budget_weight"), ("score", "budget_score")):
            if src in total.refs:
                project.refs[dst] = total.refs[src]

    if reader is None and missed_header:
        unmapped += [clean_text(c.text) for c in missed_header]     # the headers that kept it from one
    indicators = reader.rows if reader is not None else []
    project.scored = reader is None or reader.scored
    for seq, ind in enumerate(indicators):
        ind.seq = seq
    project.indicators = indicators
    project.subtotals = reader.subtotals + reader.level1_totals() if reader is not None else []
    project.year = find_year(caption, first_texts)
    project.unmapped_columns = list(dict.fromkeys(unmapped))
    project.template_fields = template_fields(project)
    return project


# Read in 万元, an amount this large (10 亿元) under a table that prints no money unit says the
# table is in 元 (1,250,000.00 for 125 万元); the same bound as validate money_unit_suspect.
YUAN_WHEN_WAN_AT_LEAST = 100000.0


def _infer_yuan(project: Project) -> None:
    """A table printing no money unit, whose amounts read in 万元 reach 10 亿元: its amounts are
    元. Reread them so, and say so (money_unit_inferred; validate reports it for review)."""
    amounts = [getattr(line, name) for line in project.funding for name in FUNDING_VALUE_FIELDS]
    amounts = [a for a in amounts if a is not None]
    if not amounts or max(amounts) < YUAN_WHEN_WAN_AT_LEAST:
        return
    project.money_unit, project.money_unit_inferred = "元", True
    for line in project.funding:
        for name in FUNDING_VALUE_FIELDS:
            setattr(line, name, parse_money(getattr(line, f"{name}_raw"), "元"))


_CONTACT_FIELDS = frozenset({"project_lead", "contact_phone"})
_UNIT_LINE = re.compile(r"^(?:金额|货币|资金)?单位[:：](?:万元|千元|亿元|元)$")
_PERCENT_UNIT = re.compile(r"[(（\[【]\s*(?:单位\s*[:：]?\s*)?[%％]\s*[)）\]】]")
_INLINE_LABEL = re.compile(r"([\u4e00-\u9fff]{2,8})\s*[:：]")


def _inline_kv(text: str | None) -> list[tuple[str, str]]:
    """`项目名称：某项目` printed in one cell -> [("project_name", "某项目")]; several pairs in one
    cell (`项目负责人：张三 联系电话：8380`) each end where the next known label starts."""
    if not text or ("：" not in text and ":" not in text):
        return []
    marks = []
    for m in _INLINE_LABEL.finditer(text):
        label = m.group(1)
        # the label may follow other words (填报人联系电话：) or a value printed without a space
        # (负责人：陈静联系电话：): an exact label wins over a fuzzy one that would eat a character
        for lookup in (_exact_row_label, row_label):
            hit = next(((start, kind) for start in range(len(label) - 1)
                        for kind in [lookup(label[start:])] if kind in KV_FIELDS), None)
            if hit and hit[1] in _CONTACT_FIELDS and is_filler_label(label[:hit[0]]):
                break                                  # 填报人联系电话：the filler's phone, not the project's
            if hit:
                marks.append((m.start(1) + hit[0], m.end(), hit[1]))
                break
    if not marks or clean_text(text[:marks[0][0]]):
        return []                                  # the cell does not start with a known label
    pairs = []
    for i, (start, end, kind) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        value = clean_text(text[end:stop].strip(" ，,；;"))
        if value:
            pairs.append((kind, value))
    return pairs


def _exact_row_label(text: str) -> str | None:
    label = normalize_label(text)
    return next((kind for kind, keys in load_synonyms()["_row_keys"].items() if label in keys), None)


def _unmapped(starts: list[Cell], columns: dict, labels: dict) -> tuple[list[Cell], list[Cell]]:
    """Header cells that name no column and are no block label: (the unplaced headers, the
    known descriptive columns among them: 指标解释, 评分标准, 佐证材料, which no field holds)."""
    free = [c for c in starts if clean_text(c.text) and columns[id(c)] is None
            and labels.get(id(c)) not in SECTION_LABELS and labels.get(id(c)) is None]
    described = [c for c in free if descriptive_column(c.text)]
    return [c for c in free if c not in described], described


def _right_cells(g: Grid, r: int, label: Cell) -> list[Cell]:
    """The cells right of `label` on row r, up to the next cell holding a label."""
    out: list[Cell] = []
    c = label.col + label.col_span
    while c < g.table.n_cols:
        cell = g.at(r, c)
        if cell is not None and cell is not label and all(cell is not o for o in out):
            if out and clean_text(cell.text) and strict_row_label(cell.text) is not None:
                break
            out.append(cell)
        c += 1
    return out


def _right_value(g: Grid, r: int, label: Cell) -> Cell | None:
    """The first cell right of `label` on row r; in a table read by OCR, whose grid may cut a
    merged cell into pieces, the first filled one before the next label."""
    cells = _right_cells(g, r, label)
    if _read_by_ocr(g):
        return next((c for c in cells if clean_text(c.text)), cells[0] if cells else None)
    return cells[0] if cells else None


# head labels a scan's value cell may run on into when the rule between them was not seen
_RUN_IN_FIELDS = ("competent_dept", "implementing_unit", "project_lead", "contact_phone")


def _split_run_in_label(project: Project, field: str) -> None:
    """A value read from a scan that runs on into the next label and its value (瓦房店市水务局实施单位
    瓦房店市农村供水服务中心: the vertical rule before 实施单位 was lost): cut at the first head label
    of at least four characters whose field is still empty, and give it the rest."""
    text = getattr(project, field) or ""
    labels = load_synonyms()["rows"]
    cuts = [(text.find(label), label, other) for other in _RUN_IN_FIELDS if other != field
            and getattr(project, other) is None for label in labels.get(other, ()) if len(label) >= 4]
    cuts = [(at, label, other) for at, label, other in cuts if at > 0 and text[at + len(label):].strip(" :：")]
    if not cuts:
        return
    at, label, other = min(cuts, key=lambda cut: (cut[0], -len(cut[1])))
    setattr(project, field, text[:at].strip())
    setattr(project, other, text[at + len(label):].strip(" :："))
    if field in project.refs:
        project.refs[other] = project.refs[field]


def _read_by_ocr(g: Grid) -> bool:
    return any(c.confidence is not None for c in g.table.cells)


def _set(project: Project, g: Grid, field: str, cell: Cell, join: bool = False, stop: int | None = None) -> None:
    """field := the cell's text. join, in a table read by OCR: and the text of the filled cells
    right of it on its row, up to the next label or column `stop` (a scan's grid cuts a merged
    value cell into pieces). A text layer's cells are the printed cells: a cell right of a
    value there is another field (项目类型 | 专项), never joined."""
    text = cell_text(cell)
    join = join and _read_by_ocr(g)
    r = next((row for row in range(cell.row, cell.row + cell.row_span) if g.at(row, cell.col) is cell), cell.row)
    for more in _right_cells(g, r, cell) if join and text else []:
        if stop is not None and more.col >= stop:
            break
        piece = cell_text(more)
        if piece and strict_row_label(more.text) is not None:
            break
        if piece and more.row == cell.row and more.row_span == cell.row_span:
            text += piece
    setattr(project, field, text)
    project.refs[field] = g.ref(cell)


def _funding_line(g: Grid, r: int, cells: list[Cell], cols: dict[str, int], unit: str,
                  labels: dict) -> FundingLine | None:
    first = min(cols.values()) if cols else g.table.n_cols
    label_cells = [c for c in cells if c.col < first and c.row == r and labels.get(id(c)) != "funding_section"
                   and normalize_label(c.text)]
    if not label_cells:  # label cell merged from above is not this line's label
        label_cells = [c for c in cells if c.col < first and labels.get(id(c)) != "funding_section"
                       and c.row_span == 1 and normalize_label(c.text)]
    label = clean_text("".join(c.text or "" for c in label_cells))
    values: dict[str, Cell] = {}
    taken: set[int] = set()
    for field, col in sorted(cols.items(), key=lambda kv: kv[1]):
        cell = g.at(r, col)
        if cell is None or cell.row != r or id(cell) in taken:
            continue
        taken.add(id(cell))
        values[field] = cell
    if not label and not any(cell_text(c) for c in values.values()):
        return None
    line = FundingLine(source=funding_source(label), label_raw=label or "", row=r)
    for field in FUNDING_VALUE_FIELDS:
        cell = values.get(field)
        raw = cell_text(cell)
        setattr(line, f"{field}_raw", raw)
        setattr(line, field, parse_money(raw, unit))
        if cell is not None:
            line.refs[field] = g.ref(cell)
    for field, attr in (("exec_rate", "exec_rate_raw"), ("weight", "weight_raw"), ("score", "score_raw")):
        cell = values.get(field)
        setattr(line, attr, cell_text(cell))
        if cell is not None:
            line.refs[field] = g.ref(cell)
    return line
