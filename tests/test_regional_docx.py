"""The regional grids of this area's tests, written as DOCX with real merged cells and read back
through the extractor: the records equal those of the hand-built Table of the same grid."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import make_regional_tables as mrt  # noqa: E402

from jixiao.extract import extract_document  # noqa: E402
from jixiao.normalize.classify import SELF_EVAL, classify_table  # noqa: E402
from jixiao.normalize.self_eval import normalize_self_eval  # noqa: E402
from test_rules_blanks import UNFILLED  # noqa: E402
from test_self_eval_fixtures import make_table  # noqa: E402
from test_self_eval_rows import HEAD, IND_HEADER  # noqa: E402

STAR = HEAD + [IND_HEADER,
               ["产出指标", "数量指标", "★补助鱼塘面积", "500亩", "520亩", "20", "20", ""],
               ["^", "^", "其中：鱼塘养殖面积", "300亩", "310亩", "^", "^", ""],
               ["^", "^", "其中：稻渔综合种养面积", "200亩", "210亩", "^", "^", ""],
               ["^", "质量指标", "指标1：", "", "", "", "", ""],
               ["^", "^", "验收合格率", "100%", "100%", "70", "70", ""],
               ["总分", "<", "<", "<", "<", "90", "90", ""]]
YUAN = [
    ["项目名称", "<", "农村饮水安全工程", "<", "<", "<", "<", "<", "<"],
    ["主管部门", "<", "县水利局", "<", "<", "实施单位", "县供水站", "<", "<"],
    ["预算执行情况（10分）", "年度预算数（元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率（%）", "权重", "得分", "原因"],
    ["^", "总额", "1,200,000.00", "1,500,000.00", "1,350,000.00", "90", "10", "9", ""],
    ["^", "其中：上级补助", "1,000,000.00", "1,000,000.00", "1,000,000.00", "100", "/", "/", ""],
    ["^", "单位资金", "200,000.00", "500,000.00", "350,000.00", "70", "/", "/", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重", "得分", "未完成原因分析"],
    ["^", "产出指标", "数量指标", "新建水厂", "≥2座", "2座", "40", "40", ""],
    ["^", "效益指标", "社会效益指标", "受益人口", "≥5000人", "5200人", "50", "50", ""],
    ["合计", "<", "<", "<", "<", "<", "100", "99", ""],
]
UNSCORED = [
    ["项目名称", "<", "乡村道路养护", "<", "<", "<"],
    ["主管部门", "<", "县交通运输局", "实施单位", "县公路所", "<"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率"],
    ["^", "年度资金总额", "80", "80", "76", "95%"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析"],
    ["产出指标", "数量指标", "养护里程", "120公里", "118公里", "雨季延误"],
    ["^", "质量指标", "道路通畅率", "≥95%", "97%", ""],
]
GRIDS = {"star_sub_rows": (STAR, "项目支出绩效自评表"), "unfilled_sichuan": (UNFILLED, "部门预算项目支出绩效自评表"),
         "yuan_sichuan": (YUAN, "项目支出绩效自评表"), "unscored": (UNSCORED, "绩效目标自评表")}


def _record(project):
    keep = ("project_name", "competent_dept", "implementing_unit", "budget_initial", "budget_adjusted", "executed",
            "exec_rate_stated", "budget_weight", "budget_score", "total_weight_stated", "total_score_stated",
            "goal_planned", "goal_actual", "money_unit", "scored", "template_fields", "unmapped_columns")
    funding = [(f.source, f.label_raw, f.budget_initial, f.budget_adjusted, f.executed) for f in project.funding]
    rows = [(i.level1, i.level2, i.level3, i.target_raw, i.actual_raw, i.weight, i.score, i.parent_row is not None)
            for i in project.indicators]
    return {name: getattr(project, name) for name in keep}, funding, rows


@pytest.mark.parametrize("name", list(GRIDS))
def test_docx_reads_as_the_hand_built_table(tmp_path, name):
    rows, caption = GRIDS[name]
    raw = extract_document(mrt.write_docx(rows, tmp_path / f"{name}.docx", caption))
    assert len(raw.tables) == 1 and classify_table(raw.tables[0]) == SELF_EVAL
    from_docx = normalize_self_eval(raw.tables[0], 0)
    by_hand = normalize_self_eval(make_table(rows, [caption]), 0)
    assert _record(from_docx) == _record(by_hand)
    assert from_docx.year == 2023


def test_star_grid_reads_sub_rows_and_skips_the_placeholder(tmp_path):
    raw = extract_document(mrt.write_docx(STAR, tmp_path / "star.docx"))
    project = normalize_self_eval(raw.tables[0], 0)
    assert [(i.level3, i.parent_row is not None) for i in project.indicators] == [
        ("★补助鱼塘面积", False), ("其中：鱼塘养殖面积", True), ("其中：稻渔综合种养面积", True), ("验收合格率", False)]
