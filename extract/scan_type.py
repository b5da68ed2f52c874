"""Type size and weight of OCR text lines, from their pixels.

A text layer says which lines are bold and how large they are; a scan does not, and the
section tree of a report hangs on exactly that (headings set in bold at body size, 一、 in a
larger face). For each line: the height of its ink (the glyphs' body, steadier than the
detector's padded box), the mean width of its strokes (short runs of ink along rows and
columns) and how much of its area is ink. Bold is then decided per document, against the
lines that make up the body text (mark_bold): a page alone may hold no body text to compare.
"""
from __future__ import annotations

import numpy as np

from .model import TextBlock
from .scan_lines import median_u8

GLYPH_EM = 1.0           # ink height of a line of CJK text / its font size (brackets reach the em box)
BODY_MIN_CHARS = 12      # lines this long are body text when the document's body is measured
BOLD_SCORE = 2.25        # stroke / body stroke + density / body density at which a line is bold
MAX_BOLD_CHARS = 40      # longer lines are paragraphs, whatever their weight


def _runs(mask: np.ndarray) -> np.ndarray:
    """Lengths of the runs of ink along each row."""
    padded = np.pad(mask.astype(np.int8), ((0, 0), (1, 1)))
    d = np.diff(padded, axis=1)
    return np.nonzero(d == -1)[1] - np.nonzero(d == 1)[1]


def line_metrics(img: np.ndarray, boxes) -> tuple[float, float, float] | None:
    """(ink height px, mean stroke width px, ink density) of one text line (its OCR boxes);
    None when the line holds too little ink to measure."""
    heights, strokes, densities, weights = [], [], [], []
    for b in boxes:
        crop = img[max(0, int(b.top)):int(b.bottom), max(0, int(b.x0)):int(b.x1)]
        if crop.size == 0:
            continue
        paper = median_u8(crop)
        ink = crop < min(paper - 45, 200)
        rows = np.nonzero(ink.any(axis=1))[0]
        cols = np.nonzero(ink.any(axis=0))[0]
        if len(rows) < 3 or len(cols) < 3:
            continue
        h = rows[-1] - rows[0] + 1
        runs = np.concatenate([_runs(ink), _runs(ink.T)])
        runs = runs[runs <= 0.25 * h]
        if len(runs) < 10:
            continue
        heights.append(h)
        strokes.append(float(runs.mean()))
        densities.append(float(ink.sum()) / (len(cols) * h))
        weights.append(len(cols))
    if not heights:
        return None
    w = np.asarray(weights, float)
    return float(np.median(heights)), float(np.average(strokes, weights=w)), float(np.average(densities, weights=w))


def mark_bold(blocks: list[TextBlock]) -> None:
    """Set `bold` on OCR lines that carry stroke/density measures: heavier than the
    document's body lines by BOLD_SCORE. Lines without measures are left as they are."""
    measured = [b for b in blocks if b.stroke is not None and b.density is not None]
    body = [b for b in measured if len((b.text or "").strip()) >= BODY_MIN_CHARS]
    if len(body) < 3:
        return
    stroke = float(np.median([b.stroke for b in body]))
    density = float(np.median([b.density for b in body]))
    if stroke <= 0 or density <= 0:
        return
    for b in measured:
        score = b.stroke / stroke + b.density / density
        b.bold = bool(score >= BOLD_SCORE and len((b.text or "").strip()) <= MAX_BOLD_CHARS)
