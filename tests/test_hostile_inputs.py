"""Hostile inputs: each ends as a documents row (failed/partial with a specific error) and
never stops the batch. One batch over all of them through the real worker pool."""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from jixiao.batch.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_hostile_fixtures as fx  # noqa: E402



@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    made = {name: maker(folder) for name, maker in fx.MAKERS.items()}
    out = tmp_path_factory.mktemp("out")
    t0 = time.monotonic()
    stats = run_batch([folder], out, workers=2, timeout=120, flush_every=100)
    elapsed = time.monotonic() - t0
    docs = pd.read_parquet(out / "documents")
    rows = {Path(p).name: row for p, row in zip(docs.source_path, docs.to_dict("records"))}
    return {"made": made, "rows": rows, "stats": stats, "elapsed": elapsed, "out": out, "folder": folder}


def row(batch, name):
    return batch["rows"][batch["made"][name].name]


def test_batch_finishes_with_one_row_per_file(batch):
    assert batch["stats"].processed == len(fx.MAKERS)
    assert set(batch["rows"]) == {p.name for p in batch["made"].values()}
    for name, r in batch["rows"].items():
        assert r["status"] in ("ok", "partial", "failed"), name
        if r["status"] != "ok":
            assert r["error"] and "Traceback" not in r["error"], name


def test_zero_byte_file(batch):
    r = row(batch, "zero_byte")
    assert r["status"] == "failed" and "CorruptDocument" in r["error"] and "0 字节" in r["error"]


def test_non_pdf_named_pdf(batch):
    r = row(batch, "not_a_pdf")
    assert r["status"] == "failed" and r["error"].startswith("UnsupportedFormat:")


def test_truncated_pdf(batch):
    r = row(batch, "truncated_pdf")
    assert r["status"] in ("failed", "partial")
    assert "CorruptDocument" in r["error"] or "截断" in r["error"] or "truncat" in r["error"].lower()


def test_encrypted_pdf_without_password(batch):
    r = row(batch, "encrypted_pdf")
    assert r["status"] == "failed" and r["error"].startswith("EncryptedDocument:")
    assert "--password" in r["error"]


def test_encrypted_pdf_with_password(tmp_path):
    path = fx.encrypted_pdf(tmp_path)
    out = tmp_path / "out"
    run_batch([path], out, workers=0, password="secret")
    r = pd.read_parquet(out / "documents").iloc[0]
    assert r["status"] in ("ok", "partial"), r["error"]
    assert pd.isna(r["error"]) or "Encrypted" not in r["error"]
    sections = pd.read_parquet(out / "sections")
    assert sections.empty or sections.doc_id.eq(r["doc_id"]).all()
    wrong = tmp_path / "out_wrong"
    run_batch([path], wrong, workers=0, password="not-it")
    r = pd.read_parquet(wrong / "documents").iloc[0]
    assert r["status"] == "failed" and "EncryptedDocument" in r["error"]


def test_corrupt_docx(batch):
    r = row(batch, "corrupt_docx")
    assert r["status"] == "failed" and "CorruptDocument" in r["error"]


def test_docx_zip_bomb(batch):
    r = row(batch, "zip_bomb_docx")
    assert r["status"] == "failed" and r["error"].startswith("TooLarge:")


def test_two_thousand_blank_pages_is_fast_and_warned(batch):
    r = row(batch, "blank_pages_pdf")
    assert r["pages"] == 2000
    assert r["status"] == "partial" and "2000 pages > limit" in r["error"]
    assert r["elapsed_s"] < 60  # triage skips blank pages; the whole hostile batch is bounded too
    assert batch["elapsed"] < 120


def test_chinese_name_with_spaces(batch):
    r = row(batch, "chinese_name_copy")
    assert r["status"] in ("ok", "partial") and r["n_tables"] >= 1
    assert r["source_path"].endswith("绩效 自评 报告 (副本) 2024.docx")
    cells = pd.read_parquet(batch["out"] / "cells")
    assert (cells.doc_id == r["doc_id"]).any()
