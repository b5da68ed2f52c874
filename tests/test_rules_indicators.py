"""Proportional indicator scores (indicator_score_mismatch, target_missed_full_score) where the
target and actual are not a "more is better" quantity: deadlines and dates, an actual that only
restates the target (`≥90%` / `≥90%`), and figures in different units. The seed's 支出进度 and
活动参与人数 still warn."""
from __future__ import annotations

import pytest

from jixiao.normalize.records import Indicator, Project
from jixiao.normalize.self_eval import normalize_self_eval
from jixiao.validate.config import load_config
from jixiao.validate.project_rules import check_project
from test_self_eval_fixtures import central_table

CONFIG = load_config()


def project(*indicators: Indicator) -> Project:
    for seq, ind in enumerate(indicators):
        ind.seq = seq
    return Project(table_index=0, project_name="测试项目", indicators=list(indicators))


def ind(level2, level3, target, actual, weight, score, operator=None) -> Indicator:
    from jixiao.normalize.numbers import parse_number
    return Indicator(seq=0, level1="产出指标", level2=level2, level3=level3, target_raw=target, actual_raw=actual,
                     weight=weight, score=score, weight_raw=str(weight), score_raw=str(score),
                     operator=operator or parse_number(target).operator, unit=parse_number(target).unit)


def flags(p: Project, rule: str):
    return [f for f in check_project(p, "d:0", CONFIG) if f.rule == rule]


PROPORTIONAL = ("indicator_score_mismatch", "target_missed_full_score", "operator_inconsistent")


def proportional_flags(p: Project):
    return [f for f in check_project(p, "d:0", CONFIG) if f.rule in PROPORTIONAL]


# ---------------------------------------------------------------- deadlines and dates

def test_deadline_month_is_not_scored_as_more_is_better():
    # the sample: 续费工作在3月底前完成, target 3, actual 4 (April: late), 18 of 20. 4/3 × 20 = 20 is
    # nonsense, and so is 3/4 × 20 = 15 (a ratio of month numbers): the score is left to the reviewer
    p = project(ind("时效指标", "续费工作在3月底前完成", "3", "4", 20, 18))
    assert flags(p, "indicator_score_mismatch") == []


@pytest.mark.parametrize("level2,level3,target,actual", [
    ("时效指标", "项目完成时间", "12", "11"),                 # 时效 with bare numbers
    ("质量指标", "培训在6月底前完成", "6", "5"),              # deadline words, any level2
    ("数量指标", "资料报送截止时间", "15", "10"),
    ("质量指标", "验收完成时间", "10月", "9月"),               # a calendar month is a date, not a quantity
    ("时效指标", "按时发放", "每月10日前", "每月8日"),
])
def test_deadlines_and_dates_skip_proportional_scoring(level2, level3, target, actual):
    p = project(ind(level2, level3, target, actual, 10, 8))
    assert flags(p, "indicator_score_mismatch") == []


def test_late_deadline_with_full_marks_is_a_missed_target():
    p = project(ind("时效指标", "续费工作在3月底前完成", "3", "4", 20, 20))
    got = flags(p, "target_missed_full_score")
    assert len(got) == 1 and got[0].severity == "warning" and got[0].field == "indicators[0].score"
    assert "晚于" in got[0].message and "满分 20" in got[0].message
    assert flags(p, "indicator_score_mismatch") == []


@pytest.mark.parametrize("actual", ["3", "2"])
def test_deadline_met_with_full_marks_is_quiet(actual):
    assert proportional_flags(project(ind("时效指标", "续费工作在3月底前完成", "3", actual, 20, 20))) == []


def test_timeliness_rate_stays_more_is_better():
    # 及时率 is a rate: 90% of 100% on a 时效 indicator is still 正向 18 of 20
    p = project(ind("时效指标", "资金拨付及时率", "100%", "90%", 20, 20))
    assert [f.expected for f in flags(p, "indicator_score_mismatch")] == ["18"]
    assert len(flags(p, "target_missed_full_score")) == 1


def test_printed_operator_on_a_timeliness_indicator_wins():
    p = project(ind("时效指标", "按时办结", "≥95", "90", 10, 10))
    assert [f.expected for f in flags(p, "indicator_score_mismatch")] == ["9.47"]
    p = project(ind("时效指标", "平均办理时长", "≤5天", "4天", 10, 10))
    assert proportional_flags(p) == []


# ---------------------------------------------------------------- restated targets

@pytest.mark.parametrize("target,actual,weight,score", [
    ("≥90%", "≥90%", 20, 18),
    ("≥85", "≥85", 20, 19),
    ("≥95", "≥ 95", 10, 9),
    ("≤5万元", "≤5万元", 10, 8),
])
def test_actual_restating_the_target_is_not_a_measured_value(target, actual, weight, score):
    p = project(ind("社会效益指标", "服务会员覆盖率", target, actual, weight, score))
    assert proportional_flags(p) == []


def test_measured_value_equal_to_target_still_checked():
    p = project(ind("数量指标", "举办活动次数", "12", "12", 20, 17))
    assert [f.expected for f in flags(p, "indicator_score_mismatch")] == ["20"]


# ---------------------------------------------------------------- units

@pytest.mark.parametrize("target,actual", [
    ("95%", "0.96"),          # a fraction against a percentage
    ("100%", "1"),
    ("3个月", "90天"),
    ("650人", "640人次"),
])
def test_different_units_are_not_compared(target, actual):
    p = project(ind("数量指标", "指标", target, actual, 10, 10))
    assert proportional_flags(p) == []
    p = project(ind("数量指标", "指标", target, actual, 10, 7))
    assert proportional_flags(p) == []


def test_percent_and_bare_percent_points_still_compared():
    p = project(ind("满意度指标", "满意度", "95%", "90", 10, 10))
    assert [f.expected for f in flags(p, "indicator_score_mismatch")] == ["9.47"]


# ---------------------------------------------------------------- the seed still warns

def test_seed_participants_and_spending_progress_still_warn():
    p = normalize_self_eval(central_table(page=3), 0)
    mismatch = {f.field: f for f in flags(p, "indicator_score_mismatch")}
    assert mismatch["indicators[2].score"].expected == "18"        # 支出进度 90/100 × 20, printed 17
    assert mismatch["indicators[4].score"].expected == "14.77"     # 活动参与人数 640/650 × 15, printed 15
    assert [f.field for f in flags(p, "target_missed_full_score")] == ["indicators[4].score"]


@pytest.mark.parametrize("target,actual", [
    ("2023年10月底前", "2023年11月15日"),      # a full date after the month's end
    ("10月底前", "2023年11月15日"),            # the year lent from the actual
    ("2023.10.31", "2023-11-02"),
])
def test_deadline_dates_missed_with_full_marks(target, actual):
    got = flags(project(ind("时效指标", "补贴发放时间", target, actual, 5, 5)), "target_missed_full_score")
    assert len(got) == 1 and "晚于" in got[0].message


@pytest.mark.parametrize("target,actual", [
    ("2023年10月底前", "2023年10月28日"), ("12月底前", "12月20日"), ("2023年12月", "2023年12月"),
    ("2023年11月30日前", "2023年11月"),         # a month alone may be any day of it: not certainly late
    ("3月至12月", "3月至12月"), ("2023年10月底前", "按时完成"), ("2023年10月底前", "2023年9月至10月"),
])
def test_deadline_dates_met_or_unreadable_are_quiet(target, actual):
    assert proportional_flags(project(ind("时效指标", "补贴发放时间", target, actual, 5, 5))) == []


def test_a_deadline_without_a_year_falls_in_the_tables_year():
    late = project(ind("时效指标", "补贴发放时间", "12月底前", "2024年1月5日", 5, 5))
    assert flags(late, "target_missed_full_score") == []          # no table year: 2024-12-31
    late.year = 2023
    assert len(flags(late, "target_missed_full_score")) == 1        # 2023年度: 2023-12-31
    on_time = project(ind("时效指标", "补贴发放时间", "12月底前", "12月20日", 5, 5))
    on_time.year = 2023
    assert flags(on_time, "target_missed_full_score") == []
    printed = project(ind("时效指标", "补贴发放时间", "2024年3月底前", "3月20日", 5, 5))
    printed.year = 2023                                             # the printed year wins
    assert flags(printed, "target_missed_full_score") == []


def test_a_late_date_without_full_marks_is_no_missed_target():
    assert flags(project(ind("时效指标", "补贴发放时间", "2023年10月底前", "2023年11月15日", 5, 3)),
                 "target_missed_full_score") == []


@pytest.mark.parametrize("target,actual,year", [
    ("12月31日前", "次年1月15日", None),            # 次年: after the year the target falls in
    ("2023年12月底前", "次年1月", None),
    ("次年3月底前", "次年4月", 2023),
    ("次年3月底前", "2024年4月10日", 2023),        # 次年 of the evaluation year 2023 is 2024
])
def test_next_year_deadlines_missed_with_full_marks(target, actual, year):
    p = project(ind("时效指标", "资金清算时间", target, actual, 5, 5))
    p.year = year
    assert len(flags(p, "target_missed_full_score")) == 1


@pytest.mark.parametrize("target,actual,year", [
    ("次年3月底前", "次年3月20日", None), ("2023年12月底前", "2023年12月20日", 2023),
    ("次年3月底前", "2024年2月", 2023), ("2024年3月底前", "次年2月", 2023),
])
def test_next_year_deadlines_met_are_quiet(target, actual, year):
    p = project(ind("时效指标", "资金清算时间", target, actual, 5, 5))
    p.year = year
    assert proportional_flags(p) == []


def test_read_date_reads_one_date_only():
    from jixiao.validate.deadlines import read_date
    assert read_date("2023年2月底前", latest=True) == (2023, 2, 28)
    assert read_date("2024年2月", latest=True) == (2024, 2, 29)
    assert read_date("2023年11月", latest=False) == (2023, 11, 1)
    assert read_date("2023年3月-2023年12月", latest=True) is None
    assert read_date("完成", latest=True) is None


@pytest.mark.parametrize("target,actual", [("0起", "1起"), ("0", "2"), ("0%", "0.5%")])
def test_an_actual_above_a_zero_target_with_full_marks_is_a_missed_target(target, actual):
    got = flags(project(ind("质量指标", "施工安全生产事故", target, actual, 10, 10)), "target_missed_full_score")
    assert len(got) == 1 and "零目标" in got[0].message


@pytest.mark.parametrize("target,actual,score", [("0起", "0起", 10), ("0", "0", 10), ("0起", "1起", 6)])
def test_zero_targets_met_or_marked_down_are_quiet(target, actual, score):
    assert proportional_flags(project(ind("质量指标", "施工安全生产事故", target, actual, 10, score))) == []


# ---------------------------------------------------------------- 万 / 亿 before a unit

@pytest.mark.parametrize("target,actual", [
    ("≥12000亩", "1.1万亩"), ("≥1.2万亩", "11000亩"), ("≥0.5万人", "4800人"), ("≥5000人次", "0.48万人次"),
])
def test_a_target_missed_across_a_magnitude_word_is_caught(target, actual):
    p = project(ind("数量指标", "服务规模", target, actual, 10, 10))
    assert len(flags(p, "target_missed_full_score")) == 1
    assert len(flags(p, "indicator_score_mismatch")) == 1


@pytest.mark.parametrize("target,actual", [
    ("≥12000亩", "1.25万亩"), ("≥8000人次", "1.2万人次"), ("≤0.3万元", "2900元"), ("≥1万人", "1.2万人次"),
])
def test_a_magnitude_word_alone_met_or_other_units_stay_quiet(target, actual):
    assert proportional_flags(project(ind("数量指标", "服务规模", target, actual, 10, 10))) == []


def test_wan_yuan_and_yuan_are_one_amount():
    """10万元 against 100000元 is the target met: full marks quiet, 7 points a proportional mismatch."""
    assert proportional_flags(project(ind("数量指标", "指标", "10万元", "100000元", 10, 10))) == []
    assert [f.expected for f in flags(project(ind("数量指标", "指标", "10万元", "100000元", 10, 7)),
                                      "indicator_score_mismatch")] == ["10"]


@pytest.mark.parametrize("target,actual", [
    ("年底前", "2025年1月10日"), ("年内完成", "2025年2月"), ("2024年底前", "2025-01-06"),
    ("当年完成", "次年1月20日"), ("上半年", "2024年7月15日"),
])
def test_year_end_deadlines_missed_with_full_marks(target, actual):
    p = project(ind("时效指标", "补助资金兑付时间", target, actual, 10, 10))
    p.year = 2024
    assert len(flags(p, "target_missed_full_score")) == 1


@pytest.mark.parametrize("target,actual", [
    ("年底前", "2024年12月20日"), ("年底前", "12月"), ("2年内", "2025年3月"), ("上半年", "6月28日"),
    ("年底前", "按时完成"), ("较上年提高", "2025年1月"),
])
def test_year_end_deadlines_met_or_no_deadline_are_quiet(target, actual):
    p = project(ind("时效指标", "补助资金兑付时间", target, actual, 10, 10))
    p.year = 2024
    assert proportional_flags(p) == []


def test_read_date_reads_year_end_words_in_targets_only():
    from jixiao.validate.deadlines import read_date
    assert read_date("年底前", latest=True) == (None, 12, 31)
    assert read_date("2024年末", latest=True) == (2024, 12, 31)
    assert read_date("上半年完成", latest=True) == (None, 6, 30)
    assert read_date("年底前", latest=False) is None
    assert read_date("三年内", latest=True) is None


@pytest.mark.parametrize("target,actual,late", [
    ("2024年第三季度", "2024年11月", True), ("第四季度前", "2025年1月8日", True), ("三季度末", "10月12日", True),
    ("第三季度", "2024年9月20日", False), ("每季度", "2024年11月", False), ("一至三季度", "2024年11月", False),
])
def test_quarter_deadlines(target, actual, late):
    p = project(ind("时效指标", "项目完成时间", target, actual, 10, 10))
    p.year = 2024
    assert len(flags(p, "target_missed_full_score")) == (1 if late else 0)


# ---------------------------------------------------------------- strict targets

@pytest.mark.parametrize("target", ["＞95%", ">95%", "大于95%", "高于95%"])
def test_strict_target_equalled_with_full_marks_is_missed(target):
    # ＞95% asks for more than 95%: an actual of exactly 95% falls short, whatever the score says
    p = project(ind("质量指标", "验收合格率", target, "95%", 10, 10))
    got = flags(p, "target_missed_full_score")
    assert len(got) == 1 and "未达" in got[0].message


@pytest.mark.parametrize("target,actual", [("＞95%", "95.5%"), ("大于2000元", "2260元"), ("≥95%", "95%")])
def test_strict_target_exceeded_or_bound_met_is_quiet(target, actual):
    assert proportional_flags(project(ind("质量指标", "验收合格率", target, actual, 10, 10))) == []


# ---------------------------------------------------------------- range and negated targets (round 13)

@pytest.mark.parametrize("level2,level3,target,actual,score,expected", [
    ("数量指标", "坐席配置数量", "40-50个", "38个", 10, ["target_missed_full_score"]),     # under the lower end
    ("质量指标", "按时办结率", "95%-100%", "93%", 10, ["target_missed_full_score"]),
    ("时效指标", "一般诉求办结时限", "3-5个工作日", "6个工作日", 10, ["operator_inconsistent"]),  # over the limit
    ("时效指标", "故障修复时间", "2～4小时", "5小时", 10, ["operator_inconsistent"]),
    ("数量指标", "坐席配置数量", "40-50个", "45个", 10, []),                               # inside
    ("数量指标", "培训场次", "40-50场", "60场", 10, []),                                  # over a quantity: done
    ("时效指标", "一般诉求办结时限", "3-5个工作日", "2个工作日", 10, []),                    # under a duration: done
    ("数量指标", "坐席配置数量", "40-50个", "38个", 8, []),                                # missed, and scored so
    ("时效指标", "验收时间", "10-12月", "11月", 10, []),                                  # a calendar range: no figure
])
def test_range_targets(level2, level3, target, actual, score, expected):
    # a range target was no figure to the rules: 38个 under 40-50个 with full marks passed unflagged
    p = project(ind(level2, level3, target, actual, 10, score))
    assert [f.rule for f in proportional_flags(p)] == expected


@pytest.mark.parametrize("target,actual,expected", [
    ("达标", "未达标", ["target_missed_full_score"]),
    ("合格", "不合格", ["target_missed_full_score"]),
    ("有效提升", "未有效提升", ["target_missed_full_score"]),
    ("达标", "基本达标", []),            # a judgement, not a negation
    ("达标", "达标", []),
    ("无", "无", []),
    ("不发生", "不发生", []),
])
def test_a_qualitative_target_the_actual_negates(target, actual, expected):
    p = project(ind("质量指标", "知识库更新", target, actual, 10, 10))
    assert [f.rule for f in proportional_flags(p)] == expected
