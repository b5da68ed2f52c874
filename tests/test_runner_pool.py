"""The local worker pool: a hung file is killed on timeout, a crashed worker fails only its
document, and the batch goes on."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from jixiao.batch.executors import LocalExecutor
from jixiao.batch.process import make_task

def test_hanging_file_is_killed_on_timeout_and_the_batch_goes_on(misbehaving):
    paths = misbehaving(["a_HANG.docx", "b_ok.docx", "c_ok.docx"])
    tasks = [make_task(str(p), str(p)) for p in paths]
    t0 = time.monotonic()
    pool = LocalExecutor(workers=2, timeout=4)
    results = {Path(t.path).name: r["documents"][0] for t, r in pool.map(tasks)}
    assert time.monotonic() - t0 < 40
    assert results["a_HANG.docx"]["status"] == "failed"
    assert results["a_HANG.docx"]["error"] == "超时 timeout after 4 s"
    assert results["b_ok.docx"]["status"] in ("ok", "partial")
    assert results["c_ok.docx"]["status"] in ("ok", "partial")


def test_crashing_worker_fails_only_its_document(misbehaving):
    paths = misbehaving(["a_CRASH.docx", "b_ok.docx"])
    tasks = [make_task(str(p), str(p)) for p in paths]
    results = {Path(t.path).name: r["documents"][0] for t, r in LocalExecutor(workers=1, timeout=60).map(tasks)}
    assert results["a_CRASH.docx"]["status"] == "failed"
    assert "worker process died (signal SIGSEGV)" in results["a_CRASH.docx"]["error"]
    assert results["b_ok.docx"]["status"] in ("ok", "partial")


def test_pool_works_from_a_stdin_script(tmp_path, dev_docx):
    # multiprocessing re-runs the driver's __main__ in children unless told not to; a driver
    # read from stdin (or -c, or a notebook) has no main file to re-run.
    import subprocess
    import sys
    (tmp_path / "in").mkdir()
    shutil.copyfile(dev_docx, tmp_path / "in" / "a.docx")
    script = (f"from jixiao.batch.runner import run_batch\n"
              f"s = run_batch([{str(tmp_path / 'in')!r}], {str(tmp_path / 'out')!r}, workers=1, isolate=True)\n"
              f"print(s.status)\n")
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "'ok': 1" in done.stdout or "'partial': 1" in done.stdout
