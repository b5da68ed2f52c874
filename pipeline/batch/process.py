"""The work on one document, as every executor runs it.

`process_document(task)` is the one function every executor runs (in a worker process, local
or on dask): extract -> normalize -> validate, each step guarded, returning the document's
rows for every output table. It never raises: whatever goes wrong ends as the documents row's
status/error.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_PAGES = 500
MAX_ERROR_CHARS = 2000


@dataclass
class Task:
    path: str                 # where the worker opens the file
    source_path: str          # as given to the run (documents.source_path)
    doc_id: str               # SHA-256 of the bytes ('' when unreadable)
    file_size: int | None = None
    password: str | None = None
    max_pages: int = DEFAULT_MAX_PAGES
    error: str | None = None  # set when the driver already knows the document fails



# ---------------------------------------------------------------- one document

def sha256_file(path: str, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def make_task(path: str, source_path: str, password: str | None = None,
              max_pages: int = DEFAULT_MAX_PAGES) -> Task:
    try:
        size = os.path.getsize(path)
        doc_id = sha256_file(path)
        return Task(path, source_path, doc_id, size, password, max_pages)
    except OSError as exc:
        # No bytes, no content hash: key the failure by path so a later run retries it.
        doc_id = hashlib.sha256(("unreadable:" + os.path.abspath(path)).encode("utf-8")).hexdigest()
        return Task(path, source_path, doc_id, None, password, max_pages,
                    error=f"无法读取文件 {type(exc).__name__}: {exc.strerror or exc}")


# ---------------------------------------------------------------- one document

def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def describe(exc: BaseException) -> str:
    """`ExceptionClass: message`, one line, never a traceback; the innermost frame of our own
    code is added for unexpected errors so a developer can find it."""
    message = str(exc).strip() or repr(exc)
    text = f"{type(exc).__name__}: {message}"
    try:
        from jixiao.extract.errors import ExtractError
        expected = isinstance(exc, ExtractError)
    except Exception:  # noqa: BLE001 - extract package itself broken
        expected = False
    if not expected and exc.__traceback__ is not None:
        import traceback
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if "/site-packages/" not in f.filename and "/lib/python" not in f.filename]
        if frames:
            f = frames[-1]
            text += f" (at {Path(f.filename).parent.name}/{Path(f.filename).name}:{f.lineno})"
    text = " ".join(text.split())
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS - 1] + "…"


def _suffix_format(path: str) -> str | None:
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix or None


def document_row(task: Task, **values) -> dict:
    import socket
    row = {"doc_id": task.doc_id, "source_path": task.source_path,
           "file_name": os.path.basename(task.source_path), "file_size": task.file_size,
           "format": _suffix_format(task.path), "pages": None, "status": "failed", "error": None,
           "n_tables": 0, "n_projects": 0, "n_flags": 0, "n_errors": 0, "warnings": None, "notes": None,
           "ocr_corrections": None, "glyphs_read": None,
           "processed_at": _now(), "elapsed_s": None,
           "worker": f"{socket.gethostname()}:{os.getpid()}"}
    row.update(values)
    return row


def failed_result(task: Task, error: str, elapsed: float | None = None, **values) -> dict:
    """The rows of a document that produced nothing: one documents row, status failed."""
    return {"documents": [document_row(task, status="failed", error=error, elapsed_s=elapsed, **values)]}


def _pdf_page_count(path: str) -> int | None:
    try:
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(path)
        try:
            return len(pdf)
        finally:
            pdf.close()
    except Exception:  # noqa: BLE001 - encrypted/corrupt: the reader reports it properly
        return None


def _fallback_cells(raw, doc_id: str) -> list[dict]:
    """cells rows straight from the extractor's tables, when normalize failed."""
    rows = []
    for index, table in enumerate(getattr(raw, "tables", []) or []):
        for c in table.cells:
            rows.append({"doc_id": doc_id, "table_index": index, "kind": "unknown", "row": c.row,
                         "col": c.col, "row_span": c.row_span, "col_span": c.col_span, "text": c.text,
                         "page": c.page, "x0": c.x0, "top": c.top, "x1": c.x1, "bottom": c.bottom,
                         "confidence": c.confidence, "sheet": c.sheet, "ref": c.ref,
                         "hidden": c.hidden if c.sheet else None})
    return rows


def normalized_rows(norm, doc_id: str) -> dict[str, list[dict]]:
    """Rows of every table but documents and flags from a NormalizedDocument."""
    from .schema import record_row

    rows: dict[str, list[dict]] = {"projects": [], "funding": [], "indicators": [], "sections": [],
                                   "facts": [], "panel_scores": [], "cells": []}
    for project in norm.projects:
        pid = norm.project_id(project)
        rows["projects"].append(record_row(project, project_id=pid, doc_id=doc_id))
        rows["funding"] += [record_row(line, project_id=pid, doc_id=doc_id) for line in project.funding]
        rows["indicators"] += [record_row(ind, project_id=pid, doc_id=doc_id) for ind in project.indicators]
    rows["sections"] = [record_row(s, doc_id=doc_id) for s in norm.sections]
    rows["facts"] = [record_row(f, doc_id=doc_id) for f in norm.facts]
    rows["panel_scores"] = [record_row(p, doc_id=doc_id) for p in norm.panel_scores]
    rows["cells"] = [record_row(c, doc_id=doc_id) for c in norm.cells]
    return rows


def process_document(task: Task) -> dict[str, list[dict]]:
    """extract -> normalize -> validate for one file; never raises (see module doc)."""
    # Imported here, not at the top: `jixiao --help` and the driver's start-up need none of
    # the stages nor pyarrow (schema's column types).
    from .schema import JOIN, record_row

    t0 = time.perf_counter()
    if task.error:
        return failed_result(task, task.error, 0.0)
    fmt = _suffix_format(task.path)
    try:
        from jixiao.extract import sniff_format
        fmt = sniff_format(Path(task.path))
    except Exception as exc:  # noqa: BLE001 - every failure becomes the documents row
        return failed_result(task, describe(exc), time.perf_counter() - t0)
    problems: list[str] = []
    pages = None
    if fmt == "pdf":
        pages = _pdf_page_count(task.path)
        if pages is not None and task.max_pages and pages > task.max_pages:
            problems.append(f"页数过多 {pages} pages > limit {task.max_pages}: "
                            "not a single report? checked anyway")
    # ---- extract
    try:
        from jixiao.extract import extract_document
        raw = extract_document(task.path, password=task.password)
    except Exception as exc:  # noqa: BLE001
        return failed_result(task, describe(exc), time.perf_counter() - t0, format=fmt, pages=pages)
    warnings = [str(w) for w in (raw.warnings or [])]
    result: dict[str, list[dict]] = {}
    n_flags = n_errors = n_projects = 0
    n_corrections = None
    # ---- normalize
    norm = None
    try:
        from jixiao.normalize import normalize_document
        norm = normalize_document(raw, task.doc_id)
        warnings += [str(w) for w in (norm.warnings or [])]
        result.update(normalized_rows(norm, task.doc_id))
        n_projects = len(norm.projects)
        n_corrections = norm.ocr_corrections
    except Exception as exc:  # noqa: BLE001 - keep the cells the extractor found
        problems.append("归一化失败 normalize failed: " + describe(exc))
        result["cells"] = _fallback_cells(raw, task.doc_id)
    # ---- validate
    if norm is not None:
        try:
            from jixiao.validate import validate_document
            flags = validate_document(norm)
            result["flags"] = [record_row(f, doc_id=task.doc_id) for f in flags]
            n_flags = len(flags)
            n_errors = sum(1 for f in flags if str(f.severity).lower() == "error")
        except Exception as exc:  # noqa: BLE001
            problems.append("校验失败 validate failed: " + describe(exc))
    problems += warnings
    error = JOIN.join(problems) if problems else None
    if error and len(error) > MAX_ERROR_CHARS:
        error = error[:MAX_ERROR_CHARS - 1] + "…"
    result["documents"] = [document_row(
        task, format=getattr(raw, "format", None) or fmt,
        pages=raw.pages if getattr(raw, "pages", None) is not None else pages,
        status="partial" if problems else "ok", error=error,
        n_tables=len(raw.tables or []), n_projects=n_projects, n_flags=n_flags, n_errors=n_errors,
        ocr_corrections=n_corrections, glyphs_read=getattr(raw, "glyphs_read", 0),
        warnings=JOIN.join(warnings) if warnings else None,
        notes=JOIN.join(raw.notes) if getattr(raw, "notes", None) else None,
        elapsed_s=round(time.perf_counter() - t0, 4))]
    return result


