"""The cells table as reviewers' outputs look cells up: by (doc_id, table_index), the cell a
flag points at (by row and column, else by its printed value), the table's grid and its
header-like rows. Shared by review.html (crops, context rows) and review.xlsx (sheet and A1
reference of a spreadsheet flag), so both name the same cell."""
from __future__ import annotations

import pandas as pd

from .tables import as_int, as_text

HEADER_WORDS = ("得分", "分值", "权重", "指标", "预算数", "执行数", "执行率", "完成值", "目标")


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").rstrip("%"))
        return True
    except ValueError:
        return False


def _norm(text) -> str:
    return "".join(as_text(text).split())


class CellIndex:
    """Lookup of the cells table by (doc_id, table_index), converted to plain records once."""

    def __init__(self, cells: pd.DataFrame, doc_ids=None):
        self._by_table: dict[tuple[str, int], list[dict]] = {}
        self._grids: dict[tuple[str, int], list[tuple[int, int, int, int, str]]] = {}
        self._headers: dict[tuple[str, int], list[int]] = {}
        needed = {"doc_id", "table_index", "row", "col"}
        if not len(cells) or not needed <= set(cells.columns):
            return
        frame = cells if doc_ids is None else cells[cells["doc_id"].isin(set(doc_ids))]
        frame = frame.copy()
        for column in ("table_index", "row", "col"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        frame = frame.dropna(subset=["table_index", "row", "col"])
        for column in ("table_index", "row", "col"):
            frame[column] = frame[column].astype("int64")
        frame = frame.astype(object).where(frame.notna(), None)
        for record in frame.to_dict("records"):
            self._by_table.setdefault((record["doc_id"], record["table_index"]), []).append(record)

    def records(self, doc_id, table_index) -> list[dict]:
        """The table's cells as dicts (row and col as int)."""
        if doc_id is None or table_index is None:
            return []
        return self._by_table.get((doc_id, int(table_index)), [])

    def locate(self, flag: dict) -> dict | None:
        """The flagged cell as a dict (row, col, page, box...), by row/col or by the stated text."""
        records = self.records(flag.get("doc_id"), as_int(flag.get("table_index")))
        if not records:
            return None
        row, col = as_int(flag.get("row")), as_int(flag.get("col"))
        if row is not None and col is not None:
            for record in records:
                if record["row"] == row and record["col"] == col:
                    return dict(record)
        stated = _norm(flag.get("stated"))
        if not stated:
            return None
        match = [r for r in records if _norm(r.get("text")) == stated]
        page = as_int(flag.get("page"))
        if len(match) > 1 and page is not None:
            on_page = [r for r in match if as_int(r.get("page")) == page]
            match = on_page or match
        if len(match) != 1:      # only an unambiguous match: a wrong box misleads
            return None
        return {**match[0], "_guessed": True}

    def grid(self, doc_id, table_index) -> list[tuple[int, int, int, int, str]]:
        """The table's cells as (row, col, row_span, col_span, text), computed once per table."""
        key = (doc_id, int(table_index))
        if key not in self._grids:
            self._grids[key] = [
                (r["row"], r["col"], max(1, as_int(r.get("row_span")) or 1),
                 max(1, as_int(r.get("col_span")) or 1), as_text(r.get("text")))
                for r in self.records(doc_id, table_index)]
        return self._grids[key]

    def header_rows(self, doc_id, table_index) -> list[int]:
        """Rows that read like a column header: two or more cells holding a header word and
        no cell a number. Sorted."""
        key = (doc_id, int(table_index))
        if key not in self._headers:
            by_row: dict[int, list[str]] = {}
            for r, _, _, _, text in self.grid(doc_id, table_index):
                by_row.setdefault(r, []).append(text)
            self._headers[key] = sorted(
                r for r, texts in by_row.items()
                if sum(any(w in t for w in HEADER_WORDS) for t in texts) >= 2
                and not any(_is_number(t) for t in texts))
        return self._headers[key]

    def header_row_above(self, doc_id, table_index, lo: int) -> int | None:
        """The nearest header-like row above row `lo`, so a reviewer sees what columns mean."""
        if doc_id is None or table_index is None:
            return None
        above = [r for r in self.header_rows(doc_id, table_index) if r < lo]
        return above[-1] if above else None
