"""normalize.cut_rows: a 自评表 header row that a page break cut in two (LibreOffice lets rows
break across pages) is joined back, and read: the project keeps its budget and its budget points."""
from __future__ import annotations

from jixiao.extract.model import Cell, Table
from jixiao.normalize.cut_rows import join_cut_header
from jixiao.normalize.self_eval import normalize_self_eval

HEAD = [["项目名称", "", "动物防疫补助", "", "", "", "", "", ""],
        ["主管部门", "", "某县农业农村局", "", "", "实施单位", "某县动物疫病预防控制中心", "", ""]]
CUT = [["项目资金", "", "", "年初预", "全年预", "全年", "分值", "执行率", "得分"],       # foot of page 4
       ["（万元）", "", "", "算数", "算数", "执行数", "", "", ""]]                      # top of page 5
REST = [["", "", "年度资金总额", "260", "260", "248.3", "10", "95.5%", "9.55"],
        ["", "", "其中：当年财政拨款", "260", "260", "248.3", "—", "95.5%", "—"]]


def table(rows, pages):
    cells = []
    for r, (row, page) in enumerate(zip(rows, pages)):
        for c, text in enumerate(row):
            if c == 1 and r in (0, 1, 2, 3):
                continue                                   # label cells span two columns
            cells.append(Cell(r, c, text, col_span=2 if c == 0 and r < 4 else 1, page=page,
                              x0=50.0 + 40 * c, top=100.0 + 20 * r, x1=90.0 + 40 * c, bottom=120.0 + 20 * r))
    return Table(cells=cells, n_rows=len(rows), n_cols=9, page_start=pages[0], page_end=pages[-1])


def test_header_cut_by_a_page_break_is_one_row_again():
    t = table(HEAD + CUT + REST, [4, 4, 4, 5, 5, 5])
    assert normalize_self_eval(t, 0).budget_initial is None          # read as cut: no money columns
    joined = join_cut_header(t)
    assert joined.n_rows == 5 and t.n_rows == 6                    # the table given is left alone
    assert joined.grid()[2][:6] == ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数"]
    project = normalize_self_eval(joined, 0)
    assert (project.budget_initial, project.budget_adjusted, project.executed) == (260.0, 260.0, 248.3)
    assert (project.budget_weight, project.budget_score) == (10.0, 9.55)


def test_rows_on_one_page_or_holding_figures_stay_apart():
    same_page = table(HEAD + CUT + REST, [4, 4, 4, 4, 5, 5])
    assert join_cut_header(same_page).n_rows == 6
    figures = table(HEAD + [CUT[0], REST[0]] + REST[1:], [4, 4, 4, 5, 5])
    assert join_cut_header(figures).n_rows == 5
