"""Kill -9 a real `jixiao run` mid-batch, run it again, and get exactly the dataset of an
uninterrupted run: nothing duplicated, nothing missing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from jixiao.batch.schema import TABLES
from jixiao.batch.writer import SCHEMA_PART

ROOT = Path(__file__).resolve().parents[1]
JIXIAO = ROOT / ".venv" / "bin" / "jixiao"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
sys.path.insert(0, str(ROOT / "tests"))
import make_hostile_fixtures as fx  # noqa: E402
from test_dask_executor import assert_same_dataset  # noqa: E402

N_DOCS = 40


def committed_batches(out: Path) -> int:
    folder = out / "documents"
    return len([p for p in folder.glob("part-*.parquet") if p.name != SCHEMA_PART]) if folder.exists() else 0


PYTHON = ROOT / ".venv" / "bin" / "python"


def snapshot(tmp_path: Path) -> dict:
    """A frozen copy of the code for the three runs: the tree is shared with engineers who
    commit while tests run, and the comparison must not see their edits between runs."""
    import shutil
    code = tmp_path / "code"
    # laid out as installed: pipeline/ is the jixiao package, the stage folders its subpackages
    for folder, package in (("pipeline", "jixiao"), ("extract", "jixiao/extract"),
                            ("normalize", "jixiao/normalize"), ("validate", "jixiao/validate")):
        shutil.copytree(ROOT / folder, code / package, ignore=shutil.ignore_patterns("__pycache__"))
    return {**os.environ, "PYTHONPATH": str(code)}


def command(inputs: Path, out: Path) -> list[str]:
    return [str(PYTHON), "-m", "jixiao", "run", str(inputs), "--out", str(out), "--workers", "2",
            "--flush-every", "3", "--timeout", "120", "--quiet"]


def test_kill_9_mid_batch_then_rerun_equals_uninterrupted(tmp_path):
    inputs = tmp_path / "in"
    # DOCX variants only (fast): 40 files with distinct SHA-256
    sources = [fx.SMALL_DOCX, fx.DEV / "05_laomo-fuwu-huodong-jingfei.docx",
               fx.DEV / "06_xuanchuan-hulianwang-zhuanxian.docx"]
    fx.variants(inputs, N_DOCS, sources)
    fx.zero_byte(inputs)  # plus one failure, which the re-run retries
    env = snapshot(tmp_path)

    killed = tmp_path / "killed"
    proc = subprocess.Popen(command(inputs, killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)
    deadline = time.monotonic() + 120
    while committed_batches(killed) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "run finished before it could be killed; make the batch bigger"
    import psutil
    workers = psutil.Process(proc.pid).children(recursive=True)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver (its workers run in sessions of their own)
    proc.wait()
    # The workers notice their driver is gone and exit (no orphans left computing).
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"orphaned workers: {alive}"
    partial_docs = pd.read_parquet(killed / "documents")
    assert 0 < len(partial_docs) < N_DOCS + 1

    resumed = subprocess.run(command(inputs, killed), capture_output=True, text=True, timeout=300, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert f"skipped {len(partial_docs) - (partial_docs.status == 'failed').sum()} (unchanged)" in resumed.stdout

    clean = tmp_path / "clean"
    done = subprocess.run(command(inputs, clean), capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr

    docs = pd.read_parquet(killed / "documents")
    assert len(docs) == N_DOCS + 1 and docs.doc_id.is_unique
    for table in TABLES:  # no row of an uncommitted document anywhere
        assert pd.read_parquet(killed / table).doc_id.isin(docs.doc_id).all(), table
    assert not list(killed.glob("*/.tmp-*"))
    assert_same_dataset(killed, clean)
