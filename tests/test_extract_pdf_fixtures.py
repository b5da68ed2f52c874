"""Project-made geometry fixtures (tests/fixtures/make_pdf_fixtures.py): each PDF is drawn with
ReportLab into tmp_path at test time and read back; grids, spans, pages and captions must be
exactly the expected ones."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import make_pdf_fixtures as fixtures  # noqa: E402

from jixiao.extract.model import TableRef  # noqa: E402
from jixiao.extract.pdf_reader import read_pdf  # noqa: E402


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf_fixtures")


@pytest.mark.parametrize("name", list(fixtures.FIXTURES))
def test_fixture(name, out_dir):
    path, expected = fixtures.build(name, out_dir)
    check_read(read_pdf(path), expected)


def check_read(doc, expected: dict, visible_frame: bool = False) -> None:
    """A PDF read against a generator's expectation: tables (grid, spans, pages, caption, cell
    boxes; with visible_frame, boxes in the visible page's frame), text lines present or absent,
    reading order and page sizes where the expectation names them."""
    assert doc.format == "pdf"
    assert len(doc.tables) == len(expected["tables"]), [t.grid() for t in doc.tables]
    for table, want in zip(doc.tables, expected["tables"]):
        assert table.grid() == want["grid"]
        spans = {(c.row, c.col): (c.row_span, c.col_span) for c in table.cells
                 if c.row_span > 1 or c.col_span > 1}
        assert spans == want["spans"]
        assert [table.page_start, table.page_end] == want["pages"]
        if "caption" in want:
            assert table.caption == want["caption"]
        for cell in table.cells:
            assert cell.page is not None and cell.x0 < cell.x1 and cell.top < cell.bottom
            if visible_frame:
                assert 0 <= cell.x0 and 0 <= cell.top
    texts = [b.text for b in doc.blocks if not isinstance(b, TableRef)]
    for text in expected.get("text", []):
        assert text in texts
    for text in expected.get("not_text", []):
        assert not any(text in t for t in texts), text
    for text in expected.get("contains", []):
        assert any(text in t for t in texts), (text, texts)
    if "order" in expected:
        seq = ["TABLE" if isinstance(b, TableRef) else b.text for b in doc.blocks]
        assert [s for s in seq if s in expected["order"]] == expected["order"]
    if "page_sizes" in expected:
        assert doc.page_sizes == expected["page_sizes"]


def test_split_row_cells_keep_their_pages(out_dir):
    path, _ = fixtures.build("split_no_header", out_dir)
    table = read_pdf(path).tables[0]
    assert {c.page for c in table.cells} == {1, 2}
    total = next(c for c in table.cells if c.text == "总分")
    assert total.page == 2
    merged = next(c for c in table.cells if c.text == "满意度指标")
    assert merged.page == 1  # the merged row keeps the box where it starts
    assert [piece[0] for piece in merged.continued] == [2]  # and where its tail was printed
    label = next(c for c in table.cells if c.text == "绩效指标")
    assert [piece[0] for piece in label.continued] == [2]


def test_ocr_parts_stitch_with_looser_edges():
    """Scanned parts (cells with an OCR confidence) join although their column edges differ
    by a few points; the shared assemble step serves both readers."""
    from jixiao.extract.model import Cell, PageContent, Table
    from jixiao.extract.pdf_reader import assemble

    def part(page, xs, rows, top):
        cells = [Cell(r, c, text, page=page, x0=xs[c], x1=xs[c + 1], top=top + 20 * r,
                      bottom=top + 20 * (r + 1), confidence=0.9)
                 for r, row in enumerate(rows) for c, text in enumerate(row)]
        return Table(cells, len(rows), len(xs) - 1, page_start=page, page_end=page)

    first = part(1, [50, 150, 300, 500], [["三级指标", "分值", "得分"]] + [["甲", "1", "1"]] * 30, 100)
    second = part(2, [55, 146, 305, 496], [["乙", "2", "2"]], 60)
    doc = assemble("scan.pdf", [PageContent(1, 595, 842, tables=[first], ocr=True),
                                PageContent(2, 595, 842, tables=[second], ocr=True)])
    assert len(doc.tables) == 1
    assert doc.tables[0].n_cols == 3 and doc.tables[0].grid()[-1] == ["乙", "2", "2"]
