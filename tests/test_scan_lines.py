"""Ruling-line geometry of scanned pages (extract/scan_lines.py), on synthetic images (no OCR)."""
from __future__ import annotations

import sys
from pathlib import Path

import io

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

import make_scan_fixtures as mf  # noqa: E402

from jixiao.extract import scan_lines  # noqa: E402
from jixiao.extract.scan_lines import binarize, find_tables  # noqa: E402

# Characters whose bottom strokes line up (层 组 正 常 …): at 150-160 dpi with the JPEG blur
# they join into a long horizontal run, the length of a short ruling line.
TEXT = "保障基层党组织正常开展党建活动，打牢基层"


def _cell_page(dpi: float, pad_pt: float, font, size: float) -> np.ndarray:
    """A 3-row table whose tall middle cell holds three lines of text `pad_pt` from its left
    border, blurred and JPEG-compressed like a scan."""
    k = dpi / 72.0
    w, h = int(400 * k), int(200 * k)
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [20, 380], [20, 44, 120, 144]
    for y in ys:
        d.line([(xs[0] * k, y * k), (xs[1] * k, y * k)], fill=0, width=max(1, int(0.6 * k)))
    for x in xs:
        d.line([(x * k, ys[0] * k), (x * k, ys[-1] * k)], fill=0, width=max(1, int(0.6 * k)))
    face = mf._font(font, size, dpi)
    for i in range(3):
        d.text(((xs[0] + pad_pt) * k, (50 + 16 * i) * k), TEXT, font=face, fill=0)
    d.text((150 * k, 26 * k), "实际完成情况", font=face, fill=0, stroke_width=1, stroke_fill=0)
    arr = cv2.GaussianBlur(np.asarray(img), (0, 0), 0.45 * dpi / 175)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=63)
    buf.seek(0)
    return np.asarray(Image.open(buf))


# (dpi, font, size) where the stroke runs made a fourth row before the text-run test
@pytest.mark.parametrize("dpi,font,size", [(150, mf.SERIF, 10.5), (160, mf.SANS, 10.5), (160, mf.SERIF, 11),
                                           (200, mf.SERIF, 10.5), (200, mf.SANS, 11)])
def test_text_strokes_are_not_ruling_lines(dpi, font, size):
    grids = find_tables(_cell_page(dpi, 1.95, font, size), dpi)
    assert [(g.n_rows, g.n_cols) for g in grids] == [(3, 1)]


def test_faint_and_thick_lines_stay_lines():
    """The text-run test must not eat real lines: thick (2.2 pt) and faint grey ones."""
    for width_pt, grey in ((2.2, 0), (0.6, 170)):
        dpi = 200
        k = dpi / 72.0
        img = Image.new("L", (int(300 * k), int(150 * k)), 255)
        d = ImageDraw.Draw(img)
        for y in (20, 60, 100):
            d.line([(20 * k, y * k), (280 * k, y * k)], fill=grey, width=max(1, int(width_pt * k)))
        for x in (20, 150, 280):
            d.line([(x * k, 20 * k), (x * k, 100 * k)], fill=grey, width=max(1, int(width_pt * k)))
        grids = find_tables(np.asarray(img), dpi)
        assert [(g.n_rows, g.n_cols) for g in grids] == [(2, 2)], (width_pt, grey)


def test_short_divider_ending_across_a_thick_line():
    """A divider that only exists in a short last row (a table cut by the page break) and is
    drawn from the outer edge of a thick row line: it still ends on that line."""
    dpi = 160
    k = dpi / 72.0
    img = Image.new("L", (int(400 * k), int(160 * k)), 255)
    d = ImageDraw.Draw(img)
    ys, xs = [20, 40, 60, 90], [20, 380]
    width = int(round(1.6 * k))
    for y in ys:
        d.line([(20 * k, y * k), (380 * k, y * k)], fill=0, width=width)
    for x in xs:
        d.line([(x * k, 20 * k), (x * k, 90 * k)], fill=0, width=width)
    for x in (120, 250):     # only in the last row, from the far edge of each row line
        d.line([(x * k, 60 * k - width // 2 - 1), (x * k, 90 * k + width // 2)], fill=0, width=width)
    grids = find_tables(np.asarray(img), dpi)
    assert [(g.n_rows, g.n_cols) for g in grids] == [(3, 3)]
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in grids[0].cells}
    assert spans[(0, 0)] == (1, 3) and spans[(2, 0)] == (1, 1)


def _naive_run_lengths(ink, seg, horizontal, reach):
    """The run of ink through each column's first inked row within 2 px of the axis, walked
    pixel by pixel (the reference _run_lengths must agree with)."""
    band = (ink if horizontal else ink.T) > 0
    y = int(round(seg.pos))
    lo, hi = max(0, y - 2 - reach), min(band.shape[0], y + 3 + reach)
    a, b = max(0, int(seg.a)), min(band.shape[1], int(seg.b))
    out = []
    for col in range(a, b):
        core = [r for r in range(max(lo, y - 2), min(hi, y + 3)) if band[r, col]]
        if not core:
            out.append(0)
            continue
        top = bottom = core[0]
        while top - 1 >= lo and band[top - 1, col]:
            top -= 1
        while bottom + 1 < hi and band[bottom + 1, col]:
            bottom += 1
        out.append(bottom - top + 1)
    return out


def test_run_lengths_match_a_pixel_walk():
    rng = np.random.default_rng(7)
    for _ in range(500):
        h, w = int(rng.integers(5, 40)), int(rng.integers(1, 60))
        ink = (rng.random((h, w)) < rng.random()).astype(np.uint8) * 255
        horizontal = bool(rng.integers(0, 2))
        band = ink if horizontal else ink.T
        a = float(rng.integers(0, band.shape[1]))
        seg = scan_lines.Seg(float(rng.integers(0, band.shape[0])), a, a + float(rng.integers(1, band.shape[1] + 1)))
        reach = int(rng.integers(1, 6))
        assert scan_lines._run_lengths(ink, seg, horizontal, reach).tolist() == \
            _naive_run_lengths(ink, seg, horizontal, reach)


def test_short_column_line_through_row_lines_with_a_glyph_touching_is_a_line():
    """A column line drawn only through a funding block (1 in, four row lines) with a header's
    glyph touching it: the row lines crossing it are the grid, not text strokes, so they do not
    count toward the share of the line crossed by taller ink (they tipped it over 20% and the
    全年执行数 | 分值 line was dropped, merging the two columns)."""
    dpi = 175.0
    ink = np.zeros((200, 220), np.uint8)
    ink[0:180, 49:52] = 255                        # the column line, 3 px thick
    rows = [1, 40, 80, 120, 160, 177]
    for y in rows:
        ink[y - 1:y + 2, 0:220] = 255                # row lines across it
    ink[5:27, 52:60] = 255                         # a glyph's stroke against it in the top cell
    seg = scan_lines.Seg(50.0, 0.0, 180.0)
    perp = [scan_lines.Seg(float(y), 0.0, 220.0) for y in rows]
    assert scan_lines.is_text_run(ink, seg, False, dpi)            # without the grid: reads as text
    assert not scan_lines.is_text_run(ink, seg, False, dpi, perp)
    short = [scan_lines.Seg(float(y), 40.0, 70.0) for y in rows]   # strokes, not lines: still counted
    assert scan_lines.is_text_run(ink, seg, False, dpi, short)


@pytest.mark.parametrize("spacing", [2, 3, 7])
def test_components_match_opencv_default_labelling(spacing):
    """components() is cv2.connectedComponentsWithStats: same count, labels and stats, with
    16-bit labels only where they cannot overflow (spacing 2 gives 90,000 one-pixel dots,
    more than 16 bits can label: the 32-bit labels must be taken there)."""
    rng = np.random.default_rng(spacing)
    mask = np.zeros((600, 600), np.uint8)
    mask[::spacing, ::spacing] = 255
    if spacing > 2:   # strokes and blobs that merge and split, like a page's ink
        mask |= ((rng.random((600, 600)) > 0.93) * 255).astype(np.uint8)
        cv2.line(mask, (10, 300), (590, 305), 255, 3)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    got_n, got_labels, got_stats = scan_lines.components(mask)
    assert got_n == n
    assert np.array_equal(got_labels, labels) and np.array_equal(got_stats, stats)


def test_page_masks_are_kept_for_the_same_page_image_only():
    """find_tables and horizontal_rules share one page's masks; a new image (even an equal
    one) gets its own, and nobody can write into the shared ones."""
    page = np.full((400, 600), 255, np.uint8)
    cv2.line(page, (20, 200), (580, 200), 0, 2)
    first = scan_lines.page_masks(page, 150.0)
    assert all(a is b for a, b in zip(scan_lines.page_masks(page, 150.0), first))
    assert not any(a.flags.writeable for a in first)
    other = page.copy()
    cv2.line(other, (300, 20), (300, 380), 0, 2)
    ink, hmask, vmask = scan_lines.page_masks(other, 150.0)
    assert ink is not first[0] and vmask[:, 300].any() and not first[2][:, 300].any()
    assert scan_lines.page_masks(page, 200.0)[0] is not first[0]
