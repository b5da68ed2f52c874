"""Column roles from the header row as a whole (normalize/columns.py): what sits under a header
decides what the words alone cannot, and every header cell keeps the role it got."""
from __future__ import annotations

import pytest

from jixiao.normalize.columns import LABEL_ROLE
from jixiao.normalize.self_eval import normalize_self_eval
from test_self_eval_fixtures import make_table

HEAD = [["项目名称", "<", "某项目", "<", "<", "<", "<", "<", "<", "<"]]


def roles(project, block):
    return [(h.text, h.role) for h in project.header_cells if h.block == block]


def test_money_heading_over_the_line_labels_heads_the_label_column():
    rows = HEAD + [
        ["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因", "<"],
        ["^", "总额", "10", "12", "11", "91.67%", "10", "9.17", "", "<"],
        ["^", "其中：财政资金", "10", "12", "11", "91.67%", "/", "/", "", "<"],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert roles(project, "funding") == [
        ("年度预算数（万元）", LABEL_ROLE), ("年初预算", "budget_initial"), ("调整后预算数", "budget_adjusted"),
        ("预算执行数", "executed"), ("预算执行率", "exec_rate"), ("权重", "weight"), ("得分", "score"),
        ("原因", "deviation_note")]
    assert [(f.source, f.label_raw, f.budget_adjusted) for f in project.funding] == [
        ("total", "总额", 12.0), ("fiscal", "其中：财政资金", 12.0)]


def test_the_same_heading_over_figures_is_a_budget_column():
    rows = HEAD + [
        ["项目资金", "年度资金总额", "<", "年度预算数（万元）", "全年执行数", "执行率", "分值", "得分", "<", "<"],
        ["^", "^", "<", "12", "11", "91.67%", "10", "9.17", "<", "<"],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert ("年度预算数（万元）", "budget_adjusted") in roles(project, "funding")


def test_unknown_headers_placed_by_what_sits_under_them():
    rows = HEAD + [
        ["一级指标", "二级指标", "三级指标", "符号", "指标值", "计量", "完成值", "分值", "得分", "佐证材料"],
        ["产出指标", "数量指标", "培训人次", "≥", "1000", "人次", "1200", "50", "50", "附件1"],
        ["^", "质量指标", "合格率", "=", "100", "%", "100", "30", "30", "附件2"],
        ["效益指标", "社会效益指标", "知晓率", "≥", "80", "%", "85", "20", "20", ""],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(i.operator, i.unit) for i in project.indicators] == [("≥", "人次"), ("=", "%"), ("≥", "%")]
    got = dict(roles(project, "indicators"))
    assert (got["符号"], got["计量"], got["佐证材料"]) == ("operator", "unit", "descriptive")
    # 佐证材料 is a known descriptive column: kept in cells, no field, no warning
    assert project.unmapped_columns == []


@pytest.mark.parametrize("header", ["指标解释", "评分标准", "佐证材料", "数据来源"])
def test_descriptive_columns_are_known_and_never_placed_by_their_contents(header):
    """A 评价指标体系's columns set into the 自评表 (指标解释, 评分标准 …): no field holds them,
    no warning names them, and a column of figures under one is not taken for a score."""
    rows = HEAD + [
        ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分", header, "<", "<"],
        ["产出指标", "数量指标", "培训人次", "1000", "1200", "50", "50", "50", "<", "<"],
        ["^", "质量指标", "合格率", "100", "100", "50", "45", "40", "<", "<"],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert project.unmapped_columns == []
    assert dict(roles(project, "indicators"))[header] == "descriptive"
    assert [(i.weight, i.score) for i in project.indicators] == [(50.0, 50.0), (50.0, 45.0)]


def test_a_column_of_mixed_contents_stays_unplaced():
    rows = HEAD + [
        ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分", "佐证", "<", "<"],
        ["产出指标", "数量指标", "培训人次", "1000", "1200", "50", "50", "≥", "<", "<"],
        ["^", "质量指标", "合格率", "100", "100", "50", "50", "会议纪要", "<", "<"],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert dict(roles(project, "indicators"))["佐证"] is None


def test_unplaced_headers_become_a_document_warning():
    from jixiao.extract.model import RawDocument
    from jixiao.normalize import normalize_document

    rows = HEAD + [
        ["项目资金（万元）", "<", "<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "<"],
        ["^", "年度资金总额", "<", "10", "10", "10", "10", "100%", "10", "<"],
        ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分", "责任科室", "<", "<"],
        ["产出指标", "数量指标", "培训人次", "1000", "1200", "90", "90", "办公室", "<", "<"],
    ]
    doc = normalize_document(RawDocument(path="x.docx", format="docx", pages=None, tables=[make_table(rows, ["项目支出绩效自评表"])]), "d")
    assert any("责任科室" in w for w in doc.warnings)


def test_an_indicator_header_that_cannot_be_placed_names_its_headers():
    rows = HEAD + [
        ["一级指标", "考核内容", "考核要点", "评分标准", "自查情况", "<", "<", "<", "<", "<"],
        ["产出指标", "培训", "人次", "按比例", "完成", "<", "<", "<", "<", "<"],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert project.indicators == []
    assert project.unmapped_columns == ["考核内容", "考核要点", "评分标准", "自查情况"]


@pytest.mark.parametrize("header", ["资金到位数", "到位资金", "资金到位率"])
def test_money_received_column_is_known_and_never_read_as_executed(header):
    """资金到位数 between 全年预算数 and 全年执行数 (some provincial forms): no field holds it and
    no warning names it; the figures under it are not taken for the amount executed."""
    rows = HEAD + [
        ["项目资金（万元）", "<", "年初预算数", "全年预算数", header, "全年执行数", "分值", "执行率", "得分", "<"],
        ["^", "年度资金总额", "100", "120", "110", "108", "10", "90%", "9", "<"],
        ["^", "其中：中央资金", "100", "120", "110", "108", "", "", "", "<"],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert project.unmapped_columns == []
    assert (project.budget_adjusted, project.executed, project.exec_rate_stated_raw) == (120.0, 108.0, "90%")
    assert dict(roles(project, "funding"))[header] == "descriptive"


@pytest.mark.parametrize("header", ["偏差率", "偏差值"])
def test_deviation_figure_beside_the_actual_is_known_and_read_as_nothing_else(header):
    """偏差率 between 实际完成值 and 分值 (how far off: derived from the two values): no field
    holds it and no warning names it; it is neither the actual, nor the 偏差原因 note."""
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", header, "分值", "得分", "偏差原因"],
        ["^", "产出指标", "数量指标", "培训人次", "≥100人次", "96人次", "-4%", "10", "9", "参训人数不足"],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert project.unmapped_columns == []
    (indicator,) = project.indicators
    assert (indicator.actual_raw, indicator.score, indicator.deviation_note) == ("96人次", 9.0, "参训人数不足")
    assert dict(roles(project, "indicators"))[header] == "descriptive"
