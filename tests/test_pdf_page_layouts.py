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
