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
              _p("2.绩效目标：绩效目标与项目内容相关，但效益指标设置偏少。"),
              _p("3.指导思想：指导全区农村人居环境长效管护工作，实现村庄保洁全覆盖。"),
              _p("4.绩效指标：指标值设定合理，能够反映项目产出和效益。")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections if s.heading] == [
        ("一、绩效分析", 1), ("1.项目立项", 3), ("2.绩效目标", 3), ("3.指导思想", 3), ("4.绩效指标", 3)]


def _ocr(text, size):
    return TextBlock(text, style=None, size=size, bold=None)


# body lines as OCR sizes them: box heights scatter by a point
BODY = ["为提升城市环境卫生水平，城关区自2019年起将城市道路清扫保洁作业推向市场。",
        "2024年项目预算资金2,860万元，全部为区级财政资金，实际支出2,740.5万元。",
        "评价采用比较法、因素分析法和公众评判法，发放市民满意度问卷500份。",
        "城市环境卫生面貌明显改善，市民满意度为88.7%，较上年有所提高。"]


def test_ocr_sizes_a_point_apart_are_one_type_for_numbered_siblings():
    blocks = [_ocr("一、评价结论", 15.5), _ocr(BODY[0], 12.6),
              _ocr("2.1评价目的、对象和范围", 11.6), _ocr(BODY[1], 12.2),
              _ocr("2.2评价方法和评价标准", 11.2), _ocr(BODY[2], 13.0),
              _ocr("2.3评价工作过程", 11.2), _ocr(BODY[3], 11.9)]
    headings = [(s.heading, s.level) for s in build_sections(blocks, []) if s.heading]
    assert ("2.1评价目的、对象和范围", 4) in headings


def test_a_decimal_outline_printed_without_its_spaces_keeps_its_first_level_under_a_summary():
    """A firm's 摘要 numbered 一、… then a body `1项目基本情况` / `1.1项目概况` (OCR drops the space):
    the bare numbers are the decimal outline's first level (3), not children of the 摘要's 三、."""
    blocks = [_ocr("摘要", 17.3), _ocr("一、项目概况", 15.8), _ocr(BODY[0], 12.6),
              _ocr("二、评价结论", 15.5), _ocr(BODY[1], 12.2),
              _ocr("1项目基本情况", 11.9), _ocr("1.1项目概况", 11.2), _ocr(BODY[2], 13.0),
              _ocr("1.2项目资金情况", 11.2), _ocr(BODY[1], 12.6),
              _ocr("2绩效评价指标分析", 11.2), _ocr("2.1项目决策情况", 11.2), _ocr(BODY[3], 12.6),
              _ocr("3有关建议", 11.6), _ocr(BODY[0], 11.9)]
    headings = [(s.heading, s.level) for s in build_sections(blocks, []) if s.heading]
    assert [h for h in headings if h[0][0].isdigit()] == [
        ("1项目基本情况", 3), ("1.1项目概况", 4), ("1.2项目资金情况", 4), ("2绩效评价指标分析", 3),
        ("2.1项目决策情况", 4), ("3有关建议", 3)]
