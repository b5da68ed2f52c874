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

from .errors import CorruptDocument, ExtractError, UnsupportedFormat
from .model import RawDocument

__all__ = ["extract_document", "sniff_format", "ExtractError"]


def sniff_format(path: Path) -> str:
    """'pdf', 'docx', 'doc' (OLE2: .doc and .wps) from the magic bytes; raises ExtractError."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if not head:
        raise CorruptDocument("文件为空（0 字节）: empty file (0 bytes)")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    # Some producers put junk before %PDF; the spec allows it within the first 1024 bytes.
    with open(path, "rb") as handle:
        if b"%PDF-" in handle.read(1024):
            return "pdf"
    suffix = path.suffix.lower()
    raise UnsupportedFormat(
        f"不是可识别的 PDF/DOCX/DOC 文件: file named {suffix or '(no suffix)'} does not start "
        f"with a PDF, DOCX (zip) or DOC (OLE2) signature (first bytes {head[:8]!r})")


def extract_document(path: str | Path, *, password: str | None = None) -> RawDocument:
    path = Path(path)
    kind = sniff_format(path)
    if kind == "pdf":
        from .pdf_reader import read_pdf
        return read_pdf(path, password=password)
    if kind == "docx":
        from .docx_reader import read_docx
        return read_docx(path)
    from .convert import read_via_libreoffice
    return read_via_libreoffice(path)
