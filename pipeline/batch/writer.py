"""The Parquet dataset writer: OUT/<table>/part-<batch>.parquet, crash-safe and re-runnable.

Layout
    OUT/<table>/part-schema.parquet    zero rows, the table's current schema (always present, so
                                       an empty table still has every column)
    OUT/<table>/part-<batch>.parquet   rows of the documents of one batch
    OUT/_jixiao/                       lock file, uncommit journal, worker log (not a table)

Commit protocol (a batch = a few documents, flushed every N documents or T seconds)
    1. every table but documents: write `.tmp-part-<batch>.parquet`, fsync, os.replace to
       `part-<batch>.parquet`;
    2. documents last, the same way. `documents/part-<batch>.parquet` existing IS the commit
       record of the batch.
    On open, temp files are deleted and every data part whose batch has no documents part is
    deleted, so a run killed at any instant leaves, after the next open, exactly the batches
    that committed. Readers never see a half-written file (temp names start with '.', which
    pyarrow/pandas ignore, and do not match DuckDB's `*.parquet`).

Re-processing a document (a retry of one that failed, or --force) first removes its rows
(`uncommit`): the doc_ids go to a journal, the documents parts are rewritten without them
(the document is now uncommitted), then the other tables' parts; the journal is deleted last.
A crash in between is finished on the next open, so a document is either fully present once
or absent (and then processed again).
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import uuid
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import TABLES, conform, table_schema, to_arrow

META_DIR = "_jixiao"
SCHEMA_PART = "part-schema.parquet"
_PART = re.compile(r"^part-(?P<batch>.+)\.parquet$")


class OutputError(Exception):
    """The output folder cannot be used; the message says why in plain words."""


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_part(path, columns: list[str] | None = None) -> pa.Table:
    """One part file. Not pq.read_table: that goes through pyarrow.dataset, whose import alone
    costs more than a one-page report's whole run."""
    with pq.ParquetFile(path) as part:
        return part.read(columns=columns)


def keep_rows(table: pa.Table, keep: list[bool]) -> pa.Table:
    """The rows of `table` whose flag is true, as zero-copy slices of its runs of kept rows.
    Not Table.filter: that loads pyarrow.compute, whose import (0.2 s) would be most of a
    one-file `--force` rerun."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, k in enumerate(keep + [False]):
        if k and start is None:
            start = i
        elif not k and start is not None:
            runs.append((start, i - start))
            start = None
    if len(runs) == 1 and runs[0] == (0, table.num_rows):
        return table
    if not runs:
        return table.slice(0, 0)
    return pa.concat_tables([table.slice(a, n) for a, n in runs])


def write_part(table: pa.Table, final: Path, durable: bool = True) -> None:
    """Write `table` to `final` atomically: temp file in the same folder, fsync, rename.
    durable=False leaves out the fsync, for files the next open rewrites when a crash lost
    them (the schema markers)."""
    tmp = final.with_name(".tmp-" + final.name)
    with open(tmp, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, final)


def check_output_dir(out: Path) -> None:
    """Raise OutputError unless `out` is (or can be made) a folder we can write into. Works
    for root too: root ignores permission bits, so the check really creates a file."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"输出路径不是文件夹: --out {out} exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出文件夹: cannot create --out {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"输出文件夹不可写: --out {out} is not writable (permission denied)")
    probe = out / f".write-test-{os.getpid()}"
    try:
        with open(probe, "wb") as handle:
            handle.write(b"ok")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"输出文件夹不可写: cannot write into --out {out}: {exc.strerror or exc}") from None


class DatasetWriter:
    """Buffers per-document rows and commits them batch by batch (see module doc)."""

    def __init__(self, out: str | Path, flush_docs: int = 25, flush_seconds: float = 10.0):
        self.out = Path(out)
        self.flush_docs = max(1, int(flush_docs))
        self.flush_seconds = float(flush_seconds)
        self._pending: list[dict[str, list[dict]]] = []
        self._pending_since: float | None = None
        self._seq = 0
        # Unique per writer: two writers of one process in the same second must not collide.
        self._run = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._lock_handle = None
        self.parts_written = 0
        self.docs_committed = 0

    # ------------------------------------------------------------ opening and recovery

    def open(self) -> "DatasetWriter":
        check_output_dir(self.out)
        meta = self.out / META_DIR
        meta.mkdir(exist_ok=True)
        self._lock_handle = open(meta / "lock", "a+")
        try:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputError(f"另一个 jixiao run 正在写入: another run is writing to {self.out} "
                                  "(lock held); wait for it or use another --out") from None
            raise
        for name in TABLES:
            (self.out / name).mkdir(exist_ok=True)
        self.recover()
        return self

    def close(self) -> None:
        self.flush()
        if self._lock_handle is not None:
            try:
                fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_UN)
            finally:
                self._lock_handle.close()
                self._lock_handle = None

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc):
        if exc[0] is None:
            self.close()
        elif self._lock_handle is not None:  # do not commit after an error; keep what committed
            self._lock_handle.close()
            self._lock_handle = None

    def _parts(self, name: str) -> list[Path]:
        folder = self.out / name
        return sorted(p for p in folder.iterdir() if _PART.match(p.name) and p.name != SCHEMA_PART)

    def recover(self) -> dict:
        """Undo what an interrupted run left half done; bring old parts to the current schema.
        Returns counts of what was cleaned (for tests and the log)."""
        report = {"tmp_removed": 0, "orphan_parts_removed": 0, "parts_migrated": 0, "journal": 0}
        changed: set[str] = set()     # table folders whose entries changed: synced at the end
        for name in TABLES:
            for tmp in (self.out / name).glob(".tmp-*"):
                tmp.unlink(missing_ok=True)
                report["tmp_removed"] += 1
                changed.add(name)
        _journal_compact(self.out)
        journal = self.out / META_DIR / "uncommit.json"
        if journal.exists():
            try:
                doc_ids = set(json.loads(journal.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                doc_ids = set()
            self._remove_rows(doc_ids)
            journal.unlink(missing_ok=True)
            report["journal"] = len(doc_ids)
        committed = {_PART.match(p.name)["batch"] for p in self._parts("documents")}
        for name in TABLES:
            if name == "documents":
                continue
            for part in self._parts(name):
                if _PART.match(part.name)["batch"] not in committed:
                    part.unlink(missing_ok=True)
                    report["orphan_parts_removed"] += 1
                    changed.add(name)
        for name in TABLES:
            schema = table_schema(name)
            marker = self.out / name / SCHEMA_PART
            if not marker.exists() or not pq.read_schema(marker).equals(schema, check_metadata=False):
                write_part(schema.empty_table(), marker, durable=False)   # rewritten by any open
            for part in self._parts(name):
                if not pq.read_schema(part).equals(schema, check_metadata=False):
                    write_part(conform(read_part(part), name), part)
                    report["parts_migrated"] += 1
                    changed.add(name)
        for name in sorted(changed):
            _fsync_dir(self.out / name)
        return report

    # ------------------------------------------------------------ what is there

    def committed(self) -> dict[str, dict]:
        """doc_id -> {status, source_path, error} of every committed document."""
        parts = self._parts("documents")
        if not parts:
            return {}
        columns = ["doc_id", "status", "source_path", "error"]
        table = pa.concat_tables([read_part(p, columns=columns) for p in parts])
        return {row["doc_id"]: row for row in table.to_pylist()}

    def uncommit(self, doc_ids) -> None:
        """Remove every row of these documents from every table (crash-safe, see module doc)."""
        doc_ids = set(doc_ids)
        if not doc_ids:
            return
        journal = self.out / META_DIR / "uncommit.json"
        tmp = journal.with_name(".tmp-uncommit.json")
        tmp.write_text(json.dumps(sorted(doc_ids)), encoding="utf-8")
        os.replace(tmp, journal)
        _fsync_dir(journal.parent)
        self._remove_rows(doc_ids)
        journal.unlink(missing_ok=True)

    def _remove_rows(self, doc_ids: set[str]) -> None:
        if not doc_ids:
            return
        for name in TABLES:  # documents first: the documents are uncommitted from then on
            for part in self._parts(name):
                ids = read_part(part, columns=["doc_id"]).column("doc_id").to_pylist()
                if not doc_ids.intersection(ids):
                    continue
                kept = keep_rows(read_part(part), [i not in doc_ids for i in ids])
                if kept.num_rows:
                    write_part(conform(kept, name), part)
                else:
                    part.unlink()
            _fsync_dir(self.out / name)

    # ------------------------------------------------------------ writing

    def add(self, result: dict[str, list[dict]]) -> bool:
        """Queue one document's rows (table -> rows, documents holding exactly one row).
        Returns True when this triggered a flush."""
        self._pending.append(result)
        if self._pending_since is None:
            self._pending_since = time.monotonic()
        return self.maybe_flush()

    def maybe_flush(self) -> bool:
        if not self._pending:
            return False
        if (len(self._pending) >= self.flush_docs
                or time.monotonic() - (self._pending_since or 0) >= self.flush_seconds):
            self.flush()
            return True
        return False

    def flush(self) -> None:
        if not self._pending:
            return
        self._seq += 1
        batch = f"{self._run}-{self._seq:05d}"
        rows = {name: [] for name in TABLES}
        for result in self._pending:
            for name in TABLES:
                rows[name].extend(result.get(name) or [])
        written = [name for name in TABLES if name != "documents" and rows[name]]
        for name in written:  # documents last: its part is the commit record
            write_part(to_arrow(name, rows[name]), self.out / name / f"part-{batch}.parquet")
            self.parts_written += 1
        for name in written:
            _fsync_dir(self.out / name)
        write_part(to_arrow("documents", rows["documents"]), self.out / "documents" / f"part-{batch}.parquet")
        _fsync_dir(self.out / "documents")
        self.parts_written += 1
        self.docs_committed += len(self._pending)
        self._pending.clear()
        self._pending_since = None



# ---------------------------------------------------------------- compaction

def _journal_compact(out: Path) -> None:
    """Finish or undo a compaction that was interrupted (called by recover via open)."""
    journal = out / META_DIR / "compact.json"
    if not journal.exists():
        return
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)
        return
    merged = out / "documents" / f"part-{plan['batch']}.parquet"
    if merged.exists():  # the merged parts committed: the old ones go
        for table, names in plan["old"].items():
            for name in names:
                (out / table / name).unlink(missing_ok=True)
    else:  # not committed: the merged data parts go (the old ones are intact)
        for table in plan["old"]:
            (out / table / f"part-{plan['batch']}.parquet").unlink(missing_ok=True)
    journal.unlink(missing_ok=True)


def compact(out: str | Path) -> dict:
    """Merge each table's parts into one part (streamed, row group per old part).

    Crash-safe like a batch: a journal lists the old parts; the merged data parts are written
    first, the merged documents part commits them, then the old parts are deleted. An
    interrupted compaction is finished (committed) or undone (not committed) on the next open."""
    out = Path(out)
    writer = DatasetWriter(out).open()
    try:
        old = {name: [p.name for p in writer._parts(name)] for name in TABLES}
        if len(old["documents"]) <= 1:
            return {"parts_before": sum(map(len, old.values())), "parts_after": sum(map(len, old.values()))}
        batch = f"compact-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
        journal = out / META_DIR / "compact.json"
        tmp = journal.with_name(".tmp-compact.json")
        tmp.write_text(json.dumps({"batch": batch, "old": old}), encoding="utf-8")
        os.replace(tmp, journal)
        _fsync_dir(journal.parent)
        for name in [t for t in TABLES if t != "documents"] + ["documents"]:  # documents last
            if not old[name]:
                continue
            final = out / name / f"part-{batch}.parquet"
            tmp_part = final.with_name(".tmp-" + final.name)
            schema = table_schema(name)
            with open(tmp_part, "wb") as handle:
                with pq.ParquetWriter(handle, schema, compression="zstd") as pw:
                    for part in old[name]:
                        pw.write_table(conform(read_part(out / name / part), name))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_part, final)
            _fsync_dir(out / name)
        _journal_compact(out)  # committed: delete the old parts, drop the journal
        return {"parts_before": sum(map(len, old.values())),
                "parts_after": sum(1 for name in TABLES if old[name])}
    finally:
        writer.close()


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "compact":
        try:
            print(compact(sys.argv[2]))
        except OutputError as exc:
            print(f"compact: {exc}", file=sys.stderr)
            sys.exit(2)
        sys.exit(0)
    print("usage: python -m jixiao.batch.writer compact OUT", file=sys.stderr)
    sys.exit(2)
