"""validate.narrative: each rule with a failing and a passing case; the seed report's consistent
figures (87.22, 8.22, 2.84, 5.33%, 良) are not flagged and its overspend is."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.extract.model import Cell, Table
from jixiao.normalize.facts import extract_facts
from jixiao.normalize.panels import normalize_panel
from jixiao.normalize.records import NormalizedDocument, Project, Section
from jixiao.validate.config import load_config
from jixiao.validate.grades import grade_for
from jixiao.validate.narrative import check_narrative, half_unit

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
CONFIG = load_config()


def panel_rows():
    gold = json.loads((CORPUS / "gold" / "seed_report.json").read_text(encoding="utf-8"))
    rows = next(p["rows"] for p in gold["panel_tables"] if p["kind"] == "panel_scores")
    table = Table([Cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row)], len(rows), len(rows[0]))
    return normalize_panel(table, 8, "panel_scores")


def doc_from(sections: list[tuple[str, str]], projects=(), panel=True) -> NormalizedDocument:
    secs = [Section(seq=i, level=3, heading=h, path=h, text=t, page=None) for i, (h, t) in enumerate(sections)]
    doc = NormalizedDocument(doc_id="D", projects=list(projects), sections=secs)
    doc.facts = extract_facts(secs, doc.projects, "D")
    if panel:
        doc.panel_scores = panel_rows()
    return doc


def rules(flags):
    return sorted(f.rule for f in flags)


# ---------------------------------------------------------------- narrative_overspend

def test_overspend_flagged_document_level():
    doc = doc_from([("项目资金情况", "2024年工会工作者人员经费项目财政预算资金为800万元。"
                                 "项目总资金截止2024年12月底共支付金额为3296.17万元，超出预算部分以自筹资金支付。")])
    flags = check_narrative(doc, CONFIG)
    assert rules(flags) == ["narrative_overspend"]
    f = flags[0]
    assert f.severity == "error" and f.project_id is None
    assert f.stated == "3296.17万元" and "800" in f.expected
    assert "412.0%" in f.message and "工会工作者人员经费" in f.message


def test_overspend_not_flagged_within_budget_or_other_subject():
    within = doc_from([("项目资金情况", "2024年甲乙经费项目预算资金为800万元。项目共支付金额为799.99万元。")])
    assert check_narrative(within, CONFIG) == []
    other = doc_from([("项目资金情况", "甲乙经费项目预算资金为800万元。"), ("其他", "丙丁经费项目支付金额为900万元。")])
    assert check_narrative(other, CONFIG) == []


def test_overspend_carries_project_id_when_a_table_matches():
    doc = doc_from([("资金", "京卡服务项目宣传活动费项目预算资金为1.8万元，实际支付2.5万元。")],
                   projects=[Project(table_index=2, project_name="2024 京卡服务项目宣传活动费")])
    flags = check_narrative(doc, CONFIG)
    assert rules(flags) == ["narrative_overspend"] and flags[0].project_id == "D:2"


# ---------------------------------------------------------------- grade_mismatch

def test_grade_consistent_with_score_not_flagged():
    doc = doc_from([("三、综合评价", "“工会工作者人员经费”项目绩效评价综合得分 87.22 分，项目综合绩效评定结论为“良”。")])
    assert check_narrative(doc, CONFIG) == []


@pytest.mark.parametrize("score, grade", [("92.5", "良"), ("87.22", "优"), ("75", "良"), ("55", "中")])
def test_grade_outside_band_flagged(score, grade):
    doc = doc_from([("三、综合评价", f"项目绩效评价综合得分 {score} 分，评定结论为“{grade}”。")], panel=False)
    flags = check_narrative(doc, CONFIG)
    assert rules(flags) == ["grade_mismatch"]
    assert flags[0].stated == grade and flags[0].expected == grade_for(float(score), [("优", 90), ("良", 80), ("中", 60), ("差", float("-inf"))])


def test_a_conclusion_repeated_in_the_summary_is_flagged_once():
    said = "项目综合得分88.5分，评价等级为“优”。"
    doc = doc_from([("摘要", "受区财政局委托，我所开展了绩效评价。" + said), ("三、综合评价情况及评价结论", said)],
                   panel=False)
    flags = check_narrative(doc, CONFIG)
    assert rules(flags) == ["grade_mismatch"] and flags[0].expected == "良"
    other = doc_from([("摘要", said), ("结论", "项目综合得分86分，评价等级为“优”。")], panel=False)
    # (two different totals in one report: also the second against the first)
    assert rules(check_narrative(other, CONFIG)) == ["grade_mismatch", "grade_mismatch", "narrative_score_mismatch"]


def test_grade_checked_against_panel_when_prose_gives_no_score():
    doc = doc_from([("三、综合评价", "项目综合绩效评定结论为“优”。")])
    flags = check_narrative(doc, CONFIG)
    assert rules(flags) == ["grade_mismatch"] and flags[0].expected == "良"


# ---------------------------------------------------------------- narrative_score_mismatch

def test_total_score_vs_panel_average():
    ok = doc_from([("结论", "项目绩效评价综合得分 87.22 分。")])
    assert check_narrative(ok, CONFIG) == []
    bad = doc_from([("结论", "项目绩效评价综合得分 88.22 分。")])
    flags = check_narrative(bad, CONFIG)
    assert rules(flags) == ["narrative_score_mismatch"] and flags[0].expected == "87.22"


def test_part_score_vs_sum_of_panel_averages():
    ok = doc_from([("3、资金投入分析", "项目决策指标分值满分 10 分，综合得分 8.22 分。"),
                   ("（四）项目效益情况", "项目效益指标分值满分 30 分，综合得分 24 分。")])
    assert check_narrative(ok, CONFIG) == []
    bad = doc_from([("3、资金投入分析", "项目决策指标分值满分 10 分，综合得分 8.52 分。")])
    flags = check_narrative(bad, CONFIG)
    assert rules(flags) == ["narrative_score_mismatch"] and flags[0].expected == "8.22"


def test_section_average_vs_panel():
    ok = doc_from([("1、项目立项分析", "故考评平均分为 2.84 分，失分率为 5.33%。"),
                   ("2、组织实施分析", "考评平均分为 6.10 分，失分率为 23.75%。"),
                   ("2、可持续影响", "故考评平均分为 8.00 分，失分率为 20.00%。")])
    assert check_narrative(ok, CONFIG) == []
    bad = doc_from([("1、项目立项分析", "故考评平均分为 2.94 分，失分率为 5.33%。")])
    assert rules(check_narrative(bad, CONFIG)) == ["loss_rate_mismatch", "narrative_score_mismatch"]


# ---------------------------------------------------------------- loss_rate_mismatch

def test_loss_rate():
    bad = doc_from([("1、项目立项分析", "故考评平均分为 2.84 分，失分率为 6.33%。")])
    flags = check_narrative(bad, CONFIG)
    assert rules(flags) == ["loss_rate_mismatch"]
    assert flags[0].expected == "5.33%" and flags[0].stated == "失分率为 6.33%"
    # without a stated score the panel's averages are used
    ok = doc_from([("3、资金投入分析", "项目资金分配比较合理，失分率为 14.00%。")])
    assert check_narrative(ok, CONFIG) == []


def test_subject_without_panel_row_is_not_guessed():
    doc = doc_from([("1、宣传推广分析", "故考评平均分为 1.00 分，失分率为 90.00%。")])
    assert check_narrative(doc, CONFIG) == []


def test_half_unit():
    assert half_unit("2.84") == pytest.approx(0.005)
    assert half_unit("24 分") == 0.5
    assert half_unit("5.33%", percent=True) == pytest.approx(0.00005)


# ---------------------------------------------------------------- the seed, end to end

@pytest.mark.parametrize("name", ["seed_report.docx"])
def test_seed_report_only_overspend(name):
    from jixiao.extract.docx_reader import read_docx
    from jixiao.normalize import normalize_document
    from jixiao.validate import validate_document
    doc = normalize_document(read_docx(CORPUS / name), "D")
    mine = {"narrative_overspend", "grade_mismatch", "narrative_score_mismatch", "loss_rate_mismatch",
            "panel_sum_mismatch", "panel_score_exceeds_weight"}
    flags = [f for f in validate_document(doc, CONFIG) if f.rule in mine]
    assert [(f.rule, f.project_id) for f in flags] == [("narrative_overspend", None)]
    kinds = {f.kind for f in doc.facts}
    assert {"budget", "executed", "total_score", "grade", "sub_score", "loss_rate", "satisfaction", "count"} <= kinds


def test_project_total_checked_against_its_own_table_not_the_panel():
    project = Project(table_index=0, project_name="基层党组织党建活动经费", total_score_stated=85.0,
                      total_score_raw="85")
    ok = doc_from([("自评", "“基层党组织党建活动经费”项目自评综合得分 85 分。")], projects=[project])
    assert check_narrative(ok, CONFIG) == []
    bad = doc_from([("自评", "“基层党组织党建活动经费”项目自评综合得分 88 分。")], projects=[project])
    flags = check_narrative(bad, CONFIG)
    assert rules(flags) == ["narrative_score_mismatch"] and flags[0].project_id == "D:0"
    # a self-evaluation score of a project without a table is not the panel's average
    other = doc_from([("自评", "单位自评综合得分 95 分。")])
    assert check_narrative(other, CONFIG) == []


def test_grade_against_panel_only_is_a_warning():
    doc = doc_from([("三、综合评价", "项目综合绩效评定结论为“优”。")])
    assert [f.severity for f in check_narrative(doc, CONFIG)] == ["warning"]


# ---------------------------------------------------------------- narrative_rate_mismatch

def test_a_rate_its_own_sentence_contradicts_is_flagged():
    doc = doc_from([("（2）项目资金情况", "项目全年预算数95万元，全年执行数83.3万元，预算执行率98%。")], panel=False)
    flags = check_narrative(doc, CONFIG)
    assert rules(flags) == ["narrative_rate_mismatch"]
    assert flags[0].expected == "87.68%" and "98%" in flags[0].message


@pytest.mark.parametrize("sentence", [
    "2023年项目年初预算60万元，年中追加至64.5万元，全年实际支出62.63万元，预算执行率97.1%。",   # the adjusted budget
    "项目预算资金2,350,000元，实际支出2,286,400元，预算执行率97.29%。",                           # in 元
    "项目预算50万元，实际支出52.68万元，预算执行率100%。",                                         # capped over an overspend
    "项目预算100万元，截至9月底已支出60万元，执行率60%，全年实际支出98万元，执行率98%。",
])
def test_a_rate_any_budget_and_payment_of_its_sentence_give_is_not_flagged(sentence):
    doc = doc_from([("项目资金情况", sentence)], panel=False)
    assert [f for f in check_narrative(doc, CONFIG) if f.rule == "narrative_rate_mismatch"] == []
