"""The OCR reader's side of extract.text_tables: on a page image where no ruled grid holds
them, OCR line boxes and the image's long horizontal rules become tables by text alignment
(a scanned 三线表 or borderless table), the same builder the PDF text layer uses."""
from __future__ import annotations

import numpy as np

from . import ocr_engine
from .model import Table
from .ocr_engine import OcrBox
from .scan_lines import TableGrid, _segments, median_u8, page_masks
from .text_tables import Piece, Rule, find_text_tables

RULE_MIN_INCH = 0.5   # shorter horizontal ink runs are strokes of glyphs (一, 二), not rules


def horizontal_rules(img: np.ndarray, dpi: float) -> list[tuple[float, float, float]]:
    """(x0, y, x1) in pixels of the long horizontal lines on a deskewed page image."""
    _, hmask, _ = page_masks(img, dpi)
    return [(s.a, s.pos, s.b) for s in _segments(hmask, True, int(dpi * RULE_MIN_INCH))]


def aligned_tables(img: np.ndarray, dpi: float, boxes: list[OcrBox], page: int, pt, clean=str.strip
                   ) -> tuple[list[Table], list[OcrBox]]:
    """(tables read from the boxes' alignment, in points, the boxes they left). `pt` turns
    pixels into points, `clean` tidies a box's text (the OCR reader's own cleaning)."""
    if len(boxes) < 4:
        return [], boxes
    pieces = [Piece(clean(b.text), pt(b.x0), pt(b.top), pt(b.x1), pt(b.bottom), confidence=b.score)
              for b in boxes]
    rules = [Rule(pt(a), pt(y), pt(b)) for a, y, b in horizontal_rules(img, dpi)]
    found = find_text_tables(pieces, rules, page)
    taken = set().union(*(used for _, used in found)) if found else set()
    line_h = float(np.median([b.bottom - b.top for b in boxes]))
    for table, _ in found:
        _read_blanks(img, table, pt(1.0), line_h, clean)
    return [t for t, _ in found], [b for k, b in enumerate(boxes) if k not in taken]


def _read_blanks(img: np.ndarray, table: Table, pt_per_px: float, line_h: float, clean) -> None:
    """The detector misses lone small glyphs (a 0, a dash) standing apart in a row: an empty
    cell of a row that fills others, with ink inside, is read as one crop; a flat bar is a
    dash whatever the recogniser says."""
    todo = []
    for row in table.rows():
        if sum(1 for c in row if c.text) < 2:
            continue
        for c in row:
            if c.text:
                continue
            x0, x1 = c.x0 / pt_per_px, c.x1 / pt_per_px
            top, bottom = c.top / pt_per_px, c.bottom / pt_per_px
            inset_y = max(2, int(0.15 * (bottom - top)))
            box = _ink_box(img, int(x0) + 2, int(top) + inset_y, int(x1) - 2, int(bottom) - inset_y)
            if box is None or max(box[2] - box[0], box[3] - box[1]) < 0.2 * line_h:
                continue
            bw, bh = box[2] - box[0], box[3] - box[1]
            if bh <= 0.2 * line_h and bw >= 3 * bh:
                c.text, c.confidence = "—", 0.9   # read from its shape, as scan.py does
                continue
            todo.append((c, box))
    crops = [ocr_engine.crop_box(img, *box, pad=3) for _, box in todo]
    jobs = [(c, crop) for (c, _), crop in zip(todo, crops) if crop is not None]
    for (c, _), (text, score) in zip(jobs, ocr_engine.recognize([crop for _, crop in jobs])):
        if text.strip():
            c.text, c.confidence = clean(text), round(score, 3)


def _ink_box(img: np.ndarray, x0: int, top: int, x1: int, bottom: int) -> tuple[int, int, int, int] | None:
    """Bounding box (page pixels) of the clearly dark pixels inside the box, or None."""
    if x1 - x0 < 3 or bottom - top < 3:
        return None
    sub = img[top:bottom, x0:x1]
    paper = median_u8(sub)
    ys, xs = np.nonzero(sub < min(paper - 45, 200))
    if len(xs) < 4:
        return None
    return x0 + int(xs.min()), top + int(ys.min()), x0 + int(xs.max()) + 1, top + int(ys.max()) + 1


def pixel_frame(table: Table, scale: float) -> TableGrid:
    """The table's outer box in pixels (`scale` pixels per point) as the OCR reader's grids
    give it, for placing captions."""
    return TableGrid(xs=[min(c.x0 for c in table.cells) * scale, max(c.x1 for c in table.cells) * scale],
                     ys=[min(c.top for c in table.cells) * scale, max(c.bottom for c in table.cells) * scale])
