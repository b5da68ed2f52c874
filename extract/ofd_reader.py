"""OFD (GB/T 33190, the national fixed-layout format) -> RawDocument.

An OFD is a zip of XML parts: OFD.xml names the document root (Document.xml), which lists the
pages (Content.xml each), the page area and the resource files (fonts, images). A page's
content is layers of objects placed in millimetres from the page's top-left corner:
- TextObject: Boundary (x y w h), Size, optional CTM, and TextCode runs with X/Y (the
  baseline, relative to the boundary) and DeltaX (each glyph's advance; `g N d` repeats d N
  times). These become the char dicts the PDF reader works on (x0, top, x1, bottom, text,
  size, fontname, in points).
- PathObject: AbbreviatedData (M/S move, L line, Q/B/A curves, C close) with Stroke/Fill
  flags: axis-parallel straight segments become ruling lines, closed axis-aligned
  rectangles become rects (a thin filled one is a rule, as in PDFs).
- ImageObject: a page that is only images (a scanned OFD) is drawn onto a white page at the
  image's resolution and read by OCR (extract.scan.ocr_image_page), as a scanned PDF page is.
- PageBlock / CompositeObject groups, and the page's template (TemplatePage) are read too.
No well-kept Python OFD reader exists (easyofd renders pages to images); the tables are then
found by the PDF grid builder (extract.pdf_grid.find_tables) and pages assembled and stitched
by extract.pdf_reader.assemble, so everything after this module is the PDF path.
"""
from __future__ import annotations

import math
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorruptDocument, TooLarge
from .model import PageContent, RawDocument, TextBlock
from .package_guard import check_package, parse_xml
from .pdf_grid import find_tables, table_bbox
from .pdf_reader import assemble
from .pdf_text import dedupe, is_wide, make_lines

MM = 72.0 / 25.4              # points per millimetre
MAX_PAGES = 2000
MAX_OBJECTS_PER_PAGE = 200_000
ASCENT, DESCENT = 0.86, 0.14  # glyph box above / below the baseline, as a share of the size
OCR_DPI = 200.0
A4_MM = (210.0, 297.0)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el, name: str):
    for child in el:
        if _local(child.tag) == name:
            return child
    return None


def _children(el, name: str):
    return [child for child in el if _local(child.tag) == name]


def _floats(text: str | None) -> list[float]:
    out = []
    for token in (text or "").replace(",", " ").split():
        try:
            out.append(float(token))
        except ValueError:
            pass
    return out


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    values = _floats(text)
    return tuple(values[:4]) if len(values) >= 4 else None


def delta_list(text: str | None) -> list[float]:
    """DeltaX / DeltaY: numbers, with `g N d` standing for N times d."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out.extend([float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 10_000))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return out


class Matrix:
    """CTM `a b c d e f`: (x, y) -> (a x + c y + e, b x + d y + f)."""

    def __init__(self, text: str | None):
        values = _floats(text)
        self.a, self.b, self.c, self.d, self.e, self.f = values[:6] if len(values) >= 6 else (1, 0, 0, 1, 0, 0)

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    @property
    def scale(self) -> float:
        return math.sqrt(abs(self.a * self.d - self.b * self.c)) or 1.0


@dataclass
class Geometry:
    """The page's paths as pdfplumber objects: what pdf_grid.page_edges reads."""
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)


def _obj(x0: float, top: float, x1: float, bottom: float, kind: str, **extra) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "y0": -bottom, "y1": -top,
            "doctop": top, "width": x1 - x0, "height": bottom - top, "object_type": kind, **extra}


@dataclass
class _Page:
    number: int
    width: float                      # points
    height: float
    chars: list[dict] = field(default_factory=list)
    geometry: Geometry = field(default_factory=Geometry)
    images: list[tuple[tuple[float, float, float, float], bytes]] = field(default_factory=list)  # box in pt
    objects: int = 0


class _Package:
    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())

    def resolve(self, base_dir: str, loc: str) -> str:
        loc = (loc or "").strip().replace("\\", "/")
        name = posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc))
        if name not in self.names:   # some producers write paths relative to the package root
            alt = posixpath.normpath(loc.lstrip("/"))
            if alt in self.names:
                return alt
        return name

    def xml(self, name: str):
        if name not in self.names:
            raise CorruptDocument(f"OFD 包中缺少 {name}: the OFD package lacks {name}")
        return parse_xml(self.zip.read(name), "OFD", name)

    def close(self):
        self.zip.close()


def read_ofd(path: str | Path) -> RawDocument:
    path = Path(path)
    check_package(path, "OFD", required=("OFD.xml",))
    package = _Package(path)
    try:
        return _read(package, path)
    finally:
        package.close()


def _read(package: _Package, path: Path) -> RawDocument:
    root = package.xml("OFD.xml")
    body = next((el for el in root.iter() if _local(el.tag) == "DocBody"), None)
    doc_root = _child(body, "DocRoot") if body is not None else None
    if doc_root is None or not (doc_root.text or "").strip():
        raise CorruptDocument("OFD.xml 中没有 DocRoot: OFD.xml names no document root")
    if _child(body, "Signatures") is not None:
        pass  # signatures are stamps over the content, not content
    doc_name = package.resolve("", doc_root.text)
    document = package.xml(doc_name)
    doc_dir = posixpath.dirname(doc_name)
    common = _child(document, "CommonData")
    area = _box(_child(_child(common, "PageArea"), "PhysicalBox").text) if common is not None and _child(
        common, "PageArea") is not None and _child(_child(common, "PageArea"), "PhysicalBox") is not None else None
    fonts, media = _resources(package, doc_dir, common)
    templates = {}
    if common is not None:
        for tpl in _children(common, "TemplatePage"):
            templates[tpl.get("ID")] = package.resolve(doc_dir, tpl.get("BaseLoc") or "")
    pages_el = _child(document, "Pages")
    page_refs = _children(pages_el, "Page") if pages_el is not None else []
    if not page_refs:
        raise CorruptDocument("OFD 文档没有页面: the OFD document lists no pages")
    if len(page_refs) > MAX_PAGES:
        raise TooLarge(f"OFD 页数 {len(page_refs)} 超过上限 {MAX_PAGES}: too many pages")
    contents: list[PageContent] = []
    warnings: list[str] = []
    to_ocr: list[_Page] = []
    for number, ref in enumerate(page_refs, start=1):
        try:
            page = _page(package, doc_dir, ref, number, area, fonts, media, templates)
        except TooLarge:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad page, the others stand
            warnings.append(f"第{number}页解析失败: page {number} could not be read ({type(exc).__name__}: {exc})")
            width, height = (area[2], area[3]) if area else A4_MM
            contents.append(PageContent(page=number, width=width * MM, height=height * MM))
            continue
        if not any(ch["text"].strip() for ch in page.chars) and page.images:
            to_ocr.append(page)
            continue
        contents.append(page_content(page))
    if len(warnings) == len(page_refs):
        # not one page could be read: the document failed, with the first page's reason
        raise CorruptDocument(f"OFD 没有一页可以读取: no page of the OFD could be read ({warnings[0]})")
    for page in to_ocr:
        contents.append(_ocr_page(page, warnings))
    doc = assemble(str(path), contents, fmt="ofd")
    doc.warnings = warnings + doc.warnings
    if doc.tables and all(any(p.ocr for p in contents if p.page == t.page_start) for t in doc.tables):
        doc.format = "scanned-ofd"
    return doc


def _resources(package: _Package, doc_dir: str, common) -> tuple[dict, dict]:
    """Font ID -> (name, bold); multimedia ID -> package member of the file."""
    fonts: dict[str, tuple[str, bool]] = {}
    media: dict[str, str] = {}
    if common is None:
        return fonts, media
    for key in ("PublicRes", "DocumentRes"):
        for ref in _children(common, key):
            name = package.resolve(doc_dir, ref.text or "")
            if name not in package.names:
                continue
            res = package.xml(name)
            res_dir = package.resolve(posixpath.dirname(name), res.get("BaseLoc") or "")
            for el in res.iter():
                tag = _local(el.tag)
                if tag == "Font":
                    fonts[el.get("ID")] = (el.get("FontName") or el.get("FamilyName") or "",
                                           (el.get("Bold") or "").lower() == "true")
                elif tag == "MultiMedia":
                    file_el = _child(el, "MediaFile")
                    if file_el is not None and file_el.text:
                        media[el.get("ID")] = package.resolve(res_dir, file_el.text)
    return fonts, media


def _page(package: _Package, doc_dir: str, ref, number: int, area, fonts, media, templates) -> _Page:
    name = package.resolve(doc_dir, ref.get("BaseLoc") or "")
    root = package.xml(name)
    page_area = _child(root, "Area")
    box = _box(_child(page_area, "PhysicalBox").text) if page_area is not None and _child(
        page_area, "PhysicalBox") is not None else area
    width, height = (box[2], box[3]) if box else A4_MM
    page = _Page(number=number, width=width * MM, height=height * MM)
    reader = _Objects(package, page, fonts, media)
    for tpl in _children(root, "Template"):
        tpl_name = templates.get(tpl.get("TemplateID"))
        if tpl_name and tpl_name in package.names:
            content = _child(package.xml(tpl_name), "Content")
            if content is not None:
                reader.read(content, Matrix(None), (0.0, 0.0))
    content = _child(root, "Content")
    if content is not None:
        reader.read(content, Matrix(None), (0.0, 0.0))
    return page


class _Objects:
    def __init__(self, package: _Package, page: _Page, fonts: dict, media: dict):
        self.package, self.page, self.fonts, self.media = package, page, fonts, media

    def read(self, container, outer: Matrix, origin: tuple[float, float]) -> None:
        for el in container:
            tag = _local(el.tag)
            self.page.objects += 1
            if self.page.objects > MAX_OBJECTS_PER_PAGE:
                raise TooLarge(f"OFD 第{self.page.number}页对象超过 {MAX_OBJECTS_PER_PAGE} 个: too many objects on "
                               f"page {self.page.number}")
            if tag in ("Layer", "PageBlock"):
                self.read(el, outer, origin)
            elif tag == "CompositeObject":
                pass  # drawn from a resource; tables never live there
            elif tag == "TextObject":
                self.text(el, origin)
            elif tag == "PathObject":
                self.path(el, origin)
            elif tag == "ImageObject":
                self.image(el, origin)

    def _placement(self, el, origin) -> tuple[float, float, Matrix] | None:
        box = _box(el.get("Boundary"))
        if box is None:
            return None
        return origin[0] + box[0], origin[1] + box[1], Matrix(el.get("CTM"))

    def text(self, el, origin) -> None:
        placed = self._placement(el, origin)
        if placed is None:
            return
        bx, by, ctm = placed
        size_mm = (_floats(el.get("Size")) or [3.5])[0]
        font_name, bold = self.fonts.get(el.get("Font"), ("", False))
        if (el.get("Weight") or "").isdigit() and int(el.get("Weight")) >= 600:
            bold = True
        scale = ctm.scale
        size = size_mm * scale
        x = y = 0.0
        for code in _children(el, "TextCode"):
            text = code.text or ""
            if code.get("X") is not None:
                x = (_floats(code.get("X")) or [x])[0]
            if code.get("Y") is not None:
                y = (_floats(code.get("Y")) or [y])[0]
            dx, dy = delta_list(code.get("DeltaX")), delta_list(code.get("DeltaY"))
            for i, ch in enumerate(text):
                # The glyph's own width: OFD gives only the advance to the next glyph, which
                # runs over the gap to the next cell when one object spans several cells.
                em = size_mm if is_wide(ch) else 0.55 * size_mm
                advance = dx[i] if i < len(dx) else em
                width = advance if 0 < advance <= 1.05 * size_mm else em   # a jump: a glyph's own width
                px, py = ctm.apply(x, y)
                ax, ay = bx + px, by + py
                self.page.chars.append({
                    "text": ch, "x0": ax * MM, "x1": (ax + width * scale) * MM,
                    "top": (ay - ASCENT * size) * MM, "bottom": (ay + DESCENT * size) * MM,
                    "size": size * MM, "fontname": font_name + (",Bold" if bold else ""),
                    "upright": True})
                x += advance
                if i < len(dy):
                    y += dy[i]

    def path(self, el, origin) -> None:
        placed = self._placement(el, origin)
        data = _child(el, "AbbreviatedData")
        if placed is None or data is None:
            return
        bx, by, ctm = placed
        stroke = (el.get("Stroke") or "true").lower() != "false"
        fill = (el.get("Fill") or "false").lower() == "true"
        if not stroke and not fill:
            return
        width = (_floats(el.get("LineWidth")) or [0.353])[0] * ctm.scale * MM
        for points, closed in _subpaths(data.text or ""):
            pts = [((bx + p[0]) * MM, (by + p[1]) * MM) for p in (ctm.apply(*q) for q in points)]
            rect = _as_rect(pts) if closed or fill else None
            if rect is not None:
                x0, top, x1, bottom = rect
                self.page.geometry.rects.append(_obj(x0, top, x1, bottom, "rect", fill=fill,
                                                     stroke=stroke, linewidth=width))
                continue
            if not stroke:
                continue
            segments = list(zip(pts, pts[1:])) + ([(pts[-1], pts[0])] if closed and len(pts) > 2 else [])
            for (x0, y0), (x1, y1) in segments:
                if abs(y1 - y0) <= 0.01 and abs(x1 - x0) > 0.01:
                    self.page.geometry.lines.append(_obj(min(x0, x1), y0, max(x0, x1), y0, "line",
                                                         stroke=True, linewidth=width))
                elif abs(x1 - x0) <= 0.01 and abs(y1 - y0) > 0.01:
                    self.page.geometry.lines.append(_obj(x0, min(y0, y1), x0, max(y0, y1), "line",
                                                         stroke=True, linewidth=width))

    def image(self, el, origin) -> None:
        placed = self._placement(el, origin)
        member = self.media.get(el.get("ResourceID"))
        if placed is None or member is None or member not in self.package.names:
            return
        box = _box(el.get("Boundary"))
        x0, top = (origin[0] + box[0]) * MM, (origin[1] + box[1]) * MM
        self.page.images.append(((x0, top, x0 + box[2] * MM, top + box[3] * MM),
                                 self.package.zip.read(member)))


def _subpaths(data: str) -> list[tuple[list[tuple[float, float]], bool]]:
    """Straight-line point runs of AbbreviatedData, each with whether it was closed. A curve
    ends the run (its end point starts the next one)."""
    tokens = data.split()
    out: list[tuple[list[tuple[float, float]], bool]] = []
    current: list[tuple[float, float]] = []
    arity = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    i = 0

    def end(closed: bool):
        nonlocal current
        if len(current) >= 2:
            out.append((current, closed))
        current = current[-1:] if not closed else []

    while i < len(tokens):
        op = tokens[i].upper()
        if op not in arity:
            i += 1
            continue
        args = _floats(" ".join(tokens[i + 1:i + 1 + arity[op]]))
        i += 1 + arity[op]
        if len(args) < arity[op]:
            break
        if op in ("M", "S"):
            end(False)
            current = [(args[0], args[1])]
        elif op == "L":
            current.append((args[0], args[1]))
        elif op == "C":
            start = current[0] if current else None
            end(True)
            current = [start] if start else []
        else:   # a curve: what came before is one run, the curve's end starts the next
            end(False)
            current = [(args[-2], args[-1])]
    end(False)
    return out


def _as_rect(pts: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """(x0, top, x1, bottom) when the points trace an axis-aligned rectangle."""
    if pts and len(pts) >= 5 and abs(pts[-1][0] - pts[0][0]) < 0.01 and abs(pts[-1][1] - pts[0][1]) < 0.01:
        pts = pts[:-1]
    if len(pts) != 4:
        return None
    xs = sorted({round(p[0], 2) for p in pts})
    ys = sorted({round(p[1], 2) for p in pts})
    if len(xs) != 2 or len(ys) != 2:
        return None
    for (ax, ay), (bx, by) in zip(pts, pts[1:] + pts[:1]):
        if abs(ax - bx) > 0.01 and abs(ay - by) > 0.01:
            return None   # a diagonal side
    return xs[0], ys[0], xs[1], ys[1]


def page_content(page: _Page) -> PageContent:
    """Tables (ruling-line grids) and text lines outside them, as the PDF reader builds them."""
    chars = dedupe(page.chars)
    one_column: list = []
    tables = find_tables(page.geometry, chars, page.number, (0.0, 0.0), one_column)
    boxes = [table_bbox(t) for t in tables]

    def inside(ch, box, pad=1.0):
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad

    free = [ch for ch in chars if not any(inside(ch, b) for b in boxes)]
    blocks = [TextBlock(text=ln.text, page=page.number, x0=round(ln.x0, 2), top=round(ln.top, 2),
                        x1=round(ln.x1, 2), bottom=round(ln.bottom, 2), size=ln.size, bold=ln.bold)
              for ln in make_lines(free, page.number)]
    return PageContent(page=page.number, width=page.width, height=page.height, tables=tables,
                       blocks=blocks, boxes=one_column)


def _ocr_page(page: _Page, warnings: list[str]) -> PageContent:
    """An image-only page: its images drawn on a white page at OCR_DPI, read by OCR."""
    empty = PageContent(page=page.number, width=page.width, height=page.height, ocr=True)
    try:
        import cv2
        import numpy as np
        from . import scan
    except ImportError:
        warnings.append(f"第{page.number}页为图像，未启用 OCR: page {page.number} is an image; OCR is not installed")
        return empty
    scale = OCR_DPI / 72.0
    canvas = np.full((max(1, round(page.height * scale)), max(1, round(page.width * scale))), 255, np.uint8)
    for (x0, top, x1, bottom), data in page.images:
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
        if img is None:
            warnings.append(f"第{page.number}页图像无法解码: an image on page {page.number} cannot be decoded")
            continue
        left, upper = max(0, round(x0 * scale)), max(0, round(top * scale))
        right = min(canvas.shape[1], round(x1 * scale))
        lower = min(canvas.shape[0], round(bottom * scale))
        if right - left < 2 or lower - upper < 2:
            continue
        canvas[upper:lower, left:right] = cv2.resize(img, (right - left, lower - upper),
                                                     interpolation=cv2.INTER_AREA)
    try:
        content = scan.ocr_image_page(canvas, OCR_DPI, page.number, page.width, page.height)
    except Exception as exc:  # noqa: BLE001 - the page stays empty, the document goes on
        warnings.append(f"第{page.number}页 OCR 失败: OCR failed on page {page.number} ({exc})")
        return empty
    content.ocr = True
    return content
