"""Tables as document producers lay them over pages (tests/fixtures/make_pdf_page_layouts.py):
running headers and page numbers around the breaks, a table broken between blocks that have
their own column grids, a page holding the end of one table and the start of the next, and
a cut row whose text wraps on below the break."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import make_pdf_page_layouts as layouts  # noqa: E402

from jixiao.extract.pdf_reader import read_pdf  # noqa: E402
from test_extract_pdf_fixtures import check_read  # noqa: E402


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf_page_layouts")


@pytest.mark.parametrize("name", list(layouts.LAYOUTS))
def test_layout(name, out_dir):
    path, expected = layouts.build(name, out_dir)
    check_read(read_pdf(path), expected)


def test_aligned_tables_read_the_same_from_a_scan(out_dir):
    """The 三线表 and the borderless table, scanned (no text layer, turned 0.6 degrees, JPEG),
    come out of the OCR reader through the same text-alignment builder: same grids (figures
    exact, words by similarity), same captions, prose kept as prose."""
    from test_scan_ocr import _NUM, _norm, _similar

    path, expected = layouts.build("aligned_tables", out_dir)
    doc = read_pdf(layouts.scanned(path, out_dir / "aligned_tables_scan.pdf"))
    assert doc.format == "scanned-pdf"
    assert len(doc.tables) == len(expected["tables"]), [t.grid() for t in doc.tables]
    for table, want in zip(doc.tables, expected["tables"]):
        assert (table.n_rows, table.n_cols) == (len(want["grid"]), len(want["grid"][0]))
        for got_row, want_row in zip(table.grid(), want["grid"]):
            for got, text in zip(got_row, want_row):
                if not text or _NUM.match(text) or text == "—":
                    assert got == text, (want_row, got_row)
                else:
                    assert _similar(got, text) >= 0.8, (want_row, got_row)
        assert [_norm(c) for c in table.caption] == [_norm(c) for c in want["caption"]]
        assert all(c.confidence is not None for c in table.cells if c.text)
    texts = [b.text for b in doc.text_blocks()]
    for line in expected["text"]:
        assert any(_similar(t, line) >= 0.9 for t in texts), (line, texts)
    assert not any("培训人次" in t or "年度资金总额" in t for t in texts)
