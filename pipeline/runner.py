"""Per-document work and the batch around it.

`process_document(task)` is the one function every executor runs (in a worker process, local
or on dask): extract -> normalize -> validate, each step guarded, returning the document's
rows for every output table. It never raises: whatever goes wrong ends as the documents row's
status/error. The batch (`run_batch`) lists the inputs, hashes them, skips what the output
already holds, hands tasks to an executor and feeds results to the writer in the driver.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import socket
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .schema import JOIN, record_row

SUFFIXES = (".pdf", ".docx", ".doc", ".wps")
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


# ---------------------------------------------------------------- inputs

class UsageError(Exception):
    """Bad command-line input; the message is printed as is."""


def find_inputs(inputs: Iterable[str | os.PathLike]) -> list[tuple[str, str]]:
    """(path, source_path) of every document under the inputs: files as given, folders walked
    recursively for .pdf/.docx/.doc/.wps (any case), sorted, duplicates dropped. Office lock
    files (~$x.docx) and hidden files inside folders are skipped."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.append((path, path))

    for given in inputs:
        given = os.fspath(given)
        if os.path.isfile(given):
            add(given)
        elif os.path.isdir(given):
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "_jixiao")
                for name in sorted(files):
                    if name.startswith((".", "~$")) or not name.lower().endswith(SUFFIXES):
                        continue
                    add(os.path.join(root, name))
        elif os.path.lexists(given):
            raise UsageError(f"输入不是文件或文件夹: {given} is neither a file nor a folder")
        else:
            raise UsageError(f"找不到输入: {given}: no such file or folder")
    return found


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
        from extract.errors import ExtractError
        expected = isinstance(exc, ExtractError)
    except Exception:  # noqa: BLE001 - extract package itself broken
        expected = False
    if not expected and exc.__traceback__ is not None:
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
    row = {"doc_id": task.doc_id, "source_path": task.source_path,
           "file_name": os.path.basename(task.source_path), "file_size": task.file_size,
           "format": _suffix_format(task.path), "pages": None, "status": "failed", "error": None,
           "n_tables": 0, "n_projects": 0, "n_flags": 0, "n_errors": 0, "warnings": None,
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
                         "confidence": c.confidence})
    return rows


def normalized_rows(norm, doc_id: str) -> dict[str, list[dict]]:
    """Rows of every table but documents and flags from a NormalizedDocument."""
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
    t0 = time.perf_counter()
    if task.error:
        return failed_result(task, task.error, 0.0)
    fmt = _suffix_format(task.path)
    try:
        from extract import sniff_format
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
        from extract import extract_document
        raw = extract_document(task.path, password=task.password)
    except Exception as exc:  # noqa: BLE001
        return failed_result(task, describe(exc), time.perf_counter() - t0, format=fmt, pages=pages)
    warnings = [str(w) for w in (raw.warnings or [])]
    result: dict[str, list[dict]] = {}
    n_flags = n_errors = n_projects = 0
    # ---- normalize
    norm = None
    try:
        from normalize import normalize_document
        norm = normalize_document(raw, task.doc_id)
        warnings += [str(w) for w in (norm.warnings or [])]
        result.update(normalized_rows(norm, task.doc_id))
        n_projects = len(norm.projects)
    except Exception as exc:  # noqa: BLE001 - keep the cells the extractor found
        problems.append("归一化失败 normalize failed: " + describe(exc))
        result["cells"] = _fallback_cells(raw, task.doc_id)
    # ---- validate
    if norm is not None:
        try:
            from validate import validate_document
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
        warnings=JOIN.join(warnings) if warnings else None,
        elapsed_s=round(time.perf_counter() - t0, 4))]
    return result


# ---------------------------------------------------------------- the batch

@dataclass
class BatchStats:
    found: int = 0
    skipped: int = 0              # unchanged since a previous run (same SHA-256, not failed)
    duplicates: int = 0           # same bytes as another input of this run
    retried: int = 0              # previously failed, processed again
    status: dict[str, int] = field(default_factory=lambda: {"ok": 0, "partial": 0, "failed": 0})
    tables: int = 0
    projects: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)   # (source_path, error)
    partials: list[tuple[str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0
    interrupted: bool = False
    executor: object = None        # the executor used (peak_rss, restarts for the bench)

    @property
    def processed(self) -> int:
        return sum(self.status.values())

    def add(self, result: dict) -> dict:
        doc = result["documents"][0]
        self.status[doc["status"]] = self.status.get(doc["status"], 0) + 1
        self.tables += doc.get("n_tables") or 0
        self.projects += doc.get("n_projects") or 0
        for flag in result.get("flags") or []:
            severity = str(flag.get("severity") or "?").lower()
            self.flags[severity] = self.flags.get(severity, 0) + 1
        if doc["status"] == "failed":
            self.failures.append((doc["source_path"], doc.get("error") or ""))
        elif doc["status"] == "partial":
            self.partials.append((doc["source_path"], doc.get("error") or ""))
        return doc


def plan(inputs, committed: dict[str, dict], *, password=None, max_pages=DEFAULT_MAX_PAGES,
         force=False, retry_failed=True, stats: BatchStats | None = None,
         hashed: Callable[[int, int], None] | None = None) -> tuple[list[Task], set[str]]:
    """Tasks to run and doc_ids whose old rows must go first (retries / --force)."""
    stats = stats or BatchStats()
    files = find_inputs(inputs)
    stats.found = len(files)
    tasks, redo, seen = [], set(), set()
    for i, (path, source) in enumerate(files):
        task = make_task(path, source, password, max_pages)
        if hashed:
            hashed(i + 1, len(files))
        if task.doc_id in seen:
            stats.duplicates += 1
            continue
        seen.add(task.doc_id)
        old = committed.get(task.doc_id)
        if old is not None:
            if force or (retry_failed and old.get("status") == "failed"):
                redo.add(task.doc_id)
                stats.retried += old.get("status") == "failed"
            else:
                stats.skipped += 1
                continue
        tasks.append(task)
    return tasks, redo


def schedule(tasks: list[Task]) -> list[Task]:
    """Largest files first (ties in path order). Size is a fair proxy for cost here (a scan is
    megabytes of page images and needs OCR; a DOCX is tens of KB), and starting the long
    documents first keeps the batch from ending on one long scan while the other workers idle."""
    return sorted(tasks, key=lambda t: -(t.file_size or 0))


def run_batch(inputs, out, *, executor: str = "local", workers: int = 1, timeout: float | None = 900.0,
              password: str | None = None, scheduler=None, force: bool = False, retry_failed: bool = True,
              max_memory_mb: int | None = 4096, max_tasks: int = 200, max_pages: int = DEFAULT_MAX_PAGES,
              flush_every: int = 25, flush_seconds: float = 10.0,
              on_planned: Callable[[int], None] | None = None,
              on_result: Callable[[dict], None] | None = None) -> BatchStats:
    """Run every input document into the dataset at `out`; returns the batch's counts.

    Raises UsageError (bad inputs) and writer.OutputError (unusable output folder) before any
    document is processed. KeyboardInterrupt stops handing out documents; what finished is
    committed and stats.interrupted is set."""
    from .executors import make_executor
    from .writer import META_DIR, DatasetWriter

    stats = BatchStats()
    t0 = time.monotonic()
    writer = DatasetWriter(out, flush_docs=flush_every, flush_seconds=flush_seconds).open()
    try:
        tasks, redo = plan(inputs, writer.committed(), password=password, max_pages=max_pages,
                           force=force, retry_failed=retry_failed, stats=stats)
        writer.uncommit(redo)
        tasks = schedule(tasks)
        if on_planned:
            on_planned(len(tasks))
        pool = make_executor(executor, workers, timeout=timeout, max_memory_mb=max_memory_mb,
                             max_tasks=max_tasks, scheduler=scheduler,
                             log_path=os.path.join(os.fspath(out), META_DIR, "workers.log"))
        stats.executor = pool
        try:
            for _task, result in pool.map(tasks):
                doc = stats.add(result)
                writer.add(result)
                if on_result:
                    on_result(doc)
        except KeyboardInterrupt:
            stats.interrupted = True
        finally:
            pool.close()
        writer.flush()
    finally:
        writer.close()
        stats.elapsed_s = time.monotonic() - t0
    return stats
