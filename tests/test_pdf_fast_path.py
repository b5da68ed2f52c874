"""The fast table-page path (pdfium chars + pdfium's path objects, no pdfminer) must read every
table exactly as pdfplumber's full pass does, on every PDF the project has: the dev
renderings, the geometry fixtures and the producer render variants. Cell boxes are compared
to the last digit: pdf_grid's clustering and the cells table's rounding see the same numbers."""
from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import make_pdf_fixtures as fixtures  # noqa: E402
import make_pdf_render_variants as variants  # noqa: E402

from jixiao.extract.pdf_reader import grid_page, plumber_page  # noqa: E402
from jixiao.extract.pdf_text import dedupe  # noqa: E402
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


def _cells(content, boxes_of_ruled_tables_only: bool = False) -> list:
    """Each cell's place, text and box. With the flag, a table read from text alignment leaves
    its boxes out: its bounds follow glyph extents, which pdfium and pdfminer measure a fraction
    of a point apart (compared separately, to half a point)."""
    return [[(c.row, c.col, c.row_span, c.col_span, c.text,
              *((c.x0, c.top, c.x1, c.bottom) if t.ruled or not boxes_of_ruled_tables_only else ()))
             for c in t.cells] for t in content.tables]


def _aligned_boxes(content) -> list:
    return [(c.x0, c.top, c.x1, c.bottom) for t in content.tables if not t.ruled for c in t.cells]


CASES = ([("dev", n) for n in DEV_PDFS] + [("fixture", n) for n in fixtures.FIXTURES]
         + [("variant", n) for n in variants.VARIANTS])


@pytest.mark.parametrize("kind,name", CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_fast_path_reads_the_same_tables(kind, name, out_dir):
    path = _sources(out_dir, kind, name)
    infos = [i for i in triage(path, want_chars=lambda info: not info.image_only,
                               want_geometry=lambda info: info.table_candidate)
             if i.table_candidate and i.rotation == 0]
    assert infos or kind != "dev", "a dev PDF with no table candidate page"
    for info in infos:
        with pdfplumber.open(path) as pdf:
            full = plumber_page(pdf.pages[info.page - 1], info.page)
        fast = grid_page(info.geometry, dedupe(info.chars), info.page, info.geometry.origin,
                         info.geometry.size)
        assert _cells(fast, True) == _cells(full, True), f"page {info.page}"
        for got, want in zip(_aligned_boxes(fast), _aligned_boxes(full), strict=True):
            assert got == pytest.approx(want, abs=0.5), f"page {info.page}"
        # page size: pdfium keeps box numbers as float32 (595.303937007874 comes back 595.304)
        assert (fast.width, fast.height) == pytest.approx((full.width, full.height), abs=1e-3)
        assert [b.text for b in fast.blocks] == [b.text for b in full.blocks], f"page {info.page}"


def test_unturned_table_pages_never_run_pdfminer(monkeypatch):
    """The point of the pdfium geometry: pdfminer's content-stream interpreter (most of a table
    page's time) does not run for a document whose pages are all unturned."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    from jixiao.extract.pdf_reader import read_pdf

    def refuse(*_args, **_kwargs):
        raise AssertionError("pdfminer interpreted a page")

    monkeypatch.setattr(PDFPageInterpreter, "process_page", refuse)
    doc = read_pdf(DEV / "seed_report_lo.pdf")
    assert len(doc.tables) >= 7 and not doc.warnings


def _minimal_pdf(content: bytes, pages_dict_extra: bytes, page_dict_extra: bytes = b"") -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 " + pages_dict_extra + b" >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> "
            + page_dict_extra + b" >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _grid_stream(x0: float, top: float, cols: int, rows: int, w: float = 80, h: float = 20) -> bytes:
    """A ruled rows x cols grid whose top-left corner is at (x0, top) in user space, a word
    in every cell."""
    ops = [b"0.5 w"]
    for r in range(rows + 1):
        ops.append(b"%g %g m %g %g l S" % (x0, top - r * h, x0 + cols * w, top - r * h))
    for c in range(cols + 1):
        ops.append(b"%g %g m %g %g l S" % (x0 + c * w, top, x0 + c * w, top - rows * h))
    for r in range(rows):
        for c in range(cols):
            ops.append(b"BT /F1 9 Tf %g %g Td (r%dc%d) Tj ET" % (x0 + c * w + 5, top - (r + 1) * h + 6, r, c))
    return b"\n".join(ops)


def test_media_box_inherited_from_the_page_tree(tmp_path):
    """A MediaBox on /Pages only (pdfium's box getters do not look there): chars and rules are
    measured from the real page top, the same as pdfplumber does."""
    path = tmp_path / "inherited.pdf"
    path.write_bytes(_minimal_pdf(_grid_stream(100, 800, 3, 3), b"/MediaBox [0 0 595 842]"))
    (info,) = triage(path, want_chars=lambda i: True, want_geometry=lambda i: True)
    assert info.table_candidate
    fast = grid_page(info.geometry, dedupe(info.chars), 1, info.geometry.origin, info.geometry.size)
    with pdfplumber.open(path) as pdf:
        full = plumber_page(pdf.pages[0], 1)
    assert _cells(fast) == _cells(full)
    assert fast.tables[0].cells[0].top == 42.0 and fast.tables[0].cells[0].text == "r0c0"


def test_a_page_pdfium_geometry_fails_on_goes_to_pdfplumber(monkeypatch):
    """One page whose path objects cannot be read must not lose the document: pdfplumber's
    full pass reads that page, with the same tables."""
    from jixiao.extract import triage as triage_module
    from jixiao.extract.pdf_reader import read_pdf

    path = DEV / "05_laomo-fuwu-huodong-jingfei_rl.pdf"
    expected = [[(c.row, c.col, c.text) for c in t.cells] for t in read_pdf(path).tables]

    def broken(*_args, **_kwargs):
        raise RuntimeError("unreadable path object")

    monkeypatch.setattr(triage_module, "page_geometry", broken)
    doc = read_pdf(path)
    assert [[(c.row, c.col, c.text) for c in t.cells] for t in doc.tables] == expected
