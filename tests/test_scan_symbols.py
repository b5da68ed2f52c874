"""The first glyph of a number cell (extract/scan_symbols.py), on cell ink drawn here: the
relation sign before a figure must come out whole wherever the cell's crop cuts it."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from jixiao.extract import scan_symbols

SERIF = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2)


def _ink(text: str, px: int, pad: tuple[int, int, int, int]) -> np.ndarray:
    """`text` drawn `px` high, cropped to its ink plus (left, top, right, bottom) paper."""
    font = ImageFont.truetype(SERIF[0], px, index=SERIF[1])
    img = Image.new("L", (px * len(text) * 2, px * 3), 255)
    ImageDraw.Draw(img).text((px, px), text, font=font, fill=0)
    ink = np.asarray(img) < 128
    ys, xs = np.nonzero(ink)
    crop = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    left, top, right, bottom = pad
    return np.pad(crop, ((top, bottom), (left, right)))


def test_bar_on_the_row_line_stays_with_its_chevron():
    """A tight row: the bar of ≥ touches the bottom of the cell's crop. It is part of the
    glyph, not a piece of ruling line (a lone chevron is >)."""
    ink = _ink("≥90%", 22, (6, 1, 6, 0))
    first = scan_symbols.first_glyph(ink, 22)
    assert first is not None
    assert scan_symbols.relation(first, scan_symbols.LEADING)[0] == "≥"


def test_a_sign_run_into_the_next_glyph_is_still_first():
    """Blurred at 175 dpi, the sign is one blot (bar joined to chevron) and one column of
    paper apart from the 9: their boxes, ends exclusive, meet."""
    import cv2
    ink = np.zeros((30, 60), bool)
    sign = cv2.dilate(_ink("≥", 18, (0, 0, 0, 0)).astype(np.uint8), np.ones((5, 1), np.uint8)).astype(bool)
    h, w = sign.shape
    ink[6:6 + h, 4:4 + w] = sign
    ink[6:6 + h, 5 + w:5 + w + 8] = True          # the next glyph, one column further
    first = scan_symbols.first_glyph(ink, 20)
    assert first is not None and first[:, 4 + w:].sum() == 0


@pytest.mark.parametrize("box, remnant", [
    ((0, 0, 60, 2), True),       # a row line along the top of the crop
    ((0, 0, 2, 30), True),       # a column line down its side
    ((10, 20, 18, 10), False),   # a glyph sitting on the bottom edge
    ((0, 5, 8, 12), False),      # a glyph cut by the left edge
])
def test_line_remnant(box, remnant):
    x, y, w, h = box
    assert scan_symbols.line_remnant(x, y, w, h, 60, 30, 20) is remnant
