"""What a 总分 adds up (validate/scale.py): decided from the 100-point scale, else the document's
majority, else either reading is accepted — and the sum rules flag whatever the reading."""
from __future__ import annotations

import pytest

from jixiao.normalize.records import Indicator, NormalizedDocument, Project
from jixiao.validate import validate_document
from jixiao.validate.config import load_config
from jixiao.validate.project_rules import check_project, fmt
from jixiao.validate.scale import document_majority, document_readings, scale_reading, table_reading

CONFIG = load_config()


def project(weights, scores, budget_weight, budget_score, total_weight, total_score, table_index=0):
    inds = [Indicator(seq=k, level3=f"指标{k}", weight=float(w), score=float(s), weight_raw=fmt(w), score_raw=fmt(s))
            for k, (w, s) in enumerate(zip(weights, scores))]
    return Project(table_index=table_index, project_name=f"项目{table_index}", year=2022,
                   budget_weight=budget_weight, budget_score=budget_score,
                   budget_weight_raw=None if budget_weight is None else fmt(budget_weight),
                   budget_score_raw=None if budget_score is None else fmt(budget_score),
                   total_weight_stated=total_weight, total_score_stated=total_score,
                   total_weight_raw=None if total_weight is None else fmt(total_weight),
                   total_score_raw=None if total_score is None else fmt(total_score), indicators=inds)


def errors(p, reading=None):
    return {f.rule: f for f in check_project(p, "d:0", CONFIG, reading) if f.severity == "error"}


# ---------------------------------------------------------------- the three readings

def test_total_of_100_counts_the_budget_part():
    """Indicators 90 + budget 10 under 总分 100 (Sichuan, Shanghai): consistent."""
    p = project([30, 30, 30], [30, 28, 30], 10.0, 8.62, 100.0, 96.62)
    assert scale_reading(p).includes_budget is True
    assert errors(p) == {}


def test_total_of_90_beside_a_10_point_budget_is_the_indicators_alone():
    """Indicators 90, budget 10, 总分 90 (the central template): consistent."""
    p = project([40, 30, 20], [40, 25, 20], 10.0, 10.0, 90.0, 85.0)
    assert scale_reading(p).includes_budget is False
    assert errors(p) == {}


def test_indicators_100_beside_a_10_point_budget_under_100_is_a_scale_of_110():
    p = project([50, 30, 20], [50, 30, 20], 10.0, 10.0, 100.0, 100.0)
    found = errors(p)
    assert set(found) == {"weight_sum_mismatch", "score_sum_mismatch"}
    w = found["weight_sum_mismatch"]
    assert w.message.startswith("总分含预算执行部分（总分分值 100 为满分，含预算执行分值 10）")
    assert "加预算执行分值 10 为 110" in w.message and (w.stated, w.expected) == ("100", "110")
    assert found["score_sum_mismatch"].expected == "110"


def test_weights_80_plus_budget_10_under_90_is_flagged_although_80_plus_10_is_90():
    p = project([40, 40], [40, 40], 10.0, 10.0, 90.0, 90.0)
    found = errors(p)
    assert set(found) == {"weight_sum_mismatch", "score_sum_mismatch"}
    assert found["weight_sum_mismatch"].message.startswith("总分只计绩效指标（总分分值 90 加预算执行分值 10 为满分 100）")
    assert found["weight_sum_mismatch"].expected == "80"


def test_budget_line_given_the_whole_100_points():
    """分值 100 / 得分 98 on the budget line (the table's total typed into it): the budget score is
    wrong, and the scale decides nothing."""
    p = project([20, 10, 10, 10, 10, 10], [18, 10, 10, 10, 10, 10], 100.0, 98.0, None, None)
    p.budget_adjusted, p.executed, p.budget_adjusted_raw, p.executed_raw = 150.0, 125.25, "150", "125.25"
    p.budget_score_raw = "98"
    assert scale_reading(p) is None
    found = errors(p)
    assert set(found) == {"budget_score_mismatch"}
    flag = found["budget_score_mismatch"]
    assert flag.message.startswith("预算执行一行分值印 100，占了全表满分 100，而绩效指标另有分值合计 70")
    assert "得分 98 也应为 83.5" in flag.message and (flag.field, flag.stated, flag.expected) == ("budget_weight", "100", "30")
    p.budget_score, p.budget_score_raw = 83.5, "83.5"          # the score right for 100 points: still flagged
    assert "得分" not in errors(p)["budget_score_mismatch"].message.split("；")[-1][:4]
    assert set(errors(p)) == {"budget_score_mismatch"}


# ---------------------------------------------------------------- undecided tables

def test_total_score_with_the_budget_part_is_no_error_when_the_table_does_not_say():
    """总分 分值 blank: 得分 = budget 得分 + Σ 得分 is accepted, so is Σ 得分 alone."""
    with_budget = project([30, 30, 30], [30, 28, 30], 10.0, 9.0, None, 97.0)
    alone = project([30, 30, 30], [30, 28, 30], 10.0, 9.0, None, 88.0)
    assert table_reading(with_budget, CONFIG).includes_budget is None
    assert errors(with_budget) == {} and errors(alone) == {}
    broken = project([30, 30, 30], [30, 28, 30], 10.0, 9.0, None, 93.0)
    message = errors(broken)["score_sum_mismatch"].message
    assert message.startswith("总分只计绩效指标（本表未印满分依据）")


def test_document_majority_names_the_reading_of_an_undecided_table():
    decided = [project([30, 30, 30], [30, 30, 30], 10.0, 10.0, 100.0, 100.0, table_index=k) for k in (0, 1)]
    undecided = project([30, 30, 30], [30, 28, 30], 10.0, 9.0, None, 93.0, table_index=2)
    doc = NormalizedDocument(doc_id="d", projects=[*decided, undecided])
    assert document_majority(doc.projects, CONFIG) is True
    reading = document_readings(doc.projects, CONFIG)[2]
    assert (reading.includes_budget, reading.fallback) == (None, True)
    flags = [f for f in validate_document(doc) if f.rule == "score_sum_mismatch"]
    assert [f.project_id for f in flags] == ["d:2"]
    assert flags[0].message.startswith("总分含预算执行部分（本表未印满分依据，按本文件多数表格的读法（总分含预算执行部分））")
    assert flags[0].expected == "97"


def test_majority_from_sums_when_no_table_prints_its_scale():
    a = project([30, 30], [30, 30], 10.0, 10.0, None, 70.0, table_index=0)     # 60 + 10
    b = project([20, 20], [20, 18], 10.0, 10.0, None, 48.0, table_index=1)     # 38 + 10
    c = project([20, 20], [20, 20], 10.0, 10.0, None, 40.0, table_index=2)     # 40 alone
    assert document_majority([a, b, c], CONFIG) is True


@pytest.mark.parametrize("mode,includes", [("yes", True), ("no", False)])
def test_config_forces_a_reading(mode, includes):
    from jixiao.validate.config import Config
    config = Config(rules={"weight_sum_mismatch": {"total_includes_budget": mode}})
    p = project([30, 30, 30], [30, 30, 30], 10.0, 10.0, 90.0, 90.0)
    assert table_reading(p, config).includes_budget is includes


def test_star_sub_rows_are_left_out_of_the_sums():
    p = project([60, 30], [60, 30], 10.0, 10.0, 100.0, 100.0)
    p.indicators.append(Indicator(seq=2, level3="其中：鱼塘养殖面积", target_raw="100亩", actual_raw="100亩",
                                  parent_row=0))
    assert errors(p) == {}
