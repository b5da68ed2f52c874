"""Excel worksheets embedded in a Word document as objects.

A 自评表 is often filled in Excel and pasted into the report as an object: Word shows a picture of
it (an EMF preview, which is no table), and keeps the workbook itself in word/embeddings, as an
.xlsx package (Excel.Sheet.12) or an OLE2 file whose Workbook stream is BIFF8 (Excel.Sheet.8, WPS's
ET objects). The workbook is read by the spreadsheet reader, so its cells are as exact as a
workbook's: what each shows under its number format, merged ranges as spans.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .model import Table

OLE_OBJECT = "{urn:schemas-microsoft-com:office:office}OLEObject"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SHEET_PROG_IDS = ("excel.sheet", "et.xls", "et.sheet", "ket.sheet", "ket.xls")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sheet_objects(p_el) -> list[str]:
    """Relationship ids of the worksheet objects embedded in a w:p element, in order."""
    return [ole.get(R_ID) for ole in p_el.iter(OLE_OBJECT)
            if (ole.get("ProgID") or "").lower().startswith(SHEET_PROG_IDS) and ole.get(R_ID)]


def workbook_tables(blob: bytes) -> list[Table]:
    """The tables of an embedded workbook's visible sheets (raises ExtractError when it cannot
    be read: the caller turns that into a warning)."""
    from . import spreadsheet_reader
    from .errors import UnsupportedFormat
    if blob.startswith(b"PK\x03\x04"):
        suffix, read = ".xlsx", spreadsheet_reader.read_xlsx
    elif blob.startswith(OLE2_MAGIC):
        suffix, read = ".xls", spreadsheet_reader.read_xls
    else:
        raise UnsupportedFormat("嵌入对象不是工作簿: the embedded object is not a workbook")
    fd, name = tempfile.mkstemp(prefix="jixiao-embedded-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        raw = read(Path(name))
    finally:
        os.unlink(name)
    # a hidden sheet's cells are all marked hidden: the object shows the visible sheet
    return [t for t in raw.tables if not all(c.hidden for c in t.cells)]
