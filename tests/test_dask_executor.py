"""--executor dask: the same per-document function on a real dask.distributed LocalCluster
(2 worker processes) writes a dataset identical to the local executor's."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jixiao.batch.schema import TABLES, TIMING_COLUMNS
from jixiao.batch.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]
JIXIAO = ROOT / ".venv" / "bin" / "jixiao"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_hostile_fixtures as fx  # noqa: E402


def canonical(out: Path, table: str) -> pd.DataFrame:
    """A table as a comparable frame: timing columns dropped, rows sorted, index reset."""
    frame = pd.read_parquet(out / table)
    frame = frame.drop(columns=[c for c in TIMING_COLUMNS if c in frame.columns])
    frame = frame.astype(object).where(frame.notna(), None)
    keys = list(frame.columns)
    return frame.sort_values(keys, key=lambda s: s.astype(str)).reset_index(drop=True)


def assert_same_dataset(a: Path, b: Path) -> None:
    for table in TABLES:
        left, right = canonical(a, table), canonical(b, table)
        assert list(left.columns) == list(right.columns), table
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=table)


def test_dask_localcluster_matches_local_executor(tmp_path):
    distributed = pytest.importorskip("distributed")
    inputs = tmp_path / "in"
    fx.variants(inputs, 4)
    fx.zero_byte(inputs)  # a failure must come out the same way too
    local_out = tmp_path / "local"
    run_batch([inputs], local_out, workers=2, timeout=120)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dask_out = tmp_path / "dask"
        # The CLI, in a subprocess, against the cluster's scheduler address.
        done = subprocess.run([str(JIXIAO), "run", str(inputs), "--out", str(dask_out), "--executor",
                               "dask", "--scheduler", cluster.scheduler_address, "--timeout", "120"],
                              capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "ok" in done.stdout
    docs = pd.read_parquet(dask_out / "documents")
    assert len(docs) == 5 and docs.doc_id.is_unique
    assert_same_dataset(local_out, dask_out)
