"""HTML pages (.html/.htm, and the single-file .mhtml/.mht browsers save) -> RawDocument.

Finance bureaus publish 自评表 as HTML tables; analysts save the page, crawlers fetch hundreds,
and web systems export "Excel" files that are HTML (`.xls`), Word saves "web pages". All read
the same way, with lxml's HTML parser (never regular expressions on markup):
- encoding: a byte-order mark, else UTF-8 when the bytes are valid UTF-8, else the declared
  charset (<meta charset>, http-equiv, or the MHTML part's header) when the bytes decode under
  it, else GB18030 (the superset
  of GBK / GB2312 that Chinese pages use undeclared), else charset-normalizer's guess;
  GB2312 and GBK declarations are read as GB18030 (pages declared GB2312 use GBK characters);
- tables: the HTML table model (rowspan / colspan, thead / tbody / tfoot), `<br>` and block
  elements inside a cell are line breaks joined as the DOCX reader joins a cell's paragraphs;
  a table that holds a data table (two filled rows or more, two columns or more) is page
  layout: its cells are read as the page's flow, so the data tables nested in layout tables
  come out as tables; one-row or one-column tables are text; a small table inside a data
  table's cell is that cell's text, its rows as lines;
- text around the tables: one block per paragraph-like element (p, div, h1-h6, li, ...) and per
  `<br>`-separated line; h1-h6 carry the style "Heading N", bold and font size come from
  b/strong and inline styles, for the section builder. script, style and hidden elements are
  skipped.
Provenance: no pages or boxes; cells are found again by table, row and column.
"""
from __future__ import annotations

import re
from pathlib import Path

from .cell_text import join_pieces
from .errors import CorruptDocument, TooLarge
from .model import Cell, RawDocument, Table, TableRef, TextBlock
from .captions import caption_before

MAX_HTML_BYTES = 64 * 1024 * 1024
MAX_MHTML_BYTES = 128 * 1024 * 1024
MAX_SPAN = 500                  # rowspan / colspan beyond this is damage, clipped
MAX_TABLE_SLOTS = 1_000_000     # rows x columns of one table

_SKIP = {"script", "style", "noscript", "template", "head", "title", "select", "option", "button",
         "iframe", "object", "embed", "svg", "math", "xml", "input", "textarea", "map", "canvas"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre",
          "section", "article", "center", "form", "header", "footer", "address", "aside", "main",
          "nav", "ul", "ol", "dl", "hr", "tr", "td", "th", "caption", "figure", "figcaption",
          "fieldset", "legend", "details", "summary", "body", "html", "tbody", "thead", "tfoot"}
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn", "csgb2312", "x-euc-cn"}
_WS = re.compile(r"[ \t\r\n\f\v\xa0\u3000\u2002\u2003\u200b]+")
_CJK = "[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK}) (?={_CJK})")


# ---------------------------------------------------------------- bytes -> text

def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("'\"").lower()
    if name in _GB_ALIASES:
        return "gb18030"
    import codecs
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset the page's <meta> declares (charset= or http-equiv Content-Type)."""
    import lxml.html
    head = data[:16384].decode("latin-1")
    try:
        root = lxml.html.fromstring(head)
    except Exception:  # noqa: BLE001 - no markup there: nothing declared
        return None
    for meta in root.iter("meta"):
        if meta.get("charset"):
            return meta.get("charset")
        if (meta.get("http-equiv") or "").lower() == "content-type":
            content = meta.get("content") or ""
            for part in content.split(";"):
                key, _, value = part.partition("=")
                if key.strip().lower() == "charset" and value.strip():
                    return value.strip()
    return None


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, codec used)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace"), codec
    # Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the page declares (GBK text is almost
    # never valid UTF-8, while UTF-8 text often decodes as GB18030 into nonsense).
    if not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    tried = ["utf-8"]
    for codec in (_codec(declared), _codec(declared_charset(data)), "gb18030"):
        if codec and codec not in tried:
            tried.append(codec)
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data[:1_000_000]).best()
        if best is not None and best.encoding:
            codec = _codec(best.encoding) or best.encoding
            return data.decode(codec, "replace"), codec
    except Exception:  # noqa: BLE001 - fall back to UTF-8 with replacement marks
        pass
    return data.decode("utf-8", "replace"), "utf-8"


def clean_text(text: str) -> str:
    """HTML whitespace collapsed; no space left between two CJK characters (a line break in
    the page source between 预 and 算 is no space on paper)."""
    return _CJK_GAP.sub("", _WS.sub(" ", text)).strip()


# ---------------------------------------------------------------- reading

def read_html(path: str | Path) -> RawDocument:
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        raise TooLarge(f"HTML 页面 {size} 字节，超过上限 {MAX_HTML_BYTES}: page too large for a report "
                       "(save the page without embedded media)")
    from .html_images import PagePictures
    return html_document(path.read_bytes(), str(path), "html", pictures=PagePictures(base_dir=str(path.parent)))


def read_mhtml(path: str | Path) -> RawDocument:
    """The page part of a saved single-file page (multipart/related); its picture parts are
    the page's pictures (tables published as images are read from them)."""
    import email
    from email import policy

    path = Path(path)
    size = path.stat().st_size
    if size > MAX_MHTML_BYTES:
        raise TooLarge(f"MHTML 文件 {size} 字节，超过上限 {MAX_MHTML_BYTES}: file too large")
    try:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.compat32)
    except Exception as exc:  # noqa: BLE001
        raise CorruptDocument(f"MHTML 文件无法解析: cannot parse the MIME package ({exc})") from exc
    from .html_images import PagePictures
    pictures: dict[str, bytes] = {}
    page = None
    for part in message.walk():
        if part.get_content_type() == "text/html" and page is None:
            payload = part.get_payload(decode=True)
            if payload:
                page = (payload, part.get_content_charset())
        elif part.get_content_maintype() == "image":
            payload = part.get_payload(decode=True)
            if payload:
                for key in (part.get("Content-Location"), (part.get("Content-ID") or "").strip("<> ")):
                    if key:
                        pictures[key.strip()] = payload
    if page is not None:
        return html_document(page[0], str(path), "mhtml", declared=page[1],
                             pictures=PagePictures(parts=pictures))
    raise CorruptDocument("MHTML 文件中没有 HTML 页面: the MIME package holds no text/html part")


def html_document(data: bytes, path: str, fmt: str, declared: str | None = None,
                  pictures=None) -> RawDocument:
    import lxml.html

    text, _codec_used = decode_html(data, declared)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  no_network=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except Exception as exc:  # noqa: BLE001 - lxml's ParserError for an empty or binary page
        raise CorruptDocument(f"HTML 页面无法解析: cannot parse the page ({type(exc).__name__}: {exc})") from exc
    raw = RawDocument(path=path, format=fmt, pages=None)
    body = root.find("body")
    _Flow(raw, pictures).read(body if body is not None else root)
    return raw


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def _style_value(el, key: str) -> str | None:
    for part in (el.get("style") or "").split(";"):
        name, _, value = part.partition(":")
        if name.strip().lower() == key:
            return value.strip().lower()
    return None


def _font_size(el) -> float | None:
    value = _style_value(el, "font-size")
    if not value:
        return None
    for unit, factor in (("pt", 1.0), ("px", 0.75)):
        if value.endswith(unit):
            try:
                return float(value[: -len(unit)]) * factor
            except ValueError:
                return None
    return None


def _is_bold(el) -> bool | None:
    if el.tag in ("b", "strong") or el.tag in _HEADING:
        return True
    weight = _style_value(el, "font-weight")
    if weight:
        return weight in ("bold", "bolder", "600", "700", "800", "900")
    return None


class _Flow:
    """Walks the page in document order, turning text into blocks and tables into Tables."""

    def __init__(self, raw: RawDocument, pictures=None):
        self.raw = raw
        self.pictures = pictures      # html_images.PagePictures, or None: pictures not looked at
        self.pieces: list[tuple[str, bool, float | None]] = []
        self.heading: int | None = None

    # -------------------------------------------- text blocks
    def flush(self) -> None:
        text = clean_text("".join(p[0] for p in self.pieces))
        if text:
            inked = [p for p in self.pieces if p[0].strip()]
            sizes = [p[2] for p in inked if p[2]]
            self.raw.blocks.append(TextBlock(
                text=text, style=f"Heading {self.heading}" if self.heading else None,
                bold=all(p[1] for p in inked), size=max(sizes) if sizes else None))
        self.pieces = []

    def read(self, el, bold: bool = False, size: float | None = None) -> None:
        if el.text:
            self.pieces.append((el.text, bold, size))
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            tag = tag.rsplit("}", 1)[-1].lower()
            if tag and tag not in _SKIP and not _hidden(child):
                self.element(child, tag, bold, size)
            if child.tail:
                self.pieces.append((child.tail, bold, size))

    def element(self, el, tag: str, bold: bool, size: float | None) -> None:
        child_bold = _is_bold(el)
        child_bold = bold if child_bold is None else child_bold
        child_size = _font_size(el) or size
        if tag == "br":
            self.flush()
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag == "img":
            self.picture(el)
        elif tag in _BLOCK:
            self.flush()
            outer = self.heading
            if tag in _HEADING:
                self.heading = _HEADING[tag]
            self.read(el, child_bold, child_size)
            self.flush()
            self.heading = outer
        else:
            self.read(el, child_bold, child_size)

    # -------------------------------------------- tables
    def picture(self, el) -> None:
        """Tables in a picture of the page, by OCR (a 自评表 published as an image)."""
        if self.pictures is None:
            return
        data = self.pictures.get(el.get("src"))
        if not data:
            return
        from .html_images import css_px, shown_width_pt

        def length(key: str) -> str | None:   # the attribute, else the CSS, whichever is in px
            return next((v for v in (el.get(key), _style_value(el, key)) if css_px(v)), None)
        width_pt = shown_width_pt(length("width"), length("height"), data)
        if width_pt is None:
            return
        try:
            from . import scan
            found = scan.image_tables(data, width_pt)
        except ImportError:
            self.raw.warnings.append("图片中可能有表格，未启用 OCR: a picture may hold a table; OCR is not installed")
            return
        except Exception as exc:  # noqa: BLE001 - the rest of the page stands
            self.raw.warnings.append(f"图片未能识别: a picture could not be read ({type(exc).__name__}: {exc})")
            return
        if found:
            self.flush()
        for table in found:
            # the picture's own title first: an article's paragraph above it is often generic
            table.caption = table.caption or caption_before(self.raw.blocks)
            self.raw.blocks.append(TableRef(index=len(self.raw.tables)))
            self.raw.tables.append(table)

    def table(self, el) -> None:
        rows = _rows(el)
        if not _is_data_table(rows) or any(_is_data_table(_rows(inner)) for inner in el.iter("table")
                                           if inner is not el):
            # layout (it holds a data table, or is one row or one column): the page's flow
            # goes on inside its cells, row by row
            caption = el.find("caption")
            if caption is not None:
                self.read(caption)
                self.flush()
            for row in rows:
                for cell in row:
                    self.read(cell)
                    self.flush()
            return
        table = grid_table(rows)
        caption = el.find("caption")
        table.caption = ([clean_text(caption.text_content())] if caption is not None and clean_text(
            caption.text_content()) else caption_before(self.raw.blocks))
        self.raw.blocks.append(TableRef(index=len(self.raw.tables)))
        self.raw.tables.append(table)


def _rows(table_el) -> list[list]:
    """The table's rows (thead, tbody, tfoot or bare tr), each a list of its td/th elements."""
    rows = []
    for child in table_el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if isinstance(tr.tag, str) and tr.tag.lower() == "tr")
    return [[c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th") and not _hidden(c)]
            for tr in rows if not _hidden(tr)]


def _span(el, name: str) -> int:
    try:
        return max(1, min(int((el.get(name) or "1").strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def _is_data_table(rows: list[list]) -> bool:
    filled = [row for row in rows if any(clean_text(c.text_content()) for c in row)]
    width = max((sum(_span(c, "colspan") for c in row) for row in rows), default=0)
    return len(filled) >= 2 and width >= 2 and sum(len(row) >= 2 for row in rows) >= 1


def cell_text(cell_el) -> str:
    """A cell's lines (split at <br> and block elements; a nested table's rows as lines)
    joined as the DOCX reader joins a cell's paragraphs."""
    lines: list[str] = []
    current: list[str] = []

    def end_line():
        text = clean_text("".join(current))
        if text:
            lines.append(text)
        current.clear()

    def walk(el):
        if el.text:
            current.append(el.text)
        for child in el:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag and tag not in _SKIP and not _hidden(child):
                if tag == "br":
                    end_line()
                elif tag == "table":
                    end_line()
                    for row in grid_table(_rows(child)).grid():
                        line = " ".join(t for t in row if t)
                        if line:
                            lines.append(line)
                elif tag in _BLOCK:
                    end_line()
                    walk(child)
                    end_line()
                else:
                    walk(child)
            if child.tail:
                current.append(child.tail)

    walk(cell_el)
    end_line()
    return join_pieces(lines)


def grid_table(rows: list[list]) -> Table:
    """The HTML table model: each cell takes the first free slot of its row, rowspan cells
    reserve the slots below."""
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    n_cols = 0
    for r, row in enumerate(rows):
        c = 0
        for el in row:
            while (r, c) in taken:
                c += 1
            rs = min(_span(el, "rowspan"), len(rows) - r)
            cs = _span(el, "colspan")
            if (len(rows) * (c + cs)) > MAX_TABLE_SLOTS:
                raise TooLarge(f"HTML 表格过大（{len(rows)} 行 × {c + cs} 列）: table too large")
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken.add((rr, cc))
            cells.append(Cell(row=r, col=c, text=cell_text(el), row_span=rs, col_span=cs))
            c += cs
            n_cols = max(n_cols, c)
    n_cols = max([n_cols] + [cc + 1 for _, cc in taken])
    return Table(cells=cells, n_rows=len(rows), n_cols=n_cols)
