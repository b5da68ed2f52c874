"""Small symbols read from their shape: ≥ ≤ > < = before a number or alone in an operator
column. At 150-200 dpi these glyphs are 8-12 px tall and the recogniser, which reads them
without a word around, turns ≥ into 2, Z or W and = into 81 or nothing. `≥95` read as `295`
turns a met target into a missed one, so the first glyph of a number cell and a lone glyph are
compared with the same symbols drawn in the CJK fonts at hand (templates, normalised to the
glyph's bounding box, with its aspect ratio as part of the match).
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

RELATIONS = "≥≤><="
LEADING = "≥≤><"            # signs printed before a number (a leading = is not a relation there)
DASHES = "—"
DIGITS = "0123456789"
LETTERS = "ZW"              # what the recogniser makes of a lone ≥
SIZE = 24                    # template box (px) before padding
PAD = 4
MIN_SCORE = 0.62             # a symbol match below this is no reading at all
MARGIN = 0.05                # a relation must beat every digit by this much
LONE_MIN_SCORE = 0.70        # a glyph alone in a cell, without a number to go with it, must match well

_FONT_FILES = [
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]


def normalise(mask: np.ndarray) -> tuple[np.ndarray, float] | None:
    """A glyph's ink (bool) cropped to its box, scaled to SIZE on its long side, centred and
    blurred; with its height/width ratio. None for no ink."""
    import cv2
    ys, xs = np.nonzero(mask)
    if len(ys) == 0:
        return None
    glyph = mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32)
    h, w = glyph.shape
    scale = SIZE / max(h, w)
    small = cv2.resize(glyph, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    side = SIZE + 2 * PAD
    out = np.zeros((side, side), np.float32)
    y0, x0 = (side - small.shape[0]) // 2, (side - small.shape[1]) // 2
    out[y0:y0 + small.shape[0], x0:x0 + small.shape[1]] = small
    return cv2.GaussianBlur(out, (0, 0), 1.5), h / w


@functools.lru_cache(maxsize=1)
def _matrix() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Templates as rows of zero-mean unit vectors (one matrix product scores them all)."""
    chars, rows, aspects = [], [], []
    for ch, tmpl, aspect in _templates():
        v = tmpl.ravel() - tmpl.mean()
        norm = float(np.linalg.norm(v))
        if norm > 0:
            chars.append(ch)
            rows.append(v / norm)
            aspects.append(aspect)
    return chars, np.asarray(rows, np.float32), np.asarray(aspects, np.float32)


@functools.lru_cache(maxsize=1)
def _templates() -> tuple[tuple[str, np.ndarray, float], ...]:
    from PIL import Image, ImageDraw, ImageFont
    out = []
    for path, index in _FONT_FILES:
        if not Path(path).exists():
            continue
        font = ImageFont.truetype(path, 60, index=index)
        for ch in RELATIONS + DASHES + DIGITS + LETTERS:
            img = Image.new("L", (120, 120), 255)
            ImageDraw.Draw(img).text((20, 10), ch, font=font, fill=0)
            norm = normalise(np.asarray(img) < 128)
            if norm is not None:
                out.append((ch, *norm))
    return tuple(out)


def scores(mask: np.ndarray) -> dict[str, float]:
    """Best template match per character (correlation, less a penalty for a different
    aspect ratio), for one glyph's ink."""
    norm = normalise(mask)
    if norm is None:
        return {}
    glyph, aspect = norm
    v = glyph.ravel() - glyph.mean()
    norm_v = float(np.linalg.norm(v))
    if norm_v == 0:
        return {}
    chars, rows, aspects = _matrix()
    corr = rows @ (v / norm_v) - 0.3 * np.abs(np.log(aspect / aspects))
    out: dict[str, float] = {}
    for ch, value in zip(chars, corr.tolist()):
        if value > out.get(ch, -9.0):
            out[ch] = value
    return out


def relation(mask: np.ndarray, allowed: str = RELATIONS, rivals: str = DIGITS + LETTERS) -> tuple[str, float] | None:
    """The symbol of `allowed` this glyph is, when it matches one well and clearly better
    than any of `rivals`: (symbol, score); else None."""
    s = scores(mask)
    if not s:
        return None
    best = max(allowed, key=lambda ch: s.get(ch, -9.0))
    rival = max((s.get(ch, -9.0) for ch in rivals), default=-9.0)
    if s.get(best, -9.0) >= MIN_SCORE and s[best] >= rival + MARGIN:
        return best, s[best]
    return None


SPLIT_MIN_ASPECT = 0.9       # a blob this wide for its height may be a sign run into a digit
DIGIT_MIN_SCORE = 0.7        # the part right of the cut must read clearly as a digit
SPLIT_MIN_SCORE = 0.8        # ... and its left part clearly as the sign: cuts through CJK
                             # glyphs and digit pairs reach 0.65-0.74, real signs 0.76-0.95
SPLIT_LOW_SCORE = 0.75       # a sign down to this, when the digit reads very clearly: a 9's
SPLIT_SURE_DIGIT = 0.9       # bowl reaching under the chevron's tip costs the sign some score


def split_sign(mask: np.ndarray, allowed: str = LEADING) -> tuple[str, float, str] | None:
    """A sign run into the figure after it: at 150 dpi the blur closes the gap of ≥2 or ≥98
    and the leading glyph is one blob, a digit's height and two or more glyphs wide, that
    matches nothing. The blob is cut at each column where a sign could end (a sign is 0.35-0.9
    of its height wide); the cut whose left part is clearly a sign (`relation`) and whose
    right part opens with a clear digit wins: (sign, its score, that digit), or None when no
    cut reads so (a digit pair like 00 has no sign on its left)."""
    ys, xs = np.nonzero(mask)
    if len(ys) == 0:
        return None
    glyph = mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = glyph.shape
    if w < SPLIT_MIN_ASPECT * h or w < 6:
        return None
    best = None
    for x in range(max(2, int(0.35 * h)), min(int(0.9 * h), w - int(0.3 * h)) + 1):
        found = relation(glyph[:, :x], allowed)
        if found is None or found[1] < SPLIT_LOW_SCORE:
            continue
        # the digit right of the cut, alone or with (part of) the next one run into it
        for end in sorted({min(w, x + int(f * h)) for f in (0.4, 0.5, 0.6, 0.7)} | {w}):
            if end - x < 0.3 * h:
                continue
            right = scores(glyph[:, x:end])
            digit = max(DIGITS, key=lambda ch: right.get(ch, -9.0))
            if right.get(digit, -9.0) < (DIGIT_MIN_SCORE if found[1] >= SPLIT_MIN_SCORE else SPLIT_SURE_DIGIT):
                continue
            total = found[1] + right[digit]
            if best is None or total > best[0]:
                best = (total, found[0], found[1], digit)
    return None if best is None else (best[1], best[2], best[3])


CLEAR_DIGIT = 0.8            # a glyph matching a digit this well ...
CLEAR_DIGIT_MARGIN = 0.15    # ... and this much better than every relation is that digit


def clearly_digit(glyph_scores: dict[str, float]) -> bool:
    """Whether a glyph's template scores (`scores`) make it a digit beyond doubt."""
    digit = max((glyph_scores.get(ch, -9.0) for ch in DIGITS), default=-9.0)
    sign = max((glyph_scores.get(ch, -9.0) for ch in RELATIONS), default=-9.0)
    return digit >= CLEAR_DIGIT and digit >= sign + CLEAR_DIGIT_MARGIN


def lone_symbol(mask: np.ndarray) -> tuple[str, float] | None:
    """A cell holding one small glyph (an operator column): the relation or dash it is, when
    it beats every digit (letters do not stand alone in a table of figures)."""
    return relation(mask, RELATIONS + DASHES, DIGITS)


def line_remnant(x: int, y: int, w: int, h: int, ww: int, hh: int, line_h: float) -> bool:
    """A component of a cell's ink that is a piece of its ruling line: it touches the crop's
    edge and runs along it (a glyph in a tight row touches the edge too: the bar of ≥ on the
    row line below, which must stay with its chevron)."""
    if not (x <= 0 or y <= 0 or x + w >= ww or y + h >= hh):
        return False
    thin = max(2.0, 0.15 * line_h)
    return (w >= 0.5 * ww and h <= thin) or (h >= 0.8 * hh and w <= thin) or w >= 0.9 * ww


def first_glyph(ink: np.ndarray, line_h: float) -> np.ndarray | None:
    """The leftmost glyph of a cell's ink (bool mask, cell-sized): the components that overlap
    the leftmost component in x (≥ is a chevron and a separate bar). Specks are ignored; None
    when the cell holds fewer than two glyphs."""
    import cv2
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    hh, ww = ink.shape
    comps = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if line_remnant(x, y, w, h, ww, hh, line_h):
            continue
        if max(w, h) < max(3, 0.15 * line_h):
            continue                  # speck
        comps.append((x, x + w, i))
    if len(comps) < 2:
        return None
    comps.sort()
    x0, x1, first = comps[0]
    group = [i for a, b, i in comps if a < x1]     # overlapping in x (ends are exclusive)
    if len(group) == len(comps):
        return None                   # everything overlaps: one glyph, or no clear first one
    return np.isin(labels, group)
