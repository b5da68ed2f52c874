"""The printed 自评等级 (validate/grades.py) and grade_mismatch on it."""
from __future__ import annotations

import pytest

from jixiao.normalize.self_eval import normalize_self_eval
from jixiao.validate.config import load_config
from jixiao.validate.grades import grade_word
from jixiao.validate.project_rules import check_project
from test_self_eval_fixtures import make_table


@pytest.mark.parametrize("text,grade", [
    ("优", "优"), ("良好", "良"), ("“中”", "中"),
    ("优（90分及以上）", "优"), ("良(80-90分)", "良"),                  # the band printed beside the word
    ("☑优 □良 □中 □差", "优"), ("□优 ☑良 □中 □差", "良"), ("■优□良□中□差", "优"), ("√良", "良"),
    ("□优 □良 □中 □差", None), ("☑优 ☑良 □中 □差", None),            # no box ticked, or two
    ("优 良 中 差", None), ("合格", None), ("", None),
    ("A", "优"), ("B级", "良"), ("Ｃ", "中"), ("d", "差"), ("A（90分及以上）", "优"),   # letter grades
    ("AB", None), ("E", None), ("□A ☑B □C □D", "良"), ("√A □B □C □D", "优"),
])
def test_grade_word(text, grade):
    assert grade_word(text) == grade


def _table(grade: str, total: str):
    rows = [
        ["项目名称", "<", "某补助", "<", "<", "<", "<", "<"],
        ["主管部门", "<", "县局", "<", "实施单位", "县中心", "<", "<"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["^", "年度资金总额", "50", "50", "50", "10", "100%", "10"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "90", total, ""],
        ["总分", "<", "<", "<", "<", "100", str(10 + float(total)), ""],
        ["自评等级", "<", "<", "<", "<", grade, "<", "<"],
    ]
    return normalize_self_eval(make_table(rows), 0)


@pytest.mark.parametrize("grade,total,flagged", [
    ("☑优 □良 □中 □差", "75", True), ("□优 ☑良 □中 □差", "75", False),
    ("优（90分及以上）", "75", True), ("优（90分及以上）", "85", False),
    ("B", "85", True), ("B级", "75", False), ("A", "85", False),       # B (良) beside 95 points
])
def test_grade_mismatch_reads_ticked_boxes_and_bands(grade, total, flagged):
    flags = [f for f in check_project(_table(grade, total), "d:0", load_config()) if f.rule == "grade_mismatch"]
    assert bool(flags) == flagged
