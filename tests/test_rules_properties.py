"""Property tests: a self-consistent project never draws an error, and breaking one sum always does."""
from __future__ import annotations

from hypothesis import assume, given, settings, strategies as st

from jixiao.normalize.records import FundingLine, Indicator, Project
from jixiao.validate.config import load_config
from jixiao.validate.project_rules import check_project, fmt, half_unit

CONFIG = load_config()

money = st.decimals(min_value="0.01", max_value="99999.99", places=2).map(float)
points = st.integers(min_value=1, max_value=40)


@st.composite
def consistent_projects(draw):
    budget = draw(money)
    executed = round(budget * draw(st.floats(min_value=0, max_value=1)), 2)
    rate = executed / budget
    weights = draw(st.lists(points, min_size=1, max_size=12))
    scores = [draw(st.integers(min_value=0, max_value=w)) for w in weights]
    budget_weight = draw(st.sampled_from([None, 10.0, 20.0]))
    budget_score = round(min(rate, 1.0) * budget_weight, 2) if budget_weight else None
    include_budget = budget_weight is not None and draw(st.booleans()) and sum(weights) + budget_weight == 100
    # a 总分 of 100 beside a budget 分值 is the whole scale and must count the budget part
    assume(not (budget_weight and not include_budget and sum(weights) == 100))
    total_w = sum(weights) + (budget_weight if include_budget else 0)
    total_s = sum(scores) + (budget_score if include_budget else 0)
    rate_raw = f"{rate * 100:.2f}%"
    indicators = [Indicator(seq=i, level3=f"指标{i}", target_raw=None, actual_raw=None, weight=float(w),
                            score=float(s), weight_raw=str(w), score_raw=str(s))
                  for i, (w, s) in enumerate(zip(weights, scores))]
    fiscal = round(budget * draw(st.floats(min_value=0, max_value=1)), 2)
    funding = [FundingLine("total", "年度资金总额", budget, budget, executed, str(budget), str(budget), str(executed),
                           exec_rate_raw=rate_raw),
               FundingLine("fiscal", "其中：当年财政拨款", fiscal, fiscal, None, str(fiscal), str(fiscal), None),
               FundingLine("other", "其他资金", round(budget - fiscal, 2), round(budget - fiscal, 2), None)]
    return Project(table_index=0, project_name="某项目", year=2024, budget_initial=budget, budget_adjusted=budget,
                   executed=executed, budget_adjusted_raw=str(budget), executed_raw=str(executed),
                   exec_rate_stated=rate, exec_rate_stated_raw=rate_raw,
                   budget_weight=budget_weight, budget_score=budget_score,
                   budget_score_raw=None if budget_score is None else fmt(budget_score),
                   total_weight_stated=float(total_w), total_score_stated=float(round(total_s, 2)),
                   total_weight_raw=fmt(total_w), total_score_raw=fmt(round(total_s, 2)),
                   funding=funding, indicators=indicators)


def _matches_a_reading(project, column) -> bool:
    """The broken total still equals one of the two sums (indicators alone or with the budget
    part): a table whose scale does not say which is accepted under either."""
    total = getattr(project, f"total_{column}_stated")
    tolerance = max(0.01, half_unit(fmt(total))) + 1e-6     # the rules' tolerance: half a printed unit
    ind = sum(getattr(i, column) for i in project.indicators)
    part = getattr(project, f"budget_{column}")
    return abs(total - ind) <= tolerance or (part is not None and abs(total - ind - part) <= tolerance)


@settings(max_examples=200, deadline=None)
@given(consistent_projects())
def test_consistent_project_has_no_errors(project):
    errors = [f for f in check_project(project, "d:0", CONFIG) if f.severity == "error"]
    assert errors == []


@settings(max_examples=100, deadline=None)
@given(consistent_projects(), st.integers(min_value=1, max_value=9))
def test_breaking_the_score_total_is_an_error(project, delta):
    project.total_score_stated += delta
    assume(not _matches_a_reading(project, "score"))
    project.total_score_raw = fmt(project.total_score_stated)
    rules = {f.rule for f in check_project(project, "d:0", CONFIG) if f.severity == "error"}
    assert "score_sum_mismatch" in rules


@settings(max_examples=100, deadline=None)
@given(consistent_projects(), st.integers(min_value=1, max_value=9))
def test_breaking_the_weight_total_is_an_error(project, delta):
    project.total_weight_stated += delta
    assume(not _matches_a_reading(project, "weight"))
    project.total_weight_raw = fmt(project.total_weight_stated)
    rules = {f.rule for f in check_project(project, "d:0", CONFIG) if f.severity == "error"}
    assert "weight_sum_mismatch" in rules
