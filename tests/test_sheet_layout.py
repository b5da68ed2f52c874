"""A worksheet's cells -> tables (by their borders, else by layout) and text rows."""
from __future__ import annotations

from jixiao.extract.model import Table, TextBlock
from jixiao.extract.sheet_layout import (BOTTOM, LEFT, RIGHT, TOP, SheetCell, SheetData, a1, a1_range,
                                         column_letter, sheet_content)

BOX = LEFT | RIGHT | TOP | BOTTOM


def framed(sheet: SheetData, top: int, rows: list[list[str]]) -> None:
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            sheet.cells[(top + r, c)] = SheetCell(text, borders=BOX)


def test_column_letters_and_refs():
    assert [column_letter(c) for c in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
    assert a1(6, 2) == "C7" and a1_range(0, 0, 0, 2) == "A1:C1" and a1_range(3, 3, 3, 3) == "D4"


def test_bordered_block_is_the_table_title_and_unit_rows_are_text():
    sheet = SheetData("自评表")
    sheet.cells[(0, 0)] = SheetCell("项目支出绩效自评表", bold=True, size=16)
    sheet.merges.append((0, 0, 0, 3))
    sheet.cells[(1, 3)] = SheetCell("单位：万元")
    framed(sheet, 2, [["项目名称", "", "某项目", ""], ["分值", "得分", "执行率", "备注"], ["10", "9.6", "96.19%", ""]])
    sheet.merges.append((2, 0, 2, 1))
    sheet.merges.append((2, 2, 2, 3))
    sheet.cells[(6, 0)] = SheetCell("填报人：张三")
    items = sheet_content(sheet)
    assert [type(i).__name__ for i in items] == ["TextBlock", "TextBlock", "Table", "TextBlock"]
    title, unit, table, signer = items
    assert title.text == "项目支出绩效自评表" and title.bold and title.size == 16
    assert unit.text == "单位：万元" and signer.text == "填报人：张三"
    assert (table.n_rows, table.n_cols) == (3, 4)
    assert table.grid()[0] == ["项目名称", "", "某项目", ""]
    name = table.cell_at(0, 0)
    assert (name.col_span, name.ref, name.sheet) == (2, "A3:B3", "自评表")
    assert table.cell_at(2, 2).ref == "C5" and table.cell_at(2, 2).text == "96.19%"
    # every slot has a cell (an empty one too) so every grid slot has a reference
    assert table.cell_at(2, 3).text == "" and table.cell_at(2, 3).ref == "D5"


def test_sheet_without_borders_falls_back_to_rows_of_several_cells():
    sheet = SheetData("Sheet1")
    sheet.cells[(0, 0)] = SheetCell("绩效自评表")
    for r, row in enumerate([["项目名称", "某项目"], ["年度总体目标"], ["分值", "10"]], start=2):
        for c, text in enumerate(row):
            sheet.cells[(r, c)] = SheetCell(text)
    sheet.merges.append((3, 0, 3, 1))
    sheet.cells[(7, 0)] = SheetCell("说明：另附")
    items = sheet_content(sheet)
    tables = [i for i in items if isinstance(i, Table)]
    assert len(tables) == 1 and tables[0].n_rows == 3      # the single-cell row inside stays in
    assert [i.text for i in items if isinstance(i, TextBlock)] == ["绩效自评表", "说明：另附"]


def test_blank_row_between_two_bordered_tables_makes_two_tables():
    sheet = SheetData("两表")
    framed(sheet, 0, [["a", "b"], ["1", "2"]])
    framed(sheet, 3, [["c", "d"], ["3", "4"]])
    tables = [i for i in sheet_content(sheet) if isinstance(i, Table)]
    assert [t.grid() for t in tables] == [[["a", "b"], ["1", "2"]], [["c", "d"], ["3", "4"]]]
    assert tables[1].cell_at(0, 0).ref == "A4"


def test_bordered_blank_rows_below_the_table_are_trimmed():
    sheet = SheetData("s")
    framed(sheet, 0, [["分值", "得分"], ["10", "9"]] + [["", ""]] * 50)
    (table,) = [i for i in sheet_content(sheet) if isinstance(i, Table)]
    assert table.n_rows == 2


def test_hidden_rows_and_columns_are_kept_and_marked():
    sheet = SheetData("s")
    framed(sheet, 0, [["分值", "草稿", "得分"], ["10", "x", "9"], ["5", "y", "4"]])
    sheet.hidden_cols = {1}
    sheet.hidden_rows = {2}
    (table,) = [i for i in sheet_content(sheet) if isinstance(i, Table)]
    assert table.grid() == [["分值", "草稿", "得分"], ["10", "x", "9"], ["5", "y", "4"]]
    hidden = {(c.row, c.col) for c in table.cells if c.hidden}
    assert hidden == {(0, 1), (1, 1), (2, 0), (2, 1), (2, 2)}


def test_merged_range_borders_count_from_any_edge_cell():
    # Excel stores a merged range's right border on its right-most cell only
    sheet = SheetData("s")
    sheet.cells[(0, 0)] = SheetCell("项目名称", borders=LEFT | TOP)
    sheet.cells[(0, 1)] = SheetCell("", borders=RIGHT | TOP)
    sheet.merges.append((0, 0, 0, 1))
    framed(sheet, 1, [["分值", "得分"]])
    (table,) = [i for i in sheet_content(sheet) if isinstance(i, Table)]
    assert table.n_rows == 2 and table.cell_at(0, 1).text == "项目名称"
