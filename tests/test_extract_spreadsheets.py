"""Spreadsheets (.xlsx, .xls, .et, .ods) read into RawDocument: every sheet, merged ranges as
spans, values as the sheet shows them, cached formula results, hidden rows/columns marked,
sheet + A1 provenance."""
from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from jixiao.extract import extract_document, sniff_format
from jixiao.extract.errors import EncryptedDocument
from jixiao.extract.model import Table, TableRef, TextBlock

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import make_hostile_formats as hostile  # noqa: E402

ROWS = [["项目名称", None, "社区服务项目", None],
        ["分值", "执行率", "得分", "备注"],
        [10, 0.9619, 9.62, "按进度"],
        ["执行率(文本)", "96.19%", None, None]]


def write_workbook(path: Path) -> Path:
    """Two sheets as a department sends them: a 部门整体 note sheet and a project sheet with a
    merged title, a unit line, a bordered table with merges, a percent format, a formula,
    a hidden row and a hidden column."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, Side

    book = Workbook()
    notes = book.active
    notes.title = "部门整体"
    notes["A1"] = "部门整体支出绩效自评情况"
    notes["A2"] = "本部门全年预算执行率 98%。"
    ws = book.create_sheet("项目1")
    ws["A1"] = "项目支出绩效自评表"
    ws["A1"].font = Font(bold=True, size=16)
    ws.merge_cells("A1:D1")
    ws["D2"] = "单位：万元"
    thin = Side(style="thin")
    for r, row in enumerate(ROWS, start=3):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, value)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells("A3:B3")
    ws.merge_cells("C3:D3")
    ws["B5"].number_format = "0.00%"
    ws["C5"] = "=A5*B5"                 # a formula; its cached value is added below
    ws["C5"].number_format = "0.00"
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["D"].hidden = True
    book.save(path)
    # openpyxl writes no cached value for a formula: add the one Excel would have stored
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "xl/worksheets/sheet2.xml":
                data = data.replace(b"<f>A5*B5</f><v></v>", b"<f>A5*B5</f><v>9.619</v>").replace(
                    b"<f>A5*B5</f><v />", b"<f>A5*B5</f><v>9.619</v>")
                assert b"<v>9.619</v>" in data
            z.writestr(name, data)
    return path


def only_table(raw) -> Table:
    (table,) = raw.tables
    return table


def test_xlsx_sheets_tables_and_provenance(tmp_path):
    raw = extract_document(write_workbook(tmp_path / "report.xlsx"))
    assert raw.format == "xlsx" and raw.pages is None
    texts = [b.text for b in raw.blocks if isinstance(b, TextBlock)]
    assert texts[:4] == ["部门整体支出绩效自评情况", "本部门全年预算执行率 98%。", "项目支出绩效自评表", "单位：万元"]
    table = only_table(raw)
    assert table.sheet == "项目1" and table.caption[-2:] == ["项目支出绩效自评表", "单位：万元"]
    assert table.grid() == [["项目名称", "", "社区服务项目", ""],
                            ["分值", "执行率", "得分", "备注"],
                            ["10", "96.19%", "9.62", "按进度"],        # the cached formula value, formatted
                            ["执行率(文本)", "96.19%", "", ""]]
    name = table.cell_at(0, 0)
    assert (name.row_span, name.col_span, name.sheet, name.ref) == (1, 2, "项目1", "A3:B3")
    assert table.cell_at(2, 1).ref == "B5"
    assert {c.ref for c in table.cells if c.hidden} == {"D4", "D5", "A6", "B6", "C6", "D6"}
    ref = next(k for k, b in enumerate(raw.blocks) if isinstance(b, TableRef))
    assert raw.blocks[ref - 1].text == "单位：万元"     # the table stands after its unit line


def test_formula_is_read_as_its_cached_value_not_evaluated(tmp_path):
    path = write_workbook(tmp_path / "report.xlsx")
    # change the stored result: the reader must show what the file says, not recompute A5*B5
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items:
            z.writestr(name, data.replace(b"<v>9.619</v>", b"<v>7</v>"))
    assert only_table(extract_document(path)).grid()[2][2] == "7.00"


def test_xls_reads_merges_formats_borders_and_hidden(tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("自评表")
    box = "borders: left thin, right thin, top thin, bottom thin"
    ws.write_merge(0, 0, 0, 2, "项目支出绩效自评表", xlwt.easyxf("font: bold on, height 320"))
    ws.write_merge(1, 1, 0, 1, "项目名称", xlwt.easyxf(box))
    ws.write(1, 2, "某项目", xlwt.easyxf(box))
    for c, value in enumerate(["分值", "执行率", "得分"]):
        ws.write(2, c, value, xlwt.easyxf(box))
    ws.write(3, 0, 10, xlwt.easyxf(box, num_format_str="0"))
    ws.write(3, 1, 0.835, xlwt.easyxf(box, num_format_str="0.0%"))
    ws.write(3, 2, 8.35, xlwt.easyxf(box, num_format_str="0.00"))
    ws.row(3).hidden = True
    path = tmp_path / "table.xls"
    book.save(str(path))
    raw = extract_document(path)
    assert raw.format == "xls"
    table = only_table(raw)
    assert table.caption == ["项目支出绩效自评表"]
    assert table.grid() == [["项目名称", "", "某项目"], ["分值", "执行率", "得分"], ["10", "83.5%", "8.35"]]
    assert table.cell_at(0, 0).ref == "A2:B2" and table.cell_at(0, 0).col_span == 2
    assert all(c.hidden for c in table.cells if c.row == 2) and not any(c.hidden for c in table.cells if c.row < 2)
    # WPS names the same bytes .et
    et = tmp_path / "table.et"
    shutil.copy(path, et)
    assert sniff_format(et) == "et" and extract_document(et).format == "et"


def test_xlsx_renamed_et_is_read_as_xlsx(tmp_path):
    path = write_workbook(tmp_path / "report.xlsx")
    et = path.with_suffix(".et")
    path.rename(et)
    raw = extract_document(et)
    assert sniff_format(et) == "xlsx" and raw.format == "et" and only_table(raw).grid()[2][1] == "96.19%"


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">
<office:automatic-styles>
 <style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"/></style:style>
 <style:style style:name="ce2" style:family="table-cell"><style:text-properties fo:font-weight="bold" fo:font-size="16pt"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="自评表">
 <table:table-column table:number-columns-repeated="3"/>
 <table:table-column table:visibility="collapse"/>
 <table:table-row><table:table-cell table:style-name="ce2" table:number-columns-spanned="3"><text:p>项目支出绩效自评表</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
 <table:table-row><table:table-cell table:style-name="ce1" table:number-columns-spanned="2"><text:p>项目名称</text:p></table:table-cell><table:covered-table-cell table:style-name="ce1"/><table:table-cell table:style-name="ce1"><text:p>某项目</text:p></table:table-cell><table:table-cell table:style-name="ce1"><text:p>注</text:p></table:table-cell></table:table-row>
 <table:table-row><table:table-cell table:style-name="ce1" office:value-type="float" office:value="10"><text:p>10</text:p></table:table-cell><table:table-cell table:style-name="ce1" office:value-type="percentage" office:value="0.9619"><text:p>96.19%</text:p></table:table-cell><table:table-cell table:style-name="ce1"><text:p>年初预</text:p><text:p>算数</text:p></table:table-cell><table:table-cell table:style-name="ce1"/></table:table-row>
 <table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""


def test_ods_reads_the_displayed_text_spans_and_hidden_columns(tmp_path):
    path = tmp_path / "table.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", ODS_CONTENT)
    assert sniff_format(path) == "ods"
    raw = extract_document(path)
    table = only_table(raw)
    assert raw.format == "ods" and table.caption == ["项目支出绩效自评表"]
    assert table.grid() == [["项目名称", "", "某项目", "注"], ["10", "96.19%", "年初预算数", ""]]
    assert table.cell_at(0, 0).col_span == 2 and table.cell_at(0, 0).ref == "A2:B2"
    assert {c.ref for c in table.cells if c.hidden} == {"D2", "D3"}


def test_password_protected_workbook_is_a_clear_error(tmp_path):
    pytest.importorskip("msoffcrypto")
    path = hostile.encrypted_xlsx(tmp_path)
    with pytest.raises(EncryptedDocument, match="密码"):
        extract_document(path)


def test_xls_that_is_an_html_export_is_read_as_html(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table border=1>'
                    '<tr><td colspan=2>项目名称</td><td>某项目</td></tr>'
                    '<tr><td>分值</td><td x:num="0.9619">96.19%</td><td>9.6</td></tr></table></body></html>',
                    encoding="utf-8")
    assert sniff_format(path) == "html"
    raw = extract_document(path)
    assert raw.format == "html" and raw.tables[0].grid() == [["项目名称", "", "某项目"], ["分值", "96.19%", "9.6"]]


def test_formula_without_a_cached_value_reads_blank_with_a_warning(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["分值", "得分", "备注"])
    ws.append([10, "=A2*0.9", "无"])          # openpyxl stores the formula only, no result
    path = tmp_path / "generated.xlsx"
    book.save(path)
    raw = extract_document(path)
    assert only_table(raw).grid() == [["分值", "得分", "备注"], ["10", "", "无"]]
    assert any("B2" in w and "cached" in w for w in raw.warnings)
