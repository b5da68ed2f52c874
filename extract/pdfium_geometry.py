"""A table page's ruling geometry read from pdfium's path objects, so pdfminer does not run.

On an unturned table page the chars already come from pdfium (triage); all pdf_grid needs
besides is the page's lines, rects and curves in pdfplumber's shape. pdfminer gets them by
tokenising the whole content stream in Python (every text operator too), which was most of a
table page's time. pdfium has parsed the page already: its path objects hold the same points.

The points are classified exactly as pdfminer's `PDFLayoutAnalyzer.paint_path` does, so
pdf_grid sees the same objects: a path is split into subpaths at each moveto; `ml`/`mlh` is a
line, a closed axis-aligned `mlllh`/`mllll` a rect, anything else a curve through the
subpaths' end points (Bezier control points left out). pdfium records a closepath as a
lineto back to the start flagged closed (or the flag on a point already there), which is
pdfminer's `h`; a `re` is the same five points in both. Coordinates are pdfplumber's, from
the same arithmetic, and pdfium's float32 numbers are read back as the decimals they were
written as, so the cells come out identical to the last digit.
"""
from __future__ import annotations

import bisect
import ctypes
import struct
from dataclasses import dataclass, field
from functools import lru_cache

import pypdfium2.raw as pdfium_c

MAX_FORM_DEPTH = 12   # nested form XObjects followed (pdfminer follows any depth; real files use 1-2)

def plain_function(function, restype, *argtypes):
    """A pdfium function re-typed with plain handles (ints) in and out: a table page has
    thousands of path points, and pypdfium2's typed pointers build an object per call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_VP, _INT, _FLOAT_P = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)
_count_objects = plain_function(pdfium_c.FPDFPage_CountObjects, _INT, _VP)
_get_object = plain_function(pdfium_c.FPDFPage_GetObject, _VP, _VP, _INT)
_count_form_objects = plain_function(pdfium_c.FPDFFormObj_CountObjects, _INT, _VP)
_get_form_object = plain_function(pdfium_c.FPDFFormObj_GetObject, _VP, _VP, ctypes.c_ulong)
_object_type = plain_function(pdfium_c.FPDFPageObj_GetType, _INT, _VP)
_object_matrix = plain_function(pdfium_c.FPDFPageObj_GetMatrix, _INT, _VP, ctypes.POINTER(pdfium_c.FS_MATRIX))
_draw_mode = plain_function(pdfium_c.FPDFPath_GetDrawMode, _INT, _VP, ctypes.POINTER(_INT), ctypes.POINTER(_INT))
_count_segments = plain_function(pdfium_c.FPDFPath_CountSegments, _INT, _VP)
_get_segment = plain_function(pdfium_c.FPDFPath_GetPathSegment, _VP, _VP, _INT)
_segment_point = plain_function(pdfium_c.FPDFPathSegment_GetPoint, _INT, _VP, _FLOAT_P, _FLOAT_P)
_segment_type = plain_function(pdfium_c.FPDFPathSegment_GetType, _INT, _VP)
_segment_close = plain_function(pdfium_c.FPDFPathSegment_GetClose, _INT, _VP)

plain_segment_count = _count_segments


def plain_page_objects(raw_page, max_depth: int):
    """(type, handle) of a page's objects and those inside its form XObjects down to
    `max_depth` levels, handles as plain ints (triage counts them on every page)."""
    stack = [(ctypes.cast(raw_page, ctypes.c_void_p).value, _count_objects, _get_object, 0)]
    while stack:
        parent, count, get, level = stack.pop()
        for i in range(max(count(parent), 0)):
            obj = get(parent, i)
            if not obj:
                continue
            kind = _object_type(obj)
            yield kind, obj
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
                stack.append((obj, _count_form_objects, _get_form_object, level + 1))


_MOVETO, _LINETO, _BEZIERTO = (pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO,
                               pdfium_c.FPDF_SEGMENT_BEZIERTO)


@dataclass
class PageGeometry:
    """What pdf_grid.page_edges reads from a page: pdfplumber-style line, rect and curve dicts
    (x0, x1, top, bottom, width, height, stroke, fill, pts)
    in pdfplumber's page coordinates; `origin` is the visible page's top-left corner in them
    (pdf_grid.find_tables' origin)."""
    origin: tuple[float, float] = (0.0, 0.0)
    size: tuple[float, float] = (0.0, 0.0)   # the crop box's width and height
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)


_SINGLE = struct.Struct("f")
_BITS = struct.Struct("i")


@lru_cache(maxsize=65536)
def as_written(value: float) -> float:
    """The decimal a float32 most likely stands for: the one with the fewest decimal places
    within one float32 step of it. pdfium keeps page numbers as float32, pdfminer as doubles
    of the literals: 334.1095 must not become 334.10949707 and round the other way at two
    decimals, nor y + h of a `re` (added in float32) 540.52563 for 540.5256."""
    if value == 0.0 or value != value or abs(value) == float("inf"):
        return value
    bits = _BITS.unpack(_SINGLE.pack(value))[0]
    step = abs(_SINGLE.unpack(_BITS.pack(bits + 1))[0] - _SINGLE.unpack(_SINGLE.pack(value))[0])
    for places in range(0, 10):
        candidate = round(value, places)
        if abs(candidate - value) <= step:
            return candidate
    return value


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix_of(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not _object_matrix(obj, ctypes.byref(m)):
        return IDENTITY
    return tuple(as_written(v) for v in (m.a, m.b, m.c, m.d, m.e, m.f))


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """inner applied first, then outer (PDF's row-vector convention: inner x outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _path_objects(raw_page):
    """(path object, matrix to page space) for every path on the page and inside its forms."""
    stack = [(ctypes.cast(raw_page, ctypes.c_void_p).value, _count_objects, _get_object, None, 0)]
    while stack:
        parent, count, get, outer, depth = stack.pop()
        found = []
        for i in range(max(count(parent), 0)):
            obj = get(parent, i)
            if not obj:
                continue
            kind = _object_type(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                found.append(("path", obj))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                found.append(("form", obj))
        # Content order within a level matters little (pdf_grid sorts), but keep it anyway.
        for kind, obj in found:
            matrix = _matrix_of(obj) if outer is None else _then(_matrix_of(obj), outer)
            if kind == "path":
                yield obj, matrix
            else:
                stack.append((obj, _count_form_objects, _get_form_object, matrix, depth + 1))


def _subpaths(path) -> list[tuple[str, list[tuple[float, float]]]]:
    """The path's subpaths as pdfminer's (shape, points) in path space: 'm' 'l' 'c' 'h', one
    point per operator (a Bezier's end point), 'h' at the subpath's start."""
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    out: list[tuple[list[str], list[tuple[float, float]]]] = []
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    start = None
    bezier = 0
    for i in range(max(_count_segments(path), 0)):
        seg = _get_segment(path, i)
        if not seg or not _segment_point(seg, px, py):
            continue
        kind = _segment_type(seg)
        closed = bool(_segment_close(seg))
        point = (x.value, y.value)
        if kind == _MOVETO:
            ops, pts = ["m"], [point]
            out.append((ops, pts))
            start, bezier = point, 0
        elif start is None:
            continue  # drawing before any moveto: pdfminer drops such a path too
        elif kind == _LINETO:
            if closed and point == start:
                ops.append("h")          # closepath (pdfium's lineto back to the start)
                pts.append(start)
                continue
            ops.append("l")
            pts.append(point)
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue                 # control points
            ops.append("c")
            pts.append(point)
        else:
            continue
        if closed and ops[-1] != "h":
            ops.append("h")
            pts.append(start)
    return [_as_written_path("".join(ops), pts) for ops, pts in out if len(ops) > 1]


def _f32(value: float) -> float:
    return _SINGLE.unpack(_SINGLE.pack(value))[0]


def _addend(base: float, total: float) -> float | None:
    """The shortest decimal w with float32(base + w) == total (pdfium adds a `re`'s width and
    height to its corner in float32), or None."""
    for places in range(0, 8):
        w = round(total - base, places)
        if _f32(base + _f32(w)) == total:
            return w
    return None


def _as_written_path(shape: str, pts: list[tuple[float, float]]) -> tuple[str, list[tuple[float, float]]]:
    """Points as the decimals of the content stream. A rectangle in `re` order (x y, x+w y,
    x+w y+h, x y+h, x y) gets its corners as pdfminer computes them, corner plus size in
    double, so a rule's far side lands on the same last digit."""
    if shape == "mlllh" and pts[0] == pts[4]:
        (x, y), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
        if y1 == y and x2 == x1 and y3 == y2 and x3 == x:
            w, h = _addend(x, x1), _addend(y, y2)
            if w is not None and h is not None:
                x, y = as_written(x), as_written(y)
                return shape, [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
    return shape, [(as_written(px), as_written(py)) for px, py in pts]


def page_boxes(page) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
    """(media box, crop box) of a pypdfium2 page, as (left, bottom, right, top). pdfium's box
    getters read only the page's own dictionary; a box inherited from the page tree (a
    MediaBox on /Pages is common) falls back to the page's bounding box, which pdfium
    does resolve through the tree, never to pypdfium2's US Letter default."""
    bbox = page.get_bbox()
    media = page.get_mediabox(fallback_ok=False) or bbox
    crop = page.get_cropbox(fallback_ok=False) or media
    return media, crop


def page_geometry(raw_page, mediabox: tuple[float, float, float, float],
                  cropbox: tuple[float, float, float, float], chars: list[dict] = ()) -> PageGeometry:
    """Lines, rects and curves of one unturned page; the boxes as pdfium reports them
    (left, bottom, right, top in user space). `chars` (the page's, in the visible page's
    frame) let paths that only trace the text's own glyphs be left out (_is_lettering)."""
    mx0, my0, mx1, my1 = _box(mediabox)
    cx0, cy0, cx1, cy1 = _box(cropbox)
    # pdfminer's coordinates start at the media box's corner; pdfplumber flips them with the
    # media box's height and pdf_grid moves them by the crop box's corner: same steps here.
    height = my1 - my0
    plumber_top = height - my1
    geometry = PageGeometry(origin=(cx0, height - cy1), size=(cx1 - cx0, (height - cy0) - (height - cy1)))
    fill_mode, stroke_flag = ctypes.c_int(0), ctypes.c_int(0)
    text = _TextBands(chars, geometry.origin)
    for path, (a, b, c, d, e, f) in _path_objects(raw_page):
        if not _draw_mode(path, ctypes.byref(fill_mode), ctypes.byref(stroke_flag)):
            continue
        fill, stroke = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE, bool(stroke_flag.value)
        e, f = e - mx0, f - my0
        subpaths = [(shape, [(a * px + c * py + e, b * px + d * py + f) for px, py in raw_pts])
                    for shape, raw_pts in _subpaths(path)]
        if _is_lettering(subpaths, text, mx0, height + plumber_top):
            continue
        for shape, pts in subpaths:
            if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
                shape = shape[:-2] + "h"   # a redundant lineto to the start before closepath
                pts.pop()
            _add(geometry, shape, pts, stroke, fill, mx0, height, plumber_top)
    return geometry


GLYPH_CURVES = 24      # Bezier segments from which a low path is lettering even with no text on it
GLYPH_SEGMENTS = 8     # segments from which a path lying on the text layer's glyphs is lettering
GLYPH_HEIGHT = 36.0    # points: lettering drawn as paths is one line of type at most this tall


class _TextBands:
    """The page's char boxes in pdfplumber page coordinates, sorted by top, for asking
    whether a box lies on text."""

    def __init__(self, chars, origin: tuple[float, float]):
        dx, dy = origin
        self.boxes = sorted((ch["top"] + dy, ch["x0"] + dx, ch["x1"] + dx, ch["bottom"] + dy)
                            for ch in chars if not ch["text"].isspace())

    def cover(self, x0: float, top: float, x1: float, bottom: float, tol: float = 1.0) -> bool:
        """Whether the chars overlapping the box together span it."""
        lo, hi = top - GLYPH_HEIGHT, bottom
        i = bisect.bisect_left(self.boxes, (lo,))
        span = None
        while i < len(self.boxes) and self.boxes[i][0] <= hi:
            t, a, b, btm = self.boxes[i]
            if a < x1 and b > x0 and t < bottom and btm > top:
                span = (min(span[0], a), min(span[1], t), max(span[2], b), max(span[3], btm)) if span else (a, t, b, btm)
            i += 1
        return span is not None and span[0] - tol <= x0 and x1 <= span[2] + tol \
            and span[1] - tol <= top and bottom <= span[3] + tol


def _is_lettering(subpaths: list[tuple[str, list]], text: _TextBands, dx: float, flip: float) -> bool:
    """Text drawn as outlines over a text layer that holds the same characters (cairo strokes
    bold or outlined text as the glyphs' contours): a path no taller than a line of type that
    lies wholly on the page's chars, or that has many curved contours. Ruled grids are
    straight lines beyond any one line of text. `dx` and `flip` take the points to pdfplumber's
    x and top."""
    segments = sum(len(shape) for shape, _ in subpaths)
    if segments < GLYPH_SEGMENTS:
        return False
    xs = [x for _, pts in subpaths for x, _ in pts]
    ys = [y for _, pts in subpaths for _, y in pts]
    if not xs or max(ys) - min(ys) > GLYPH_HEIGHT:
        return False
    if sum(shape.count("c") for shape, _ in subpaths) >= GLYPH_CURVES:
        return True
    return text.cover(min(xs) + dx, flip - max(ys), max(xs) + dx, flip - min(ys))


def _box(box) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (as_written(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _add(geometry: PageGeometry, shape: str, pts: list[tuple[float, float]], stroke: bool, fill: bool,
         mx0: float, height: float, plumber_top: float) -> None:
    """One subpath as pdfplumber's object: pdfminer's classification, pdfplumber's arithmetic."""
    if shape in ("mlh", "ml"):
        kind, pts = "line", pts[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        kind = "rect" if pts[0] == pts[4] and square else "curve"
    else:
        kind = "curve"
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = (height - y1) + plumber_top
    obj = {"object_type": kind, "x0": x0 + mx0 if mx0 else x0, "x1": x1 + mx0 if mx0 else x1,
           "top": top, "bottom": (height - y0) + plumber_top, "doctop": top, "y0": y0, "y1": y1,
           "width": x1 - x0, "height": y1 - y0, "stroke": stroke, "fill": fill}
    if kind == "curve":
        obj["pts"] = [(mx0 + x, plumber_top + height - y) for x, y in pts]
        geometry.curves.append(obj)
    elif kind == "rect":
        geometry.rects.append(obj)
    else:
        geometry.lines.append(obj)
