"""Blanks a reviewer would ask to have filled (missing_field) and a template left unfilled
(template_unfilled), on hand-built tables."""
from __future__ import annotations

from jixiao.normalize.self_eval import normalize_self_eval
from jixiao.normalize.template_text import is_instruction
from jixiao.validate.config import load_config
from jixiao.validate.project_rules import check_project
from test_self_eval_fixtures import central_table, make_table

CONFIG = load_config()

# a Sichuan-layout table exactly as a department downloads it: weights filled in, the rest still
# blank or holding the template's instructions
UNFILLED = [
    ["项目名称", "<", "工资性支出", "<", "<", "<", "<", "<", "<", "<"],
    ["主管部门", "<", "", "<", "<", "实施单位（盖章）", "<", "", "<", "<"],
    ["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因", "<"],
    ["^", "总额", "238.93", "251.89", "251.89", "", "10", "", "", "<"],
    ["^", "其中：财政资金", "238.93", "251.89", "251.89", "100.00%", "/", "/", "", "<"],
    ["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", "<", "<", "<", "年度目标完成情况", "<", "<", "<"],
    ["^", "^", "保障工资及时足额发放。", "<", "<", "<", "对照年度目标，说明相关任务目标的完成情况（100字以内）", "<", "<", "<"],
    ["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分"],
    ["^", "产出指标", "数量指标", "发放覆盖率", "=", "100", "%", "", "60", ""],
    ["^", "效益指标", "社会效益指标", "足额保障率", "=", "100", "%", "对照指标值填写实际完成情况", "30", "25"],
    ["合计", "<", "<", "<", "<", "<", "<", "<", "100", ""],
    ["评价结论", "<", "结合自评情况，说明项目自评总分，说明项目实施取得的成效或成果。（200字以内）", "<", "<", "<", "<", "<", "<", "<"],
    ["存在问题", "<", "结合自评情况，分析存在的问题及原因。（200字以内）", "<", "<", "<", "<", "<", "<", "<"],
]


def by_rule(flags, rule):
    return [f for f in flags if f.rule == rule]


def test_unfilled_template_is_read_and_reported_once():
    project = normalize_self_eval(make_table(UNFILLED, ["部门预算项目支出绩效自评表（2023 年度）"]), 0)
    # what the cells hold is kept as printed, and the funding block is read by its labels
    assert project.goal_planned == "保障工资及时足额发放。"
    assert project.goal_actual == "对照年度目标，说明相关任务目标的完成情况（100字以内）"
    assert (project.budget_initial, project.budget_adjusted, project.executed) == (238.93, 251.89, 251.89)
    assert [f.source for f in project.funding] == ["total", "fiscal"]
    assert project.template_fields == ["goal_actual", "conclusion", "problems", "indicators[1].actual_raw"]
    flags = check_project(project, "d:0", CONFIG)
    unfilled = by_rule(flags, "template_unfilled")
    assert len(unfilled) == 1 and unfilled[0].severity == "warning"
    assert unfilled[0].message.startswith("自评表未按模板填写：目标完成情况、评价结论、存在问题、完成值仍为填写说明")
    missing = {f.field for f in by_rule(flags, "missing_field")}
    assert missing == {"competent_dept", "implementing_unit", "exec_rate_stated", "budget_score", "total_score_stated",
                       "indicators[0].actual_raw", "indicators[0].score", "indicators[1].actual_raw"}
    # the instruction text in a 完成值 cell is not a figure: no proportional score from its `100字`
    assert not by_rule(flags, "indicator_score_mismatch")
    assert not [f for f in flags if f.severity == "error"]


def test_missing_field_points_at_the_blank_cell():
    project = normalize_self_eval(make_table(UNFILLED, page=4), 0)
    flags = {f.field: f for f in by_rule(check_project(project, "d:0", CONFIG), "missing_field")}
    assert (flags["competent_dept"].row, flags["competent_dept"].col, flags["competent_dept"].page) == (1, 2, 4)
    assert (flags["total_score_stated"].row, flags["total_score_stated"].col) == (10, 9)
    assert (flags["indicators[0].score"].row, flags["indicators[0].score"].col) == (8, 9)
    assert flags["indicators[0].actual_raw"].message == "指标“发放覆盖率”未填“实际完成值”"


def test_a_filled_table_draws_no_missing_field():
    assert by_rule(check_project(normalize_self_eval(central_table(), 0), "d:0", CONFIG), "missing_field") == []
    assert by_rule(check_project(normalize_self_eval(central_table(), 0), "d:0", CONFIG), "template_unfilled") == []


def test_labels_the_template_does_not_print_are_not_asked_for():
    rows = [r for r in UNFILLED if r[0] != "主管部门"]
    project = normalize_self_eval(make_table(rows), 0)
    fields = {f.field for f in by_rule(check_project(project, "d:0", CONFIG), "missing_field")}
    assert "competent_dept" not in fields and "implementing_unit" not in fields


def test_instruction_text_patterns():
    assert is_instruction("对照年度目标，说明相关任务目标的完成情况（100字以内）")
    assert is_instruction("针对项目自评中发现的问题，提出下一步改进完善的意见及有关政策性建议。(200字以内)")
    assert is_instruction("请填写项目实施内容")
    assert not is_instruction("本年度财政拨款为150万元，执行数为125.25万元，完成预算的83.50%。")
    assert not is_instruction("针对存在问题，提出整改措施并落实到位。")
    assert not is_instruction(None)
