"""A fast first pass over a PDF with pypdfium2: which pages may hold ruled tables, which are
image-only scans, and the text of the rest (chars with boxes) so pdfplumber's slower geometry
pass runs only where a table can be.

A page is a table candidate when it draws enough path segments to form a grid (ruling lines
are paths whichever producer drew them; text alone cannot make a ruled table). The count of
self-evaluation table words (项目名称, 绩效指标, 分值, ...) is kept per page as a hint. A page is
image-only when it has no text layer and an image covers most of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

KEYWORDS = ("项目名称", "绩效指标", "一级指标", "二级指标", "三级指标", "分值", "得分", "年度指标值",
            "实际完成值", "预算执行率", "执行率", "年初预算数", "评分", "权重")
MIN_SEGMENTS = 6   # path segments on a page before it may hold a ruled table
MAX_OVERLAY_CHARS = 40  # visible characters a scanned page may carry over its image and still be OCR'd


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


def garbled_text(text: str, threshold: float = 0.3) -> bool:
    ink = [ch for ch in text if not ch.isspace()]
    if len(ink) < 20:
        return False
    bad = sum(1 for ch in ink if 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd" or ord(ch) < 0x20)
    return bad / len(ink) >= threshold


def _font_info(textpage, index: int) -> tuple[str, int]:
    buf = pdfium_c.FPDFText_GetFontInfo(textpage, index, None, 0, None)
    name = ""
    flags = pdfium_c.c_int(0)
    if buf:
        out = (pdfium_c.c_char * buf)()
        pdfium_c.FPDFText_GetFontInfo(textpage, index, out, buf, pdfium_c.byref(flags))
        name = out.value.decode("utf-8", "replace")
    return name, flags.value


def page_chars(textpage, height: float, origin: tuple[float, float] | None = None) -> list[dict]:
    """Chars of one unrotated page in pdfplumber's shape, from pdfium's loose char boxes.
    `origin` is the visible page's top-left corner (crop box left, top) in PDF user space;
    pdfium reports char boxes in user space, so a crop/media box not at (0, 0) moves them."""
    left_edge, top_edge = origin if origin is not None else (0.0, height)
    raw = textpage.raw
    chars = []
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (0, 0x0A, 0x0D, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue  # pdfium's synthetic spaces / line breaks
        x_shift = left_edge
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        if right <= left and top <= bottom:
            continue
        name, _flags = _font_info(raw, i)
        chars.append({"text": chr(code), "x0": left - x_shift, "x1": right - x_shift,
                      "top": top_edge - top, "bottom": top_edge - bottom,
                      "size": round(pdfium_c.FPDFText_GetFontSize(raw, i), 2), "fontname": name,
                      "bold": pdfium_c.FPDFText_GetFontWeight(raw, i) >= 600, "upright": True})
    return chars


def triage(path, password: str | None = None, want_chars=lambda info: False) -> list[PageInfo]:
    """One PageInfo per page. `want_chars(info)` says for which pages to keep char dicts."""
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        infos = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width, height = page.get_size()  # pdfium reports the /Rotate'd size
                rotation = page.get_rotation()
                n_paths = 0
                n_segments = 0
                text_objects = invisible = 0
                image_cover = 0.0
                area = max(width * height, 1.0)
                for obj in page.get_objects(max_depth=2):
                    if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                        n_paths += 1
                        n_segments += max(pdfium_c.FPDFPath_CountSegments(obj.raw), 0)
                    elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                        text_objects += 1
                        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
                        invisible += mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
                    elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                        l, b, r, t = obj.get_bounds()
                        image_cover = max(image_cover, (r - l) * (t - b) / area)
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
                    if ink and rotation == 0 and want_chars(info):
                        crop = page.get_cropbox()  # (left, bottom, right, top) in user space
                        info.chars = page_chars(textpage, height, (crop[0], crop[3]))
                finally:
                    textpage.close()
                infos.append(info)
            finally:
                page.close()
        return infos
    finally:
        pdf.close()
