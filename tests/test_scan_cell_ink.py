"""The ink of one table cell on a scanned page (extract/scan.py: _cell_ink, _glyph_mask,
_ink_lines), on synthetic cells."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from jixiao.extract import scan
from jixiao.extract.scan_lines import GridCell, median_u8


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (7, 9), (40, 31), (48, 200)])
def test_median_of_a_cell_is_numpys(shape):
    rng = np.random.default_rng(shape[0] * 1000 + shape[1])
    page = rng.integers(0, 256, (shape[0] + 10, shape[1] + 10), dtype=np.uint8)
    page[::3] = 250                                   # many equal values: ties at the middle
    view = page[5:5 + shape[0], 4:4 + shape[1]]       # a cell is a strided view of the page
    assert median_u8(view) == float(np.median(view))


def _cell_image() -> tuple[np.ndarray, GridCell]:
    """A 60 x 200 px cell between ruling lines 2 px thick: a glyph, a speck, and the blurred
    edge of the top line left inside the cell."""
    img = np.full((80, 240), 235, np.uint8)
    cv2.rectangle(img, (20, 10), (220, 70), 0, 2)
    img[12:14, 21:219] = 120                          # the top line's grey edge, inside the cell
    cv2.putText(img, "8", (60, 58), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    img[40:42, 180:182] = 0                           # a 2 px speck
    cv2.line(img, (140, 30), (160, 30), 0, 2)         # a dash: a glyph, not a line's remnant
    return img, GridCell(0, 0, 1, 1, 20.0, 10.0, 221.0, 71.0)


def test_glyph_mask_keeps_glyphs_and_drops_specks_and_line_edges():
    img, gc = _cell_image()
    mask, x0, top = scan._glyph_mask(img, gc, 2, min_extent=6.0)
    assert mask.dtype == bool and (x0, top) == (22, 12)
    ys, xs = np.nonzero(mask)
    assert xs.min() + x0 >= 55 and xs.max() + x0 <= 161          # the 8 and the dash
    assert not mask[40 - top:42 - top, 180 - x0:182 - x0].any()   # the speck
    assert not mask[:3].any()                                    # the line's edge
    assert mask[30 - top, 150 - x0]                               # the dash


def test_ink_lines_splits_a_cell_at_blank_rows():
    img = np.full((90, 200), 240, np.uint8)
    cv2.putText(img, "12", (20, 35), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cv2.putText(img, "34", (20, 75), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    gc = GridCell(0, 0, 1, 1, 0.0, 0.0, 200.0, 90.0)
    lines = scan._ink_lines(img, gc, 2, min_extent=8.0)
    assert len(lines) == 2 and lines[0][3] < lines[1][1]
    assert all(a[0] < 25 and a[2] > 45 for a in lines)
