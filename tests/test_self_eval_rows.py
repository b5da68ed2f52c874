"""Indicator rows (normalize/indicator_rows.py): ★ core indicators with 其中 sub-rows, placeholder
rows, rows cut by a page break, and a 绩效目标自评表 that scores nothing."""
from __future__ import annotations

from jixiao.normalize.classify import SELF_EVAL, classify_table
from jixiao.normalize.self_eval import normalize_self_eval
from jixiao.validate.config import load_config
from jixiao.validate.project_rules import check_project
from test_self_eval_fixtures import make_table

HEAD = [
    ["项目名称", "<", "渔业发展补助", "<", "<", "<", "<", "<"],
    ["主管部门", "<", "县农业农村局", "<", "实施单位", "县水产站", "<", "<"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["^", "年度资金总额", "50", "50", "50", "10", "100%", "10"],
]
IND_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def levels(project):
    return [(i.level3, i.target_raw, i.actual_raw, i.weight, i.score, i.parent_row) for i in project.indicators]


def test_star_indicator_with_sub_rows_under_merged_points():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "★补助鱼塘面积", "500亩", "520亩", "20", "20", ""],
                   ["^", "^", "其中：鱼塘养殖面积", "300亩", "310亩", "^", "^", ""],
                   ["^", "^", "其中：稻渔综合种养面积", "200亩", "210亩", "^", "^", ""],
                   ["^", "质量指标", "验收合格率", "100%", "100%", "70", "70", ""],
                   ["总分", "<", "<", "<", "<", "90", "90", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    star_row = 5
    assert levels(project) == [
        ("★补助鱼塘面积", "500亩", "520亩", 20.0, 20.0, None),
        ("其中：鱼塘养殖面积", "300亩", "310亩", None, None, star_row),
        ("其中：稻渔综合种养面积", "200亩", "210亩", None, None, star_row),
        ("验收合格率", "100%", "100%", 70.0, 70.0, None),
    ]
    assert [(i.level1, i.level2) for i in project.indicators[1:3]] == [("产出指标", "数量指标")] * 2
    assert [i.seq for i in project.indicators] == [0, 1, 2, 3]
    errors = [f.rule for f in check_project(project, "d:0", load_config()) if f.severity == "error"]
    assert errors == []          # 20 + 70 = 90: the sub-rows add nothing


def test_sub_rows_with_blank_points_and_no_qizhong_prefix_under_a_star():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "★新建渠道长度", "10公里", "10公里", "30", "30", ""],
                   ["^", "^", "干渠", "6公里", "6公里", "", "", ""],
                   ["^", "^", "支渠", "4公里", "4公里", "—", "—", ""],
                   ["^", "^", "其中 节水灌溉面积", "1000亩", "1000亩", "", "", ""],
                   ["效益指标", "社会效益指标", "受益农户", "200户", "200户", "60", "60", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [i.level3 for i in project.indicators] == ["★新建渠道长度", "干渠", "支渠", "其中节水灌溉面积", "受益农户"]
    assert [i.parent_row for i in project.indicators] == [None, 5, 5, 5, None]
    assert all(i.weight is None and i.score is None for i in project.indicators[1:4])


def test_without_a_star_a_row_missing_its_points_is_still_the_rest_of_the_row_above():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "培训场次", "10", "10", "20", "20", "原因：前期流程"],
                   ["^", "^", "", "", "", "", "", "较多。"]]
    project = normalize_self_eval(make_table(rows), 0)
    assert len(project.indicators) == 1 and project.indicators[0].deviation_note == "原因：前期流程较多。"


def test_row_cut_by_a_page_break_joins_its_level_fragments():
    """A PDF row split over two pages: the second part's level cells hold the rest of the names."""
    rows = HEAD + [IND_HEADER,
                   ["产出指标(50分)", "数量指标", "委托业务数量", "≥50个", "50", "50", "50", ""],
                   ["效益指", "社会效益", "对维护市场公平", "效果明显", "达成预期", "10", "10", ""],
                   ["标(30分)", "指标", "的影响程度", "", "指标", "", "", ""],
                   ["效益指标(30分)", "生态效益指标", "对控制成本影响程度", "效果明显", "达成预期指标", "20", "20", ""]]
    table = make_table(rows, page=1)
    for cell in table.cells:
        if cell.row >= 7:
            cell.page = 2
    project = normalize_self_eval(table, 0)
    assert [(i.level1, i.level2, i.level3, i.actual_raw) for i in project.indicators] == [
        ("产出指标", "数量指标", "委托业务数量", "50"),
        ("效益指标", "社会效益指标", "对维护市场公平的影响程度", "达成预期指标"),
        ("效益指标", "生态效益指标", "对控制成本影响程度", "达成预期指标"),
    ]


def test_a_new_indicator_on_the_same_page_is_not_glued_to_the_row_above():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "培训场次", "10", "10", "20", "20", ""],
                   ["效益指标", "社会效益指标", "知晓率", "≥80%", "85%", "", "", ""]]
    project = normalize_self_eval(make_table(rows, page=1), 0)
    assert [i.level3 for i in project.indicators] == ["培训场次", "知晓率"]


def test_placeholder_rows_are_not_indicators():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "培训人次", "500人次", "536人次", "30", "30", ""],
                   ["^", "^", "指标1：", "", "", "", "", ""],
                   ["^", "^", "……", "", "", "", "", ""],
                   ["^", "质量指标", "", "", "", "", "", ""],
                   ["^", "^", "指标 2：", "……", "……", "", "", ""],
                   ["^", "时效指标", "完成及时率", "100%", "100%", "30", "30", ""],
                   ["效益指标", "社会效益指标", "...", "", "", "", "", ""],
                   ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", "30", "30", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(i.level1, i.level2, i.level3) for i in project.indicators] == [
        ("产出指标", "数量指标", "培训人次"), ("产出指标", "时效指标", "完成及时率"),
        ("满意度指标", "服务对象满意度指标", "满意度")]


def test_a_target_table_that_scores_nothing():
    """绩效目标自评表 without 分值 / 得分 columns: indicators with null weights, no sum rules, no
    missing 总分 得分."""
    rows = [
        ["项目名称", "<", "乡村道路养护", "<", "<", "<"],
        ["主管部门", "<", "县交通运输局", "实施单位", "县公路所", "<"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率"],
        ["^", "年度资金总额", "80", "80", "76", "95%"],
        ["^", "其中：财政拨款", "80", "80", "76", "95%"],
        ["年度总体目标", "预期目标", "<", "实际完成情况", "<", "<"],
        ["^", "养护道路 120 公里。", "<", "养护道路 118 公里。", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析"],
        ["产出指标", "数量指标", "养护里程", "120公里", "118公里", "雨季延误"],
        ["效益指标", "社会效益指标", "道路通畅率", "≥95%", "97%", ""],
    ]
    table = make_table(rows, ["2023年度绩效目标自评表"])
    assert classify_table(table) == SELF_EVAL
    project = normalize_self_eval(table, 0)
    assert project.scored is False
    assert [(i.level3, i.weight, i.score) for i in project.indicators] == [("养护里程", None, None),
                                                                       ("道路通畅率", None, None)]
    flags = check_project(project, "d:0", load_config())
    assert not [f for f in flags if f.rule in ("weight_sum_mismatch", "score_sum_mismatch")]
    assert not [f for f in flags if f.rule == "missing_field" and f.field == "total_score_stated"]


def test_goal_table_without_money_is_still_a_self_evaluation_table():
    rows = [
        ["项目名称", "<", "乡村道路养护", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
        ["产出指标", "数量指标", "养护里程", "120公里", "118公里"],
    ]
    assert classify_table(make_table(rows, ["绩效目标自评表"])) == SELF_EVAL


def test_a_sub_row_cut_by_a_page_break_is_joined_to_the_sub_row():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "★补助鱼塘面积", "500亩", "520亩", "20", "20", ""],
                   ["^", "^", "其中：鱼塘养殖", "300亩", "310亩", "", "", ""],
                   ["^", "^", "面积", "", "", "", "", ""],
                   ["^", "质量指标", "验收合格率", "100%", "100%", "70", "70", ""]]
    table = make_table(rows, page=1)
    for cell in table.cells:
        if cell.row >= 7:
            cell.page = 2
    project = normalize_self_eval(table, 0)
    assert [(i.level3, i.parent_row) for i in project.indicators] == [
        ("★补助鱼塘面积", None), ("其中：鱼塘养殖面积", 5), ("验收合格率", None)]


def test_a_total_row_labelled_with_a_score_word():
    # 自评得分 leading the last row is the table's total (内蒙古 and other county templates), while
    # the same words heading the 得分 column stay a column header
    header = IND_HEADER[:6] + ["自评得分", IND_HEADER[7]]
    rows = HEAD + [header,
                   ["产出指标", "数量指标", "新打机电井数量", "≥12眼", "12眼", "40", "40", ""],
                   ["满意度指标", "满意度", "受益群众满意度", "≥90%", "≥90%", "50", "48", ""],
                   ["自评得分", "<", "<", "<", "<", "100", "98", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [i.level3 for i in project.indicators] == ["新打机电井数量", "受益群众满意度"]
    assert (project.total_weight_stated, project.total_score_stated) == (100.0, 98.0)
    assert [i.score for i in project.indicators] == [40.0, 48.0]


def test_a_value_cut_into_pieces_is_read_whole_up_to_the_next_label():
    # a scan's grid (or a stray rule) cuts merged value cells into pieces, some blank
    rows = [
        ["项目名称", "正定县城区集", "中供热管网改", "造项目", "", "", "", ""],
        ["主管部门", "", "正定县住建局", "", "实施单位", "正定县城市管理", "综合服务中心", ""],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["^", "年度资金总额", "50", "50", "50", "10", "100%", "10"],
        ["年度总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<"],
        ["^", "改造供热管网", "12公里", "", "改造供热管网", "12.3公里", "", ""],
        IND_HEADER,
        ["产出指标", "数量指标", "改造供热管网长度", "≥12公里", "12.3公里", "90", "90", ""],
    ]
    ocr = {(r, c): 0.95 for r in range(len(rows)) for c in range(8)}
    project = normalize_self_eval(make_table(rows, confidence=ocr), 0)
    assert project.project_name == "正定县城区集中供热管网改造项目"
    assert (project.competent_dept, project.implementing_unit) == ("正定县住建局", "正定县城市管理综合服务中心")
    assert (project.goal_planned, project.goal_actual) == ("改造供热管网12公里", "改造供热管网12.3公里")


def test_a_text_layer_cell_right_of_a_value_is_another_field():
    rows = [
        ["项目名称", "供热管网改造项目", "项目类型", "专项", "", "", "", ""],
        ["主管部门", "", "项目期限", "1年", "实施单位", "县供热中心", "", ""],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["^", "年度资金总额", "50", "50", "50", "10", "100%", "10"],
        IND_HEADER,
        ["产出指标", "数量指标", "改造供热管网长度", "≥12公里", "12.3公里", "90", "90", ""],
    ]
    project = normalize_self_eval(make_table(rows), 0)
    assert (project.project_name, project.competent_dept) == ("供热管网改造项目", None)


def _yuan_table(caption_rows):
    return caption_rows + [
        ["项目名称", "<", "古城消防设施提升改造", "<", "<", "<", "<", "<"],
        ["项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["^", "年度资金总额", "1,250,000.00", "1,250,000.00", "1,236,800.00", "10", "98.94%", "9.89"],
        ["^", "其中：财政拨款", "1,250,000.00", "1,250,000.00", "1,236,800.00", "", "", ""],
        IND_HEADER,
        ["产出指标", "数量指标", "改造消防管网长度", "≥2.5公里", "2.6公里", "90", "90", ""],
    ]


def test_amounts_of_a_table_printing_no_unit_are_read_in_yuan_when_implausible_in_wan():
    project = normalize_self_eval(make_table(_yuan_table([])), 0)
    assert (project.money_unit, project.money_unit_inferred) == ("元", True)
    assert (project.budget_initial, project.executed) == (125.0, 123.68)
    assert [f.budget_adjusted for f in project.funding] == [125.0, 125.0]
    flags = [f for f in check_project(project, "d:0", load_config()) if f.rule == "money_unit_suspect"]
    assert len(flags) == 1 and "已按元读为 125 万元" in flags[0].message


def test_a_printed_unit_is_never_second_guessed():
    project = normalize_self_eval(make_table(_yuan_table([])), 0, context=["单位：万元"])
    assert (project.money_unit, project.money_unit_inferred, project.budget_initial) == ("万元", False, 1250000.0)
    assert [f.rule for f in check_project(project, "d:0", load_config()) if f.rule == "money_unit_suspect"]


def test_head_foot_and_target_wordings_of_other_templates():
    # 项目主管部门 / 项目执行单位 head rows, a 年初目标值 column, 自评分合计 as the total row:
    # wordings of county and department templates the first templates did not use
    rows = [["项目名称", "<", "文化服务补助", "<", "<", "<", "<", "<"],
            ["项目主管部门", "<", "县文化和旅游局", "<", "项目执行单位", "县文化馆", "<", "<"],
            *HEAD[2:],
            IND_HEADER[:3] + ["年初目标值"] + IND_HEADER[4:],
            ["产出指标", "数量指标", "送戏下乡场次", "≥120场", "126场", "40", "40", ""],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "94%", "50", "50", ""],
            ["自评分合计", "<", "<", "<", "<", "100", "100", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert (project.competent_dept, project.implementing_unit) == ("县文化和旅游局", "县文化馆")
    assert [(i.level3, i.target_raw) for i in project.indicators] == [("送戏下乡场次", "≥120场"),
                                                                     ("群众满意度", "≥90%")]
    assert project.budget_initial == 50.0
    assert (project.total_weight_stated, project.total_score_stated) == (100.0, 100.0)


def test_level1_printed_as_full_width_rows_above_its_indicators():
    # no 一级指标 column: 产出指标 / 满意度指标 merged across the block head their rows, and are
    # no indicators themselves
    header = ["二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "<"]
    rows = HEAD + [header,
                   ["产出指标（40分）", "<", "<", "<", "<", "<", "<", "<"],
                   ["数量指标", "签约服务人数", "≥45万人", "46.8万人", "20", "20", "", "<"],
                   ["^", "服务中心数量", "≥58家", "58家", "20", "20", "", "<"],
                   ["满意度指标", "<", "<", "<", "<", "<", "<", "<"],
                   ["服务对象满意度指标", "居民满意度", "≥90%", "91.6%", "50", "49", "", "<"],
                   ["总分", "<", "<", "<", "100", "99", "", "<"]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(i.level1, i.level2, i.level3) for i in project.indicators] == [
        ("产出指标", "数量指标", "签约服务人数"), ("产出指标", "数量指标", "服务中心数量"),
        ("满意度指标", "服务对象满意度指标", "居民满意度")]
    assert (project.total_weight_stated, project.total_score_stated) == (100.0, 99.0)


def test_a_deviation_rate_column_leaves_the_note_to_the_reason_column():
    header = IND_HEADER[:5] + ["偏差率"] + IND_HEADER[5:]
    rows = [row + ["<"] if len(row) == 8 else row for row in HEAD] + [header,
            ["产出指标", "数量指标", "补助面积", "500亩", "520亩", "4%", "40", "40", ""],
            ["满意度指标", "满意度", "群众满意度", "≥90%", "85%", "-5.6%", "50", "45", "宣传不到位"],
            ["总分", "<", "<", "<", "<", "<", "100", "95", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(i.level3, i.actual_raw, i.deviation_note) for i in project.indicators] == [
        ("补助面积", "520亩", None), ("群众满意度", "85%", "宣传不到位")]


def test_a_problems_and_measures_row_under_the_total_is_kept():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "补助面积", "500亩", "520亩", "90", "90", ""],
                   ["总分", "<", "<", "<", "<", "100", "99.8", ""],
                   ["存在问题及改进措施", "<", "宣传不足；下一步加强政策宣传", "<", "<", "<", "<", "<"]]
    project = normalize_self_eval(make_table(rows), 0)
    assert project.problems == "宣传不足；下一步加强政策宣传"
    assert [i.level3 for i in project.indicators] == ["补助面积"]


def test_money_header_naming_the_rate_points_execution_rate_score():
    rows = [HEAD[0], HEAD[1],
            ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率", "执行率分值", "执行率得分"],
            ["^", "年度资金总额", "50", "50", "49", "98%", "10", "9.8"],
            IND_HEADER,
            ["产出指标", "数量指标", "补助面积", "500亩", "520亩", "90", "90", ""],
            ["总分", "<", "<", "<", "<", "100", "99.8", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert (project.exec_rate_stated_raw, project.budget_weight, project.budget_score) == ("98%", 10.0, 9.8)


def test_level1_names_typed_alone_in_the_first_cell_head_their_rows():
    # the same template with the heading rows left unmerged: a listed 一级指标 name heads its
    # rows, any other lone text (a leftover 二级指标 name) is still skipped
    header = ["二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "<"]
    rows = HEAD + [header,
                   ["产出指标(40分)", "", "", "", "", "", "", "<"],
                   ["数量指标", "签约服务人数", "≥45万人", "46.8万人", "40", "40", "", "<"],
                   ["质量指标", "", "", "", "", "", "", "<"],
                   ["满意度指标", "", "", "", "", "", "", "<"],
                   ["服务对象满意度指标", "居民满意度", "≥90%", "91.6%", "50", "49", "", "<"],
                   ["总分", "<", "<", "<", "100", "99", "", "<"]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(i.level1, i.level2, i.level3) for i in project.indicators] == [
        ("产出指标", "数量指标", "签约服务人数"), ("满意度指标", "服务对象满意度指标", "居民满意度")]


def test_subtotal_rows_closing_each_level1_are_not_indicators():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "30", "30", ""],
                   ["^", "质量指标", "考核合格率", "≥90%", "95%", "20", "20", ""],
                   ["^", "小计", "<", "", "", "50", "50", ""],
                   ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "30", "30", ""],
                   ["^", "产出指标小计", "<", "", "", "30", "30", ""],
                   ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "88%", "10", "9.78", ""],
                   ["小计", "<", "<", "", "", "10", "9.78", ""],
                   ["总分", "<", "<", "<", "<", "100", "99.78", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(i.level1, i.level3) for i in project.indicators] == [
        ("产出指标", "培训人数"), ("产出指标", "考核合格率"), ("效益指标", "就业率"), ("满意度指标", "学员满意度")]
    assert (project.total_weight_stated, project.total_score_stated) == (100.0, 99.78)
    errors = [f.rule for f in check_project(project, "d:0", load_config()) if f.severity == "error"]
    assert errors == []          # 90 + 10 = 100: the 小计 points are not counted again


def test_a_subtotal_that_is_not_the_sum_of_its_indicators_is_flagged():
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "30", "30", ""],
                   ["^", "质量指标", "考核合格率", "≥90%", "95%", "20", "18", ""],
                   ["^", "小计", "<", "", "", "50", "50", ""],
                   ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "40", "40", ""],
                   ["^", "小计", "<", "", "", "40", "40", ""],
                   ["总分", "<", "<", "<", "<", "100", "98", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(s.level1, s.first_seq, s.end_seq, s.score) for s in project.subtotals] == [
        ("产出指标", 0, 2, 50.0), ("效益指标", 2, 3, 40.0)]
    flags = [f for f in check_project(project, "d:0", load_config()) if f.severity == "error"]
    assert [(f.rule, f.field, f.expected) for f in flags] == [("score_sum_mismatch", "subtotals[0].score", "48")]
    assert "产出指标小计" in flags[0].message


# ---------------------------------------------------------------- points printed for a 一级指标

L1_ROWS_HEADER = ["二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "<"]


def l1_point_rows(benefit_score="24", output="产出指标", benefit="效益指标"):
    """No 一级指标 column: each 一级指标 a row of its own printing its 分值 and 得分."""
    return HEAD + [L1_ROWS_HEADER,
                   [output, "<", "<", "<", "50", "50", "", "<"],
                   ["数量指标", "培训人数", "≥100人", "120人", "30", "30", "", "<"],
                   ["质量指标", "考核合格率", "≥90%", "95%", "20", "20", "", "<"],
                   [benefit, "<", "<", "<", "40", benefit_score, "", "<"],
                   ["社会效益指标", "就业率", "≥80%", "85%", "40", "24", "部分学员未就业", "<"],
                   ["总分", "<", "<", "<", "100", "84", "", "<"]]


def test_level1_rows_printing_points_are_headings_not_indicators():
    project = normalize_self_eval(make_table(l1_point_rows()), 0)
    assert [(i.level1, i.level2, i.level3) for i in project.indicators] == [
        ("产出指标", "数量指标", "培训人数"), ("产出指标", "质量指标", "考核合格率"), ("效益指标", "社会效益指标", "就业率")]
    assert [(s.level1, s.first_seq, s.end_seq, s.weight, s.score) for s in project.subtotals] == [
        ("产出指标", 0, 2, 50.0, 50.0), ("效益指标", 2, 3, 40.0, 24.0)]
    assert [f.rule for f in check_project(project, "d:0", load_config()) if f.severity == "error"] == []


def cost_row_without_indicators(total_score="94", last=False):
    """No 一级指标 column; a 成本指标 row printing 10 points with no indicators under it, between
    the 一级指标 groups or after the last."""
    cost = [["成本指标", "<", "<", "<", "10", "10", "", "<"]]
    return HEAD + [L1_ROWS_HEADER,
                   ["产出指标", "<", "<", "<", "50", "50", "", "<"],
                   ["数量指标", "培训人数", "≥100人", "120人", "30", "30", "", "<"],
                   ["质量指标", "考核合格率", "≥90%", "95%", "20", "20", "", "<"]] + ([] if last else cost) + [
                   ["效益指标", "<", "<", "<", "30", "24", "", "<"],
                   ["社会效益指标", "就业率", "≥80%", "85%", "30", "24", "部分学员未就业", "<"]] + (cost if last else []) + [
                   ["总分", "<", "<", "<", "100", total_score, "", "<"]]


def test_a_level1_row_with_points_and_no_indicators_counts_in_the_total():
    # 成本指标 | 10 | 10 with nothing under it (round 13, 宁波): its points dropped out of the sums
    # and 总分 100 / 94 was flagged against 80 + 10 / 74 + 10
    for last in (False, True):
        project = normalize_self_eval(make_table(cost_row_without_indicators(last=last)), 0)
        assert [i.level3 for i in project.indicators] == ["培训人数", "考核合格率", "就业率"]
        cost = [s for s in project.subtotals if s.level1 == "成本指标"]
        assert [(s.standalone, s.weight, s.score) for s in cost] == [(True, 10.0, 10.0)]
        assert [f.rule for f in check_project(project, "d:0", load_config()) if f.severity == "error"] == []


def test_a_total_missing_the_standalone_level1_points_is_still_flagged():
    project = normalize_self_eval(make_table(cost_row_without_indicators(total_score="84")), 0)
    flags = [f for f in check_project(project, "d:0", load_config()) if f.severity == "error"]
    assert [(f.rule, f.stated, f.expected) for f in flags] == [("score_sum_mismatch", "84", "94")]


def test_level1_row_points_not_the_sum_of_its_indicators_are_flagged():
    project = normalize_self_eval(make_table(l1_point_rows(benefit_score="25")), 0)
    flags = [f for f in check_project(project, "d:0", load_config()) if f.severity == "error"]
    assert [(f.rule, f.field, f.stated, f.expected) for f in flags] == [
        ("score_sum_mismatch", "subtotals[1].score", "25", "24")]
    assert "效益指标" in flags[0].message


def test_level1_label_points_are_checked_against_its_indicators():
    rows = HEAD + [IND_HEADER,
                   ["产出指标（50分）", "数量指标", "培训人数", "≥100人", "120人", "25", "25", ""],
                   ["^", "质量指标", "考核合格率", "≥90%", "95%", "20", "20", ""],
                   ["效益指标（40分）", "社会效益指标", "就业率", "≥80%", "85%", "45", "45", ""],
                   ["总分", "<", "<", "<", "<", "100", "100", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [i.level1 for i in project.indicators] == ["产出指标", "产出指标", "效益指标"]
    flags = [f for f in check_project(project, "d:0", load_config()) if f.severity == "error"]
    assert [(f.rule, f.stated, f.expected) for f in flags] == [
        ("weight_sum_mismatch", "50", "45"), ("weight_sum_mismatch", "40", "45")]
    assert "产出指标（50分）标注 50" in flags[0].message


def test_level1_label_points_repeated_on_every_row_sum_the_whole_run():
    rows = HEAD + [IND_HEADER,
                   ["产出指标（50分）", "数量指标", "培训人数", "≥100人", "120人", "30", "30", ""],
                   ["产出指标（50分）", "质量指标", "考核合格率", "≥90%", "95%", "20", "20", ""],
                   ["效益指标（40分）", "社会效益指标", "就业率", "≥80%", "85%", "40", "40", ""],
                   ["总分", "<", "<", "<", "<", "100", "100", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(s.first_seq, s.end_seq, s.weight) for s in project.subtotals] == [(0, 2, 50.0), (2, 3, 40.0)]
    assert [f.rule for f in check_project(project, "d:0", load_config()) if f.severity == "error"] == []


def test_numbered_level1_rows_printing_points_are_headings_too():
    project = normalize_self_eval(make_table(l1_point_rows(output="一、产出指标", benefit="二、效益指标")), 0)
    assert [i.level3 for i in project.indicators] == ["培训人数", "考核合格率", "就业率"]
    assert [(s.first_seq, s.end_seq, s.weight) for s in project.subtotals] == [(0, 2, 50.0), (2, 3, 40.0)]


def test_level2_label_points_are_checked_against_its_indicators():
    rows = HEAD + [IND_HEADER,
                   ["产出指标（50分）", "数量指标（30分）", "培训人数", "≥100人", "120人", "20", "20", ""],
                   ["^", "^", "培训场次", "≥10场", "12场", "5", "5", ""],
                   ["^", "质量指标（20分）", "考核合格率", "≥90%", "95%", "25", "25", ""],
                   ["效益指标（40分）", "社会效益指标", "就业率", "≥80%", "85%", "40", "40", ""],
                   ["总分", "<", "<", "<", "<", "100", "100", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    flags = [f for f in check_project(project, "d:0", load_config()) if f.severity == "error"]
    assert sorted((f.rule, f.stated, f.expected) for f in flags) == [
        ("weight_sum_mismatch", "20", "25"), ("weight_sum_mismatch", "30", "25")]
    assert any("数量指标（30分）标注 30" in f.message for f in flags)


def test_full_marks_in_words_is_the_rows_weight():
    # 得分 printed 满分: read as no score, it silently switched the 总分 得分 check off
    rows = HEAD + [IND_HEADER,
                   ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "50", "满分", ""],
                   ["^", "质量指标", "考核合格率", "≥90%", "95%", "40", "满分（40分）", ""],
                   ["总分", "<", "<", "<", "<", "100", "90", ""]]
    project = normalize_self_eval(make_table(rows), 0)
    assert [(i.score_raw, i.score) for i in project.indicators] == [("满分", 50.0), ("满分（40分）", 40.0)]
    flags = [f for f in check_project(project, "d:0", load_config()) if f.severity == "error"]
    assert [(f.rule, f.stated, f.expected) for f in flags] == [("score_sum_mismatch", "90", "100")]
