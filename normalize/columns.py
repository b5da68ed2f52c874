"""Column roles of a header row, decided from the row as a whole: the words of each header cell
(labels.map_column), their order, and what sits under them.

- funding block: a money heading over the line labels (年度预算数（万元） above 总额 / 其中：财政资金)
  heads the label column, whatever its words say; of two budget columns with no 年初 column, the
  first is the initial budget (预算数 | 全年预算数); a 完成率 column there is the 执行率;
- indicator block: a header the vocabulary does not know is placed by its contents when they
  leave no doubt (only ≥ / ≤ / = / 正向 under it: the operator column; only %, 个, 元 …: the unit
  column). What still has no role is reported (Project.unmapped_columns, a document warning) and
  drawn in a warning colour by `jixiao debug`.
"""
from __future__ import annotations

import re

from jixiao.extract.model import Cell

from .grid import Grid
from .labels import is_column_synonym, map_column, normalize_label, row_label
from .numbers import clean_text, is_placeholder, parse_number
from .records import HeaderCell

__all__ = ["column_positions", "holds_labels", "funding_roles", "content_role", "header_cells", "LABEL_ROLE", "DESCRIPTIVE_ROLE"]

LABEL_ROLE = "label"          # the column holding the funding lines' labels
DESCRIPTIVE_ROLE = "descriptive"   # 指标解释, 评分标准, 佐证材料: known, kept in cells, no field
LABEL_PROBE_ROWS = 6
LEVELS = {"level1", "level2", "level3"}
_BLOCK_LABELS = {"goal", "goal_planned", "goal_actual", "indicator_section", "funding_section"}
_OPERATORS = {"≥", "≤", "=", ">", "<", ">=", "<=", "＞", "＜", "≧", "≦", "正向", "反向", "定性", "定量",
              "等于", "大于", "小于", "大于等于", "小于等于", "不低于", "不高于"}
_UNIT_WORD = re.compile(r"^(?:%|％|‰|万元|千元|亿元|元|万|亿|百分比|[个件人次户项家名份场天日月年台套篇条期批所间座张本㎡平方米公里千米吨亩辆]{1,3})$")


def _cells_below(g: Grid, r: int, head: Cell, limit: int | None = None) -> list[str]:
    """Texts of the cells under `head` down to the end of its block: a cell laid out in other
    columns, a goal / indicator / funding block label or a 总分 row stops it. With `limit` (the
    funding block, whose left label spans its lines) a new left label stops it too."""
    texts = []
    stop = g.table.n_rows if limit is None else min(g.table.n_rows, r + 1 + limit)
    for rr in range(r + 1, stop):
        cell = g.at(rr, head.col)
        if cell is None or cell is head:
            continue
        if cell.col != head.col:
            break                           # the next block, laid out in other columns
        starting = [c for c in g.row(rr) if c.row == rr]
        if limit is not None and any(c.col < head.col for c in starting):
            break                           # the block's own left label has ended
        if any(row_label(c.text) in _BLOCK_LABELS or map_column(c.text) in LEVELS for c in starting):
            break                           # the goal or indicator block starts
        if row_label(next((c.text for c in g.row(rr) if clean_text(c.text)), None)) == "total":
            break
        if cell.row != rr:
            continue
        text = clean_text(cell.text)
        if text:
            texts.append(text)
    return texts


def holds_labels(g: Grid, r: int, head: Cell) -> bool:
    """Whether the cells under header cell `head` are line labels, not figures: most of them
    text that is neither a number nor a placeholder."""
    texts = _cells_below(g, r, head, LABEL_PROBE_ROWS)
    if not texts:
        return False
    words = [t for t in texts if parse_number(t).value is None and not is_placeholder(t)]
    return len(words) > len(texts) / 2


def funding_roles(g: Grid, r: int, mapped: list[tuple[str, Cell]]) -> tuple[list[tuple[str, Cell]], Cell | None]:
    """The funding header's (role, cell) pairs, and the cell heading the label column if a money
    heading turned out to be one."""
    label_head = None
    if len(mapped) > 2 and holds_labels(g, r, mapped[0][1]):
        label_head, mapped = mapped[0][1], mapped[1:]
    if not any(f == "exec_rate" for f, _ in mapped):
        # 完成率 / 资金完成率 over the funding lines: the budget's completion, its 执行率 (the words
        # name an indicator's actual in the indicator block, which has no place here)
        mapped = [("exec_rate" if f == "actual" and "率" in normalize_label(c.text) else f, c) for f, c in mapped]
    adjusted = [c for f, c in mapped if f == "budget_adjusted"]
    if len(adjusted) >= 2 and not any(f == "budget_initial" for f, _ in mapped):
        # 预算数 | 全年预算数 (or 调整后预算数): the first budget column is the initial one
        mapped = [("budget_initial" if c is adjusted[0] else f, c) for f, c in mapped]
    return mapped, label_head


def column_positions(mapped: list[tuple[str, Cell]]) -> dict[str, int]:
    """The column each field is read from when several headers map to it: the first whose header
    is the field's own word (实际完成值 over a 完成率 printed before it, 全年执行数 over a 累计执行数),
    else the first one."""
    positions: dict[str, int] = {}
    for field in dict.fromkeys(f for f, _ in mapped):
        cells = [c for f, c in mapped if f == field]
        own = [c for c in cells if is_column_synonym(c.text, field)]
        positions[field] = (own or cells)[0].col
    return positions


def content_role(g: Grid, r: int, head: Cell) -> str | None:
    """`operator` or `unit` for a column whose contents leave no doubt, else None."""
    texts = [t for t in _cells_below(g, r, head) if not is_placeholder(t)]
    if len(texts) < 2:
        return None
    if all(t in _OPERATORS for t in texts):
        return "operator"
    if all(_UNIT_WORD.match(t) for t in texts):
        return "unit"
    return None


def header_cells(g: Grid, block: str, placed: list[tuple[str, Cell]], unplaced: list[Cell],
                 label_head: Cell | None = None, described: list[Cell] = ()) -> list[HeaderCell]:
    """The header row as the debug image draws it: every cell with its role (None: unplaced)."""
    out = [HeaderCell(block, role, clean_text(c.text) or "", g.ref(c)) for role, c in placed]
    out += [HeaderCell(block, DESCRIPTIVE_ROLE, clean_text(c.text) or "", g.ref(c)) for c in described]
    if label_head is not None:
        out.append(HeaderCell(block, LABEL_ROLE, clean_text(label_head.text) or "", g.ref(label_head)))
    out += [HeaderCell(block, None, clean_text(c.text) or "", g.ref(c)) for c in unplaced]
    return sorted(out, key=lambda h: h.ref.col)
