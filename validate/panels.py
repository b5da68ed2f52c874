"""Arithmetic of the report-level scoring tables (normalize/panels.py rows).

panel_sum_mismatch (error):
  * each indicator row: the experts' scores add up to its 合计, and 平均分 = 合计 / number of experts
  * each column (every expert, 合计, 平均分): the rows add up to the 总分 row
  * the overall average: 总分 row 平均分 = mean of the experts' totals
  * weights: the rows' 分值 add up to the 总分 row's, and to the weight printed in a level label
    (`决策（10 分）`, `项目立项（3 分）`); the same for the indicator-system table
panel_score_exceeds_weight (error): an expert gave more than the row's 分值.

Tolerance: half a unit of the last printed digit of the value checked, plus what rounding of the
added values carries (a column of averages printed to 2 decimals).
"""
from __future__ import annotations

from collections import defaultdict

from jixiao.normalize.panels import expert_role
from jixiao.normalize.records import NormalizedDocument, PanelScore

from .flag import Flag, mark_uncertain
from .narrative import enabled, fmt, fmt_like, half_unit, setting

RULE = "panel_sum_mismatch"
EXCEEDS = "panel_score_exceeds_weight"
EPS = 1e-9


def _flag(ocr: bool, config, rule, message, stated, expected, cell: PanelScore | None, field: str) -> Flag:
    severity = str(setting(config, rule, "severity") or "error")
    if ocr:
        # a table read by OCR: a misread digit or a missed cell looks the same as a wrong sum
        severity, message = mark_uncertain(severity, message)
    return Flag(rule=rule, severity=severity, message=message, uncertain=ocr,
                stated=stated, expected=expected, project_id=None,
                page=cell.page if cell else None, field=field,
                table_index=cell.table_index if cell else None, row=cell.row if cell else None,
                col=getattr(cell, "col", None) if cell else None)


def check_panels(doc: NormalizedDocument, config=None) -> list[Flag]:
    flags: list[Flag] = []
    by_table: dict[int, list[PanelScore]] = defaultdict(list)
    for p in doc.panel_scores:
        by_table[p.table_index].append(p)
    for table_index, rows in sorted(by_table.items()):
        ocr = any(r.confidence is not None for r in rows)   # the table was read by OCR
        if enabled(config, RULE):
            flags += _weights(rows, config, ocr)
        if rows[0].kind == "panel_scores":
            flags += _scores(rows, config, ocr)
    return flags


def _rows(rows: list[PanelScore]) -> list[list[PanelScore]]:
    grouped: dict[int, list[PanelScore]] = defaultdict(list)
    for r in rows:
        grouped[r.row].append(r)
    return [grouped[k] for k in sorted(grouped)]


def _label(cell: PanelScore) -> str:
    return cell.level3 or cell.level2 or cell.level1 or cell.indicator_path


def _weights(rows: list[PanelScore], config, ocr: bool = False) -> list[Flag]:
    flags = []
    table_rows = _rows(rows)
    body = [r[0] for r in table_rows if not r[0].is_total_row]
    totals = [r[0] for r in table_rows if r[0].is_total_row]
    if not body or any(b.weight is None for b in body):
        return flags
    weight_sum = sum(b.weight for b in body)
    if totals and totals[0].weight is not None:
        t = totals[0]
        tol = 0.005 + EPS
        if abs(weight_sum - t.weight) > tol:
            flags.append(_flag(ocr, config, RULE, f"评分表各指标分值合计为 {fmt(weight_sum)} 分，与总分行所列 "
                                             f"{fmt(t.weight)} 分不一致。",
                               fmt(t.weight), fmt(weight_sum), t, "weight"))
    for level in (1, 2):
        groups: dict[tuple, list[PanelScore]] = defaultdict(list)
        for b in body:
            name = b.level1 if level == 1 else b.level2
            stated = getattr(b, f"level{level}_weight", None)
            if name and stated is not None:
                key = (b.level1, name) if level == 2 else (name,)
                groups[key].append(b)
        for key, members in groups.items():
            stated = getattr(members[0], f"level{level}_weight")
            actual = sum(m.weight for m in members)
            if abs(actual - stated) > 0.005:
                flags.append(_flag(ocr, config, RULE, f"评分表“{key[-1]}”标注 {fmt(stated)} 分，其下各指标分值合计为 "
                                                 f"{fmt(actual)} 分。",
                                   fmt(stated), fmt(actual), members[0], f"level{level}_weight"))
    return flags


def _scores(rows: list[PanelScore], config, ocr: bool = False) -> list[Flag]:
    flags = []
    table_rows = _rows(rows)
    check_sums = enabled(config, RULE)
    check_exceeds = enabled(config, EXCEEDS)
    columns: dict[str, list[PanelScore]] = defaultdict(list)
    total_row: dict[str, PanelScore] = {}
    n_expert_cols = len({c.expert for c in rows if expert_role(c.expert) == "expert"})
    incomplete_cols: set[str] = set()
    for cells in table_rows:
        for c in cells:
            if c.score is None and not cells[0].is_total_row:
                incomplete_cols.add(c.expert)
    for cells in table_rows:
        experts = [c for c in cells if expert_role(c.expert) == "expert" and c.score is not None]
        total = next((c for c in cells if expert_role(c.expert) == "total" and c.score is not None), None)
        mean = next((c for c in cells if expert_role(c.expert) == "mean" and c.score is not None), None)
        is_total = cells[0].is_total_row
        for c in cells:
            if is_total:
                total_row[c.expert] = c
            else:
                columns[c.expert].append(c)
        label = "总分行" if is_total else f"“{_label(cells[0])}”"
        if check_exceeds and not is_total:
            for c in experts:
                if c.weight is not None and c.score > c.weight + EPS:
                    flags.append(_flag(ocr, config, EXCEEDS, f"专家{c.expert}对{label}评分 {fmt(c.score)} 分，超过该指标分值 "
                                                        f"{fmt(c.weight)} 分。", c.score_raw, f"≤ {fmt(c.weight)}",
                                       c, "score"))
        if not check_sums or not experts or len(experts) < n_expert_cols:
            continue   # a blank or unreadable score: a missing value, not a wrong sum
        expert_sum = sum(c.score for c in experts)
        if total is not None:
            tol = half_unit(total.score_raw) + EPS   # the experts' figures are exact inputs
            if abs(expert_sum - total.score) > tol:
                flags.append(_flag(ocr, config, RULE, f"{label}各专家评分之和为 {fmt(expert_sum)} 分，与所列合计 "
                                                 f"{fmt(total.score)} 分不一致。",
                                   total.score_raw, fmt_like(expert_sum, total.score_raw), total, "合计"))
        if mean is not None:
            expected = expert_sum / len(experts)
            tol = half_unit(mean.score_raw) + EPS
            if abs(expected - mean.score) > tol:
                flags.append(_flag(ocr, config, RULE, f"{label}平均分为 {fmt(mean.score)} 分，按{len(experts)}位专家"
                                                 f"评分计算应为 {fmt(expected)} 分。",
                                   mean.score_raw, fmt_like(expected, mean.score_raw), mean, "平均分"))
    if not check_sums:
        return flags
    # each column adds up to the 总分 row
    for name, cells in columns.items():
        t = total_row.get(name)
        values = [c for c in cells if c.score is not None]
        if t is None or t.score is None or not values or name in incomplete_cols:
            continue
        col_sum = sum(c.score for c in values)
        tol = half_unit(t.score_raw) + EPS
        if expert_role(name) == "mean":
            tol += sum(half_unit(c.score_raw) for c in values)
        if abs(col_sum - t.score) > tol:
            who = {"expert": f"专家{name}", "total": "合计列", "mean": "平均分列"}[expert_role(name)]
            flags.append(_flag(ocr, config, RULE, f"{who}各指标得分之和为 {fmt(col_sum)} 分，与总分行所列 "
                                             f"{fmt(t.score)} 分不一致。",
                               t.score_raw, fmt_like(col_sum, t.score_raw), t, "总分"))
    return flags
