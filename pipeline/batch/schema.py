"""Arrow schemas of the output tables, derived from the record dataclasses.

A record field becomes a column of the same name: str -> string, int -> int32,
float -> float64, bool -> bool. Nested lists/dicts (Project.funding, Project.indicators, refs)
are their own tables or left out; list[str] fields (Project.unmapped_columns) become one
'; '-joined string column. Each table gets its key columns (doc_id, project_id) first, and
documents gets the run's bookkeeping columns. Because the schemas follow the dataclasses, an
optional field another stage adds shows up as a column without touching this file.

Row helpers (`record_row`) turn a dataclass instance into a dict of exactly those columns.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache

import pyarrow as pa

from jixiao.normalize.records import FundingLine, Fact, Indicator, PanelScore, Project, Section, TableCell
from jixiao.validate.flag import Flag

STRING, INT32, INT64, FLOAT64, BOOL = pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.bool_()

JOIN = "; "  # separator of list[str] fields flattened into one string column

# Columns of documents beyond the record fields; the first six are the contract's.
DOCUMENT_COLUMNS: dict[str, pa.DataType] = {
    "doc_id": STRING,          # SHA-256 hex of the file bytes
    "source_path": STRING,     # path as given to the run
    "format": STRING,          # pdf, docx, doc, scanned-pdf, image, ... (sniffed; suffix when unreadable)
    "pages": INT32,
    "status": STRING,          # ok, partial, failed
    "error": STRING,           # null when ok
    "file_name": STRING,       # base name of source_path
    "file_size": INT64,        # bytes
    "n_tables": INT32,         # tables the extractor found
    "n_projects": INT32,       # 项目支出绩效自评表 among them
    "n_flags": INT32,
    "n_errors": INT32,         # flags of severity error
    "warnings": STRING,        # extractor/normaliser warnings, '; '-joined (also in error)
    "notes": STRING,           # what the reader did that lost nothing (blank page, page turned); status stays ok
    "ocr_corrections": INT32,  # OCR cell readings corrected by normalize (cells.text_raw keeps the reading)
    "glyphs_read": INT32,      # text-layer characters that did not decode, read from their glyphs by OCR
    "processed_at": STRING,    # UTC ISO-8601 time the document finished
    "elapsed_s": FLOAT64,      # seconds spent on the document in its worker
    "worker": STRING,          # host:pid of the worker process
}

# Columns that differ from run to run for the same input (left out when comparing runs).
TIMING_COLUMNS = ("processed_at", "elapsed_s", "worker")

# table -> (record class or None, key columns placed first, fields left out)
_TABLES: dict[str, tuple[type | None, dict[str, pa.DataType], tuple[str, ...]]] = {
    "documents": (None, DOCUMENT_COLUMNS, ()),
    "projects": (Project, {"project_id": STRING, "doc_id": STRING}, ("funding", "indicators", "refs")),
    "funding": (FundingLine, {"project_id": STRING, "doc_id": STRING}, ("refs",)),
    "indicators": (Indicator, {"project_id": STRING, "doc_id": STRING}, ("refs",)),
    "sections": (Section, {"doc_id": STRING}, ()),
    "facts": (Fact, {"doc_id": STRING}, ()),
    "panel_scores": (PanelScore, {"doc_id": STRING}, ()),
    "cells": (TableCell, {"doc_id": STRING}, ()),
    "flags": (Flag, {"doc_id": STRING}, ()),
}

TABLES: tuple[str, ...] = tuple(_TABLES)


def arrow_type(annotation) -> pa.DataType | None:
    """The Arrow type of a field annotation; None for what is not a flat column."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return arrow_type(args[0]) if len(args) == 1 else STRING
    if origin is list:
        (item,) = typing.get_args(annotation) or (str,)
        return STRING if item is str else None  # list[str] -> joined string
    if origin is not None:  # dict[...] and the like
        return None
    return {str: STRING, int: INT32, float: FLOAT64, bool: BOOL}.get(annotation)


@lru_cache(maxsize=None)
def record_columns(cls: type) -> tuple[tuple[str, pa.DataType], ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        kind = arrow_type(hints[f.name])
        if kind is not None:
            out.append((f.name, kind))
    return tuple(out)


@lru_cache(maxsize=None)
def table_schema(name: str) -> pa.Schema:
    cls, keys, skip = _TABLES[name]
    columns = dict(keys)
    if cls is not None:
        for column, kind in record_columns(cls):
            if column not in skip and column not in columns:
                columns[column] = kind
    return pa.schema(list(columns.items()))


def all_schemas() -> dict[str, pa.Schema]:
    return {name: table_schema(name) for name in TABLES}


def _flat(value):
    if isinstance(value, (list, tuple)):
        return JOIN.join(str(v) for v in value)
    return value


def record_row(obj, **keys) -> dict:
    """A dataclass instance as a dict of its flat columns, plus the given key columns."""
    row = dict(keys)
    for column, _kind in record_columns(type(obj)):
        if column not in row:
            row[column] = _flat(getattr(obj, column, None))
    return row


def coerce(value, kind: pa.DataType):
    """A value in the column's type; unparseable values become null rather than failing a batch."""
    if value is None:
        return None
    try:
        if isinstance(value, float) and value != value:  # NaN
            return None if kind != FLOAT64 else value
        if kind == STRING:
            return value if isinstance(value, str) else _flat(value) if isinstance(value, (list, tuple)) else str(value)
        if kind in (INT32, INT64):
            if isinstance(value, bool):
                return int(value)
            number = int(value)
            if kind == INT32 and not -2**31 <= number < 2**31:
                return None
            return number
        if kind == FLOAT64:
            return float(value)
        if kind == BOOL:
            return bool(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return value


def _coerced(values: list, kind: pa.DataType) -> list:
    """[coerce(v, kind) for v in values], with the values already of the column's Python type
    passed through untouched (coerce returns them as they are): most values, and the writer
    converts hundreds of thousands of them in a long batch."""
    if kind == STRING:
        ready = str
    elif kind == FLOAT64:
        ready = float
    elif kind == INT64:
        ready = int
    elif kind == BOOL:
        ready = bool
    elif kind == INT32:
        return [v if v is None or (type(v) is int and -2**31 <= v < 2**31) else coerce(v, kind)
                for v in values]
    else:
        return [coerce(v, kind) for v in values]
    return [v if v is None or type(v) is ready else coerce(v, kind) for v in values]


def to_arrow(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts) as an Arrow table with exactly the table's schema; extra keys dropped,
    missing keys null."""
    schema = table_schema(name)
    arrays = []
    for column in schema:
        values = _coerced([row.get(column.name) for row in rows], column.type)
        try:
            arrays.append(pa.array(values, type=column.type))
        except (UnicodeError, pa.ArrowException):
            # e.g. a lone surrogate from a broken PDF text layer: replace, never fail the batch
            if column.type == STRING:
                values = [v if v is None else v.encode("utf-8", "replace").decode("utf-8") for v in values]
            else:
                values = [None] * len(values)
            arrays.append(pa.array(values, type=column.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def conform(table: pa.Table, name: str) -> pa.Table:
    """An Arrow table read from an older part, cast to the current schema (columns added as
    null, removed columns dropped, types cast where possible)."""
    schema = table_schema(name)
    arrays = []
    for column in schema:
        if column.name in table.column_names:
            arr = table.column(column.name)
            if arr.type != column.type:
                try:
                    arr = arr.cast(column.type)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    arr = pa.array([coerce(v, column.type) for v in arr.to_pylist()], type=column.type)
            arrays.append(arr)
        else:
            arrays.append(pa.nulls(table.num_rows, type=column.type))
    return pa.Table.from_arrays(arrays, schema=schema)
