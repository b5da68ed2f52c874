"""validate.narrative on the figures behind the held-out narrative probe's round 5
(tests/fixtures/narrative_probe.py, N31-N36), each on a minimal hand-made case."""
from __future__ import annotations

from jixiao.normalize.facts import extract_facts
from jixiao.normalize.records import NormalizedDocument, Section
from jixiao.validate.config import load_config
from jixiao.validate.narrative import check_narrative

CONFIG = load_config()


def _doc(sections: list[tuple[str, str]]) -> NormalizedDocument:
    secs = [Section(seq=i, level=1, heading=h, path=h, text=t, page=None) for i, (h, t) in enumerate(sections)]
    doc = NormalizedDocument(doc_id="D", projects=[], sections=secs)
    doc.facts = extract_facts(secs, doc.projects, "D")
    return doc


def test_amounts_stated_before_any_budget_of_their_subject_are_not_held_to_a_later_one():
    """`其中基本支出1,326.8万元，项目支出778.93万元。` and then `其中公务用车运行维护费预算8万元，实际支出
    9.26万元`: the breakdown of the year's spending is no overspend of the later, smaller budget;
    the 9.26 against its own 8 is."""
    doc = _doc([("二、部门整体支出情况",
                 "2023年我镇部门预算总额2,186.4万元，全年实际支出2,105.73万元，预算执行率96.31%。"
                 "其中基本支出1,326.8万元，项目支出778.93万元。"
                 "其中公务用车运行维护费预算8万元，实际支出9.26万元，超出部分主要是防汛期间车辆使用增加。")])
    flags = [f for f in check_narrative(doc, CONFIG) if f.rule == "narrative_overspend"]
    assert [f.stated for f in flags] == ["9.26万元"]


def test_amount_before_its_budget_in_one_sentence_is_still_checked():
    doc = _doc([("二、项目资金情况", "教材资料费实际支出86,400元，预算80,000元。")])
    assert [f.rule for f in check_narrative(doc, CONFIG)] == ["narrative_overspend"]


def test_an_amount_per_head_is_no_sum_paid():
    """`按每人每年12元标准全额支付保费1,783,200元`: the 12元 is the premium per head (a rate),
    only the 1,783,200元 is paid; `328元/平方米` likewise is no amount."""
    doc = _doc([("（二）项目资金投入和使用情况",
                 "2023年项目预算资金1,783,200元，按每人每年12元标准全额支付保费1,783,200元，预算执行率达100%。"
                 "单位改造成本328元/平方米，支付工程款356万元。")])
    assert sorted((f.kind, f.value_raw) for f in doc.facts if f.kind in ("budget", "executed")) == [
        ("budget", "1,783,200元"), ("executed", "1,783,200元"), ("executed", "356万元")]


def test_a_department_s_initial_and_adjusted_budgets_are_its_totals():
    """`2023年部门年初预算18,620.5万元，调整后预算20,135.8万元，全年支出19,357.26万元` in a 部门整体
    report's section: all three are the department's totals, not one project's budget."""
    secs = [Section(seq=0, level=2, heading="（一）预算收支情况", path="二、部门整体支出情况 > （一）预算收支情况",
                    text="2023年部门年初预算18,620.5万元，调整后预算20,135.8万元，全年支出19,357.26万元，"
                         "预算执行率96.13%。", page=None)]
    facts = extract_facts(secs, [], "D")
    assert [(f.kind, f.value) for f in facts if f.kind != "exec_rate"] == [
        ("department_budget", 18620.5), ("department_budget", 20135.8), ("department_executed", 19357.26)]
