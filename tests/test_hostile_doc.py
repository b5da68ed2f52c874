""".doc/.wps go through LibreOffice (extract/convert.py): in a batch such a file ends ok, or
failed with the clear ConversionUnavailable error when soffice is missing."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from jixiao.batch.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_hostile_fixtures as fx  # noqa: E402


@pytest.mark.libreoffice
def test_doc_converts_or_says_conversion_unavailable(tmp_path):
    path = fx.ole2_doc(tmp_path)
    out = tmp_path / "out"
    run_batch([path], out, workers=1, timeout=180)
    r = pd.read_parquet(out / "documents").iloc[0]
    if shutil.which("soffice") or shutil.which("libreoffice"):
        assert r["status"] in ("ok", "partial"), r["error"]
        assert r["n_tables"] >= 1
    else:
        assert r["status"] == "failed" and r["error"].startswith("ConversionUnavailable:")
