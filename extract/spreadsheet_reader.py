"""Spreadsheets (.xlsx/.xlsm, .xls, WPS .et, .ods) -> RawDocument.

Every sheet is read (one 自评表 per sheet is common, or a 部门整体 sheet beside the project
sheets); each becomes text blocks and tables by extract.sheet_layout. A cell's text is what the
sheet shows: its stored value under its number format (extract.numfmt; 0.9619 under `0.00%` is
`96.19%`), formulas as their cached values (never evaluated).

Readers, by what each gives (python-calamine reads all these formats fast and gives merged
ranges, but not number formats, fonts or borders, which is what tells `96.19%` from `0.9619`
and a table from its title):
- .xlsx/.xlsm: openpyxl, read-only and streaming (one row at a time: a sheet with a million
  formatted empty rows costs time, not memory), with defusedxml under it (no entity
  expansion); merged ranges and hidden rows/columns come from a second, tree-less pass over
  the sheet XML (lxml target parser). Reading stops EMPTY_ROWS_STOP rows after the last text.
- .xls and WPS .et (BIFF8 in OLE2): xlrd with formatting_info (merges, XF number formats,
  fonts, borders, hidden rows/columns). BIFF8 holds at most 65536 rows per sheet.
- .ods: the OpenDocument content.xml through lxml: its cells carry the displayed text itself
  (text:p), spans and repeats are attributes, borders and fonts are in the automatic styles.

Provenance: Cell.sheet and Cell.ref (A1); RawDocument.pages stays None.
"""
from __future__ import annotations

import re
from pathlib import Path

from .cell_text import join_pieces
from .errors import CorruptDocument, EncryptedDocument, TooLarge
from .model import RawDocument, Table, TableRef
from .numfmt import format_value
from .package_guard import check_package, safe_xml_parser
from .captions import caption_before
from .sheet_layout import BOTTOM, LEFT, RIGHT, TOP, SheetCell, SheetData, sheet_content

MAX_SHEETS = 100            # sheets read; the rest of a workbook is skipped with a warning
MAX_COLS = 200              # columns read per sheet (a 自评表 has about 10)
MAX_TEXT_CELLS = 200_000    # cells with text per workbook
EMPTY_ROWS_STOP = 1000      # rows without text after the last text that end a sheet's reading
MAX_XLS_BYTES = 100 * 1024 * 1024


def cell_text(text: str) -> str:
    """A cell's lines joined as the DOCX reader joins a cell's paragraphs (no break inside
    CJK text: `年初预\\n算数` -> `年初预算数`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if "\n" not in text:
        return text.strip()
    return join_pieces(text.split("\n"))


def assemble_sheets(path: Path, fmt: str, sheets: list[SheetData], warnings: list[str]) -> RawDocument:
    raw = RawDocument(path=str(path), format=fmt, pages=None, warnings=warnings)
    for sheet in sheets:
        for item in sheet_content(sheet):
            if isinstance(item, Table):
                item.caption = caption_before(raw.blocks)
                raw.blocks.append(TableRef(index=len(raw.tables)))
                raw.tables.append(item)
            else:
                raw.blocks.append(item)
        if sheet.hidden:
            warnings.append(f"工作表「{sheet.name}」为隐藏工作表，已读取: hidden sheet {sheet.name!r} was read")
    return raw


class _Budget:
    """Counts text cells across a workbook; past MAX_TEXT_CELLS the workbook is TooLarge."""

    def __init__(self):
        self.cells = 0

    def take(self) -> None:
        self.cells += 1
        if self.cells > MAX_TEXT_CELLS:
            raise TooLarge(f"表格文件中有文字的单元格超过 {MAX_TEXT_CELLS} 个: more than {MAX_TEXT_CELLS} "
                           "cells with text, not a report table; refusing to read on")


def _limit_sheets(names: list[str], warnings: list[str]) -> int:
    if len(names) > MAX_SHEETS:
        warnings.append(f"工作簿有 {len(names)} 个工作表，只读取前 {MAX_SHEETS} 个: workbook has {len(names)} "
                        f"sheets, read the first {MAX_SHEETS}")
    return min(len(names), MAX_SHEETS)


# ---------------------------------------------------------------- xlsx

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_a1(ref: str) -> tuple[int, int] | None:
    """'C7' -> (6, 2), 0-based; None when not a cell reference."""
    match = _A1.match(ref.strip())
    if not match:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    parts = ref.split(":")
    a = parse_a1(parts[0])
    b = parse_a1(parts[-1])
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


class _SheetStructure:
    """lxml target: merged ranges, hidden columns and rows of a worksheet part, without
    building a tree (a million <row> elements cost a callback each, no memory)."""

    def __init__(self, ns: str):
        self.merge_tag, self.col_tag, self.row_tag = f"{{{ns}}}mergeCell", f"{{{ns}}}col", f"{{{ns}}}row"
        self.cell_tag, self.formula_tag, self.value_tag = f"{{{ns}}}c", f"{{{ns}}}f", f"{{{ns}}}v"
        self.merges: list[str] = []
        self.hidden_cols: set[int] = set()
        self.hidden_rows: set[int] = set()
        self.uncached: list[str] = []     # formula cells without a stored result
        self.row = 0
        self._cell: str | None = None
        self._formula = self._value = self._in_value = False

    def start(self, tag, attrib):
        if tag == self.cell_tag:
            self._cell, self._formula, self._value = attrib.get("r"), False, False
        elif tag == self.formula_tag:
            self._formula = True
        elif tag == self.value_tag:
            self._in_value = True
        elif tag == self.row_tag:
            r = attrib.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            if attrib.get("hidden") in ("1", "true"):
                self.hidden_rows.add(self.row - 1)
        elif tag == self.merge_tag:
            if attrib.get("ref"):
                self.merges.append(attrib["ref"])
        elif tag == self.col_tag and attrib.get("hidden") in ("1", "true"):
            try:
                lo, hi = int(attrib.get("min", 0)), int(attrib.get("max", 0))
            except ValueError:
                return
            self.hidden_cols.update(range(max(lo, 1) - 1, min(hi, MAX_COLS)))

    def end(self, tag):
        if tag == self.value_tag:
            self._in_value = False
        elif tag == self.cell_tag and self._formula and not self._value and len(self.uncached) < 1000:
            self.uncached.append(self._cell or "?")

    def data(self, data):
        if self._in_value and data.strip():
            self._value = True

    def close(self):
        return self


def _xlsx_structure(archive, part: str) -> _SheetStructure:
    from lxml import etree
    from openpyxl.xml.constants import SHEET_MAIN_NS

    target = _SheetStructure(SHEET_MAIN_NS)
    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, load_dtd=False)
    with archive.open(part) as handle:
        while chunk := handle.read(1 << 20):
            parser.feed(chunk)
    parser.close()
    return target


def _openpyxl_border(border) -> int:
    bits = 0
    for side, bit in ((border.left, LEFT), (border.right, RIGHT), (border.top, TOP), (border.bottom, BOTTOM)):
        if side is not None and side.style:
            bits |= bit
    return bits


def read_xlsx(path: str | Path, fmt: str = "xlsx") -> RawDocument:
    path = Path(path)
    check_package(path, "XLSX", required=("xl/workbook.xml",))
    import openpyxl
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    # A file object, not the name: openpyxl refuses names not ending .xlsx (an .et, no suffix).
    handle = open(path, "rb")
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # defusedxml, KeyError, ValueError ... from a damaged package
        handle.close()
        raise CorruptDocument(_damaged("XLSX", exc)) from exc
    warnings: list[str] = []
    sheets: list[SheetData] = []
    budget = _Budget()
    try:
        worksheets = [ws for ws in book.worksheets if hasattr(ws, "_worksheet_path")]  # not chartsheets
        for ws in worksheets[:_limit_sheets([ws.title for ws in worksheets], warnings)]:
            sheet = SheetData(name=ws.title, hidden=getattr(ws, "sheet_state", "visible") != "visible")
            last_text_row = -1
            try:
                with ws._get_source() as source:
                    parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                             date_formats=book._date_formats,
                                             timedelta_formats=book._timedelta_formats)
                    for row_number, row in parser.parse():
                        parser.row_dimensions.clear()   # kept per formatted row otherwise
                        r = row_number - 1
                        for values in row:
                            c = values["column"] - 1
                            if c >= MAX_COLS:
                                continue
                            cell = ReadOnlyCell(ws, **values)
                            text = cell_text(format_value(values["value"], cell.number_format))
                            borders = _openpyxl_border(cell.border) if values.get("style_id") else 0
                            if not text and not borders:
                                continue
                            font = cell.font
                            sheet.cells[(r, c)] = SheetCell(text, bool(font.b) if font else None,
                                                            float(font.sz) if font and font.sz else None, borders)
                            if text:
                                budget.take()
                                last_text_row = r
                        if r - last_text_row > EMPTY_ROWS_STOP:
                            warnings.append(f"工作表「{ws.title}」第 {r + 1} 行起连续空行，之后未读取: sheet "
                                            f"{ws.title!r}: stopped at row {r + 1} after {EMPTY_ROWS_STOP} rows "
                                            "without text")
                            break
                structure = _xlsx_structure(book._archive, ws._worksheet_path)
            except TooLarge:
                raise
            except Exception as exc:  # noqa: BLE001 - one damaged sheet, the others stand
                warnings.append(f"工作表「{ws.title}」无法读取: sheet {ws.title!r} could not be read "
                                f"({type(exc).__name__}: {exc})")
                continue
            if structure.uncached:
                # written by a program that does not calculate: the sheet shows nothing there
                # until Excel recalculates, and neither do we (formulas are never evaluated)
                warnings.append(f"工作表「{ws.title}」有 {len(structure.uncached)} 个公式没有保存计算结果，按空白读取 "
                                f"({', '.join(structure.uncached[:5])}): formulas without a cached value read as blank")
            limit = last_text_row + 1
            sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] <= limit}
            for ref in structure.merges:
                box = parse_range(ref)
                if box and box[0] <= limit and box[1] < MAX_COLS:
                    sheet.merges.append((box[0], box[1], min(box[2], limit), min(box[3], MAX_COLS - 1)))
            sheet.hidden_rows = {r for r in structure.hidden_rows if r <= limit}
            sheet.hidden_cols = structure.hidden_cols
            sheets.append(sheet)
    finally:
        book.close()
        handle.close()
    return assemble_sheets(path, fmt, sheets, warnings)


def _damaged(label: str, exc: Exception) -> str:
    chain, seen = [], exc
    while seen is not None and len(chain) < 5:     # openpyxl wraps the parser's error
        chain.append(type(seen).__name__)
        seen = seen.__cause__ or seen.__context__
    name = type(exc).__name__
    if any("Entities" in n or "DTD" in n or "Forbidden" in n for n in chain):
        return (f"{label} 中的 XML 声明了实体（可能是恶意构造的文件）: the workbook's XML declares entities "
                f"(billion-laughs / external-entity attack), refusing it ({' <- '.join(chain)})")
    return f"{label} 文件结构损坏，无法解析: damaged {label} package ({name}: {exc})"


# ---------------------------------------------------------------- xls / et

def read_xls(path: str | Path, fmt: str = "xls") -> RawDocument:
    path = Path(path)
    import xlrd

    size = path.stat().st_size
    if size > MAX_XLS_BYTES:
        raise TooLarge(f"XLS 文件 {size} 字节，超过上限 {MAX_XLS_BYTES}: file too large")
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=_Null())
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise EncryptedDocument(f"{fmt.upper()} 工作簿已加密，需要密码才能打开: the workbook is "
                                    "password-protected; save an unprotected copy") from exc
        raise CorruptDocument(f"{fmt.upper()} 文件无法解析: cannot read the workbook ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - struct errors, IndexError ... from damaged BIFF
        raise CorruptDocument(_damaged(fmt.upper(), exc)) from exc
    warnings: list[str] = []
    sheets: list[SheetData] = []
    budget = _Budget()
    try:
        names = book.sheet_names()
        for index in range(_limit_sheets(names, warnings)):
            try:
                sheets.append(_xls_sheet(book, index, budget))
            except TooLarge:
                raise
            except Exception as exc:  # noqa: BLE001
                warnings.append(f"工作表「{names[index]}」无法读取: sheet {names[index]!r} could not be read "
                                f"({type(exc).__name__}: {exc})")
            finally:
                book.unload_sheet(index)
    finally:
        book.release_resources()
    return assemble_sheets(path, fmt, sheets, warnings)


class _Null:
    def write(self, *_):
        pass


def _xls_sheet(book, index: int, budget: _Budget) -> SheetData:
    import xlrd

    sh = book.sheet_by_index(index)
    sheet = SheetData(name=sh.name, hidden=bool(getattr(sh, "visibility", 0)))
    fonts, formats = book.font_list, book.format_map
    for r in range(sh.nrows):
        for c in range(min(sh.ncols, MAX_COLS)):
            kind = sh.cell_type(r, c)
            xf = book.xf_list[sh.cell_xf_index(r, c)]
            b = xf.border
            borders = ((LEFT if b.left_line_style else 0) | (RIGHT if b.right_line_style else 0)
                       | (TOP if b.top_line_style else 0) | (BOTTOM if b.bottom_line_style else 0))
            value = sh.cell_value(r, c)
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                text = ""
            elif kind == xlrd.XL_CELL_ERROR:
                text = xlrd.error_text_from_code.get(value, "#ERR")
            elif kind == xlrd.XL_CELL_BOOLEAN:
                text = "TRUE" if value else "FALSE"
            elif kind == xlrd.XL_CELL_DATE:
                number_format = formats.get(xf.format_key)
                try:
                    value = xlrd.xldate_as_datetime(value, book.datemode)
                except Exception:  # noqa: BLE001 - out-of-range serial: show the number
                    pass
                text = format_value(value, number_format.format_str if number_format else None)
            else:
                number_format = formats.get(xf.format_key)
                text = format_value(value, number_format.format_str if number_format else None)
            text = cell_text(text)
            if not text and not borders:
                continue
            font = fonts[xf.font_index] if xf.font_index < len(fonts) else None
            sheet.cells[(r, c)] = SheetCell(text, bool(font.bold or font.weight >= 700) if font else None,
                                            font.height / 20.0 if font else None, borders)
            if text:
                budget.take()
    for rlo, rhi, clo, chi in sh.merged_cells:
        if clo < MAX_COLS:
            sheet.merges.append((rlo, clo, rhi - 1, min(chi, MAX_COLS) - 1))
    sheet.hidden_rows = {r for r, info in sh.rowinfo_map.items() if info.hidden}
    sheet.hidden_cols = {c for c, info in sh.colinfo_map.items() if info.hidden and c < MAX_COLS}
    return sheet


# ---------------------------------------------------------------- ods

_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
MAX_REPEAT = 1000   # a repeated row or column with content is read at most this often


def _q(prefix: str, tag: str) -> str:
    return f"{{{_ODS[prefix]}}}{tag}"


def _ods_styles(root) -> dict[str, tuple[int, bool | None, float | None]]:
    """Automatic cell style name -> (border bits, bold, size)."""
    out = {}
    for style in root.iter(_q("style", "style")):
        borders, bold, size = 0, None, None
        props = style.find(_q("style", "table-cell-properties"))
        if props is not None:
            every = props.get(_q("fo", "border"))
            for side, bit in (("left", LEFT), ("right", RIGHT), ("top", TOP), ("bottom", BOTTOM)):
                value = props.get(_q("fo", f"border-{side}"), every)
                if value and value.strip() != "none":
                    borders |= bit
        text = style.find(_q("style", "text-properties"))
        if text is not None:
            weight = text.get(_q("fo", "font-weight"))
            bold = weight in ("bold", "700", "800", "900") if weight else None
            size_text = text.get(_q("fo", "font-size")) or ""
            if size_text.endswith("pt"):
                try:
                    size = float(size_text[:-2])
                except ValueError:
                    size = None
        out[style.get(_q("style", "name"))] = (borders, bold, size)
    return out


def _ods_inline(el) -> str:
    out = [el.text or ""]
    for child in el:
        if child.tag == _q("text", "s"):
            out.append(" " * int(child.get(_q("text", "c"), "1") or 1))
        elif child.tag == _q("text", "tab"):
            out.append("\t")
        elif child.tag == _q("text", "line-break"):
            out.append("\n")
        elif child.tag not in (_q("text", "note"), _q("office", "annotation")):
            out.append(_ods_inline(child))
        out.append(child.tail or "")
    return "".join(out)


def _ods_text(cell) -> str:
    """The displayed text: the cell's paragraphs, one line each."""
    return "\n".join(_ods_inline(p) for p in cell if p.tag in (_q("text", "p"), _q("text", "h")))


def read_ods(path: str | Path, fmt: str = "ods") -> RawDocument:
    import zipfile

    path = Path(path)
    check_package(path, "ODS", required=("content.xml",))
    from lxml import etree
    with zipfile.ZipFile(path) as archive:
        if "encryption-data" in archive.read("META-INF/manifest.xml").decode("utf-8", "replace") \
                if "META-INF/manifest.xml" in archive.namelist() else False:
            raise EncryptedDocument("ODS 文件已加密，需要密码才能打开: the spreadsheet is password-protected")
        data = archive.read("content.xml")
    try:
        root = etree.fromstring(data, parser=safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(f"ODS 的 content.xml 不是有效的 XML: damaged ODS ({exc})") from exc
    styles = _ods_styles(root)
    warnings: list[str] = []
    sheets: list[SheetData] = []
    budget = _Budget()
    tables = list(root.iter(_q("table", "table")))
    for table in tables[:_limit_sheets([t.get(_q("table", "name")) or "" for t in tables], warnings)]:
        sheet = SheetData(name=table.get(_q("table", "name")) or f"Sheet{len(sheets) + 1}")
        c = 0
        for col in table.iter(_q("table", "table-column")):
            repeat = min(int(col.get(_q("table", "number-columns-repeated"), "1") or 1), MAX_COLS)
            if col.get(_q("table", "visibility")) in ("collapse", "filter"):
                sheet.hidden_cols.update(range(c, min(c + repeat, MAX_COLS)))
            c += repeat
        r = 0
        last_text_row = -1
        for row in table.iter(_q("table", "table-row")):
            repeat = int(row.get(_q("table", "number-rows-repeated"), "1") or 1)
            hidden = row.get(_q("table", "visibility")) in ("collapse", "filter")
            cells = []
            c = 0
            for cell in row:
                if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                    continue
                n = int(cell.get(_q("table", "number-columns-repeated"), "1") or 1)
                if c < MAX_COLS and cell.tag == _q("table", "table-cell"):
                    text = cell_text(_ods_text(cell))
                    borders, bold, size = styles.get(cell.get(_q("table", "style-name")), (0, None, None))
                    cs = int(cell.get(_q("table", "number-columns-spanned"), "1") or 1)
                    rs = int(cell.get(_q("table", "number-rows-spanned"), "1") or 1)
                    if text or borders or cs > 1 or rs > 1:
                        cells.append((c, min(n, MAX_COLS - c), text, borders, bold, size, rs, cs))
                c += n
            has_text = any(item[2] for item in cells)
            # repeated rows: those with text as often as they repeat (up to MAX_REPEAT), blank
            # formatted ones once (the thousands of styled rows below a table)
            times = min(repeat, MAX_REPEAT) if has_text else min(repeat, 1)
            for k in range(times):
                for c0, n, text, borders, bold, size, rs, cs in cells:
                    for j in range(n):
                        sheet.cells[(r + k, c0 + j)] = SheetCell(text, bold, size, borders)
                        if text:
                            budget.take()
                            last_text_row = r + k
                        if (rs > 1 or cs > 1) and k == 0:
                            sheet.merges.append((r, c0 + j, r + rs - 1, min(c0 + j + cs, MAX_COLS) - 1))
            if hidden:
                sheet.hidden_rows.update(range(r, r + min(repeat, MAX_REPEAT)))
            r += repeat
            if last_text_row >= 0 and r - last_text_row > EMPTY_ROWS_STOP:
                break
        limit = last_text_row + 1
        sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] <= limit}
        sheet.merges = [m for m in sheet.merges if m[0] <= limit]
        sheets.append(sheet)
    return assemble_sheets(path, fmt, sheets, warnings)
