"""Every table validator: a record that breaks the rule is flagged, one that keeps it is not."""
from __future__ import annotations

import copy
import dataclasses

import pytest

from jixiao.normalize.records import CellRef, FundingLine, Indicator, NormalizedDocument, Project
from jixiao.normalize.self_eval import normalize_self_eval
from jixiao.validate.config import load_config
from jixiao.validate.document_rules import check_document
from jixiao.validate.project_rules import check_project, half_unit
from test_self_eval_fixtures import anhui_table, central_table, sichuan_table

CONFIG = load_config()


def rules_of(flags, severity=None):
    return sorted({f.rule for f in flags if severity is None or f.severity == severity})


def flags_for(project, rule):
    return [f for f in check_project(project, "doc:0", CONFIG) if f.rule == rule]


@pytest.fixture
def central():
    return normalize_self_eval(central_table(page=3), 0)


@pytest.fixture
def sichuan():
    return normalize_self_eval(sichuan_table(page=1), 0)


@pytest.fixture
def anhui():
    return normalize_self_eval(anhui_table(), 0)


def test_clean_templates_have_no_errors(sichuan, anhui):
    assert rules_of(check_project(sichuan, "d:0", CONFIG), "error") == []
    assert rules_of(check_project(anhui, "d:0", CONFIG), "error") == []


# ---------------------------------------------------------------- exec_rate_mismatch

def test_exec_rate_bare_10_is_a_mismatch(central):
    flags = flags_for(central, "exec_rate_mismatch")
    assert len(flags) == 1
    f = flags[0]
    assert f.severity == "error" and f.project_id == "doc:0" and f.field == "exec_rate_stated"
    assert f.message == "执行率印为“10”，按全年执行数/全年预算数 1.408/1.408 计算应为 100%"
    assert (f.stated, f.expected) == ("10", "100%")
    assert (f.page, f.table_index, f.row, f.col) == (3, 0, 4, 7) and f.x0 is not None


def test_exec_rate_ok(central):
    for raw in ("100%", "100", "100.00%"):
        p = copy.deepcopy(central)
        p.exec_rate_stated_raw = p.funding[0].exec_rate_raw = raw
        assert flags_for(p, "exec_rate_mismatch") == [], raw


def test_exec_rate_rounding_tolerance(sichuan):
    assert flags_for(sichuan, "exec_rate_mismatch") == []           # 110/120 = 91.666..% printed 91.67%
    sichuan.exec_rate_stated_raw = "91.5%"
    assert flags_for(sichuan, "exec_rate_mismatch")[0].expected == "91.67%"


def test_exec_rate_on_funding_line(sichuan):
    sichuan.funding[1].exec_rate_raw = "90%"     # 95/100
    flags = flags_for(sichuan, "exec_rate_mismatch")
    assert [f.field for f in flags] == ["funding.fiscal.exec_rate"]


# ---------------------------------------------------------------- overspend

def test_overspend(sichuan):
    assert flags_for(sichuan, "overspend") == []
    sichuan.executed = 130.0
    flags = flags_for(sichuan, "overspend")
    assert flags and flags[0].severity == "error" and "超过全年预算数 120" in flags[0].message


# ---------------------------------------------------------------- budget_score_mismatch

def test_budget_score(sichuan):
    assert flags_for(sichuan, "budget_score_mismatch") == []        # 110/120 × 10 = 9.17
    sichuan.budget_score = 10.0
    sichuan.budget_score_raw = "10"
    flags = flags_for(sichuan, "budget_score_mismatch")
    assert flags and flags[0].expected == "9.17"


def test_budget_score_uses_recomputed_rate(central):
    assert flags_for(central, "budget_score_mismatch") == []        # printed rate 10 is wrong, 得分 10 right


# ---------------------------------------------------------------- weight / score sums

def test_weight_and_score_sum_indicator_only_total(central):
    assert flags_for(central, "weight_sum_mismatch") == [] and flags_for(central, "score_sum_mismatch") == []
    central.indicators[0].weight, central.indicators[0].score = 10.0, 10.0   # 80 / 75 against 90 / 85
    w, s = flags_for(central, "weight_sum_mismatch"), flags_for(central, "score_sum_mismatch")
    assert w[0].message == ("总分只计绩效指标（总分分值 90 加预算执行分值 10 为满分 100）："
                            "指标分值合计 10+15+20+10+15+10=80，总分一栏印 90")
    assert s[0].message.endswith("：指标得分合计 10+15+17+10+15+8=75，总分得分印 85")
    assert (w[0].severity, s[0].severity) == ("error", "error")
    assert w[0].row == 17 and w[0].col == 6


def test_total_of_90_is_not_indicators_plus_budget(central):
    """Gold: indicators 80 + budget 10 = 90 printed 总分 90 is still a mismatch (02/06/07)."""
    central.indicators[0].weight = 10.0
    assert flags_for(central, "weight_sum_mismatch")


def test_full_scale_total_includes_budget(sichuan, anhui):
    # 合计 100 = indicators 90 + budget 10; scores 89 + 9.17 = 98.17
    assert flags_for(sichuan, "weight_sum_mismatch") == [] and flags_for(sichuan, "score_sum_mismatch") == []
    assert flags_for(anhui, "weight_sum_mismatch") == [] and flags_for(anhui, "score_sum_mismatch") == []
    sichuan.total_score_stated = 99.0
    sichuan.total_score_raw = "99"
    message = flags_for(sichuan, "score_sum_mismatch")[0].message
    assert message.startswith("总分含预算执行部分") and "加预算执行得分 9.17 为 98.17" in message


def test_template_override_forces_budget_in_total(central):
    config = load_config(template="sichuan")
    # 90 printed, indicators 90: with the budget part forced in, expected 100
    flags = [f for f in check_project(central, "d:0", config) if f.rule == "weight_sum_mismatch"]
    assert flags and flags[0].expected == "100"


# ---------------------------------------------------------------- score_exceeds_weight

def test_score_exceeds_weight(central):
    assert flags_for(central, "score_exceeds_weight") == []
    central.indicators[3].score = 12.0      # qualitative (—/—)
    flags = flags_for(central, "score_exceeds_weight")
    assert len(flags) == 1 and "定性" in flags[0].message and flags[0].field == "indicators[3].score"


# ---------------------------------------------------------------- funding_sum_mismatch

def test_funding_sum(sichuan, central):
    assert flags_for(sichuan, "funding_sum_mismatch") == []
    assert flags_for(central, "funding_sum_mismatch") == []          # parts all blank: nothing to check
    sichuan.funding[2].executed = 9.0
    flags = flags_for(sichuan, "funding_sum_mismatch")
    assert [f.field for f in flags] == ["funding.total.executed"] and flags[0].expected == "111"


# ---------------------------------------------------------------- missing_field

def test_missing_field_is_a_warning(central):
    assert flags_for(central, "missing_field") == []
    central.executed = None
    flags = flags_for(central, "missing_field")
    assert [(f.severity, f.field) for f in flags] == [("warning", "executed")]


# ---------------------------------------------------------------- proportional scores (warnings)

def test_indicator_score_mismatch_on_seed_values(central):
    flags = {f.field: f for f in flags_for(central, "indicator_score_mismatch")}
    assert flags["indicators[2].score"].expected == "18"            # 支出进度 90/100 × 20, printed 17
    assert flags["indicators[4].score"].expected == "14.77"         # 活动参与人数 640/650 × 15, printed 15
    assert all(f.severity == "warning" for f in flags.values())
    assert "indicators[0].score" not in flags                       # 12/12 full marks


def test_reverse_indicator(sichuan):
    assert flags_for(sichuan, "indicator_score_mismatch") == []     # ≤500 with 450: full marks
    sichuan.indicators[2].actual_raw = "625"                        # 500/625 × 10 = 8
    flags = flags_for(sichuan, "indicator_score_mismatch")
    assert flags and flags[0].expected == "8" and "反向" in flags[0].message


def test_target_missed_full_score(central, sichuan):
    flags = flags_for(central, "target_missed_full_score")
    assert [f.field for f in flags] == ["indicators[4].score"]      # 640 < 650, 15 of 15
    assert flags_for(sichuan, "target_missed_full_score") == []


def test_operator_inconsistent(sichuan):
    assert flags_for(sichuan, "operator_inconsistent") == []
    sichuan.indicators[2].actual_raw = "650"                        # ≤500 exceeded, still 10 of 10
    flags = flags_for(sichuan, "operator_inconsistent")
    assert flags and flags[0].severity == "warning"


def test_proportional_rules_skip_qualitative_and_mixed_units(central):
    central.indicators[0].target_raw, central.indicators[0].actual_raw = "12场", "95%"
    central.indicators[1].target_raw = "优良中差等"
    fields = {f.field for f in flags_for(central, "indicator_score_mismatch")}
    assert "indicators[0].score" not in fields and "indicators[1].score" not in fields


# ---------------------------------------------------------------- OCR confidence

def test_low_confidence_money_rule_not_raised_and_cell_reported():
    """An uncertain OCR reading (the reader's re-read did not confirm it) raises no
    exec_rate_mismatch / overspend (settings.uncertain_suppress); the cell is reported."""
    table = central_table(page=2)
    for cell in table.cells:
        if (cell.row, cell.col) == (4, 7):       # the printed 执行率 `10`
            cell.confidence = 0.55
    project = normalize_self_eval(table, 0)
    flags = check_project(project, "d:0", CONFIG)
    assert not [f for f in flags if f.rule == "exec_rate_mismatch"]
    low = [f for f in flags if f.rule == "ocr_low_confidence"]
    assert [(f.severity, f.row, f.col) for f in low] == [("info", 4, 7)]


def test_low_confidence_other_rules_downgraded_with_one_wording():
    from jixiao.validate.flag import UNCERTAIN_NOTE
    table = central_table(page=2)
    for cell in table.cells:
        if (cell.row, cell.col) == (4, 7):
            cell.confidence = 0.55
    config = CONFIG
    quiet = config.settings.get("uncertain_suppress")
    config.settings["uncertain_suppress"] = []
    try:
        flags = check_project(normalize_self_eval(table, 0), "d:0", config)
    finally:
        config.settings["uncertain_suppress"] = quiet
    rate = [f for f in flags if f.rule == "exec_rate_mismatch"]
    assert rate and rate[0].severity == "warning" and rate[0].uncertain
    assert rate[0].message.endswith(UNCERTAIN_NOTE)


def test_high_confidence_keeps_error():
    table = central_table(page=2)
    for cell in table.cells:
        cell.confidence = 0.97
    flags = check_project(normalize_self_eval(table, 0), "d:0", CONFIG)
    assert [f.severity for f in flags if f.rule == "exec_rate_mismatch"] == ["error"]
    assert not [f for f in flags if f.rule == "ocr_low_confidence"]


# ---------------------------------------------------------------- document rules

def test_duplicate_project_conflict(sichuan):
    doc = NormalizedDocument(doc_id="d", projects=[sichuan, dataclasses.replace(copy.deepcopy(sichuan), table_index=1)])
    assert check_document(doc, CONFIG) == []
    doc.projects[1].executed = 100.0
    flags = check_document(doc, CONFIG)
    assert [(f.rule, f.project_id, f.field) for f in flags] == [("duplicate_project_conflict", "d:1", "executed")]


def test_department_total_mismatch(sichuan):
    from jixiao.normalize.records import Fact
    doc = NormalizedDocument(doc_id="d", projects=[sichuan])
    doc.facts = [Fact(seq=0, kind="department_budget", value=200.0, value_raw="200", unit="万元", sentence="…")]
    assert check_document(doc, CONFIG) == []
    doc.facts[0].value, doc.facts[0].value_raw = 100.0, "100"
    assert rules_of(check_document(doc, CONFIG)) == ["department_total_mismatch"]


# ---------------------------------------------------------------- config, tolerance, catalog

def test_half_unit():
    assert half_unit("17") == 0.5 and half_unit("1.408") == pytest.approx(0.0005)
    assert half_unit("100%", percent_as_fraction=True) == pytest.approx(0.005)


def test_config_override_file(tmp_path, central):
    path = tmp_path / "region.toml"
    path.write_text('[rules.exec_rate_mismatch]\nseverity = "warning"\n[rules.overspend]\nenabled = false\n',
                    encoding="utf-8")
    config = load_config(path)
    assert config.severity("exec_rate_mismatch") == "warning" and not config.enabled("overspend")
    assert config.severity("weight_sum_mismatch") == "error"
    assert [f.severity for f in check_project(central, "d:0", config) if f.rule == "exec_rate_mismatch"] == ["warning"]


def test_unknown_template_is_an_error():
    with pytest.raises(KeyError):
        load_config(template="atlantis")


def test_catalog_covers_every_rule_and_docs_say_the_same():
    from pathlib import Path
    from jixiao.validate.catalog import CATALOG, render_markdown
    from jixiao.validate.document_rules import DOCUMENT_RULES
    from jixiao.validate.project_rules import PROJECT_RULES
    ids = {r.id for r in CATALOG}
    assert set(PROJECT_RULES) | set(DOCUMENT_RULES) <= ids
    for required in ("exec_rate_mismatch", "overspend", "budget_score_mismatch", "weight_sum_mismatch",
                     "score_sum_mismatch", "score_exceeds_weight", "funding_sum_mismatch", "narrative_overspend",
                     "grade_mismatch", "panel_sum_mismatch", "missing_field"):
        assert required in ids
    docs = (Path(__file__).resolve().parents[1] / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert render_markdown(load_config()) in docs


def test_jixiao_rules_verb(capsys):
    from jixiao.cli import main
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "exec_rate_mismatch" in out and "tolerance" in out
    assert main(["rules", "--json"]) == 0
    import json
    rows = json.loads(capsys.readouterr().out)
    assert {"id", "severity", "recomputes", "tolerance", "example"} <= set(rows[0])


def test_exec_rate_printed_as_fraction(sichuan):
    sichuan.exec_rate_stated_raw = "0.92"        # 110/120 = 0.9167, printed to 2 decimals
    assert flags_for(sichuan, "exec_rate_mismatch") == []
    sichuan.exec_rate_stated_raw = "0.95"
    assert flags_for(sichuan, "exec_rate_mismatch")


def test_money_unit_suspect():
    from test_self_eval_fixtures import ANHUI_ROWS, make_table
    rows = [list(r) for r in ANHUI_ROWS]
    rows[2][0] = "项目资金"
    in_wan = normalize_self_eval(make_table(rows), 0)
    flags = flags_for(in_wan, "money_unit_suspect")
    assert flags and flags[0].severity == "warning" and flags[0].expected == "120"
    assert flags_for(normalize_self_eval(anhui_table(), 0), "money_unit_suspect") == []


def test_score_total_without_weight_total_accepts_either_reading(sichuan):
    sichuan.total_weight_stated = None
    assert flags_for(sichuan, "score_sum_mismatch") == []           # 98.17 = 89 + 9.17
    sichuan.total_score_stated = 89.0
    assert flags_for(sichuan, "score_sum_mismatch") == []           # = indicators only
    sichuan.total_score_stated = 95.0
    assert flags_for(sichuan, "score_sum_mismatch")


# ---------------------------------------------------------------- grade_mismatch (自评表)

def _graded(grade, score, score_raw=None, weight=100.0):
    ref = CellRef(page=2, table_index=0, row=20, col=3)
    return Project(table_index=0, grade=grade, total_score_stated=score,
                   total_score_raw=score_raw or str(score), total_weight_stated=weight,
                   refs={"grade": ref})


@pytest.mark.parametrize("grade, score, raw, weight, expected", [
    ("优", 85.0, "85", 100.0, "良"),          # a 良 score graded 优
    ("良好", 95.5, "95.5", 100.0, "优"),      # the long grade word
    ("“中”", 59.0, "59", 100.0, "差"),        # quoted, below 60
    ("优", 45.0, "45", 50.0, "优"),           # a 50-point 总分: 45/50 = 90 on 100 -> 优, no flag
    ("优", 38.0, "38", 50.0, "中"),           # 38/50 = 76 -> 中
])
def test_table_grade_vs_total_score(grade, score, raw, weight, expected):
    flags = flags_for(_graded(grade, score, raw, weight), "grade_mismatch")
    if grade.strip("“”").startswith(expected):
        assert flags == []
    else:
        assert len(flags) == 1
        f = flags[0]
        assert (f.expected, f.field, f.project_id, f.row, f.col) == (expected, "grade", "doc:0", 20, 3)
        assert f.severity == "error" and "应为" in f.message


@pytest.mark.parametrize("grade, score, raw, weight", [
    ("良", 89.6, "89.6", 100.0),   # consistent
    ("良", 90.0, "90", 100.0),     # a printed 90 may be 89.5: on the band edge, not contradicted
    ("合格", 95.0, "95", 100.0),   # a two-band scale: not checked
    ("优", None, None, 100.0),      # no score
    ("优", 120.0, "120", None),     # no 100-point scale and nothing to scale by
    (None, 70.0, "70", 100.0),      # no grade row
])
def test_table_grade_not_flagged(grade, score, raw, weight):
    assert flags_for(_graded(grade, score, raw, weight), "grade_mismatch") == []
