"""An output folder's tables loaded for review, and the flags joined with their project and
document (file name, format, source path), sorted for reading.

Reads the Parquet tables of an output folder (see shared/SCHEMA.md). Every table and every
optional column may be missing and extra columns may be present: the review is made from
whatever is there.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd

TABLES = ("documents", "projects", "funding", "indicators", "facts", "panel_scores",
          "sections", "cells", "flags")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# Columns the review reads from flags; absent ones are added as nulls.
FLAG_COLUMNS = ("doc_id", "project_id", "rule", "severity", "message", "stated", "expected",
                "page", "field", "table_index", "row", "col", "x0", "top", "x1", "bottom")
JOINED_COLUMNS = ("project_name", "competent_dept", "implementing_unit", "source_path",
                  "format", "file")



# -- loading ---------------------------------------------------------------------------------

def read_table(out: Path, name: str) -> pd.DataFrame:
    """OUT/<name> as a DataFrame; an empty frame when the table is absent or unreadable.

    Accepts the dataset-directory layout of the contract and, leniently, OUT/<name>.parquet."""
    folder = out / name
    candidates = []
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        candidates.append(folder)
    if (out / f"{name}.parquet").is_file():
        candidates.append(out / f"{name}.parquet")
    for candidate in candidates:
        try:
            return pd.read_parquet(candidate)
        except Exception as exc:
            if candidate.is_dir():   # parts with differing columns, or one broken part: read each
                frame = _read_parts(candidate)
                if frame is not None:
                    return frame
            print(f"jixiao review: cannot read {candidate}: {exc}", file=sys.stderr)
    return pd.DataFrame()


def _read_parts(folder: Path) -> pd.DataFrame | None:
    """The parts of a dataset folder read one by one and stacked (union of their columns);
    unreadable parts are reported and left out."""
    frames = []
    for part in sorted(folder.rglob("*.parquet")):
        if part.name.startswith((".", "_")):
            continue
        try:
            frames.append(pd.read_parquet(part))
        except Exception as exc:
            print(f"jixiao review: skipping unreadable {part}: {exc}", file=sys.stderr)
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return None
    return pd.concat(frames, ignore_index=True, sort=False)


def load_tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every contract table plus any other table folder found in OUT."""
    names = list(TABLES)
    for child in sorted(Path(out).iterdir()):
        if child.is_dir() and child.name not in names and any(child.glob("*.parquet")):
            names.append(child.name)
    return {name: read_table(Path(out), name) for name in names}


# -- flags joined with their project and document -------------------------------------------

def severity_rank(severity) -> int:
    return SEVERITY_ORDER.get(str(severity).lower() if severity is not None else "", 3)


def _table_index_from_project_id(project_id) -> float:
    if not isinstance(project_id, str) or ":" not in project_id:
        return math.nan
    tail = project_id.rsplit(":", 1)[1]
    return float(tail) if tail.isdigit() else math.nan


def enrich_flags(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """flags with project name, departments, file; sorted for reading; index 0..n-1."""
    flags = tables.get("flags", pd.DataFrame()).copy()
    for column in FLAG_COLUMNS:
        if column not in flags.columns:
            flags[column] = None
    projects = tables.get("projects", pd.DataFrame())
    documents = tables.get("documents", pd.DataFrame())

    if len(projects) and "project_id" in projects.columns:
        wanted = [c for c in ("project_name", "competent_dept", "implementing_unit", "table_index")
                  if c in projects.columns]
        lookup = projects.drop_duplicates("project_id").set_index("project_id")[wanted]
        for column in wanted:
            mapped = flags["project_id"].map(lookup[column])
            target = column if column != "table_index" else "_project_table_index"
            if target in flags.columns:
                flags[target] = flags[target].where(flags[target].notna(), mapped)
            else:
                flags[target] = mapped
    if len(documents) and "doc_id" in documents.columns:
        wanted = [c for c in ("source_path", "format", "status") if c in documents.columns]
        lookup = documents.drop_duplicates("doc_id").set_index("doc_id")[wanted]
        for column in wanted:
            target = column if column != "status" else "doc_status"
            mapped = flags["doc_id"].map(lookup[column])
            if target in flags.columns:
                flags[target] = flags[target].where(flags[target].notna(), mapped)
            else:
                flags[target] = mapped
    for column in (*JOINED_COLUMNS, "_project_table_index"):
        if column not in flags.columns:
            flags[column] = None
    flags["file"] = flags["source_path"].map(lambda p: Path(str(p)).name if isinstance(p, str) and p else None)
    # table of the flagged cell: the flag's own, else its project's, else from the project id
    table_index = pd.to_numeric(flags["table_index"], errors="coerce")
    table_index = table_index.fillna(pd.to_numeric(flags["_project_table_index"], errors="coerce"))
    table_index = table_index.fillna(flags["project_id"].map(_table_index_from_project_id))
    flags["table_index"] = table_index
    flags = flags.drop(columns=["_project_table_index"])

    flags["_rank"] = flags["severity"].map(severity_rank)
    flags["_file_key"] = flags["file"].fillna("").astype(str)
    flags["_project_key"] = flags["project_name"].fillna("").astype(str)
    flags["_page_key"] = pd.to_numeric(flags["page"], errors="coerce").fillna(10**9)
    flags = flags.sort_values(["_rank", "_file_key", "_project_key", "_page_key", "rule"],
                              kind="stable", na_position="last")
    return flags.drop(columns=["_rank", "_file_key", "_project_key", "_page_key"]).reset_index(drop=True)


# -- small value helpers shared by the writers -------------------------------------------------

def clean(value):
    """A plain Python value: None for NaN/NA/NaT, int for integral numpy ints, float, str..."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # arrays, lists
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    return value


def as_int(value) -> int | None:
    value = clean(value)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or abs(number) == float("inf"):
        return None
    return int(number)


def as_text(value) -> str:
    """Display text for a cell value ('' for null; integral floats without '.0')."""
    value = clean(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)
