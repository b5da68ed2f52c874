"""Causes found by round 6 of the held-out narrative probe (tests/fixtures/narrative_probe.py,
N37-N40), each from a minimal hand-made case."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from jixiao.normalize.facts import extract_facts
from jixiao.normalize.records import NormalizedDocument, Section
from jixiao.validate.config import load_config
from jixiao.validate.narrative import check_narrative

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from narrative_cases import doc_of, table  # noqa: E402

CONFIG = load_config()


def rules(flags):
    return sorted(f.rule for f in flags)


DEPARTMENT_TITLE = "某区市场监督管理局2023年度部门整体支出绩效自评报告"
ANNEX_TITLE = "食品安全监督抽检项目绩效自评报告"


def annexed_report(money: str, score: str) -> NormalizedDocument:
    """A 部门整体 report followed by a project's own 自评报告 (附件1) and that project's 自评表."""
    sections = [
        Section(0, 0, DEPARTMENT_TITLE, DEPARTMENT_TITLE, "", page=1),
        Section(1, 1, "二、部门整体支出情况", f"{DEPARTMENT_TITLE} > 二、部门整体支出情况",
                "2023年部门全年预算4,102.6万元，全年支出4,037.88万元，预算执行率98.42%。", page=1),
        Section(2, 0, ANNEX_TITLE, ANNEX_TITLE, "附件2", page=2),
        Section(3, 1, "二、项目资金使用情况", f"{ANNEX_TITLE} > 二、项目资金使用情况", money, page=2),
        Section(4, 1, "四、自评结论", f"{ANNEX_TITLE} > 四、自评结论", score, page=2),
    ]
    return doc_of(sections, [table("食品安全监督抽检项目", 85.0, 82.45, "97%", 94.7)])


def test_an_annexed_project_report_is_checked_against_its_table():
    doc = annexed_report("项目年初预算资金850,000元，全年实际支出850,000元，预算执行率100%。",
                         "经自评，该项目自评得分94.5分，自评等级为优。")
    flags = check_narrative(doc, CONFIG)
    assert rules(flags) == ["narrative_score_mismatch", "narrative_table_mismatch", "narrative_table_mismatch"]
    assert not any("未点名" in f.message for f in flags)    # the annex's title names the table


def test_an_annexed_project_report_that_agrees_with_its_table_is_not_flagged():
    doc = annexed_report("项目年初预算资金850,000元，全年实际支出824,500元，预算执行率97%。",
                         "经自评，该项目自评得分94.7分，自评等级为优。")
    assert rules(check_narrative(doc, CONFIG)) == []


def test_the_department_part_of_such_a_document_is_not_the_project_table():
    doc = annexed_report("", "")
    assert rules(check_narrative(doc, CONFIG)) == []    # 4,102.6 / 4,037.88 stay the department's


def test_line_items_listed_after_qizhong_across_semicolons_are_parts():
    text = ("项目调整后预算108万元，全年实际支出104.76万元，预算执行率97%。"
            "其中培训费预算72万元，实际支出70.6万元；教材资料费预算8万元，实际支出6.2万元。")
    sections = [Section(0, 1, "一、项目资金情况", "一、项目资金情况", text, page=1)]
    doc = doc_of(sections, [table("新型职业农民培育工程", 108.0, 104.76, "97%", 94.0)])
    assert rules(check_narrative(doc, CONFIG)) == []


def test_a_semicolon_piece_without_a_qizhong_before_it_is_still_checked():
    text = "项目调整后预算108万元，全年实际支出104.76万元；全年实际支出6.2万元。"
    sections = [Section(0, 1, "一、项目资金情况", "一、项目资金情况", text, page=1)]
    doc = doc_of(sections, [table("新型职业农民培育工程", 108.0, 104.76, "97%", 94.0)])
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_table_mismatch"]


def test_a_budget_execution_progress_its_figures_contradict_is_flagged():
    text = "其中农村公路养护工程预算2,360万元，实际支出2,336.4万元，预算执行进度为100%。"
    doc = doc_of([Section(0, 3, "2.农村公路养护：", "2.农村公路养护：", text, page=1)], [])
    assert [f.value for f in doc.facts if f.kind == "exec_rate"] == [1.0]
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_rate_mismatch"]


def test_a_works_progress_is_no_execution_rate():
    doc = doc_of([Section(0, 3, "1.工程建设", "1.工程建设", "项目预算300万元，已支付120万元，工程执行进度为80%。", page=1)], [])
    assert [f for f in doc.facts if f.kind == "exec_rate"] == []


@pytest.mark.parametrize("sentence, kind, value", [
    ("项目预算100万元，实际支出98万元，预算执行率达到了100%。", "exec_rate", 1.0),
    ("全年预算执行率已达98%。", "exec_rate", 0.98),
    ("群众满意度达到了96%。", "satisfaction", 0.96),
    ("各类服务对象满意度均达95%以上。", "satisfaction", 0.95),
])
def test_a_rate_with_an_adverb_or_le_before_its_figure_is_read(sentence, kind, value):
    facts = extract_facts([Section(0, 1, "一、绩效目标完成情况", "一、绩效目标完成情况", sentence, page=1)], [], "D")
    assert [f.value for f in facts if f.kind == kind] == [value]


def test_a_rate_read_through_le_is_checked_against_its_sentence():
    doc = doc_of([Section(0, 1, "二、项目资金情况", "二、项目资金情况",
                          "项目预算100万元，实际支出98万元，预算执行率达到了100%。", page=1)], [])
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_rate_mismatch"]


@pytest.mark.parametrize("sentence, grade", [
    ("项目自评得分92分（满分100分），等级优秀。", "优"),
    ("最终得分92.5分，评价等级“优”。", "优"),
    ("自评总分92分，属于“优”等级。", "优"),
    ("经评价，该项目得分86分，评为“良好”等次。", "良"),
])
def test_a_grade_stated_without_a_verb_is_read(sentence, grade):
    facts = extract_facts([Section(0, 1, "四、自评结论", "四、自评结论", sentence, page=1)], [], "D")
    assert [f.text_value for f in facts if f.kind == "grade"] == [grade]


@pytest.mark.parametrize("sentence", [
    "将评价结果分为“优”“良”“中”“差”四个等级。",
    "评价等级“优”“良”“中”“差”分别对应90分以上、80-89分、60-79分和60分以下。",
    "等级优秀的项目3个。",
])
def test_a_scale_of_grades_or_a_count_of_graded_items_is_no_grade(sentence):
    facts = extract_facts([Section(0, 1, "二、评价方法", "二、评价方法", sentence, page=1)], [], "D")
    assert [f for f in facts if f.kind == "grade"] == []


def test_a_verbless_grade_the_score_contradicts_is_flagged():
    doc = doc_of([Section(0, 1, "四、自评结论", "四、自评结论", "最终得分86.5分，评价等级“优”。", page=1)], [])
    assert rules(check_narrative(doc, CONFIG)) == ["grade_mismatch"]


@pytest.mark.parametrize("sentence, kind, value", [
    ("本项目综合绩效评分为87.6分，评价结果为“良”。", "total_score", 87.6),
    ("评价得分合计91分，评价等级为优秀。", "total_score", 91.0),
    ("产出指标得分合计36.5分。", "sub_score", 36.5),
])
def test_a_score_named_绩效评分_or_summed_with_合计_is_read(sentence, kind, value):
    facts = extract_facts([Section(0, 1, "四、评价结论", "四、评价结论", sentence, page=1)], [], "D")
    assert [(f.kind, f.value) for f in facts if f.kind.endswith("score")] == [(kind, value)]


def test_a_绩效评分_its_grade_contradicts_is_flagged():
    doc = doc_of([Section(0, 1, "四、评价结论", "四、评价结论", "本项目综合绩效评分为87.6分，评价结果为“优”。", page=1)], [])
    assert rules(check_narrative(doc, CONFIG)) == ["grade_mismatch"]
