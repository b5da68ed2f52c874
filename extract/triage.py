"""A fast first pass over a PDF with pypdfium2: which pages may hold ruled tables, which are
image-only scans, and the text of the rest (chars with boxes) so pdfplumber's slower geometry
pass runs only where a table can be.

A page is a table candidate when it draws enough path segments to form a grid (ruling lines
are paths whichever producer drew them; text alone cannot make a ruled table). The count of
self-evaluation table words (项目名称, 绩效指标, 分值, ...) is kept per page as a hint. A page is
image-only when it has no text layer and an image covers most of it.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_text import is_regular_font
from .pdfium_geometry import (PageGeometry, page_boxes, page_geometry, plain_function, plain_page_objects,
                              plain_segment_count)

KEYWORDS = ("项目名称", "绩效指标", "一级指标", "二级指标", "三级指标", "分值", "得分", "年度指标值",
            "实际完成值", "预算执行率", "执行率", "年初预算数", "评分", "权重")
MIN_SEGMENTS = 6   # path segments on a page before it may hold a ruled table
PAGES_PER_OPEN = 50  # pages read before the document is reopened (pdfium's font cache)
MAX_OVERLAY_CHARS = 40  # visible characters a scanned page may carry over its image and still be OCR'd
PICTURE_MIN_AREA = 0.03    # share of the page a picture covers before it may hold a table
PICTURE_MIN_WIDTH = 0.3    # share of the page width
RULE_MAX_THICK = 2.5       # points: a path object this thin and RULE_MIN_LENGTH long is a rule
RULE_MIN_LENGTH = 40.0


@dataclass
class PageInfo:
    page: int                  # 1-based
    width: float
    height: float
    rotation: int = 0
    n_chars: int = 0
    n_paths: int = 0
    n_segments: int = 0        # line/curve segments over all path objects
    image_cover: float = 0.0   # largest image's share of the page area
    text_objects: int = 0
    invisible_text: int = 0    # text objects drawn in render mode 3 (an OCR layer over a scan)
    keywords: int = 0
    text: str = ""
    chars: list[dict] = field(default_factory=list)  # pdfplumber-style char dicts (top-left origin)
    # Large pictures on an unturned page (x0, top, x1, bottom in the visible page's frame): a
    # table pasted as a picture among text is only in the image.
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)
    # Thin, wide path objects on an unturned page (x0, y, x1 in the visible page's frame): the
    # rules of a 三线表, which draws too few segments to be a ruled table candidate.
    rules: list[tuple[float, float, float]] = field(default_factory=list)
    # An unturned page's lines, rects and curves (pdfium_geometry), when asked for.
    geometry: PageGeometry | None = None

    @property
    def image_only(self) -> bool:
        # A scan may still carry a few visible characters (a scanner app's watermark such as
        # "扫描全能王 创建", a stamped page number); they must not stop the page from being read.
        # An invisible OCR layer is not an overlay: ocr_layer routes that page, and its text
        # is still read where OCR is not installed.
        sparse = (self.n_chars <= MAX_OVERLAY_CHARS and self.n_segments < MIN_SEGMENTS
                  and self.invisible_text == 0)
        return self.image_cover >= 0.5 and (self.n_chars == 0 or sparse)

    @property
    def garbled(self) -> bool:
        """A text layer that does not decode (fonts without a ToUnicode map): mostly
        private-use, replacement or control characters."""
        return garbled_text(self.text)

    @property
    def ocr_layer(self) -> bool:
        """A scan with an invisible OCR text layer: the table rules exist only in the image."""
        return (self.image_cover >= 0.5 and self.n_segments < MIN_SEGMENTS and self.text_objects > 0
                and self.invisible_text >= 0.8 * self.text_objects)

    @property
    def table_candidate(self) -> bool:
        # Ruling lines are path segments; table words alone (a narrative citing 分值) do not
        # make a grid, so the slow geometry pass needs drawn segments.
        return not self.image_only and self.n_segments >= MIN_SEGMENTS


# What a font without a ToUnicode map decodes to besides private-use and replacement
# characters: its raw codes read as WinAnsi/Latin-1 (a re-distilled subset font numbers its
# glyphs 1, 2, 3…): controls, accented Latin letters, WinAnsi's rarer signs, and the ASCII
# signs a report's prose and tables hardly use (codes 0x21-0x7E read as themselves).
_NOISE = frozenset("ƒˆ˜‚„†‡‰‹›€™Šš" "!\"#$&'*+<=>?@[\\]^_`{|}~")


def never_text(ch: str) -> bool:
    """A code no printed text is: private use, the replacement character, a control."""
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or ch == "\ufffd" or o < 0x20 or 0x7F <= o <= 0x9F


def undecoded(ch: str) -> bool:
    o = ord(ch)
    return never_text(ch) or (0xC0 <= o <= 0x24F and o not in (0xD7, 0xF7)) or ch in _NOISE


def garbled_text(text: str, threshold: float = 0.3) -> bool:
    """Text that mostly did not decode: private-use, replacement or control characters, or a
    subset font's raw codes shown as accented Latin letters and stray ASCII signs (a Chinese
    report has few of either)."""
    ink = [ch for ch in text if not ch.isspace()]
    if len(ink) < 20:
        return False
    return sum(1 for ch in ink if undecoded(ch)) / len(ink) >= threshold


def _font_info(textpage, index: int) -> tuple[str, int]:
    buf = pdfium_c.FPDFText_GetFontInfo(textpage, index, None, 0, None)
    name = ""
    flags = pdfium_c.c_int(0)
    if buf:
        out = (pdfium_c.c_char * buf)()
        pdfium_c.FPDFText_GetFontInfo(textpage, index, out, buf, pdfium_c.byref(flags))
        name = out.value.decode("utf-8", "replace")
    return name, flags.value


def _returning_address(function, *argtypes):
    """`function` (a pdfium C function) called so that it returns the handle as a plain int:
    a hashable key, without building a ctypes pointer object per call."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(address)


_text_object_of_char = _returning_address(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_int)
# The per-char calls with plain handles too (a page has thousands of chars).
_char_code = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetUnicode, ctypes.c_void_p).value)
_char_loose_box = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(pdfium_c.FS_RECTF))(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)
_font_of_text_object = _returning_address(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)


MAX_LOOSE_EM = 1.6   # a loose char box taller than this many em is not the glyph's (see page_chars)
EM_DESCENT = 0.12    # the em box's share below the baseline (CJK fonts: 0.88 up, 0.12 down)


def page_chars(textpage, height: float, origin: tuple[float, float] | None = None) -> list[dict]:
    """Chars of one unrotated page in pdfplumber's shape, from pdfium's loose char boxes.
    `origin` is the visible page's top-left corner (crop box left, top) in PDF user space;
    pdfium reports char boxes in user space, so a crop/media box not at (0, 0) moves them.
    `matrix` is the glyph's (a, b, c, d) and `upright` pdfminer's test on it (a glyph turned
    by 90 degrees in a vertical-text cell is not upright). `size` is the size the glyph is
    printed at: the font size times the matrix's scale (cairo sets every font at 1 pt and
    scales it by the matrix; Chromium at CSS pixels scaled by 0.75).

    A loose box taller than MAX_LOOSE_EM em comes from a font whose ascent and descent are not
    its glyphs' (cairo's re-embedded CJK fonts report ~2.9 em): such a glyph gets the em box
    on its baseline instead, or it would overlap the lines above and below it."""
    left_edge, top_edge = origin if origin is not None else (0.0, height)
    raw = textpage.raw
    # This loop runs for every char of the document: raw calls, one reused rect, and what is
    # the same for all glyphs of a text object (font, size, matrix) looked up once per object.
    get_unicode, loose_box = _char_code, _char_loose_box
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    handle = ctypes.cast(raw, ctypes.c_void_p).value
    by_object: dict[int, tuple] = {}
    by_font: dict[int, tuple[str, bool]] = {}
    chars = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = get_unicode(handle, i)
        if code in (0, 0x0A, 0x0D, 0xFFFE, 0xFFFF):
            continue
        if code == 0x20 and pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue  # pdfium's synthetic word spaces (its line breaks are \r\n, dropped above)
        if not loose_box(handle, i, rect_ref):
            continue
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        if right <= left and top <= bottom:
            continue
        obj = _text_object_of_char(handle, i)
        style = by_object.get(obj) if obj else None
        if style is None:
            style = _char_style(raw, i, obj, by_font)
            if obj:
                by_object[obj] = style
        name, bold, size, matrix, upright = style
        if top - bottom > MAX_LOOSE_EM * size > 0 and upright and matrix[1] == 0:
            left, bottom, right, top = _em_box(raw, i, size, matrix, (left, bottom, right, top))
        chars.append({"text": chr(code), "x0": left - left_edge, "x1": right - left_edge,
                      "top": top_edge - top, "bottom": top_edge - bottom, "size": size,
                      "fontname": name, "bold": bold, "matrix": matrix, "upright": upright})
    return chars


def _em_box(raw, i: int, size: float, matrix: tuple, loose: tuple) -> tuple:
    """Char i's box as its em square on the baseline, sheared like the glyph (a synthetic
    italic), for a char whose loose box came from implausible font metrics. The advance is
    what is left of the loose width once the shear of the loose height is taken off it."""
    x, y = ctypes.c_double(), ctypes.c_double()
    if not pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y)):
        return loose
    left, bottom, right, top = loose
    shear = matrix[2] / matrix[3]
    advance = max((right - left) - abs(shear) * (top - bottom), 0.0)
    below, above = -EM_DESCENT * size, (1.0 - EM_DESCENT) * size
    return (x.value + min(shear * below, shear * above), y.value + below,
            x.value + advance + max(shear * below, shear * above), y.value + above)


def _char_style(raw, i: int, obj, by_font: dict) -> tuple:
    """(font name, bold, size, matrix, upright) of char i, the font looked up once per font."""
    handle = _font_of_text_object(obj) if obj else None
    font = by_font.get(handle) if handle else None
    if font is None:
        name = _font_info(raw, i)[0]
        font = (name, pdfium_c.FPDFText_GetFontWeight(raw, i) >= 600 and not is_regular_font(name))
        if handle:
            by_font[handle] = font
    m = pdfium_c.FS_MATRIX()
    matrix = (m.a, m.b, m.c, m.d) if pdfium_c.FPDFText_GetMatrix(raw, i, m) else (1.0, 0.0, 0.0, 1.0)
    upright = matrix[0] * matrix[3] > 0 and matrix[1] * matrix[2] <= 0
    scale = abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5 or 1.0
    return font[0], font[1], round(pdfium_c.FPDFText_GetFontSize(raw, i) * scale, 2), matrix, upright


_text_render_mode = plain_function(pdfium_c.FPDFTextObj_GetTextRenderMode, ctypes.c_int, ctypes.c_void_p)
_FLOAT_P = ctypes.POINTER(ctypes.c_float)
_object_bounds = plain_function(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int, ctypes.c_void_p,
                                _FLOAT_P, _FLOAT_P, _FLOAT_P, _FLOAT_P)


def _page_objects(raw_page, max_depth: int = 2):
    """(type, object handle) of a page's objects and of the objects inside its form XObjects,
    down to `max_depth` levels (pypdfium2's get_objects without a wrapper object per item:
    pages drawn one glyph per text object have thousands)."""
    return plain_page_objects(raw_page, max_depth)


def _bounds(obj) -> tuple[float, float, float, float]:
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not _object_bounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t)):
        return 0.0, 0.0, 0.0, 0.0
    return l.value, b.value, r.value, t.value


def triage(path, password: str | None = None, want_chars=lambda info: False,
           want_geometry=lambda info: False) -> list[PageInfo]:
    """One PageInfo per page. `want_chars(info)` says for which pages to keep char dicts,
    `want_geometry(info)` for which unturned pages to read the ruling geometry."""
    return list(iter_triage(path, password, want_chars, want_geometry))


def iter_triage(path, password: str | None = None, want_chars=lambda info: False,
                want_geometry=lambda info: False):
    """PageInfos one page at a time, so a caller can use and drop each page's chars."""
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        for index in range(len(pdf)):
            if index and index % PAGES_PER_OPEN == 0:
                # pdfium keeps every font it parsed until the document closes; a report
                # merged from many files carries its own fonts on each page (500 such pages:
                # 500 MB). Reopening bounds that at a few ms per window.
                pdf.close()
                pdf = pdfium.PdfDocument(str(path), password=password)
            page = pdf[index]
            try:
                width, height = page.get_size()  # pdfium reports the /Rotate'd size
                rotation = page.get_rotation()
                n_paths = 0
                n_segments = 0
                text_objects = invisible = 0
                image_cover = 0.0
                area = max(width * height, 1.0)
                pictures = []
                rules = []
                for kind, obj in _page_objects(page.raw):
                    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                        n_paths += 1
                        n_segments += max(plain_segment_count(obj), 0)
                        if rotation == 0 and n_segments < MIN_SEGMENTS:
                            l, b, r, t = _bounds(obj)
                            if t - b <= RULE_MAX_THICK and r - l >= RULE_MIN_LENGTH:
                                rules.append((l, (b + t) / 2, r))
                    elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                        text_objects += 1
                        mode = _text_render_mode(obj)
                        invisible += mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
                    elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                        l, b, r, t = _bounds(obj)
                        image_cover = max(image_cover, (r - l) * (t - b) / area)
                        if (r - l) * (t - b) >= PICTURE_MIN_AREA * area and r - l >= PICTURE_MIN_WIDTH * width:
                            pictures.append((l, b, r, t))
                textpage = page.get_textpage()
                try:
                    n_chars = textpage.count_chars()
                    text = textpage.get_text_range() if n_chars else ""
                    ink = sum(1 for ch in text if not ch.isspace())
                    info = PageInfo(page=index + 1, width=width, height=height, rotation=rotation,
                                    n_chars=ink, n_paths=n_paths, n_segments=n_segments,
                                    image_cover=image_cover, text_objects=text_objects,
                                    invisible_text=invisible,
                                    keywords=sum(1 for k in KEYWORDS if k in text), text=text)
                    if rules and n_segments < MIN_SEGMENTS:
                        # a table candidate's rules are read with the rest of its geometry
                        crop = page_boxes(page)[1]  # pdfium's own crop box may miss an inherited one
                        info.rules = [(round(l - crop[0], 2), round(crop[3] - y, 2), round(r - crop[0], 2))
                                      for l, y, r in rules]
                    if rotation == 0 and (pictures or (ink and want_chars(info))):
                        crop = page_boxes(page)[1]  # (left, bottom, right, top) in user space
                        if ink and want_chars(info):
                            info.chars = page_chars(textpage, height, (crop[0], crop[3]))
                        if not info.image_only:
                            info.pictures = [(round(max(l - crop[0], 0.0), 2), round(max(crop[3] - t, 0.0), 2),
                                              round(min(r - crop[0], width), 2), round(min(crop[3] - b, height), 2))
                                             for l, b, r, t in pictures]
                    if rotation == 0 and want_geometry(info):
                        try:
                            info.geometry = page_geometry(page.raw, *page_boxes(page), info.chars)
                        except Exception:  # noqa: BLE001 - the page goes to pdfplumber's full pass
                            info.geometry = None
                finally:
                    textpage.close()
            finally:
                page.close()
            yield info
    finally:
        pdf.close()
