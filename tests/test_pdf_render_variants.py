"""Rendering variants (tests/fixtures/make_pdf_render_variants.py): the same self-evaluation table as
different PDF producers draw it (filled-rectangle rules, per-cell rectangles, double frames,
rules that overshoot or stop short, dashed/dotted/grey rules, shading, per-glyph / TJ /
letter-spaced text, crop and media boxes off the origin, /Rotate, a table over three pages,
two tables back to back, a 三线表). Each must give exactly the golden grid."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import make_pdf_render_variants as variants  # noqa: E402

from jixiao.extract.model import TableRef  # noqa: E402
from jixiao.extract.pdf_reader import read_pdf  # noqa: E402
from test_extract_pdf_fixtures import check_read  # noqa: E402


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf_render_variants")


@pytest.mark.parametrize("name", list(variants.VARIANTS))
def test_variant(name, out_dir):
    path, expected = variants.build(name, out_dir)
    check_read(read_pdf(path), expected, visible_frame=True)


@pytest.mark.parametrize("name", ["offset_media", "crop_box"])
def test_text_pages_share_the_table_pages_frame(name, out_dir):
    """A page read by pdfplumber (table) and one read by pdfium (text only) place text in the
    same frame: the visible page's top-left corner is (0, 0)."""
    path, _ = variants.build(name, out_dir)
    doc = read_pdf(path)
    blocks = [b for b in doc.blocks if not isinstance(b, TableRef)]
    title = next(b for b in blocks if b.text == variants.TITLE)
    heading = next(b for b in blocks if b.text == "一、项目基本情况")
    width, height = doc.page_sizes[0]
    for b in (title, heading):
        assert 0 <= b.x0 < b.x1 <= width and 0 <= b.top < b.bottom <= height * 0.2
    # both drawn at the same offset from the media box's corner
    shift = 30.0 if name == "crop_box" else 0.0
    assert abs(heading.x0 - (60.0 - shift)) < 1.0


def test_shading_makes_no_boundaries(out_dir):
    """Shading behind part of a merged cell or only behind the words adds no rows/columns."""
    for name in ("shade_inset", "shade_partial"):
        path, expected = variants.build(name, out_dir)
        table = read_pdf(path).tables[0]
        assert (table.n_rows, table.n_cols) == (len(expected["tables"][0]["grid"]), 9)
