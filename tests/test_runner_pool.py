"""The local worker pool: a hung file is killed on timeout, a crashed worker fails only its
document, and the batch goes on."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from pipeline.executors import LocalExecutor
from pipeline.runner import make_task

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
DOCX = DEV / "01_jiceng-dangzuzhi-dangjian.docx"
PLUGIN_DIR = ROOT / "tests" / "fixtures" / "runner"


def _misbehaving(tmp_path, monkeypatch, names):
    monkeypatch.setenv("JIXIAO_WORKER_PLUGINS", "misbehave_plugin")
    monkeypatch.setenv("PYTHONPATH", str(PLUGIN_DIR))
    paths = []
    for name in names:
        path = tmp_path / name
        shutil.copyfile(DOCX, path)
        path.write_bytes(path.read_bytes() + name.encode())  # distinct hashes (zip tolerates a tail)
        paths.append(path)
    return paths


def test_hanging_file_is_killed_on_timeout_and_the_batch_goes_on(tmp_path, monkeypatch):
    paths = _misbehaving(tmp_path, monkeypatch, ["a_HANG.docx", "b_ok.docx", "c_ok.docx"])
    tasks = [make_task(str(p), str(p)) for p in paths]
    t0 = time.monotonic()
    pool = LocalExecutor(workers=2, timeout=4)
    results = {Path(t.path).name: r["documents"][0] for t, r in pool.map(tasks)}
    assert time.monotonic() - t0 < 40
    assert results["a_HANG.docx"]["status"] == "failed"
    assert results["a_HANG.docx"]["error"] == "超时 timeout after 4 s"
    assert results["b_ok.docx"]["status"] in ("ok", "partial")
    assert results["c_ok.docx"]["status"] in ("ok", "partial")


def test_crashing_worker_fails_only_its_document(tmp_path, monkeypatch):
    paths = _misbehaving(tmp_path, monkeypatch, ["a_CRASH.docx", "b_ok.docx"])
    tasks = [make_task(str(p), str(p)) for p in paths]
    results = {Path(t.path).name: r["documents"][0] for t, r in LocalExecutor(workers=1, timeout=60).map(tasks)}
    assert results["a_CRASH.docx"]["status"] == "failed"
    assert "worker process died (signal SIGSEGV)" in results["a_CRASH.docx"]["error"]
    assert results["b_ok.docx"]["status"] in ("ok", "partial")
