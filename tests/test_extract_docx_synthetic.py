"""read_docx on documents built here: merged cells, nested tables, CJK cell text, styles,
headers/footers, and the zip safety checks (corrupt archive, decompression bomb)."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.shared import Pt

from jixiao.extract import extract_document
from jixiao.extract.cell_text import join_pieces
from jixiao.extract.docx_reader import check_zip, read_docx
from jixiao.extract.package_guard import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES
from jixiao.extract.errors import CorruptDocument, TooLarge
from jixiao.extract.model import TableRef, TextBlock


@pytest.fixture()
def sample_docx(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉文字不应出现"
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    d.add_heading("一、项目基本情况", level=2)
    p = d.add_paragraph()
    run = p.add_run("正文第一段")
    run.font.size = Pt(12)
    d.add_paragraph("项目支出绩效自评表")
    d.add_paragraph("（2024 年度）")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "项目名称"      # gridSpan 2
    t.cell(0, 2).merge(t.cell(0, 3)).text = "测试项目"
    t.cell(1, 0).merge(t.cell(3, 0)).text = "绩效指标"      # vMerge over 3 rows
    t.cell(1, 1).text = "一级指标"
    c = t.cell(1, 2)
    c.text = "年初预"
    c.add_paragraph("算数")                                   # two paragraphs, CJK: no space
    t.cell(1, 3).text = "Word"
    t.cell(1, 3).add_paragraph("Excel")                       # two Latin words: one space
    t.cell(2, 1).merge(t.cell(3, 2)).text = "块"             # 2x2 block
    nested_host = t.cell(2, 3)
    nested_host.text = "外层"
    inner = nested_host.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "甲"
    inner.cell(0, 1).text = "1"
    inner.cell(1, 0).text = "乙"
    inner.cell(1, 1).text = "2"
    t.cell(3, 3).text = "末"
    d.add_paragraph("表后正文")
    path = tmp_path / "sample.docx"
    d.save(path)
    return path


def test_order_styles_and_headers(sample_docx):
    raw = read_docx(sample_docx)
    assert raw.format == "docx" and raw.pages is None
    texts = [b.text if isinstance(b, TextBlock) else ("TABLE", b.index) for b in raw.blocks if
             not isinstance(b, TextBlock) or b.text]
    assert texts == ["一、项目基本情况", "正文第一段", "项目支出绩效自评表", "（2024 年度）", ("TABLE", 0), "表后正文"]
    heading = raw.blocks[0]
    assert heading.style == "Heading 2"
    body = next(b for b in raw.blocks if isinstance(b, TextBlock) and b.text == "正文第一段")
    assert body.size == 12 and body.style == "Normal"
    all_text = " ".join(b.text for b in raw.blocks if isinstance(b, TextBlock))
    assert "页眉" not in all_text and "— 1 —" not in all_text
    assert isinstance(raw.blocks[4], TableRef)


def test_merged_cells_one_cell_per_region(sample_docx):
    table = read_docx(sample_docx).tables[0]
    assert (table.n_rows, table.n_cols) == (4, 4)
    assert table.caption == ["项目支出绩效自评表", "（2024 年度）"]
    by_pos = {(c.row, c.col): c for c in table.cells}
    assert (by_pos[0, 0].text, by_pos[0, 0].col_span) == ("项目名称", 2)
    assert (by_pos[1, 0].text, by_pos[1, 0].row_span) == ("绩效指标", 3)
    block = by_pos[2, 1]
    assert (block.text, block.row_span, block.col_span) == ("块", 2, 2)
    assert (3, 0) not in by_pos and (3, 1) not in by_pos and (3, 2) not in by_pos
    assert table.cell_at(3, 2) is block
    # every grid slot is covered exactly once
    covered = [(r, c) for cell in table.cells for r in range(cell.row, cell.row + cell.row_span)
               for c in range(cell.col, cell.col + cell.col_span)]
    assert sorted(covered) == [(r, c) for r in range(4) for c in range(4)]


def test_cell_text_joins_and_nested_table(sample_docx):
    table = read_docx(sample_docx).tables[0]
    grid = table.grid()
    assert grid[1][2] == "年初预算数"
    assert grid[1][3] == "Word Excel"
    assert grid[2][3] == "外层甲 1乙 2"
    assert len(read_docx(sample_docx).tables) == 1      # the nested table is not a table of its own


def test_join_pieces():
    assert join_pieces(["年初预", "算数"]) == "年初预算数"
    assert join_pieces(["100", "%"]) == "100 %" or join_pieces(["100", "%"]) == "100%"
    assert join_pieces(["总额", "100"]) == "总额100"
    assert join_pieces(["", " a ", "b"]) == "a b"


def test_extract_document_dispatches_docx(sample_docx):
    assert extract_document(sample_docx).format == "docx"


def test_corrupt_zip(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    with pytest.raises(CorruptDocument, match="zip"):
        read_docx(bad)


def test_truncated_docx(tmp_path, sample_docx):
    data = sample_docx.read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptDocument):
        read_docx(cut)


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "notword.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(CorruptDocument, match="word/document.xml"):
        read_docx(path)


def test_damaged_document_xml(tmp_path, sample_docx):
    path = tmp_path / "badxml.docx"
    with zipfile.ZipFile(sample_docx) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[:200]
            dst.writestr(info, data)
    with pytest.raises(CorruptDocument):
        read_docx(path)


def test_zip_bomb_ratio(tmp_path):
    """A member that inflates far more than any real document part: refused from the directory."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (4 * 1024 * 1024))   # ~1000:1
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    assert info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
    with pytest.raises(TooLarge, match="压缩比"):
        read_docx(path)


def test_zip_bomb_total_size(tmp_path, monkeypatch):
    import jixiao.extract.package_guard as guard
    monkeypatch.setattr(guard, "MAX_UNCOMPRESSED_BYTES", 1000)
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", b"<x/>" * 600)
    with pytest.raises(TooLarge, match="上限"):
        check_zip(path)
    assert MAX_UNCOMPRESSED_BYTES >= 50 * 1024 * 1024   # real limit leaves room for big reports


def test_revisions_hyperlinks_and_fields(tmp_path):
    from docx.oxml import parse_xml
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    p = d.add_paragraph("预算资金为")
    p._p.append(parse_xml(f'<w:ins {W} w:id="1" w:author="a"><w:r><w:t>800</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {W} w:id="2" w:author="a"><w:r><w:delText>900</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:hyperlink {W}><w:r><w:t>万元</w:t></w:r></w:hyperlink>'))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:instrText> PAGE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:smartTag {W} w:element="x"><w:r><w:t>。</w:t></w:r></w:smartTag>'))
    path = tmp_path / "rev.docx"
    d.save(path)
    assert read_docx(path).text_blocks()[0].text == "预算资金为800万元。"


def test_word_auto_numbering_is_rendered(tmp_path):
    """Heading numbers Word generates (numbering.xml) are part of the text as printed."""
    from docx.oxml import parse_xml
    from jixiao.extract.docx_reader import chinese_number
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="77">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))

    def numbered(text, ilvl):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="77"/></w:numPr>'))

    numbered("部门概况", 0)
    numbered("机构设置", 1)
    numbered("产出分析", 2)
    numbered("效果分析", 2)
    numbered("绩效目标", 1)
    numbered("预算管理", 0)
    numbered("财务管理", 1)
    path = tmp_path / "num.docx"
    d.save(path)
    texts = [b.text for b in read_docx(path).text_blocks() if b.text]
    assert texts == ["一、部门概况", "（一）机构设置", "1.产出分析", "2.效果分析", "（二）绩效目标", "二、预算管理",
                     "（一）财务管理"]
    assert [chinese_number(n) for n in (1, 10, 11, 20, 23, 100, 105)] == ["一", "十", "十一", "二十", "二十三", "一百", "一百零五"]


def test_outline_level_from_custom_style(tmp_path):
    """Reports often use their own heading styles (`一级标题`) that carry w:outlineLvl."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from jixiao.normalize.sections import build_sections
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    style = d.styles.add_style("我的二级标题", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="1"/>'))
    d.add_paragraph("一、评价概况", style="我的二级标题")
    d.add_paragraph("正文。")
    d.add_paragraph("项目概况", style="我的二级标题")
    d.add_paragraph("正文二。")
    path = tmp_path / "outline.docx"
    d.save(path)
    raw = read_docx(path)
    blocks = [b for b in raw.text_blocks() if b.text]
    assert [(b.style, b.outline_level) for b in blocks] == [
        ("我的二级标题", 1), ("Normal", None), ("我的二级标题", 1), ("Normal", None)]
    sections = build_sections(raw.blocks, raw.tables)
    assert [(s.heading, s.level) for s in sections] == [("一、评价概况", 1), ("项目概况", 1)]


def test_one_column_frame_around_the_content_is_unwrapped(tmp_path):
    """A report whose body sits in a one-column bordered table: the paragraphs and the table
    inside are the document's own; a one-column table without a table inside stays a table."""
    d = docx.Document()
    d.add_paragraph("封面说明")
    frame = d.add_table(rows=2, cols=1)
    top = frame.cell(0, 0)
    top.text = "一、项目基本情况"
    top.add_paragraph("项目支出绩效自评表")
    inner = top.add_table(rows=2, cols=3)
    for r, row in enumerate([["项目名称", "甲项目", "分值"], ["得分", "90", "100"]]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    top.add_paragraph("表后说明")
    frame.cell(1, 0).text = "二、存在问题：无。"
    notes = d.add_table(rows=2, cols=1)
    notes.cell(0, 0).text = "注一"
    notes.cell(1, 0).text = "注二"
    path = tmp_path / "framed.docx"
    d.save(path)
    raw = read_docx(path)
    assert [t.grid() for t in raw.tables] == [[["项目名称", "甲项目", "分值"], ["得分", "90", "100"]],
                                              [["注一"], ["注二"]]]
    assert raw.tables[0].caption == ["项目支出绩效自评表"]
    texts = [b.text if isinstance(b, TextBlock) else "<table>" for b in raw.blocks]
    texts = [t for t in texts if t]    # Word keeps an empty paragraph after a cell's table
    assert texts[:5] == ["封面说明", "一、项目基本情况", "项目支出绩效自评表", "<table>", "表后说明"]
    assert "二、存在问题：无。" in texts
