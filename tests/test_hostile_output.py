"""`jixiao run` with an output folder it cannot write: a clear message, exit code 2, no
traceback, and nothing processed. Tests run as root, and root ignores permission bits
(chmod 0o500 would not stop it), so the unwritable output is made real by paths nobody can
create: OUT an existing regular file, or OUT below a regular file (ENOTDIR). The
os.access branch for ordinary users is covered in test_writer_dataset.py."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JIXIAO = ROOT / ".venv" / "bin" / "jixiao"
DOCX = ROOT.parent / "shared" / "corpus" / "dev" / "01_jiceng-dangzuzhi-dangjian.docx"


def run(*args):
    return subprocess.run([str(JIXIAO), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_out_is_a_regular_file(tmp_path):
    target = tmp_path / "out.parquet"
    target.write_text("not a folder")
    done = run("run", DOCX, "--out", target)
    assert done.returncode == 2
    assert "not a folder" in done.stderr and "Traceback" not in done.stderr
    assert target.read_text() == "not a folder"


def test_out_below_a_regular_file(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run("run", DOCX, "--out", blocker / "out")
    assert done.returncode == 2
    assert "cannot create" in done.stderr and "Traceback" not in done.stderr


def test_usage_errors_exit_non_zero(tmp_path):
    done = run("run", tmp_path / "missing.pdf", "--out", tmp_path / "o")
    assert done.returncode == 2 and "no such file" in done.stderr and "Traceback" not in done.stderr
    done = run("run", DOCX, "--out", tmp_path / "o", "--executor", "dask")
    assert done.returncode == 2 and "--scheduler" in done.stderr
    done = run("run", DOCX)  # no --out: argparse
    assert done.returncode == 2
    done = run("flags", tmp_path / "nothing-here")
    assert done.returncode == 2 and "Traceback" not in done.stderr
