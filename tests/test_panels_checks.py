"""validate.panels: panel_sum_mismatch (row 合计 / 平均分, column totals, overall average, weights)
and panel_score_exceeds_weight — the seed's panel passes; each broken sum is caught."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.extract.model import Cell, Table
from jixiao.normalize.panels import normalize_panel
from jixiao.normalize.records import NormalizedDocument
from jixiao.validate.config import load_config
from jixiao.validate.panels import check_panels

GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "gold" / "seed_report.json"
CONFIG = load_config()


@pytest.fixture()
def gold_rows():
    panels = json.loads(GOLD.read_text(encoding="utf-8"))["panel_tables"]
    return {p["kind"]: [list(r) for r in p["rows"]] for p in panels}


def check(rows, kind):
    table = Table([Cell(r, c, t, page=7) for r, row in enumerate(rows) for c, t in enumerate(row)],
                  len(rows), len(rows[0]))
    doc = NormalizedDocument(doc_id="D", panel_scores=normalize_panel(table, 8, kind))
    return check_panels(doc, CONFIG)


def test_seed_tables_pass(gold_rows):
    assert check(gold_rows["panel_scores"], "panel_scores") == []
    assert check(gold_rows["indicator_system"], "indicator_system") == []


def test_row_total_wrong(gold_rows):
    rows = gold_rows["panel_scores"]
    rows[1][9] = "7.5"                      # 1.2+1.5+1.5+1.5+1.5 = 7.2
    flags = check(rows, "panel_scores")
    row_flags = [f for f in flags if f.row == 1]
    assert [f.field for f in row_flags] == ["合计"]   # 平均分 1.44 still agrees with the experts
    f = row_flags[0]
    assert (f.rule, f.severity, f.stated, f.expected, f.table_index, f.col, f.page) == (
        "panel_sum_mismatch", "error", "7.5", "7.20", 8, 9, 7)
    assert "立项依据充分性" in f.message
    # the 合计 column no longer adds up to 436.1 either
    assert any(f.field == "总分" and f.col == 9 for f in flags)


def test_row_average_wrong(gold_rows):
    rows = gold_rows["panel_scores"]
    rows[4][10] = "1.25"                     # 6 / 5 = 1.2
    flags = check(rows, "panel_scores")
    assert [(f.field, f.row) for f in flags] == [("平均分", 4)]   # the column sum is within rounding


def test_expert_column_and_overall_average(gold_rows):
    rows = gold_rows["panel_scores"]
    rows[19][4] = "86.6"                     # 刘莉君's scores add up to 85.6
    rows[19][10] = "87.5"                    # 436.1 / 5 = 87.22
    flags = check(rows, "panel_scores")
    fields = sorted((f.field, f.col) for f in flags)
    assert ("总分", 4) in fields and ("平均分", 10) in fields and ("合计", 9) in fields


def test_average_rounding_is_tolerated(gold_rows):
    rows = gold_rows["panel_scores"]
    rows[1][10] = "1.4"                      # 7.2/5 = 1.44, printed to one decimal would be 1.4
    flags = check(rows, "panel_scores")
    assert not [f for f in flags if f.row == 1]


def test_score_above_weight(gold_rows):
    rows = gold_rows["panel_scores"]
    rows[3][5] = "2.5"                       # weight 2
    flags = check(rows, "panel_scores")
    assert any(f.rule == "panel_score_exceeds_weight" and f.row == 3 and f.col == 5 for f in flags)


def test_weights(gold_rows):
    rows = gold_rows["indicator_system"]
    rows[1][3] = "2.5"                       # 项目立项（3 分）: 2.5 + 1.5 ≠ 3; total 101 ≠ 100
    flags = check(rows, "indicator_system")
    assert sorted(f.field for f in flags) == ["level1_weight", "level2_weight", "weight"]
    assert all(f.rule == "panel_sum_mismatch" for f in flags)


def test_ocr_table_flags_are_warnings_and_blank_scores_are_not_sums(gold_rows):
    rows = gold_rows["panel_scores"]
    rows[4][6] = ""                          # an unreadable score: no sum check on that row/column
    rows[2][9] = "7.5"                       # a wrong 合计 read from a scan
    table = Table([Cell(r, c, t, page=7, confidence=0.9) for r, row in enumerate(rows) for c, t in enumerate(row)],
                  len(rows), len(rows[0]))
    doc = NormalizedDocument(doc_id="D", panel_scores=normalize_panel(table, 8, "panel_scores"))
    flags = check_panels(doc, CONFIG)
    assert flags and all(f.severity == "warning" and "扫描" in f.message for f in flags)
    assert not [f for f in flags if f.row == 4] and not [f for f in flags if f.col == 6]
