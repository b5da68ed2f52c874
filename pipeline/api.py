"""The Python API beside the CLI, for notebooks and scripts.

    import jixiao
    doc = jixiao.read("报告.pdf")           # one file, in this process: a Document
    doc.projects, doc.indicators, doc.flags  # pandas DataFrames, the columns of the Parquet tables
    ds = jixiao.run(["reports/"], out="out")  # a batch into the Parquet dataset: a Dataset
    ds.flags                                 # the dataset's tables, read back as DataFrames
    ds.sql("select rule, count(*) from flags group by rule")   # DuckDB over the same tables

`read` runs exactly what one worker of `jixiao run` runs (batch/process.py), so a Document's
tables equal that document's rows in a run's output; `run` is `jixiao run` (batch/runner.py).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .batch.process import make_task, process_document
from .batch.runner import BatchStats, run_batch
from .batch.schema import TABLES, to_arrow

__all__ = ["read", "run", "Document", "Dataset", "ReadError"]

# The tables of one document (documents is summarised in the Document's own fields).
_DOCUMENT_TABLES = tuple(t for t in TABLES if t != "documents")


class ReadError(Exception):
    """A document that could not be read at all (what `jixiao run` records as status failed)."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


@dataclass
class Document:
    """One report as read: its status and every output table as a DataFrame."""
    path: str
    doc_id: str
    format: str | None
    pages: int | None
    status: str                      # ok, partial (read with warnings), failed
    error: str | None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # blank pages, pages turned upright: nothing lost
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        # doc.projects, doc.funding, doc.indicators, doc.sections, doc.facts, doc.panel_scores,
        # doc.cells, doc.flags
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __dir__(self):
        return [*super().__dir__(), *self.tables]

    def __repr__(self) -> str:
        flags = self.tables.get("flags")
        errors = int((flags["severity"] == "error").sum()) if flags is not None and len(flags) else 0
        pages = f", {self.pages} pages" if self.pages else ""
        return (f"<jixiao.Document {Path(self.path).name}: {self.format}{pages}, {self.status}; "
                f"{len(self.tables.get('projects', ()))} 自评表, {len(flags) if flags is not None else 0} "
                f"flags ({errors} errors)>")


def read(path: str | os.PathLike, *, password: str | None = None, errors: str = "raise") -> Document:
    """Extract, normalise and check one report in this process.

    errors="raise" (default) raises ReadError for a file that cannot be read at all (empty,
    corrupt, encrypted without the password, not a report format); errors="keep" returns the
    Document with status "failed" and its error instead, as a batch records it."""
    if errors not in ("raise", "keep"):
        raise ValueError('errors must be "raise" or "keep"')
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    rows = process_document(make_task(path, path, password=password))
    doc_row = rows["documents"][0]
    if doc_row["status"] == "failed" and errors == "raise":
        raise ReadError(path, doc_row["error"] or "unreadable")
    warnings = [w for w in (doc_row.get("warnings") or "").split("; ") if w]
    notes = [n for n in (doc_row.get("notes") or "").split("; ") if n]
    tables = {name: to_arrow(name, rows.get(name, [])).to_pandas() for name in _DOCUMENT_TABLES}
    return Document(path=path, doc_id=doc_row["doc_id"], format=doc_row.get("format"),
                    pages=doc_row.get("pages"), status=doc_row["status"], error=doc_row.get("error"),
                    warnings=warnings, notes=notes, tables=tables)


class Dataset:
    """A `jixiao run` output folder: each table read on demand as a DataFrame, or queried with
    DuckDB (`sql`). `stats` holds the counts of the run that returned it (None when opened)."""

    def __init__(self, path: str | os.PathLike, stats: BatchStats | None = None):
        self.path = Path(path)
        self.stats = stats

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; the tables are {', '.join(TABLES)}")
        folder = self.path / name
        if not folder.is_dir():
            return to_arrow(name, []).to_pandas()
        return pd.read_parquet(folder)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    def __dir__(self):
        return [*super().__dir__(), *TABLES]

    def sql(self, query: str):
        """A DuckDB relation for `query`, with every table of the dataset as a view of its name."""
        import duckdb
        con = duckdb.connect()
        for name in TABLES:
            if (self.path / name).is_dir() and any((self.path / name).glob("*.parquet")):
                glob = str(self.path / name / "*.parquet").replace("'", "''")
                con.execute(f"create view {name} as select * from read_parquet('{glob}', union_by_name=true)")
        return con.sql(query)

    def __repr__(self) -> str:
        return f"<jixiao.Dataset {self.path}>"


def run(inputs, out: str | os.PathLike, *, workers: int = 1, **options) -> Dataset:
    """`jixiao run INPUT... --out OUT` from Python: files or folders into the Parquet dataset at
    `out` (unchanged files already there are skipped). Options as run_batch takes them:
    timeout, password, executor, scheduler, force, retry_failed, max_memory_mb, … ."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    stats = run_batch(list(inputs), out, workers=workers, **options)
    return Dataset(out, stats)


def open_dataset(out: str | os.PathLike) -> Dataset:
    """An existing output folder, without running anything."""
    if not Path(out).is_dir():
        raise FileNotFoundError(f"{out}: not a folder (expected the output of `jixiao run`)")
    return Dataset(out)
