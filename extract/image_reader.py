"""Scans delivered as image files: JPEG, PNG, TIFF (one page per frame, the office scanner's
multi-page file, bilevel CCITT included), BMP, WebP. Each frame is a page read by OCR exactly as
a scanned PDF's page is (extract.scan.ocr_image_page), so tables, text and flags come out the same.

An image file carries no page size, only pixels and, often, a resolution. The resolution is
believed when it makes a plausible sheet (3 to 17 inches on the long side: A5 to A3, landscape or
not); a phone photo says 72 dpi for 4000 pixels (55 inches), so then the long side is taken as
A4's 11.69 inches. `frame_dpi` is also what review.html uses to place cell boxes on the image.
"""
from __future__ import annotations

from pathlib import Path

from .errors import CorruptDocument, TooLarge
from .model import PageContent, RawDocument

MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")
A4_LONG_IN = 11.69
SHEET_IN = (3.0, 17.0)      # plausible long side of a printed page, inches
MAX_FRAMES = 2000           # a TIFF that claims more pages is not a report


def looks_like_image(head: bytes) -> bool:
    """Whether the first bytes start an image format Pillow reads (WebP: RIFF....WEBP)."""
    if head.startswith(b"RIFF"):
        return head[8:12] == b"WEBP"
    return head.startswith(MAGIC)


def frame_dpi(width_px: int, height_px: int, stated: tuple | float | None) -> float:
    """The frame's resolution: the file's own when it makes a plausible sheet, else A4's."""
    long_px = max(width_px, height_px)
    try:
        dpi = float(max(stated)) if isinstance(stated, (tuple, list)) else float(stated or 0)
    except (TypeError, ValueError):
        dpi = 0.0
    if dpi > 0 and SHEET_IN[0] <= long_px / dpi <= SHEET_IN[1]:
        return dpi
    return long_px / A4_LONG_IN


def page_size_pt(width_px: int, height_px: int, dpi: float) -> tuple[float, float]:
    return width_px / dpi * 72.0, height_px / dpi * 72.0


def open_image(path: Path):
    """The image opened lazily (header only), with a specific error for what cannot be read."""
    from PIL import Image, UnidentifiedImageError
    try:
        return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise TooLarge(f"图像过大: the image is too large to read safely ({exc})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptDocument(f"图像文件无法打开: the image cannot be decoded ({type(exc).__name__}: {exc})") from exc


def frames(img):
    """(1-based page number, RGB page, dpi, straightened) for each frame (page_frame)."""
    count = getattr(img, "n_frames", 1)
    if count > MAX_FRAMES:
        raise TooLarge(f"图像页数过多 {count}: the image holds {count} frames (limit {MAX_FRAMES})")
    for number in range(1, count + 1):
        page, dpi, straightened = page_frame(img, number)
        yield number, page, dpi, straightened


def page_frame(img, number: int):
    """(frame `number` as the sheet printed, RGB; its dpi; whether it was straightened). A phone
    stores its photo as the sensor saw it and says how to turn it (EXIF Orientation), which a
    single-frame image is turned by; a sheet photographed on a darker ground is cut out and
    straightened (scan_sheet). The review draws boxes on this same picture."""
    import numpy as np
    from PIL import Image, ImageOps

    from .scan_sheet import find_sheet, straighten
    img.seek(number - 1)
    stated = img.info.get("dpi")
    upright = ImageOps.exif_transpose(img) if getattr(img, "n_frames", 1) == 1 else img
    rgb = upright.convert("RGB")
    corners = find_sheet(np.asarray(rgb.convert("L")))
    if corners is not None:
        rgb, stated = Image.fromarray(straighten(np.asarray(rgb), corners)), None   # a photo: no scan resolution
    return rgb, frame_dpi(rgb.width, rgb.height, stated), corners is not None


def read_image(path: Path) -> RawDocument:
    """Every frame OCR'd as a page (pages side by side as for a scanned PDF: scan.read_rendered);
    a frame that fails is an empty page and a warning."""
    import numpy as np

    from . import scan
    from .pdf_reader import assemble

    img = open_image(path)
    warnings: list[str] = []
    pages: list[PageContent] = []
    sizes: dict[int, tuple[float, float]] = {}
    straightened: set[int] = set()

    def rendered():
        for number, rgb, dpi, cut in frames(img):
            sizes[number] = page_size_pt(rgb.width, rgb.height, dpi)
            if cut:
                straightened.add(number)

            def render(rgb=rgb, dpi=dpi, number=number):
                gray, use_dpi = _page_gray(np.asarray(rgb), dpi)
                return (gray, use_dpi, number, *sizes[number])
            yield number, render

    try:
        for number, content in scan.read_rendered(rendered()):
            if isinstance(content, Exception):
                warnings.append(f"第{number}页 OCR 失败: OCR failed on page {number} "
                                f"({type(content).__name__}: {content})")
                content = PageContent(page=number, width=sizes[number][0], height=sizes[number][1])
            content.ocr = True
            if number in straightened:
                content.notes.append(f"第 {number} 页为拍摄的纸张照片，已按纸张边缘裁切并校正透视: page {number} "
                                     "is a photograph of the sheet, cut out and straightened to its edges")
            pages.append(content)
    except OSError as exc:   # a truncated file fails while its pixels are read
        raise CorruptDocument(f"图像文件已损坏: the image is truncated or damaged ({exc})") from exc
    finally:
        img.close()
    doc = assemble(str(path), pages, fmt="image")
    doc.warnings = warnings + doc.warnings
    return doc


def _page_gray(rgb, dpi: float):
    """(grayscale page with red seals lifted, its resolution) at a resolution the OCR reader
    works at, as scanned PDFs are rendered."""
    from . import scan
    rgb, dpi = scan.at_reading_dpi(rgb, dpi)
    return scan.drop_red(rgb, bgr=False), dpi
