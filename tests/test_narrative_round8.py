"""Causes found by round 8 of the held-out narrative probe (tests/fixtures/narrative_probe.py,
N48-N51), each from a minimal hand-made case: a 评分表 stated in prose (the parts' scores beside a
total they must make)."""
from __future__ import annotations

import sys
from pathlib import Path

from jixiao.normalize.records import Section
from jixiao.validate.config import load_config
from jixiao.validate.narrative import check_narrative

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from narrative_cases import doc_of  # noqa: E402

CONFIG = load_config()
REPORT = "某州2024年度农村公路养护补助资金绩效评价报告"


def section(heading, text, root=REPORT, index=1, level=1):
    return Section(index, level, heading, f"{root} > {heading}" if root else heading, text, page=1)


def kinds(doc):
    return [(f.kind, f.value, f.subject) for f in doc.facts if f.kind in ("sub_score", "total_score")]


def rules(flags):
    return sorted(f.rule for f in flags)


# ---------------------------------------------------------------- a 评分表 in prose

FOUR_PARTS = ("评价组按照决策、过程、产出、效益四个方面进行评分，其中：决策指标得分13.5分，过程指标得分17分，"
              "产出指标得分35.5分，效益指标得分26分，综合得分{total}分，评价等级为“优”。")


def test_a_total_after_its_parts_scores_is_the_total_and_each_part_names_itself():
    doc = doc_of([section("【评价结论】", FOUR_PARTS.format(total=92))])
    assert kinds(doc) == [("sub_score", 13.5, "决策"), ("sub_score", 17.0, "过程"), ("sub_score", 35.5, "产出"),
                          ("sub_score", 26.0, "效益"), ("total_score", 92.0, None)]


def test_parts_that_do_not_make_their_stated_total_are_flagged():
    assert rules(check_narrative(doc_of([section("【评价结论】", FOUR_PARTS.format(total=94))]), CONFIG)) == [
        "narrative_score_mismatch"]
    assert rules(check_narrative(doc_of([section("【评价结论】", FOUR_PARTS.format(total=92))]), CONFIG)) == []


def test_parts_listed_after_the_total_in_a_qizhong_sentence():
    text = ("经自评，综合自评得分{total}分，评定等级为“优”。其中产出指标得分49分，效益指标得分27分，"
            "满意度指标得分10分，预算执行得分9.75分。")
    doc = doc_of([section("自评结论", text.format(total="95.75"))])
    assert ("sub_score", 9.75, "预算执行") in kinds(doc)
    assert rules(check_narrative(doc, CONFIG)) == []
    assert rules(check_narrative(doc_of([section("自评结论", text.format(total="97.75"))]), CONFIG)) == [
        "narrative_score_mismatch"]


def test_a_partial_list_of_parts_below_the_total_is_no_contradiction_but_above_it_is():
    partial = "项目综合得分{total}分，其中产出指标得分38分，效益指标得分27分。"
    assert rules(check_narrative(doc_of([section("评价结论", partial.format(total=95))]), CONFIG)) == []
    assert rules(check_narrative(doc_of([section("评价结论", partial.format(total=60))]), CONFIG)) == [
        "narrative_score_mismatch"]


PARTS_87 = {
    "bracketed full marks": "项目综合得分为{total}分，其中：决策指标（满分20分）得分18分，过程指标（满分20分）得分17分，"
                            "产出指标（满分40分）得分36分，效益指标（满分20分）得分16分。",
    "one clause, 、": "项目综合得分为{total}分，其中：决策类指标得分18分、过程类指标得分17分、产出类指标得分36分、"
                     "效益类指标得分16分。",
    "分别": "经评价，项目决策、过程、产出、效益分别得分18分、17分、36分、16分，综合得分{total}分。",
    "bare": "评价得分：项目决策18分，项目过程17分，项目产出36分，项目效益16分，总分{total}分，评价等级为良。",
}


def test_every_form_of_a_prose_scoring_table_gives_its_parts():
    for form, text in PARTS_87.items():
        doc = doc_of([section("三、综合评价情况及评价结论", text.format(total=87))])
        parts = [(f.value, f.subject) for f in doc.facts if f.kind == "sub_score"]
        assert [v for v, _ in parts] == [18.0, 17.0, 36.0, 16.0], form
        assert all(any(w in s for s in [p[1] for p in parts]) for w in ("决策", "过程", "产出", "效益")), form
        assert rules(check_narrative(doc, CONFIG)) == [], form
        doc = doc_of([section("三、综合评价情况及评价结论", text.format(total=89))])
        assert rules(check_narrative(doc, CONFIG)) == ["narrative_score_mismatch"], form


def test_a_change_or_a_deduction_beside_a_total_is_no_part():
    doc = doc_of([section("五、评价结论", "综合得分89分，较上年提高2分，扣3分。")])
    assert [f.kind for f in doc.facts] == ["total_score"]


# ---------------------------------------------------------------- a fund's amount, its payment, its rate

def money(doc):
    return [(f.kind, round(f.value, 6)) for f in doc.facts if f.kind in ("budget", "executed")]


def test_an_amount_named_by_its_fund_before_its_payment_and_rate_is_the_budget():
    text = "其中：地方资金21,605,000.00元，实际支出20,406,312.26元，执行率{rate}。"
    doc = doc_of([section("2.项目资金执行情况分析", text.format(rate="95.45%"), root="某区区域绩效自评报告")])
    assert money(doc) == [("budget", 2160.5), ("executed", 2040.631226)]
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_rate_mismatch"]
    doc = doc_of([section("2.项目资金执行情况分析", text.format(rate="94.45%"), root="某区区域绩效自评报告")])
    assert rules(check_narrative(doc, CONFIG)) == []


def test_an_amount_without_a_payment_and_rate_after_it_stays_unread():
    # (a sum of funds, an income: no budget a payment is measured against)
    doc = doc_of([section("1.项目资金到位情况分析", "中央资金864.2万元、地方资金216.05万元，合计1,080.25万元，均已到位。"
                                               "农村居民人均可支配收入21,365元，同比增长6.5%。",
                          root="某区区域绩效自评报告")])
    assert money(doc) == []


# ---------------------------------------------------------------- amounts in Chinese numerals

def test_chinese_numerals_up_to_yi():
    from jixiao.normalize.facts import chinese_number
    assert [chinese_number(t) for t in ("一千二百", "一千零五十", "两千", "一万二千", "一亿二千万", "九五")] == [
        1200.0, 1050.0, 2000.0, 12000.0, 120000000.0, None]


def test_an_amount_in_chinese_numerals_is_money_and_its_rate_is_checked():
    text = "区财政安排农业产业化专项资金三百万元，实际支出二百八十五万元，执行率{rate}。"
    doc = doc_of([section("2.农业产业化专项", text.format(rate="95%"), root="某局部门整体支出绩效自评报告")])
    assert money(doc) == [("budget", 300.0), ("executed", 285.0)]
    assert rules(check_narrative(doc, CONFIG)) == []
    doc = doc_of([section("2.农业产业化专项", text.format(rate="97%"), root="某局部门整体支出绩效自评报告")])
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_rate_mismatch"]


def test_vague_amounts_in_words_are_no_amounts():
    doc = doc_of([section("（一）产出情况", "带动农户增收数十万元，扶持百万元以上企业14家。", root="某局报告")])
    assert money(doc) == []


# ---------------------------------------------------------------- department money

def test_a_transfer_payment_is_a_kind_of_fund_not_a_payment():
    doc = doc_of([section("（二）上级资金情况", "上级下达我区转移支付资金合计3,286万元。", root="某局2024年度工作报告")])
    assert [f.kind for f in doc.facts] == ["budget"]


def test_the_departments_own_budget_named_right_before_its_amount():
    doc = doc_of([section("（一）部门收支情况", "2024年部门收入预算9,865.4万元，全年实际支出9,532.8万元，"
                                          "预算执行率96.63%。", root="某局2024年度部门整体支出绩效自评报告")])
    assert [f.kind for f in doc.facts] == ["department_budget", "department_executed", "exec_rate"]


# ---------------------------------------------------------------- the parts of a sum of money

def sum_flags(text, heading="（二）上级转移支付资金情况"):
    flags = check_narrative(doc_of([section(heading, text, root="某局2024年度部门整体支出绩效自评报告")]), CONFIG)
    return [(f.rule, f.severity) for f in flags if f.rule == "narrative_sum_mismatch"]


def test_qizhong_parts_short_of_their_whole_are_a_warning_and_above_it_an_error():
    text = "上级下达我区转移支付资金合计{total}万元，其中中央资金2,415万元、省级资金726万元、市级资金95万元，已全部分配下达。"
    assert sum_flags(text.format(total="3,236")) == []
    assert sum_flags(text.format(total="3,286")) == [("narrative_sum_mismatch", "warning")]
    assert sum_flags(text.format(total="3,186")) == [("narrative_sum_mismatch", "error")]


def test_parts_listed_before_their_total_must_make_it():
    text = "中央资金86,420,000.00元、地方资金21,605,000.00元，合计{total}元，均已拨付到位。"
    assert sum_flags(text.format(total="108,025,000.00")) == []
    assert sum_flags(text.format(total="108,125,000.00")) == [("narrative_sum_mismatch", "error")]


def test_a_list_stops_at_a_payment_or_a_share():
    assert sum_flags("项目预算500万元，其中设备费300万元、安装费200万元，实际支出480万元，执行率96%。") == []
    assert sum_flags("本年收入合计12,655.6万元，其中财政拨款收入12,418.32万元，占98.13%，其他收入237.28万元，"
                     "占1.87%。") == []
    assert sum_flags("年初预算500万元，年中追加100万元，合计600万元。") == []


# ---------------------------------------------------------------- other names of the 执行率

def rates(doc):
    return [round(f.value, 4) for f in doc.facts if f.kind == "exec_rate"]


def test_other_names_of_the_execution_rate_and_rates_that_are_none():
    text = ("项目预算500万元，实际支出480万元，资金使用率96%。设备购置预算200万元，实际支出190万元，预算支出率95%。"
            "资金到位率100%，设备使用率85.6%。")
    assert rates(doc_of([section("二、项目资金使用情况", text, root="某区某项目绩效自评报告")])) == [0.96, 0.95]


def test_a_payment_and_its_rate_are_measured_against_the_budget_the_sentence_before_states():
    text = "项目预算资金680万元，全部为区级财政资金，资金到位率100%。项目实际支出652.8万元，资金使用率{rate}。"
    doc = doc_of([section("二、项目资金使用情况", text.format(rate="98%"), root="某区某项目绩效自评报告")])
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_rate_mismatch"]
    doc = doc_of([section("二、项目资金使用情况", text.format(rate="96%"), root="某区某项目绩效自评报告")])
    assert rules(check_narrative(doc, CONFIG)) == []


def test_no_budget_is_borrowed_from_a_sentence_that_states_its_own_payment():
    text = "上半年预算700万元，支出350万元。全年实际支出652.8万元，资金使用率98%。"
    assert rules(check_narrative(doc_of([section("二、项目资金使用情况", text, root="某区某项目绩效自评报告")]),
                                 CONFIG)) == []


# ---------------------------------------------------------------- a part's score vs its 自评表

def scored_table():
    from jixiao.normalize.records import Indicator
    from narrative_cases import table
    project = table("中小学校课后服务补助项目", 180.0, 171.0, "95.00%", 95.5)
    project.budget_score, project.budget_score_raw = 9.5, "9.5"
    project.indicators = [Indicator(i, level1, weight=w, score=p) for i, (level1, w, p) in enumerate(
        [("产出指标", 20, 20), ("产出指标", 15, 15), ("产出指标", 15, 14), ("效益指标", 15, 14), ("效益指标", 15, 13),
         ("满意度指标", 10, 10)])]
    return project


def test_a_parts_stated_score_is_checked_against_the_rows_of_its_table():
    text = "经自评，项目自评综合得分95.5分。其中产出指标得分{a}分，效益指标得分{b}分，满意度指标得分10分，预算执行得分{c}分。"
    def flagged(a, b, c):
        doc = doc_of([section("四、自评结论", text.format(a=a, b=b, c=c), root="某区某项目绩效自评报告")], [scored_table()])
        return rules(check_narrative(doc, CONFIG))
    assert flagged(49, 27, 9.5) == []
    assert flagged(48, 28, 9.5) == ["narrative_score_mismatch", "narrative_score_mismatch"]
    assert flagged(49, 27, 10) == []      # (9.5 printed to the whole point)
