"""The Python API (jixiao.read / jixiao.run) and the installed package's shape."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import jixiao
from jixiao.batch.schema import TIMING_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SAMPLE_PDF = SAMPLES / "sample_central_2024.pdf"
SAMPLE_DOCX = SAMPLES / "sample_sichuan_2024.docx"


def test_read_gives_the_documents_tables_as_dataframes():
    doc = jixiao.read(SAMPLE_PDF)
    assert doc.status == "ok" and doc.format == "pdf" and doc.pages == 3
    assert len(doc.projects) == 3 and set(doc.indicators["project_id"]) == set(doc.projects["project_id"])
    assert "exec_rate_mismatch" in set(doc.flags["rule"])
    assert doc.flags["page"].dtype.name.lower().startswith("int")    # the Parquet's types, not object
    assert "jixiao.Document sample_central_2024.pdf" in repr(doc)
    with pytest.raises(AttributeError):
        doc.no_such_table


def test_read_equals_the_documents_rows_in_a_run(tmp_path):
    doc = jixiao.read(SAMPLE_DOCX)
    ds = jixiao.run([SAMPLE_DOCX], out=tmp_path / "out")
    assert ds.stats.processed == 1
    for name in ("projects", "funding", "indicators", "cells", "flags"):
        ours = getattr(doc, name).drop(columns=[c for c in TIMING_COLUMNS if c in getattr(doc, name)])
        theirs = ds.table(name)[ours.columns]
        pd.testing.assert_frame_equal(ours.reset_index(drop=True), theirs.reset_index(drop=True),
                                      check_dtype=False, obj=name)


def test_dataset_sql_reads_every_table(tmp_path):
    ds = jixiao.run(SAMPLES, out=tmp_path / "out")
    ((errors,),) = ds.sql("select count(*) from flags where severity = 'error'").fetchall()
    assert errors == int((ds.flags["severity"] == "error").sum()) > 0
    joined = ds.sql("select p.project_name, f.rule from flags f join projects p using (project_id)").df()
    assert len(joined) and joined["project_name"].notna().all()
    again = jixiao.open_dataset(tmp_path / "out")
    assert len(again.documents) == 3 and again.stats is None


def test_an_unreadable_file_raises_or_is_kept_as_failed(tmp_path):
    bad = tmp_path / "报告.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\0" * 50)
    with pytest.raises(jixiao.ReadError, match="报告.pdf"):
        jixiao.read(bad)
    kept = jixiao.read(bad, errors="keep")
    assert kept.status == "failed" and kept.error and kept.projects.empty
    with pytest.raises(FileNotFoundError):
        jixiao.read(tmp_path / "absent.pdf")


def test_read_works_from_any_directory(tmp_path):
    code = (f"import jixiao; d = jixiao.read({str(SAMPLE_PDF)!r}); "
            "print(len(d.flags), d.flags['rule'].iloc[0])")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, rule = done.stdout.split()
    assert int(count) > 0 and rule


def test_stage_folders_are_not_importable_under_their_bare_names():
    # from the checkout root, `import extract` would be a second copy of jixiao.extract
    done = subprocess.run([sys.executable, "-c", "import extract"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and "import jixiao.extract" in done.stderr


def test_the_wheel_holds_only_the_jixiao_package(tmp_path):
    src = tmp_path / "src"     # a copy, so the build leaves no build/ or egg-info in the checkout
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("pipeline", "extract", "normalize", "validate"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(tmp_path / "dist")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp_path / "dist").glob("jixiao-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"jixiao", wheel.name.split("-py3")[0] + ".dist-info"}
    for needed in ("jixiao/extract/pdf_reader.py", "jixiao/normalize/label_synonyms.toml",
                   "jixiao/validate/defaults.toml", "jixiao/cli/__init__.py", "jixiao/api.py"):
        assert needed in names
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "jixiao = jixiao.cli:main" in entry
