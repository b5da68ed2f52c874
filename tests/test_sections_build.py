"""normalize.sections.build_sections: heading levels, shared-line headings, PDF line joining,
page furniture and captions kept out, and the seed report against its gold heading list."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from jixiao.extract.model import Cell, Table, TableRef, TextBlock
from jixiao.normalize.sections import build_sections, numbering_level, page_at

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _n(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip("。")


def _gold(stem: str) -> list[dict]:
    path = CORPUS / "gold" / f"{stem}.json"
    if not path.exists():
        pytest.fail(f"{path} missing")
    return json.loads(path.read_text(encoding="utf-8"))["sections"]


@pytest.mark.parametrize("text, level", [
    ("第四部分 2024 年度部门绩效评价情况", 0), ("一、部门概况", 1), ("（一）机构设置", 2), ("(一)财务管理", 2),
    ("1、项目立项情况", 3), ("1.产出完成情况分析", 3), ("3. 会计基础信息完善性", 3), ("1．评价", 3),
    ("(1)产出数量", 4), ("（2）产出质量", 4), ("1.5 分以上", None), ("2024 年度", None), ("项目概况", None),
])
def test_numbering_level(text, level):
    assert numbering_level(text) == level


def test_seed_docx_headings_and_levels_equal_gold():
    from jixiao.extract.docx_reader import read_docx
    raw = read_docx(CORPUS / "seed_report.docx")
    sections = build_sections(raw.blocks, raw.tables)
    assert [(_n(s.heading), s.level) for s in sections] == [(_n(s["heading"]), s["level"]) for s in _gold("seed_report")]
    by_heading = {s.heading: s for s in sections}
    s = by_heading["1、项目立项分析"]
    assert s.text == "项目为延续性项目，立项缺乏可行性和论证。故考评平均分为 2.84 分，失分率为 5.33%。"
    assert s.path == "第四部分 2024 年度部门绩效评价情况 > 四、绩效评价指标分析 > （一）项目决策情况 > 1、项目立项分析"
    assert by_heading["项目资金情况"].level == 2 and by_heading["评价的原则"].level == 3
    # numbered problems / 附件 items are body text of their section
    assert by_heading["七、附件"].text.startswith("1、单位（部门）绩效报告\n2、")
    # no table content, no caption
    assert not any("立项依据充分性" in s.text or "项目支出绩效自评表" == s.heading for s in sections)


# ---------------------------------------------------------------- synthetic PDF lines

def line(text, page, top, x0=81.0, x1=None, size=12.0, bold=False):
    return TextBlock(text=text, page=page, x0=x0, top=top, x1=x1 if x1 is not None else x0 + size * len(text),
                     bottom=top + size, size=size, bold=bold)


def test_pdf_lines_paragraphs_pages_and_furniture():
    right = 81 + 12 * 30
    blocks = [
        line("一、项目概况", 1, 70, x0=113, size=16),
        line("项目于2024年开始实施，全年预算资金为800万", 1, 100, x0=105, x1=right),   # indented first line
        line("元，执行情况良好。", 1, 126),                                                # ends short
        line("第二段开头", 1, 152, x0=105, x1=right),
        line("— 1 —", 1, 790, x0=282, size=10.5),
        line("— 2 —", 2, 790, x0=282, size=10.5),
        line("跨页继续的文字。", 2, 70),
        line("(一)绩效目标", 2, 100, x0=113, size=16, bold=True),
        line("1、项目立项分析：项目为延续性项目。故考评平均分为 2.8", 2, 130, x0=105, x1=right),
        line("4 分。", 2, 156),
        line("二、这是一个很长很长的标题它在一行内放不下因此换到了", 2, 200, x0=113, x1=right, size=16),
        line("第二行", 2, 222, size=16),
        line("项目支出绩效自评表", 3, 60, x0=200, size=18, bold=True),
        line("（2024 年度）", 3, 90, x0=230, size=14),
        TableRef(index=0, page=3),
        line("1、单位（部门）绩效报告", 3, 400, x0=105),
        line("2、项目指标体系及分值", 3, 426, x0=105),
        line("— 3 —", 3, 790, x0=282, size=10.5),
    ]
    table = Table(cells=[Cell(0, 0, "项目名称")], n_rows=1, n_cols=1, caption=["项目支出绩效自评表", "（2024 年度）"])
    sections = build_sections(blocks, [table])
    assert [(s.level, s.heading) for s in sections] == [
        (1, "一、项目概况"), (2, "(一)绩效目标"), (3, "1、项目立项分析"),
        (1, "二、这是一个很长很长的标题它在一行内放不下因此换到了第二行")]
    first = sections[0]
    assert first.text == ("项目于2024年开始实施，全年预算资金为800万元，执行情况良好。\n"
                          "第二段开头跨页继续的文字。")
    assert "— 1 —" not in first.text
    assert page_at(first, first.text.index("跨页")) == 2 and page_at(first, 0) == 1
    assert sections[2].text == "项目为延续性项目。故考评平均分为 2.84 分。"
    assert sections[2].path == "一、项目概况 > (一)绩效目标 > 1、项目立项分析"
    assert sections[3].text == "1、单位（部门）绩效报告\n2、项目指标体系及分值"
    assert all("自评表" not in s.text and "年度）" not in s.text for s in sections)


def test_unnumbered_heading_takes_level_of_its_style():
    blocks = [
        TextBlock("一、评价概况", style="Heading 2"),
        TextBlock("项目概况", style="Heading 2"),
        TextBlock("正文。", style="Normal"),
        TextBlock("（一）基本情况", style="Heading 3"),
        TextBlock("项目资金情况", style="Heading 3"),
        TextBlock("评价的原则", style="Heading 4"),       # no numbered Heading 4: N-1
    ]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [
        ("一、评价概况", 1), ("项目概况", 1), ("（一）基本情况", 2), ("项目资金情况", 2), ("评价的原则", 3)]
    assert sections[1].text == "正文。"


def test_plain_document_without_styles_uses_numbering():
    blocks = [TextBlock(t, style="Normal", size=12) for t in (
        "一、基本情况", "（一）项目概况", "本项目预算资金为 10 万元。", "1、存在的问题较多，需要改进。", "二、结论")]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [("一、基本情况", 1), ("（一）项目概况", 2), ("二、结论", 1)]
    assert sections[1].text == "本项目预算资金为 10 万元。\n1、存在的问题较多，需要改进。"


def test_empty_and_text_before_first_heading():
    assert build_sections([], []) == []
    sections = build_sections([TextBlock("前言文字。"), TextBlock("一、概况", style="Heading 2")], [])
    assert sections[0].heading == "" and sections[0].text == "前言文字。"
    assert [s.seq for s in sections] == [0, 1]


def test_ocr_like_noisy_sizes():
    """Sizes estimated from OCR boxes scatter; lists, sentences and wrapped lines stay body text."""
    import random
    rnd = random.Random(3)
    right = 515.0

    def ocr(text, top, x0=81.0, x1=None, size=11.5):
        return TextBlock(text=text, page=1, x0=x0, top=top, x1=x1 if x1 is not None else min(right, x0 + 12 * len(text)),
                         bottom=top + 15, size=round(size + rnd.uniform(-0.4, 1.2), 1))

    blocks = [ocr("一、项目概况", 60, x0=113, size=15.5),
              ocr("这是一段很长的正文，它在第一行里写满了整整一行的文字内容，一直写到", 90, x0=105, x1=right),
              ocr("右边距为止。", 110, size=13.5),                       # looks big, but continues a full line
              ocr("1、项目立项情况", 140, x0=105, size=13.5),
              ocr("本项目由某某单位开展实施。", 165, x0=105),
              ocr("2、项目绩效目标效益指标较为笼统，没有细化量化指标。", 190, x0=105, size=13.0),
              ocr("二、附件", 220, x0=113, size=15.5),
              ocr("1、单位绩效报告", 250, x0=105, size=13.0),
              ocr("2、专家评价书", 270, x0=105, size=13.0),
              ocr("3、专家承诺书", 290, x0=105, size=13.0)]
    blocks += [ocr("正文" * 12 + "。", 320 + 20 * k, x1=right) for k in range(12)]
    sections = build_sections(blocks, [])
    assert [s.heading for s in sections] == ["一、项目概况", "1、项目立项情况", "二、附件"]
    assert sections[0].text.endswith("右边距为止。")
    assert "2、项目绩效目标效益指标较为笼统" in sections[1].text
    assert sections[2].text.startswith("1、单位绩效报告")


def test_upper_level_numbering_at_body_size_is_a_heading():
    """（一） headings in 楷体 at the body size: not bigger, not bold, still headings; a numbered
    sentence is not."""
    blocks = [TextBlock("一、基本情况", style="Normal", size=16, bold=True),
              TextBlock("（一）项目概况", style="Normal", size=16),
              TextBlock("项目由某单位实施，预算资金为10万元。", style="Normal", size=16),
              TextBlock("（二）资金使用，支出10万元。", style="Normal", size=16),
              TextBlock("二、结论", style="Normal", size=16, bold=True)]
    sections = build_sections(blocks, [])
    assert [(s.heading, s.level) for s in sections] == [("一、基本情况", 1), ("（一）项目概况", 2), ("二、结论", 1)]


def test_short_numbered_label_over_a_paragraph():
    blocks = [TextBlock("一、基本情况", style="Heading 2"),
              TextBlock("1.产出完成情况", style="Normal", size=12),
              TextBlock("全年完成各项任务，支出进度符合要求。", style="Normal", size=12),
              TextBlock("2.存在的问题", style="Normal", size=12),
              TextBlock("1、单位绩效报告", style="Normal", size=12),
              TextBlock("2、专家评价书", style="Normal", size=12)]
    sections = build_sections(blocks, [])
    assert [s.heading for s in sections] == ["一、基本情况", "1.产出完成情况"]
    assert sections[1].text.endswith("2.存在的问题\n1、单位绩效报告\n2、专家评价书")


def test_table_title_left_at_the_foot_of_the_page_before_is_a_caption():
    """LibreOffice keeps a table's title line on the page before when the year line moves on with
    the table: the title is still the table's caption, no heading."""
    right = 81 + 12 * 30
    blocks = [
        line("（一）预算收支情况", 1, 500, x0=113, size=16, bold=True),
        line("2023年部门年初预算6,215.4万元，全年支出6,301.25万元，收支情况见", 1, 530, x0=105, x1=right),
        line("下表。", 1, 556),
        line("部门整体支出绩效自评表", 1, 640, x0=200, size=18),
        line("（2023年度）", 2, 100, x0=230, size=14),
        TableRef(index=0, page=2),
        line("其中公用经费预算320万元，实际支出341.25万元。", 2, 300, x0=105),
    ]
    table = Table(cells=[Cell(0, 0, "项目")], n_rows=1, n_cols=1, caption=["（2023年度）"])
    sections = build_sections(blocks, [table])
    assert [s.heading for s in sections] == ["（一）预算收支情况"]
    assert "自评表" not in sections[0].text
