"""The Parquet dataset writer: schema, empty tables, commit protocol, recovery, re-runs."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.batch.schema import TABLES, table_schema, to_arrow
from jixiao.batch.writer import (META_DIR, SCHEMA_PART, DatasetWriter, OutputError, check_output_dir, keep_rows,
                                 write_part)

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


def contract() -> dict[str, dict[str, pa.DataType]]:
    """The columns and types of ../shared/SCHEMA.md, as the example writer spells them."""
    sys.path.insert(0, str(SHARED_BENCH))
    try:
        import gold_to_out
    finally:
        sys.path.remove(str(SHARED_BENCH))
    return gold_to_out.SCHEMA


def doc_result(doc_id: str, n_cells: int = 2, n_flags: int = 1, status: str = "ok") -> dict:
    pid = f"{doc_id}:0"
    return {
        "documents": [{"doc_id": doc_id, "source_path": f"in/{doc_id}.pdf", "format": "pdf", "pages": 3,
                       "status": status, "error": None if status == "ok" else "boom"}],
        "projects": [{"project_id": pid, "doc_id": doc_id, "table_index": 0, "project_name": "项目" + doc_id,
                      "budget_initial": 1.5, "unmapped_columns": "a; b"}],
        "funding": [{"project_id": pid, "doc_id": doc_id, "source": "total", "label_raw": "年度资金总额",
                     "executed": 1.0}],
        "indicators": [{"project_id": pid, "doc_id": doc_id, "seq": 0, "level1": "产出指标", "weight": 10}],
        "cells": [{"doc_id": doc_id, "table_index": 0, "kind": "self_eval", "row": i, "col": 0,
                   "row_span": 1, "col_span": 1, "text": f"c{i}"} for i in range(n_cells)],
        "flags": [{"doc_id": doc_id, "project_id": pid, "rule": "overspend", "severity": "error",
                   "message": "超支", "page": 2} for _ in range(n_flags)],
    }


def read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / table)


def test_schema_has_every_contract_column_with_its_type():
    for table, columns in contract().items():
        schema = table_schema(table)
        for name, kind in columns.items():
            assert name in schema.names, f"{table}.{name} missing"
            assert schema.field(name).type == kind, f"{table}.{name}: {schema.field(name).type} != {kind}"
    assert {"facts", "panel_scores"} <= set(TABLES)
    docs = table_schema("documents")
    for extra in ("file_size", "n_tables", "n_flags", "warnings", "processed_at", "elapsed_s"):
        assert extra in docs.names
    assert table_schema("projects").field("unmapped_columns").type == pa.string()
    assert "refs" not in table_schema("projects").names and "funding" not in table_schema("projects").names


def test_empty_tables_are_readable_with_all_columns(tmp_path):
    out = tmp_path / "out"
    DatasetWriter(out).open().close()
    for table, columns in contract().items():
        frame = pd.read_parquet(out / table)
        assert frame.empty and set(columns) <= set(frame.columns)
        assert set(columns) <= set(ds.dataset(out / table).schema.names)
        got = duckdb.sql(f"select * from read_parquet('{out / table}/*.parquet')")
        assert set(columns) <= set(got.columns)


def test_rows_written_and_readable_by_pandas_pyarrow_duckdb(tmp_path):
    out = tmp_path / "out"
    with DatasetWriter(out, flush_docs=2) as writer:
        for i in range(5):
            writer.add(doc_result(f"d{i}"))
    assert sorted(read(out, "documents").doc_id) == [f"d{i}" for i in range(5)]
    assert len(read(out, "cells")) == 10
    assert ds.dataset(out / "flags").count_rows() == 5
    n = duckdb.sql(f"select count(*) from read_parquet('{out}/projects/*.parquet')").fetchall()[0][0]
    assert n == 5
    # 5 documents, flush every 2 -> 3 batches, not one file per document
    assert len([p for p in (out / "documents").glob("part-*.parquet") if p.name != SCHEMA_PART]) == 3
    assert read(out, "projects").unmapped_columns.iloc[0] == "a; b"
    assert str(read(out, "indicators").weight.dtype) == "float64"


def test_orphan_parts_of_an_uncommitted_batch_are_removed_on_open(tmp_path):
    out = tmp_path / "out"
    with DatasetWriter(out) as writer:
        writer.add(doc_result("a"))
    # Simulate a crash after the data parts of a batch but before its documents part.
    write_part(to_arrow("cells", doc_result("b")["cells"]), out / "cells" / "part-crashed-00001.parquet")
    (out / "flags" / ".tmp-part-crashed-00001.parquet").write_bytes(b"half written")
    report = DatasetWriter(out).open().recover()  # open() recovers; a second recover is a no-op
    assert report["orphan_parts_removed"] == 0
    assert sorted(read(out, "cells").doc_id.unique()) == ["a"]
    assert not list((out / "flags").glob(".tmp-*"))


def test_recovery_report_counts(tmp_path):
    out = tmp_path / "out"
    with DatasetWriter(out) as writer:
        writer.add(doc_result("a"))
    write_part(to_arrow("cells", doc_result("b")["cells"]), out / "cells" / "part-crashed-00001.parquet")
    writer = DatasetWriter(out)
    writer.out.mkdir(exist_ok=True)
    report = writer.recover()
    assert report["orphan_parts_removed"] == 1


def test_uncommit_removes_a_documents_rows_everywhere(tmp_path):
    out = tmp_path / "out"
    with DatasetWriter(out, flush_docs=10) as writer:
        for doc in ("a", "b", "c"):
            writer.add(doc_result(doc, status="failed" if doc == "b" else "ok"))
    with DatasetWriter(out) as writer:
        assert writer.committed()["b"]["status"] == "failed"
        writer.uncommit({"b"})
        writer.add(doc_result("b"))
    for table in ("documents", "projects", "funding", "indicators", "cells", "flags"):
        frame = read(out, table)
        assert sorted(frame.doc_id.unique()) == ["a", "b", "c"], table
    assert read(out, "documents").doc_id.is_unique
    assert len(read(out, "cells")) == 6
    assert (read(out, "documents").set_index("doc_id").status == "ok").all()


def test_interrupted_uncommit_is_finished_on_open(tmp_path):
    out = tmp_path / "out"
    with DatasetWriter(out) as writer:
        writer.add(doc_result("a"))
        writer.add(doc_result("b"))
    (out / META_DIR / "uncommit.json").write_text(json.dumps(["b"]))
    DatasetWriter(out).open().close()
    for table in ("documents", "cells", "flags", "projects"):
        assert sorted(read(out, table).doc_id.unique()) == ["a"], table
    assert not (out / META_DIR / "uncommit.json").exists()


def test_old_parts_are_migrated_to_the_current_schema(tmp_path):
    out = tmp_path / "out"
    with DatasetWriter(out) as writer:
        writer.add(doc_result("a"))
    part = next(p for p in (out / "cells").glob("part-*.parquet") if p.name != SCHEMA_PART)
    old = pq.read_table(part).drop_columns(["confidence", "x0"])  # as an older version wrote it
    pq.write_table(old, part)
    DatasetWriter(out).open().close()
    assert pq.read_schema(part).equals(table_schema("cells"), check_metadata=False)
    got = duckdb.sql(f"select count(*), count(x0) from read_parquet('{out}/cells/*.parquet')").fetchall()[0]
    assert got == (2, 0)


def test_a_second_writer_on_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    first = DatasetWriter(out).open()
    try:
        with pytest.raises(OutputError, match="another run"):
            DatasetWriter(out).open()
    finally:
        first.close()
    DatasetWriter(out).open().close()  # free again


def test_output_that_is_a_file_or_under_a_file_is_refused(tmp_path):
    # Tests run as root, and root ignores permission bits, so "no write permission" is made
    # real by paths no user can create: OUT an existing regular file, or a folder below one.
    regular = tmp_path / "report.txt"
    regular.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        check_output_dir(regular)
    with pytest.raises(OutputError, match="cannot create"):
        check_output_dir(regular / "sub")


def test_permission_check_uses_os_access(tmp_path, monkeypatch):
    # For a non-root user a read-only folder fails os.access; simulate that answer here.
    import jixiao.batch.writer as writer_module
    monkeypatch.setattr(writer_module.os, "access", lambda path, mode: False)
    with pytest.raises(OutputError, match="not writable"):
        check_output_dir(tmp_path)


def test_flush_by_time(tmp_path):
    out = tmp_path / "out"
    writer = DatasetWriter(out, flush_docs=1000, flush_seconds=0.0).open()
    try:
        assert writer.add(doc_result("a")) is True
        assert list(read(out, "documents").doc_id) == ["a"]
    finally:
        writer.close()


def test_compact_merges_parts_and_keeps_rows(tmp_path):
    from jixiao.batch.writer import compact
    out = tmp_path / "out"
    with DatasetWriter(out, flush_docs=1) as writer:
        for i in range(6):
            writer.add(doc_result(f"d{i}"))
    before = {t: read(out, t).sort_values(list(read(out, t).columns[:2])).reset_index(drop=True)
              for t in ("documents", "cells", "flags")}
    report = compact(out)
    assert report["parts_after"] < report["parts_before"]
    assert len([p for p in (out / "cells").glob("part-*.parquet") if p.name != SCHEMA_PART]) == 1
    for table, frame in before.items():
        after = read(out, table).sort_values(list(frame.columns[:2])).reset_index(drop=True)
        pd.testing.assert_frame_equal(frame, after)
    assert not (out / META_DIR / "compact.json").exists()


def test_interrupted_compaction_is_undone_or_finished(tmp_path):
    from jixiao.batch.writer import compact
    out = tmp_path / "out"
    with DatasetWriter(out, flush_docs=1) as writer:
        for i in range(3):
            writer.add(doc_result(f"d{i}"))
    old = {t: sorted(p.name for p in (out / t).glob("part-*.parquet") if p.name != SCHEMA_PART) for t in TABLES}
    # crashed after writing a merged cells part, before the merged documents part: undone
    (out / META_DIR / "compact.json").write_text(json.dumps({"batch": "compact-x", "old": old}))
    write_part(pq.read_table(out / "cells"), out / "cells" / "part-compact-x.parquet")
    DatasetWriter(out).open().close()
    assert len(read(out, "cells")) == 6 and not (out / "cells" / "part-compact-x.parquet").exists()
    # crashed after the merged documents part, before deleting the old parts: finished
    compact(out)
    assert len(read(out, "cells")) == 6 and read(out, "documents").doc_id.is_unique


def test_compaction_committed_but_old_parts_left_is_finished_on_open(tmp_path):
    out = tmp_path / "out"
    with DatasetWriter(out, flush_docs=1) as writer:
        for i in range(3):
            writer.add(doc_result(f"d{i}"))
    old = {t: sorted(p.name for p in (out / t).glob("part-*.parquet") if p.name != SCHEMA_PART) for t in TABLES}
    (out / META_DIR / "compact.json").write_text(json.dumps({"batch": "compact-y", "old": old}))
    for table in TABLES:  # every merged part written, documents last; old parts not yet deleted
        if old[table]:
            write_part(pq.read_table(out / table), out / table / "part-compact-y.parquet")
    DatasetWriter(out).open().close()
    assert read(out, "documents").doc_id.is_unique and len(read(out, "cells")) == 6


def test_bad_values_never_fail_a_flush(tmp_path):
    out = tmp_path / "out"
    result = doc_result("a")
    result["cells"][0]["text"] = "断\ud800开"  # lone surrogate from a broken text layer
    result["cells"][1]["row"] = 2**40          # out of int32 range
    result["indicators"][0]["weight"] = "十分"  # not a number
    with DatasetWriter(out) as writer:
        writer.add(result)
    cells = read(out, "cells").sort_values("text")
    assert list(cells.text) == ["c1", "断?开"]
    assert read(out, "indicators").weight.isna().all()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans(), max_size=40))
def test_keep_rows_keeps_exactly_the_flagged_rows_in_order(keep):
    table = pa.table({"doc_id": [f"d{i}" for i in range(len(keep))], "n": list(range(len(keep)))})
    kept = keep_rows(table, keep)
    assert kept.schema == table.schema
    assert kept.column("n").to_pylist() == [i for i, k in enumerate(keep) if k]


def test_removing_rows_does_not_load_pyarrow_compute(tmp_path):
    # a --force rerun of one file removes that file's rows; pyarrow.compute's import (0.2 s) was
    # most of such a run
    code = (
        "import sys\n"
        "from jixiao.batch.lean import lean_pyarrow; lean_pyarrow()  # as the run's driver does\n"
        "from jixiao.batch.writer import DatasetWriter\n"
        "rows = lambda d: {'documents': [{'doc_id': d, 'source_path': d, 'status': 'ok'}],"
        " 'flags': [{'doc_id': d, 'rule': 'overspend'}] * 2}\n"
        "with DatasetWriter(sys.argv[1], flush_docs=10) as w:\n"
        "    w.add(rows('a')); w.add(rows('b'))\n"
        "with DatasetWriter(sys.argv[1]) as w:\n"
        "    w.uncommit({'a'})\n"
        "import pyarrow.parquet as pq, glob\n"
        "got = [r for f in glob.glob(sys.argv[1] + '/flags/*.parquet') for r in pq.ParquetFile(f).read().to_pylist()]\n"
        "print(sorted(r['doc_id'] for r in got), 'pyarrow.compute' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["['b',", "'b']", "False"]
