"""Figures as other regions' self-evaluation reports state them (issue #16), and the prose checked
against the document's own 自评表: narrative_table_mismatch, narrative_unit_suspect, and the
total score of a report's only table."""
from __future__ import annotations

import pytest

from jixiao.normalize.facts import extract_facts, subject_in, unit_evidence
from jixiao.normalize.records import CellRef, FundingLine, NormalizedDocument, Project, Section
from jixiao.validate.config import load_config
from jixiao.validate.narrative import check_narrative

CONFIG = load_config()


def sec(text, heading="1.执行率情况", page=None, level=3, seq=0):
    return Section(seq=seq, level=level, heading=heading, path=f"一、自评结论 > {heading}", text=text, page=page)


def project(name="安居村人畜饮水工程项目", budget=2300.0, executed=2113.63, rate_raw="91.9%", rate=0.919,
            total=99.19, index=0, funding=()):
    return Project(table_index=index, project_name=name, budget_initial=budget, budget_adjusted=budget,
                   executed=executed, budget_initial_raw=f"{budget:g}", budget_adjusted_raw=f"{budget:g}",
                   executed_raw=f"{executed:g}", exec_rate_stated=rate, exec_rate_stated_raw=rate_raw,
                   total_score_stated=total, total_score_raw=f"{total:g}" if total is not None else None,
                   funding=list(funding),
                   refs={"exec_rate_stated": CellRef(index, 3, 7, page=4, x0=400.0, top=200.0, x1=440.0, bottom=215.0),
                         "executed": CellRef(index, 3, 5, page=4), "budget_adjusted": CellRef(index, 3, 4, page=4)})


def doc_of(sections, projects):
    doc = NormalizedDocument(doc_id="D", projects=list(projects), sections=list(sections))
    doc.facts = extract_facts(doc.sections, doc.projects, "D")
    return doc


def kinds(facts):
    return [(f.kind, round(f.value, 6) if f.value is not None else f.text_value) for f in facts]


# ---------------------------------------------------------------- facts

def test_figures_of_the_transfer_outline():
    facts = extract_facts([sec("截至2022年12月31日，项目实际支出101.85万元，预算执行率97%，结余3.15万元系工程结算审减。",
                               heading="2.项目资金执行情况分析。"),
                           sec("2022年衔接资金105万元分两批下达，均已及时拨付到位。", heading="1.项目资金到位情况分析。")],
                          [], "D")
    assert kinds(facts) == [("executed", 101.85), ("exec_rate", 0.97), ("budget", 105.0)]


def test_a_heading_that_states_figures_gives_facts():
    heading = "（一）临川区水务局2022年衔接资金共下达105万元，用于实施南岭村、石桥村农村供水管网改造工程。"
    facts = extract_facts([Section(0, 2, heading, heading, "", page=1),
                           Section(1, 2, "（二）绩效目标设定情况。", "（二）绩效目标设定情况。", "", page=1)], [], "D")
    assert kinds(facts) == [("budget", 105.0)]
    assert facts[0].page == 1 and facts[0].sentence.startswith("临川区水务局2022年衔接资金共下达105万元")


def test_self_evaluation_score_is_the_total():
    facts = extract_facts([sec("根据项目支出绩效自评指标体系，对照年初绩效目标逐项打分，该项目自评得分100分，自评等级为优。",
                               heading="（一）自评得分")], [], "D")
    assert kinds(facts) == [("total_score", 100.0), ("grade", "优")]
    assert [f.subject for f in facts] == [None, None]     # 根据 / 该 are no project's name


def test_prepositions_are_not_part_of_a_subject():
    assert subject_in("根据项目支出绩效自评指标体系") is None
    assert subject_in("按照项目管理办法") is None
    assert subject_in("2024年工会工作者人员经费项目财政预算资金为800万元") == "工会工作者人员经费"


def test_yuan_amount_that_is_a_table_figure_in_wan_is_suspect():
    table = project(name="公共文化设施运行保障项目", budget=2300.0, executed=2263.81, rate_raw="98.43%", rate=0.9843)
    facts = extract_facts([sec("全年总支出2263.81元，预算执行率98.43%。", heading="2.简要概述项目资金情况")], [table], "D")
    (paid,) = [f for f in facts if f.kind == "executed"]
    assert paid.unit_suspect and paid.value == pytest.approx(0.226381)
    assert "2263.81 万元" in unit_evidence(paid, facts, [table])


def test_yuan_amount_whose_wan_reading_gives_the_stated_rate_is_suspect():
    facts = extract_facts([sec("全年预算数2300万元。全年总支出2263.81元，预算执行率98.43%。")], [], "D")
    assert [f.unit_suspect for f in facts if f.kind == "executed"] == [True]


def test_yuan_amounts_that_hold_as_printed_are_trusted():
    table = project(name="京卡服务项目宣传活动费", budget=1.8, executed=1.216, rate_raw="67.56%", rate=0.6756)
    facts = extract_facts([sec("京卡服务项目宣传活动费项目预算资金为1.8万元，实际支付12160元。")], [table], "D")
    assert [f.unit_suspect for f in facts] == [False, False]
    alone = extract_facts([sec("每户补助资金支出2000元。")], [], "D")
    assert [f.unit_suspect for f in alone] == [False]


# ---------------------------------------------------------------- narrative_table_mismatch

def test_rate_that_contradicts_the_only_table():
    doc = doc_of([sec("项目全年预算数2300万元，截至2020年12月31日实际支出2113.63万元，执行率97%。", page=2)], [project()])
    flags = check_narrative(doc, CONFIG)
    # the sentence contradicts itself too (2113.63 / 2300 = 91.90%): that needs no table to be sure of
    assert [(f.rule, f.severity) for f in flags] == [("narrative_rate_mismatch", "warning"),
                                                     ("narrative_table_mismatch", "warning")]
    flag = flags[1]
    assert flag.stated == "执行率97%" and flag.expected == "91.9%"
    assert flag.project_id == "D:0" and flag.field == "exec_rate_stated"
    assert (flag.page, flag.table_index, flag.row, flag.col, flag.x0) == (4, 0, 3, 7, 400.0)    # the table cell
    assert "第 2 页" in flag.message and "1.执行率情况" in flag.message and "第 4 页第 4 行" in flag.message


def test_amounts_that_differ_from_the_table():
    doc = doc_of([sec("项目全年预算数2300万元，实际支出2213.63万元。")], [project()])
    flags = check_narrative(doc, CONFIG)
    assert [(f.rule, f.field, f.stated, f.expected) for f in flags] == [
        ("narrative_table_mismatch", "executed", "2213.63万元", "2113.63万元")]


@pytest.mark.parametrize("text", [
    "项目全年预算数2300万元，实际支出2113.63万元，执行率91.9%。",
    "执行率92%。",                                        # 91.9% printed to whole percent
    "实际支出2113.6万元。",                               # rounded to one decimal
    "执行率91.89%。",                                     # 2113.63 / 2300 recomputed
    "其中财政资金下达1500万元。",                          # a funding line's budget
])
def test_figures_the_table_bears_out(text):
    fiscal = FundingLine(source="fiscal", label_raw="财政拨款", budget_initial=1500.0, budget_adjusted=1500.0,
                         executed=1400.0)
    doc = doc_of([sec(text)], [project(funding=[fiscal])])
    assert [f.rule for f in check_narrative(doc, CONFIG) if f.rule == "narrative_table_mismatch"] == []


def test_attribution_needs_a_named_table_or_a_single_one():
    other = doc_of([sec("“乡村道路硬化”项目实际支出50万元，执行率50%。")], [project()])
    assert check_narrative(other, CONFIG) == []          # another project, named
    two = doc_of([sec("执行率97%。")], [project(), project(name="乙项目", index=1)])
    assert check_narrative(two, CONFIG) == []            # which of two tables: unknown
    named = doc_of([sec("“安居村人畜饮水工程”项目执行率97%。")], [project(), project(name="乙项目", index=1)])
    assert [(f.rule, f.severity) for f in check_narrative(named, CONFIG)] == [("narrative_table_mismatch", "warning")]


def test_unit_suspect_amount_is_reported_not_compared():
    table = project(name="公共文化设施运行保障项目", budget=2300.0, executed=2263.81, rate_raw="98.43%", rate=0.9843,
                    total=None)
    doc = doc_of([sec("全年总支出2263.81元，预算执行率98.43%。", heading="2.简要概述项目资金情况", page=1)], [table])
    flags = check_narrative(doc, CONFIG)
    assert [(f.rule, f.severity, f.stated, f.expected) for f in flags] == [
        ("narrative_unit_suspect", "warning", "2263.81元", "2263.81万元")]
    assert "全年执行数 2263.81 万元" in flags[0].message and flags[0].page == 1


def test_total_score_of_the_only_table():
    ok = doc_of([sec("该项目自评得分99.19分。", heading="（一）自评得分")], [project()])
    assert check_narrative(ok, CONFIG) == []
    bad = doc_of([sec("该项目自评得分100分。", heading="（一）自评得分")], [project()])
    flags = check_narrative(bad, CONFIG)
    assert [(f.rule, f.severity, f.expected) for f in flags] == [("narrative_score_mismatch", "warning", "99.19")]


def test_rule_can_be_disabled():
    from jixiao.validate.config import Config
    doc = doc_of([sec("执行率97%。")], [project()])
    config = {"rules": {"narrative_table_mismatch": {"enabled": False}}}
    assert check_narrative(doc, config) == []
    assert isinstance(CONFIG, Config)


def test_department_figures_are_not_the_only_tables():
    sections = [Section(0, 0, "某局2022年度部门整体支出绩效自评报告", "某局2022年度部门整体支出绩效自评报告", ""),
                Section(1, 1, "二、部门整体支出情况", "某局2022年度部门整体支出绩效自评报告 > 二、部门整体支出情况",
                        "2022年部门年度预算总额为1865.32万元，其中基本支出612.40万元、项目支出1252.92万元；"
                        "全年支出合计为1802.17万元。")]
    doc = doc_of(sections, [project(name="高标准农田建设项目", budget=860.0, executed=842.6, rate_raw="97.98%",
                                    rate=0.9798)])
    assert [(f.kind, f.value) for f in doc.facts if f.kind.startswith("department")] == [
        ("department_budget", 1865.32), ("department_executed", 1802.17)]
    assert check_narrative(doc, CONFIG) == []


@pytest.mark.parametrize("text", [
    "截至2020年6月底，项目实际支出1000万元，支出进度43%。",        # interim, not the year's figure
    "中心年初批复预算6个项目385万元。",                             # several projects
])
def test_figures_not_about_the_only_tables_year(text):
    assert check_narrative(doc_of([sec(text)], [project()]), CONFIG) == []


def test_parts_of_the_tables_money_are_not_its_whole():
    """A transfer report states its money by source and by item: 中央和省级 9,856 + 市级 2,580 make
    the table's 12,436; an item introduced by 其中 is part of it too. Only the whole is compared."""
    text = ("中央和省级共下达补助资金9,856万元。市级财政安排补助资金2,580万元。其中，市级财政预算安排"
            "丧葬补助金150万元，全年实际发放163.42万元。全年共支出12,436万元。注：全年预算数含上年结转资金186.5万元。")
    doc = doc_of([sec(text)], [project(budget=12436.0, executed=12436.0, rate_raw="100%", rate=1.0)])
    assert [f.rule for f in check_narrative(doc, CONFIG) if f.rule == "narrative_table_mismatch"] == []
    wrong = doc_of([sec("中央和省级共下达补助资金9,856万元。市级财政安排补助资金2,000万元。")],
                   [project(budget=12436.0, executed=12436.0, rate_raw="100%", rate=1.0)])
    assert [f.stated for f in check_narrative(wrong, CONFIG) if f.rule == "narrative_table_mismatch"] == \
        ["9,856万元", "2,000万元"]
