"""A header row of a 自评表 that a page break cut in two, joined back into one row.

Word and LibreOffice let a row break across pages: the funding header then ends one page as
`项目资金 | 年初预 | 全年预 | 全年 | 分值 | 执行率 | 得分` and the next page starts with its
tail `（万元） | 算数 | 算数 | 执行数`. The extractor's stitch (knowing no labels) keeps two rows, and
neither names the money columns: the project loses its budget and the budget line's points. Here,
with the label vocabulary: the first row on the new page continues the last row of the page before
when it holds no figure, fills only columns the row above filled (cell by cell the same extent),
and the joined texts name at least two more columns than the row above alone.
"""
from __future__ import annotations

from dataclasses import replace

from jixiao.extract.model import Cell, Table

from .labels import map_column, normalize_label
from .numbers import parse_exact

__all__ = ["join_cut_header"]

MIN_GAIN = 2


def _origin(table: Table, r: int) -> dict[int, Cell]:
    return {c.col: c for c in table.cells if c.row == r}


def _named(texts: list[str]) -> int:
    return len({map_column(t) for t in texts if t and len(normalize_label(t)) <= 16} - {None})


def _cut_pair(table: Table, r: int) -> bool:
    above, below = _origin(table, r), _origin(table, r + 1)
    filled_below = {col: c for col, c in below.items() if c.text and c.text.strip()}
    if not filled_below or any(c.page is None for c in [*above.values(), *below.values()]):
        return False
    pages_above = {c.page for c in above.values()}
    pages_below = {c.page for c in below.values()}
    if len(pages_above) != 1 or len(pages_below) != 1 or pages_below.pop() != pages_above.pop() + 1:
        return False
    for col, low in filled_below.items():
        up = above.get(col)
        text = low.text.strip()
        if (up is None or up.col_span != low.col_span or not (up.text or "").strip()
                or parse_exact(text) is not None or any(ch.isdigit() for ch in text)):
            return False
    joined = [(c.text or "").strip() + (filled_below[col].text.strip() if col in filled_below else "")
              for col, c in above.items()]
    return _named(joined) >= _named([c.text for c in above.values()]) + MIN_GAIN


def join_cut_header(table: Table) -> Table:
    """`table` with every header row cut by a page break joined back (a new Table; the cells of
    the one given are not changed)."""
    r = 0
    while r + 1 < table.n_rows:
        if not _cut_pair(table, r):
            r += 1
            continue
        below = _origin(table, r + 1)
        cells = []
        for c in table.cells:
            if c.row == r + 1:
                continue                                  # joined into the row above
            if c.row == r and c.col in below and (below[c.col].text or "").strip():
                low = below[c.col]
                c = replace(c, text=(c.text or "").rstrip() + low.text.strip(),
                            continued=[*c.continued, (low.page, low.x0, low.top, low.x1, low.bottom)])
            elif c.row > r + 1:
                c = replace(c, row=c.row - 1)
            elif c.row <= r + 1 < c.row + c.row_span:
                c = replace(c, row_span=c.row_span - 1)
            cells.append(c)
        table = replace(table, cells=cells, n_rows=table.n_rows - 1)
    return table
