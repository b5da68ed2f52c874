"""Causes found by round 7 of the held-out narrative probe (tests/fixtures/narrative_probe.py,
N42-N45), each from a minimal hand-made case: a 部门决算's 完成年初预算的X% and 决算数, percentages
in words, department totals stated over several clauses, project parts of a department report,
budgets set in round figures."""
from __future__ import annotations

import sys
from pathlib import Path

from jixiao.normalize.facts import chinese_number
from jixiao.normalize.records import NormalizedDocument, Section
from jixiao.validate.config import load_config
from jixiao.validate.narrative import check_narrative

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from narrative_cases import doc_of, table  # noqa: E402

CONFIG = load_config()


def section(heading, text, root="", index=0, level=1):
    path = f"{root} > {heading}" if root else heading
    return Section(index, level, heading, path, text, page=1)


def kinds(doc):
    return [(f.kind, round(f.value, 4) if f.value is not None else None) for f in doc.facts]


def rules(flags):
    return sorted(f.rule for f in flags)


JUESUAN = "某区绿化和市容管理局2024年度部门决算"
DEPARTMENT_REPORT = "某市教育局2024年度部门整体支出绩效自评报告"


# ---------------------------------------------------------------- percentages in words

def test_chinese_numerals_of_a_percentage():
    assert [chinese_number(t) for t in ("百", "一百", "九十五", "十五", "八", "九十七点七五")] == [100, 100, 95, 15, 8, 97.75]
    assert chinese_number("九五") is None       # two digits without 十 between them: no number


def test_a_rate_and_a_satisfaction_written_in_words_are_read():
    doc = doc_of([section("(二)资金情况。", "项目资金已按进度拨付到位，预算执行率达到百分之百。村民满意度达到百分之九十五以上。")])
    assert ("exec_rate", 1.0) in kinds(doc) and ("satisfaction", 0.95) in kinds(doc)


def test_a_rate_in_words_is_checked_against_the_table():
    project = table("农村人居环境长效管护项目", 520.0, 508.4, "97.77%", 96.78)
    doc = doc_of([section("(二)资金情况。", "项目资金已按进度拨付到位，预算执行率达到百分之百。")], [project])
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_table_mismatch"]
    doc = doc_of([section("(二)资金情况。", "项目资金已按进度拨付到位，预算执行率约为百分之九十八。")], [project])
    assert rules(check_narrative(doc, CONFIG)) == []          # 97.77% rounds to 98 whole percents


# ---------------------------------------------------------------- a 部门决算's wording

def test_completion_of_the_initial_budget_is_a_stated_rate():
    text = "年初预算为2,180万元，支出决算为2,036.4万元，完成年初预算的96.41%。"
    doc = doc_of([section("（二）一般公共预算财政拨款支出决算具体情况", text, JUESUAN)])
    assert ("exec_rate", 0.9641) in kinds(doc)
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_rate_mismatch"]       # 2,036.4 / 2,180 = 93.41%
    doc = doc_of([section("（二）一般公共预算财政拨款支出决算具体情况", text.replace("96.41", "93.41"), JUESUAN)])
    assert rules(check_narrative(doc, CONFIG)) == []


def test_a_juesuan_shu_is_the_amount_spent():
    doc = doc_of([section("3.校舍安全保障项目", "年初预算2.05亿元，决算数1.98亿元，执行率96.59%。")])
    assert kinds(doc) == [("budget", 20500.0), ("executed", 19800.0), ("exec_rate", 0.9659)]


# ---------------------------------------------------------------- department totals

def test_the_clauses_after_a_department_total_state_the_departments_figures():
    text = "2024年度部门年初预算数为5.86亿元，调整预算数为6.12亿元，决算数为5.97亿元，预算执行率为97.55%。"
    doc = doc_of([section("（一）预算收支情况", text, DEPARTMENT_REPORT)])
    assert kinds(doc) == [("department_budget", 58600.0), ("department_budget", 61200.0),
                          ("department_executed", 59700.0), ("exec_rate", 0.9755)]


def test_the_parts_after_qizhong_are_no_department_totals():
    text = "部门全年支出4,037.88万元，其中基本支出3,016.4万元，项目支出1,021.48万元。"
    doc = doc_of([section("二、部门整体支出情况", text, DEPARTMENT_REPORT)])
    assert kinds(doc) == [("department_executed", 4037.88), ("executed", 3016.4), ("executed", 1021.48)]


def test_a_part_about_one_project_in_a_department_report_states_the_projects_figures():
    text = "年初预算1.26亿元，调整预算1.32亿元，决算数13,486.5万元，主要用于发放国家助学金。"
    doc = doc_of([section("1.学生资助项目", text, f"{DEPARTMENT_REPORT} > 二、部门整体支出情况", level=3)])
    assert kinds(doc) == [("budget", 12600.0), ("budget", 13200.0), ("executed", 13486.5)]
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_overspend"]
    doc = doc_of([section("（二）重点项目支出情况", "部门年初预算1.26亿元。", DEPARTMENT_REPORT)])
    assert kinds(doc) == [("department_budget", 12600.0)]     # 重点项目 names no project


def test_the_year_before_an_amount_does_not_make_it_a_total():
    text = "2024年度“三公”经费财政拨款支出预算为18.6万元，支出决算为15.42万元，完成预算的82.9%。"
    doc = doc_of([section("五、“三公”经费财政拨款支出决算情况说明", text, JUESUAN)])
    assert kinds(doc) == [("budget", 18.6), ("executed", 15.42), ("exec_rate", 0.829)]


def test_a_projects_budget_in_a_juesuan_is_the_projects():
    text = "生活垃圾分类减量补贴项目绩效自评综述：项目自评得分为95.62分。项目全年预算数为1,650万元，执行数为1,602.4万元，完成预算的97.12%。"
    project = table("生活垃圾分类减量补贴", 1650.0, 1586.6, "96.16%", 95.62)
    doc = doc_of([section("（二）部门决算中项目绩效自评结果", text, JUESUAN)], [project])
    assert ("budget", 1650.0) in kinds(doc) and ("executed", 1602.4) in kinds(doc)
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_table_mismatch", "narrative_table_mismatch"]


# ---------------------------------------------------------------- budgets in round figures

def test_a_budget_in_whole_wan_yuan_is_exact_beside_a_finer_amount_paid():
    def flags(text):
        return rules(check_narrative(doc_of([section("五、“三公”经费", text)]), CONFIG))
    assert flags("公务接待费支出预算为2万元，支出决算为2.35万元。") == ["narrative_overspend"]
    found = check_narrative(doc_of([section("五、“三公”经费", "其中：公务接待费支出预算为2万元，支出决算为2.35万元。")]), CONFIG)
    assert "公务接待费" in found[0].message          # the item budgeted, where no project is named
    assert flags("公务接待费支出预算约2万元，支出决算为2.35万元。") == []          # 约: rounded
    assert flags("学生资助预算1.32亿元，决算数13,240万元。") == []                  # 1.32亿元 is rounded
    assert flags("公务接待费支出预算为2万元，支出决算为2万元。") == []


# ---------------------------------------------------------------- a total stated twice

FIRM_REPORT = "某区2024年度城市道路清扫保洁项目财政支出绩效评价报告"


def firm_report(summary: str, conclusion: str, extra: str = "") -> NormalizedDocument:
    return doc_of([section("二、评价结论", summary, f"{FIRM_REPORT} > 摘要", 0),
                   section("3 综合评价情况及评价结论", conclusion, FIRM_REPORT, 1, 3),
                   section("4.4 项目效益情况", extra, FIRM_REPORT, 2, 4)])


def test_a_report_stating_its_total_score_twice_differently_is_flagged():
    doc = firm_report("经综合评价，项目综合得分86.4分，评价等级为“良”。", "经综合评价，项目综合得分84.6分，评价等级为“良”。")
    flags = check_narrative(doc, CONFIG)
    assert rules(flags) == ["narrative_score_mismatch"]
    assert flags[0].stated == "综合得分84.6分" and flags[0].expected == "综合得分86.4分"


def test_copies_of_one_total_and_scores_of_other_kinds_are_not_flagged():
    assert rules(check_narrative(firm_report("项目综合得分86.4分。", "项目综合得分86.40分。"), CONFIG)) == []
    # the department's own 自评得分 quoted by the evaluator, and last year's score, are other scores
    doc = firm_report("项目综合得分86.4分。", "单位自评得分95分，评价组综合得分86.4分。", "较上年综合得分82分提高4.4分。")
    assert rules(check_narrative(doc, CONFIG)) == []
    doc = firm_report("项目综合得分86.4分。", "2023年度该项目综合得分82分，2024年度综合得分86.4分。")
    assert rules(check_narrative(doc, CONFIG)) == []


# ---------------------------------------------------------------- a department's rate stated again

def department_report(rate_sentence: str, heading: str = "1.预算执行") -> NormalizedDocument:
    return doc_of([section(DEPARTMENT_REPORT, "", level=0),
                   section("二、部门预算及执行情况",
                           "2024年度我局全年预算8,652.3万元，全年实际支出8,316.9万元，预算执行率96.12%。",
                           DEPARTMENT_REPORT, 0),
                   section(heading, rate_sentence, f"{DEPARTMENT_REPORT} > 三、部门整体支出绩效情况", 1, 3)])


def test_a_department_rate_stated_without_amounts_is_checked_against_the_reports_totals():
    flags = check_narrative(department_report("我局按月监控预算执行进度，全年预算执行率为94.12%，未支付的是上级专项资金。"), CONFIG)
    assert rules(flags) == ["narrative_rate_mismatch"] and flags[0].expected == "96.12%"
    assert rules(check_narrative(department_report("全年预算执行率为96.1%。"), CONFIG)) == []


def test_a_bare_rate_is_not_checked_where_the_report_states_no_rate_beside_its_totals():
    doc = doc_of([section(DEPARTMENT_REPORT, "", level=0),
                  section("二、部门预算及执行情况", "2024年度我局年初预算8,652.3万元，全年实际支出8,316.9万元。",
                          DEPARTMENT_REPORT, 1),
                  section("1.预算执行", "全年预算执行率为94.12%。", f"{DEPARTMENT_REPORT} > 三、绩效情况", 2, 3)])
    assert rules(check_narrative(doc, CONFIG)) == []      # 94.12% may be of an unstated 调整后 budget


def test_rates_of_parts_projects_and_other_years_are_not_the_departments():
    for sentence in ("其中项目支出执行率为94.12%。", "上年预算执行率为94.12%。", "专项资金执行率为94.12%。",
                     "截至6月底预算执行率为44.12%。", "按调整后预算计算，预算执行率为94.12%。"):
        assert rules(check_narrative(department_report(sentence), CONFIG)) == [], sentence
    assert rules(check_narrative(department_report("执行率为94.12%。", "1.学生资助项目"), CONFIG)) == []


def test_a_satisfaction_in_tenths_is_read():
    doc = doc_of([section("3.群众满意度", "通过第三方抽样电话回访，服务对象满意度超过九成，满意率达九成五。")])
    assert [(f.kind, round(f.value, 4)) for f in doc.facts] == [("satisfaction", 0.9), ("satisfaction", 0.95)]


def test_a_sentence_naming_the_department_and_its_year_states_its_total():
    text = "2023年度部门收入预算38,652.17万元，支出预算38,652.17万元，其中基本支出29,874.06万元。"
    doc = doc_of([section("（三）部门预算收支情况", text, "某县教育局2023年度部门整体支出绩效自评报告")])
    assert kinds(doc) == [("department_budget", 38652.17), ("department_budget", 38652.17), ("executed", 29874.06)]


def test_a_line_of_the_functional_classification_states_that_lines_figures():
    text = ("2024年度一般公共预算财政拨款支出年初预算为10,860万元，支出决算为11,436.82万元。其中：\n"
            "2.农林水支出（类）林业和草原（款）森林资源培育（项）。年初预算为2,180万元，支出决算为2,036.4万元。")
    doc = doc_of([section("（二）一般公共预算财政拨款支出决算具体情况", text, JUESUAN)])
    assert kinds(doc) == [("department_budget", 10860.0), ("department_executed", 11436.82),
                          ("budget", 2180.0), ("executed", 2036.4)]


def test_spending_above_the_initial_budget_is_no_overspend():
    def flags(text):
        return rules(check_narrative(doc_of([section("1.城乡社区支出", text)]), CONFIG))
    assert flags("年初预算为4,260万元，支出决算为4,512.6万元，完成年初预算的105.93%。") == []
    assert flags("年初预算为4,260万元，调整后预算4,400万元，支出决算为4,512.6万元。") == ["narrative_overspend"]
    assert flags("预算为4,260万元，支出决算为4,512.6万元。") == ["narrative_overspend"]


def test_the_scores_of_projects_each_under_its_own_heading_are_no_copies():
    doc = doc_of([section(DEPARTMENT_REPORT, "", level=0),
                  section("1.学生资助项目", "经自评，该项目自评得分95分。", f"{DEPARTMENT_REPORT} > 三、项目自评情况", 1, 3),
                  section("2.教育信息化建设项目", "经自评，该项目自评得分92分。", f"{DEPARTMENT_REPORT} > 三、项目自评情况", 2, 3)])
    assert rules(check_narrative(doc, CONFIG)) == []


# ---------------------------------------------------------------- amounts in 万 without 元 (N47)

PROJECT_REPORT = "某区2024年度老旧小区改造项目绩效自评报告"


def test_an_amount_in_wan_without_yuan_is_money_and_a_count_is_not():
    doc = doc_of([section("（二）项目资金情况", "调整后预算680万，全年实际支出652.8万。其中设计费预算30万，实际支出33.5万。")])
    assert kinds(doc) == [("budget", 680.0), ("executed", 652.8), ("budget", 30.0), ("executed", 33.5)]
    assert rules(check_narrative(doc, CONFIG)) == ["narrative_overspend"]
    doc = doc_of([section("（三）效益情况", "惠及群众1.1万人次，改造面积18.6万平方米，发放补贴资金1.2亿。")])
    assert kinds(doc) == [("executed", 12000.0)]


def project_report(rate_sentence: str, projects=()) -> NormalizedDocument:
    return doc_of([section(PROJECT_REPORT, "", level=0),
                   section("（二）项目资金情况", "项目调整后预算680万，全年实际支出652.8万，预算执行率96%。",
                           f"{PROJECT_REPORT} > 一、项目概况", 1, 2),
                   section("（三）资金使用情况", rate_sentence, f"{PROJECT_REPORT} > 二、绩效目标完成情况", 2, 2)],
                  projects)


def test_a_project_reports_rate_stated_again_differently_is_flagged():
    flags = check_narrative(project_report("项目资金实行专账核算，资金执行率为98%，未发现截留挪用。"), CONFIG)
    assert rules(flags) == ["narrative_rate_mismatch"] and flags[0].expected == "96.00%"
    assert rules(check_narrative(project_report("资金执行率为96%。"), CONFIG)) == []
    assert rules(check_narrative(project_report("按年初预算计算，执行率为108.8%。"), CONFIG)) == []
