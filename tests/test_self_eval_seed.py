"""The seven 自评表 of the dev seed report, read straight from its .docx (merged cells as
Word stores them: gridSpan / vMerge), checked against the document gold. Also provides
`docx_tables(path)` for other tests of this area."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.model import Cell, Table

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_DOCX = SHARED / "corpus" / "dev" / "seed_report.docx"
SEED_GOLD = SHARED / "corpus" / "dev" / "gold" / "seed_report.json"


def docx_tables(path: Path) -> list[Table]:
    """Tables of a .docx as extract.model.Table, with merged cells and the caption lines
    (up to three non-empty paragraphs just above each table)."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    body = document.element.body
    tables, recent = [], []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                recent = (recent + [text])[-3:]
        elif child.tag == qn("w:tbl"):
            cells: list[Cell] = []
            open_cells: dict[int, Cell] = {}
            n_cols = 0
            rows = child.findall(qn("w:tr"))
            for r, tr in enumerate(rows):
                col = 0
                trpr = tr.find(qn("w:trPr"))
                if trpr is not None and trpr.find(qn("w:gridBefore")) is not None:
                    col += int(trpr.find(qn("w:gridBefore")).get(qn("w:val")))
                for tc in tr.findall(qn("w:tc")):
                    tcpr = tc.find(qn("w:tcPr"))
                    span, vmerge = 1, None
                    if tcpr is not None:
                        gs = tcpr.find(qn("w:gridSpan"))
                        if gs is not None:
                            span = int(gs.get(qn("w:val")))
                        vm = tcpr.find(qn("w:vMerge"))
                        if vm is not None:
                            vmerge = vm.get(qn("w:val")) or "continue"
                    paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.findall(qn("w:p"))]
                    text = "\n".join(p for p in paras)
                    text = text.strip("\n")
                    if vmerge == "continue" and col in open_cells:
                        open_cells[col].row_span = r - open_cells[col].row + 1
                    else:
                        cell = Cell(row=r, col=col, text=text, col_span=span)
                        cells.append(cell)
                        if vmerge == "restart":
                            open_cells[col] = cell
                        else:
                            open_cells.pop(col, None)
                    col += span
                n_cols = max(n_cols, col)
            tables.append(Table(cells=cells, n_rows=len(rows), n_cols=n_cols, caption=list(recent)))
            recent = []
    return tables


@pytest.fixture(scope="module")
def seed_tables():
    if not SEED_DOCX.exists():
        pytest.skip("dev corpus not present")
    return docx_tables(SEED_DOCX)
