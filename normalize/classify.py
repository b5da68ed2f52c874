"""What kind of table this is, from its labels (the title line may be missing).

    self_eval         项目支出绩效自评表: 项目名称 plus 年度资金总额 / 预算 / 执行 / 绩效指标 labels,
                      or the title in the caption or in the first cells
    panel_scores      expert scoring table: 一级指标 … 分值, then several columns of scores headed
                      by person names, 合计 / 平均分
    indicator_system  评价指标体系: 一级/二级/三级指标 + 分值 and nothing else
    department_self_eval  部门（单位）整体支出绩效自评表: a department's own self-evaluation (部门
                      名称 instead of 项目名称, 基本支出 / 项目支出 lines); no 项目支出 table, so
                      not a project (its cells are kept)
    other             anything else
"""
from __future__ import annotations

import re

from jixiao.extract.model import Table

from .labels import map_column, normalize_label, row_label
from .numbers import parse_exact

__all__ = ["classify_table", "SELF_EVAL", "PANEL_SCORES", "INDICATOR_SYSTEM", "DEPARTMENT_SELF_EVAL", "OTHER"]

SELF_EVAL, PANEL_SCORES, INDICATOR_SYSTEM, OTHER = "self_eval", "panel_scores", "indicator_system", "other"
DEPARTMENT_SELF_EVAL = "department_self_eval"

_TITLE = re.compile(r"(项目)?(支出)?绩效自评表|项目绩效自评表|绩效目标自评表")
_DEPARTMENT_TITLE = re.compile(r"(部门|单位)[(（]?(单位|部门)?[)）]?整体(支出)?绩效")
_DEPARTMENT_NAME = re.compile(r"^(部门|单位|预算单位|部门[(（]单位[)）])名称$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_FUNDING_WORDS = ("年度资金总额", "资金总额", "财政拨款", "财政资金", "上年结转")


def _labels(table: Table) -> list[str]:
    return [normalize_label(c.text) for c in table.cells if c.text and c.text.strip()]


def classify_table(table: Table) -> str:
    labels = _labels(table)
    if not labels:
        return OTHER
    head = labels[:6]
    caption = "".join(normalize_label(line) for line in table.caption[-2:])
    joined = "|".join(labels)
    has_project = any(row_label(label) == "project_name" for label in labels)
    fields = header_fields(table)
    money_cols = len(fields & {"budget_initial", "budget_adjusted", "executed", "exec_rate"})
    funding = any(word in joined for word in _FUNDING_WORDS)
    indicator_cols = len(fields & {"level1", "level2", "level3", "target", "actual"})

    if not has_project and (_DEPARTMENT_TITLE.search(caption) or any(_DEPARTMENT_TITLE.search(label) for label in head)
                            or any(_DEPARTMENT_NAME.match(label) for label in head)):
        if money_cols or funding or indicator_cols >= 2:
            return DEPARTMENT_SELF_EVAL
    if any(_TITLE.search(label) for label in head) and (has_project or money_cols or indicator_cols):
        return SELF_EVAL
    if (has_project and _projects_listed(table) and not funding and indicator_cols < 2
            and not any(_TITLE.search(label) for label in head) and not _TITLE.search(caption)):
        return OTHER      # 项目名称 | 预算数 | 执行数 | 执行率 over several projects: a summary, no 自评表
    if has_project and (money_cols >= 2 or funding or (indicator_cols >= 2 and "weight" in fields)):
        return SELF_EVAL
    if _TITLE.search(caption) and (money_cols >= 2 or funding) and indicator_cols >= 2:
        return SELF_EVAL
    if money_cols >= 2 and funding and indicator_cols >= 2:  # no title, no 项目名称 row
        return SELF_EVAL
    if _TITLE.search(caption) and has_project and indicator_cols >= 3:   # a 绩效目标自评表 without money
        return SELF_EVAL

    if {"level1", "weight"} <= fields or {"level2", "weight"} <= fields or {"level3", "weight"} <= fields:
        header = _header_row(table)
        extra = [normalize_label(t) for t in header if t and map_column(t) not in
                 ("level1", "level2", "level3", "weight")]
        names = [t for t in extra if _NAME.match(t) and "指标" not in t and not t.endswith("分")
                 and row_label(t) is None and map_column(t) is None]
        has_total_cols = any(t in ("合计", "平均分", "平均", "总分", "平均得分") for t in extra)
        score_cols = _numeric_columns(table)
        if len(names) >= 2 or (has_total_cols and score_cols >= 3) or score_cols >= 3:
            return PANEL_SCORES
        if money_cols == 0:
            return INDICATOR_SYSTEM
    return OTHER


def _projects_listed(table: Table) -> bool:
    """项目名称 heads a column: it stands in a row with two or more money column labels (a table
    of the projects' funds), where a 自评表 prints it as a row label with the name beside it."""
    for row in table.grid():
        cells = [t for t in row if t and t.strip()]
        if any(row_label(normalize_label(t)) == "project_name" for t in cells):
            money = {map_column(t) for t in cells} & {"budget_initial", "budget_adjusted", "executed", "exec_rate"}
            if len(money) >= 2:
                return True
    return False


def header_fields(table: Table) -> set[str]:
    """Canonical columns named by header-like rows (rows where 3+ cells are known labels)."""
    fields: set[str] = set()
    for row in table.grid():
        mapped = {map_column(t) for t in row if t and len(normalize_label(t)) <= 14} - {None}
        if len(mapped) >= 3:
            fields |= mapped
    return fields


def _header_row(table: Table) -> list[str]:
    """The first row holding 一级指标 / 分值 style labels."""
    for row in table.grid():
        mapped = [map_column(t) for t in row if t]
        if sum(m in ("level1", "level2", "level3", "weight") for m in mapped) >= 2:
            return row
    return table.grid()[0] if table.n_rows else []


def _numeric_columns(table: Table) -> int:
    """Columns where most non-blank cells are numbers."""
    grid = table.grid()
    count = 0
    for c in range(table.n_cols):
        values = [row[c] for row in grid[1:] if row[c].strip()]
        if values and sum(parse_exact(v) is not None for v in values) >= 0.7 * len(values):
            count += 1
    return count


def is_continuation(previous: Table, table: Table) -> bool:
    """Whether `table` is the rest of the self-evaluation table `previous`, cut by a page break
    and not stitched by the extractor: it starts on the page after `previous` ends, has the same
    number of columns, no header or 项目名称 row of its own, and holds indicator-like rows (two
    numbers in the 分值/得分 positions of `previous`) or a 总分 row. Meant for the caller that
    numbers tables (normalize_document) to glue the pieces before normalising."""
    if previous.page_end is None or table.page_start is None or table.page_start != previous.page_end + 1:
        return False
    if table.n_cols != previous.n_cols or not table.cells:
        return False
    labels = [normalize_label(c.text) for c in table.cells if c.text and c.text.strip()]
    if any(row_label(label) in ("project_name", "funding_section") for label in labels):
        return False
    if header_fields(table) & {"level1", "level2", "level3", "budget_initial", "budget_adjusted"}:
        return False
    if any(row_label(label) == "total" for label in labels):
        return True
    numeric_rows = 0
    for row in table.grid():
        numbers = [t for t in row if parse_exact(t) is not None]
        numeric_rows += len(numbers) >= 2
    return numeric_rows >= 1 and numeric_rows >= table.n_rows // 2
