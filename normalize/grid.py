"""Slot -> covering cell lookups over one extracted table, and the CellRef of a cell."""
from __future__ import annotations

from jixiao.extract.model import Cell, Table

from .numbers import clean_text
from .records import CellRef

__all__ = ["Grid", "cell_text"]


class Grid:
    """Which cell covers each (row, col) slot of one table."""

    def __init__(self, table: Table, table_index: int):
        self.table, self.table_index = table, table_index
        self.slots: dict[tuple[int, int], Cell] = {}
        # Where merged cells overlap (a label merged down over a row that starts its own cell
        # in the same column), the cell that starts later wins: it is the more specific one.
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            for r in range(cell.row, min(cell.row + cell.row_span, table.n_rows)):
                for c in range(cell.col, min(cell.col + cell.col_span, table.n_cols)):
                    self.slots[(r, c)] = cell

    def at(self, r: int, c: int) -> Cell | None:
        return self.slots.get((r, c))

    def row(self, r: int) -> list[Cell]:
        """Distinct cells covering row r, left to right."""
        out: list[Cell] = []
        for c in range(self.table.n_cols):
            cell = self.slots.get((r, c))
            if cell is not None and (not out or out[-1] is not cell):
                out.append(cell)
        return out

    def ref(self, cell: Cell) -> CellRef:
        return CellRef(self.table_index, cell.row, cell.col, cell.page, cell.x0, cell.top, cell.x1,
                       cell.bottom, cell.confidence)


def cell_text(cell: Cell | None) -> str | None:
    return clean_text(cell.text) if cell is not None else None
