"""The batch around the per-document work (batch/process.py).

`run_batch` lists the inputs, hashes them, skips what the output already holds, hands tasks
to an executor and feeds results to the writer in the driver.
"""
from __future__ import annotations

import hashlib
import os
import time
import zipfile
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .process import DEFAULT_MAX_PAGES, Task, make_task

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")   # scans as image files
# Files a folder is searched for (any case). What each is read as comes from its bytes
# (jixiao.extract.sniff_format), so a suffix here only decides what a folder walk picks up.
SUFFIXES = (".pdf", ".docx", ".doc", ".wps", ".odt", ".rtf",
            ".xlsx", ".xlsm", ".xls", ".et", ".ods",
            ".html", ".htm", ".mhtml", ".mht",
            ".ofd") + IMAGE_SUFFIXES
ARCHIVE_SUFFIXES = (".zip",)   # a portal's download of many reports: its members are read (archives.py)


# ---------------------------------------------------------------- inputs

class UsageError(Exception):
    """Bad command-line input; the message is printed as is."""


def find_inputs(inputs: Iterable[str | os.PathLike]) -> list[tuple[str, str]]:
    """(path, source_path) of every document under the inputs: files as given, folders walked
    recursively for the SUFFIXES (any case), sorted, duplicates dropped. Office lock
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
                    if name.startswith((".", "~$")) or not name.lower().endswith(SUFFIXES + ARCHIVE_SUFFIXES):
                        continue
                    add(os.path.join(root, name))
        elif os.path.lexists(given):
            raise UsageError(f"输入不是文件或文件夹: {given} is neither a file nor a folder")
        else:
            raise UsageError(f"找不到输入: {given}: no such file or folder")
    return found


# ---------------------------------------------------------------- the batch

@dataclass
class BatchStats:
    found: int = 0
    skipped: int = 0              # unchanged since a previous run (same SHA-256, not failed)
    duplicates: int = 0           # same bytes as another input of this run
    retried: int = 0              # previously failed, processed again
    replaced: int = 0             # a file whose content changed since it was committed: old rows removed
    status: dict[str, int] = field(default_factory=lambda: {"ok": 0, "partial": 0, "failed": 0})
    formats: dict[str, int] = field(default_factory=dict)   # documents.format -> documents
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
        fmt = str(doc.get("format") or "?")
        self.formats[fmt] = self.formats.get(fmt, 0) + 1
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
         hashed: Callable[[int, int], None] | None = None,
         unpack_into: str | None = None) -> tuple[list[Task], set[str]]:
    """Tasks to run and doc_ids whose old rows must go first: retries, --force, and the earlier
    content of a file changed since (the output follows the files as they are now: a corrected
    report replaces its first version instead of standing beside it). With `unpack_into`, zip
    archives of reports are replaced by their members (archives.py)."""
    stats = stats or BatchStats()
    files = find_inputs(inputs)
    known_errors: dict[str, str] = {}
    if unpack_into:
        files = _unpack_archives(files, unpack_into, known_errors)
    stats.found = len(files)
    by_path: dict[str, set[str]] = {}
    for doc_id, row in committed.items():
        if row.get("source_path"):
            by_path.setdefault(os.path.realpath(row["source_path"]), set()).add(doc_id)
    tasks, redo, seen, changed = [], set(), set(), set()
    for i, (path, source) in enumerate(files):
        if source in known_errors:
            task = Task(path, source, hashlib.sha256(("archive-member:" + source).encode("utf-8")).hexdigest(),
                        None, password, max_pages, error=known_errors[source])
        else:
            task = make_task(path, source, password, max_pages)
        if hashed:
            hashed(i + 1, len(files))
        changed |= by_path.get(os.path.realpath(source), set()) - {task.doc_id}
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
    changed -= seen        # that content is still an input of this run (a copy elsewhere)
    stats.replaced = len(changed)
    return tasks, redo | changed


def _unpack_archives(files: list[tuple[str, str]], into: str,
                     errors: dict[str, str]) -> list[tuple[str, str]]:
    """`files` with each zip archive of reports replaced by its document members (unpacked
    under `into`); members that cannot be unpacked get their error in `errors`."""
    from . import archives
    out: list[tuple[str, str]] = []
    for path, source in files:
        if not archives.is_archive(path):
            out.append((path, source))
            continue
        try:
            found = archives.members(path, source, into, SUFFIXES)
        except (OSError, zipfile.BadZipFile) as exc:   # a damaged archive: its own failed row
            out.append((path, source))
            errors[source] = f"压缩包无法读取: the zip archive cannot be read ({type(exc).__name__}: {exc})"
            continue
        if not found:
            out.append((path, source))
            errors[source] = ("压缩包中没有可读取的报告: the zip archive holds no file of a format jixiao "
                              "reads (PDF, Word, spreadsheets, web pages, OFD, images)")
        for member_path, member_source, error in found:
            out.append((member_path, member_source))
            if error:
                errors[member_source] = error
    return out


def schedule(tasks: list[Task]) -> list[Task]:
    """Largest files first (ties in path order). Size is a fair proxy for cost here (a scan is
    megabytes of page images and needs OCR; a DOCX is tens of KB), and starting the long
    documents first keeps the batch from ending on one long scan while the other workers idle."""
    return sorted(tasks, key=lambda t: -(t.file_size or 0))


def run_batch(inputs, out, *, executor: str = "local", workers: int = 1, timeout: float | None = 900.0,
              password: str | None = None, scheduler=None, force: bool = False, retry_failed: bool = True,
              max_memory_mb: int | None = 4096, max_tasks: int = 200, max_pages: int = DEFAULT_MAX_PAGES,
              flush_every: int = 25, flush_seconds: float = 10.0, isolate: bool = False,
              on_planned: Callable[[int], None] | None = None,
              on_result: Callable[[dict], None] | None = None) -> BatchStats:
    """Run every input document into the dataset at `out`; returns the batch's counts.

    One document, or workers <= 1, runs in this process (executors.InlineExecutor: a soft
    timeout, no memory limit) unless `isolate`: then each document runs in a worker process
    that is killed at `timeout` or above `max_memory_mb`, as with more workers.

    Raises UsageError (bad inputs) and writer.OutputError (unusable output folder) before any
    document is processed. KeyboardInterrupt stops handing out documents; what finished is
    committed and stats.interrupted is set."""
    from .executors import make_executor, prestart

    inputs = list(inputs)
    several = len(inputs) > 1 or any(os.path.isdir(p) for p in inputs)
    prestart(executor, workers, isolate=isolate, several=several)

    from .writer import META_DIR, DatasetWriter

    stats = BatchStats()
    t0 = time.monotonic()
    writer = DatasetWriter(out, flush_docs=flush_every, flush_seconds=flush_seconds).open()
    try:
        tasks, redo = plan(inputs, writer.committed(), password=password, max_pages=max_pages,
                           unpack_into=os.path.join(os.fspath(out), META_DIR, "archives"),
                           force=force, retry_failed=retry_failed, stats=stats)
        writer.uncommit(redo)
        tasks = schedule(tasks)
        if on_planned:
            on_planned(len(tasks))
        pool = make_executor(executor, workers, documents=len(tasks), isolate=isolate,
                             timeout=timeout, max_memory_mb=max_memory_mb,
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
