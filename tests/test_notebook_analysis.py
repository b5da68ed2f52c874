"""notebooks/analysis.ipynb runs top to bottom against an output folder, in this venv's Python,
so a schema change that breaks it fails CI."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NOTEBOOK = ROOT / "notebooks" / "analysis.ipynb"
KERNEL = "jixiao-test-venv"


@pytest.fixture()
def venv_kernel(tmp_path, monkeypatch):
    """A kernelspec whose interpreter is the one running the tests (the project's .venv)."""
    spec_dir = tmp_path / "jupyter" / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "jixiao test venv", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return KERNEL


def execute(out: Path, kernel: str, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("JIXIAO_OUT", str(out))
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=120,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return nb


def text_of(nb) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_notebook_is_generated_from_script():
    """notebooks/analysis.ipynb equals what notebooks/make_analysis_notebook.py writes."""
    spec = importlib.util.spec_from_file_location("make_nb", ROOT / "notebooks" / "make_analysis_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build()
    stored = nbformat.read(str(NOTEBOOK), as_version=4)
    assert [c.source for c in stored.cells] == [c.source for c in built.cells], \
        "notebook drifted from notebooks/make_analysis_notebook.py: regenerate it"
    assert all(not c.get("outputs") for c in stored.cells if c.cell_type == "code"), "commit without outputs"


def test_notebook_runs_on_gold_output(tmp_path, venv_kernel, monkeypatch):
    script = SHARED / "bench" / "gold_to_out.py"
    gold = SHARED / "corpus" / "dev" / "gold"
    if not script.is_file():
        pytest.fail(f"shared bench not found at {SHARED}")
    out = tmp_path / "out"
    subprocess.run([sys.executable, str(script), str(gold), str(out)], check=True, capture_output=True, cwd=ROOT)
    nb = execute(out, venv_kernel, monkeypatch)
    text = text_of(nb)
    assert sys.executable in text or str(out) in text
    assert "weight_sum_mismatch" in text            # flags by rule table
    figures = sorted(p.name for p in (out / "analysis").glob("*.png"))
    assert {"execution_rate.png", "scores_by_department.png", "flags_by_rule.png"} <= set(figures)


def test_notebook_runs_on_a_real_run(tmp_path, venv_kernel, monkeypatch):
    """The writer's real schema (extra columns, nullable ints, empty optional tables)."""
    import shutil
    from jixiao import cli
    sources = sorted((SHARED / "corpus" / "dev").glob("01_*.docx"))
    if not sources:
        pytest.fail(f"dev corpus not found under {SHARED / 'corpus' / 'dev'}")
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(sources[0], inputs / sources[0].name)
    out = tmp_path / "out"
    assert cli.main(["run", str(inputs), "--out", str(out), "--workers", "0", "--quiet"]) in (0, 1)
    nb = execute(out, venv_kernel, monkeypatch)
    assert "exec_rate_computed" in text_of(nb)
    assert f"<jixiao.Document {sources[0].name}" in text_of(nb)     # section 6: jixiao.read
    assert len(list((out / "analysis").glob("*.png"))) >= 2
