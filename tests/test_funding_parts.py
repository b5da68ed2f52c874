"""Funding lines nested under a part of the total (财政拨款 / 其中：中央补助 / 省级补助 / 上年结转)."""
from __future__ import annotations

import pytest

from jixiao.normalize.records import FundingLine, Project
from jixiao.validate.config import load_config
from jixiao.validate.funding_parts import funding_parts
from jixiao.validate.project_rules import check_project

CONFIG = load_config()


def line(source, label, initial, adjusted, executed):
    return FundingLine(source, label, initial, adjusted, executed,
                       *(None if v is None else str(v) for v in (initial, adjusted, executed)))


def nested_lines(county_executed=586.5):
    return [line("total", "年度资金总额", 3200, 3450, 3386.5),
            line("fiscal", "其中：财政拨款", 2900, 3150, 3086.5),
            line("central", "其中：中央补助", 1800, 1800, 1800),
            line("province", "省级补助", 700, 700, 700),
            line("county", "县级配套", 400, 650, county_executed),
            line("carryover", "上年结转资金", 300, 300, 300),
            line("other", "其他资金", None, None, None)]


def sum_flags(lines):
    project = Project(0, project_name="p", funding=lines)
    return [f for f in check_project(project, "doc:0", CONFIG) if f.rule == "funding_sum_mismatch"]


def test_second_qizhong_opens_the_details_of_the_part_above():
    parts = funding_parts(nested_lines())
    assert [p.line.label_raw for p in parts] == ["其中：财政拨款", "上年结转资金", "其他资金"]
    assert [d.label_raw for d in parts[0].details] == ["其中：中央补助", "省级补助", "县级配套"]


def test_nested_lines_are_not_summed_into_the_total():
    assert sum_flags(nested_lines()) == []


def test_nested_lines_that_miss_their_part_are_flagged_against_it():
    flags = sum_flags(nested_lines(county_executed=566.5))
    assert [f.field for f in flags] == ["funding.fiscal.executed"]
    assert flags[0].expected == "3066.5" and "其中：财政拨款" in flags[0].message


def test_details_end_once_they_add_up_to_their_part():
    lines = nested_lines()
    lines[5] = line("unit", "单位自筹", 300, 300, 300)          # not a top-level source name
    assert [p.line.label_raw for p in funding_parts(lines)] == ["其中：财政拨款", "单位自筹", "其他资金"]
    assert sum_flags(lines) == []


def test_flat_lines_stay_parts_of_the_total():
    lines = [line("total", "年度资金总额", 100, 100, 90), line("central", "其中：中央补助", 60, 60, 60),
             line("province", "省级补助", 40, 40, 20)]
    assert [p.details for p in funding_parts(lines)] == [[], []]
    flags = sum_flags([*lines[:2], line("province", "省级补助", 40, 40, 25)])
    assert [f.field for f in flags] == ["funding.total.executed"]


def test_a_qizhong_on_a_middle_line_of_a_flat_list_is_no_nesting():
    """其中 merged down beside 中央/省级/县级 and read on the middle line: the three add up to the total."""
    lines = [line("total", "年度资金总额", 1520, 1520, 1466.8), line("central", "中央补助", 980, 980, 980),
             line("province", "其中省级补助", 360, 360, 360), line("county", "县级配套", 180, 180, 126.8)]
    assert [p.details for p in funding_parts(lines)] == [[], [], []]
    assert sum_flags(lines) == []


def numbered_lines(first="（1）", second="（2）", third="（3）"):
    """Details numbered under 财政拨款, worded so their sources read as parts (（2）省级财政资金 is fiscal)."""
    return [line("total", "年度资金总额", 1500, 1620, 1563.3),
            line("fiscal", "其中：财政拨款", 1380, 1500, 1443.3),
            line("superior_subsidy", f"{first}中央财政衔接补助资金", 900, 900, 900),
            line("fiscal", f"{second}省级财政衔接资金", 300, 350, 350),
            line("fiscal", f"{third}县级财政资金", 180, 250, 193.3),
            line("carryover", "上年结转资金", 120, 120, 120),
            line("other", "其他资金", None, None, None)]


@pytest.mark.parametrize("marks", [("（1）", "（2）", "（3）"), ("(1)", "(2)", "(3)"), ("①", "②", "③"),
                                   ("1、", "2、", "3、"), ("其中：1.", "2.", "3.")])
def test_numbered_lines_are_details_of_the_part_above(marks):
    parts = funding_parts(numbered_lines(*marks))
    assert [p.line.label_raw for p in parts] == ["其中：财政拨款", "上年结转资金", "其他资金"]
    assert len(parts[0].details) == 3
    assert sum_flags(numbered_lines(*marks)) == []


def test_numbered_details_that_do_not_add_up_are_flagged_against_their_part():
    lines = numbered_lines()
    lines[4] = line("fiscal", "（3）县级财政资金", 180, 250, 203.3)
    assert [f.field for f in sum_flags(lines)] == ["funding.fiscal.executed"]     # 900+350+203.3 vs 1443.3


def test_numbered_parts_stay_parts():
    # every part numbered (1.财政拨款 / 2.上年结转资金): a flat list, no nesting
    lines = [line("total", "年度资金总额", 100, 100, 90),
             line("fiscal", "1.财政拨款", 80, 80, 70),
             line("carryover", "2.上年结转资金", 20, 20, 20)]
    assert [p.details for p in funding_parts(lines)] == [[], []]
    assert sum_flags(lines) == []


def test_details_numbered_in_another_style_than_their_numbered_parts():
    lines = [line("total", "年度资金总额", 100, 100, 90),
             line("fiscal", "其中：1.财政拨款", 80, 80, 70),
             line("superior_subsidy", "（1）中央补助", 50, 50, 50),
             line("fiscal", "（2）县级财政资金", 30, 30, 20),
             line("carryover", "2.上年结转资金", 20, 20, 20)]
    parts = funding_parts(lines)
    assert [(p.line.label_raw, len(p.details)) for p in parts] == [("其中：1.财政拨款", 2), ("2.上年结转资金", 0)]
    assert sum_flags(lines) == []
