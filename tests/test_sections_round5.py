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


def _line(text, page, top, x0=81.0, x1=None, size=16.0, bold=False):
    return TextBlock(text=text, page=page, x0=x0, top=top, x1=x1 if x1 is not None else x0 + size * len(text),
                     bottom=top + size, size=size, bold=bold)


def test_run_in_label_set_larger_than_its_text_is_cut_at_its_full_stop():
    """Chromium prints `（一）加快预算执行进度。` larger than the text running on after it, with no
    bold to tell the label: the line reads as a heading by its size, and its heading is the label."""
    right = 81 + 16 * 27
    blocks = [
        _line("四、自评结论", 1, 20, x0=113, size=20),
        _line("经自评，我局2023年度部门整体支出绩效自评得分79.5分，自评等级", 1, 44, x0=113, x1=right),
        _line("为“良”。部门整体支出管理规范，资金使用效益较好，年度绩效目标", 1, 70, x1=right),
        _line("基本完成，但项目支出预算执行进度偏慢。", 1, 96),
        _line("五、下一步改进措施", 1, 122, x0=113, size=20),
        _line("（一）加快预算执行进度。建立预算执行进度月通报制", 1, 150, x0=113, x1=right, size=18),
        _line("度，督促设备采购项目按时完成支付。", 1, 176),
        _line("（二）提高绩效目标质量。结合上年实际完成值科学设", 1, 202, x0=113, x1=right, size=18),
        _line("定绩效目标，避免目标值偏低。", 1, 228),
    ]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [
        ("四、自评结论", 1), ("五、下一步改进措施", 1), ("（一）加快预算执行进度。", 2),
        ("（二）提高绩效目标质量。", 2)]
    assert sections[2].text == "建立预算执行进度月通报制度，督促设备采购项目按时完成支付。"


def test_colon_labelled_items_of_a_list_closed_by_semicolons_are_body_text():
    """`（1）数量：…；` `（2）质量：…；` `（3）时效：…。` under a heading are the items of one list (each
    closed by ；, the last by 。), also when an item wraps over lines: no run-in headings."""
    right = 81 + 16 * 27
    blocks = [
        _line("三、绩效目标完成情况", 1, 20, x0=113, size=20),
        _line("（一）产出目标", 1, 46, x0=113, size=18),
        _line("（1）数量：建成社区嵌入式养老服务站16个，全年服务老", 1, 72, x0=113, x1=right),
        _line("年人4.2万人次；", 1, 98),
        _line("（2）质量：服务站运营规范达标率100%；", 1, 124, x0=113),
        _line("（3）时效：16个服务站均于2023年10月底前投入运营。", 1, 150, x0=113, x1=right),
        _line("（二）效益目标", 1, 176, x0=113, size=18),
        _line("社区老年人就近养老需求得到较好满足，服务站日均服务老年人120人", 1, 202, x0=113, x1=right),
        _line("次，社区居家养老服务网络进一步完善，服务质量稳步提升。", 1, 228),
    ]
    sections = build_sections(blocks, [])
    assert [s.heading for s in sections] == ["三、绩效目标完成情况", "（一）产出目标", "（二）效益目标"]
    assert sections[1].text.startswith("（1）数量：建成") and "（3）时效：" in sections[1].text


def test_cover_line_smaller_than_a_title_closed_by_its_report_word_is_no_heading():
    """A firm's cover: the title (…绩效评价报告), then the firm's name set larger than the body but
    smaller than the title: cover text, no second title. A title over two lines still joins."""
    body = "评价组于2024年3月至4月开展评价，采取资料核查、数据分析和电话回访相结合的方式开展评价工作。"
    blocks = [_p("顺义区2023年度老年人意外伤害保险项目绩效评价报告", 18, bold=True),
              _p("北京华审正信会计师事务所有限公司", 14),
              _p("二〇二四年五月", 14),
              _p("一、项目基本情况", 12, bold=True), _p(body, 12),
              _p("二、绩效评价工作开展情况", 12, bold=True), _p(body, 12)]
    sections = build_sections(blocks, [])
    assert [s.heading for s in sections] == ["顺义区2023年度老年人意外伤害保险项目绩效评价报告", "一、项目基本情况",
                                              "二、绩效评价工作开展情况"]
    two_lines = [_p("南通市海门区2023年度农村人居环境整治专项资金", 18, bold=True), _p("绩效评价报告", 18, bold=True),
                 *blocks[1:]]
    assert build_sections(two_lines, [])[0].heading == "南通市海门区2023年度农村人居环境整治专项资金绩效评价报告"


def test_consecutive_run_in_labels_with_nothing_to_set_them_apart_are_headings():
    """A scan: no bold, sizes alike. `（一）加快预算执行进度。建立…` then `（二）提高绩效目标质量。结合…`:
    parallel labels closed by 。, each running on into its paragraph, are run-in headings; a lone
    `（一）…有待完善。…` beside a sibling that is a plain sentence stays a list item."""
    blocks = [_p("五、下一步改进措施", 16, bold=True),
              _p("（一）加快预算执行进度。建立预算执行进度月通报制度，督促设备采购项目按时完成支付。"),
              _p("（二）提高绩效目标质量。结合上年实际完成值科学设定绩效目标，避免目标值偏低。"),
              _p("六、存在的问题", 16, bold=True),
              _p("（一）资助对象精准认定机制有待完善。部分学校认定程序不规范，认定材料不完整。"),
              _p("（二）资助信息系统数据更新不及时，个别学生信息与实际情况不符。")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [
        ("五、下一步改进措施", 1), ("（一）加快预算执行进度。", 2), ("（二）提高绩效目标质量。", 2), ("六、存在的问题", 1)]
    assert sections[1].text == "建立预算执行进度月通报制度，督促设备采购项目按时完成支付。"


def test_a_heading_does_not_wrap_into_a_line_in_another_face():
    """A centred 黑体 heading that nearly fills its line, then the paragraph in 仿宋 at the same size,
    neither bold: the paragraph's line is no second line of the heading."""
    right = 81 + 16 * 27
    blocks = [
        TextBlock("三、绩效目标完成情况", page=1, x0=81, top=20, x1=81 + 16 * 10, bottom=36, size=16, font="黑体"),
        TextBlock("一是粮食生产稳中有增，全镇粮食播种面积9.6万亩，总产量6.8万吨，新建设施温棚120栋。",
                  page=1, x0=113, top=46, x1=right, bottom=62, size=16, font="仿宋"),
        TextBlock("四、偏离绩效目标的原因和下一步改进措施及其他需要说明的", page=1, x0=90, top=72, x1=right - 20,
                  bottom=88, size=16, font="黑体"),
        TextBlock("项目未偏离绩效目标。下一步将加强运营管理。", page=1, x0=81, top=98, x1=81 + 16 * 21, bottom=114,
                  size=16, font="仿宋"),
        TextBlock("群众满意度为95.6%，较上年提高1.2个百分点，项目实施效果得到群众普遍认可。", page=1, x0=113,
                  top=124, x1=right, bottom=140, size=16, font="仿宋"),
    ]
    sections = build_sections(blocks, [])
    assert [s.heading for s in sections] == ["三、绩效目标完成情况", "四、偏离绩效目标的原因和下一步改进措施及其他需要说明的"]
    assert sections[1].text.startswith("项目未偏离绩效目标。")


def test_run_in_label_of_a_long_line_in_the_heading_face_is_cut_at_its_full_stop():
    """`（一）加快预算执行进度。建立…` printed whole in the heading face (the PDF tells no lead), longer
    than an unnumbered heading may be: the heading is the label, the rest its text."""
    blocks = [_p("五、下一步改进措施", 16, bold=True),
              TextBlock("（一）加快预算执行进度。建立预算执行进度月通报制度，督促设备采购项目按时完成支付任务。",
                        style="Normal", size=16, font="楷体"),
              TextBlock("项目支出预算执行进度偏慢，部分设备采购项目年底未完成支付，影响了资金使用效益的发挥。",
                        style="Normal", size=16, font="仿宋"),
              TextBlock("绩效目标设置不够科学，个别指标目标值偏低，难以全面反映项目实施的实际效果和效益。",
                        style="Normal", size=16, font="仿宋")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [("五、下一步改进措施", 1), ("（一）加快预算执行进度。", 2)]
    assert sections[1].text.startswith("建立预算执行进度月通报制度")
