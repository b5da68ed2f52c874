"""HTML pages and saved single-file pages read into RawDocument: rowspan / colspan, <br> in
cells, tables nested in layout tables, GBK / GB2312 / UTF-8 declared or not, the text around
the tables as blocks for the section builder."""
from __future__ import annotations

from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from jixiao.extract import extract_document, sniff_format
from jixiao.extract.html_reader import decode_html
from jixiao.extract.model import TableRef, TextBlock

PAGE = """<!DOCTYPE html><html><head>{meta}<title>自评报告</title>
<style>.x{{color:red}}</style><script>var a = "<table><tr><td>不是表格</td></tr></table>";</script></head>
<body><table width="980"><tr><td><div class="nav">首页 &gt; 政务公开</div></td></tr>
<tr><td class="content">
<h2>2024年度项目支出绩效自评报告</h2>
<p><strong>一、项目基本情况</strong></p>
<p style="text-indent:2em">本年度预算800万元，<br>实际支出3296.17万元。</p>
<div style="display:none">隐藏的统计代码</div>
<p align="center"><span style="font-size:16pt">项目支出绩效自评表</span></p>
<p align="right">单位：万元</p>
<table border="1"><tbody>
<tr><td colspan="2">项目名称</td><td colspan="3">社区服务项目</td></tr>
<tr><td rowspan="2">项目资金<br>（万元）</td><td></td><td>年初预<br>算数</td><td>执行率</td><td>得分</td></tr>
<tr><td>年度资金总额</td><td>150.00</td><td>96.19%</td><td>9.6</td></tr>
<tr><td>绩效<br>指标</td><td colspan="4"><table><tr><td>产出指标</td><td>10</td></tr></table></td></tr>
</tbody></table>
<p>二、存在问题</p><p>无。</p>
</td></tr></table></body></html>"""

GRID = [["项目名称", "", "社区服务项目", "", ""],
        ["项目资金（万元）", "", "年初预算数", "执行率", "得分"],
        ["", "年度资金总额", "150.00", "96.19%", "9.6"],
        ["绩效指标", "产出指标 10", "", "", ""]]


def check_page(raw):
    (table,) = raw.tables
    assert table.grid() == GRID
    assert table.cell_at(2, 0).row_span == 2 and table.cell_at(0, 2).col_span == 3
    assert table.caption == ["项目支出绩效自评表", "单位：万元"]
    texts = [b.text for b in raw.blocks if isinstance(b, TextBlock)]
    assert texts == ["首页 > 政务公开", "2024年度项目支出绩效自评报告", "一、项目基本情况", "本年度预算800万元，",
                     "实际支出3296.17万元。", "项目支出绩效自评表", "单位：万元", "二、存在问题", "无。"]
    heading = raw.blocks[1]
    assert heading.style == "Heading 2" and raw.blocks[2].bold and raw.blocks[5].size == 16
    assert isinstance(raw.blocks[7], TableRef)


@pytest.mark.parametrize("encoding, meta", [
    ("utf-8", '<meta charset="utf-8">'),
    ("utf-8", ""),                                                              # undeclared UTF-8
    ("gbk", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
    ("gbk", ""),                                                                # undeclared GBK
    ("gb18030", '<meta charset="GBK">'),
])
def test_page_in_any_chinese_encoding(tmp_path, encoding, meta):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(meta=meta).encode(encoding))
    assert sniff_format(path) == "html"
    raw = extract_document(path)
    assert raw.format == "html" and raw.pages is None
    check_page(raw)


def test_gb2312_declaration_with_gbk_only_characters():
    # 镕 and 昇 are in GBK but not in GB2312: a page declared gb2312 still uses them
    data = '<html><head><meta charset="gb2312"></head><body><p>朱镕基 昇</p></body></html>'.encode("gbk")
    text, codec = decode_html(data)
    assert codec == "gb18030" and "朱镕基 昇" in text


def test_utf8_page_declared_gbk_is_read_as_utf8():
    data = '<html><head><meta charset="gbk"></head><body><p>项目支出绩效自评表</p></body></html>'.encode("utf-8")
    assert decode_html(data)[1] == "utf-8"


def test_mhtml_saved_page(tmp_path):
    message = MIMEMultipart("related")
    message["Subject"] = "自评报告"
    message["MIME-Version"] = "1.0"
    part = MIMEText(PAGE.format(meta="").encode("gbk").decode("gbk"), "html", "gb2312")
    message.attach(part)
    path = tmp_path / "page.mhtml"
    path.write_bytes(message.as_bytes())
    assert sniff_format(path) == "mhtml"
    raw = extract_document(path)
    assert raw.format == "mhtml"
    check_page(raw)


def test_word_web_page_named_doc_is_read_as_html(tmp_path):
    path = tmp_path / "report.doc"
    path.write_text('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
                    'xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta name=Generator '
                    'content="Microsoft Word 15"></head><body><h1>一、部门概况</h1><p class=MsoNormal>正文<o:p></o:p></p>'
                    '<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>分值</p></td><td><p>得分</p></td></tr>'
                    '<tr><td><p>10</p></td><td><p>9</p></td></tr></table></body></html>', encoding="utf-8")
    assert sniff_format(path) == "html"
    raw = extract_document(path)
    assert raw.tables[0].grid() == [["分值", "得分"], ["10", "9"]]
    assert raw.blocks[0].text == "一、部门概况" and raw.blocks[0].style == "Heading 1"


def test_one_column_and_one_row_tables_are_text(tmp_path):
    path = tmp_path / "layout.html"
    path.write_text("<html><body><table><tr><td>说明一</td></tr><tr><td>说明二</td></tr></table>"
                    "<table><tr><td>左</td><td>右</td></tr></table></body></html>", encoding="utf-8")
    raw = extract_document(path)
    assert raw.tables == [] and [b.text for b in raw.blocks] == ["说明一", "说明二", "左", "右"]


def test_spans_past_the_table_are_clipped(tmp_path):
    path = tmp_path / "bad.html"
    path.write_text('<html><body><table><tr><td rowspan="99999">a</td><td colspan="0">b</td></tr>'
                    "<tr><td>c</td></tr></table></body></html>", encoding="utf-8")
    (table,) = extract_document(path).tables
    assert table.n_rows == 2 and table.cell_at(0, 0).row_span == 2 and table.grid() == [["a", "b"], ["", "c"]]
