"""normalize.labels: synonym dictionary + jieba keyword matching, row labels, funding sources."""
from __future__ import annotations

import pytest

from jixiao.normalize.labels import (funding_source, map_column, money_unit_in, normalize_label, row_label,
                              strip_score_suffix, tokens)


@pytest.mark.parametrize("label,field", [
    # printed wordings, wrapped the way narrow cells wrap them
    ("年初预 算数", "budget_initial"), ("年初预算", "budget_initial"),
    ("全年预 算数", "budget_adjusted"), ("调整后预算数", "budget_adjusted"), ("预算数", "budget_adjusted"),
    ("全年 执行数", "executed"), ("预算执行数", "executed"),
    ("执 行 率", "exec_rate"), ("预算执行率", "exec_rate"),
    ("分 值", "weight"), ("权重", "weight"), ("得 分", "score"),
    ("一级指 标", "level1"), ("二级指标", "level2"), ("三级指标", "level3"),
    ("年度 指标值", "target"), ("指标值", "target"),
    ("实际 完成值", "actual"), ("完成值", "actual"), ("实际值", "actual"),
    ("偏差原因分 析及改进 措施", "deviation_note"), ("未完成原因分析", "deviation_note"), ("原因", "deviation_note"),
    ("指标性质", "operator"), ("度量单位", "unit"),
    # wordings not in the dictionary: mapped by jieba tokens + keyword groups
    ("调整后全年预算", "budget_adjusted"), ("实际完成指标值", "actual"), ("未完成原因及改进措施", "deviation_note"),
    ("资金执行数", "executed"), ("自评得分", "score"), ("指标权重", "weight"), ("全年目标值", "target"),
    ("年初批复预算", "budget_initial"), ("实际支出金额", "executed"),
])
def test_map_column(label, field):
    assert map_column(label) == field


@pytest.mark.parametrize("label", ["佐证材料编号", "", None, "序号"])
def test_unknown_labels_map_to_nothing(label):
    assert map_column(label) is None


def test_tokens_are_jieba_words():
    assert "执行率" in tokens("预算执行率")
    assert "年初" in tokens("年初预算数")


@pytest.mark.parametrize("label,kind", [
    ("项目名称", "project_name"), ("主管部门", "competent_dept"), ("实施单位", "implementing_unit"),
    ("实施单", "implementing_unit"), ("联系电", "contact_phone"), ("项目负责人", "project_lead"),
    ("总分", "total"), ("合计", "total"), ("年度 总体 目标", "goal"), ("预期目标", "goal_planned"),
    ("实际完成情况", "goal_actual"), ("评价结论", "conclusion"), ("存在问题", "problems"),
    ("改进措施", "measures"), ("项目资金 （万元）", "funding_section"), ("绩效 指标", "indicator_section"),
])
def test_row_label(label, kind):
    assert row_label(label) == kind


@pytest.mark.parametrize("label,source", [
    ("年度资金总额", "total"), ("年度资金总额:", "total"), ("总额", "total"),
    ("其中：当年财政 拨款", "fiscal"), ("其中:本年财政拨款", "fiscal"), ("财政资金", "fiscal"),
    ("上年结转 资金", "carryover"), ("其他资金", "other"), ("财政专户管理资金", "fiscal_special"),
    ("单位资金", "unit"),
])
def test_funding_source(label, source):
    assert funding_source(label) == source


def test_unknown_funding_source_is_stable_lower_case():
    a, b = funding_source("社保基金补助"), funding_source("社保基金补助")
    assert a == b and a == a.lower() and a.isascii()


def test_normalize_label_and_units():
    assert normalize_label("项目资金（万元）") == "项目资金"
    assert normalize_label("其中：当年财政 拨款") == "当年财政拨款"
    assert money_unit_in("项目资金（元）") == "元" and money_unit_in("单位：元") == "元"
    assert money_unit_in("项目资金 (万元)") == "万元" and money_unit_in("项目资金") is None


@pytest.mark.parametrize("text,name,points", [
    ("产出指标（50分）", "产出指标", 50.0), ("效益指标(30 分", "效益指标", 30.0),
    # read, but kept as printed: the SCHEMA (and its scorer) drop only a bracketed 分
    ("产出指标 50分", "产出指标 50分", 50.0), ("满意度指标10分", "满意度指标10分", 10.0), ("产出指标（50）", "产出指标（50）", 50.0),
    ("产出指标", "产出指标", None), ("培训合格率90分", "培训合格率90分", None), ("培训人数（120）", "培训人数（120）", None),
])
def test_points_a_level_label_carries(text, name, points):
    from jixiao.normalize.labels import score_suffix_points
    assert (strip_score_suffix(text), score_suffix_points(text)) == (name, points)


@pytest.mark.parametrize("text,listed", [("一、产出指标", True), ("（二）效益指标（30分）", True), ("1.产出指标", True),
                                         ("产出指标 50分", True), ("一、项目概况", False), ("数量指标", False)])
def test_level1_names_behind_a_numbering(text, listed):
    from jixiao.normalize.labels import is_level1_name
    assert is_level1_name(text) is listed


def test_strip_score_suffix():
    assert strip_score_suffix("产出指标(50分)") == "产出指标"
    assert strip_score_suffix("效益指标（30 分）") == "效益指标"
    assert strip_score_suffix("产出指标") == "产出指标"


@pytest.mark.parametrize("label,field", [
    ("预算完成率", "exec_rate"), ("资金使用率", "exec_rate"), ("预算执行进度", "exec_rate"), ("资金支出率", "exec_rate"),
    ("权数", "weight"), ("指标权数", "weight"),
    ("完成率", "actual"), ("全年执行数", "executed"), ("全年预算数", "budget_adjusted"),   # unchanged beside them
])
def test_other_forms_words_for_the_rate_and_the_weight(label, field):
    # 预算完成率 was read as a budget column and the rate lost; 权数 was no column at all
    assert map_column(label) == field


@pytest.mark.parametrize("label,field", [("全年预箅数", "budget_adjusted"), ("实际完戌值", "actual"),
                                         ("偏差原因分忻及改进措施", "deviation_note")])
def test_one_character_misread_by_ocr(label, field):
    assert map_column(label) == field


def test_ocr_misread_row_labels_and_section_labels_are_not_columns():
    assert row_label("项日名称") == "project_name" and row_label("主管部i") == "competent_dept"
    assert map_column("绩效指标") is None


@pytest.mark.parametrize("label,kind", [
    ("预算执行情况（10分）", "funding_section"), ("预算执行情况(10分", "funding_section"),   # OCR lost the ）
    ("绩效指标（90分）", "indicator_section"), ("实施单位（盖章）", "implementing_unit"),
    ("实施单位(盖章", "implementing_unit"), ("主管部门(签章)", "competent_dept"),
    ("1.项目年度目标完成情况", "goal"), ("项目年度目标", "goal_planned"), ("年度目标完成情况", "goal_actual"),
    ("实际完成目标", "goal_actual"), ("预期绩效目标", "goal_planned"), ("实际完成结果", "goal_actual"),
])
def test_row_labels_of_other_regions(label, kind):
    assert row_label(label) == kind


@pytest.mark.parametrize("text", ["完成培训9场", "实际完成120人次培训任务并通过验收"])
def test_goal_keywords_do_not_take_values_for_labels(text):
    assert row_label(text) is None


@pytest.mark.parametrize("label,source", [
    ("上级补助", "superior_subsidy"), ("其中：上级补助资金", "superior_subsidy"), ("财政专户管理资金", "fiscal_special"),
    ("单位资金", "unit"), ("社保基金补助", "shebao_jijin_buzhu"), ("债券资金", "zhaiquan_zijin"),
    ("自治区补助", "superior_subsidy"), ("其中：省补助资金", "superior_subsidy"), ("州级补助", "superior_subsidy"),
    ("县级配套", "xianji_peitao"),
])
def test_funding_sources_readable(label, source):
    assert funding_source(label) == source


def test_points_and_units_in_brackets_are_dropped_even_unclosed():
    assert normalize_label("执行率（%）") == normalize_label("执行率（%") == "执行率"
    assert normalize_label("项目资金（万元") == "项目资金"
    assert strip_score_suffix("产出指标(50分") == "产出指标"


def test_a_project_name_that_reads_like_a_goal_label_is_still_the_name():
    from jixiao.normalize.self_eval import normalize_self_eval
    from test_self_eval_fixtures import make_table
    project = normalize_self_eval(make_table([["项目名称", "实际完成情况核查"], ["主管部门", "县审计局"]]), 0)
    assert (project.project_name, project.competent_dept) == ("实际完成情况核查", "县审计局")


@pytest.mark.parametrize("label,kind", [
    ("项目主管部门", "competent_dept"), ("预算部门", "competent_dept"), ("资金主管部门", "competent_dept"),
    ("项目执行单位", "implementing_unit"), ("项目承担单位", "implementing_unit"), ("资金实施单位", "implementing_unit"),
    ("绩效评价等级", "grade"), ("自评分合计", "total"), ("项目绩效指标", "indicator_section"),
    ("项目绩效目标", "goal"),      # one character from 项目绩效指标: listed, so no near match takes it
])
def test_head_and_foot_wordings_of_other_templates(label, kind):
    assert row_label(label) == kind


@pytest.mark.parametrize("label,field", [("年初目标值", "target"), ("年初指标值", "target"),
                                         ("计划完成值", "target"), ("年初预算数", "budget_initial")])
def test_a_target_set_at_the_start_of_the_year_is_no_amount(label, field):
    # 年初 names both the opening budget (年初预算数) and the target set with it (年初目标值)
    assert map_column(label) == field


@pytest.mark.parametrize("label", ["偏差率", "偏差值"])
def test_a_deviation_figure_is_no_deviation_note(label):
    # how far off (4%), beside the 偏差原因分析 column that says why
    assert map_column(label) is None


@pytest.mark.parametrize("label", ["存在问题及改进措施", "存在的问题和整改措施", "问题及整改措施"])
def test_a_row_naming_problems_and_measures_is_kept_as_problems(label):
    assert row_label(label) == "problems"


@pytest.mark.parametrize("label,kind", [
    ("绩效自评结论", "conclusion"), ("评价意见", "conclusion"), ("整改建议", "measures"),
    ("下一步改进措施", "measures"), ("存在问题及建议", "problems"), ("绩效自评得分", "total"),
    ("项目绩效自评总分", "total"), ("联系方式", "contact_phone"),
])
def test_foot_rows_of_county_forms(label, kind):
    assert row_label(label) == kind


@pytest.mark.parametrize("label,field", [
    ("执行率得分", "score"), ("预算执行率得分", "score"), ("执行率分值", "weight"), ("执行率（B/A）", "exec_rate"),
    ("实际支付数", "executed"), ("实现值", "actual"), ("达成值", "actual"),
])
def test_points_earned_by_the_rate_are_no_rate(label, field):
    assert map_column(label) == field
