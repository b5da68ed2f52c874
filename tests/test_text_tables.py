"""extract.text_tables on pieces built in the test (no files): which aligned text is a table,
how bands become rows and cells."""
from __future__ import annotations

from jixiao.extract.text_tables import Piece, Rule, find_text_tables

SIZE = 10.0


def _row(top: float, cells: list[tuple[float, str]], size: float = SIZE) -> list[Piece]:
    """Pieces on one line: (x0, text), each glyph `size` wide (CJK) or half that (ASCII)."""
    out = []
    for x0, text in cells:
        width = sum(size if ord(ch) > 0x2000 else size / 2 for ch in text)
        out.append(Piece(text, x0, top, x0 + width, top + size))
    return out


def _grids(pieces, rules=()):
    return [t.grid() for t, _ in find_text_tables(pieces, list(rules), page=1)]


def test_borderless_rows_and_wrapped_tails():
    """Top-aligned cells: a line that only fills columns the line above filled, with no
    figure, is that row's wrapped tail; a line with figures is a new row, blanks and all."""
    pieces = (_row(100, [(60, "资金来源"), (200, "预算数"), (300, "执行数"), (400, "执行率")])
              + _row(122, [(60, "年度资金总额"), (200, "12.50"), (300, "12.00"), (400, "96%")])
              + _row(144, [(60, "其中：财政拨款"), (200, "12.50"), (300, "12.00"), (400, "96%")])
              + _row(157, [(60, "（含追加）")])
              + _row(179, [(60, "其他资金"), (200, "0"), (300, "0")]))
    assert _grids(pieces) == [[["资金来源", "预算数", "执行数", "执行率"],
                               ["年度资金总额", "12.50", "12.00", "96%"],
                               ["其中：财政拨款（含追加）", "12.50", "12.00", "96%"],
                               ["其他资金", "0", "0", ""]]]


def test_gaps_of_two_sizes_part_rows_at_the_wide_ones():
    """Rows set apart by padding: a narrow gap is a wrapped line of the same row even when
    it holds the key column's text."""
    pieces = (_row(100, [(60, "三级指标"), (200, "分值"), (300, "得分")])
              + _row(125, [(60, "慰问困难"), (200, "10"), (300, "9")])
              + _row(138, [(60, "职工户数")])
              + _row(163, [(60, "培训人次"), (200, "10"), (300, "10")]))
    assert _grids(pieces) == [[["三级指标", "分值", "得分"], ["慰问困难职工户数", "10", "9"],
                               ["培训人次", "10", "10"]]]


def test_two_columns_between_rules_is_a_table_but_not_without():
    rows = [[(100, "项目"), (300, "金额")], [(100, "培训费"), (300, "3.20")], [(100, "差旅费"), (300, "1.10")]]
    pieces = [p for k, r in enumerate(rows) for p in _row(100 + 22 * k, r)]
    rules = [Rule(90, 97, 400), Rule(90, 117, 400), Rule(90, 165, 400)]
    assert _grids(pieces, rules) == [[["项目", "金额"], ["培训费", "3.20"], ["差旅费", "1.10"]]]
    assert _grids(pieces) == []           # two columns of aligned text alone: a list, no table


def test_two_level_header_between_the_top_rules():
    """A 三线表's head over two body columns spans them, the heads under it make a row."""
    pieces = (_row(100, [(60, "指标"), (230, "预算执行情况")])
              + _row(112, [(200, "预算数"), (300, "执行数")])
              + _row(140, [(60, "培训费"), (200, "3.20"), (300, "3.00")])
              + _row(162, [(60, "差旅费"), (200, "1.10"), (300, "1.00")]))
    rules = [Rule(50, 96, 380), Rule(50, 126, 380), Rule(50, 176, 380)]
    (table, _), = find_text_tables(pieces, rules, page=1)
    assert table.grid() == [["指标", "预算执行情况", ""], ["", "预算数", "执行数"], ["培训费", "3.20", "3.00"],
                            ["差旅费", "1.10", "1.00"]]
    assert {(c.row, c.col): c.col_span for c in table.cells}[(0, 1)] == 2


def test_wrapped_heads_between_the_top_rules_are_one_row():
    pieces = (_row(100, [(60, "三级指标"), (200, "年度指"), (300, "实际完")])
              + _row(112, [(200, "标值"), (300, "成值")])
              + _row(140, [(60, "培训人次"), (200, "500"), (300, "526")])
              + _row(162, [(60, "户数"), (200, "120"), (300, "118")]))
    rules = [Rule(50, 96, 380), Rule(50, 126, 380), Rule(50, 176, 380)]
    assert _grids(pieces, rules) == [[["三级指标", "年度指标值", "实际完成值"], ["培训人次", "500", "526"],
                                      ["户数", "120", "118"]]]


def test_prose_between_a_header_rule_and_a_footer_rule_is_no_table():
    lines = ["本部门主要职能是负责全区职工服务工作，", "组织开展职工技能培训和劳动竞赛活动，",
             "维护职工合法权益，推动构建和谐劳动关系。"]
    pieces = [p for k, text in enumerate(lines) for p in _row(100 + 20 * k, [(60, text)])]
    pieces += _row(200, [(60, "一、"), (120, "部门职能")])
    assert _grids(pieces, [Rule(50, 60, 540), Rule(50, 780, 540)]) == []


def test_contents_page_numbers_are_no_table():
    rows = [[(60, "第一部分"), (160, "部门概况"), (480, "1")], [(60, "第二部分"), (160, "决算报表"), (480, "4")],
            [(60, "第三部分"), (160, "决算说明"), (480, "9")]]
    pieces = [p for k, r in enumerate(rows) for p in _row(100 + 22 * k, r)]
    assert _grids(pieces) == []
