"""Heading decisions added in round 6 of the held-out narrative probe (tests/fixtures/narrative_probe.py),
each on a minimal hand-made case."""
from __future__ import annotations

from jixiao.extract.model import TextBlock
from jixiao.normalize.lines import numbering_level
from jixiao.normalize.sections import build_sections


def _p(text, size=16.0, bold=False):
    return TextBlock(text, style="Normal", size=size, bold=bold)


def test_enclosed_numerals_number_headings_as_their_plain_forms():
    """Word's numbering and IMEs write ㈠ ⒈ ⑴ as one character each: they number as （一） 1. （1）."""
    assert [numbering_level(t) for t in ("㈠项目概况", "⒈项目立项", "⑴立项依据", "⒛其他")] == [2, 3, 4, 3]


def test_headings_numbered_with_enclosed_numerals_are_read_plain_and_in_sequence():
    blocks = [_p("一、项目基本情况", 16, True),
              _p("㈠项目概况", 16, True),
              _p("为改善农村人居环境，该区2023年实施农村生活垃圾收运处置项目，覆盖96个行政村。"),
              _p("㈡项目资金情况", 16, True),
              _p("⒈资金安排", 16, True),
              _p("2023年项目预算资金560万元，全部为区级财政资金。"),
              _p("⒉资金使用", 16, True),
              _p("全年实际支出548.8万元，资金执行率为98%。"),
              _p("二、绩效目标完成情况", 16, True),
              _p("⑴数量指标"),
              _p("全年转运处置农村生活垃圾3.86万吨。"),
              _p("⑵质量指标"),
              _p("农村生活垃圾无害化处理率100%。")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [
        ("一、项目基本情况", 1), ("㈠项目概况", 2), ("㈡项目资金情况", 2), ("⒈资金安排", 3), ("⒉资金使用", 3),
        ("二、绩效目标完成情况", 1), ("⑴数量指标", 4), ("⑵质量指标", 4)]


def test_the_subject_of_an_enclosed_numeral_heading_drops_its_number():
    from jixiao.normalize.facts import heading_subject
    assert [heading_subject(h) for h in ("㈠项目决策情况", "⒈项目立项分析", "⑴数量指标")] == ["项目决策", "项目立项", "数量指标"]


def test_a_chinese_numeral_closed_by_a_bracket_alone_numbers_as_its_bracketed_form():
    assert [numbering_level(t) for t in ("一）项目概况", "二)资金情况")] == [2, 2]
    blocks = [_p("一、项目基本情况", 16, True),
              _p("一）项目概况", 16, True),
              _p("该项目2023年覆盖全区8个镇（街道）的96个行政村。"),
              _p("二）项目资金情况", 16, True),
              _p("2023年项目预算资金560万元，全年实际支出548.8万元。"),
              _p("二、绩效目标完成情况", 16, True),
              _p("全年转运处置农村生活垃圾3.86万吨。")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [
        ("一、项目基本情况", 1), ("一）项目概况", 2), ("二）项目资金情况", 2), ("二、绩效目标完成情况", 1)]
