"""normalize.facts on real sentences of the seed report (and variants): kind, value, subject,
project match, page."""
from __future__ import annotations

import pytest

from jixiao.normalize.facts import extract_facts, heading_subject, sentences, subject_in
from jixiao.normalize.records import Project, Section


def sec(text, heading="（一）项目资金情况", path=None, page=None, seq=0, level=2):
    return Section(seq=seq, level=level, heading=heading, path=path or heading, text=text, page=page)


def facts_of(text, heading="项目资金情况", projects=(), doc_id="D"):
    return extract_facts([sec(text, heading)], list(projects), doc_id)


def only(facts, kind):
    found = [f for f in facts if f.kind == kind]
    assert len(found) == 1, [(f.kind, f.value_raw) for f in facts]
    return found[0]


def test_budget_and_paid_with_subject_from_earlier_sentence():
    text = ("丰财政法年初批复[2024]14号，2024年工会工作者人员经费项目财政预算资金为800万元。"
            "项目总资金截止2024年12月底共支付金额为3296.17万元，超出预算部分以自筹资金支付。")
    facts = facts_of(text)
    budget, paid = only(facts, "budget"), only(facts, "executed")
    assert (budget.value, budget.unit, budget.value_raw) == (800.0, "万元", "800万元")
    assert paid.value == pytest.approx(3296.17)
    assert budget.subject == paid.subject == "工会工作者人员经费"
    assert budget.project_id is None                     # no 自评表 for this project
    assert paid.sentence.startswith("项目总资金截止2024年12月底")
    assert budget.section_path == "项目资金情况"


def test_project_id_when_subject_matches_a_table():
    projects = [Project(table_index=3, project_name="2024 京卡服务项目宣传活动费")]
    facts = facts_of("2024年京卡服务项目宣传活动费项目预算资金为1.8万元，实际支付12160元。", projects=projects)
    budget, paid = only(facts, "budget"), only(facts, "executed")
    assert budget.project_id == "D:3" and paid.project_id == "D:3"
    assert paid.value == pytest.approx(1.216)            # 元 -> 万元


def test_total_score_and_grade():
    text = ("“工会工作者人员经费”项目绩效评价综合得分 87.22 分，项目综合绩效评定结论为“良”。")
    facts = facts_of(text, heading="三、综合评价情况及评价结论")
    total, grade = only(facts, "total_score"), only(facts, "grade")
    assert total.value == 87.22 and total.subject == "工会工作者人员经费"
    assert grade.text_value == "良" and grade.value is None and grade.subject == "工会工作者人员经费"


@pytest.mark.parametrize("text, grade", [
    ("评价等级为优秀。", "优"), ("绩效评价结果为“良好”。", "良"), ("评定等级：中。", "中"), ("评价结论为不合格。", "差"),
])
def test_grade_words(text, grade):
    assert only(facts_of(text), "grade").text_value == grade


def test_grade_scale_description_is_not_a_grade():
    assert not [f for f in facts_of("评价等级分为优、良、中、差四个等次。") if f.kind == "grade"]


def test_sub_score_and_loss_rate_take_subject_from_heading():
    facts = facts_of("项目为延续性项目，立项缺乏可行性和论证。故考评平均分为 2.84 分，失分率为 5.33%。",
                     heading="1、项目立项分析")
    score, loss = only(facts, "sub_score"), only(facts, "loss_rate")
    assert (score.value, score.subject) == (2.84, "项目立项")
    assert loss.value == pytest.approx(0.0533) and loss.subject == "项目立项" and loss.unit == "%"


def test_part_score_names_its_part_and_full_marks():
    facts = facts_of("项目决策指标分值满分 10 分，综合得分 8.22 分。", heading="3、资金投入分析")
    score = only(facts, "sub_score")
    assert (score.value, score.subject, score.full_marks) == (8.22, "项目决策", 10.0)


def test_satisfaction_and_survey_count_without_project():
    facts = facts_of("丰台区总工会服务对象满意度达到 90%以上", heading="3.服务对象满意度")
    sat = only(facts, "satisfaction")
    assert sat.value == pytest.approx(0.9) and sat.subject == "服务对象满意度" and sat.project_id is None
    count = only(facts_of("6、满意度调查问卷 160 份，调查对象及范围不够明确。", heading="五、存在的问题"), "count")
    assert (count.value, count.unit) == (160.0, "份")


def test_text_without_figures_gives_nothing():
    assert facts_of("科学规范、公正公开、分级分类和绩效相关。") == []
    assert facts_of("主要包括项目决策、项目过程、项目产出、项目效益 4 个方面，满分 100 分。") == []


def test_page_of_sentence_from_section_pages():
    s = sec("第一句预算资金为5万元。第二句支付金额为4万元。", page=3)
    s._pages = [(0, 3), (12, 4)]
    facts = extract_facts([s], [], "D")
    assert [f.page for f in facts] == [3, 4]


def test_helpers():
    assert subject_in("2024年工会工作者人员经费项目财政预算资金为800万元") == "工会工作者人员经费"
    assert subject_in("对“工会工作人员经费”项目给予综合分析") == "工会工作人员经费"
    assert subject_in("本项目由北京市丰台区总工会开展实施") is None
    assert heading_subject("（一）项目决策情况") == "项目决策"
    assert heading_subject("2、可持续影响") == "可持续影响"
    assert heading_subject("3.满意度指标完成情况分析。") == "满意度指标完成"   # a run-in heading's full stop
    assert [s for _, s in sentences("甲。乙；\n丙")] == ["甲。", "乙；", "丙"]


def test_department_totals():
    facts = facts_of("2024年部门年度预算总额为56.86万元，部门全年支出合计为50.2万元。", heading="一、部门概况")
    assert [(f.kind, f.value) for f in facts] == [("department_budget", 56.86), ("department_executed", 50.2)]
    # a project's figures in a department's report stay project figures
    facts = facts_of("2024年工会工作者人员经费项目财政预算资金为800万元。")
    assert [f.kind for f in facts] == ["budget"]


def test_bare_defen_is_a_part_score_not_the_total():
    facts = facts_of("预算执行率为100%，预算执行得分 10 分。项目绩效评价得分 87 分。", heading="四、评价结果")
    kinds = [(f.kind, f.value, f.subject) for f in facts]
    assert ("sub_score", 10.0, "预算执行") in kinds and ("total_score", 87.0, None) in kinds
    assert ("exec_rate", 1.0, None) in kinds


def test_differences_are_not_budgets():
    facts = facts_of("项目共支付500万元，超出预算部分100万元以自筹资金支付，年末结余预算5万元。")
    assert [(f.kind, f.value) for f in facts] == [("executed", 500.0)]


def test_subject_carries_to_the_next_paragraph_of_the_section():
    facts = facts_of("2024年工会工作者人员经费项目财政预算资金为800万元。\n截至12月底共支付3296.17万元。")
    assert [f.subject for f in facts] == ["工会工作者人员经费", "工会工作者人员经费"]
    other = extract_facts([sec("甲乙经费项目预算资金为8万元。", heading="一、甲"),
                           sec("共支付9万元。", heading="二、乙", seq=1)], [], "D")
    assert [f.subject for f in other] == ["甲乙经费", None]


def test_amounts_with_thousands_separators_are_whole():
    facts = facts_of("截至2023年12月31日，项目实际支出1,865.4万元，预算执行率97.71%，结余资金已收回。"
                     "共下达资金12,436万元,其中中央资金7,412万元。")
    assert only(facts, "executed").value == pytest.approx(1865.4)
    assert [f.value for f in facts if f.kind == "budget"] == [12436.0]


def test_subsidies_paid_out_are_executed():
    facts = facts_of("市级财政预算安排丧葬补助金150万元，全年实际发放163.42万元，超出预算部分由基金调剂解决。")
    assert only(facts, "budget").value == 150.0
    assert only(facts, "executed").value == pytest.approx(163.42)


def test_construction_investment_planned_and_completed():
    facts = facts_of("项目计划总投资1,250万元，其中中央资金1,000万元。截至2023年12月底，项目实际完成投资1,318.6万元，"
                     "超出计划投资部分由县级财政配套解决。")
    assert [f.value for f in facts if f.kind == "budget"] == [1250.0]
    assert only(facts, "executed").value == pytest.approx(1318.6)


def test_overall_rating_score():
    facts = facts_of("对照部门整体支出绩效评价指标，我局2023年度部门整体支出综合评分79.5分，评价等级为“良”。",
                     heading="四、自评结论")
    assert only(facts, "total_score").value == 79.5 and only(facts, "grade").text_value == "良"


def test_a_budget_raised_to_is_the_budget_and_an_increment_is_not():
    facts = facts_of("年初预算安排60万元，年中追加至80万元，全年实际支出78.5万元。")
    assert [f.value for f in facts if f.kind == "budget"] == [60.0, 80.0]
    assert only(facts, "executed").value == pytest.approx(78.5)
    assert [f.value for f in facts_of("年初预算安排60万元，年中追加20万元。") if f.kind == "budget"] == [60.0]


def test_the_projects_own_score_is_the_total():
    facts = facts_of("经综合评价，该项目得分97.6分，评价等级为“优”。项目决策得分18分。", heading="四．评价结论")
    kinds = [(f.kind, f.value) for f in facts]
    assert ("total_score", 97.6) in kinds and ("sub_score", 18.0) in kinds
    assert ("sub_score", 97.6) not in kinds


def test_a_full_width_comma_between_thousands_is_no_clause_break():
    facts = facts_of("中央和省级共下达补助资金9，856万元，其中中央资金7,412万元。项目预算1，234，567元，实际支出9，856元。")
    assert [(f.kind, round(f.value, 4)) for f in facts if f.kind == "budget"][:1] == [("budget", 9856.0)]
    assert ("budget", 123.4567) in [(f.kind, round(f.value, 4)) for f in facts]
    assert ("executed", 0.9856) in [(f.kind, round(f.value, 4)) for f in facts]
    from jixiao.normalize.facts import WIDE_THOUSANDS    # a count, or no group of three: clauses stay apart
    assert WIDE_THOUSANDS.sub(r"\1,", "共3，856户，投入12，35万元") == "共3，856户，投入12，35万元"
