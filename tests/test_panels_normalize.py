"""normalize.panels: the seed's 评价指标体系 and expert panel tables (as printed in the corpus gold)
to long-form rows; merged levels carried down; a row split over a page break."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.extract.model import Cell, Table
from jixiao.normalize.panels import expert_role, merge_split_rows, normalize_panel, parse_score, split_weight

GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "gold" / "seed_report.json"


def table_from_rows(rows, page=None) -> Table:
    cells = [Cell(r, c, text, page=page) for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Table(cells=cells, n_rows=len(rows), n_cols=max(len(r) for r in rows))


@pytest.fixture(scope="module")
def gold_panels():
    if not GOLD.exists():
        pytest.fail(f"{GOLD} missing")
    panels = json.loads(GOLD.read_text(encoding="utf-8"))["panel_tables"]
    return {p["kind"]: p["rows"] for p in panels}


def test_indicator_system(gold_panels):
    rows = normalize_panel(table_from_rows(gold_panels["indicator_system"]), 7, "indicator_system")
    assert len(rows) == 19
    first = rows[0]
    assert (first.level1, first.level2, first.level3, first.weight) == ("决策", "项目立项", "立项依据充分性", 1.5)
    assert (first.level1_weight, first.level2_weight, first.expert, first.score) == (10.0, 3.0, None, None)
    # carried down from the merged cells above
    assert (rows[1].level1, rows[1].level2) == ("决策", "项目立项")
    assert rows[17].indicator_path == "效益 > 项目效益 > 满意度"
    total = rows[-1]
    assert total.is_total_row and total.weight == 100 and total.indicator_path == "总分"
    assert sum(r.weight for r in rows if not r.is_total_row) == 100


def test_expert_panel(gold_panels):
    rows = normalize_panel(table_from_rows(gold_panels["panel_scores"], page=7), 8, "panel_scores")
    assert len(rows) == 19 * 7                         # 5 experts + 合计 + 平均分 per row
    experts = sorted({r.expert for r in rows if expert_role(r.expert) == "expert"})
    assert experts == sorted(["刘莉君", "黄毅勤", "杨松云", "谢莉娇", "赵耀"])
    cell = next(r for r in rows if r.level3 == "资金使用合规性" and r.expert == "刘莉君")
    assert (cell.level1, cell.level2, cell.weight, cell.score, cell.score_raw) == ("过程", "资金管理", 4.0, 3.5, "3.5")
    assert cell.page == 7 and cell.table_index == 8 and cell.kind == "panel_scores"
    mean = next(r for r in rows if r.is_total_row and r.expert == "平均分")
    assert mean.score == 87.22 and expert_role(mean.expert) == "mean"
    assert expert_role("合计") == "total"
    # level2 carried across rows whose merged cell is blank
    cost = next(r for r in rows if r.level3 == "成本节约率" and r.expert == "合计")
    assert (cost.level1, cost.level2, cost.level2_weight, cost.score) == ("产出", "产出成本", 10.0, 43.0)


def test_row_split_by_page_break(gold_panels):
    rows = [list(r) for r in gold_panels["panel_scores"]]
    # 可持续影响 split: the name's first half on one page, the rest with the numbers on the next
    i = next(k for k, r in enumerate(rows) if r[2] == "可持续影响")
    top = ["", "", "可持续", "", "", "", "", "", "", "", ""]
    bottom = list(rows[i])
    bottom[2] = "影响"
    split = rows[:i] + [top, bottom] + rows[i + 1:]
    out = normalize_panel(table_from_rows(split), 8, "panel_scores")
    assert len(out) == 19 * 7
    cell = next(r for r in out if r.expert == "赵耀" and r.level3 == "可持续影响")
    assert (cell.level2, cell.weight, cell.score) == ("项目效益", 10.0, 8.0)


def test_merge_split_rows_keeps_whole_rows():
    rows = [["决策", "立项", "1.5", "1.2"], ["", "程序规", "", ""], ["", "范性", "1.5", "1"]]
    assert merge_split_rows(rows, [2, 3], [0, 1]) == [
        ["决策", "立项", "1.5", "1.2"], ["", "程序规范性", "1.5", "1"]]


def test_helpers_and_no_header():
    assert split_weight("决策（10 分）") == ("决策", 10.0)
    assert split_weight("效益(30分)") == ("效益", 30.0)
    assert split_weight("项目立项") == ("项目立项", None)
    assert parse_score("1.5") == 1.5 and parse_score("—") is None and parse_score("10分") == 10.0
    assert normalize_panel(table_from_rows([["甲", "乙"], ["1", "2"]]), 0, "panel_scores") == []
