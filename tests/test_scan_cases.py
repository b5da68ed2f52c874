"""The cases of issue #13 on project-made scans at 150, 200 and 300 dpi (make_scan_cases.py):
a ≥ target and an operator column of lone symbols, a 、 list wrapped so 、 starts a line,
一级指标, a name with a character the recogniser cannot emit, and headings of every numbering
style set in bold at body size. Golden cell text after extraction and normalize's OCR
correction; the headings with their levels."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

import make_scan_cases as mc  # noqa: E402

from jixiao.extract import extract_document  # noqa: E402
from jixiao.normalize import normalize_document  # noqa: E402


@pytest.fixture(scope="module", params=mc.DPIS)
def case(request, tmp_path_factory):
    pdf = mc.make_pdf(request.param, tmp_path_factory.mktemp("cases") / f"cases_{request.param}.pdf")
    raw = extract_document(pdf)
    read = {(c.row, c.col): c.text for c in raw.tables[0].cells} if raw.tables else {}
    norm = normalize_document(raw, "doc")
    return request.param, raw, read, norm


def test_cells_exact(case):
    dpi, raw, _, norm = case
    assert raw.format == "scanned-pdf" and len(raw.tables) == 1
    table = raw.tables[0]
    assert (table.n_rows, table.n_cols) == (len(mc.ROW_H), len(mc.XS) - 1)
    got = {(c.row, c.col): c.text for c in table.cells}
    bad = {k: (want, got.get(k)) for k, want in mc.expected_cells().items() if got.get(k) != want}
    assert not bad, (dpi, bad)


def test_symbols_read_from_their_shape(case):
    """The lone ≥ / = of the operator column and the ≥ of ≥95% come out of the reader itself."""
    _, _, read, _ = case
    assert [read[(r, 2)] for r in (3, 4, 5)] == ["≥", "=", "="]
    assert read[(3, 3)] == "≥95%"
    assert read[(5, 1)] == "无申请上诉、复议案件" and read[(2, 0)] == "一级指标"


def test_rare_character_corrected_and_recorded(case):
    """遗孀: the recogniser has no 孀; normalize puts it back and says so."""
    _, _, read, norm = case
    assert read[(0, 1)] != "去世离休干部遗孀补贴"           # what OCR alone gives
    fixed = [c for c in norm.cells if c.row == 0 and c.col == 1]
    assert fixed[0].text == "去世离休干部遗孀补贴"
    assert fixed[0].text_raw == read[(0, 1)] and "rare_char" in fixed[0].correction
    assert norm.ocr_corrections == sum(1 for c in norm.cells if c.text_raw is not None) >= 1


def test_headings_of_every_numbering_style(case):
    dpi, _, _, norm = case
    got = [(s.level, s.heading.replace(" ", "")) for s in norm.sections if s.heading]
    assert got == [(lvl, h.replace(" ", "")) for lvl, h in mc.expected_headings()], dpi
