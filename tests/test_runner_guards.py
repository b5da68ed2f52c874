"""Worker guards: memory limit and recycling after max_tasks."""
from __future__ import annotations

import time
from pathlib import Path

from jixiao.batch.executors import LocalExecutor
from jixiao.batch.process import make_task

def test_worker_over_memory_limit_is_killed(misbehaving):
    paths = misbehaving(["a_HOG.docx", "b_ok.docx"])
    tasks = [make_task(str(p), str(p)) for p in paths]
    pool = LocalExecutor(workers=1, timeout=60, max_memory_mb=400)
    results = {Path(t.path).name: r["documents"][0] for t, r in pool.map(tasks)}
    assert results["a_HOG.docx"]["status"] == "failed"
    assert "memory limit exceeded" in results["a_HOG.docx"]["error"]
    assert results["b_ok.docx"]["status"] in ("ok", "partial")


def test_workers_are_recycled_after_max_tasks(tmp_path, dev_docx):
    paths = []
    for i in range(2):
        path = tmp_path / f"d{i}.docx"
        path.write_bytes(dev_docx.read_bytes() + bytes([i]))
        paths.append(path)
    tasks = [make_task(str(p), str(p)) for p in paths]
    results = [r["documents"][0] for _, r in LocalExecutor(workers=1, timeout=60, max_tasks=1).map(tasks)]
    assert len({r["worker"] for r in results}) == 2  # one worker process per document


def test_spawn_start_method_also_kills_a_hung_file(misbehaving, monkeypatch):
    # JIXIAO_WORKER_START=spawn: fresh interpreters (python -m jixiao.batch.executors --worker)
    # instead of forks of the warmed-up forkserver; the same guards apply.
    monkeypatch.setenv("JIXIAO_WORKER_START", "spawn")
    paths = misbehaving(["a_HANG.docx", "b_ok.docx"])
    tasks = [make_task(str(p), str(p)) for p in paths]
    pool = LocalExecutor(workers=1, timeout=3)
    results = {Path(t.path).name: r["documents"][0] for t, r in pool.map(tasks)}
    assert results["a_HANG.docx"]["error"] == "超时 timeout after 3 s"
    assert results["b_ok.docx"]["status"] in ("ok", "partial")
