"""read_docx on the dev corpus .docx files against committed golden snapshots
(tests/fixtures/docx/golden, written by tests/fixtures/make_docx_golden.py), and the snapshots against
the corpus gold (panel tables as printed; every 自评表 indicator row and funding total)."""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
GOLDEN = ROOT / "tests" / "fixtures" / "docx" / "golden"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from make_docx_golden import snapshot  # noqa: E402

GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))


def _n(text) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _corpus_file(golden_path: Path) -> Path:
    path = CORPUS / json.loads(golden_path.read_text(encoding="utf-8"))["file"]
    if not path.exists():
        pytest.fail(f"dev corpus file {path} missing (expected ../shared/corpus/dev beside the repo)")
    return path


def test_golden_files_exist():
    assert {p.stem for p in GOLDEN_FILES} >= {"seed_report", "01_jiceng-dangzuzhi-dangjian",
                                              "05_laomo-fuwu-huodong-jingfei", "06_xuanchuan-hulianwang-zhuanxian"}


@pytest.mark.parametrize("golden_path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_read_docx_matches_golden(golden_path):
    expected = json.loads(golden_path.read_text(encoding="utf-8"))
    got = snapshot(_corpus_file(golden_path))
    assert got["format"] == "docx" and got["pages"] is None
    assert len(got["tables"]) == len(expected["tables"])
    for i, (g, e) in enumerate(zip(got["tables"], expected["tables"])):
        assert (g["n_rows"], g["n_cols"]) == (e["n_rows"], e["n_cols"]), f"table {i}"
        assert g["caption"] == e["caption"], f"table {i}"
        assert g["spans"] == e["spans"], f"table {i}"
        assert g["grid"] == e["grid"], f"table {i}"
    assert got["blocks"] == expected["blocks"]


@pytest.mark.parametrize("golden_path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_golden_agrees_with_corpus_gold(golden_path):
    """The snapshots are right, not just stable: each 自评表 grid gives the gold's indicator rows and
    funding totals, and the panel tables equal the gold's rows as printed."""
    snap = json.loads(golden_path.read_text(encoding="utf-8"))
    gold_path = CORPUS / "gold" / f"{golden_path.stem}.json"
    if not gold_path.exists():
        pytest.fail(f"gold {gold_path} missing")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    self_eval = [t for t in snap["tables"] if any("自评表" in c for c in t["caption"])]
    assert len(self_eval) == len(gold["projects"])
    for table, project in zip(self_eval, gold["projects"]):
        grid = table["grid"]
        # merged cells: fill from the top-left of each span
        filled = [row[:] for row in grid]
        for r0, c0, rs, cs in table["spans"]:
            for r in range(r0, r0 + rs):
                for c in range(c0, c0 + cs):
                    filled[r][c] = grid[r0][c0]
        assert _n(filled[0][2]) == _n(project["project_name"])
        total = next(row for row in filled if row[1] == "年度资金总额")
        assert (float(total[3]), float(total[4]), float(total[5])) == (
            project["budget_initial"], project["budget_adjusted"], project["executed"])
        header = next(i for i, row in enumerate(filled) if row[1] == "一级指标")
        rows = [row for row in filled[header + 1:] if row[0] != "总分"]
        assert len(rows) == len(project["indicators"])
        for row, ind in zip(rows, project["indicators"]):
            assert [_n(x) for x in row[1:6]] == [_n(ind[k]) for k in ("level1", "level2", "level3", "target_raw", "actual_raw")]
            assert (float(row[6]), float(row[7])) == (ind["weight"], ind["score"])
            assert _n(row[8]) == _n(ind["deviation_note"])
    panels = [t["grid"] for t in snap["tables"] if not any("自评表" in c for c in t["caption"])]
    assert panels == [p["rows"] for p in gold.get("panel_tables", [])]
