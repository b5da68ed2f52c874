"""Hostile spreadsheets, pages and OFD packages: each ends as a recorded failure with a
specific error or as a bounded read, and the batch goes on. One batch over all of them through
the real worker pool."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from jixiao.batch.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_hostile_formats as fx  # noqa: E402


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_formats")
    made = {name: maker(folder) for name, maker in fx.MAKERS.items()}
    out = tmp_path_factory.mktemp("out")
    t0 = time.monotonic()
    stats = run_batch([folder], out, workers=2, timeout=120, flush_every=100)
    docs = pd.read_parquet(out / "documents")
    rows = {Path(p).name: row for p, row in zip(docs.source_path, docs.to_dict("records"))}
    return {"made": made, "rows": rows, "stats": stats, "elapsed": time.monotonic() - t0, "out": out}


def row(batch, name):
    return batch["rows"][batch["made"][name].name]


def test_every_file_has_its_row_and_the_batch_finished(batch):
    assert batch["stats"].processed == len(fx.MAKERS)
    for name, r in batch["rows"].items():
        if r["status"] != "ok":
            assert r["error"] and "Traceback" not in r["error"], name
    assert batch["elapsed"] < 120


def test_million_formatted_rows_is_a_bounded_read(batch):
    r = row(batch, "million_rows_xlsx")
    assert r["status"] == "partial" and r["n_tables"] == 1 and "stopped at row" in r["error"]
    assert r["elapsed_s"] < 60
    cells = pd.read_parquet(batch["out"] / "cells")
    mine = cells[cells.doc_id == r["doc_id"]]
    assert len(mine) == 9 and set(mine["sheet"]) == {"自评表"} and "95.00%" in set(mine["text"])


@pytest.mark.parametrize("name", ["laughs_xlsx", "xxe_xlsx", "laughs_ofd", "xxe_ofd"])
def test_entity_xml_is_refused(batch, name):
    r = row(batch, name)
    assert r["status"] == "failed" and r["error"].startswith("CorruptDocument:")
    assert "实体" in r["error"] or "entity" in r["error"].lower()
    assert "root:" not in r["error"]          # /etc/passwd never read into the output


def test_huge_html_page_is_refused_before_reading(batch):
    r = row(batch, "huge_html")
    assert r["status"] == "failed" and r["error"].startswith("TooLarge:") and r["elapsed_s"] < 5


def test_five_hundred_sheets_read_the_first_hundred(batch):
    r = row(batch, "many_sheets_xlsx")
    assert r["status"] == "partial" and "500 sheets" in r["error"] and r["n_tables"] == 100


def test_password_protected_workbook(batch):
    r = row(batch, "encrypted_xlsx")
    assert r["status"] == "failed" and r["error"].startswith("EncryptedDocument:")


def test_zip_bomb_named_xlsx(batch):
    r = row(batch, "zip_bomb_xlsx")
    assert r["status"] == "failed" and r["error"].startswith("TooLarge:")


def test_ofd_whose_page_part_is_missing(batch):
    r = row(batch, "missing_page_ofd")
    assert r["status"] == "failed" and "Page_9" in r["error"]
