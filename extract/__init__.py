"""Extract stage: file -> RawDocument (tables as cell grids + text in reading order).

Knows nothing of the output schema. `extract_document` picks the reader from the file's
bytes, not its name, so a misnamed file gets a clear error instead of a parser crash.
"""
from __future__ import annotations

# From the checkout root this folder is also importable as plain `extract`: a second copy of
# every class, and isinstance checks that silently fail across the two. Refuse it.
if __name__ != "jixiao.extract":
    raise ImportError(f"import jixiao.extract, not {__name__} (the stages live in the jixiao namespace)")

from pathlib import Path

from .errors import CorruptDocument, EncryptedDocument, ExtractError, UnsupportedFormat
from .cjk_forms import unify_document
from .model import RawDocument

__all__ = ["extract_document", "sniff_format", "ExtractError"]


# What a zip package holds tells its format; the first member found wins.
_ZIP_MARKERS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("OFD.xml", "ofd"),
                ("xl/workbook.bin", "xlsb"), ("ppt/presentation.xml", "pptx"))
_ODF_SPREADSHEET = b"application/vnd.oasis.opendocument.spreadsheet"
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"   # also .ott templates: read through LibreOffice
# WPS names its files by suffix only: the same bytes as .doc / .xls / .docx / .xlsx.
_WPS_SUFFIX = {".wps": "wps", ".wpt": "wps", ".et": "et", ".ett": "et"}
SNIFF_BYTES = 64 * 1024


def sniff_format(path: Path) -> str:
    """The format by content, never by name: 'pdf', 'docx', 'doc' (OLE2 Word, .doc and .wps), 'odt',
    'rtf', 'xlsx', 'xls' (BIFF in OLE2; 'et' for WPS's .et), 'ods', 'ofd', 'html', 'mhtml', 'image'
    (a scan as JPEG, PNG, TIFF, BMP or WebP). Raises
    ExtractError (UnsupportedFormat, EncryptedDocument, CorruptDocument) for anything else."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise CorruptDocument("文件为空（0 字节）: empty file (0 bytes)")
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path, suffix)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _sniff_ole(path, suffix)
    # Some producers put junk before %PDF; the spec allows it within the first 1024 bytes.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    from .image_reader import looks_like_image
    if looks_like_image(head):
        return "image"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"      # Word's "Rich Text": LibreOffice converts it like a .doc
    markup = _sniff_markup(head)
    if markup:
        return markup
    raise UnsupportedFormat(
        f"不是可识别的文档或表格文件: file named {suffix or '(no suffix)'} is none of PDF, DOCX/DOC/ODT/RTF, "
        f"XLSX/XLS/ET/ODS, HTML/MHTML, OFD or a scanned image (first bytes {head[:8]!r})")


def is_package(names) -> bool:
    """Whether a zip's member names make it one document (OOXML, ODF, OFD), not an archive of
    files (pipeline/batch/archives.py unpacks those)."""
    return ("[Content_Types].xml" in names or "mimetype" in names
            or any(marker in names for marker, _kind in _ZIP_MARKERS))


def _sniff_zip(path: Path, suffix: str) -> str:
    import zipfile
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        # A damaged package: let the reader its name suggests say what is wrong with it.
        if suffix == ".zip":
            raise CorruptDocument("zip 压缩包已损坏: the zip archive is damaged and cannot be opened")
        return {".xlsx": "xlsx", ".xlsm": "xlsx", ".et": "xlsx", ".ofd": "ofd", ".ods": "ods"}.get(suffix, "docx")
    for marker, kind in _ZIP_MARKERS:
        if marker in names:
            if kind in ("xlsb", "pptx"):
                raise UnsupportedFormat(f"不支持的文件类型 {kind}: a {kind.upper()} package; save the "
                                        "tables as .xlsx or .docx")
            return kind
    if mimetype.startswith(_ODF_SPREADSHEET):
        return "ods"
    if mimetype.startswith(_ODF_TEXT):
        return "odt"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise UnsupportedFormat(f"不支持的 OpenDocument 类型 ({mimetype.decode('ascii', 'replace')}): "
                                "only OpenDocument text (.odt) and spreadsheets (.ods) are read")
    raise UnsupportedFormat("zip 压缩包不是 Word、Excel、ODS 或 OFD 文件: a zip archive that holds no "
                            "document (no word/document.xml, xl/workbook.xml, OFD.xml or ODF mimetype)")


def _sniff_ole(path: Path, suffix: str) -> str:
    """OLE2 compound file: Word (.doc/.wps), Excel BIFF (.xls/.et), or an encrypted OOXML."""
    try:
        import olefile
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
    except Exception:  # noqa: BLE001 - damaged directory: decide by name, the reader reports it
        streams = set()
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise EncryptedDocument("文件已加密（受密码保护的 Office 文件），请另存为无密码的副本: a "
                                "password-protected Office file (encrypted OOXML package)")
    if "workbook" in streams or "book" in streams:
        return "et" if _WPS_SUFFIX.get(suffix) == "et" else "xls"
    if "worddocument" in streams:
        return "doc"
    if not streams:
        return "xls" if suffix in (".xls", ".et", ".xlt", ".ett") else "doc"
    raise UnsupportedFormat(f"不支持的 OLE2 文件（既不是 Word 也不是 Excel）: an OLE2 compound file "
                            f"without a Word or Excel stream ({', '.join(sorted(streams)[:5])})")


def _sniff_markup(head: bytes) -> str | None:
    """'mhtml' for a browser's saved single-file page, 'html' for an HTML page (also the HTML a
    web system names .xls, and Word's or Excel's "save as web page"), None otherwise."""
    text = head
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom):].decode(codec, "ignore").encode("ascii", "ignore")
            break
    lower = text.lstrip().lower()
    top = lower[:4096]
    if (top.startswith((b"mime-version:", b"from:", b"content-type:", b"subject:", b"date:", b"x-"))
            and b"multipart/related" in top):
        return "mhtml"
    for tag in (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta", b"<title", b"<div"):
        if tag in top:
            return "html"
    return None


def extract_document(path: str | Path, *, password: str | None = None) -> RawDocument:
    doc = _read(Path(path), password)
    unify_document(doc)   # radicals a producer's ToUnicode gave for ideographs (⻓ for 长)
    return doc


def _read(path: Path, password: str | None) -> RawDocument:
    kind = sniff_format(path)
    if kind == "pdf":
        from .pdf_reader import read_pdf
        return read_pdf(path, password=password)
    if kind == "docx":
        from .docx_reader import read_docx
        return read_docx(path)
    if kind in ("xlsx", "xls", "et", "ods"):
        from . import spreadsheet_reader
        fmt = "et" if _WPS_SUFFIX.get(path.suffix.lower()) == "et" else kind
        if kind == "xlsx":
            return spreadsheet_reader.read_xlsx(path, fmt)
        if kind == "ods":
            return spreadsheet_reader.read_ods(path, fmt)
        return spreadsheet_reader.read_xls(path, fmt)
    if kind in ("html", "mhtml"):
        from .html_reader import read_html, read_mhtml
        return read_html(path) if kind == "html" else read_mhtml(path)
    if kind == "ofd":
        from .ofd_reader import read_ofd
        return read_ofd(path)
    if kind == "image":
        from .image_reader import read_image
        return read_image(path)
    from .convert import read_via_libreoffice
    return read_via_libreoffice(path, fmt=kind if kind in ("odt", "rtf") else None)
