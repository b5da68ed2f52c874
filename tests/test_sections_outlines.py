"""build_sections on the outlines other regions use (issue #16): title lines, whole-sentence and
run-in headings, headings closed by 。, long headings with a parenthesised note, a label over a
one-line text beside its headed siblings, unnumbered headings of a known outline; and the
typeface / run-in evidence the extractors hand on (TextBlock.font, TextBlock.lead)."""
from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from jixiao.extract.model import TextBlock
from jixiao.normalize.outlines import heading_key, outlines
from jixiao.normalize.sections import build_sections


def body(text, **kw):
    return TextBlock(text, style="Normal", size=16, font="仿宋", **kw)


def h1(text):   # 黑体 at the body size, not bold
    return TextBlock(text, style="Normal", size=16, font="黑体")


def h2(text):   # 楷体 bold
    return TextBlock(text, style="Normal", size=16, font="楷体", bold=True)


def heads(blocks):
    return [(s.level, s.heading) for s in build_sections(blocks, []) if s.heading]


FILLER = [body("项目实施以来，各项工作按计划推进，资金使用规范，项目管理制度健全，达到了预期效果。")] * 6


def test_title_lines_are_level_zero():
    blocks = [TextBlock("（直达资金）", style="Normal", size=22, font="方正小标宋"),
              TextBlock("某县某乡人饮工程项目2020年度绩效自评报告", style="Normal", size=22, font="方正小标宋"),
              h1("一、自评结论"), body("项目自评得分98分。"), *FILLER]
    assert heads(blocks) == [(0, "（直达资金）"), (0, "某县某乡人饮工程项目2020年度绩效自评报告"), (1, "一、自评结论")]


def test_title_at_body_size_ending_in_report_before_the_outline():
    blocks = [body("某区水务局2022年度衔接资金项目绩效自评报告"), h1("一、绩效目标分解下达情况"), *FILLER,
              body("关于此前工作的总结报告")]          # after the outline started: body text
    assert heads(blocks) == [(0, "某区水务局2022年度衔接资金项目绩效自评报告"), (1, "一、绩效目标分解下达情况")]


def test_whole_sentence_heading_when_set_as_a_heading():
    sentence = "（一）某区水务局2022年衔接资金共下达105万元，用于实施南岭村、石桥村农村供水管网改造工程，改造管网12.6公里。"
    blocks = [h1("一、绩效目标分解下达情况"), h2(sentence), h2("（二）绩效目标设定情况。"), body("绩效目标为…。"), *FILLER]
    assert heads(blocks) == [(1, "一、绩效目标分解下达情况"), (2, sentence), (2, "（二）绩效目标设定情况。")]
    # the same sentence in the body font is body text
    plain = [h1("一、绩效目标分解下达情况"), body(sentence), h2("（二）绩效目标设定情况。"), *FILLER]
    assert (2, sentence) not in heads(plain)


def test_run_in_heading_from_its_type():
    blocks = [h1("三、绩效目标完成情况分析"),
              body("1.项目资金到位情况分析。2022年衔接资金105万元分两批下达，资金到位率100%。",
                   lead="1.项目资金到位情况分析。"),
              body("2.资金使用：支出合规。", lead="2.资金使用："), *FILLER]
    sections = build_sections(blocks, [])
    assert [(s.level, s.heading) for s in sections] == [
        (1, "三、绩效目标完成情况分析"), (3, "1.项目资金到位情况分析。"), (3, "2.资金使用")]
    assert sections[1].text == "2022年衔接资金105万元分两批下达，资金到位率100%。"
    assert sections[2].text.startswith("支出合规。")


def test_run_in_heading_from_its_words_and_numbered_sentences_of_a_list():
    blocks = [h1("三、绩效目标完成情况分析"),
              body("（一）资金投入情况分析。2022年下达资金105万元，全部到位。"),
              body("1.项目资金执行情况分析。项目实际支出101.85万元。"),
              body("2.项目资金管理情况分析。资金专款专用。"),
              body("3.项目资金到位情况分析。资金全部到位。"),
              h1("四、存在的问题"),
              body("1.绩效目标设置不够细化，部分指标未量化。"),
              body("2.满意度调查样本偏少。调查方式单一。"),
              body("3.资金拨付进度偏慢，影响项目实施。"), *FILLER]
    assert heads(blocks) == [(1, "三、绩效目标完成情况分析"), (2, "（一）资金投入情况分析。"),
                             (3, "1.项目资金执行情况分析。"), (3, "2.项目资金管理情况分析。"),
                             (3, "3.项目资金到位情况分析。"), (1, "四、存在的问题")]


def test_heading_closed_by_a_full_stop_at_body_size():
    blocks = [h1("三、绩效目标完成情况分析"), body("（一）资金投入情况分析。"), body("项目资金全部到位，执行率100%。"),
              body("（二）项目实施情况："), body("项目按计划实施完成。"), *FILLER]
    assert heads(blocks) == [(1, "三、绩效目标完成情况分析"), (2, "（一）资金投入情况分析。"), (2, "（二）项目实施情况")]


def test_long_heading_with_a_parenthesised_note():
    note = "2.简要概述项目资金情况（包括资金结构、投向、用途、分配方式、结果等情况，常年性项目或延续性项目应与以前年度进行对比）"
    blocks = [h1("一、项目基本情况"), body("1.项目概况（包括项目背景、主要内容等情况）"),
              body("项目由区图书馆实施，保障公共文化设施正常开放，全年接待群众63万人次。"),
              body(note), body("2021年该项目全年预算数2300万元，全部为区级财政资金，主要用于设施运行。"), *FILLER]
    assert heads(blocks) == [(1, "一、项目基本情况"), (3, "1.项目概况（包括项目背景、主要内容等情况）"), (3, note)]


def test_label_over_a_one_line_text_beside_headed_siblings():
    blocks = [TextBlock("1.产出指标完成情况分析。", style="Normal", size=16, bold=True),
              body("（1）项目完成数量"), body("改造供水管网12.6公里"),
              body("（2）项目完成质量"), body("工程经竣工验收合格，验收合格率100%，质量达到设计要求。"),
              body("（3）项目完成时效"), body("按期完工"),
              body("（4）项目成本控制"), body("项目实际支出未超过批复预算，单位成本控制在预算标准以内。"), *FILLER]
    assert heads(blocks) == [(3, "1.产出指标完成情况分析。"), (4, "（1）项目完成数量"), (4, "（2）项目完成质量"),
                             (4, "（3）项目完成时效"), (4, "（4）项目成本控制")]


def test_unnumbered_headings_of_a_known_outline():
    blocks = [TextBlock("2022年度某项目支出绩效自评报告", style="Normal", size=22),
              body("一、基本情况"), body("项目概况"), body("项目由市医疗保障事务中心实施，服务参保群众42.6万人。"),
              body("项目绩效目标"), body("全年完成参保登记不少于42万人，群众满意度不低于90%。"),
              body("二、绩效评价工作开展情况"), body("中心成立自评工作组开展自评。"),
              body("主要做法"), body("这两个字不是已知提纲的标题，只是一行正文。"), *FILLER]
    assert heads(blocks) == [(0, "2022年度某项目支出绩效自评报告"), (1, "一、基本情况"), (2, "项目概况"),
                             (2, "项目绩效目标"), (1, "二、绩效评价工作开展情况")]


def test_unnumbered_heading_in_a_numbering_gap_takes_its_siblings_level():
    blocks = [TextBlock("（一）基本情况", size=16, bold=True), TextBlock("1、评价的目的", size=16, bold=True),
              body("促进项目资金预算的严谨性。"), TextBlock("评价的原则", size=16, bold=True), body("科学规范、公正公开。"),
              TextBlock("3、评价的方法", size=16, bold=True), body("资料核查。"), *FILLER]
    assert heads(blocks) == [(2, "（一）基本情况"), (3, "1、评价的目的"), (3, "评价的原则"), (3, "3、评价的方法")]


@pytest.mark.parametrize("text, key, levels", [
    ("三、项目资金到位情况分析。", "资金到位", {"self_evaluation": 3}),
    ("（1）数量指标", "数量指标", {"self_evaluation": 4}),
    ("1）执行率情况", "执行率", {"conclusion_evidence": 3}),
    ("二、佐证材料", "佐证材料", {"conclusion_evidence": 1}),
    ("2.简要概述项目资金情况（包括资金结构、投向", "简要概述项目资金", {}),
    ("项目概况", "项目概况", {"evaluation_report": 2}),
])
def test_outline_keys(text, key, levels):
    assert heading_key(text) == key and outlines().known(text) == levels


# ---------------------------------------------------------------- extractor evidence

def test_docx_font_and_run_in_lead(tmp_path):
    from jixiao.extract.docx_reader import read_docx
    d = docx.Document()
    d.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")

    def run(p, text, face=None, bold=None):
        r = p.add_run(text)
        if face:
            r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
        r.bold = bold
        r.font.size = Pt(16)
    run(d.add_paragraph(), "一、基本情况", face="黑体")
    p = d.add_paragraph()
    run(p, "1.项目资金到位情况分析。", bold=True)
    run(p, "资金全部到位。")
    p = d.add_paragraph()
    run(p, "一是", face="黑体")
    run(p, "加强管理。")
    run(d.add_paragraph(), "正文。")
    path = tmp_path / "runs.docx"
    d.save(path)
    blocks = [b for b in read_docx(path).text_blocks() if b.text]
    assert [(b.font, b.lead) for b in blocks] == [
        ("黑体", None), ("仿宋", "1.项目资金到位情况分析。"), ("仿宋", "一是"), ("仿宋", None)]


def test_pdf_font_family_and_lead():
    from jixiao.extract.pdf_text import font_family, make_lines
    assert font_family("BAAAAA+NotoSerifCJKjp-Bold-VKana") == "NotoSerifCJKjp"
    assert font_family("SimHei") == "SimHei" and font_family("ABCDEF+SimSun,Bold") == "SimSun"

    def chars(text, x, bold_upto):
        return [{"text": ch, "x0": x + 16 * i, "x1": x + 16 * (i + 1), "top": 100.0, "bottom": 116.0, "size": 16.0,
                 "fontname": "AAAAAA+Song-Bold" if i < bold_upto else "AAAAAA+Song-Regular"}
                for i, ch in enumerate(text)]
    (line,) = make_lines(chars("1.资金到位情况分析。资金已于三月全部到位，到位率百分之百。", 80.0, 11))
    assert line.lead == "1.资金到位情况分析。" and line.font == "Song" and not line.bold
    (plain,) = make_lines(chars("资金全部到位。", 80.0, 0))
    assert plain.lead is None


def test_bold_numbering_alone_is_no_run_in_heading():
    blocks = [h1("一、基本情况"), body("1.项目于2022年开工建设，当年完工并通过验收。", lead="1."), *FILLER]
    assert heads(blocks) == [(1, "一、基本情况")]


def test_title_over_two_lines_is_one_heading():
    title = dict(style="Normal", size=22, font="方正小标宋")
    blocks = [TextBlock("正定县教育局", **title), TextBlock("2023年度部门整体支出绩效自评报告", **title),
              h1("一、部门概况"), body("教育局负责全县教育工作。"), *FILLER]
    assert heads(blocks) == [(0, "正定县教育局2023年度部门整体支出绩效自评报告"), (1, "一、部门概况")]
    # a title that ended (…报告) does not run into the next large line
    ended = [TextBlock("某区2023年度某专项资金绩效评价报告", **title), TextBlock("（第三方评价）", **title),
             h1("一、项目概况"), body("项目情况。"), *FILLER]
    assert heads(ended) == [(0, "某区2023年度某专项资金绩效评价报告"), (0, "（第三方评价）"), (1, "一、项目概况")]


def test_chapters_and_sections_of_a_firms_report():
    blocks = [TextBlock("第一章 项目基本情况", style="Normal", size=14, bold=True),
              TextBlock("第一节 项目概况", style="Normal", size=12), TextBlock("（一）项目背景", size=12, bold=True),
              TextBlock("城市道路总里程1126公里，养护任务逐年增加。", style="Normal", size=12, font="宋体"),
              TextBlock("第二节 项目资金情况", style="Normal", size=12),
              TextBlock("区级财政安排专项资金6850万元，实际支出6573.92万元。", style="Normal", size=12, font="宋体")]
    assert heads(blocks) == [(0, "第一章 项目基本情况"), (1, "第一节 项目概况"), (2, "（一）项目背景"),
                             (1, "第二节 项目资金情况")]


def test_a_covers_lines_at_the_size_of_a_styled_chapter_are_no_titles():
    firm = TextBlock("某某会计师事务所有限公司", style="Normal", size=14, font="宋体")
    date = TextBlock("二〇二四年六月", style="Normal", size=14, font="宋体")
    blocks = [TextBlock("某区2023年度道路养护专项资金", style="Normal", size=18, bold=True, font="黑体"),
              TextBlock("重点绩效评价报告", style="Normal", size=18, bold=True, font="黑体"), firm, date,
              TextBlock("第一章 项目基本情况", style="Heading 1", size=14, bold=True, font="黑体"),
              TextBlock("第一节 项目概况", style="Heading 2", size=12, font="黑体"),
              TextBlock("项目由区城市管理局组织实施，全年完成道路养护1126公里。", style="Normal", size=12, font="宋体")] + [
              TextBlock("评价组查阅资料、实地抽查道路并发放问卷，形成评价结论和有关建议。", style="Normal", size=12,
                        font="宋体")] * 6
    assert heads(blocks) == [(0, "某区2023年度道路养护专项资金重点绩效评价报告"), (0, "第一章 项目基本情况"),
                             (1, "第一节 项目概况")]


def test_run_in_labels_beside_a_run_in_heading_in_the_same_type():
    """No typography (a PDF whose fonts carry no names): `3.分析评价。` reads as a heading by its
    words, and its numbered neighbours of the same shape are headings too."""
    plain = lambda text: TextBlock(text, style="Normal", size=16)  # noqa: E731
    blocks = [plain("（二）自评工作过程"),
              plain("1.前期准备。成立绩效自评工作领导小组，制定自评工作方案，明确自评范围、内容、方法和时间安排。"),
              plain("2.组织实施。各科室对照年初设定的绩效目标，逐项收集整理预算执行和项目实施资料，填报自评表。"),
              plain("3.分析评价。领导小组对报送的资料进行审核汇总，结合实地核查情况进行综合分析评价，形成自评报告。"),
              plain("（三）存在问题"),
              plain("1.预算编制不够精准。部分项目年中调整幅度较大，影响执行进度。"),
              plain("2.绩效目标不够细化。个别指标难以量化考核，影响评价结果。")]
    assert heads(blocks) == [(2, "（二）自评工作过程"), (3, "1.前期准备。"), (3, "2.组织实施。"), (3, "3.分析评价。"),
                             (2, "（三）存在问题")]


def test_unnumbered_heading_in_the_type_of_its_known_siblings():
    h = lambda text: TextBlock(text, style="Normal", size=16, font="楷体", bold=True)  # noqa: E731
    blocks = [h1("一、项目基本情况"), h("项目概况"), body("项目对全县危险路段增设护栏和警示标志，共计整治路段186公里。"),
              h("项目资金情况"), body("项目全年预算数456.32万元，全年共支出资金456.32万元，预算执行率100%。"),
              h("项目绩效目标"), body("完成农村公路危险路段整治186公里，工程验收合格率100%。"),
              h1("二、绩效目标完成情况"), body("各项目标均已完成。"), *FILLER]
    assert heads(blocks) == [(1, "一、项目基本情况"), (2, "项目概况"), (2, "项目资金情况"), (2, "项目绩效目标"),
                             (1, "二、绩效目标完成情况")]
    # a short line in the body type between body paragraphs stays body text
    assert (2, "主要做法") not in heads([h1("一、项目基本情况"), h("项目概况"), body("主要做法"), *FILLER])


def test_attachment_list_and_a_lead_in_label_are_no_headings():
    plain = lambda text: TextBlock(text, style="Normal", size=16)  # noqa: E731
    blocks = [plain("五、存在的问题及原因分析"), plain("主要经验：坚持规划引领、建管并重。"), plain("存在问题："),
              plain("1.建后管护机制不健全，部分田间道路缺乏日常维护。"), plain("2.产能提升不明显。"),
              plain("六、其他需要说明的问题"), plain("无。"),
              plain("附件：1.绩效评价指标体系及评分表"), plain("2.满意度调查问卷汇总表")]
    assert heads(blocks) == [(1, "五、存在的问题及原因分析"), (1, "六、其他需要说明的问题")]


def test_unnumbered_outline_headings_right_under_a_first_level_heading_are_its_children():
    h = lambda text: TextBlock(text, style="Normal", size=16, font="楷体", bold=True)  # noqa: E731
    blocks = [h1("二、绩效目标完成情况"), h("产出指标完成情况"), body("全年完成危险路段整治186公里，工程均通过交工验收。"),
              h("效益指标完成情况"), body("农村公路通行安全条件明显改善，交通事故起数较上年下降。"),
              h("满意度指标完成情况"), body("沿线群众满意度为93.4%。"), h1("三、自评结论"), body("自评得分98.5分。"), *FILLER]
    assert heads(blocks) == [(1, "二、绩效目标完成情况"), (2, "产出指标完成情况"), (2, "效益指标完成情况"),
                             (2, "满意度指标完成情况"), (1, "三、自评结论")]


def test_circled_numbers_under_parenthesised_ones():
    plain = lambda text: TextBlock(text, style="Normal", size=16)  # noqa: E731
    blocks = [h1("二、绩效目标完成情况"), h2("（1）数量指标"), plain("①服务人数"),
              plain("全年为2,136名老年人提供居家养老服务，完成年度目标。"), plain("②服务时长"),
              plain("累计提供上门服务8.6万小时。"), h2("（2）质量指标"), plain("服务质量抽查合格率98%。"), *FILLER]
    assert heads(blocks) == [(1, "二、绩效目标完成情况"), (4, "（1）数量指标"), (5, "①服务人数"), (5, "②服务时长"),
                             (4, "（2）质量指标")]
    # ① items of a list in the body text stay body text
    listed = [h1("二、绩效目标完成情况"), plain("①参保人数41.2万人，完成年度目标；"), plain("②领取人数12.6万人；"),
              plain("③发放率100%。"), *FILLER]
    assert heads(listed) == [(1, "二、绩效目标完成情况")]


def test_a_long_numbered_heading_between_its_numbered_siblings():
    plain = lambda text: TextBlock(text, style="Normal", size=16)  # noqa: E731
    long = "二、项目绩效目标完成情况及绩效自评工作开展情况，包括自评组织、自评方法和自评过程等内容"
    blocks = [plain("一、项目基本情况"), plain("项目涉及2个县市16个乡镇，主要内容包括有机肥替代化肥和绿色防控。"), plain(long),
              plain("州农业农村局成立绩效自评工作组，对照年初绩效目标开展自评。"), plain("三、自评结论"),
              plain("经自评，该项目自评得分100分。"), *FILLER]
    assert heads(blocks) == [(1, "一、项目基本情况"), (1, long), (1, "三、自评结论")]
    sentence = "二、项目实施后，群众饮水条件明显改善，受益人口3260人。"
    assert (1, sentence) not in heads([*blocks[:2], plain(sentence), *blocks[3:]])


def test_a_firms_decimal_outline():
    """`1 项目概况` / `1.1 项目背景` / `1.1.1 立项依据`: a firm's decimal numbering (PDF text often
    drops the space: `1项目概况`), told from a figure and its measure word (`86 个小区`, `1.5 分`)."""
    plain = lambda text: TextBlock(text, style="Normal", size=12)  # noqa: E731
    blocks = [plain("1项目概况"), plain("1.1 项目背景"), plain("1.1.1 立项依据"),
              plain("根据区政府工作安排，对老旧小区实施改造，涉及住户3,426户，改造内容包括管网和道路。"),
              plain("1.2 项目资金"), plain("区级财政安排资金1,850万元，实际支出1,802.6万元。"),
              plain("2评价工作情况"), plain("评价组采用资料核查、现场勘查和问卷调查相结合的方法开展评价。"),
              plain("3绩效分析"), plain("86 个小区完成改造，验收合格率100%。"),
              plain("1.5 分以上的指标均已达标，整体绩效良好，群众反映较好，满意度较高。")]
    assert heads(blocks) == [(3, "1项目概况"), (4, "1.1 项目背景"), (5, "1.1.1 立项依据"), (4, "1.2 项目资金"),
                             (3, "2评价工作情况"), (3, "3绩效分析")]


def test_a_closing_parenthesis_numbers_a_fourth_level():
    plain = lambda text: TextBlock(text, style="Normal", size=16)  # noqa: E731
    blocks = [h1("三、绩效目标完成情况分析"), plain("1.产出指标完成情况"), plain("1）补贴机具数量"),
              plain("全年补贴各类农机具1,268台（套），完成年度目标。"), plain("2）受益农户数量"),
              plain("受益农户1,046户。"), *FILLER]
    assert heads(blocks) == [(1, "三、绩效目标完成情况分析"), (3, "1.产出指标完成情况"), (4, "1）补贴机具数量"),
                             (4, "2）受益农户数量")]


def test_an_own_line_heading_loses_its_closing_colon():
    """`（一）预算收支情况：` over its paragraph: the colon leads into the text, the heading is its words."""
    blocks = [h1("一、部门整体支出管理及使用情况"), h2("（一）预算收支情况："),
              body("2023年部门年初预算6,215.4万元，全年支出6,301.25万元。"), *FILLER]
    assert heads(blocks) == [(1, "一、部门整体支出管理及使用情况"), (2, "（一）预算收支情况")]


def test_headings_set_apart_by_size_alone_step_down_in_levels():
    """No numbering anywhere: the heading types that recur take levels by prominence (larger
    first), the title above them stays level 0."""
    sized = lambda text, size, bold=False: TextBlock(text, style="Normal", size=size, bold=bold)  # noqa: E731
    blocks = [sized("某市2023年度公共文化服务体系建设专项资金绩效自评报告", 22, True),
              sized("项目基本情况", 20), sized("项目背景与主要内容", 18, True), *FILLER[:2],
              sized("资金投入与使用", 18, True), *FILLER[:2],
              sized("绩效目标及完成情况", 20), sized("产出目标完成情况", 18, True), *FILLER[:2]]
    assert heads(blocks) == [(0, "某市2023年度公共文化服务体系建设专项资金绩效自评报告"), (1, "项目基本情况"),
                             (2, "项目背景与主要内容"), (2, "资金投入与使用"), (1, "绩效目标及完成情况"),
                             (2, "产出目标完成情况")]


def test_entries_of_the_reports_own_toc_are_headings_in_the_body_type():
    """The 目录 (one block, as a PDF may hand it over) lists headings whose face fell back to the
    body's: they are headings, level 1, above the bold ones it does not list."""
    blocks = [TextBlock("某市2023年度公共文化服务体系建设专项资金绩效自评报告", style="Normal", size=22),
              TextBlock("项目基本情况……………………1资金安排与使用……………………2自评结论……………………3",
                        style="Normal", size=16),
              body("项目基本情况"), TextBlock("项目背景与主要内容", style="Normal", size=16, font="仿宋", bold=True),
              *FILLER[:2], TextBlock("项目实施内容", style="Normal", size=16, font="仿宋", bold=True), *FILLER[:2],
              body("资金安排与使用"), *FILLER[:2], body("自评结论"), body("经自评，该项目自评得分98.6分。")]
    assert heads(blocks) == [(0, "某市2023年度公共文化服务体系建设专项资金绩效自评报告"), (1, "项目基本情况"),
                             (2, "项目背景与主要内容"), (2, "项目实施内容"), (1, "资金安排与使用"), (1, "自评结论")]


def test_a_bold_line_after_a_paragraph_that_ends_at_the_margin_with_its_full_stop():
    """`…全年接待群众38.6万人次。` filling its line, then `满意度目标完成情况` in bold: a new line,
    no rest of the paragraph."""
    def at(text, top, x0=112.0, x1=None, bold=False):
        return TextBlock(text, style=None, size=16, font="仿宋", bold=bold, page=1, top=top, bottom=top + 16,
                         x0=x0, x1=x1 if x1 is not None else x0 + 16 * len(text))
    blocks = [TextBlock("某市2023年度公共文化服务体系建设专项资金绩效自评报告", size=22, page=1, top=60, bottom=82,
                        x0=90, x1=530),
              at("（一）产出目标完成情况", 100, bold=True),
              at("全年开展群众文化活动236场次，更新基层综合性文化服务中心设备42套，", 130, x1=538),
              at("公共文化场馆免费开放率100%，公共文化服务覆盖面扩大，全年接待群众。", 158, x0=80, x1=538),
              at("（二）满意度目标完成情况", 190, bold=True),
              at("公共文化服务覆盖面进一步扩大，全年接待群众38.6万人次，较上年增长。", 220, x1=554),
              at("群众满意度情况", 250, bold=True),
              at("群众满意度为94.1%。", 280)]
    sections = build_sections(blocks, [])
    assert [(s.level, s.heading) for s in sections][-2:] == [(2, "（二）满意度目标完成情况"), (2, "群众满意度情况")]
    assert sections[-2].text.endswith("较上年增长。") and sections[-1].text == "群众满意度为94.1%。"


def test_a_toc_without_leaders_is_no_heading_and_scattered_sizes_are_one_type():
    """A scan's 目录 loses its dot leaders and page numbers: its lines are no headings, they still
    say which lines are; heading sizes read off the scan scatter (18.7 / 19.1) within one type."""
    sized = lambda text, size, bold=True: TextBlock(text, style="Normal", size=size, bold=bold)  # noqa: E731
    blocks = [sized("某市2023年度公共文化服务体系建设专项资金绩效自评报告", 21.6), sized("目录", 18.4),
              sized("项目基本情况", 15.1, False), sized("绩效目标及完成情况", 14.8), sized("自评结", 15.5, False),
              sized("项目基本情况", 18.7), sized("项目背景与主要内容", 17.6), *FILLER[:2],
              sized("资金投入与使用", 17.6), *FILLER[:2], sized("绩效目标及完成情况", 19.1),
              sized("产出目标完成情况", 17.3), *FILLER[:2], sized("效益目标完成情况", 17.3), *FILLER[:2],
              sized("自评结论", 19.1), body("经自评，该项目自评得分98.6分。")]
    assert heads(blocks) == [(0, "某市2023年度公共文化服务体系建设专项资金绩效自评报告"), (1, "项目基本情况"),
                             (2, "项目背景与主要内容"), (2, "资金投入与使用"), (1, "绩效目标及完成情况"),
                             (2, "产出目标完成情况"), (2, "效益目标完成情况"), (1, "自评结论")]


def test_a_list_closed_by_semicolons_ends_with_a_full_stop_and_is_no_heading():
    """`（一）…压力较大；` / `（二）…调整不够及时。` in the body type: the second item ends like a heading
    closed by a full stop, its sibling before it says it is the last item of a list."""
    plain = lambda text: TextBlock(text, style="Normal", size=16)  # noqa: E731
    blocks = [plain("第三部分 存在的问题及建议"), plain("（一）部分老年食堂运营成本偏高，可持续运营压力较大；"),
              plain("（二）助餐补贴对象动态调整不够及时。"), plain("建议：一是探索多元筹资机制；二是建立动态调整机制。"),
              plain("第四部分 其他需要说明的问题"), plain("（一）评价范围"), plain("本次评价范围为2023年度项目资金。")]
    assert heads(blocks) == [(0, "第三部分 存在的问题及建议"), (0, "第四部分 其他需要说明的问题"), (2, "（一）评价范围")]
