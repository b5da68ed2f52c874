"""A 自评表 printed as several tables, glued back into one before it is read.

Authors split a Word table (Ctrl+Shift+Enter, to move the rest to the next page), and form
systems print one table per block: 项目名称 and 资金 rows, then 年度总体目标, then the indicator
block. Read apart, the indicator block looks like a 评价指标体系 (一级/二级/三级指标 + 分值): the
project loses its goals, indicators and 总分.

A table continues the 自评表 printed right before it (in reading order nothing but blank lines
between) when it has no 项目名称 row and either
- holds blocks of the form the tables so far lack, each later in the form's order (head,
  资金, 年度总体目标, 绩效指标): the 年度总体目标 rows, an indicator header naming levels and
  a 指标值 or 完成值 column (a 评价指标体系 has levels and 分值 only); or
- has no block header at all while the tables so far have the indicator block: more indicator
  rows (two figures in most rows) or the 总分 row, cut off by the split;
and the tables glued together still read as a self-evaluation table.
"""
from __future__ import annotations

from jixiao.extract.model import RawDocument, Table, TableRef, TextBlock
from dataclasses import replace

from jixiao.extract.stitch import compatible, stack

from .classify import SELF_EVAL, classify_table, header_fields
from .labels import map_column, normalize_label, row_label, strict_row_label
from .numbers import parse_exact

__all__ = ["split_groups", "glue"]

LEVELS = {"level1", "level2", "level3"}
MONEY = {"budget_initial", "budget_adjusted", "executed", "exec_rate"}
ORDER = ("head", "funding", "goal", "indicators")     # the blocks of a 自评表, top to bottom
GOAL_ROWS = {"goal", "goal_planned", "goal_actual"}


def blocks(table: Table) -> set[str]:
    """Which blocks of a 自评表 this table prints."""
    fields = header_fields(table)
    # row labels as listed (not the fuzzy reading), and no column header (实际完成值 is not 实际完成情况)
    kinds = {strict_row_label(c.text) for c in table.cells if c.text and c.text.strip()
             and len(normalize_label(c.text)) <= 12 and map_column(c.text) is None}
    out = set()
    if "project_name" in kinds:
        out.add("head")
    if len(fields & MONEY) >= 2:
        out.add("funding")
    if kinds & GOAL_ROWS:
        out.add("goal")
    if len(fields & LEVELS) >= 2 and fields & {"target", "actual"}:
        out.add("indicators")
    return out


def _more_indicator_rows(table: Table) -> bool:
    """Rows of an indicator block without its header: a 总分 row, or two figures in most rows."""
    grid = table.grid()
    if any(row_label(next((t for t in row if t.strip()), "")) == "total" for row in grid):
        return True
    numeric = sum(sum(parse_exact(t) is not None for t in row) >= 2 for row in grid)
    return bool(grid) and numeric >= max(1, len(grid) // 2)


def _adjacent_pairs(raw: RawDocument) -> list[tuple[int, int]]:
    """(a, b) for tables b that follow table a in reading order with only blank text between."""
    pairs, last = [], None
    for block in raw.blocks:
        if isinstance(block, TableRef):
            if last is not None:
                pairs.append((last, block.index))
            last = block.index
        elif isinstance(block, TextBlock) and (block.text or "").strip():
            last = None
    return pairs


def _continues(have: set[str], new: set[str], above: Table, table: Table) -> bool:
    if "head" in new or not (have & {"head", "funding"}):
        return False
    if new:
        last = max(ORDER.index(b) for b in have)
        return not (new & have) and min(ORDER.index(b) for b in new) > last
    return "indicators" in have and _more_indicator_rows(table) and _fits(above, table)


def _fits(above: Table, rows: Table) -> bool:
    """Bare rows have the shape of the rows above them: drawn on the same column rules, or as
    many columns as the last row above has cells (not some other figures table that follows)."""
    if all(c.x0 is not None for c in above.cells + rows.cells) and compatible(above, rows):
        return True
    return _column_edges(above, rows.n_cols) != list(range(rows.n_cols + 1)) or above.n_cols == rows.n_cols


def split_groups(raw: RawDocument, kinds: list[str]) -> list[list[int]]:
    """Indexes of raw.tables grouped into the tables they print: [[0], [1, 2], [3]] when table
    2 is the rest of table 1."""
    nxt = dict(_adjacent_pairs(raw))
    groups: list[list[int]] = []
    taken: set[int] = set()
    for i in range(len(raw.tables)):
        if i in taken:
            continue
        group = [i]
        if kinds[i] == SELF_EVAL:
            have = blocks(raw.tables[i])
            while group[-1] in nxt and nxt[group[-1]] not in taken:
                j = nxt[group[-1]]
                new = blocks(raw.tables[j])
                above = glue([raw.tables[k] for k in group])
                if kinds[j] == SELF_EVAL and "head" in new or not _continues(have, new, above, raw.tables[j]):
                    break
                if classify_table(glue([above, raw.tables[j]])) != SELF_EVAL:
                    break
                group.append(j)
                have |= new
        taken.update(group)
        groups.append(group)
    return groups


def glue(tables: list[Table]) -> Table:
    """The tables one below the other as one grid. A part with block headers of its own keeps
    its own columns (the reader places columns from each header row); a part of bare indicator
    rows takes the columns of the rows above it: by position where both parts were drawn on
    the same column rules (extract.stitch.stack), else in order, its k-th column the k-th cell
    of the last row above (a browser sizes each table's columns to its own text)."""
    out = tables[0]
    for table in tables[1:]:
        if blocks(table):
            out = _below(out, table, list(range(table.n_cols + 1)))
        elif all(c.x0 is not None for c in out.cells + table.cells) and compatible(out, table):
            out = stack(out, table)
        else:
            out = _below(out, table, _column_edges(out, table.n_cols))
    return out


def _column_edges(table: Table, n_cols: int) -> list[int]:
    """Grid column edges of the cells in the table's last row, when that row has n_cols cells
    (the k-th column of a part below maps to edges[k]..edges[k+1]); else the identity."""
    last, edges, seen = table.n_rows - 1, [0], set()
    for col in range(table.n_cols):
        cell = table.cell_at(last, col)
        if cell is not None and id(cell) not in seen:
            seen.add(id(cell))
            edges.append(cell.col + cell.col_span)
    return edges if len(edges) == n_cols + 1 else list(range(n_cols + 1))


def _below(top: Table, part: Table, edges: list[int]) -> Table:
    cells = list(top.cells) + [replace(c, row=c.row + top.n_rows, col=edges[c.col],
                                       col_span=max(1, edges[min(c.col + c.col_span, len(edges) - 1)] - edges[c.col]),
                                       continued=list(c.continued)) for c in part.cells]
    pages = [p for t in (top, part) for p in (t.page_start, t.page_end) if p is not None]
    return Table(cells=sorted(cells, key=lambda c: (c.row, c.col)), n_rows=top.n_rows + part.n_rows,
                 n_cols=max(top.n_cols, edges[-1]), page_start=min(pages) if pages else None,
                 page_end=max(pages) if pages else None, caption=list(top.caption), sheet=top.sheet)
