"""Causes the held-out scan probe found (task R), each on a small project-made scan of one
table strip at 150 dpi (make_scan_probe.py): a ≥ run into the digit after it, a speck
over a 1. Every fix stays recorded in the cell's OCR detail."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

import make_scan_probe as mp  # noqa: E402

from jixiao.extract.scan import ocr_page  # noqa: E402


@pytest.fixture(scope="module")
def tight(tmp_path_factory):
    pdf = mp.make_pdf(tmp_path_factory.mktemp("probe") / "tight_signs_150.pdf")
    page = ocr_page(pdf, 1)
    assert len(page.tables) == 1
    return {(c.row, c.col): c for c in page.tables[0].cells}


def test_sign_run_into_its_figure(tight):
    """≥2300人 (sign dropped by the recogniser), ≥900元 and ≥98% (sign read as 2): the sign is
    cut off the blob it makes with the first digit, and the digit decides which it was."""
    want = mp.expected_cells()
    for slot in [(1, 2), (3, 2), (4, 2)]:
        cell = tight[slot]
        assert cell.text == want[slot], (slot, cell.text, cell.ocr.raw)
        assert cell.ocr.raw != cell.text and any("≥" in f for f in cell.ocr.fixes)


def test_no_sign_where_none_is_printed(tight):
    """The actual values beside them (2350人, 900元, 99%) open with plain digits."""
    want = mp.expected_cells()
    for slot in [(1, 3), (3, 3), (4, 3)]:
        assert tight[slot].text == want[slot], (slot, tight[slot].text)


def test_speck_over_a_one(tight):
    """A speck over the 1 of a score of 10 makes it i0 to the recogniser; the score is 10 and
    the cell says what was read."""
    cell = tight[mp.SPECK_CELL[0] + 1, mp.SPECK_CELL[1]]
    assert cell.text == "10" and cell.ocr.raw != "10" and cell.ocr.fixes, (cell.text, cell.ocr)


@pytest.mark.parametrize("read, want", [("io", "10"), ("i0", "10"), ("Io", "10"), ("i00%", "100%"),
                                        ("l5", "15"), ("完成", "完成"), ("i", "1"), ("Wi", "Wi"),
                                        ("iPad", "iPad"), ("io口", "io口")])
def test_letters_read_for_digits(read, want):
    from jixiao.extract.scan import clean_cell_text
    assert clean_cell_text(read) == want
