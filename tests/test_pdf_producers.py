"""Another PDF producer prints the same page: the extraction must not change.

Every dev PDF is re-written by two other producers and must extract as its golden file says,
with the same text blocks and section headings as the original:

- cairo (poppler's pdftocairo, and every tool that prints through cairo): fonts set at 1 pt
  and scaled by the text matrix, re-embedded CJK fonts whose ascent and descent span ~2.9 em,
  the whole page scaled by 0.9988, and bold text drawn twice: as text, and as the glyphs'
  stroked contours;
- Ghostscript's pdfwrite (re-distilling, "compressing" a PDF): fonts re-embedded as CFF with a
  StemV from which pdfium guesses every face bold; a TrueType subset in WinAnsi loses its
  ToUnicode map, so such a page does not decode and must go to OCR.

poppler-utils and ghostscript are installed by scripts/test.sh.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.extract.model import TextBlock
from jixiao.extract.pdf_reader import read_pdf
from jixiao.extract.pdfium_geometry import _is_lettering, _TextBands
from jixiao.normalize.sections import build_sections

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
GOLDEN = ROOT / "tests" / "fixtures" / "pdf" / "golden"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from make_pdf_golden import DEV_PDFS, snapshot_doc  # noqa: E402

PRODUCERS = {
    "cairo": lambda src, dst: ["pdftocairo", "-pdf", str(src), str(dst)],
    "ghostscript": lambda src, dst: ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o", str(dst), str(src)],
}
# Ghostscript keeps ToUnicode for the CID fonts LibreOffice writes, not for reportlab's
# WinAnsi TrueType subsets: those files are checked for going to OCR instead.
UNDECODABLE = {("ghostscript", name) for name in DEV_PDFS if name.endswith("_rl.pdf")}


def _require_tools() -> None:
    if not CORPUS.is_dir():
        pytest.fail(f"dev corpus not found at {CORPUS}: CI must check out ../shared beside the repo")
    for tool, package in (("pdftocairo", "poppler-utils"), ("gs", "ghostscript")):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found: scripts/test.sh installs {package}")


@pytest.fixture(scope="module")
def rewritten(tmp_path_factory):
    """{producer: folder of the dev PDFs as that producer re-wrote them}."""
    _require_tools()
    out = {}
    for producer, command in PRODUCERS.items():
        folder = tmp_path_factory.mktemp(producer)
        for name in DEV_PDFS:
            subprocess.run(command(CORPUS / name, folder / name), check=True, timeout=300, capture_output=True)
        out[producer] = folder
    return out


@functools.lru_cache(maxsize=None)
def _original(name: str):
    return read_pdf(CORPUS / name)


def _squeezed(cells: list) -> list:
    return [cell[:-1] + [re.sub(r"\s+", "", cell[-1])] for cell in cells]


def _texts(doc) -> list[str]:
    return [re.sub(r"\s+", "", b.text) for b in doc.text_blocks()]


def _headings(doc) -> list[str]:
    # spaces aside: cairo leaves out space glyphs, and a 0.25 em gap between a CJK character
    # and a digit is LibreOffice's autospacing as often as a space
    return [re.sub(r"\s+", "", s.heading) for s in build_sections(doc.blocks, doc.tables) if s.heading]


@pytest.mark.parametrize("producer, name", [(p, n) for p in PRODUCERS for n in DEV_PDFS if (p, n) not in UNDECODABLE])
def test_a_rewritten_pdf_extracts_the_golden_tables_and_the_same_text(rewritten, producer, name):
    path = rewritten[producer] / name
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert {"cairo": "cairo", "ghostscript": "Ghostscript"}[producer] in info   # another producer's file
    doc = read_pdf(path)
    golden = json.loads((GOLDEN / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    got = snapshot_doc(doc, name)
    assert not doc.warnings
    assert got["pages"] == golden["pages"]
    assert [(t["page_start"], t["n_rows"], t["n_cols"]) for t in got["tables"]] == \
        [(t["page_start"], t["n_rows"], t["n_cols"]) for t in golden["tables"]]
    for g, e in zip(got["tables"], golden["tables"]):
        # spaces aside: a gap of a quarter em between an ideograph and a digit is a space or
        # autospace by a hair, and a producer that scales the page by 0.9988 moves it
        assert _squeezed(g["cells"]) == _squeezed(e["cells"])
        assert g["caption"] == e["caption"]
    assert _texts(doc) == _texts(_original(name))
    assert _headings(doc) == _headings(_original(name))


@pytest.mark.parametrize("producer, name", sorted(UNDECODABLE))
def test_a_page_whose_fonts_lost_their_unicode_goes_to_ocr(rewritten, producer, name):
    from jixiao.extract.pdf_reader import _route
    from jixiao.extract.triage import triage
    pages = [info for info in triage(rewritten[producer] / name) if info.n_chars >= 20]
    assert pages and all(info.garbled for info in pages)
    assert {_route(info) for info in pages} == {"ocr-garbled"}
    assert not any(info.garbled for info in triage(CORPUS / name))


def test_cairo_chars_have_printed_sizes_and_em_high_boxes(rewritten):
    """Sizes are the font size times the text matrix's scale (cairo: 1 pt x 18), and a glyph
    whose font claims a 2.9 em ascent+descent gets its em box on the baseline."""
    from jixiao.extract.triage import triage
    name = "01_jiceng-dangzuzhi-dangjian_lo.pdf"
    (orig,) = triage(CORPUS / name, want_chars=lambda info: True)
    (ours,) = triage(rewritten["cairo"] / name, want_chars=lambda info: True)
    assert [c["text"] for c in ours.chars][:20] == [c["text"] for c in orig.chars][:20]
    for a, b in zip(orig.chars, ours.chars):
        if a["text"].strip():
            assert b["size"] == pytest.approx(a["size"], rel=0.01), a["text"]
            assert b["bottom"] - b["top"] <= 1.6 * b["size"], b
            assert b["top"] == pytest.approx(a["top"], abs=2.0) and b["x0"] == pytest.approx(a["x0"], abs=1.0), b


# ---------------------------------------------------------------- lettering drawn as paths

def _glyph(x: float, top: float, size: float = 10.0, curves: int = 4) -> tuple[str, list]:
    """A closed contour in PDF space (y up, page height 800): straight sides plus `curves`
    Bezier segments, as a glyph's outline."""
    y = 800 - top
    pts = [(x, y), (x + size, y), (x + size, y - size), (x, y - size)] + [(x + 0.5, y - 0.5)] * curves
    return "m" + "lll" + "c" * curves + "h", pts + [(x, y)]


def test_many_curved_contours_in_a_line_of_type_are_lettering():
    text = _TextBands([], (0.0, 0.0))
    subpaths = [_glyph(100 + 11 * k, 100, curves=4) for k in range(7)]      # 28 curves
    assert _is_lettering(subpaths, text, 0.0, 800.0)
    taller = subpaths + [_glyph(100, 160)]                                   # two lines of type apart
    assert not _is_lettering(taller, text, 0.0, 800.0)


def test_a_straight_path_lying_on_the_chars_is_lettering_a_rule_beyond_them_is_not():
    chars = [{"text": ch, "x0": 100 + 12 * k, "x1": 112 + 12 * k, "top": 98, "bottom": 112}
             for k, ch in enumerate("三、预算管理")]
    text = _TextBands(chars, (0.0, 0.0))
    on_text = [_glyph(101 + 12 * k, 100, curves=0) for k in range(3)]      # 3 contours, 12 segments
    assert _is_lettering(on_text, text, 0.0, 800.0)
    # the same strokes where no char stands (a drawing, a logo's bars) stay
    assert not _is_lettering(on_text, _TextBands([], (0.0, 0.0)), 0.0, 800.0)
    # a cell's frame drawn as one path around the text reaches beyond the chars: a rule
    frame = [("mlllh", [(90, 715), (200, 715), (200, 685), (90, 685), (90, 715)]),
             ("mlllh", [(200, 715), (320, 715), (320, 685), (200, 685), (200, 715)])]
    assert not _is_lettering(frame, text, 0.0, 800.0)
    # a page moved by its media box: the points are shifted back before the chars are asked
    moved = [(shape, [(x - 50, y) for x, y in pts]) for shape, pts in on_text]
    assert _is_lettering(moved, text, 50.0, 800.0)
    assert not _is_lettering(moved, text, 0.0, 800.0)


def test_few_segments_are_never_lettering():
    chars = [{"text": "一", "x0": 100, "x1": 112, "top": 98, "bottom": 112}]
    rule = [("ml", [(100, 705), (112, 705)])]     # an underline under the char
    assert not _is_lettering(rule, _TextBands(chars, (0.0, 0.0)), 0.0, 800.0)


# ---------------------------------------------------------------- a page scaled by its producer

def test_a_heading_half_a_point_over_the_body_on_a_page_scaled_down_is_a_heading():
    """cairo scales pages by 0.9988: an 11.5 pt heading over 11 pt text prints as 11.49 / 10.99,
    and must be found as it is at 11.5 / 11."""
    def line(text, top, size):
        return TextBlock(text=text, page=1, x0=80.0, top=top, x1=80.0 + size * len(text), bottom=top + size,
                         size=size)
    body = "评价工作按照财政部门的要求开展，资料收集齐全，分析方法得当，结论客观。"
    for head_size, body_size in ((11.5, 11.0), (11.49, 10.99)):
        blocks = [line(body, 100 + 20 * k, body_size) for k in range(6)]
        blocks.insert(3, line("项目基本情况", 160, head_size))
        assert [s.heading for s in build_sections(blocks, []) if s.heading] == ["项目基本情况"], head_size


def test_a_gap_of_exactly_a_quarter_em_is_no_space_whatever_the_float_noise():
    """Chromium sets exactly 0.25 em between 4 and 绩; at its true size (CSS px x 0.75) that gap
    sat on the 0.25 em word-space threshold, and float noise made sibling headings come out as
    '4 绩效…' and '5存在…'. A wider gap is still a space."""
    from jixiao.extract.pdf_text import line_text

    def chars(*parts):
        out, x = [], 0.0
        for text, gap in parts:
            x += gap
            w = 12.0 if ord(text) > 0x2e80 else 6.0
            out.append({"text": text, "x0": x, "x1": x + w, "top": 0.0, "bottom": 12.0, "size": 12.0})
            x += w
        return out

    assert line_text(chars(("4", 0), ("绩", 2.9999999), ("效", 0))) == "4绩效"
    assert line_text(chars(("5", 0), ("存", 3.0000001), ("在", 0))) == "5存在"
    assert line_text(chars(("益", 0), ("4", 3.4), ("个", 0))) == "益 4个"      # LibreOffice's space
    assert line_text(chars(("A", 0), ("B", 3.1))) == "A B"                   # Latin words: a quarter em
