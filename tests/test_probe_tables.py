"""The held-out probe's tables (tests/fixtures/probe_tables.py) read end to end from the two
renderings that need no outside program (python-docx, HTML): every gold field, indicator row
and expected flag. The PDF, spreadsheet and scan renderings are made by make_probe_tables.py
(LibreOffice, Chromium) and scored with shared/bench/score.py; this keeps the cases that
found general faults (a table split in two or three, 自评得分 as the total row, a 部门整体
支出绩效自评表 beside a project table, a table printing no money unit, head and column wordings of
other templates, 一级指标 printed as full-width rows, a missed date deadline or zero target given
full marks; 小计 rows, 其中 lines nested under 财政拨款, a target missed across 万, a 次年 deadline,
a grade ticked in boxes; a 年底前 deadline, a target in ㎡ against 平方米; （1）-numbered lines under
财政拨款, a strict ＞95% equalled, 536。25, a letter grade, 一级指标 points in labels and in rows of
their own) from coming back."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

import jixiao  # noqa: E402
import make_probe_tables as render  # noqa: E402
import probe_tables as pt  # noqa: E402

CASES = [pt.P06, pt.P11, pt.P12, pt.Q02, pt.Q04, pt.S01, pt.S02, pt.T01, pt.T02, pt.T04, pt.U03, pt.W02,
         pt.X08, pt.X09, pt.X13, pt.X15, pt.X17, pt.Y07, pt.Y08, pt.Y09, pt.Y10, pt.Y11,
         pt.Z05, pt.Z07, pt.AA01, pt.AA02, pt.AA04]
PROJECT_FIELDS = ("project_name", "competent_dept", "implementing_unit", "budget_initial", "budget_adjusted",
                  "executed", "exec_rate_stated_raw", "budget_weight", "budget_score", "total_weight_stated",
                  "total_score_stated", "goal_planned", "goal_actual")
INDICATOR_FIELDS = ("level3", "target_raw", "actual_raw", "weight", "score")


def _same(gold, out) -> bool:
    if gold is None or (isinstance(gold, float) and math.isnan(gold)):
        return out is None or (isinstance(out, float) and math.isnan(out))
    if isinstance(gold, float):
        return out is not None and abs(float(out) - gold) <= 0.005
    return "".join(str(out).split()) == "".join(str(gold).split())


@pytest.mark.parametrize("kind", ["docx", "html"])
@pytest.mark.parametrize("probe", CASES, ids=[p.stem.split("-")[0] for p in CASES])
def test_probe_table_reads_as_its_gold(probe, kind, tmp_path):
    path = tmp_path / f"{probe.stem}.{kind}"
    (render.write_docx if kind == "docx" else render.write_html)(probe, path)
    doc = jixiao.read(path)
    projects = doc.projects.sort_values("table_index").to_dict("records")
    golds = [pt.gold_project(q) for q in render.projects_of(probe)]
    assert [p["project_name"] for p in projects] == [g["project_name"] for g in golds]
    for gold, out in zip(golds, projects):
        wrong = {f: (gold[f], out[f]) for f in PROJECT_FIELDS if not _same(gold[f], out[f])}
        assert not wrong, f"{probe.stem} {kind}: {wrong}"
        rows = doc.indicators[doc.indicators.project_id == out["project_id"]].sort_values("seq").to_dict("records")
        assert len(rows) == len(gold["indicators"]), f"{probe.stem} {kind}"
        for got, want in zip(rows, gold["indicators"]):
            assert all(_same(want[f], got[f]) for f in INDICATOR_FIELDS), f"{probe.stem} {kind}: {got} != {want}"
    raised = {(flag["project_id"], flag["rule"]) for flag in doc.flags.to_dict("records")}
    by_name = {p["project_name"]: p["project_id"] for p in projects}
    for q in render.projects_of(probe):
        for rule in q.flags:
            assert (by_name[q.name], rule) in raised, f"{probe.stem} {kind}: {rule} not raised"
    errors = {rule for pid, rule in raised if any(f["rule"] == rule and f["severity"] == "error"
                                                  for f in doc.flags.to_dict("records"))}
    assert errors <= {rule for q in render.projects_of(probe) for rule in q.flags}, f"{probe.stem} {kind}"
