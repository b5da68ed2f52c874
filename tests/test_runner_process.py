"""Per-document work (in this process): every failure stays on its document's row; the batch
skips unchanged files and retries failed ones."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import jixiao.batch.runner as runner
from jixiao.batch.process import make_task, process_document
from jixiao.batch.runner import find_inputs, run_batch

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
DOCX = DEV / "01_jiceng-dangzuzhi-dangjian.docx"
PLUGIN_DIR = ROOT / "tests" / "fixtures" / "runner"


def test_find_inputs_walks_folders_and_filters(tmp_path):
    (tmp_path / "a b").mkdir()
    (tmp_path / "a b" / "报告 一.DOCX").write_bytes(b"x")
    (tmp_path / "a b" / "~$报告 一.docx").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "x.wps").write_bytes(b"x")
    (tmp_path / "y.doc").write_bytes(b"x")
    (tmp_path / "z.pdf").write_bytes(b"x")
    found = sorted(Path(p).name for p, _ in find_inputs([tmp_path, tmp_path / "z.pdf"]))
    assert found == sorted(["报告 一.DOCX", "x.wps", "y.doc", "z.pdf"])
    with pytest.raises(runner.UsageError, match="no such file"):
        find_inputs([tmp_path / "missing"])


def test_doc_id_is_sha256_of_bytes(tmp_path):
    import hashlib
    task = make_task(str(DOCX), str(DOCX))
    assert task.doc_id == hashlib.sha256(DOCX.read_bytes()).hexdigest()
    assert task.file_size == DOCX.stat().st_size


def test_extract_failure_is_a_failed_row_with_class_and_message(tmp_path, monkeypatch):
    from jixiao import extract

    def boom(path, password=None):
        raise ValueError("bad xref at 123")
    monkeypatch.setattr(extract, "extract_document", boom)
    result = process_document(make_task(str(DOCX), str(DOCX)))
    doc = result["documents"][0]
    assert doc["status"] == "failed"
    assert doc["error"].startswith("ValueError: bad xref at 123")
    assert "Traceback" not in doc["error"]
    assert list(result) == ["documents"]


def test_normalize_failure_keeps_cells_as_partial(monkeypatch):
    from jixiao import normalize

    def boom(raw, doc_id):
        raise KeyError("年初预算数")
    monkeypatch.setattr(normalize, "normalize_document", boom)
    result = process_document(make_task(str(DOCX), str(DOCX)))
    doc = result["documents"][0]
    assert doc["status"] == "partial"
    assert "normalize failed: KeyError" in doc["error"]
    assert len(result["cells"]) > 0 and doc["n_tables"] >= 1


def test_validate_failure_keeps_projects_as_partial(monkeypatch):
    from jixiao import validate

    def boom(doc, config=None):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(validate, "validate_document", boom)
    result = process_document(make_task(str(DOCX), str(DOCX)))
    doc = result["documents"][0]
    assert doc["status"] == "partial"
    assert "validate failed: ZeroDivisionError" in doc["error"]
    assert "flags" not in result


def test_extractor_warnings_make_the_document_partial(monkeypatch):
    from jixiao import extract
    real = extract.extract_document

    def warn(path, password=None):
        raw = real(path, password=password)
        raw.warnings.append("第 3 页表格读取不完整")
        return raw
    monkeypatch.setattr(extract, "extract_document", warn)
    monkeypatch.setattr("jixiao.validate.validate_document", lambda doc, config=None: [])
    doc = process_document(make_task(str(DOCX), str(DOCX)))["documents"][0]
    assert doc["status"] == "partial" and "第 3 页表格读取不完整" in doc["error"]
    assert "第 3 页表格读取不完整" in doc["warnings"]


def test_run_batch_skips_unchanged_and_retries_failed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(DOCX, src / "good.docx")
    (src / "empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    first = run_batch([src], out, workers=0, flush_every=1)
    assert first.processed == 2 and first.status["failed"] == 1
    second = run_batch([src], out, workers=0)
    assert second.skipped == 1 and second.retried == 1 and second.processed == 1
    third = run_batch([src], out, workers=0, retry_failed=False)
    assert third.skipped == 2 and third.processed == 0
    forced = run_batch([src], out, workers=0, force=True)
    assert forced.processed == 2
    docs = pd.read_parquet(out / "documents")
    assert docs.doc_id.is_unique and len(docs) == 2
    cells = pd.read_parquet(out / "cells")
    assert not cells.duplicated(["doc_id", "table_index", "row", "col"]).any()


def test_a_file_changed_since_the_last_run_replaces_its_old_rows(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    report = src / "report.docx"
    shutil.copyfile(DOCX, report)
    out = tmp_path / "out"
    run_batch([src], out, workers=0)
    old_id = pd.read_parquet(out / "documents")["doc_id"].iloc[0]
    report.write_bytes(DOCX.read_bytes() + b"corrected")   # new content, same path (zip tolerates a tail)
    second = run_batch([src], out, workers=0)
    assert second.replaced == 1 and second.processed == 1
    for table in ("documents", "projects", "indicators", "cells"):
        assert old_id not in set(pd.read_parquet(out / table)["doc_id"]), table
    assert len(pd.read_parquet(out / "documents")) == 1


def test_the_old_content_stays_while_a_copy_of_it_is_still_an_input(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(DOCX, src / "report.docx")
    out = tmp_path / "out"
    run_batch([src], out, workers=0)
    shutil.copyfile(DOCX, src / "archive.docx")            # the first version kept under another name
    (src / "report.docx").write_bytes(DOCX.read_bytes() + b"corrected")
    second = run_batch([src], out, workers=0)
    assert second.replaced == 0 and second.duplicates == 0
    assert len(pd.read_parquet(out / "documents")) == 2
