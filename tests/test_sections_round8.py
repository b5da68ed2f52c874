"""Heading decisions added in round 8 of the held-out narrative probe (tests/fixtures/narrative_probe.py),
each on a minimal hand-made case."""
from __future__ import annotations

from jixiao.extract.model import TextBlock
from jixiao.normalize.sections import build_sections

BODY = ["为巩固“四好农村路”建设成果，州交通运输局2024年对全州8个县市的农村公路实施日常养护和预防性养护。",
        "农村公路列养率100%，优良中等路率不低于85%，养护资金按季度拨付到位，沿线群众满意度不低于90%。",
        "全州农村公路列养率100%，年度养护计划完成率为102.3%，优良中等路率达到87.6%。",
        "一是部分县市养护考核结果与资金拨付挂钩不紧；二是预防性养护占比偏低，部分路段病害处治不及时。"]


def _p(text, size=12.0, bold=False, top=None, x0=80.0, page=1):
    return TextBlock(text, style=None, size=size, bold=bold, page=page, x0=x0, top=top,
                     x1=x0 + min(len(text), 30) * size, bottom=None if top is None else top + size)


def _paged(rows):
    """Lines down one page, each one line high; a body line runs to the right margin only when long."""
    return [_p(text, size, bold, top=100.0 + 20 * i, x0=80.0 if text in BODY else 104.0)
            for i, (text, size, bold) in enumerate(rows)]


def headings(blocks):
    return [(s.heading, s.level) for s in build_sections(blocks, []) if s.heading]


def test_labels_in_lenticular_brackets_are_headings_whatever_their_type():
    """A PDF whose 【】 labels lost their 黑体 (substituted by the body face): the brackets alone mark them."""
    blocks = _paged([("某州2024年度农村公路养护补助资金绩效评价报告", 18, True),
                     ("【项目概况】", 12, False), (BODY[0], 12, False),
                     ("【绩效目标】", 12, False), (BODY[1], 12, False),
                     ("【主要绩效】", 12, False), ("（一）产出情况", 12, True), (BODY[2], 12, False),
                     ("【存在问题】", 12, False), (BODY[3], 12, False)])
    assert headings(blocks) == [("某州2024年度农村公路养护补助资金绩效评价报告", 0), ("【项目概况】", 1),
                                ("【绩效目标】", 1), ("【主要绩效】", 1), ("（一）产出情况", 2), ("【存在问题】", 1)]


def test_unnumbered_labels_over_a_restarting_numbering_in_their_type_stand_above_it():
    """Bold 项目概况 / 绩效目标完成情况 in the type of the bold （一）… under them: the labels are level 1."""
    blocks = _paged([("某区2024年度农村饮水安全工程维修养护项目绩效自评报告", 18, True),
                     ("概述", 12, True), (BODY[0], 12, False),
                     ("完成情况", 12, True), ("（一）产出情况", 12, True), (BODY[2], 12, False),
                     ("（二）效益情况", 12, True), (BODY[1], 12, False),
                     ("问题与建议", 12, True), (BODY[3], 12, False)])
    assert headings(blocks)[1:] == [("概述", 1), ("完成情况", 1), ("（一）产出情况", 2), ("（二）效益情况", 2),
                                    ("问题与建议", 1)]


def test_an_unmarked_label_between_its_sibling_and_its_first_child_and_the_last_one_are_headings():
    """No type sets the labels apart (a Chromium PDF that lost the bold): `绩效目标完成情况` right over
    `（一）产出情况`, and `存在的问题及改进措施` after the last sibling, beside known-outline labels."""
    blocks = _paged([("某区2024年度农村饮水安全工程维修养护项目绩效自评报告", 18, False),
                     ("项目概况", 12, False), (BODY[0], 12, False),
                     ("绩效目标", 12, False), (BODY[1], 12, False),
                     ("绩效目标完成情况", 12, False), ("（一）产出情况", 12, False), (BODY[2], 12, False),
                     ("自评结论", 12, False), (BODY[1], 12, False),
                     ("存在的问题及改进措施", 12, False), (BODY[3], 12, False)])
    found = dict(headings(blocks))
    assert found.get("绩效目标完成情况") == 1 and found.get("存在的问题及改进措施") == 1


def test_a_firms_name_under_a_two_line_title_that_ends_in_report_is_cover_text():
    """`…运行维护项目` / `绩效评价报告` in 18 pt, then the firm's name in 14 pt: the title's second line
    closed it, so the larger-than-headings name is cover text, not a second title."""
    blocks = [_p("某区2024年度小型水利工程运行维护项目", 18, True, top=100.0, x0=100.0),
              _p("绩效评价报告", 18, True, top=124.0, x0=250.0),
              _p("某某工程咨询有限公司", 14, False, top=300.0, x0=225.0),
              _p("一、项目基本情况", 12, True, top=120.0, x0=104.0, page=2), _p(BODY[0], 12, top=140.0, page=2),
              _p("二、评价结论", 12, True, top=160.0, x0=104.0, page=2), _p(BODY[1], 12, top=180.0, page=2)]
    assert [h for h, _ in headings(blocks)] == ["某区2024年度小型水利工程运行维护项目绩效评价报告", "一、项目基本情况",
                                                "二、评价结论"]


def test_headings_under_a_jie_go_one_level_deeper_when_it_holds_yi_headings():
    """第一章 > 第一节 > 一、 > （一）: 一、 under a 节 is the 节's child, not its sibling; a 节 holding
    only （一） keeps them at 2."""
    blocks = _paged([("某区2024年度项目绩效评价报告", 18, True), ("第一章 项目概况", 14, True),
                     ("第一节 项目基本情况", 12, True), ("一、项目背景", 12, True), (BODY[0], 12, False),
                     ("二、项目内容", 12, True), ("（一）建设内容", 12, True), (BODY[1], 12, False),
                     ("第二节 项目资金情况", 12, True), ("（一）资金来源", 12, True), (BODY[2], 12, False),
                     ("第二章 评价结论", 14, True), (BODY[3], 12, False)])
    assert headings(blocks)[1:] == [("第一章 项目概况", 0), ("第一节 项目基本情况", 1), ("一、项目背景", 2),
                                    ("二、项目内容", 2), ("（一）建设内容", 3), ("第二节 项目资金情况", 1),
                                    ("（一）资金来源", 2), ("第二章 评价结论", 0)]
