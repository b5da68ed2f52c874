"""Cells that carry their own unit or operator, money in 元, a 执行率（%） column without % signs,
and the header vocabularies of other regions (预算执行情况（10分）, 年度预算数（万元） over the line
labels, 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 原因, 全年预算数（A） /
全年执行数（B） / 执行率（B/A）)."""
from __future__ import annotations

import pytest

from jixiao.normalize.numbers import parse_money, parse_number
from jixiao.normalize.self_eval import normalize_self_eval
from jixiao.validate.config import load_config
from jixiao.validate.project_rules import check_project
from test_self_eval_fixtures import make_table

CONFIG = load_config()
IND = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
    ["^", "产出指标", "数量指标", "委托业务数量", "≥50个", "52个", "30", "30", ""],
    ["^", "^", "成本指标", "运行维护费", "150万", "150万", "20", "20", ""],
    ["^", "效益指标", "社会效益指标", "结算完成率", "=100%", "100%", "20", "20", ""],
    ["^", "满意度指标", "服务对象满意度指标", "场馆开放满意度", ">=90%", "95%", "20", "20", ""],
]


def errors(project):
    return sorted({f.rule for f in check_project(project, "d:0", CONFIG) if f.severity == "error"})


def test_units_and_operators_in_indicator_cells():
    rows = [["项目名称", "<", "体育中心结算", "<", "<", "<", "<", "<", "<"]] + IND
    project = normalize_self_eval(make_table(rows), 0)
    got = [(i.target_raw, i.actual_raw, i.operator, i.unit) for i in project.indicators]
    assert got == [("≥50个", "52个", "≥", "个"), ("150万", "150万", None, "万"), ("=100%", "100%", "=", "%"),
                   (">=90%", "95%", "≥", "%")]
    flags = check_project(project, "d:0", CONFIG)
    assert not [f for f in flags if f.rule in ("indicator_score_mismatch", "target_missed_full_score",
                                               "operator_inconsistent")]


@pytest.mark.parametrize("text,value,operator,unit", [
    ("≥50个", 50, "≥", "个"), ("=100%", 100, "=", "%"), (">=90%", 90, "≥", "%"), ("＞＝90％", 90, "≥", "%"),
    ("≤90万元", 90, "≤", "万元"), ("150万", 150, None, "万"), ("≥100百分比", 100, "≥", "%"),
])
def test_parse_number_units_and_operators(text, value, operator, unit):
    p = parse_number(text)
    assert (p.value, p.operator, p.unit) == (value, operator, unit)


@pytest.mark.parametrize("text,unit,wan", [
    ("150万", "万元", 150.0), ("1,500,000元", "万元", 150.0), ("1,500,000", "元", 150.0),
    ("￥1,500,000", "元", 150.0), ("¥ 150.5", "万元", 150.5), ("1.5亿元", "万元", 15000.0),
])
def test_money_cells_with_their_own_unit(text, unit, wan):
    assert parse_money(text, unit) == pytest.approx(wan)


def test_sichuan_funding_block_in_yuan_with_a_percent_rate_column():
    rows = [
        ["项目名称", "<", "农村饮水安全工程", "<", "<", "<", "<", "<", "<"],
        ["预算执行情况（10分）", "年度预算数（元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率（%）", "权重", "得分", "原因"],
        ["^", "总额", "1,200,000.00", "1,500,000.00", "1,350,000.00", "90", "10", "9", ""],
        ["^", "其中：上级补助", "1,000,000.00", "1,000,000.00", "1,000,000.00", "100", "/", "/", ""],
        ["^", "财政专户管理资金", "0", "0", "0", "0", "/", "/", ""],
        ["^", "单位资金", "200,000.00", "500,000.00", "350,000.00", "70", "/", "/", ""],
        ["^", "社保基金补助", "", "", "", "", "/", "/", ""],
    ] + IND
    project = normalize_self_eval(make_table(rows), 0)
    assert project.money_unit == "元"
    assert (project.budget_initial, project.budget_adjusted, project.executed) == (120.0, 150.0, 135.0)
    assert project.exec_rate_stated == pytest.approx(0.9) and project.exec_rate_stated_raw == "90"
    assert (project.budget_weight, project.budget_score) == (10.0, 9.0)
    assert [(f.source, f.label_raw) for f in project.funding] == [
        ("total", "总额"), ("superior_subsidy", "其中：上级补助"), ("fiscal_special", "财政专户管理资金"),
        ("unit", "单位资金"), ("shebao_jijin_buzhu", "社保基金补助")]
    assert project.funding[3].budget_adjusted == pytest.approx(50.0)
    assert project.unmapped_columns == []
    assert errors(project) == []


def test_a_b_column_template():
    rows = [
        ["项目名称", "<", "水标尺制作安装", "<", "<", "<", "<", "<", "<"],
        ["项目资金（万元）", "", "<", "全年预算数（A）", "全年执行数（B）", "<", "分值", "执行率（B/A）", "得分"],
        ["^", "年度资金总额：", "<", "20", "18", "<", "10", "90.00%", "9"],
        ["^", "其中：本年财政拨款", "<", "20", "18", "<", "", "", ""],
    ] + IND
    project = normalize_self_eval(make_table(rows), 0)
    assert (project.budget_initial, project.budget_adjusted, project.executed) == (None, 20.0, 18.0)
    assert (project.exec_rate_stated_raw, project.budget_weight, project.budget_score) == ("90.00%", 10.0, 9.0)
    assert errors(project) == []


def test_a_bare_rate_under_a_percent_header_is_checked_as_percent():
    rows = [
        ["项目名称", "<", "某项目", "<", "<", "<", "<", "<", "<"],
        ["项目资金（万元）", "<", "<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率（%）", "得分"],
        ["^", "年度资金总额", "<", "10", "10", "8", "10", "95", "8"],
    ] + IND
    project = normalize_self_eval(make_table(rows), 0)
    assert project.exec_rate_stated == pytest.approx(0.95)
    flags = [f for f in check_project(project, "d:0", CONFIG) if f.rule == "exec_rate_mismatch"]
    assert len(flags) == 1 and flags[0].expected == "80%"


GOAL_LAYOUTS = {
    "side by side, 实际完成目标": [
        ["年度总体目标", "预期目标", "<", "<", "<", "实际完成目标", "<", "<", "<"],
        ["^", "完成改造 20 户。", "<", "<", "<", "完成改造 21 户。", "<", "<", "<"]],
    "Sichuan block label over two heads": [
        ["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", "<", "<", "年度目标完成情况", "<", "<", "<"],
        ["^", "^", "完成改造 20 户。", "<", "<", "完成改造 21 户。", "<", "<", "<"]],
    "one row, label beside text": [
        ["年度目标", "预期绩效目标", "完成改造 20 户。", "<", "<", "实际完成目标", "完成改造 21 户。", "<", "<"]],
    "stacked key: value rows": [
        ["预期目标", "<", "完成改造 20 户。", "<", "<", "<", "<", "<", "<"],
        ["实际完成目标", "<", "完成改造 21 户。", "<", "<", "<", "<", "<", "<"]],
}


@pytest.mark.parametrize("layout", list(GOAL_LAYOUTS))
def test_goal_layouts_with_other_wordings(layout):
    rows = [["项目名称", "<", "危房改造补助", "<", "<", "<", "<", "<", "<"],
            ["项目资金（万元）", "<", "<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["^", "年度资金总额", "<", "10", "10", "10", "10", "100%", "10"]] + GOAL_LAYOUTS[layout] + IND
    project = normalize_self_eval(make_table(rows), 0)
    assert (project.goal_planned, project.goal_actual) == ("完成改造20户。", "完成改造21户。")
    assert project.budget_adjusted == 10.0 and len(project.indicators) == 4
