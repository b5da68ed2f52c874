"""`jixiao run` end to end in a subprocess on the dev corpus's small reports, then the Parquet
read back with pandas and DuckDB; `jixiao flags` over the result."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
JIXIAO = ROOT / ".venv" / "bin" / "jixiao"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
SMALL = sorted(p for p in DEV.iterdir() if p.name[:2].isdigit())  # the 01/05/06 docx + pdf
SHARED_BENCH = ROOT.parent / "shared" / "bench"


def jixiao(*args, timeout=300):
    return subprocess.run([str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("in") / "报告 输入"
    inputs.mkdir()
    for path in SMALL:
        shutil.copyfile(path, inputs / path.name)
    out = tmp_path_factory.mktemp("out") / "out"
    done = jixiao("run", inputs, "--out", out, "--workers", "2", "--timeout", "240")
    return inputs, out, done


def test_run_exits_zero_with_summary_and_plain_progress(run_out):
    _inputs, out, done = run_out
    assert done.returncode == 0, done.stderr
    assert "documents  ok" in done.stdout and "flags      error" in done.stdout
    assert "skipped 0" in done.stdout
    # not a terminal: one plain line per document, no progress-bar control characters
    lines = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == len(SMALL)
    assert "\x1b[" not in done.stderr


def test_output_reads_with_pandas_and_duckdb_and_has_the_contract(run_out):
    _inputs, out, _done = run_out
    sys.path.insert(0, str(SHARED_BENCH))
    try:
        import gold_to_out
    finally:
        sys.path.remove(str(SHARED_BENCH))
    for table, columns in gold_to_out.SCHEMA.items():
        frame = pd.read_parquet(out / table)
        assert set(columns) <= set(frame.columns), table
        n = duckdb.sql(f"select count(*) from read_parquet('{out}/{table}/*.parquet')").fetchall()[0][0]
        assert n == len(frame), table
    docs = pd.read_parquet(out / "documents")
    assert len(docs) == len(SMALL) and docs.doc_id.is_unique
    assert set(docs.status) <= {"ok", "partial", "failed"}
    assert (docs.doc_id.str.len() == 64).all()
    # every row of every table belongs to a committed document
    for table in ("projects", "funding", "indicators", "sections", "cells", "flags"):
        frame = pd.read_parquet(out / table)
        assert frame.doc_id.isin(docs.doc_id).all(), table
    joined = duckdb.sql(f"""select d.file_name, count(*) as n from read_parquet('{out}/projects/*.parquet') p
                            join read_parquet('{out}/documents/*.parquet') d using (doc_id) group by 1""").fetchall()
    assert joined  # the small reports each hold a 自评表


def test_rerun_skips_unchanged_files(run_out):
    inputs, out, _done = run_out
    before = pd.read_parquet(out / "cells")
    done = jixiao("run", inputs, "--out", out, "--workers", "1")
    assert done.returncode == 0
    n_failed = (pd.read_parquet(out / "documents").status == "failed").sum()
    assert f"skipped {len(SMALL) - n_failed} (unchanged)" in done.stdout
    after = pd.read_parquet(out / "cells")
    assert len(after) == len(before)
    assert pd.read_parquet(out / "documents").doc_id.is_unique


def test_flags_verb_prints_the_table(run_out):
    _inputs, out, _done = run_out
    flags = pd.read_parquet(out / "flags")
    done = jixiao("flags", out)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "severity" in done.stdout and "rule" in done.stdout
    for rule in set(flags.rule):
        assert rule in done.stdout
    done = jixiao("flags", out, "--severity", "error", "--csv")
    assert done.returncode == 0
    body = done.stdout.splitlines()[1:]
    assert len(body) == (flags.severity == "error").sum()
    assert all(line.startswith("error,") for line in body)
