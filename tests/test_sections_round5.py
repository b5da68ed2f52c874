"""Heading decisions behind the held-out narrative probe's round 5 (tests/fixtures/narrative_probe.py,
N31-N36), each on a minimal hand-made case."""
from __future__ import annotations

from jixiao.extract.model import TextBlock
from jixiao.normalize.sections import build_sections


def _p(text, size=16.0, bold=False):
    return TextBlock(text, style="Normal", size=size, bold=bold)


def test_label_numbered_with_a_dunhao_over_its_paragraph_is_a_heading():
    """`1、基本公共卫生服务项目` at the body size, not bold (a Chromium PDF loses the weight): the 、
    of its number is no punctuation inside the label."""
    blocks = [_p("一、部门整体支出情况", 20),
              _p("（一）重点项目支出情况", 18),
              _p("1、基本公共卫生服务项目"),
              _p("项目预算3,260万元，实际支出3,105.6万元，执行率95.26%，建立电子健康档案41.2万份。"),
              _p("2、家庭医生签约服务项目"),
              _p("项目预算860万元，实际支出812.4万元，执行率94.47%。"),
              _p("（二）绩效目标完成情况", 18),
              _p("1、产出指标"),
              _p("（1）数量指标"),
              _p("全区家庭医生签约服务覆盖率达到42.6%，重点人群签约率78.3%。"),
              _p("2、效益指标"),
              _p("居民健康素养水平提高到31.2%，较上年提高2.4个百分点。")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [
        ("一、部门整体支出情况", 1), ("（一）重点项目支出情况", 2), ("1、基本公共卫生服务项目", 3),
        ("2、家庭医生签约服务项目", 3), ("（二）绩效目标完成情况", 2), ("1、产出指标", 3), ("（1）数量指标", 4),
        ("2、效益指标", 3)]
