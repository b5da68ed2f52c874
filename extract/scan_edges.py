"""Glyphs the text detector leaves out at the ends of a line: a leading 、 or ， that a
character-by-character wrap put at the start of a line, the thin 一 of 一级指标 or 一、, a
trailing 。. They are small and stand apart from the rest of the line, so the detector's box
starts after them; the recogniser never sees them and the text loses them silently.

For the first and last box of a line, look for ink beside it (within the cell, or within a few
character widths outside tables) and read the box's end again together with that ink; keep what
the second reading adds before the box's first character (or after its last) when it is short
and made of characters, digits or CJK punctuation (never a lone dash or dot: a speck next to a
number must not become a sign). Boxes that hold a number are left to scan.py, which re-reads
number cells whole.
"""
from __future__ import annotations

import re

import numpy as np

from . import ocr_engine
from .ocr_engine import OcrBox
from .scan_lines import median_u8

# of the detector's line height (~1.4 x the glyph height): the smallest mark that is a glyph
# (、 at 150-160 dpi: 5 x 5 px in a 35 px box), not a speck (1-3 px)
MIN_GLYPH = 0.12
MIN_AREA = 0.01
STROKE = 0.25         # a mark this long is a stroke however thin (一 at 150 dpi: 10 x 1 px)
MAX_GAP = 1.3         # of the line height: farther ink belongs to something else
CONTEXT = 2.2         # of the line height: characters of the box read with the missed glyph
MIN_SCORE = 0.6
_KEEP = re.compile(r"^[\u3400-\u9fff\dA-Za-z、，。；：？！“”‘’（）()《》〈〉【】]{1,3}$")
_NUMBER = re.compile(r"^[\s\d.,，%％≥≤<>＜＞~～+\-—/]*$")


def _ink_columns(img: np.ndarray, top: int, bottom: int, a: int, b: int, paper_from: tuple[int, int],
                 line_h: float) -> tuple[int, int] | None:
    """(first, last) x of glyph-sized ink in img[top:bottom, a:b]; None when there is none.
    Ruling-line remnants (ink as tall as the band, a few px wide) and specks are ignored."""
    import cv2
    if b - a < 3 or bottom - top < 4:
        return None
    region = img[top:bottom, a:b]
    if region.ndim == 3:
        region = region.mean(axis=2).astype(np.uint8)
    ref = img[top:bottom, paper_from[0]:paper_from[1]]
    paper = median_u8(ref if ref.size else region)
    ink = (region < min(paper - 45, 200)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    band = bottom - top
    # the glyphs of this line sit in the middle of the detector's padded box; ink centred
    # near its top or bottom edge belongs to the lines above/below or to a row's ruling line
    lo, hi = 0.2 * band, 0.8 * band
    keep = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        stroke = max(w, h) >= max(4.0, STROKE * line_h)     # the thin bar of 一, a dash
        if not stroke and (max(w, h) < max(3.0, MIN_GLYPH * line_h) or area < max(6.0, MIN_AREA * line_h ** 2)):
            continue           # a speck
        if not lo <= y + h / 2 <= hi:
            continue
        if h >= 0.9 * band and w <= max(3, 0.12 * line_h):
            continue           # a vertical ruling line (or its blurred edge)
        keep.append((a + x, a + x + w))
    if not keep:
        return None
    return min(k[0] for k in keep), max(k[1] for k in keep)


def recover_edges(img: np.ndarray, line: list[OcrBox], x_min: float, x_max: float,
                  right: bool = True) -> list[OcrBox]:
    """`line`: boxes of one text line, left to right. `x_min`/`x_max`: how far the line may
    reach (a cell's inner edges, or the page). Returns the line with a box added in front
    and/or at the end for glyphs found and read there."""
    if not line:
        return line
    h = float(np.median([b.height for b in line]))
    out = list(line)
    first, last = line[0], line[-1]
    top, bottom = max(0, int(first.top)), min(img.shape[0], int(first.bottom) + 1)
    # left of the first box
    a = int(max(x_min, first.x0 - MAX_GAP * h - h))
    b = int(first.x0) - 1
    found = None if _NUMBER.match(first.text) else _ink_columns(img, top, bottom, a, b, (int(first.x0), int(first.x1)), h)
    if found is not None and first.x0 - found[1] <= MAX_GAP * h:
        added = _read_with(img, first, found[0], right_side=False, h=h)
        if added:
            out.insert(0, OcrBox(float(found[0]), first.top, first.x0, first.bottom, *added))
    if right and not _NUMBER.match(last.text):
        top, bottom = max(0, int(last.top)), min(img.shape[0], int(last.bottom) + 1)
        a = int(last.x1) + 1
        b = int(min(x_max, last.x1 + MAX_GAP * h + h))
        found = _ink_columns(img, top, bottom, a, b, (int(last.x0), int(last.x1)), h)
        if found is not None and found[0] - last.x1 <= MAX_GAP * h:
            added = _read_with(img, last, found[1], right_side=True, h=h)
            if added:
                out.append(OcrBox(last.x1, last.top, float(found[1]), last.bottom, *added))
    return out


def _read_with(img: np.ndarray, box: OcrBox, ink_edge: float, right_side: bool,
               h: float) -> tuple[str, float] | None:
    """Read the box's end together with the missed ink; the added text and its score."""
    if right_side:
        crop = ocr_engine.crop_box(img, max(box.x0, box.x1 - CONTEXT * h), box.top, ink_edge + 2, box.bottom, pad=2)
    else:
        crop = ocr_engine.crop_box(img, ink_edge - 2, box.top, min(box.x1, box.x0 + CONTEXT * h), box.bottom, pad=2)
    if crop is None:
        return None
    (text, score), = ocr_engine.recognize([crop])
    text = text.strip()
    if right_side:
        anchor = box.text[-1:]
        cut = text.find(anchor) if anchor else -1
        added = text[cut + 1:] if cut >= 0 else ""
    else:
        anchor = box.text[:1]
        cut = text.rfind(anchor) if anchor else -1
        added = text[:cut] if cut > 0 else ""
    if not added or score < MIN_SCORE or not _KEEP.match(added):
        return None
    return added, score


def recover_lines(img: np.ndarray, mask: np.ndarray, x0: int, top: int, boxes: list[OcrBox],
                  line_h: float) -> list[OcrBox]:
    """Whole lines of a cell the detector missed: a wrapped `)` or `。` alone on the last line,
    one stacked character of a vertical label. `mask`: the cell's glyph ink (in the frame at
    x0, top). Bands of ink rows that no box covers are read as crops; a reading is kept when
    it is the kind of glyph that gets lost (see _KEEP) and scores MIN_SCORE."""
    rows = mask.any(axis=1)
    bands, start = [], None
    for y, on in enumerate(list(rows) + [False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((start, y))
            start = None
    out = []
    for a, b in bands:
        if b - a < max(3, 0.15 * line_h):
            continue
        y0, y1 = top + a, top + b
        covered = any(min(bx.bottom, y1) - max(bx.top, y0) > 0.3 * (y1 - y0) for bx in boxes)
        if covered:
            continue
        cols = np.nonzero(mask[a:b].any(axis=0))[0]
        gx0, gx1 = x0 + int(cols[0]), x0 + int(cols[-1]) + 1
        if max(gx1 - gx0, y1 - y0) < max(4, 0.25 * line_h):
            continue
        # a normal line's height of paper around the glyph: the recogniser wants a text line
        cy, half = (y0 + y1) / 2, max(y1 - y0, 0.7 * line_h) / 2 + 2
        crop = ocr_engine.crop_box(img, gx0 - 3, cy - half, gx1 + 3, cy + half, pad=2)
        if crop is None:
            continue
        (text, score), = ocr_engine.recognize([crop])
        text = text.strip()
        if text and score >= MIN_SCORE and _KEEP.match(text):
            out.append(OcrBox(float(gx0), float(y0), float(gx1), float(y1), text, score))
    return out


def split_stacked(img: np.ndarray, box: OcrBox) -> list[OcrBox]:
    """A box the detector drew around two or more characters stacked one above the other (a
    vertical label 项目资金（万元） set one character per line): the recogniser reads a line
    left to right and returns one of them (万元 -> 元, and 万元 becomes 元 in the unit). Split it
    between its characters (groups of ink rows about a character tall, apart by more than a
    stroke gap) and read each piece; kept when the pieces read more characters, each with
    MIN_SCORE."""
    w, h = box.x1 - box.x0, box.bottom - box.top
    if h < 1.6 * w or len(box.text) >= 2 and h < 1.6 * w * len(box.text):
        return [box]
    crop = img[max(0, int(box.top)):int(box.bottom), max(0, int(box.x0)):int(box.x1)]
    if crop.size == 0:
        return [box]
    paper = median_u8(crop)
    ink = crop < min(paper - 45, 200)
    rows = np.nonzero(ink.any(axis=1))[0]
    cols = np.nonzero(ink.any(axis=0))[0]
    if len(rows) < 4 or len(cols) < 2:
        return [box]
    glyph = cols[-1] - cols[0] + 1               # a CJK character is about as tall as wide
    # thin bands of ink at the box's top or bottom edge belong to the characters above/below
    on = ink.any(axis=1)
    bands, start = [], None
    for y, v in enumerate(list(on) + [False]):
        if v and start is None:
            start = y
        elif not v and start is not None:
            bands.append((start, y))
            start = None
    while bands and bands[0][1] - bands[0][0] < 0.25 * glyph:
        bands.pop(0)
    while bands and bands[-1][1] - bands[-1][0] < 0.25 * glyph:
        bands.pop()
    # one character per group: the strokes of one character are closer than the lines
    groups: list[list[int]] = []
    for a, b in bands:
        if groups and a - groups[-1][1] < 0.18 * glyph:
            groups[-1][1] = b
        else:
            groups.append([a, b])
    if not 2 <= len(groups) <= 6 or any(b - a < 0.5 * glyph or b - a > 1.4 * glyph for a, b in groups):
        return [box]
    bounds = [groups[0][0]] + [(g[1] + nxt[0]) // 2 for g, nxt in zip(groups, groups[1:])] + [groups[-1][1]]
    pieces, crops = [], []
    for a, b in zip(bounds, bounds[1:]):
        y0, y1 = box.top + a, box.top + b
        crop_i = ocr_engine.crop_box(img, box.x0, y0, box.x1, y1, pad=2)
        if crop_i is None:
            return [box]
        crops.append(crop_i)
        pieces.append((y0, y1))
    readings = ocr_engine.recognize(crops)
    texts = [t.strip() for t, _ in readings]
    if any(not t for t in texts) or any(s < MIN_SCORE for _, s in readings) or len("".join(texts)) <= len(box.text):
        return [box]
    return [OcrBox(box.x0, y0, box.x1, y1, t, s) for (y0, y1), (t, s) in zip(pieces, [(t, s) for t, (_, s) in zip(texts, readings)])]
