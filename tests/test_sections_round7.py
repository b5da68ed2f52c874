"""Heading decisions added in round 7 of the held-out narrative probe (tests/fixtures/narrative_probe.py),
each on a minimal hand-made case."""
from __future__ import annotations

from jixiao.extract.model import TextBlock
from jixiao.normalize.sections import build_sections


def _p(text, size=16.0, bold=False):
    return TextBlock(text, style="Normal", size=size, bold=bold)


def test_a_glossary_of_numbered_terms_and_their_definitions_is_no_outline():
    """A 部门决算's 名词解释: `1.财政拨款收入：指…` defines a term; a run-in `1.项目立项：…` is a heading."""
    blocks = [_p("第四部分 名词解释", 16, True),
              _p("1.财政拨款收入：指本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款。"),
              _p("2.其他收入：指除上述“财政拨款收入”等以外的收入，主要是存款利息收入。"),
              _p("3.基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
              _p("4.项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections if s.heading] == [("第四部分 名词解释", 0)]


def test_a_numbered_label_and_colon_before_its_text_stays_a_run_in_heading():
    blocks = [_p("一、绩效分析", 16, True),
              _p("1.项目立项：项目符合国家和省市政策要求，立项依据充分。"),
              _p("2.绩效目标：绩效目标与项目内容相关，但效益指标设置偏少。")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections if s.heading] == [
        ("一、绩效分析", 1), ("1.项目立项", 3), ("2.绩效目标", 3)]
