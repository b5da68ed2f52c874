"""The fast table-page path (pdfium chars + pdfplumber's geometry-only pass) must read every
table exactly as pdfplumber's full pass does, on every PDF the project has: the dev
renderings, the geometry fixtures and the producer render variants."""
from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import make_pdf_fixtures as fixtures  # noqa: E402
import make_pdf_render_variants as variants  # noqa: E402

from jixiao.extract.pdf_grid import page_edges  # noqa: E402
from jixiao.extract.pdf_reader import plumber_page  # noqa: E402
from jixiao.extract.plumber_geometry import load_geometry  # noqa: E402
from jixiao.extract.triage import triage  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
DEV_PDFS = sorted(p.name for p in DEV.glob("*.pdf") if "scan" not in p.name)


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fast_path")


def _sources(out_dir: Path, kind: str, name: str) -> Path:
    if kind == "dev":
        return DEV / name
    module = fixtures if kind == "fixture" else variants
    path, _expected = module.build(name, out_dir)
    return path


def _cells(content) -> list:
    return [[(c.row, c.col, c.row_span, c.col_span, c.text, round(c.x0), round(c.top)) for c in t.cells]
            for t in content.tables]


CASES = ([("dev", n) for n in DEV_PDFS] + [("fixture", n) for n in fixtures.FIXTURES]
         + [("variant", n) for n in variants.VARIANTS])


@pytest.mark.parametrize("kind,name", CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_fast_path_reads_the_same_tables(kind, name, out_dir):
    path = _sources(out_dir, kind, name)
    infos = [i for i in triage(path, want_chars=lambda info: not info.image_only)
             if i.table_candidate and i.rotation == 0]
    assert infos or kind != "dev", "a dev PDF with no table candidate page"
    for info in infos:
        with pdfplumber.open(path) as pdf:
            full = plumber_page(pdf.pages[info.page - 1], info.page)
        with pdfplumber.open(path) as pdf:
            fast = plumber_page(pdf.pages[info.page - 1], info.page, info.chars)
        assert _cells(fast) == _cells(full), f"page {info.page}"
        assert [b.text for b in fast.blocks] == [b.text for b in full.blocks], f"page {info.page}"


def test_geometry_pass_loads_no_font_and_keeps_every_rule():
    path = DEV / "seed_report_lo.pdf"
    page_no = next(i.page for i in triage(path) if i.table_candidate)
    with pdfplumber.open(path) as pdf:
        full_edges = page_edges(pdf.pages[page_no - 1])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_no - 1]
        load_geometry(page)
        assert page.chars == []
        assert pdf.rsrcmgr._cached_fonts == {}  # pdfminer parsed no font program
        fast_edges = page_edges(page)
    key = lambda e: (e["orientation"], round(e["x0"], 2), round(e["top"], 2), round(e["x1"], 2),
                     round(e["bottom"], 2))
    assert len(full_edges) > 20
    assert sorted(map(key, fast_edges)) == sorted(map(key, full_edges))
