"""A 自评表 printed as two tables, glued back into one before it is read.

Authors split a Word table (Ctrl+Shift+Enter above the 绩效指标 block, to move it to the next
page), and some form systems print one table per block: the 项目名称 … 年度总体目标 part, then
the indicator block as a table of its own. Read apart, the second part looks like a 评价指标体系
(一级/二级/三级指标 + 分值) and the project loses its indicators and its 总分.

The second table continues the first when, in reading order, nothing but blank lines stands
between them, the first is a self-evaluation table with no indicator header of its own, and the
second starts a self-evaluation indicator block: an indicator header naming levels and a
指标值 or 完成值 column (a 评价指标体系 has levels and 分值 only), and no 项目名称 row.
"""
from __future__ import annotations

from dataclasses import replace

from jixiao.extract.model import RawDocument, Table, TableRef, TextBlock

from .classify import SELF_EVAL, header_fields
from .labels import row_label

__all__ = ["split_groups", "glue"]

LEVELS = {"level1", "level2", "level3"}


def _indicator_header(table: Table) -> bool:
    fields = header_fields(table)
    return len(fields & LEVELS) >= 2 and bool(fields & {"target", "actual"})


def _has_project_row(table: Table) -> bool:
    return any(row_label(c.text) == "project_name" for c in table.cells if c.text and c.text.strip())


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


def split_groups(raw: RawDocument, kinds: list[str]) -> list[list[int]]:
    """Indexes of raw.tables grouped into the tables they print: [[0], [1, 2], [3]] when table
    2 is the indicator block of table 1."""
    follows = {}
    for a, b in _adjacent_pairs(raw):
        if (kinds[a] == SELF_EVAL and kinds[b] != SELF_EVAL and not _indicator_header(raw.tables[a])
                and _indicator_header(raw.tables[b]) and not _has_project_row(raw.tables[b])):
            follows[b] = a
    groups: list[list[int]] = []
    where: dict[int, list[int]] = {}
    for i in range(len(raw.tables)):
        if i in follows and follows[i] in where:
            where[follows[i]].append(i)
            where[i] = where[follows[i]]
        else:
            where[i] = [i]
            groups.append(where[i])
    return groups


def glue(tables: list[Table]) -> Table:
    """The tables one below the other as one grid (each part keeps its own columns: the
    self-evaluation reader places the indicator columns from the part's own header row)."""
    if len(tables) == 1:
        return tables[0]
    cells, offset = [], 0
    for table in tables:
        cells += [replace(c, row=c.row + offset, continued=list(c.continued)) for c in table.cells]
        offset += table.n_rows
    pages = [p for t in tables for p in (t.page_start, t.page_end) if p is not None]
    return Table(cells=cells, n_rows=offset, n_cols=max(t.n_cols for t in tables),
                 page_start=min(pages) if pages else None, page_end=max(pages) if pages else None,
                 caption=list(tables[0].caption), sheet=tables[0].sheet)
