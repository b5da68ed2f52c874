"""OCR page reading for image-only (scanned) PDF pages.

`ocr_page(pdf_path, page_number)` renders one page with pypdfium2, deskews it, finds tables
from their ruling lines (OpenCV), reads the text with rapidocr (ONNX, models in the wheel) and
returns a `PageContent` shaped exactly like the text-layer reader's: tables as complete grids
(merged cells as one Cell at the top-left with spans, empty slots as Cells with text ''),
text outside tables as TextBlock lines in reading order. Coordinates are PDF points of the
page, origin top-left (pdfplumber convention).
"""
from __future__ import annotations

import os
import re
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import ocr_engine, scan_symbols
from .errors import CorruptDocument, EncryptedDocument
from .model import Cell, CharRead, OcrDetail, PageContent, Table, TextBlock
from .ocr_threads import page_parallelism
from .ocr_engine import OcrBox
from .ocr_text_tables import aligned_tables, pixel_frame
from .scan_edges import recover_edges, recover_lines, split_stacked
from .scan_type import GLYPH_EM, line_metrics
from .scan_lines import (TableGrid, components, estimate_skew, find_tables, forget_page_masks,
                         median_u8, rotate)

# Rendering resolution. A scan's embedded image is read at its own resolution (re-sampling
# cannot add detail), clamped to this range; pages that are not a single image use DEFAULT_DPI.
# Measured on the dev scan (bench/ocr_speed.py): 150 dpi loses digits, 175-200 are equal.
MIN_DPI = 160.0
MAX_DPI = 300.0
DEFAULT_DPI = 200.0
DET_DPI = 110.0          # text detection runs on a reduced copy; recognition on full resolution
TEXT_DET_DPI = 80.0      # ... and on pages without a ruled table (prose, 12 pt and up)
# (measured: 90-100 dpi are 10-15% faster but lose single 9 pt characters and merge specks
# into numbers on the project fixtures; bench/ocr_speed.py --det-dpi)

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_PAGE_NO = re.compile(r"^[\s\-—–－一_·.()（）第页/]*\d{1,4}[\s\-—–－一_·.()（）页/共]*(\d{1,4}[\s页]*)?$")
_NUMERIC = re.compile(r"^[\s\d.,，:：/%％+\-—–－~～Ooli|I。]*$")
_DASHES = {"-", "—", "一", "–", "－", "——", "--", "一一", "―", "_"}


# ----------------------------------------------------------------------------- pdf side

def _open(pdf_path, password):
    try:
        return pdfium.PdfDocument(str(pdf_path), password=password)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise EncryptedDocument("PDF 已加密，需要密码: the PDF is password-protected") from exc
        raise CorruptDocument(f"PDF 无法打开: cannot open PDF ({exc})") from exc


def page_text_chars(page) -> int:
    """Number of non-whitespace characters in the page's text layer."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return sum(1 for ch in text if not ch.isspace())


def page_images(page) -> list[tuple[tuple[float, float, float, float], tuple[int, int]]]:
    """(bounds in PDF user space, pixel size) of the page's image objects (top level and inside
    form XObjects)."""
    out = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        try:
            out.append((tuple(obj.get_bounds()), tuple(obj.get_px_size())))
        except Exception:  # noqa: BLE001 - a broken image object must not stop the page
            continue
    return out


def image_coverage(page) -> float:
    """Fraction of the page area covered by the largest image object."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    best = 0.0
    for (l, b, r, t), _ in page_images(page):
        best = max(best, abs(r - l) * abs(t - b) / area)
    return min(best, 1.0)


def is_image_only(pdf_page, min_chars: int = 5, min_coverage: float = 0.5) -> bool:
    """True for a scanned page: (almost) no text layer and an image covering most of it."""
    return page_text_chars(pdf_page) < min_chars and image_coverage(pdf_page) >= min_coverage


def needs_ocr(pdf_page) -> bool:
    """A page worth OCR: no usable text layer and any visible image content."""
    return page_text_chars(pdf_page) < 5 and image_coverage(pdf_page) >= 0.2


def choose_dpi(pdf_page) -> float:
    """The largest page-size image's native resolution, clamped to [MIN_DPI, MAX_DPI]."""
    best = None
    for (l, b, r, t), (pw, ph) in page_images(pdf_page):
        w_in, h_in = abs(r - l) / 72.0, abs(t - b) / 72.0
        if w_in < 1 or h_in < 1:
            continue
        dpi = max(pw / w_in, ph / h_in) if pw and ph else None
        area = w_in * h_in
        if dpi and (best is None or area > best[0]):
            best = (area, dpi)
    if best is None:
        return DEFAULT_DPI
    return float(min(MAX_DPI, max(MIN_DPI, best[1])))


def choose_dpi_path(pdf_path, page_number: int, password: str | None = None) -> float:
    doc = _open(pdf_path, password)
    try:
        return choose_dpi(doc[page_number - 1])
    finally:
        doc.close()


def render_gray(pdf_page, dpi: float, crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> np.ndarray:
    """The page (less `crop`: points cut off left, bottom, right, top) as a grayscale image.
    Rendered in colour so a red seal (公章) over the table can be lifted out (`drop_red`)
    before it is greyed into dark blotches that break ruling lines and cover digits."""
    bitmap = pdf_page.render(scale=dpi / 72.0, grayscale=False, crop=crop)
    try:
        arr = bitmap.to_numpy().copy()
    finally:
        bitmap.close()
    if arr.ndim == 2:
        return arr
    return drop_red(arr[:, :, :3], bgr=True)


STAMP_SIGMA = 2.0   # px: the reach of a stamp's colour after JPEG (colour at half resolution)
STAMP_GAIN = 1.5    # the red share is underestimated where the smear of colour is thin; more
                    # (2.0) also lifts thin rules crossed by the stamp's strokes


def drop_red(img: np.ndarray, bgr: bool = True) -> np.ndarray:
    """Colour page -> gray with red/pink stamp ink turned to paper, black print under it kept.
    JPEG keeps colour at half resolution and blurs it: a stamp's thin strokes keep their
    darkness (sharp gray) but only a smear of their red, so no per-pixel colour test finds them
    (lifting per pixel leaves grey outlines of the stamp's characters: 中心 + its 心 read 中心心).
    Around each pixel the share of the darkness that is red (smoothed redness / smoothed
    darkness, against that ratio in solid stamp ink) is lifted back to paper, but never past
    what red ink can explain: gray / the stamp's tint, so black print under a stamp stays dark.
    Gray pages pass unchanged."""
    import cv2
    if img.ndim == 2:
        return img
    b, g, r = (img[:, :, 0], img[:, :, 1], img[:, :, 2]) if bgr else (img[:, :, 2], img[:, :, 1], img[:, :, 0])
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY if bgr else cv2.COLOR_RGB2GRAY)
    # r - max(g, b), floored at 0, is an integer 0..255: uint8 with saturation holds it
    # exactly, at a third of float32's cost on the (most) pages that have no red at all
    redness8 = cv2.subtract(np.ascontiguousarray(r), cv2.max(np.ascontiguousarray(g), np.ascontiguousarray(b)))
    if cv2.minMaxLoc(redness8)[1] < 40:
        return gray
    redness = redness8.astype(np.float32)
    y = gray.astype(np.float32)
    paper = float(np.percentile(y[::4, ::4], 90))          # most of a page is paper
    red_s = cv2.GaussianBlur(redness, (0, 0), STAMP_SIGMA)
    dark_s = cv2.GaussianBlur(np.maximum(paper - y, 0.0), (0, 0), STAMP_SIGMA)
    strong = red_s >= 40.0
    if not strong.any():
        return gray
    solid = red_s >= max(40.0, float(np.median(red_s[strong])))     # the stamp's denser half
    # the stamp ink's own gray: its darkest clearly red pixels (thin strokes blurred by the
    # scan never reach it; black print under the stamp is not red)
    core = solid & (redness >= 40.0)
    tint = float(np.percentile(y[core], 10)) if core.any() else float(np.median(y[solid]))
    tint = min(max(tint / max(paper, 1.0), 0.25), 0.9)
    ratio_full = float(np.median(red_s[solid] / np.maximum(dark_s[solid], 1.0)))
    share = np.clip(STAMP_GAIN * red_s / np.maximum(dark_s, 1.0) / max(ratio_full, 1e-3), 0.0, 1.0)
    share[red_s < 6.0] = 0.0
    out = np.minimum(y + share * np.maximum(paper - y, 0.0), np.maximum(y / tint, y))
    return np.clip(out, 0, 255).astype(np.uint8)


# ----------------------------------------------------------------------------- text helpers

def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.")


def join_pieces(left: str, right: str) -> str:
    """Join two pieces of one line/cell: no space between CJK, one between Latin words."""
    if not left:
        return right
    if not right:
        return left
    if _is_ascii_word(left[-1]) and _is_ascii_word(right[0]) and left[-1].isalpha() and right[0].isalpha():
        return left + " " + right
    return left + right


def group_lines(boxes: list[OcrBox]) -> list[list[OcrBox]]:
    """Boxes grouped into text lines (vertical overlap), lines top to bottom, boxes left to right."""
    lines: list[list[OcrBox]] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        placed = False
        for line in lines:
            top = min(x.top for x in line)
            bottom = max(x.bottom for x in line)
            overlap = min(bottom, b.bottom) - max(top, b.top)
            if overlap > 0.5 * min(b.height, bottom - top):
                line.append(b)
                placed = True
                break
        if not placed:
            lines.append([b])
    for line in lines:
        line.sort(key=lambda b: b.x0)
    lines.sort(key=lambda ln: min(b.top for b in ln))
    return lines


def clean_numeric(text: str) -> str:
    """Fix OCR confusions in a numeric-looking cell only: O/o->0, l/I/|->1, 。->., ，->."""
    t = text.strip()
    if not t or not _NUMERIC.match(t) or not any(ch.isdigit() for ch in t):
        return t
    t = (t.replace("O", "0").replace("o", "0").replace("l", "1").replace("I", "1")
         .replace("|", "1").replace("i", "1").replace("。", ".").replace("％", "%").replace(" ", ""))
    # a figure has one decimal point: in 1.218.50 the dots before the last are thousands
    # commas read as dots (a comma's tail is a pixel or two at 150-200 dpi)
    m = _DOTTED_THOUSANDS.match(t)
    if m:
        t = m.group(1).replace(".", ",") + m.group(2)
    return t


_DOTTED_THOUSANDS = re.compile(r"^(\d{1,3}(?:[.,]\d{3})*\.\d{3})(\.\d+%?)$")


_JUNK = "*·•'`\"_~^[]{}"


def strip_junk(text: str, punct: bool = True) -> str:
    """Scan specks read as * · ' next to a number: drop them when what is left is a number.
    With punct=False a trailing '.' stays (the first line of a wrapped 436.|1)."""
    t = text.strip()
    core = t.strip(_JUNK + (" .,，、" if punct else " "))
    # a trailing dash after a number is a speck or a stamp remnant (10- next to a seal)
    core = re.sub(r"(?<=[\d%])\s*[-—–－]+$", "", core)
    if core != t and looks_numeric(core):
        return core
    return t


_LONE = {"I": "1", "l": "1", "|": "1", "i": "1", "O": "0", "o": "0"}
_CJK_DOT = re.compile(r"(?<=[\u3400-\u9fff])[.．](?=[\u3400-\u9fff])")


_SPECK_DOT = re.compile(r"(?<=[、，。；：])\s*[·.]+|^[·.]+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff。])[·]+$")


_DOUBLED_PUNCT = re.compile(r"([，,、。；;：:])\1+(?=[\u3400-\u9fff])")


def clean_text(text: str) -> str:
    """OCR fixes valid in any text: a '.' between two CJK characters is the middle dot of
    names like 京卡·互助服务卡 (Chinese prose ends sentences with 。, never '.'); a dot right
    after CJK punctuation or at the start or end of a line is a speck (2、·组织实施分析); a
    comma, 、, full stop, colon or semicolon doubled before an ideograph is one mark read over
    two steps (服务，，床位: no prose doubles them; …… and —— are not touched)."""
    return _DOUBLED_PUNCT.sub(r"\1", _CJK_DOT.sub("·", _SPECK_DOT.sub("", text)))


def clean_cell_text(text: str) -> str:
    t = strip_junk(text)
    if t in _DASHES:
        return "—"
    if t in _LONE:          # a cell holding one glyph like I or O is the digit
        return _LONE[t]
    if lookalike_number(t):
        return "".join(_LONE[ch] for ch in t)
    return clean_numeric(clean_text(t))


def lookalike_number(text: str) -> bool:
    """A short cell made only of letters that digits are misread as: io, lo, IO (a score of 10
    with a speck over its 1 is i0 or io to the recogniser; no table cell prints such a word)."""
    return 2 <= len(text) <= 4 and all(ch in _LONE for ch in text)


def looks_numeric(text: str) -> bool:
    t = text.strip()
    return bool(t) and bool(_NUMERIC.match(t)) and any(ch.isdigit() for ch in t)


# ----------------------------------------------------------------------------- main

def ocr_page(pdf_path, page_number: int, password: str | None = None, *,
             dpi: float | None = None) -> PageContent:
    """Read one (image-only) page by OCR. page_number is 1-based."""
    doc = _open(pdf_path, password)
    try:
        rendered = _render(doc, page_number, dpi)
    finally:
        doc.close()
    return ocr_image_page(*rendered)


def _render(doc, page_number: int, dpi: float | None) -> tuple:
    """(gray image, dpi, page number, width, height): ocr_image_page's arguments."""
    if not 1 <= page_number <= len(doc):
        raise ValueError(f"page {page_number} out of range 1..{len(doc)}")
    page = doc[page_number - 1]
    try:
        width, height = page.get_size()
        use_dpi = float(dpi) if dpi else choose_dpi(page)
        return render_gray(page, use_dpi), use_dpi, page_number, width, height
    finally:
        page.close()


_POOL: tuple[int, int, ThreadPoolExecutor] | None = None   # (pid, size, pool)


def _pool(size: int) -> ThreadPoolExecutor:
    """One thread pool per process, kept so its threads keep their OCR engines; a forked
    child (whose copy has no threads) makes its own."""
    global _POOL
    if _POOL is None or _POOL[0] != os.getpid() or _POOL[1] < size:
        _share_malloc_arena()
        _POOL = (os.getpid(), size, ThreadPoolExecutor(max_workers=size, thread_name_prefix="jixiao-ocr"))
    return _POOL[2]


def _share_malloc_arena() -> None:
    """glibc gives every thread its own malloc arena and keeps freed memory in it: each OCR
    thread would hold on to its own ~300 MB of text-detection buffers. With one arena (and
    one detection at a time, ocr_engine) two pages side by side peak at ~690 MB instead of
    ~970 MB, ~510 MB for one page at a time. No-op off glibc."""
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, 1)   # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def ocr_pages(pdf_path, page_numbers: list[int], password: str | None = None, *,
              dpi: float | None = None, parallel: int | None = None):
    """Yield (page number, PageContent or the exception that page raised), in the order given.
    Pages are rendered here, one at a time (pdfium is not thread-safe), and read by OCR in
    `parallel` threads, with at most that many rendered pages held at once."""
    try:
        doc = _open(pdf_path, password)
    except Exception as exc:  # noqa: BLE001
        for number in page_numbers:
            yield number, exc
        return
    try:
        yield from read_rendered(((number, lambda number=number: _render(doc, number, dpi))
                                  for number in page_numbers), parallel)
    finally:
        doc.close()


def read_rendered(pages, parallel: int | None = None):
    """Yield (page number, PageContent or the exception that page raised) for `pages`, pairs of
    (page number, render) in reading order, where render() gives ocr_image_page's arguments.
    Rendering happens here, in the caller's thread (pdfium and Pillow are not thread-safe);
    reading in `parallel` threads (page_parallelism() by default), with at most that many
    rendered pages held at once. Shared by scanned PDFs and image files."""
    n = parallel or page_parallelism()
    if n <= 1:
        for number, render in pages:
            try:
                yield number, ocr_image_page(*render())
            except Exception as exc:  # noqa: BLE001 - the caller records it per page
                yield number, exc
        return
    pool = _pool(n)
    pending: deque = deque()

    def result(number, job):
        if isinstance(job, Exception):
            return number, job
        try:
            return number, job.result()
        except Exception as exc:  # noqa: BLE001
            return number, exc

    try:
        for number, render in pages:
            try:
                job = pool.submit(ocr_image_page, *render())
            except Exception as exc:  # noqa: BLE001
                job = exc
            pending.append((number, job))
            if len(pending) >= n:
                yield result(*pending.popleft())
        while pending:
            yield result(*pending.popleft())
    finally:
        for _number, job in pending:  # the caller stopped early: do not leave work running
            if not isinstance(job, Exception):
                job.cancel()


PICTURE_DPI = 200.0
PICTURE_MIN_FILLED = 0.3   # share of a picture table's cells OCR must find text in


def picture_tables(pdf_path, page_number: int, regions: list[tuple[float, float, float, float]],
                   password: str | None = None) -> list[PageContent]:
    """Tables pasted as pictures on a page with a text layer: each region (x0, top, x1, bottom,
    points in the visible page's frame) is rendered and read by OCR only when it holds a ruled
    grid of at least 2 x 2 (photos, logos and seals cost a render and a line search). One
    PageContent per region that holds a table, coordinates in the page's frame."""
    doc = _open(pdf_path, password)
    out = []
    try:
        page = doc[page_number - 1]
        try:
            width, height = page.get_size()
            for x0, top, x1, bottom in regions:
                gray = render_gray(page, PICTURE_DPI, crop=(x0, height - bottom, width - x1, top))
                content = _picture_content(gray, PICTURE_DPI, page_number)
                if content is None:
                    continue
                for item in [c for t in content.tables for c in t.cells] + content.blocks:
                    if item.x0 is not None:
                        item.x0, item.x1 = item.x0 + x0, item.x1 + x0
                        item.top, item.bottom = item.top + top, item.bottom + top
                content.width, content.height = width, height
                out.append(content)
        finally:
            page.close()
    finally:
        doc.close()
    return out


def _picture_content(gray: np.ndarray, dpi: float, page_number: int) -> PageContent | None:
    """A picture read by OCR as a page of its own size, keeping only real tables (2 x 2 or
    more, text in PICTURE_MIN_FILLED of the cells); None, without OCR, when the picture has no
    ruled grid of 2 x 2 (a photo, a logo, a seal), and when no table survives."""
    if not any(g.n_rows >= 2 and g.n_cols >= 2 for g in find_tables(rotate(gray, estimate_skew(gray)), dpi)):
        return None
    content = ocr_image_page(gray, dpi, page_number, gray.shape[1] / dpi * 72.0, gray.shape[0] / dpi * 72.0)
    content.tables = [t for t in content.tables if t.n_rows >= 2 and t.n_cols >= 2
                      and sum(1 for c in t.cells if c.text.strip()) >= PICTURE_MIN_FILLED * len(t.cells)]
    return content if content.tables else None


def at_reading_dpi(img: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """(the image, its resolution) brought into MIN_DPI..MAX_DPI, where the line and text finders
    work: a screenshot kept small is enlarged (they want pixels), a camera photo printed small is
    reduced (searching 12 MP for rules costs ~0.8 s)."""
    import cv2
    target = min(MAX_DPI, max(MIN_DPI, dpi))
    if target == dpi:
        return img, dpi
    interpolation = cv2.INTER_AREA if target < dpi else cv2.INTER_CUBIC
    return cv2.resize(img, None, fx=target / dpi, fy=target / dpi, interpolation=interpolation), target


def image_tables(data: bytes, width_pt: float | None) -> list[Table]:
    """Tables in an image file's bytes (a picture in a DOCX), printed `width_pt` points wide:
    read by OCR only when the image holds a ruled grid of at least 2 x 2. Cells keep their
    OCR confidence; their boxes are dropped (a DOCX has no page geometry)."""
    import cv2
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) if data else None
    if img is None or min(img.shape[:2]) < 40:
        return []    # not a raster image cv2 reads (EMF/WMF, SVG), or an icon
    dpi = img.shape[1] / (width_pt / 72.0) if width_pt else PICTURE_DPI
    gray, dpi = at_reading_dpi(drop_red(img, bgr=True), dpi)
    content = _picture_content(gray, dpi, 1)
    tables = content.tables if content is not None else []
    for table in tables:
        table.page_start = table.page_end = None
        for cell in table.cells:
            cell.page = cell.x0 = cell.top = cell.x1 = cell.bottom = None
    return tables


def _detect_lines(img: np.ndarray, dpi: float, grids) -> tuple[list[np.ndarray], float]:
    """Text-line boxes and the detector's scale. A page without a ruled table is prose: its text
    is body size and up, which the detector finds at TEXT_DET_DPI; but when what it finds stands
    in columns (a 三线表 or a borderless table) the page is detected again at DET_DPI, which the
    9 pt figures, the narrow column gaps and the ≥ signs of table cells need."""
    scale = min(1.0, (DET_DPI if grids else TEXT_DET_DPI) / dpi)
    quads = ocr_engine.detect(img, scale)
    if not grids and scale < min(1.0, DET_DPI / dpi) and _in_columns(quads):
        scale = min(1.0, DET_DPI / dpi)
        quads = ocr_engine.detect(img, scale)
    return quads, scale


def _in_columns(quads: list[np.ndarray], min_boxes: int = 3, min_lines: int = 2) -> bool:
    """Whether at least `min_lines` text lines hold `min_boxes` or more boxes side by side (a
    line of prose is one box, or two at a wide gap)."""
    lines: list[list[float]] = []   # [top, bottom, boxes]
    for top, bottom in sorted((float(q[:, 1].min()), float(q[:, 1].max())) for q in quads):
        middle = (top + bottom) / 2
        line = next((ln for ln in lines if ln[0] <= middle <= ln[1]), None)
        if line is None:
            lines.append([top, bottom, 1])
        else:
            line[2] += 1
    return sum(ln[2] >= min_boxes for ln in lines) >= min_lines


def ocr_image_page(gray: np.ndarray, dpi: float, page_number: int, width: float,
                   height: float) -> PageContent:
    """The OCR reader on an already rendered grayscale page image of `dpi` resolution."""
    try:
        return _read_page_image(gray, dpi, page_number, width, height)
    finally:
        forget_page_masks()   # the page's masks are kept while it is read, not after


def _read_page_image(gray: np.ndarray, dpi: float, page_number: int, width: float,
                     height: float) -> PageContent:
    scale = dpi / 72.0  # pixels per point
    angle = estimate_skew(gray)
    img = rotate(gray, angle)
    grids = find_tables(img, dpi)
    quads, det_scale = _detect_lines(img, dpi, grids)
    turn = page_turn(img, quads)
    if turn:
        # scanned in landscape: turn the page upright and read it again; coordinates are the
        # upright page's
        gray = np.ascontiguousarray(np.rot90(gray, k=1 if turn == 90 else -1))
        width, height = height, width
        angle = estimate_skew(gray)
        img = rotate(gray, angle)
        grids = find_tables(img, dpi)
        quads, det_scale = _detect_lines(img, dpi, grids)
    content = PageContent(page=page_number, width=width, height=height, ocr=True)
    if turn:
        content.notes.append(f"第 {page_number} 页为横向扫描，已旋转 {turn}°: page {page_number} "
                                f"was scanned sideways, turned {turn} degrees")
    boxes = ocr_engine.ocr_image(img, det_scale=det_scale, quads=quads)
    if not turn and upside_down(img, boxes):
        # fed upside down: read the page again turned 180 degrees (only pages that read
        # poorly are tested, so upright pages pay nothing)
        gray = np.ascontiguousarray(gray[::-1, ::-1])
        angle = estimate_skew(gray)
        img = rotate(gray, angle)
        grids = find_tables(img, dpi)
        boxes = ocr_engine.ocr_image(img, det_scale=det_scale)
        content.notes.append(f"第 {page_number} 页为倒置扫描，已旋转 180°: page {page_number} "
                                "was scanned upside down, turned 180 degrees")
    if not boxes and not grids:
        _nothing_read(content, img)
        return content

    def pt(v: float) -> float:
        return round(float(v) / scale, 2)

    # assign boxes to tables; split boxes that straddle a cell boundary
    in_table: list[list[OcrBox]] = [[] for _ in grids]
    outside: list[OcrBox] = []
    for b in boxes:
        ti = _table_of(b, grids)
        if ti is None:
            outside.append(b)
        else:
            in_table[ti].append(b)
    tables = []
    for grid, tboxes in zip(grids, in_table):
        table = _build_table(img, grid, tboxes, page_number, pt)
        tables.append((grid, table))
    # no ruled grid around them: a 三线表 or a borderless table, read from the boxes' alignment
    aligned, outside = aligned_tables(img, dpi, outside, page_number, pt, clean_cell_text)
    tables = sorted(tables + [(pixel_frame(t, scale), t) for t in aligned], key=lambda gt: gt[0].ys[0])

    # captions: lines just above each table (after the previous table), nearest last
    lines = [recover_edges(img, ln, 0, img.shape[1]) for ln in group_lines(outside)]
    line_info = []
    for ln in lines:
        text = ""
        for b in ln:
            text = join_pieces(text, b.text)
        line_info.append((ln, text.strip()))
    used_caption = set()
    prev_bottom = 0.0
    for grid, table in tables:
        top = grid.ys[0]
        cands = [(i, ln, text) for i, (ln, text) in enumerate(line_info)
                 if max(b.bottom for b in ln) <= top + 2 and min(b.top for b in ln) >= prev_bottom - 2]
        cap = []
        limit = top
        for i, ln, text in sorted(cands, key=lambda c: -max(b.bottom for b in c[1])):
            lb = max(b.bottom for b in ln)
            lh = max(b.height for b in ln)
            if limit - lb > max(2.5 * lh, 0.35 * dpi) or len(cap) >= 3:
                break
            if text and not _PAGE_NO.match(text):
                cap.append(text)
                used_caption.add(i)
            limit = min(b.top for b in ln)
        table.caption = list(reversed(cap))
        prev_bottom = grid.ys[-1]
        content.tables.append(table)

    # text blocks: every line outside tables, minus page numbers in the margins
    for i, (ln, text) in enumerate(line_info):
        if not text:
            continue
        x0 = min(b.x0 for b in ln)
        top = min(b.top for b in ln)
        x1 = max(b.x1 for b in ln)
        bottom = max(b.bottom for b in ln)
        in_margin = top > img.shape[0] * 0.88 or bottom < img.shape[0] * 0.08
        if in_margin and _PAGE_NO.match(text):
            continue
        size = float(np.median([b.height for b in ln])) / scale * 0.85
        stroke = density = None
        metrics = line_metrics(img, ln)
        if metrics is not None:
            ink_h, stroke_px, density = metrics
            size, stroke = ink_h / scale / GLYPH_EM, stroke_px / ink_h
        content.blocks.append(TextBlock(text=clean_text(text), page=page_number, x0=pt(x0), top=pt(top),
                                        x1=pt(x1), bottom=pt(bottom), size=round(size, 1),
                                        stroke=None if stroke is None else round(stroke, 4),
                                        density=None if density is None else round(density, 4)))
    if not content.blocks and not any(c.text for t in content.tables for c in t.cells):
        _nothing_read(content, img)      # a frame around a picture makes an empty 1x1 "table"
    return content


def _nothing_read(content: PageContent, img: np.ndarray) -> None:
    n = content.page
    if blank_page(img):
        content.notes.append(f"第 {n} 页为空白页: page {n} is blank")
    else:
        content.warnings.append(f"第 {n} 页 OCR 未识别到文字: OCR found no text on page {n}")


BLANK_INK = 0.001   # share of dark pixels under which a page holds nothing (a text page: 2-10%)
BLANK_MARGIN = 0.05  # scanner edges, punch holes and staples live in the outer band: not looked at


def blank_page(img: np.ndarray) -> bool:
    """Whether a page image holds no print: a separator sheet or the back of a duplex scan
    (paper grain and specks only). A page with a stamp, a signature or a faint picture is not
    blank, so OCR finding no text there stays a warning."""
    h, w = img.shape[:2]
    dy, dx = int(h * BLANK_MARGIN), int(w * BLANK_MARGIN)
    inner = img[dy:h - dy, dx:w - dx]
    if inner.size == 0:
        return True
    return float(np.count_nonzero(inner < 160)) / inner.size < BLANK_INK


def page_turn(img: np.ndarray, quads: list[np.ndarray]) -> int:
    """0 for an upright page; 90 or 270 (counter-clockwise turn that makes it upright) for a
    page scanned sideways. Text lines of a sideways page are tall boxes: decide by the total
    length of tall vs wide detector boxes (vertical table labels are a minority), then read
    the longest tall boxes turned both ways and keep the turn the recogniser is surer of."""
    wide = tall = 0.0
    talls = []
    for q in quads:
        w = float(q[:, 0].max() - q[:, 0].min())
        h = float(q[:, 1].max() - q[:, 1].min())
        if w >= 2 * h:
            wide += w
        elif h >= 2 * w:
            tall += h
            talls.append((h, q))
    if tall < 3 * max(wide, 1.0) or len(talls) < 3:
        return 0
    talls.sort(key=lambda t: -t[0])
    crops = []
    for _, q in talls[:4]:
        crop = ocr_engine.crop_box(img, float(q[:, 0].min()), float(q[:, 1].min()),
                                   float(q[:, 0].max()), float(q[:, 1].max()), pad=2)
        if crop is not None:
            crops.append(crop)
    if not crops:
        return 0
    ccw = ocr_engine.recognize([np.ascontiguousarray(np.rot90(c, k=1)) for c in crops])
    cw = ocr_engine.recognize([np.ascontiguousarray(np.rot90(c, k=-1)) for c in crops])
    s_ccw = sum(sc * len(t) for t, sc in ccw)
    s_cw = sum(sc * len(t) for t, sc in cw)
    best = ccw if s_ccw >= s_cw else cw
    # boxes that are not text (stamps, line debris) read poorly both ways: keep the page
    # (upright vertical labels read well turned, so the length test above must exclude them)
    if float(np.mean([sc for _, sc in best])) < 0.75:
        return 0
    return 90 if s_ccw >= s_cw else 270


def upside_down(img: np.ndarray, boxes: list[OcrBox]) -> bool:
    """A page whose text reads poorly (median confidence under 0.8) and whose widest lines
    read confidently when turned 180 degrees."""
    if len(boxes) < 5 or float(np.median([b.score for b in boxes])) >= 0.8:
        return False
    widest = sorted(boxes, key=lambda b: -(b.x1 - b.x0))[:6]
    crops, before = [], []
    for b in widest:
        crop = ocr_engine.crop_box(img, b.x0, b.top, b.x1, b.bottom, pad=1)
        if crop is not None:
            crops.append(np.ascontiguousarray(crop[::-1, ::-1]))
            before.append(b.score)
    if not crops:
        return False
    after = [sc for _, sc in ocr_engine.recognize(crops)]
    return float(np.mean(after)) >= 0.8 and float(np.mean(after)) > float(np.mean(before)) + 0.15


def _table_of(b: OcrBox, grids: list[TableGrid]) -> int | None:
    for i, g in enumerate(grids):
        x0, top, x1, bottom = g.bbox
        if x0 - 2 <= b.cx <= x1 + 2 and top - 2 <= b.cy <= bottom + 2:
            return i
    return None


def _slot(bounds: list[float], v: float) -> int:
    for i in range(len(bounds) - 1):
        if v < bounds[i + 1]:
            return i
    return len(bounds) - 2


def _build_table(img: np.ndarray, grid: TableGrid, boxes: list[OcrBox], page_number: int, pt) -> Table:
    slot_cell: dict[tuple[int, int], int] = {}
    for k, gc in enumerate(grid.cells):
        for r in range(gc.row, gc.row + gc.row_span):
            for c in range(gc.col, gc.col + gc.col_span):
                slot_cell[(r, c)] = k
    # split boxes that straddle a vertical cell border
    pieces: list[OcrBox] = []
    to_rec: list[tuple[float, float, float, float]] = []
    for b in boxes:
        r = _slot(grid.ys, b.cy)
        cells_hit = []
        for k in sorted({slot_cell.get((r, c)) for c in range(grid.n_cols)} - {None}):
            gc = grid.cells[k]
            ov = min(gc.x1, b.x1) - max(gc.x0, b.x0)
            if ov > max(4.0, 0.4 * b.height):
                cells_hit.append((gc, ov))
        if len(cells_hit) <= 1:
            pieces.append(b)
            continue
        for gc, _ in cells_hit:
            to_rec.append((max(gc.x0 + 2, b.x0), b.top, min(gc.x1 - 2, b.x1), b.bottom))
    if to_rec:
        crops, rects = [], []
        for rect in to_rec:
            crop = ocr_engine.crop_box(img, *rect, pad=1)
            if crop is not None:
                crops.append(crop)
                rects.append(rect)
        for rect, r in zip(rects, ocr_engine.read(crops)):
            if r.text.strip():
                pieces.append(OcrBox(*rect, r.text.strip(), r.score,
                                     r.chars if r.text == r.text.strip() else None))
    # characters stacked in one box (a vertical label): read one by one
    pieces = [p for b in pieces for p in split_stacked(img, b)]
    per_cell: dict[int, list[OcrBox]] = {}
    for b in pieces:
        key = slot_cell.get((_slot(grid.ys, b.cy), _slot(grid.xs, b.cx)))
        if key is not None:
            per_cell.setdefault(key, []).append(b)

    # glyphs the detector left out at the ends of a cell's lines (a wrapped leading 、, 一级指标)
    # and whole short lines it missed (a wrapped `)` alone, one character of a stacked label)
    line_h = float(np.median([b.height for b in pieces])) if pieces else 30.0
    for k, cb in per_cell.items():
        gc = grid.cells[k]
        cb = [b for line in group_lines(cb) for b in recover_edges(img, line, gc.x0 + 3, gc.x1 - 3)]
        found = _glyph_mask(img, gc, 2, max(3.0, 0.1 * line_h))
        if found is not None:
            cb += recover_lines(img, *found, cb, line_h)
        per_cell[k] = cb

    texts: dict[int, tuple[str, float | None]] = {}
    raw: dict[int, tuple[str, list[CharRead | None]]] = {}
    for k, gc in enumerate(grid.cells):
        cb = per_cell.get(k, [])
        raw[k] = _joined_reading(group_lines(cb))
        conf = float(np.mean([b.score for b in cb])) if cb else None
        texts[k] = (raw[k][0], conf)

    fixes: dict[int, list[str]] = {}
    shapes: dict[int, dict[str, float]] = {}
    _reread_small_cells(img, grid, per_cell, texts, fixes)
    _reread_stretched(img, grid, per_cell, raw, texts, fixes)
    _read_lone_symbols(img, grid, per_cell, texts, fixes)
    _fix_relations(img, grid, per_cell, texts, fixes, shapes)
    _drop_speck_signs(img, grid, per_cell, texts, fixes)

    cells = []
    for k, gc in enumerate(grid.cells):
        text, conf = texts[k]
        final = clean_cell_text(text)
        if final != text.strip() and (lookalike_number(text.strip()) or ("i" in text and looks_numeric(text))):
            _note(fixes, k, text.strip(), final, "字母形近数字 letters read for the digits they look like")
        detail = None
        if conf is not None or k in fixes:
            raw_text, raw_chars = raw[k]
            detail = OcrDetail(raw=raw_text, chars=_align_chars(raw_text, raw_chars, final),
                               fixes=fixes.get(k, []), lead_shapes=shapes.get(k, {}))
        cells.append(Cell(row=gc.row, col=gc.col, text=final, row_span=gc.row_span,
                          col_span=gc.col_span, page=page_number, x0=pt(gc.x0), top=pt(gc.top),
                          x1=pt(gc.x1), bottom=pt(gc.bottom),
                          confidence=None if conf is None else round(conf, 4), ocr=detail))
    return Table(cells=cells, n_rows=grid.n_rows, n_cols=grid.n_cols, page_start=page_number,
                 page_end=page_number)


def _joined_reading(lines: list[list[OcrBox]]) -> tuple[str, list[CharRead | None]]:
    """A cell's text as join_pieces builds it from its lines, with each character's reading
    (None for a joining space and for pieces read without detail)."""
    text, chars = "", []
    for line in lines:
        for b in line:
            joined = join_pieces(text, b.text)
            if len(joined) > len(text) + len(b.text):
                chars.append(None)                      # the space between two Latin words
            own = b.chars if b.chars is not None and len(b.chars) == len(b.text) else [None] * len(b.text)
            chars.extend(own)
            text = joined
    return text, chars


def _align_chars(raw: str, raw_chars: list[CharRead | None], final: str) -> list[CharRead | None]:
    """Each character of the cell's final text with its reading where it is the recogniser's
    character unchanged (matched against the raw text), else None."""
    import difflib
    out: list[CharRead | None] = [None] * len(final)
    if not raw or not final:
        return out
    for a, b, n in difflib.SequenceMatcher(None, raw, final, autojunk=False).get_matching_blocks():
        for i in range(n):
            out[b + i] = raw_chars[a + i] if a + i < len(raw_chars) else None
    return out


def _note(fixes: dict[int, list[str]], k: int, old: str, new: str, why: str) -> None:
    if old != new:
        fixes.setdefault(k, []).append(f"{old or '∅'}→{new or '∅'}: {why}")


def _cell_ink(img: np.ndarray, gc, inset: int, min_size: int = 1) -> tuple[np.ndarray, int, int] | None:
    """(ink mask, x0, top) of a cell's inside, `inset` px in from its borders: pixels clearly
    darker than the cell's paper. None when the inside is smaller than `min_size` px."""
    x0, top = int(gc.x0) + inset, int(gc.top) + inset
    x1, bottom = int(gc.x1) - inset, int(gc.bottom) - inset
    if x1 - x0 < min_size or bottom - top < min_size:
        return None
    sub = img[top:bottom, x0:x1]
    if sub.size == 0:
        return None
    paper = median_u8(sub)
    return (sub < min(paper - 45, 200)).astype(np.uint8), x0, top


def _glyph_mask(img: np.ndarray, gc, inset: int, min_extent: float = 6.0) -> tuple[np.ndarray, int, int] | None:
    """(mask, x0, top): the ink inside a cell (borders excluded) that belongs to glyphs, in
    the cell's inner pixel frame. Specks (scan noise) smaller than `min_extent` px in both
    directions and remnants of the cell's ruling lines are left out."""
    cell = _cell_ink(img, gc, inset, 4)
    if cell is None:
        return None
    ink, x0, top = cell
    hh, ww = ink.shape
    # (shares inked as sum / length: the values of .mean(), without its overhead per call)
    # remnants of the cell's ruling lines (skew, thick lines): rows/columns mostly inked
    ink[ink.sum(axis=1) / ww > 0.6, :] = 0
    ink[:, ink.sum(axis=0) / hh > 0.6] = 0
    # the blurred edges of thick lines next to the cell's border: partly inked rows/columns
    m = max(3, int(0.08 * min(hh, ww)))
    for sl in (slice(0, m), slice(max(0, hh - m), hh)):
        rows = ink[sl]
        rows[rows.sum(axis=1) / ww > 0.3, :] = 0
    for sl in (slice(0, m), slice(max(0, ww - m), ww)):
        cols = ink[:, sl]
        cols[:, cols.sum(axis=0) / hh > 0.3] = 0
    n, labels, stats = components(ink)
    x, y, w, h = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    touches_edge = ((x <= 0) | (y <= 0) | (x + w >= ww) | (y + h >= hh)
                    # the blurred or jagged edge of a thick ruling line, cut loose from the cell
                    # edge when the mostly-inked rows/columns were cleared: spans the cell a few
                    # pixels thin, or lies wholly in the border band (glyphs reach further in)
                    | (x + w <= m) | (x >= ww - m) | (y + h <= m) | (y >= hh - m)
                    | ((w >= 0.85 * ww) & (h <= max(3, 0.15 * hh)))
                    | ((h >= 0.85 * hh) & (w <= max(3, 0.15 * ww))))
    # specks are noise; components touching the cell edge are ruling-line remnants
    keep = (np.maximum(w, h) >= min_extent) & ~touches_edge
    keep[0] = False     # the paper
    return keep[labels], x0, top


def _ink_bbox(img: np.ndarray, gc, inset: int, min_extent: float = 6.0) -> tuple[int, int, int, int] | None:
    """Bounding box of the glyph ink inside a cell (_glyph_mask), in page pixels."""
    found = _glyph_mask(img, gc, inset, min_extent)
    if found is None:
        return None
    mask, x0, top = found
    ys, xs = np.nonzero(mask)
    if len(ys) == 0:
        return None
    return x0 + int(xs.min()), top + int(ys.min()), x0 + int(xs.max()) + 1, top + int(ys.max()) + 1


def _ink_lines(img: np.ndarray, gc, inset: int, min_extent: float) -> list[tuple[int, int, int, int]]:
    """The ink of a cell split into text lines (blank rows between them), each as a box."""
    bb = _ink_bbox(img, gc, inset, min_extent)
    if bb is None:
        return []
    x0, top, x1, bottom = (int(v) for v in bb)
    sub = img[top:bottom, x0:x1]
    if sub.size == 0:
        return [bb]
    paper = median_u8(img[int(gc.top) + inset:int(gc.bottom) - inset, int(gc.x0) + inset:int(gc.x1) - inset])
    rows = (sub < min(paper - 45, 200)).any(axis=1)
    # [first, end) of each run of inked rows
    bands = np.flatnonzero(np.diff(np.concatenate(([0], rows, [0])).astype(np.int8))).reshape(-1, 2).tolist()
    # join bands split by thin gaps inside a glyph (less than 2 blank rows), drop specks
    merged: list[list[int]] = []
    for b in bands:
        if merged and b[0] - merged[-1][1] < 2:
            merged[-1][1] = b[1]
        else:
            merged.append(b)
    merged = [b for b in merged if b[1] - b[0] >= 3]
    out = []
    for a, b in merged:
        cols = np.where((sub[a:b] < min(paper - 45, 200)).any(axis=0))[0]
        if len(cols):
            out.append((x0 + int(cols[0]), top + a, x0 + int(cols[-1]) + 1, top + b))
    # a dash and a digit's serifs are each a band; only trust a split into real text lines
    tall = [o for o in out if o[3] - o[1] >= min_extent]
    return tall if len(tall) >= 2 else [bb]


def _reread_small_cells(img, grid: TableGrid, per_cell, texts, fixes) -> None:
    """Re-read single-line cells that hold a number (or are empty but inked) as one crop:
    a whole cell read in one go avoids split digits and catches dashes the detector missed."""
    line_h = None
    hs = [b.height for bs in per_cell.values() for b in bs]
    if hs:
        line_h = float(np.median(hs))
    jobs = []
    ink: dict[int, tuple[float, float]] = {}   # one-line jobs: the cell's ink width and height
    lh = line_h or 30.0
    for k, gc in enumerate(grid.cells):
        text, conf = texts[k]
        bs = per_cell.get(k, [])
        if len(group_lines(bs)) > 1:
            continue
        numeric = not text or looks_numeric(strip_junk(text)) or text.strip() in _DASHES
        if not numeric and len(text) > 12:
            continue
        inset = 2
        bb = _ink_bbox(img, gc, inset, min_extent=max(5.0, 0.2 * lh))
        if bb is None:
            continue
        bw, bh = bb[2] - bb[0], bb[3] - bb[1]
        # a lone flat bar is a dash whatever the recogniser says ("1", "一", "-" or nothing)
        if len(text.strip()) <= 2 and bh <= max(4, 0.2 * lh) and bw >= 3 * bh and bw >= 0.3 * lh:
            _note(fixes, k, text, "—", "单独一横，按字形读作破折号 a lone flat bar is a dash")
            texts[k] = ("—", conf if conf is not None else 0.9)
            continue
        bands = _ink_lines(img, gc, inset, min_extent=max(5.0, 0.3 * lh)) if bh > 0.8 * lh else [bb]
        if bh > 1.6 * lh and len(bands) == 1 or len(bands) > 3:
            continue
        if not text and bw * bh < 20:
            continue
        # ink the detector left out (a leading 一, a trailing digit, a wrapped last digit):
        # read the whole cell again
        uncovered = bool(bs) and (bb[0] < min(b.x0 for b in bs) - 0.4 * lh
                                  or bb[2] > max(b.x1 for b in bs) + 0.4 * lh
                                  or len(bands) > len(group_lines(bs)))
        if not numeric and not uncovered:
            continue
        # a number read confidently from one box is kept: re-reading costs time, not accuracy
        if (text and not uncovered and len(bs) == 1 and conf is not None and conf >= 0.97
                and looks_numeric(text)):
            continue
        jobs.append((k, bands))
        if len(bands) == 1:
            ink[k] = (bb[2] - bb[0], bb[3] - bb[1])
    if not jobs:
        return
    crops, owners = [], []
    for k, bands in jobs:
        gc = grid.cells[k]
        limits = (gc.x0 + 4, gc.x1 - 4)
        for band in bands:
            crops.append(_clean_crop(img, band, line_h, limits))
            owners.append(k)
    ok = [(k, c) for k, c in zip(owners, crops) if c is not None]
    raw = ocr_engine.recognize([c for _, c in ok])
    joined: dict[int, list[tuple[str, float]]] = {}
    for (k, _), res in zip(ok, raw):
        joined.setdefault(k, []).append(res)
    results = []
    for k, parts in joined.items():
        text = "".join(strip_junk(t, punct=False) for t, _ in parts)
        results.append((k, (text, min(sc for _, sc in parts))))
    for k, (new, score) in results:
        new = new.strip()
        old, conf = texts[k]
        if not new:
            continue
        if not old:
            # a short crop ends where rapidocr's grey padding starts, an edge the recogniser
            # may read as a 1: a figure whose ink is one glyph short of its reading loses it
            if (len(new) >= 2 and new[-1] in "1l|I" and looks_numeric(new) and k in ink
                    and not _ink_holds(ink[k], new[:-1], new)):
                _note(fixes, k, old, new[:-1], f"{new}: 末位 1 无对应笔画 the last 1 has no ink")
                texts[k] = (new[:-1], score)
                continue
            # an empty cell only takes a dash, a number or real text, never stray punctuation
            if score >= 0.5 and (new in _DASHES or looks_numeric(new) or _CJK.search(new)
                                 or any(ch.isalnum() for ch in new)):
                _note(fixes, k, old, new, "整格重新识别 cell re-read as one crop")
                texts[k] = (new, score)
        elif looks_numeric(strip_junk(old)) or old in _DASHES:
            o, n = strip_junk(old), strip_junk(new)
            if n == o and conf is not None:
                # two readings of the cell (its boxes, then the whole cell as one crop) agree:
                # the number is confirmed, whatever each reading's own confidence
                texts[k] = (old, 1.0 - (1.0 - conf) * (1.0 - score))
                fixes.setdefault(k, []).append(f"{o}: 整格重读一致 confirmed by a second reading ({conf:.2f}, {score:.2f})")
                continue
            if not looks_numeric(n):
                continue
            # a re-read of a small crop can lose a decimal point: never trade 1.5 for 15
            if ("." in o and "." not in n) or len(n) < len(o):
                continue
            # nor gain a glyph the ink has no room for (a lone 5 re-read as 51)
            if len(n) > len(o) and k in ink and not _ink_holds(ink[k], o, n):
                continue
            if conf is None or score >= conf - 0.02 or len(n) > len(o):
                _note(fixes, k, old, new, "整格重新识别 cell re-read as one crop")
                texts[k] = (new, score)
        elif _compact(old) in _compact(new) and len(_compact(new)) > len(_compact(old)) and score >= 0.8:
            _note(fixes, k, old, new, "整格重新识别 cell re-read as one crop")
            texts[k] = (new, score)


def _ink_holds(ink: tuple[float, float], old: str, new: str) -> bool:
    """Whether a line's ink (width, height in px) is nearer the width `new` would print at than
    the width `old` would (advances in digit heights, _char_width, less a glyph's side bearings)."""
    width, height = ink
    if height <= 0:
        return True
    def printed(text: str) -> float:
        return max(0.3, sum(_char_width(ch) for ch in text) - 0.2)
    return width / height >= (printed(old) + printed(new)) / 2


def _one_collapsed(new: str, old: str) -> bool:
    """Whether `old` is `new` with one character of a doubled pair dropped (6000 read 600)."""
    return len(new) == len(old) + 1 and any(
        new[i] == new[i - 1] and new[:i] + new[i + 1:] == old for i in range(1, len(new)))


STRETCH = 1.6   # a re-read crop is widened this much: more CTC steps per glyph


def _char_width(ch: str) -> float:
    """A character's advance in digit heights (tabular figures ~0.75, CJK ~1.25)."""
    if ch.isdigit() or ch in "≥≤<>=+-":
        return 0.75
    if ch in ".,:;":
        return 0.35
    if _CJK.match(ch) or ch in "%％":
        return 1.2
    return 0.6


def _reread_stretched(img, grid: TableGrid, per_cell, raw, texts, fixes) -> None:
    """CTC reads a run of equal glyphs as one when no blank step parts them: at 150 dpi a
    figure's glyphs are three or four steps wide and ≤6000元 comes out ≤600元. A one-line cell
    holding a figure whose ink is wider than its reading explains, or whose digits were read
    unsure, is read again widened (STRETCH); the new reading is taken only when it is the old
    one with a doubled character restored."""
    lh = _median_line_height(per_cell)
    jobs = []
    for k, gc in enumerate(grid.cells):
        text, conf = texts[k]
        t = _compact(text)
        if not t or not any(ch.isdigit() for ch in t) or len(t) > 16:
            continue
        found = _glyph_mask(img, gc, 2, max(3.0, 0.15 * lh))
        if found is None:
            continue
        mask, x0, top = found
        ys = np.nonzero(mask.any(axis=1))[0]
        xs = np.nonzero(mask.any(axis=0))[0]
        if len(ys) == 0 or ys[-1] - ys[0] > 1.4 * lh:
            continue          # wrapped over lines
        h = float(ys[-1] - ys[0] + 1)
        wide = (xs[-1] - xs[0] + 1) > (sum(_char_width(ch) for ch in t) + 0.45) * h
        chars = raw.get(k, ("", []))[1]
        unsure = any(cr is not None and cr.ch.isdigit() and cr.p < 0.9 for cr in chars)
        if not (wide or unsure):
            continue
        box = (x0 + int(xs[0]), top + int(ys[0]), x0 + int(xs[-1]) + 1, top + int(ys[-1]) + 1)
        crop = _clean_crop(img, box, lh)
        if crop is None:
            continue
        import cv2
        jobs.append((k, cv2.resize(crop, None, fx=STRETCH, fy=1.0, interpolation=cv2.INTER_CUBIC)))
    if not jobs:
        return
    for (k, _), (new, score) in zip(jobs, ocr_engine.recognize([c for _, c in jobs])):
        old, conf = texts[k]
        new = _compact(new)
        if score >= 0.8 and _one_collapsed(new, _compact(old)):
            _note(fixes, k, old, new, "加宽重读：相同字符被合并 read again widened: a doubled "
                                      "character had been read once")
            texts[k] = (new, score)


# a number, maybe after a relation sign (or what the recogniser makes of one: 2, 7, Z), maybe
# followed by a unit: 285, ≥95%, >1000人, 90万元, 500元/户
_REL_TEXT = re.compile(r"^(?P<lead>[≥≤><=≧≦27Z])?\s*(?P<num>\d[\d.]*\s*(?:%|％|[\u4e00-\u9fff]{1,4}"
                       r"(?:[/／][\u4e00-\u9fff]{1,3})?)?)$")     # ... or a unit per something: 元/户


def _median_line_height(per_cell) -> float:
    hs = [b.height for bs in per_cell.values() for b in bs]
    return float(np.median(hs)) if hs else 30.0


def _fix_relations(img, grid: TableGrid, per_cell, texts, fixes, shapes) -> None:
    """≥ / ≤ before a number: the recogniser often reads ≥85 as 285, ≥1000 as >1000, or drops
    the sign. Look at the glyph itself: its shape against the relation symbols (scan_symbols),
    or failing that its profile (a chevron with a separate flat bar under it). The shape
    scores of the leading glyph are kept for normalize, which knows which cells are targets."""
    lh = _median_line_height(per_cell)
    for k, gc in enumerate(grid.cells):
        text, conf = texts[k]
        t = text.strip()
        m = _REL_TEXT.match(t) if t else None
        if m is None:
            continue
        cell = _cell_ink(img, gc, 2, 6)
        first = scan_symbols.first_glyph(cell[0] > 0, lh) if cell is not None else None
        sign = None
        joined = None     # the digit a sign was found run into
        plain_digit = False
        if first is not None:
            every = scan_symbols.scores(first)
            shapes[k] = {ch: round(v, 3) for ch, v in every.items()
                         if ch in scan_symbols.RELATIONS + "27Z"}
            plain_digit = scan_symbols.clearly_digit(every)
            found = scan_symbols.relation(first, scan_symbols.LEADING)
            sign = found[0] if found else None
            if sign is None:
                split = scan_symbols.split_sign(first)
                if split is not None:
                    sign, joined = split[0], split[2]
                    shapes[k][sign] = max(shapes[k].get(sign, -1.0), round(split[1], 3))
        read_sign = m.group("lead") is not None and m.group("lead") not in "27Z"
        if sign is None and not plain_digit and not read_sign:
            # the profile is a last resort: at 150 dpi a 1 with a wide foot or a filled 4 has
            # a chevron's profile, but their shape matches the digit itself; and it never
            # overrules a sign the recogniser read (it turned ≥45万人 into ≤45万人)
            sign = _leading_relation(img, gc, lh)
        if sign is None:
            continue
        lead, num = m.group("lead"), m.group("num")
        if joined is not None:
            # the sign and the digit after it are one blob: the digit tells whether the
            # recogniser dropped the sign (≥2300 read 2300) or read it as a digit (≥900 read 2900)
            if lead is not None and lead in "27Z" and num[:1] == joined:
                new = sign + num
            elif t[:1] == joined:
                new = sign + t
            else:
                continue
            _note(fixes, k, t, new, f"首字形为 {sign}（与后一数字粘连） the leading glyph, run into "
                                    f"the digit after it, has the shape of {sign}")
            texts[k] = (new, conf)
            continue
        if lead is None:
            new = sign + num     # 95% -> ≥95%: the sign was dropped
        elif lead in scan_symbols.LEADING or (lead in "27Z" and num[:1].isdigit()):
            new = sign + num     # 285 -> ≥85, >1000 -> ≥1000: the sign was misread
        else:
            continue
        _note(fixes, k, t, new, f"首字形为 {sign} the leading glyph has the shape of {sign}")
        texts[k] = (new, conf)


_SYMBOL_LOOKALIKES = {"二", "一", "三"}


def _read_lone_symbols(img, grid: TableGrid, per_cell, texts, fixes) -> None:
    """A cell holding one small glyph (an operator column of =, ≥, ≤): read from its shape.
    The recogniser, given a lone 8 px symbol, answers 2, Z, W, 81 or nothing."""
    lh = _median_line_height(per_cell)
    for k, gc in enumerate(grid.cells):
        text, conf = texts[k]
        t = text.strip()
        # 二 is what the recogniser makes of a lone =, 一 of a dash: those may be symbols too
        if (_CJK.search(t) and t not in _SYMBOL_LOOKALIKES) or len(t) > 2 or (
                t and looks_numeric(t) and conf is not None and conf >= 0.9):
            continue
        bb = _ink_bbox(img, gc, 2, min_extent=max(3.0, 0.1 * lh))
        if bb is None:
            continue
        bw, bh = bb[2] - bb[0], bb[3] - bb[1]
        # a symbol is smaller than a CJK glyph (~0.7 of the detector's line height)
        if bh > 0.55 * lh or bw > 0.8 * lh or bw * bh < 12:
            continue
        # an operator sits alone in a narrow column, or centred in its cell; a speck in a wide
        # blank cell (a note row) is neither
        centred = abs((bb[0] + bb[2]) / 2 - (gc.x0 + gc.x1) / 2) <= 0.15 * (gc.x1 - gc.x0)
        if not (gc.x1 - gc.x0 <= 3.5 * lh or centred) or bh < 0.15 * lh:
            continue
        x0, top, x1, bottom = (int(v) for v in bb)
        sub = img[top:bottom, x0:x1]
        paper = median_u8(img[int(gc.top) + 2:int(gc.bottom) - 2, int(gc.x0) + 2:int(gc.x1) - 2])
        found = scan_symbols.lone_symbol(sub < min(paper - 45, 200))
        if found is None or found[0] == t or found[1] < scan_symbols.LONE_MIN_SCORE:
            continue
        sym = found[0]
        _note(fixes, k, t, sym, f"单个符号按字形读作 {sym} a lone symbol read from its shape")
        texts[k] = (sym, round(found[1], 4))


_SIGNED = re.compile(r"^[-—–－]\s*\d")


def _drop_speck_signs(img, grid: TableGrid, per_cell, texts, fixes) -> None:
    """-14.5 where the '-' is a dust speck next to the number: a printed minus is a bar at
    least a third of a character wide; drop the sign when the leftmost ink is smaller."""
    import cv2
    hs = [b.height for bs in per_cell.values() for b in bs]
    lh = float(np.median(hs)) if hs else 30.0
    for k, gc in enumerate(grid.cells):
        text, conf = texts[k]
        if not _SIGNED.match(text.strip()):
            continue
        cell = _cell_ink(img, gc, 2)
        if cell is None:
            continue
        ink = cell[0]
        n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        hh, ww = ink.shape
        comps = sorted((stats[i][0], stats[i][2], stats[i][3]) for i in range(1, n)
                       if not (stats[i][0] <= 0 or stats[i][1] <= 0 or stats[i][0] + stats[i][2] >= ww
                               or stats[i][1] + stats[i][3] >= hh) and stats[i][4] >= 2)
        if not comps:
            continue
        _, w, h = comps[0]
        if w < 0.3 * lh:
            _note(fixes, k, text.strip(), text.strip()[1:].lstrip(), "负号实为污点 the minus is a speck")
            texts[k] = (text.strip()[1:].lstrip(), conf)


def _glyph_profile(img, gc, lh: float) -> tuple[float, float, float] | None:
    """(top-quarter x centroid, middle x centroid, aspect) of the first glyph in a cell,
    as fractions of the glyph width; None when there is no clear first glyph."""
    import cv2
    cell = _cell_ink(img, gc, 2, 6)
    if cell is None:
        return None
    ink = cell[0]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hh, ww = ink.shape
    comps = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if scan_symbols.line_remnant(x, y, w, h, ww, hh, lh):
            continue
        if h < 0.35 * lh:
            continue  # speck, dot, dash
        comps.append((x, y, w, h, i))
    if len(comps) < 2:
        return None
    comps.sort()
    x, y, w, h, i = comps[0]
    glyph = labels[y:y + h, x:x + w] == i
    q = max(1, h // 4)
    top_rows = glyph[:q]
    mid = glyph[h // 2 - max(1, h // 10): h // 2 + max(1, h // 10) + 1]

    def centroid(part):
        cols = np.where(part.any(axis=0))[0]
        return float(cols.mean()) / max(w - 1, 1) if len(cols) else None

    tc, mc = centroid(top_rows), centroid(mid)
    if tc is None or mc is None:
        return None
    return tc, mc, w / max(h, 1)


def _leading_relation(img, gc, lh: float) -> str | None:
    prof = _glyph_profile(img, gc, lh)
    if prof is None:
        return None
    tc, mc, aspect = prof
    # measured at 175 dpi: ≥ has its top at 0.20-0.28 and its middle 0.33-0.55 further right;
    # 2 (0.40-0.55 / +0.15-0.30) and 1 (0.38-0.50 / +0.10-0.20) never come close. A serif 1
    # at 150 dpi bilevel does (0.30 / +0.30), but it is narrow: the chevron (its bar is a
    # separate component) is about as wide as tall (0.88-1.3), a 1 under 0.45
    if aspect < 0.6:
        return None
    if tc < 0.33 and mc - tc > 0.25:
        return "≥"
    if tc > 0.67 and tc - mc > 0.25:
        return "≤"
    return None


def _clean_crop(img: np.ndarray, box, line_h: float | None,
                limits: tuple[float, float] | None = None) -> np.ndarray | None:
    """The ink box on white paper with a normal text-line height around it (a dash is 2 px
    tall; borders and neighbouring cells stay out). `limits`: the cell's inner x range; the
    box is widened to it by up to a quarter line height, so a trailing '.' is kept."""
    x0, top, x1, bottom = (int(v) for v in box)
    if limits is not None:
        grow = int(0.25 * (line_h or 30))
        x0 = max(int(limits[0]), x0 - grow)
        x1 = min(int(limits[1]), x1 + grow)
    want = max(bottom - top, line_h or 0, 12)
    cy = (top + bottom) / 2
    pad = 4
    hpad = max(pad, int(0.25 * want))
    y0 = int(round(cy - want / 2)) - pad
    h = int(round(want)) + 2 * pad
    shape = (h, x1 - x0 + 2 * hpad) + ((img.shape[2],) if img.ndim == 3 else ())
    canvas = np.full(shape, 255, np.uint8)
    a, b = max(0, top - 1), min(img.shape[0], bottom + 1)
    c, d = max(0, x0 - 1), min(img.shape[1], x1 + 1)
    try:
        canvas[a - y0:b - y0, c - x0 + hpad:d - x0 + hpad] = img[a:b, c:d]
    except ValueError:
        return ocr_engine.crop_box(img, x0, top, x1, bottom, pad=pad)
    return canvas


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)
