"""A table whose next rows the producer pushed to the next page (a block of rows bound by a
merged cell, or a row that may not break, did not fit) ends high up on its page; it still
continues on the next page. A short table with room left below is no such case."""
from __future__ import annotations

from jixiao.extract.model import Cell, Table
from jixiao.extract.stitch import Placed, should_join

XS = [50.0, 150.0, 250.0, 350.0]


def _table(page: int, top: float, rows: list[list[str]], row_h: float, span_first_col: bool = False) -> Table:
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if span_first_col and c == 0 and r > 0:
                continue
            span = len(rows) if span_first_col and c == 0 else 1
            cells.append(Cell(row=r, col=c, text=text, row_span=span, page=page, x0=XS[c], x1=XS[c + 1],
                              top=top + r * row_h, bottom=top + (r + span) * row_h))
    return Table(cells=cells, n_rows=len(rows), n_cols=3, page_start=page, page_end=page)


HEAD = [["项目名称", "甲", ""], ["主管部门", "乙", ""], ["年度资金总额", "10", "10"]]
BODY = [["产出指标", "数量指标", "10"], ["", "质量指标", "10"], ["", "时效指标", "10"],
        ["", "成本指标", "10"], ["", "社会效益", "10"]]


def _placed(table: Table, page: int, top: float, bottom: float) -> Placed:
    return Placed(table, page, 842.0, text_above=False, text_below=False, top=top, bottom=bottom)


def test_block_pushed_to_next_page_joins():
    first = _placed(_table(1, 100, HEAD, 20), 1, 100, 460)        # ends at 460: room of ~340 below
    rest = _table(2, 50, BODY, 80, span_first_col=True)           # one merged block 400 high
    assert should_join(first, _placed(rest, 2, 50, 450))


def test_short_table_with_room_below_does_not_join():
    first = _placed(_table(1, 100, HEAD, 20), 1, 100, 460)
    rest = _table(2, 50, BODY, 20)                                 # rows 20 high would have fitted
    assert not should_join(first, _placed(rest, 2, 50, 150))


def test_next_page_repeating_the_header_rows_continues_the_table():
    # Word's repeated header row / an HTML <thead>: the rest starts with the first part's rows
    first = _placed(_table(1, 100, HEAD, 20), 1, 100, 460)
    rest = _table(2, 50, HEAD[:2] + BODY, 20)
    assert should_join(first, _placed(rest, 2, 50, 190))


def test_a_new_table_of_the_same_form_is_not_joined():
    first = _placed(_table(1, 100, HEAD, 20), 1, 100, 460)
    other = [["项目名称", "丙", ""], ["主管部门", "丁", ""]] + BODY
    assert not should_join(first, _placed(_table(2, 50, other, 20), 2, 50, 190))
