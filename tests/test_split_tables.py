"""A 自评表 printed as two tables (split above its indicator block) is read as one project;
a 评价指标体系 or a table after a heading is not glued on."""
from __future__ import annotations

from jixiao.extract.model import RawDocument, TableRef, TextBlock
from jixiao.normalize import normalize_document
from test_self_eval_fixtures import make_table

HEAD = [
    ["项目名称", "<", "农村饮水工程维修养护资金", "<", "<", "<", "<", "<"],
    ["主管部门", "<", "某县水务局", "<", "实施单位", "某县供水站", "<", "<"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["^", "年度资金总额", "236", "236", "236", "10", "100%", "10"],
    ["年度总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<"],
    ["^", "维修养护供水工程32处", "<", "<", "完成32处", "<", "<", "<"],
]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "维修养护工程处数", "≥32处", "32处", "50", "50", ""],
    ["满意度指标", "满意度", "受益群众满意度", "≥90%", "94%", "40", "38", ""],
    ["总分", "<", "<", "<", "<", "100", "98", ""],
]
SYSTEM = [
    ["一级指标", "二级指标", "三级指标", "分值", "评分标准"],
    ["决策", "项目立项", "立项依据充分性", "5", "依据充分得5分"],
    ["产出", "产出数量", "实际完成率", "20", "按比例得分"],
]


def _doc(second, between=""):
    blocks = [TextBlock("项目支出绩效自评表"), TableRef(0), TextBlock(between), TableRef(1)]
    return RawDocument(path="x.docx", format="docx", pages=None, blocks=blocks,
                       tables=[make_table(HEAD, ["项目支出绩效自评表"]), make_table(second)])


def test_indicator_block_printed_as_its_own_table_belongs_to_the_project():
    doc = normalize_document(_doc(INDICATORS), "d")
    assert len(doc.projects) == 1
    project = doc.projects[0]
    assert [i.level3 for i in project.indicators] == ["维修养护工程处数", "受益群众满意度"]
    assert (project.total_weight_stated, project.total_score_stated) == (100.0, 98.0)
    assert not doc.panel_scores
    # one logical table: its cells carry one table_index, the second part's rows below the first's
    assert {c.table_index for c in doc.cells} == {0}
    assert max(c.row for c in doc.cells) == len(HEAD) + len(INDICATORS) - 1


def test_a_table_after_a_heading_is_not_glued_on():
    doc = normalize_document(_doc(INDICATORS, between="二、绩效指标完成情况"), "d")
    assert doc.projects[0].indicators == []


def test_an_indicator_system_right_after_a_table_stays_apart():
    doc = normalize_document(_doc(SYSTEM), "d")
    assert doc.projects[0].indicators == []
    assert {c.table_index for c in doc.cells} == {0, 1}


GOAL = [
    ["年度总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<"],
    ["^", "维修养护供水工程32处", "<", "<", "完成32处", "<", "<", "<"],
]


def test_a_form_printed_as_three_tables_is_one_project():
    head = make_table(HEAD[:4], ["项目支出绩效自评表"])
    blocks = [TextBlock("项目支出绩效自评表"), TableRef(0), TextBlock(""), TableRef(1), TableRef(2)]
    raw = RawDocument(path="x.docx", format="docx", pages=None, blocks=blocks,
                      tables=[head, make_table(GOAL), make_table(INDICATORS)])
    project = normalize_document(raw, "d").projects[0]
    assert project.goal_planned == "维修养护供水工程32处"
    assert [i.level3 for i in project.indicators] == ["维修养护工程处数", "受益群众满意度"]
    assert project.total_score_stated == 98.0


def test_indicator_rows_cut_off_into_a_table_of_their_own_columns():
    # the first table ends inside the indicator block; the rest (no header) was laid out with
    # other column widths (a browser sizes each table to its text): its columns follow in order
    first = make_table(HEAD + INDICATORS[:2], ["项目支出绩效自评表"], page=1)
    rest = make_table(INDICATORS[2:], page=1)
    for cell in rest.cells:
        cell.x0, cell.x1 = 50.0 + 45 * cell.col, 50.0 + 45 * (cell.col + cell.col_span)
        cell.top, cell.bottom = cell.top + 400, cell.bottom + 400
    blocks = [TextBlock("项目支出绩效自评表"), TableRef(0), TableRef(1)]
    raw = RawDocument(path="x.pdf", format="pdf", pages=1, blocks=blocks, tables=[first, rest])
    project = normalize_document(raw, "d").projects[0]
    assert [(i.level1, i.level3, i.weight, i.score) for i in project.indicators] == [
        ("产出指标", "维修养护工程处数", 50.0, 50.0), ("满意度指标", "受益群众满意度", 40.0, 38.0)]
    assert (project.total_weight_stated, project.total_score_stated) == (100.0, 98.0)


def test_another_figures_table_right_after_is_not_taken_for_indicator_rows():
    # a 自评表 whose indicator block ends it, then (no title between) a three-column table of
    # figures: not the indicator rows' shape
    first = make_table(HEAD + INDICATORS[:3], ["项目支出绩效自评表"])
    figures = make_table([["项目", "预算数", "执行数"], ["办公费", "12", "11.5"], ["差旅费", "8", "7.9"]])
    blocks = [TextBlock("项目支出绩效自评表"), TableRef(0), TextBlock(""), TableRef(1)]
    raw = RawDocument(path="x.docx", format="docx", pages=None, blocks=blocks, tables=[first, figures])
    doc = normalize_document(raw, "d")
    assert [i.level3 for i in doc.projects[0].indicators] == ["维修养护工程处数", "受益群众满意度"]
    assert {c.table_index for c in doc.cells} == {0, 1}
