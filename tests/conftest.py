"""Fixtures shared by several test files."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV_DOCX = ROOT.parent / "shared" / "corpus" / "dev" / "01_jiceng-dangzuzhi-dangjian.docx"
RUNNER_PLUGIN_DIR = ROOT / "tests" / "fixtures" / "runner"


@pytest.fixture
def misbehaving(tmp_path, monkeypatch):
    """Copies of a small dev DOCX whose names tell the worker plugin (fixtures/runner/
    misbehave_plugin.py) to hang, crash or eat memory on them: `misbehaving(["a_HANG.docx"])`."""
    monkeypatch.setenv("JIXIAO_WORKER_PLUGINS", "misbehave_plugin")
    monkeypatch.setenv("PYTHONPATH", str(RUNNER_PLUGIN_DIR))

    def make(names: list[str]) -> list[Path]:
        paths = []
        for name in names:
            path = tmp_path / name
            shutil.copyfile(DEV_DOCX, path)
            path.write_bytes(path.read_bytes() + name.encode())  # distinct hashes (zip tolerates a tail)
            paths.append(path)
        return paths

    return make


@pytest.fixture
def dev_docx() -> Path:
    """A one-table dev report (DOCX), small enough for pool and guard tests."""
    return DEV_DOCX


# -- no silent skips ----------------------------------------------------------------------------
# scripts/test.sh (and so CI) sets JIXIAO_FAIL_ON_SKIP=1: there every tool a test needs has been
# installed, so a skip means a missing install step, and the run fails naming the skipped tests.
_SKIPPED: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _SKIPPED.append(f"{report.nodeid}: {report.longrepr[-1] if isinstance(report.longrepr, tuple) else ''}")


def pytest_terminal_summary(terminalreporter):
    if _SKIPPED and os.environ.get("JIXIAO_FAIL_ON_SKIP") == "1":
        terminalreporter.write_line(f"{len(_SKIPPED)} test(s) skipped where nothing may be skipped "
                                    "(JIXIAO_FAIL_ON_SKIP=1):", red=True)
        for line in _SKIPPED:
            terminalreporter.write_line("  " + line, red=True)


def pytest_sessionfinish(session, exitstatus):
    if _SKIPPED and os.environ.get("JIXIAO_FAIL_ON_SKIP") == "1" and exitstatus == 0:
        session.exitstatus = 1
