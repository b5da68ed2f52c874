"""PDF with a text layer -> RawDocument: ruled tables as logical grids, text in reading order.

1. triage (pypdfium2, fast), one page at a time: page sizes, which pages may hold tables,
   which are image-only, and every unturned page's chars; prose pages become lines at once.
2. table pages: the ruling lines from pdfium's path objects (pdfium_geometry, read during
   triage: pdfminer does not run), pdfium's chars for the text; ruling-line grids with cell
   text (pdf_grid), text outside them. Turned (/Rotate) pages: pdfplumber's full pass.
   Every text page: tables without vertical rules (三线表, borderless) from the text's
   alignment (text_tables), bounded by the horizontal rules where there are any.
   image-only pages: extract.scan.ocr_pages (pages side by side) when that module exists,
   else a warning.
3. assemble: drop running headers/footers/page numbers, join lines into paragraphs, attach
   captions, stitch tables across page breaks, put TableRef markers where tables stand.
"""
from __future__ import annotations

import importlib
import re
import statistics
from pathlib import Path

from .errors import CorruptDocument, EncryptedDocument, ExtractError
from .model import PageContent, RawDocument, TableRef, TextBlock
from .pdf_grid import find_tables, horizontal_rules, table_bbox
from .pdf_text import (dedupe, is_page_number, on_page, join_wrapped, line_pitch, make_lines, paragraphs,
                       running_lines, shape)
from .stitch import X_TOL, Placed, compatible, join, stitch
from .text_tables import Rule, tables_from_lines
from .triage import MAX_OVERLAY_CHARS, PageInfo, iter_triage, triage


def read_pdf(path, password: str | None = None) -> RawDocument:
    path = Path(path)
    pages: dict[int, PageContent] = {}
    warnings: list[str] = []
    to_plumber: list[PageInfo] = []
    to_ocr: list[tuple[PageInfo, bool]] = []
    pictured: list[tuple[int, list]] = []   # text pages with pictures that may be tables
    glyphs_read = 0
    for info in _triage(path, password):
        route = _route(info)
        if route in ("text", "plumber") and info.chars:
            glyphs_read += _read_undecoded_glyphs(path, password, info, warnings)
        if info.pictures and route in ("text", "plumber"):
            # A picture under the page's text is a background or letterhead, not a pasted table.
            pictures = [p for p in info.pictures if _chars_inside(info.chars, p) <= MAX_OVERLAY_CHARS]
            if pictures:
                pictured.append((info.page, pictures))
        if route == "text":
            # Built as triage goes and its chars dropped: a long report's char dicts would
            # otherwise all be held at once (hundreds of MB at a few thousand pages).
            pages[info.page] = _text_page(info)
            info.chars = []
        elif route == "plumber" and info.geometry is not None:
            pages[info.page] = _geometry_page(info, warnings)
            info.chars, info.geometry = [], None
        elif route == "plumber":
            to_plumber.append(info)
        else:
            info.chars = []
            to_ocr.append((info, route == "ocr-garbled"))
    pages.update(_plumber_pages(path, password, to_plumber, warnings))
    pages.update(_ocr_pages(path, to_ocr, password, warnings))
    if to_ocr:
        # bold OCR lines, measured against the whole document's body text
        from .scan_type import mark_bold
        mark_bold([b for p in pages.values() if p.ocr for b in p.blocks])
    for number, pictures in pictured:
        _add_picture_tables(path, pages[number], pictures, password, warnings)
    pages_in_order = [pages[n] for n in sorted(pages)]
    doc = assemble(str(path), pages_in_order)
    doc.warnings = warnings + doc.warnings
    doc.glyphs_read = glyphs_read
    ocr_table_pages = {p.page for p in pages_in_order if p.ocr and p.tables}
    if doc.tables and all(t.page_start in ocr_table_pages for t in doc.tables):
        doc.format = "scanned-pdf"
    elif not doc.tables and pages_in_order and all(p.ocr for p in pages_in_order):
        doc.format = "scanned-pdf"
    return doc


def _route(info: PageInfo) -> str:
    """How a page is read: "ocr" (a scan, or a scan under an invisible OCR layer: its table
    rules are only in the image), "ocr-garbled" (a text layer that does not decode),
    "plumber" (a table candidate, or a turned page whose chars the cheap pdfium path leaves
    in unrotated space) or "text" (pdfium's chars only)."""
    if info.image_only:
        return "ocr"
    if info.ocr_layer and info.keywords >= 2 and _ocr_available():
        return "ocr"
    if info.garbled and _ocr_available():
        return "ocr-garbled"
    if info.table_candidate or (info.rotation and info.n_chars):
        return "plumber"
    return "text"


# ------------------------------------------------------------------ opening

def _triage(path: Path, password: str | None):
    """PageInfos as triage reads them, pdfium's errors turned into the document's error."""
    import pypdfium2 as pdfium

    try:
        # Chars for every page with text, and the ruling geometry of unturned table pages:
        # those are read from here alone; turned (/Rotate) pages get neither here.
        yield from iter_triage(path, password=password, want_chars=lambda info: not info.image_only,
                               want_geometry=lambda info: _route(info) == "plumber")
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            if password is None:
                raise EncryptedDocument(
                    "PDF 已加密，需要密码才能打开: the PDF is encrypted; pass its password "
                    "(--password)") from exc
            raise EncryptedDocument("PDF 密码不正确: the password given does not open this PDF") from exc
        if "format" in message.lower() or "file" in message.lower():
            raise CorruptDocument(
                f"PDF 文件已损坏或被截断，无法解析: damaged or truncated PDF ({message})") from exc
        raise CorruptDocument(f"PDF 无法打开: cannot open PDF ({message})") from exc
    except OSError as exc:
        raise ExtractError(f"无法读取文件: cannot read file ({exc})") from exc


def _plumber_pages(path: Path, password, infos: list[PageInfo], warnings: list[str]
                   ) -> dict[int, PageContent]:
    """Turned (/Rotate) table pages (and any page whose pdfium geometry could not be read),
    through pdfplumber's full pass."""
    if not infos:
        return {}
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    out: dict[int, PageContent] = {}
    try:
        pdf = pdfplumber.open(str(path), password=password or "")
    except PDFPasswordIncorrect as exc:
        raise EncryptedDocument("PDF 已加密，需要密码才能打开: the PDF is encrypted") from exc
    except Exception as exc:  # pdfminer raises many kinds of error for a damaged file
        warnings.append(f"pdfplumber 无法解析本文件，表格未识别: pdfplumber cannot parse the file ({exc})")
        for info in infos:
            out[info.page] = _text_page(_with_chars(path, password, info))
        return out
    with pdf:
        for info in infos:
            try:
                page = pdf.pages[info.page - 1]
                out[info.page] = plumber_page(page, info.page)
                page.close()  # drop pdfplumber's per-page object cache (long reports)
            except Exception as exc:  # one bad page must not lose the document
                warnings.append(f"第{info.page}页解析失败: page {info.page} could not be parsed ({exc})")
                out[info.page] = _text_page(_with_chars(path, password, info))
    return out


def _with_chars(path, password, info: PageInfo) -> PageInfo:
    for fresh in triage(path, password=password, want_chars=lambda i: i.page == info.page):
        if fresh.page == info.page:
            return fresh
    return info


# ------------------------------------------------------------------ one page

def _geometry_page(info: PageInfo, warnings: list[str]) -> PageContent:
    """An unturned table page from what triage read: pdfium's chars and path geometry."""
    try:
        return grid_page(info.geometry, dedupe(info.chars), info.page, info.geometry.origin,
                         info.geometry.size)
    except Exception as exc:  # noqa: BLE001 - one bad page must not lose the document
        warnings.append(f"第{info.page}页解析失败: page {info.page} could not be parsed ({exc})")
        return _text_page(info)


def plumber_page(page, page_no: int) -> PageContent:
    """Tables (ruling-line grids) and the text lines outside them, for one pdfplumber page
    (pdfplumber's full pass: a turned page, whose chars pdfium leaves unrotated)."""
    # pdfplumber measures from the media box's corner; a crop box or a media box that does not
    # start at (0, 0) moves what a viewer shows: put everything in the visible page's frame.
    crop = page.cropbox
    dx, dy = float(crop[0]), float(crop[1])
    chars = dedupe(page.chars)
    if dx or dy:
        chars = [{**ch, "x0": ch["x0"] - dx, "x1": ch["x1"] - dx, "top": ch["top"] - dy,
                  "bottom": ch["bottom"] - dy} for ch in chars]
    return grid_page(page, chars, page_no, (dx, dy), (float(crop[2] - crop[0]), float(crop[3] - crop[1])))


def grid_page(geometry, chars: list[dict], page_no: int, origin: tuple[float, float],
              size: tuple[float, float]) -> PageContent:
    """Tables (ruling-line grids) and the text lines outside them. `geometry` is what
    pdf_grid reads the rules from (a pdfplumber page or a PageGeometry), `origin` the visible
    page's corner in its coordinates; chars are in the visible page's frame."""
    chars = on_page(chars, *size)
    one_column: list = []
    tables = find_tables(geometry, chars, page_no, origin, one_column)
    boxes = [table_bbox(t) for t in tables]

    free = [c for c in chars if not any(_centre_within(c["x0"], c["top"], c["x1"], c["bottom"], b)
                                        for b in boxes)]
    aligned, blocks = _aligned_tables(free, page_no, horizontal_rules(geometry, origin, boxes))
    tables = sorted(tables + aligned, key=lambda t: table_bbox(t)[1])
    return PageContent(page=page_no, width=size[0], height=size[1],
                       tables=tables, blocks=blocks, boxes=one_column)


def _text_page(info: PageInfo) -> PageContent:
    tables, blocks = _aligned_tables(on_page(dedupe(info.chars), info.width, info.height), info.page, info.rules)
    return PageContent(page=info.page, width=info.width, height=info.height, tables=tables, blocks=blocks)


def _aligned_tables(chars: list[dict], page_no: int, rules) -> tuple[list, list[TextBlock]]:
    """Tables read from text alignment (三线表, borderless; extract.text_tables) and the text
    lines outside them."""
    tables, lines = tables_from_lines(make_lines(chars, page_no), [Rule(*r) for r in rules], page_no)
    return tables, [_block(ln, page_no) for ln in lines]


def _block(ln, page_no: int) -> TextBlock:
    return TextBlock(text=ln.text, page=page_no, x0=round(ln.x0, 2), top=round(ln.top, 2),
                     x1=round(ln.x1, 2), bottom=round(ln.bottom, 2), size=ln.size, bold=ln.bold,
                     font=ln.font, lead=ln.lead)


def _scan_module():
    try:
        scan = importlib.import_module(".scan", __package__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.scan":
            raise
        return None
    return scan if hasattr(scan, "ocr_pages") else None


def _ocr_available() -> bool:
    return _scan_module() is not None


def _read_undecoded_glyphs(path: Path, password, info: PageInfo, warnings: list[str]) -> int:
    """A few characters of a decoding text layer that did not decode (a ToUnicode map with
    gaps), read from their glyphs by OCR (extract.ocr_glyphs). Returns how many were read;
    those that could not be are a warning."""
    from .ocr_glyphs import may_hold_suspects, reread, suspects
    if not may_hold_suspects(info.text) or not suspects(info.chars):
        return 0
    try:
        read, unread = reread(path, info.page, info.chars, password, can_ocr=_ocr_available)
    except Exception as exc:  # noqa: BLE001 - the codes stay as they were
        warnings.append(f"第{info.page}页无法解码的字符未能识别: page {info.page}: characters that "
                        f"did not decode could not be read from their glyphs ({exc})")
        return 0
    if unread:
        warnings.append(f"第{info.page}页有 {unread} 个字符无法解码: page {info.page}: {unread} "
                        "characters neither decode nor read from their glyphs")
    return read


def _add_picture_tables(path: Path, page: PageContent, pictures: list, password,
                        warnings: list[str]) -> None:
    """Tables pasted as pictures among the page's text, read by OCR; text-layer lines over
    such a table (a hidden OCR layer) give way to it, the picture's own lines (its title)
    join the page's text where the text layer has nothing."""
    scan = _scan_module()
    if scan is None or not hasattr(scan, "picture_tables"):
        return
    regions = [p for p in pictures if not any(_overlaps(p, table_bbox(t)) for t in page.tables)]
    try:
        found = scan.picture_tables(str(path), page.page, regions, password=password)
    except Exception as exc:  # noqa: BLE001 - the text layer's reading stands
        warnings.append(f"第{page.page}页图片未能识别: pictures on page {page.page} could not be read ({exc})")
        return
    for content in found:
        boxes = [table_bbox(t) for t in content.tables]
        page.blocks = [b for b in page.blocks
                       if not any(_centre_within(b.x0, b.top, b.x1, b.bottom, box) for box in boxes)]
        page.blocks += [b for b in content.blocks if not any(_overlaps((b.x0, b.top, b.x1, b.bottom),
                                                                        (o.x0, o.top, o.x1, o.bottom))
                                                             for o in page.blocks)]
        page.blocks.sort(key=lambda b: (b.top, b.x0))
        page.tables = sorted(page.tables + content.tables, key=lambda t: table_bbox(t)[1])
        # No document warning for the OCR itself: as on a scan, the cells carry confidences.
        page.warnings += content.warnings
        page.notes += content.notes


def _chars_inside(chars: list[dict], box) -> int:
    return sum(1 for ch in chars if not ch["text"].isspace()
               and _centre_within(ch["x0"], ch["top"], ch["x1"], ch["bottom"], box, pad=0.0))


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def _centre_within(x0: float, top: float, x1: float, bottom: float, box, pad: float = 1.0) -> bool:
    """Whether the centre of (x0, top, x1, bottom) lies in box (x0, top, x1, bottom) widened by pad."""
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def _ocr_pages(path: Path, infos: list[tuple[PageInfo, bool]], password, warnings: list[str]
               ) -> dict[int, PageContent]:
    """OCR the given pages ((info, garbled text layer) pairs), pages side by side; a page
    that fails is an empty OCR page and a warning, never the document's failure."""
    out: dict[int, PageContent] = {}
    if not infos:
        return out
    by_page = {info.page: info for info, _garbled in infos}
    for info, garbled in infos:
        if garbled:
            warnings.append(f"第{info.page}页文字层无法解码，改用 OCR: page {info.page} text layer "
                            "does not decode, read by OCR")
    scan = _scan_module()
    if scan is None:
        for info, _garbled in infos:
            warnings.append(f"第{info.page}页为扫描图像，未启用 OCR")
            out[info.page] = PageContent(page=info.page, width=info.width, height=info.height, ocr=True)
        return out
    for number, content in scan.ocr_pages(str(path), list(by_page), password=password):
        info = by_page[number]
        if isinstance(content, Exception):
            warnings.append(f"第{number}页为扫描图像，OCR 失败: OCR failed on page {number} ({content})")
            content = PageContent(page=number, width=info.width, height=info.height, ocr=True)
        content.ocr = True
        out[number] = content
    return out


# ------------------------------------------------------------------ whole document

def assemble(path: str, pages: list[PageContent], fmt: str = "pdf") -> RawDocument:
    """Per-page content -> one RawDocument (shared by the text-layer and the OCR reader)."""
    pages = sorted(pages, key=lambda p: p.page)
    doc = RawDocument(path=path, format=fmt, pages=len(pages),
                      page_sizes=[(round(p.width, 2), round(p.height, 2)) for p in pages])
    for p in pages:
        doc.warnings.extend(p.warnings)
        doc.notes.extend(p.notes)

    # Running headers, footers and page numbers.
    lines_by_page = {p.page: list(p.blocks) for p in pages}
    heights = {p.page: p.height for p in pages}
    drop = running_lines(lines_by_page, heights)
    # A repeated title that stands right above a table wherever it occurs (项目支出绩效自评表
    # on every table page) is the tables' caption, not a running header: keep it, it also
    # tells tables apart. A real running header also shows on pages where no table follows.
    placement: dict[str, list[bool]] = {}
    for p in pages:
        tops = [table_bbox(t)[1] for t in p.tables]
        for b in p.blocks:
            if id(b) in drop and not is_page_number(b.text):
                size = max(b.size or 10.0, 6.0)
                placement.setdefault(shape(b.text), []).append(
                    any(0 <= top - b.bottom <= 2.5 * size for top in tops))
    titles = {key for key, seen in placement.items() if all(seen)}
    for p in pages:
        for b in p.blocks:
            if id(b) in drop and shape(b.text) in titles:
                drop.discard(id(b))
    for p in pages:  # a 续表 mark right above a table is layout, not narrative
        tops = [table_bbox(t)[1] for t in p.tables]
        for b in p.blocks:
            size = max(b.size or 10.0, 6.0)
            if _CONTINUED.match(b.text) and any(0 <= top - b.bottom <= 3 * size for top in tops):
                drop.add(id(b))
    body = {p.page: [b for b in p.blocks if id(b) not in drop] for p in pages}

    # Where each page table stands relative to the page's body text.
    by_page = {p.page: p for p in pages}
    placed: list[Placed] = []
    origin: list[tuple[int, int]] = []   # (page, index of table on page)
    for p in pages:
        for k, table in enumerate(p.tables):
            x0, top, x1, bottom = table_bbox(table)
            others = [table_bbox(t) for j, t in enumerate(p.tables) if j != k]
            above = any(b.bottom <= top + 1 for b in body[p.page])
            below = any(b.top >= bottom - 1 for b in body[p.page])
            # Another table above/below on the same page counts as content too.
            above = above or any(o[3] <= top + 1 for o in others)
            below = below or any(o[1] >= bottom - 1 for o in others)
            table.caption = _caption(body[p.page], top, [o for o in others if o[3] <= top + 1], (x0, x1),
                                     p.width)
            if not table.caption and not above and p.page - 1 in by_page:
                # The title stayed at the foot of the previous page, the table moved on.
                prev = by_page[p.page - 1]
                floor = max((table_bbox(t)[3] for t in prev.tables), default=-1.0)
                table.caption = _caption(body[prev.page], prev.height + 1000.0, [(0, 0, 0, floor)],
                                         (x0, x1), prev.width, trailing=True)
            placed.append(Placed(table, p.page, p.height, above, below, top, bottom))
            origin.append((p.page, k))

    logical = stitch(placed)
    logical = [(_carry_into_box(table, placed[parts[-1]], by_page, body), parts) for table, parts in logical]
    # Reading order: blocks of each page, with a TableRef where a logical table starts.
    starts: dict[tuple[int, int], int] = {}
    for index, (table, parts) in enumerate(logical):
        starts[origin[parts[0]]] = index
        doc.tables.append(table)
    left, right = _margins(body, {p.page: (p.width, p.height) for p in pages})
    pitch = line_pitch(body)
    for p in pages:
        items: list[tuple[float, int, object]] = []
        for para in paragraphs(body[p.page], left.get(p.page, 0.0), right.get(p.page, p.width), pitch):
            items.append((para[0].top, 1, _paragraph_block(para)))
        for k, table in enumerate(p.tables):
            key = (p.page, k)
            if key in starts:
                items.append((table_bbox(table)[1], 0, TableRef(index=starts[key], page=p.page)))
        items.sort(key=lambda it: (it[0], it[1]))
        doc.blocks.extend(item for _, _, item in items)
    return doc


# A box row taller than this share of the page is a frame around the page's text, not a row.
BOX_ROW_MAX = 0.25


def _carry_into_box(table, last: Placed, by_page: dict[int, PageContent],
                    body: dict[int, list[TextBlock]]):
    """A table that fills its page to the bottom, followed at the top of the next page by a
    one-column ruled grid of the same width (full-width rows such as 存在问题：… / 改进措施：…
    that the break cut off): the grid is the table's last rows. Its lines leave the narrative."""
    nxt = by_page.get(last.page + 1)
    if nxt is None or not nxt.boxes or last.text_below or last.bottom < 0.6 * last.page_height:
        return table
    box = min(nxt.boxes, key=lambda b: table_bbox(b)[1])
    x0, top, x1, bottom = table_bbox(box)
    rows_ok = all((c.bottom or 0) - (c.top or 0) <= BOX_ROW_MAX * nxt.height for c in box.cells)
    if (top > 0.4 * nxt.height or not rows_ok
            or any(b.bottom <= top + 1 for b in body[nxt.page])
            or any(table_bbox(t)[1] < top for t in nxt.tables)
            or not compatible(table, box, X_TOL)):
        return table
    inside = {id(b) for b in body[nxt.page] if _centre_within(b.x0, b.top, b.x1, b.bottom, (x0, top, x1, bottom))}
    body[nxt.page] = [b for b in body[nxt.page] if id(b) not in inside]
    nxt.boxes = [b for b in nxt.boxes if b is not box]
    return join(table, box, X_TOL)


def _paragraph_block(lines: list[TextBlock]) -> TextBlock:
    if len(lines) == 1:
        return lines[0]
    first = lines[0]
    return TextBlock(text=join_wrapped([ln.text for ln in lines]), page=first.page,
                     x0=min(ln.x0 for ln in lines), top=first.top, x1=max(ln.x1 for ln in lines),
                     bottom=lines[-1].bottom, size=first.size, bold=first.bold, font=first.font,
                     lead=first.lead)


def _margins(body: dict[int, list[TextBlock]], sizes: dict[int, tuple[float, float]]
             ) -> tuple[dict[int, float], dict[int, float]]:
    """Body text's left and right edge per page, shared by the pages of one size (portrait
    and landscape pages have their own margins)."""
    lefts, rights = {}, {}
    groups: dict[tuple[int, int], list[int]] = {}
    for page in body:
        w, h = sizes.get(page, (0.0, 0.0))
        groups.setdefault((round(w), round(h)), []).append(page)
    for pages in groups.values():
        x0s = sorted(b.x0 for page in pages for b in body[page] if len(b.text) >= 8)
        x1s = sorted(b.x1 for page in pages for b in body[page] if len(b.text) >= 8)
        left = statistics.median_low(x0s[: max(1, len(x0s) // 3)]) if x0s else 0.0
        right = x1s[int(len(x1s) * 0.9)] if x1s else 0.0
        for page in pages:
            lefts[page] = left
            rights[page] = right if right else max((b.x1 for b in body[page]), default=0.0)
    return lefts, rights


# "续表", "(续)", "续表2", "表1（续）": the table above goes on here.
_CONTINUED = re.compile(r"^\s*([（(]?\s*续\s*(表\s*[0-9一二三四五六七八九十]*)?\s*[)）]?"
                        r"|(附)?表\s*[0-9一二三四五六七八九十]+\s*[（(]\s*续\s*[)）])\s*[:：]?\s*$")
_TABLE_LABEL = re.compile(r"^\s*(附)?表\s*[0-9一二三四五六七八九十]|^\s*附件")


def _caption_like(block: TextBlock, table_x: tuple[float, float], page_width: float) -> bool:
    """A title line: short and centred (over the table or on the page), or bold, or labelled
    表N / 附表N."""
    if len(block.text) > 60:
        return False
    def centred(left: float, right: float) -> bool:
        width = max(right - left, 1.0)
        margins = (block.x0 - left, right - block.x1)
        return (min(margins) > 0.05 * width and abs(margins[0] - margins[1]) <= 0.04 * width
                and block.x1 - block.x0 <= 0.6 * width)

    return (centred(*table_x) or centred(0.0, page_width) or bool(block.bold)
            or bool(_TABLE_LABEL.match(block.text)))


def _caption(blocks: list[TextBlock], table_top: float, tables_above: list[tuple],
             table_x: tuple[float, float], page_width: float, trailing: bool = False) -> list[str]:
    """Lines printed just above a table (title, year line), nearest last: a tight run of
    short lines ending right above the table, not reaching past a table higher up."""
    floor = max((t[3] for t in tables_above), default=-1.0)
    above = sorted((b for b in blocks if b.bottom <= table_top + 1 and b.top >= floor),
                   key=lambda b: b.bottom, reverse=True)
    out: list[str] = []
    edge = table_top
    for b in above:
        size = max(b.size or 10.0, 6.0)
        first_gap = float("inf") if trailing else 3.0 * size  # trailing: the page's last lines
        if edge - b.bottom > (1.6 * size if out else first_gap) or not _caption_like(b, table_x, page_width):
            break
        out.append(b.text)
        edge = b.top
        if len(out) >= 3:
            break
    return list(reversed(out))
