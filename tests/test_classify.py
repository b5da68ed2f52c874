"""normalize.classify on hand-built tables and on the seed report's tables."""
from __future__ import annotations

import pytest

from jixiao.extract.model import Table
from jixiao.normalize.classify import classify_table
from test_self_eval_fixtures import (ANHUI_ROWS, CENTRAL_ROWS, INDICATOR_SYSTEM_ROWS, OTHER_ROWS, PANEL_ROWS,
                                     SICHUAN_ROWS, make_table)


@pytest.mark.parametrize("rows,caption,kind", [
    (CENTRAL_ROWS, ["项目支出绩效自评表", "(2024 年度)"], "self_eval"),
    (CENTRAL_ROWS, [], "self_eval"),                       # title line missing
    (SICHUAN_ROWS, [], "self_eval"),
    (ANHUI_ROWS, ["单位：元"], "self_eval"),
    (CENTRAL_ROWS[3:], [], "self_eval"),                   # no 项目名称 row either
    (PANEL_ROWS, [], "panel_scores"),
    (INDICATOR_SYSTEM_ROWS, [], "indicator_system"),
    (OTHER_ROWS, [], "other"),
    ([["项目支出绩效自评表"]], [], "other"),                # a title alone is no table
    ([["项目名称", "年初预算数", "全年预算数", "全年执行数", "执行率"],   # the projects' funds, one a row
      ["农村人居环境整治", "320", "320", "318.6", "99.56%"], ["动物防疫补助", "260", "260", "248.3", "95.5%"],
      ["合计", "580", "580", "566.9", "97.74%"]], ["表1 2023年项目资金安排及执行情况"], "other"),
])
def test_classify(rows, caption, kind):
    assert classify_table(make_table(rows, caption)) == kind


def test_empty_table_is_other():
    assert classify_table(Table(cells=[], n_rows=0, n_cols=0)) == "other"


def test_seed_report_tables(seed_tables):
    kinds = [classify_table(t) for t in seed_tables]
    assert kinds == ["indicator_system", "panel_scores"] + ["self_eval"] * 7
    stripped = [Table(t.cells, t.n_rows, t.n_cols) for t in seed_tables]  # captions removed
    assert [classify_table(t) for t in stripped] == kinds


from test_self_eval_seed import seed_tables  # noqa: E402,F401  (fixture)


def test_indicator_system_with_ocr_damaged_header():
    rows = [["级指标", "二级指标", "三级指标", "分值"]] + INDICATOR_SYSTEM_ROWS[1:]
    assert classify_table(make_table(rows)) == "indicator_system"


def test_panel_with_numbered_experts():
    rows = [["一级指标", "二级指标", "三级指标", "分值", "专家1", "专家2", "专家3"],
            ["决策", "立项", "依据充分性", "2", "1.5", "2", "1"],
            ["过程", "资金", "到位率", "5", "5", "4", "5"]]
    assert classify_table(make_table(rows)) == "panel_scores"


def test_continuation_piece_of_a_self_eval_table():
    from jixiao.normalize.classify import is_continuation
    first = make_table(CENTRAL_ROWS[:14], page=16)
    rest = make_table([["", "", "", "定、促进社会稳定", "", "", "", "", "供高效法律服务。"],
                       ["", "满意度指标", "服务对象满意度指标", "满意", "98%", "98%", "10", "10", ""],
                       ["总分", "<", "<", "<", "<", "<", "90", "89", ""]], page=17)
    assert is_continuation(first, rest)
    assert not is_continuation(first, make_table(CENTRAL_ROWS, page=17))       # a new table
    assert not is_continuation(first, make_table(rest.grid(), page=18))         # not the next page
    assert not is_continuation(first, make_table(OTHER_ROWS, page=17))          # other shape


DEPARTMENT_ROWS = [
    ["部门（单位）名称", "<", "某县文化和旅游局", "<", "<", "<", "<", "<"],
    ["年度预算（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["^", "年度资金总额", "2860.5", "3012.4", "2958.66", "10", "98.22%", "9.82"],
    ["^", "其中：基本支出", "1860.5", "1890.2", "1890.2", "—", "—", "—"],
    ["^", "项目支出", "1000", "1122.2", "1068.46", "—", "—", "—"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "开展文化惠民演出场次", "≥100场", "112场", "90", "90", ""],
    ["总分", "<", "<", "<", "<", "100", "99.82", ""],
]


@pytest.mark.parametrize("caption", [["部门整体支出绩效自评表", "（2023年度）"], ["部门（单位）整体支出绩效自评表"], []])
def test_department_self_evaluation_is_not_a_project_table(caption):
    # its own title, or a 部门（单位）名称 row in place of 项目名称: a department's self-evaluation
    assert classify_table(make_table(DEPARTMENT_ROWS, caption)) == "department_self_eval"


def test_project_table_under_a_department_heading_stays_a_project_table():
    rows = [["项目名称", "<", "公共文化服务体系建设专项资金", "<", "<", "<", "<", "<"]] + DEPARTMENT_ROWS[1:]
    assert classify_table(make_table(rows, ["部门整体支出绩效自评表"])) == "self_eval"
