"""Join tables that a page break cut in two into one logical Table.

A table continues on the next page when the first part is the last thing on its page (only
running footers below it) and ends in the lower part of the page, the second part is the
first thing on the next page (only running headers above it) near its top, and their column
structures agree (same outer edges, and one set of column boundaries contained in the other,
or mostly shared, or at least the two rows that meet at the break line up with the other
part). A repeated header row is dropped. A row
the break cut in two is merged back into one row: the first row on the new page carries text
only in columns the last row filled, none of it a bare number or dash, and either in at most
half of them or with a number of the last row left blank below. A merged label cell
that runs over the break (blank on the new page) keeps one cell with a longer row_span.
"""
from __future__ import annotations

import dataclasses

import re
from dataclasses import dataclass

from .model import Cell, Table
from .pdf_grid import cluster, col_bounds, nearest
from .pdf_text import join_wrapped

X_TOL = 3.0
# A number, dash or percentage: never the wrapped tail of a cut cell, so a first row holding
# one is a new row (其他资金 | — | —), not the rest of the row above.
_VALUE = re.compile(r"^[-—–―\d.,%％≥≤<>=+/~～]+$")


@dataclass
class Placed:
    """A table on one page with what stands around it on that page."""
    table: Table
    page: int
    page_height: float
    text_above: bool    # body text (not running header) between page top and the table
    text_below: bool    # body text between the table and the page bottom
    top: float = 0.0    # the table's top / bottom on this page
    bottom: float = 0.0


def _bounds(table: Table, offsets: dict[int, float] | None = None) -> list[float]:
    """Column boundaries; with offsets (page -> how far that page's part stands right of the
    first page's), measured in the first page's frame."""
    if not offsets:
        return [x for x in col_bounds(table) if x is not None]
    seen: dict[int, list[float]] = {}
    for c in table.cells:
        if c.x0 is None:
            continue
        d = offsets.get(c.page, 0.0)
        seen.setdefault(c.col, []).append(c.x0 - d)
        seen.setdefault(c.col + c.col_span, []).append(c.x1 - d)
    return [sum(v) / len(v) for _, v in sorted(seen.items())]


def shift(a: Table, b: Table, tol: float = X_TOL, offsets: dict[int, float] | None = None) -> float:
    """How far b stands right of a (in a's first page's frame): 0 when their outer edges
    agree, else b's offset when the two have the same width (mirrored margins put odd and
    even pages' tables apart)."""
    xa, xb = _bounds(a, offsets), _bounds(b)
    if len(xa) < 2 or len(xb) < 2:
        return 0.0
    if abs(xa[0] - xb[0]) <= tol and abs(xa[-1] - xb[-1]) <= tol:
        return 0.0
    if abs((xa[-1] - xa[0]) - (xb[-1] - xb[0])) <= tol:
        return xb[0] - xa[0]
    return 0.0


def compatible(a: Table, b: Table, tol: float = X_TOL, offsets: dict[int, float] | None = None) -> bool:
    xa, xb = _bounds(a, offsets), _bounds(b)
    if len(xa) < 2 or len(xb) < 2:
        return False
    dx = shift(a, b, tol, offsets)
    xb = [x - dx for x in xb]
    if abs(xa[0] - xb[0]) > tol or abs(xa[-1] - xb[-1]) > tol:
        return False

    def within(small, big):
        return all(any(abs(s - g) <= tol for g in big) for s in small)

    if within(xa, xb) or within(xb, xa):
        return True
    shared = sum(1 for s in xa if any(abs(s - g) <= tol for g in xb))
    return shared / max(len(xa), len(xb)) >= 0.6


def should_join(prev: Placed, nxt: Placed, offsets: dict[int, float] | None = None) -> bool:
    tol = _tolerance(prev.table, nxt.table)
    if nxt.page != prev.page + 1 or prev.text_below or nxt.text_above or nxt.top > 0.4 * nxt.page_height:
        return False
    if _starts_anew(prev.table, nxt.table):
        return False
    if prev.bottom >= 0.6 * prev.page_height or not prev.bottom:
        return compatible(prev.table, nxt.table, tol, offsets) or seam_agrees(prev.table, nxt.table, tol, offsets)
    # Ending higher up, the first part continues only when the next page repeats its header
    # rows (Word's repeated header row, an HTML <thead>), or when the producer pushed the rest
    # over: its first block (rows bound together by merged cells, or a row that may not break)
    # is taller than the room left below the first part. The columns agree throughout.
    if not compatible(prev.table, nxt.table, tol, offsets):
        return False
    if _header_rows_repeated(prev.table, nxt.table):
        return True
    room = prev.page_height - prev.bottom - nxt.top   # the next page's top margin stands for the bottom one
    return _first_block_height(nxt.table) > room


def _first_block_height(table: Table) -> float:
    """Height of the leading rows that merged cells bind together (at least the first row)."""
    end, r = 0, 0
    while r <= end and r < table.n_rows:
        for c in table.cells:
            if c.row == r:
                end = max(end, c.row + c.row_span - 1)
        r += 1
    tops = [c.top for c in table.cells if c.top is not None]
    bottoms = [c.bottom for c in table.cells if c.bottom is not None and c.row + c.row_span - 1 == end]
    return max(bottoms) - min(tops) if tops and bottoms else 0.0


def _row_bounds(table: Table, r: int, offsets: dict[int, float] | None = None) -> list[float]:
    """Boundaries of the cells covering grid row r (merged cells included), in the frame of
    the table's first page when offsets are given."""
    xs = []
    for c in table.cells:
        if c.x0 is not None and c.row <= r < c.row + c.row_span:
            d = (offsets or {}).get(c.page, 0.0)
            xs += [c.x0 - d, c.x1 - d]
    return sorted(xs)


def seam_agrees(a: Table, b: Table, tol: float = X_TOL, offsets: dict[int, float] | None = None) -> bool:
    """The rows that meet at the break line up although the parts' column sets differ
    overall: a form whose blocks have their own columns (head rows above, indicator rows
    below) broken between two blocks, so one part holds few of the other's columns. Same
    outer edges, and every boundary of a's last row stands among b's boundaries and every
    boundary of b's first row among a's."""
    xa, xb = _bounds(a, offsets), _bounds(b)
    if len(xa) < 2 or len(xb) < 2 or not a.n_rows or not b.n_rows:
        return False
    dx = shift(a, b, tol, offsets)
    xb = [x - dx for x in xb]
    if abs(xa[0] - xb[0]) > tol or abs(xa[-1] - xb[-1]) > tol:
        return False
    last = _row_bounds(a, a.n_rows - 1, offsets)
    first = [x - dx for x in _row_bounds(b, 0)]
    if not last or not first:
        return False

    def within(small, big):
        return all(any(abs(s - g) <= tol for g in big) for s in small)

    return within(last, xb) and within(first, xa)


def _tolerance(a: Table, b: Table) -> float:
    """Column edges agree to a few points in a text layer; a scan (OCR cells carry a
    confidence) is deskewed and measured from pixels, so allow more."""
    ocr = any(c.confidence is not None for c in a.cells + b.cells)
    return 8.0 if ocr else X_TOL


def _starts_anew(a: Table, b: Table) -> bool:
    """b's first row has a's first-row label but other values: a new table of the same form
    (项目名称 | 甲 then 项目名称 | 乙), not a continuation or a repeated header."""
    first_a, first_b = _row_texts(a, 0), _row_texts(b, 0)
    return bool(first_a and first_b and first_a[0] and first_a[0] == first_b[0] and first_a != first_b)


def _remap(table: Table, xs: list[float], row_offset: int, offsets: dict[int, float]) -> list[Cell]:
    out = []
    for c in table.cells:
        dx = offsets.get(c.page, 0.0)
        c0 = nearest(xs, c.x0 - dx)
        c1 = nearest(xs, c.x1 - dx)
        # every other field (OCR evidence included) rides along unchanged
        out.append(dataclasses.replace(c, row=c.row + row_offset, col=c0, col_span=max(1, c1 - c0),
                                       continued=list(c.continued)))
    return out


def _row_texts(table: Table, r: int) -> list[str]:
    return [c.text.strip() for c in table.cells if c.row == r]


def _header_rows_repeated(a: Table, b: Table) -> int:
    """How many leading rows of b repeat the leading rows of a (same texts, non-empty)."""
    k = 0
    while k < min(a.n_rows, b.n_rows) - 1:
        ta = [t for t in _row_texts(a, k)]
        tb = [t for t in _row_texts(b, k)]
        if not any(tb) or [t for t in ta if t] != [t for t in tb if t]:
            break
        k += 1
    return k


def join(a: Table, b: Table, tol: float = X_TOL, offsets: dict[int, float] | None = None) -> Table:
    """b continues a on the next page: one table. `offsets` (page -> x offset from a's first
    page, for tables moved by mirrored margins) is read and gets b's page added."""
    offsets = {} if offsets is None else offsets
    dx = shift(a, b, tol, offsets)
    skip = _header_rows_repeated(a, b)
    if skip:
        kept = [c for c in b.cells if c.row >= skip]
        b = Table(cells=kept, n_rows=b.n_rows - skip, n_cols=b.n_cols, page_start=b.page_start,
                  page_end=b.page_end)
        for c in b.cells:
            c.row -= skip
    for page in range(b.page_start or 0, (b.page_end or 0) + 1):
        offsets[page] = dx
    xs = cluster(_bounds(a, offsets) + [x - dx for x in _bounds(b)], tol)
    cells = _remap(a, xs, 0, offsets) + _remap(b, xs, a.n_rows, offsets)
    n_cols = len(xs) - 1
    n_rows = a.n_rows + b.n_rows
    table = Table(cells=cells, n_rows=n_rows, n_cols=n_cols, page_start=a.page_start,
                  page_end=b.page_end, caption=list(a.caption))
    if b.n_rows:
        _mend_break(table, a.n_rows - 1, a.n_rows)
    table.cells.sort(key=lambda c: (c.row, c.col))
    return table


def stack(a: Table, b: Table, tol: float = X_TOL) -> Table:
    """b printed right below a as a table of its own (no page break between, nothing cut):
    one grid, columns lined up by their x positions where both have geometry."""
    if any(c.x0 is None for c in a.cells + b.cells):
        cells = list(a.cells) + [Cell(row=c.row + a.n_rows, col=c.col, text=c.text, row_span=c.row_span,
                                      col_span=c.col_span, page=c.page, confidence=c.confidence,
                                      continued=list(c.continued), sheet=c.sheet, ref=c.ref, hidden=c.hidden)
                                 for c in b.cells]
        n_cols = max(a.n_cols, b.n_cols)
    else:
        xs = cluster(_bounds(a) + _bounds(b), tol)
        cells = _remap(a, xs, 0, {}) + _remap(b, xs, a.n_rows, {})
        n_cols = len(xs) - 1
    pages = [p for t in (a, b) for p in (t.page_start, t.page_end) if p is not None]
    table = Table(cells=cells, n_rows=a.n_rows + b.n_rows, n_cols=n_cols,
                  page_start=min(pages) if pages else None, page_end=max(pages) if pages else None,
                  caption=list(a.caption), sheet=a.sheet)
    table.cells.sort(key=lambda c: (c.row, c.col))
    return table


def _origin_cells(table: Table, r: int) -> dict[int, Cell]:
    return {c.col: c for c in table.cells if c.row == r}


def _covering(table: Table, r: int) -> dict[int, Cell]:
    """col -> the cell covering grid row r at that col (merged or not)."""
    out = {}
    for c in table.cells:
        if c.row <= r < c.row + c.row_span:
            for k in range(c.col, c.col + c.col_span):
                out[k] = c
    return out


def _mend_break(table: Table, last: int, first: int) -> None:
    """Merge a row cut by the page break, and extend merged label cells over the break."""
    above = _covering(table, last)
    below_origin = _origin_cells(table, first)
    own_above = {c.col: c for c in above.values() if c.row == last and c.row_span == 1}
    filled_above = {col for col, c in own_above.items() if c.text.strip()}
    filled_below = {col for col, c in below_origin.items() if c.text.strip()}
    values_below = any(_VALUE.match(below_origin[col].text.strip()) for col in filled_below)
    # A figure (分值, 得分) never wraps: the row above keeping one whose column is blank below
    # marks the row below as its wrapped tail, however many of its text columns wrap on.
    values_left_above = any(_VALUE.match(own_above[col].text.strip()) for col in filled_above - filled_below)
    if (filled_below and filled_above and filled_below < filled_above
            and (len(filled_below) * 2 <= len(filled_above) or values_left_above)
            and not values_below
            and all(_slot_filled(above, col, below_origin[col]) for col in filled_below)
            and _same_layout(above, below_origin)):
        # The first row below continues the last row above: one row.
        gone = []
        for col, low in below_origin.items():
            up = above.get(col)
            if up is None or up.col != col:
                continue
            if low.text.strip():
                up.text = join_wrapped([up.text, low.text])
            up.row_span += low.row_span  # covers the cut row too until it is removed
            _absorb(up, low)
            gone.append(low)
        ids = {id(c) for c in gone}
        table.cells = [c for c in table.cells if id(c) not in ids]
        _shift_rows_up(table, first)
        return
    # A blank cell right below a multi-row label cell that ends at the break is its
    # continuation: extend the label's row_span.
    gone = []
    for col, low in below_origin.items():
        up = above.get(col)
        if (up is None or up.col != col or up.col_span != low.col_span or low.text.strip()
                or not up.text.strip() or up.row + up.row_span != first):
            continue
        if up.row_span > 1 or _is_label_column(table, col):
            up.row_span += low.row_span
            _absorb(up, low)
            gone.append(low)
    ids = {id(c) for c in gone}
    table.cells = [c for c in table.cells if id(c) not in ids]


def _absorb(up: Cell, low: Cell) -> None:
    """Keep where the absorbed piece was printed."""
    if low.page is not None and low.x0 is not None:
        up.continued.append((low.page, low.x0, low.top, low.x1, low.bottom))
    up.continued.extend(low.continued)


def _slot_filled(above: dict[int, Cell], col: int, low: Cell) -> bool:
    up = above.get(col)
    return up is not None and up.col == col and up.col_span == low.col_span and bool(up.text.strip())


def _same_layout(above: dict[int, Cell], below: dict[int, Cell]) -> bool:
    for col, low in below.items():
        up = above.get(col)
        if up is None or up.col != col or up.col_span != low.col_span:
            return False
    return True


def _is_label_column(table: Table, col: int) -> bool:
    """A column whose cells span several rows somewhere (a grouping label column)."""
    return any(c.col == col and c.row_span > 1 for c in table.cells)


def _shift_rows_up(table: Table, removed_row: int) -> None:
    for c in table.cells:
        if c.row > removed_row:
            c.row -= 1
        elif c.row < removed_row < c.row + c.row_span:
            c.row_span -= 1
    table.n_rows -= 1


def stitch(placed: list[Placed]) -> list[tuple[Table, list[int]]]:
    """Page tables in document order -> logical tables, each with the indexes of the page
    tables it was built from."""
    out: list[tuple[Table, list[int]]] = []
    current: Placed | None = None
    offsets: dict[int, float] = {}  # page -> x offset of the current logical table's part there
    for i, item in enumerate(placed):
        if current is not None and out and should_join(current, item, offsets):
            joined = join(out[-1][0], item.table, _tolerance(out[-1][0], item.table), offsets)
            out[-1] = (joined, out[-1][1] + [i])
            current = Placed(joined, item.page, item.page_height, current.text_above, item.text_below,
                             current.top, item.bottom)
            continue
        out.append((item.table, [i]))
        current = item
        offsets = {}
    return out
