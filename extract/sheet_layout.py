"""One worksheet, read by any spreadsheet reader -> tables and text blocks in row order.

A sheet is a grid of cells without pages; a 自评表 in it is a block of rows drawn with cell
borders (the title, `（2024年度）` and `单位：万元` rows above it and the signature lines below
stand outside the borders). So tables are found as PDF tables are, by their rules: the rows
that carry a vertical border (a cell's left or right side), in unbroken runs, over the columns
their bordered cells cover. A sheet drawn without any borders falls back to the layout alone:
a run of rows holding two or more cells, blank rows ending it. Everything outside a table is
text, one block per row (a merged title is one cell, so one line).

Readers fill `SheetData` (0-based rows and columns) and call `sheet_content`; merged ranges
become row_span / col_span, each Cell keeps its sheet and A1 reference, hidden rows and
columns are kept with Cell.hidden set.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Cell, Table, TextBlock

LEFT, RIGHT, TOP, BOTTOM = 1, 2, 4, 8


@dataclass
class SheetCell:
    text: str = ""
    bold: bool | None = None
    size: float | None = None        # font size in points
    borders: int = 0                 # LEFT | RIGHT | TOP | BOTTOM sides drawn


@dataclass
class SheetData:
    name: str
    cells: dict[tuple[int, int], SheetCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    hidden: bool = False             # the sheet itself is hidden


def column_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def a1(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def a1_range(r0: int, c0: int, r1: int, c1: int) -> str:
    return a1(r0, c0) if (r0, c0) == (r1, c1) else f"{a1(r0, c0)}:{a1(r1, c1)}"


@dataclass
class _Unit:
    """A merged range or a single cell: what prints as one box."""
    r0: int
    c0: int
    r1: int
    c1: int
    cell: SheetCell


def _units(sheet: SheetData) -> list[_Unit]:
    covered: dict[tuple[int, int], _Unit] = {}
    units: list[_Unit] = []
    for r0, c0, r1, c1 in sheet.merges:
        if any((r, c) in covered for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)):
            continue  # overlapping merges in a damaged file: the first stands
        top_left = sheet.cells.get((r0, c0), SheetCell())
        # A merged range's borders are drawn by its edge cells; any of them counts.
        borders = 0
        for r in range(r0, r1 + 1):
            for c in (range(c0, c1 + 1) if r in (r0, r1) else (c0, c1)):
                cell = sheet.cells.get((r, c))
                if cell is not None:
                    borders |= cell.borders
        unit = _Unit(r0, c0, r1, c1, SheetCell(top_left.text, top_left.bold, top_left.size, borders))
        units.append(unit)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                covered[(r, c)] = unit
    for (r, c), cell in sheet.cells.items():
        if (r, c) not in covered and (cell.text or cell.borders):
            units.append(_Unit(r, c, r, c, cell))
    units.sort(key=lambda u: (u.r0, u.c0))
    return units


def _table_row_runs(units: list[_Unit]) -> list[tuple[int, int]]:
    """(first, last) row of each table: runs of rows with a vertical rule, else (no rule on
    the sheet) runs of rows with two or more filled cells."""
    ruled: set[int] = set()
    for u in units:
        if u.cell.borders & (LEFT | RIGHT):
            ruled.update(range(u.r0, u.r1 + 1))
    if not ruled:
        per_row: dict[int, int] = {}
        spans: dict[int, bool] = {}
        for u in units:
            if u.cell.text.strip():
                per_row[u.r0] = per_row.get(u.r0, 0) + 1
                for r in range(u.r0 + 1, u.r1 + 1):
                    spans[r] = True
        multi = sorted(r for r, n in per_row.items() if n >= 2)
        if not multi:
            return []
        filled = set(per_row) | set(spans)
        runs, start, prev = [], multi[0], multi[0]
        for r in multi[1:]:
            if all(x in filled for x in range(prev + 1, r)):
                prev = r          # single-cell rows between table rows belong to the table
                continue
            runs.append((start, prev))
            start = prev = r
        runs.append((start, prev))
        return runs
    rows = sorted(ruled)
    runs, start, prev = [], rows[0], rows[0]
    for r in rows[1:]:
        if r != prev + 1:
            runs.append((start, prev))
            start = r
        prev = r
    runs.append((start, prev))
    return runs


def _trim(units: list[_Unit], r0: int, r1: int) -> tuple[int, int, int, int] | None:
    """The table's box: rows r0..r1 without the text-free rows at either end (bordered blank
    rows a sheet formats far down), columns the ruled or filled cells cover."""
    inside = [u for u in units if r0 <= u.r0 <= r1]
    texts = [u for u in inside if u.cell.text.strip()]
    if not texts:
        return None
    top = min(u.r0 for u in texts)
    bottom = max(u.r1 for u in texts)
    bottom = min(bottom, r1)
    # Columns: the bordered cells of the kept rows, else the filled ones.
    kept = [u for u in inside if top <= u.r0 <= bottom]
    ruled = [u for u in kept if u.cell.borders] or texts
    left = min(u.c0 for u in ruled + texts)
    right = max(u.c1 for u in ruled + texts)
    return top, left, bottom, right


def sheet_content(sheet: SheetData) -> list[TextBlock | Table]:
    """The sheet's text rows and tables, top to bottom."""
    units = _units(sheet)
    boxes = []
    for r0, r1 in _table_row_runs(units):
        box = _trim(units, r0, r1)
        if box is not None:
            boxes.append(box)
    items: list[tuple[int, int, TextBlock | Table]] = []
    in_table: set[int] = set()
    for top, left, bottom, right in boxes:
        table = _table(sheet, units, top, left, bottom, right)
        if table.n_rows >= 2 and table.n_cols >= 2:
            items.append((top, 0, table))
            in_table.update(range(top, bottom + 1))
    by_row: dict[int, list[_Unit]] = {}
    for u in units:
        if u.cell.text.strip() and u.r0 not in in_table:
            by_row.setdefault(u.r0, []).append(u)
    for r, row_units in by_row.items():
        row_units.sort(key=lambda u: u.c0)
        first = row_units[0].cell
        text = " ".join(u.cell.text.strip() for u in row_units)
        items.append((r, 1, TextBlock(text=text, size=first.size, bold=first.bold,
                                      style=None)))
    items.sort(key=lambda it: (it[0], it[1]))
    return [item for _, _, item in items]


def _table(sheet: SheetData, units: list[_Unit], top: int, left: int, bottom: int, right: int) -> Table:
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for u in units:
        if u.r0 > bottom or u.r1 < top or u.c0 > right or u.c1 < left:
            continue
        r0, c0 = max(u.r0, top), max(u.c0, left)
        r1, c1 = min(u.r1, bottom), min(u.c1, right)
        if (r0, c0) in taken:
            continue
        # hidden: the whole box is out of sight (all its rows or all its columns hidden)
        hidden = (sheet.hidden or all(r in sheet.hidden_rows for r in range(r0, r1 + 1))
                  or all(c in sheet.hidden_cols for c in range(c0, c1 + 1)))
        cells.append(Cell(row=r0 - top, col=c0 - left, text=u.cell.text.strip(), row_span=r1 - r0 + 1,
                          col_span=c1 - c0 + 1, sheet=sheet.name, ref=a1_range(u.r0, u.c0, u.r1, u.c1),
                          hidden=hidden))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                taken.add((r, c))
    for r in range(top, bottom + 1):    # empty slots: cells too, so every grid slot has a ref
        for c in range(left, right + 1):
            if (r, c) not in taken:
                cells.append(Cell(row=r - top, col=c - left, text="", sheet=sheet.name, ref=a1(r, c),
                                  hidden=r in sheet.hidden_rows or c in sheet.hidden_cols or sheet.hidden))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(cells=cells, n_rows=bottom - top + 1, n_cols=right - left + 1, sheet=sheet.name)


