"""DOCX -> RawDocument: body paragraphs and tables in document order.

Tables become grids: `w:gridSpan` (and legacy `w:hMerge`) give col_span, `w:vMerge` chains give
row_span; a merged region is one Cell at its top-left. Nested tables are flattened into the text
of the cell that holds them (rows on separate lines). Headers and footers are not read.

Before python-docx parses anything, the zip directory is checked: a damaged zip is
CorruptDocument, an archive that would inflate beyond package_guard's limits or with an entry
compressed more than they allow is TooLarge (a decompression bomb).
"""
from __future__ import annotations

import re
from pathlib import Path

from .captions import caption_before
from .cell_text import join_pieces
from .errors import CorruptDocument
from .model import Cell, RawDocument, Table, TableRef, TextBlock
from .package_guard import check_package

CAPTION_MAX_LINES = 2
PICTURE_MIN_EMU = (2 * 914400, 914400 // 2)   # pictures narrower than 2 in or lower than 0.5 in hold no table

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WP_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("sdt"), _q("sdtContent")
_VAL = _q("val")


def check_zip(path: Path) -> None:
    """Raises CorruptDocument / TooLarge from the zip directory alone, before any parsing."""
    check_package(path, "DOCX", required=("word/document.xml",))


def read_docx(path: str | Path) -> RawDocument:
    path = Path(path)
    check_zip(path)
    try:
        import docx
        document = docx.Document(str(path))
    except Exception as exc:  # lxml, KeyError, ValueError ... from a damaged package
        raise CorruptDocument(f"DOCX 文件结构损坏，无法解析: damaged DOCX package ({type(exc).__name__}: {exc})") from exc
    reader = _BodyReader(document)
    raw = RawDocument(path=str(path), format="docx", pages=None)
    try:
        reader.read(document.element.body, raw)
    except Exception as exc:
        raise CorruptDocument(f"DOCX 正文无法解析: cannot read the document body ({type(exc).__name__}: {exc})") from exc
    return raw


# ---------------------------------------------------------------- text helpers

def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not part of the paragraph as printed: deleted revisions, text boxes
# (their own paragraphs), the fallback copy of alternate content, field instructions.
_SKIP = {_q("del"), _q("txbxContent"), f"{{{_MC}}}Fallback", _q("instrText"), _q("delText"),
         _q("moveFrom"), _q("pPr"), _q("rPr")}
_T, _TAB, _BR, _CR, _NBH = _q("t"), _q("tab"), _q("br"), _q("cr"), _q("noBreakHyphen")


def _paragraph_text(p_el) -> str:
    """Text of a w:p: runs anywhere inside it (hyperlinks, tracked insertions, smart tags,
    simple fields, content controls), tabs and breaks, without deleted revisions."""
    out: list[str] = []

    def walk(el):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _T:
                out.append(child.text or "")
            elif tag == _TAB:
                out.append("\t")
            elif tag in (_BR, _CR):
                if child.get(_q("type")) != "page":
                    out.append("\n")
            elif tag == _NBH:
                out.append("-")
            elif tag != _P:
                walk(child)

    walk(p_el)
    return "".join(out)


def _east_asian_font(el) -> str | None:
    """w:rFonts/@w:eastAsia of a run, style or rPrDefault element (None when unset or themed)."""
    if el is None:
        return None
    r_pr = el.find(_q("rPr"))
    fonts = r_pr.find(_q("rFonts")) if r_pr is not None else None
    return fonts.get(_q("eastAsia")) if fonts is not None else None


def _lead(text: str, runs: list[tuple[str, bool, str | None]]) -> str | None:
    """The leading runs set in bold or in another font while the rest of the paragraph is not
    (a run-in heading such as `1.项目资金到位情况分析。` before its text); None otherwise."""
    if len(runs) < 2:
        return None
    key = runs[0][1:]
    k = 0
    while k < len(runs) and runs[k][1:] == key:
        k += 1
    rest = runs[k:]
    if not rest or sum(len(r[0].strip()) for r in rest) < 2:
        return None
    if any(r[1:] == key for r in rest):
        return None
    emphasised = (key[0] and not any(r[1] for r in rest)) or (
        not key[0] and not any(r[1] for r in rest) and len({r[2] for r in rest}) == 1 and rest[0][2] != key[1])
    if not emphasised:
        return None
    head = "".join(r[0] for r in runs[:k]).strip()
    at = text.find(head)
    # the numbering Word draws (a list paragraph) stands before the runs' text
    return text[:at + len(head)].strip() if head and at >= 0 and at <= 8 else None


_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                     (_CN_DIGITS[rest // 10] + "十" + (_CN_DIGITS[rest % 10] if rest % 10 else "")))
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "chineseLegalSimplified", "ideographDigital", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Word's automatic list numbering (numbering.xml): the number text a paragraph shows
    (`一、`, `（一）`, `1.`) although it is not in its runs."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}     # numId -> ilvl -> {fmt, text, start, suff}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:
            root = None
        if root is not None:
            abstract: dict[str, dict[int, dict]] = {}
            for an in root.findall(_q("abstractNum")):
                levels = {}
                for lvl in an.findall(_q("lvl")):
                    levels[int(lvl.get(_q("ilvl")) or 0)] = self._level(lvl)
                abstract[an.get(_q("abstractNumId"))] = levels
            for num in root.findall(_q("num")):
                num_id = num.get(_q("numId"))
                ref = num.find(_q("abstractNumId"))
                aid = ref.get(_VAL) if ref is not None else None
                levels = {k: dict(v) for k, v in abstract.get(aid, {}).items()}
                for override in num.findall(_q("lvlOverride")):
                    ilvl = int(override.get(_q("ilvl")) or 0)
                    lvl = override.find(_q("lvl"))
                    if lvl is not None:
                        levels[ilvl] = self._level(lvl)
                    start = override.find(_q("startOverride"))
                    if start is not None and ilvl in levels:
                        levels[ilvl]["start"] = int(start.get(_VAL) or 1)
                self.levels[num_id] = levels
                self.abstract_of[num_id] = aid
        try:
            for style in document.styles.element.findall(_q("style")):
                num_pr = style.find(f"{_q('pPr')}/{_q('numPr')}")
                if num_pr is not None:
                    nid = num_pr.find(_q("numId"))
                    ilvl = num_pr.find(_q("ilvl"))
                    if nid is not None:
                        self.style_num[style.get(_q("styleId"))] = (
                            nid.get(_VAL), int(ilvl.get(_VAL)) if ilvl is not None else 0)
        except Exception:
            pass

    @staticmethod
    def _level(lvl) -> dict:
        def val(tag, default=None):
            el = lvl.find(_q(tag))
            return el.get(_VAL) if el is not None and el.get(_VAL) is not None else default
        return {"fmt": val("numFmt", "decimal"), "text": val("lvlText", ""), "start": int(val("start", 1) or 1),
                "suff": val("suff", "tab")}

    def prefix(self, p_el, style_id: str | None) -> str:
        if not self.levels:
            return ""
        num_id, ilvl = None, 0
        p_pr = p_el.find(_q("pPr"))
        num_pr = p_pr.find(_q("numPr")) if p_pr is not None else None
        if num_pr is not None:
            nid = num_pr.find(_q("numId"))
            lv = num_pr.find(_q("ilvl"))
            num_id = nid.get(_VAL) if nid is not None else None
            ilvl = int(lv.get(_VAL)) if lv is not None else 0
            if num_id is None and style_id in self.style_num:
                num_id = self.style_num[style_id][0]
        elif style_id in self.style_num:
            num_id, ilvl = self.style_num[style_id]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        key = self.abstract_of.get(num_id) or num_id
        counters = self.counters.setdefault(key, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level["fmt"] in ("bullet", "none"):
            return ""

        def repl(match):
            k = int(match.group(1)) - 1
            lvl = levels.get(k, level)
            n = counters.get(k, lvl["start"])
            return format_number(n, lvl["fmt"])
        text = re.sub(r"%(\d)", repl, level["text"])
        return text + (" " if level["suff"] == "space" and text and text[-1].isascii() else "")


class _BodyReader:
    def __init__(self, document):
        self.document = document
        self._style_names: dict[str, str] = {}
        self._style_props: dict[str, tuple[float | None, bool | None]] = {}
        self._style_faces: dict[str | None, str | None] = {}
        self.numbering = _Numbering(document)
        self._style_elements = {}
        try:
            for el in document.styles.element.findall(_q("style")):
                self._style_elements[el.get(_q("styleId"))] = el
        except Exception:
            pass
        try:
            for style in document.styles:
                self._style_names[style.style_id] = style.name
        except Exception:
            pass

    # ------------------------------------------------ paragraphs
    def _style_of(self, p_el) -> str | None:
        p_pr = p_el.find(_q("pPr"))
        if p_pr is not None:
            ps = p_pr.find(_q("pStyle"))
            if ps is not None:
                sid = ps.get(_VAL)
                return self._style_names.get(sid, sid)
        try:
            return self.document.styles.default(1).name  # WD_STYLE_TYPE.PARAGRAPH == 1
        except Exception:
            return "Normal"

    def _outline_level(self, p_el) -> int | None:
        """w:outlineLvl of the paragraph, else of its style (following basedOn); 9 = body text."""
        p_pr = p_el.find(_q("pPr"))
        if p_pr is not None:
            ol = p_pr.find(_q("outlineLvl"))
            if ol is not None:
                return _int(ol.get(_VAL))
            ps = p_pr.find(_q("pStyle"))
            style_id = ps.get(_VAL) if ps is not None else None
        else:
            style_id = None
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._style_elements.get(style_id)
            if style is None:
                break
            ol = style.find(f"{_q('pPr')}/{_q('outlineLvl')}")
            if ol is not None:
                return _int(ol.get(_VAL))
            based = style.find(_q("basedOn"))
            style_id = based.get(_VAL) if based is not None else None
        return None

    def _style_face(self, style_name: str | None) -> str | None:
        """East-asian font of a paragraph style, following basedOn, else the document default."""
        if style_name in self._style_faces:
            return self._style_faces[style_name]
        face = None
        try:
            style = self.document.styles[style_name] if style_name else None
            while style is not None and face is None:
                face = _east_asian_font(style.element)
                style = style.base_style
            if face is None:
                face = _east_asian_font(self.document.styles.element.find(f"{_q('docDefaults')}/{_q('rPrDefault')}"))
        except Exception:
            pass
        self._style_faces[style_name] = face
        return face

    def _style_font(self, style_name: str | None) -> tuple[float | None, bool | None]:
        if style_name in self._style_props:
            return self._style_props[style_name]
        size = bold = None
        try:
            style = self.document.styles[style_name] if style_name else None
            while style is not None and (size is None or bold is None):
                font = style.font
                if size is None and font.size is not None:
                    size = font.size.pt
                if bold is None and font.bold is not None:
                    bold = font.bold
                style = style.base_style
        except Exception:
            pass
        self._style_props[style_name] = (size, bold)
        return size, bold

    def _text_block(self, p_el) -> TextBlock:
        from docx.text.paragraph import Paragraph
        paragraph = Paragraph(p_el, None)
        text = _paragraph_text(p_el).strip()
        if text:
            p_pr = p_el.find(_q("pPr"))
            ps = p_pr.find(_q("pStyle")) if p_pr is not None else None
            number = self.numbering.prefix(p_el, ps.get(_VAL) if ps is not None else None)
            if number and not text.startswith(number.strip()):
                text = number + text
        style = self._style_of(p_el)
        style_size, style_bold = self._style_font(style)
        style_face = self._style_face(style)
        sizes, bolds, runs = [], [], []
        for run in paragraph.runs:
            if not run.text.strip():
                continue
            size = run.font.size.pt if run.font.size is not None else style_size
            bold = run.bold if run.bold is not None else style_bold
            if size is not None:
                sizes.append(size)
            bolds.append(bool(bold))
            runs.append((run.text, bool(bold), _east_asian_font(run._element) or style_face))
        outline = self._outline_level(p_el)
        faces: dict[str | None, int] = {}
        for run_text, _, face in runs:
            faces[face] = faces.get(face, 0) + len(run_text.strip())
        return TextBlock(text=text, style=style, outline_level=outline if outline is not None and outline < 9 else None,
                         size=max(sizes) if sizes else style_size,
                         bold=(all(bolds) if bolds else style_bold),
                         font=max(faces, key=faces.get) if faces else style_face,
                         lead=_lead(text, runs))

    # ------------------------------------------------ body
    def read(self, body, raw: RawDocument) -> None:
        for el in self._block_items(body):
            if el.tag == _TBL and self._wrapper_cells(el):
                # A one-column layout table framing the content (a table inside a bordered
                # box): its paragraphs and tables are the document's own, not one cell's text.
                for tc in self._wrapper_cells(el):
                    self.read(tc, raw)
                continue
            if el.tag == _P:
                raw.blocks.append(self._text_block(el))
                for table in self._embedded_tables(el, raw) + self._picture_tables(el, raw):
                    table.caption = caption_before(raw.blocks, CAPTION_MAX_LINES) or table.caption
                    raw.blocks.append(TableRef(index=len(raw.tables)))
                    raw.tables.append(table)
            elif el.tag == _TBL:
                table = self._table(el)
                if table.n_rows == 0 or table.n_cols == 0:
                    continue
                table.caption = caption_before(raw.blocks, CAPTION_MAX_LINES)
                raw.blocks.append(TableRef(index=len(raw.tables)))
                raw.tables.append(table)

    def _wrapper_cells(self, tbl_el) -> list:
        """The cells of a one-column table that holds a table in some cell, else []."""
        cells = []
        for tr in tbl_el.iterchildren(_TR):
            row = list(self._row_cells(tr))
            if len(row) != 1:
                return []
            cells.append(row[0])
        if any(child.tag == _TBL for tc in cells for child in self._block_items(tc)):
            return cells
        return []

    def _embedded_tables(self, p_el, raw: RawDocument) -> list[Table]:
        """Tables of Excel worksheets embedded in the paragraph as objects (docx_embedded)."""
        from .docx_embedded import sheet_objects, workbook_tables
        from .errors import ExtractError
        tables: list[Table] = []
        for rid in sheet_objects(p_el):
            part = self.document.part.related_parts.get(rid)
            if part is None:
                continue
            try:
                tables.extend(workbook_tables(part.blob))
            except ExtractError as exc:
                raw.warnings.append(f"嵌入的 Excel 表格未能读取: an embedded worksheet could not be read ({exc})")
        return tables

    def _picture_tables(self, p_el, raw: RawDocument) -> list[Table]:
        """Tables in the paragraph's pictures (a 自评表 pasted as a screenshot), by OCR when
        extract.scan is installed; pictures smaller than PICTURE_MIN_EMU are not looked at."""
        tables: list[Table] = []
        for drawing in p_el.iter(_q("drawing")):
            extent = next(drawing.iter(_WP_EXTENT), None)
            cx = _int(extent.get("cx")) if extent is not None else None
            cy = _int(extent.get("cy")) if extent is not None else None
            if not cx or not cy or cx < PICTURE_MIN_EMU[0] or cy < PICTURE_MIN_EMU[1]:
                continue
            blip = next(drawing.iter(_A_BLIP), None)
            part = self.document.part.related_parts.get(blip.get(_R_EMBED)) if blip is not None else None
            if part is None:
                continue
            try:
                from . import scan
                found = scan.image_tables(part.blob, cx / 12700.0)
            except ImportError:
                raw.warnings.append("图片中可能有表格，未启用 OCR: a picture may hold a table; OCR is not installed")
                continue
            except Exception as exc:  # noqa: BLE001 - the rest of the document stands
                raw.warnings.append(f"图片未能识别: a picture could not be read ({type(exc).__name__}: {exc})")
                continue
            tables.extend(found)
        return tables

    def _block_items(self, parent):
        """w:p and w:tbl children in order, descending into content controls (w:sdt)."""
        for child in parent.iterchildren():
            if child.tag in (_P, _TBL):
                yield child
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    yield from self._block_items(content)
            elif child.tag == _q("customXml"):
                yield from self._block_items(child)

    # ------------------------------------------------ tables
    def _cell_text(self, tc_el) -> str:
        pieces: list[str] = []
        for el in self._block_items(tc_el):
            if el.tag == _P:
                pieces.append(_paragraph_text(el))
            else:  # nested table: its rows as lines, cells separated by a space
                nested = self._table(el)
                for row in nested.grid():
                    line = " ".join(t for t in row if t)
                    if line:
                        pieces.append(line)
        return join_pieces(pieces)

    def _table(self, tbl_el) -> Table:
        grid_el = tbl_el.find(_q("tblGrid"))
        n_grid = len(grid_el.findall(_q("gridCol"))) if grid_el is not None else 0
        cells: list[Cell] = []
        # open vertical merges: column -> the Cell that started there
        open_v: dict[int, Cell] = {}
        n_cols = n_grid
        r = 0
        for tr in tbl_el.iterchildren(_TR):
            col = 0
            tr_pr = tr.find(_q("trPr"))
            if tr_pr is not None:
                before = tr_pr.find(_q("gridBefore"))
                if before is not None:
                    col = int(before.get(_VAL) or 0)
            continued: set[int] = set()
            last: Cell | None = None
            for tc in self._row_cells(tr):
                tc_pr = tc.find(_q("tcPr"))
                span, v_merge, h_continue = 1, None, False
                if tc_pr is not None:
                    gs = tc_pr.find(_q("gridSpan"))
                    if gs is not None:
                        span = max(1, int(gs.get(_VAL) or 1))
                    vm = tc_pr.find(_q("vMerge"))
                    if vm is not None:
                        v_merge = vm.get(_VAL) or "continue"
                    hm = tc_pr.find(_q("hMerge"))
                    if hm is not None and (hm.get(_VAL) or "continue") == "continue":
                        h_continue = True
                if h_continue and last is not None:
                    last.col_span += span
                    col += span
                    continue
                if v_merge == "continue" and col in open_v and open_v[col].col_span == span:
                    above = open_v[col]
                    above.row_span = r - above.row + 1
                    extra = self._cell_text(tc)
                    if extra and extra not in above.text:
                        above.text = join_pieces([above.text, extra])
                    continued.add(col)
                    last = above
                    col += span
                    continue
                cell = Cell(row=r, col=col, text=self._cell_text(tc), col_span=span)
                cells.append(cell)
                if v_merge == "restart":
                    open_v[col] = cell
                    continued.add(col)
                last = cell
                col += span
            # a vertical merge ends where a row does not continue it
            for c in list(open_v):
                if c not in continued:
                    del open_v[c]
            n_cols = max(n_cols, col)
            r += 1
        return Table(cells=cells, n_rows=r, n_cols=n_cols)

    @staticmethod
    def _row_cells(tr):
        for child in tr.iterchildren():
            if child.tag == _TC:
                yield child
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    yield from (c for c in content.iterchildren(_TC))
