"""Checks inside one 自评表: each rule a pure function (project, project_id, config) -> flags.

Severity: arithmetic that does not add up is an error; a figure that is only suspicious
(a proportional score that departs from the printed one, a missed target with full marks) is
a warning. An error whose figures come from an OCR cell read with low confidence is reported
as a warning instead, and the cell itself gets an `ocr_low_confidence` info flag.

Tolerance: the rule's configured tolerance or half a unit of the last printed digit of the
stated value, whichever is larger (see validate/defaults.toml and docs/RULES.md).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Callable, Iterable

from jixiao.normalize.numbers import parse_number
from jixiao.normalize.records import CellRef, Indicator, Project

from .config import Config
from .deadlines import deadline_dates
from .flag import Flag, mark_uncertain
from .funding_parts import funding_parts
from .grades import grade_for, grade_word, near_band_edge, score_bands
from .scale import TotalReading, reading_name, standalone_points, table_reading
from .targets import negates, range_bounds

__all__ = ["check_project", "PROJECT_RULES", "half_unit", "fmt", "pct"]

EPS = 1e-9


# ---------------------------------------------------------------- helpers

def fmt(value: float | None) -> str:
    """A number as a reviewer would print it: 1.408, 90, 14.77."""
    if value is None:
        return "空"
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def pct(fraction: float | None) -> str:
    if fraction is None:
        return "空"
    return fmt(round(fraction * 100, 2)) + "%"


def half_unit(raw: str | None, percent_as_fraction: bool = False) -> float:
    """Half a unit of the last digit printed in `raw`: `17` -> 0.5, `1.408` -> 0.0005,
    `100%` -> 0.005 when read as a fraction. 0 when nothing is printed."""
    if not raw:
        return 0.0
    p = parse_number(raw)
    if p.value is None:
        return 0.0
    text = unicodedata.normalize("NFKC", str(raw)).replace(",", "")
    m = re.search(r"\d+(?:\.(\d+))?", text)
    digits = len(m.group(1)) if m and m.group(1) else 0
    unit = 0.5 * 10 ** (-digits)
    if percent_as_fraction and p.percent:
        unit /= 100.0
    return unit


def _close(stated: float, expected: float, tolerance: float) -> bool:
    return abs(stated - expected) <= tolerance + EPS * max(1.0, abs(expected))


def _low(ref: CellRef | None, config: Config) -> bool:
    return ref is not None and ref.confidence is not None and ref.confidence < config.low_confidence


class _Ctx:
    def __init__(self, project: Project, project_id: str, config: Config, reading: TotalReading | None = None):
        self.p, self.pid, self.config = project, project_id, config
        self.reading = reading if reading is not None else table_reading(project, config)

    def flag(self, rule: str, message: str, stated, expected, field: str,
             ref: CellRef | None, depends: Iterable[CellRef | None] = ()) -> Flag:
        severity = self.config.severity(rule)
        uncertain = any(_low(r, self.config) for r in [ref, *depends])
        if uncertain and rule != "ocr_low_confidence":
            severity, message = mark_uncertain(severity, message)
        ref = ref or next((r for r in depends if r is not None), None)
        return Flag(rule=rule, severity=severity, message=message, uncertain=uncertain,
                    stated=None if stated is None else str(stated),
                    expected=None if expected is None else str(expected),
                    project_id=self.pid, field=field,
                    page=ref.page if ref else self.p.page_start,
                    table_index=ref.table_index if ref else self.p.table_index,
                    row=ref.row if ref else None, col=ref.col if ref else None,
                    x0=ref.x0 if ref else None, top=ref.top if ref else None,
                    x1=ref.x1 if ref else None, bottom=ref.bottom if ref else None)


def _budget(p: Project) -> tuple[float | None, str, str]:
    """The budget the execution rate is computed against: 全年预算数 when printed, else 年初预算数."""
    if p.budget_adjusted is not None:
        return p.budget_adjusted, "budget_adjusted", "全年预算数"
    return p.budget_initial, "budget_initial", "年初预算数"


def _label(ind: Indicator) -> str:
    return f"指标“{(ind.level3 or ind.level2 or ind.level1 or f'第{ind.seq + 1}行')[:30]}”"


# ---------------------------------------------------------------- rules

def exec_rate_mismatch(ctx: _Ctx) -> list[Flag]:
    """Printed 执行率 vs 全年执行数 / 全年预算数 (also on each funding line that prints one)."""
    rule, flags = "exec_rate_mismatch", []
    tol = ctx.config.tolerance(rule)
    bare_pct = ctx.config.param(rule, "bare_number_as_percent", True)
    p = ctx.p
    budget, budget_field, budget_name = _budget(p)
    checks = [(p.exec_rate_stated_raw, p.executed, budget, "exec_rate_stated", p.refs.get("exec_rate_stated"),
               [p.refs.get("executed"), p.refs.get(budget_field)], "")]
    for line in p.funding:
        if line.source == "total":
            continue
        lb = line.budget_adjusted if line.budget_adjusted is not None else line.budget_initial
        lb_field = "budget_adjusted" if line.budget_adjusted is not None else "budget_initial"
        checks.append((line.exec_rate_raw, line.executed, lb, f"funding.{line.source}.exec_rate",
                       line.refs.get("exec_rate"), [line.refs.get("executed"), line.refs.get(lb_field)],
                       f"“{line.label_raw}”一行"))
    for raw, executed, bud, field, ref, deps, where in checks:
        parsed = parse_number(raw)
        if parsed.value is None or not parsed.exact or executed is None or not bud:
            continue
        expected = executed / bud
        # (reading, tolerance): `95%` and a bare `95` read as percent points, a bare `0.95` as a
        # fraction; each within half a unit of its last printed digit
        if parsed.percent:
            readings = [(parsed.fraction, half_unit(raw, percent_as_fraction=True))]
        else:
            readings = [(parsed.value, half_unit(raw))]
            if bare_pct:
                readings.append((parsed.value / 100.0, half_unit(raw) / 100.0))
        if any(_close(value, expected, max(tol, t)) for value, t in readings):
            continue
        flags.append(ctx.flag(
            rule, f"{where}执行率印为“{raw}”，按全年执行数/{budget_name} {fmt(executed)}/{fmt(bud)} 计算应为 {pct(expected)}",
            raw, pct(expected), field, ref, deps))
    return flags


def overspend(ctx: _Ctx) -> list[Flag]:
    """全年执行数 greater than the budget (project and each funding line)."""
    rule, flags = "overspend", []
    tol = ctx.config.tolerance(rule)
    p = ctx.p
    budget, budget_field, budget_name = _budget(p)
    rows = [(p.executed, budget, p.executed_raw, "executed", p.refs.get("executed"), p.refs.get(budget_field), "")]
    for line in p.funding:
        if line.source == "total":
            continue
        lb = line.budget_adjusted if line.budget_adjusted is not None else line.budget_initial
        lb_field = "budget_adjusted" if line.budget_adjusted is not None else "budget_initial"
        rows.append((line.executed, lb, line.executed_raw, f"funding.{line.source}.executed",
                     line.refs.get("executed"), line.refs.get(lb_field), f"“{line.label_raw}”一行"))
    for executed, bud, raw, field, ref, bref, where in rows:
        if executed is None or bud is None:
            continue
        if executed > bud + max(tol, half_unit(raw)):
            flags.append(ctx.flag(
                rule, f"{where}全年执行数 {fmt(executed)} 万元超过{budget_name} {fmt(bud)} 万元（超出 {fmt(round(executed - bud, 6))} 万元）",
                fmt(executed), f"≤ {fmt(bud)}", field, ref, [bref]))
    return flags


def budget_score_mismatch(ctx: _Ctx) -> list[Flag]:
    """预算执行率 得分 vs min(执行率, 100%) × 分值, the rate recomputed from the figures; and a budget
    line given the whole table's points (分值 = the full scale while the indicators carry points
    of their own), whatever its 得分."""
    rule = "budget_score_mismatch"
    p = ctx.p
    if p.budget_weight is None:
        return []
    budget, budget_field, _ = _budget(p)
    full = float(ctx.config.param("weight_sum_mismatch", "full_scale", 100.0))
    ind_weights = [i.weight for i in _scored(p.indicators) if i.weight is not None] + standalone_points(p, "weight")
    whole = p.budget_weight >= full - EPS and sum(ind_weights) > EPS
    wrong_score = None
    if p.budget_score is not None and p.executed is not None and budget:
        rate = min(p.executed / budget, 1.0)
        expected = rate * p.budget_weight
        tolerance = max(ctx.config.tolerance(rule), half_unit(p.budget_score_raw))
        if not _close(p.budget_score, expected, tolerance):
            wrong_score = (rate, expected)
    deps = [p.refs.get("budget_weight"), p.refs.get("executed"), p.refs.get(budget_field)]
    if whole:
        rest = full - sum(ind_weights)
        message = (f"预算执行一行分值印 {fmt(p.budget_weight)}，占了全表满分 {fmt(full)}，而绩效指标另有分值合计 "
                   f"{fmt(sum(ind_weights))}（疑为把总分的分值、得分填入此行）")
        if wrong_score is not None:
            message += f"；按执行率 {pct(wrong_score[0])} × 分值 {fmt(p.budget_weight)}，得分 {fmt(p.budget_score)} 也应为 {fmt(round(wrong_score[1], 2))}"
        return [ctx.flag(rule, message, fmt(p.budget_weight), fmt(rest) if 0 < rest < full else None,
                         "budget_weight", p.refs.get("budget_weight"), deps)]
    if wrong_score is None:
        return []
    rate, expected = wrong_score
    return [ctx.flag(rule, f"预算执行得分印为 {fmt(p.budget_score)}，按执行率 {pct(rate)} × 分值 {fmt(p.budget_weight)} 应为 {fmt(round(expected, 2))}",
                     fmt(p.budget_score), fmt(round(expected, 2)), "budget_score", p.refs.get("budget_score"), deps)]


def _scored(inds: list[Indicator]) -> list[Indicator]:
    """The indicators a 总分 adds up: ★ 其中 sub-rows carry no points of their own."""
    return [i for i in inds if i.parent_row is None]


def _sum_rule(ctx: _Ctx, rule: str, attr: str, total: float | None, total_raw: str | None, total_field: str,
              budget_part: float | None, noun: str, column: str) -> list[Flag]:
    inds = _scored(ctx.p.indicators)
    values = [getattr(i, attr) for i in inds]
    if total is None or not inds or any(v is None for v in values):
        return []
    values += standalone_points(ctx.p, attr)
    ind_sum = sum(values)
    tolerance = max(ctx.config.tolerance(rule), half_unit(total_raw))
    reading = ctx.reading
    with_budget = ind_sum + budget_part if budget_part is not None else None
    includes = reading.includes_budget if with_budget is not None else False
    if includes is None:   # the table does not say: either reading that adds up is accepted
        if _close(total, ind_sum, tolerance) or _close(total, with_budget, tolerance):
            return []
        includes = reading.fallback
    expected = with_budget if includes else ind_sum
    if _close(total, expected, tolerance):
        return []
    terms = "+".join(fmt(v) for v in values)
    extra = f"，加预算执行{noun} {fmt(budget_part)} 为 {fmt(expected)}" if includes else ""
    how = reading_name(includes) if with_budget is not None else "总分为各指标之和"
    basis = f"（{reading.basis}）" if reading.basis and with_budget is not None else ""
    deps = [i.refs.get(attr) for i in inds] + [t.refs.get(attr) for t in ctx.p.subtotals if t.standalone]
    return [ctx.flag(rule, f"{how}{basis}：指标{noun}合计 {terms}={fmt(ind_sum)}{extra}，{column}印 {fmt(total)}",
                     fmt(total), fmt(expected), total_field, ctx.p.refs.get(total_field), deps)]


def _subtotal_rule(ctx: _Ctx, rule: str, attr: str, noun: str) -> list[Flag]:
    """Each 小计 row (or 一级指标 row or label printing points) vs the sum of the indicators it closes."""
    flags = []
    for k, total in enumerate(ctx.p.subtotals):
        stated = getattr(total, attr)
        inds = _scored(ctx.p.indicators[total.first_seq:total.end_seq])
        values = [getattr(i, attr) for i in inds]
        if stated is None or not inds or any(v is None for v in values):
            continue
        got = sum(values)
        if _close(stated, got, max(ctx.config.tolerance(rule), half_unit(getattr(total, f"{attr}_raw")))):
            continue
        terms = "+".join(fmt(v) for v in values)
        name = total.label if total.level1 and total.label.startswith(total.level1) else \
            f"{total.level1} › {total.label}" if total.level1 and total.printed_as == "label" else f"{total.level1 or ''}{total.label}"
        printed = "标注" if total.printed_as == "label" else "一行印"
        flags.append(ctx.flag(rule, f"{name}：指标{noun}合计 {terms}={fmt(round(got, 6))}，"
                                    f"{total.label}{printed} {fmt(stated)}",
                              fmt(stated), fmt(round(got, 6)), f"subtotals[{k}].{attr}", total.refs.get(attr),
                              [i.refs.get(attr) for i in inds]))
    return flags


def weight_sum_mismatch(ctx: _Ctx) -> list[Flag]:
    """Σ indicator 分值 (plus the budget 分值 when the 总分 counts it) vs 总分 分值; the reading of
    总分 comes from the scale (validate/scale.py); and each 小计 row vs its indicators."""
    p = ctx.p
    return _sum_rule(ctx, "weight_sum_mismatch", "weight", p.total_weight_stated, p.total_weight_raw,
                     "total_weight_stated", p.budget_weight, "分值", "总分一栏") \
        + _subtotal_rule(ctx, "weight_sum_mismatch", "weight", "分值")


def score_sum_mismatch(ctx: _Ctx) -> list[Flag]:
    """Σ indicator 得分 (plus the budget 得分 under the same reading) vs 总分 得分; and each 小计 row
    vs its indicators."""
    p = ctx.p
    return _sum_rule(ctx, "score_sum_mismatch", "score", p.total_score_stated, p.total_score_raw,
                     "total_score_stated", p.budget_score, "得分", "总分得分") \
        + _subtotal_rule(ctx, "score_sum_mismatch", "score", "得分")


def score_exceeds_weight(ctx: _Ctx) -> list[Flag]:
    """得分 above its 分值: each indicator, the budget part and the 总分 row."""
    rule, flags, p = "score_exceeds_weight", [], ctx.p
    tol = ctx.config.tolerance(rule)
    for ind in p.indicators:
        if ind.score is not None and ind.weight is not None and ind.score > ind.weight + tol + EPS:
            kind = "定量" if _quantitative(ind) else "定性"
            flags.append(ctx.flag(rule, f"{_label(ind)}（{kind}）得分 {fmt(ind.score)} 高于分值 {fmt(ind.weight)}",
                                  fmt(ind.score), f"≤ {fmt(ind.weight)}", f"indicators[{ind.seq}].score",
                                  ind.refs.get("score"), [ind.refs.get("weight")]))
    for score, weight, field, what in ((p.budget_score, p.budget_weight, "budget_score", "预算执行"),
                                       (p.total_score_stated, p.total_weight_stated, "total_score_stated", "总分")):
        if score is not None and weight is not None and score > weight + tol + EPS:
            flags.append(ctx.flag(rule, f"{what}得分 {fmt(score)} 高于分值 {fmt(weight)}", fmt(score),
                                  f"≤ {fmt(weight)}", field, p.refs.get(field),
                                  [p.refs.get(field.replace("score", "weight"))]))
    return flags


def funding_sum_mismatch(ctx: _Ctx) -> list[Flag]:
    """年度资金总额 vs the sum of its parts (财政拨款 + 上年结转 + 其他 …), per column, when at least
    one part prints a figure in that column; and a part detailed by nested 其中 lines (财政拨款 /
    其中：中央补助 / 省级补助) vs the sum of those lines, which are not parts of the total."""
    rule, flags, p = "funding_sum_mismatch", [], ctx.p
    total = next((f for f in p.funding if f.source == "total"), None)
    parts = funding_parts(p.funding)
    sums = [(part.line, part.details, f"{part.line.label_raw}的其中各项") for part in parts if part.details]
    if total is not None and parts:
        sums.insert(0, (total, [part.line for part in parts], "各资金来源"))
    names = {"budget_initial": "年初预算数", "budget_adjusted": "全年预算数", "executed": "全年执行数"}
    for whole, lines, what in sums:
        whole_name = "年度资金总额" if whole is total else whole.label_raw
        field_of = "total" if whole is total else whole.source
        for column, name in names.items():
            stated = getattr(whole, column)
            values = [getattr(f, column) for f in lines]
            if stated is None or all(v is None for v in values):
                continue
            got = sum(v for v in values if v is not None)
            tolerance = max(ctx.config.tolerance(rule), half_unit(getattr(whole, f"{column}_raw")))
            if _close(stated, got, tolerance):
                continue
            terms = "+".join(fmt(v) for v in values if v is not None)
            flags.append(ctx.flag(rule, f"{name}：{what}合计 {terms}={fmt(round(got, 6))} 万元，{whole_name}印 {fmt(stated)} 万元",
                                  fmt(stated), fmt(round(got, 6)), f"funding.{field_of}.{column}", whole.refs.get(column),
                                  [f.refs.get(column) for f in lines]))
    return flags


_PROJECT_FIELDS = {
    "project_name": "项目名称", "year": "评价年度", "budget": "预算数", "executed": "全年执行数",
    "indicators": "绩效指标", "total_score_stated": "总分得分", "total_weight_stated": "总分分值",
    "exec_rate_stated": "执行率", "competent_dept": "主管部门", "implementing_unit": "实施单位",
    "budget_score": "预算执行得分", "budget_weight": "预算执行分值",
}
_INDICATOR_FIELDS = {"indicator_target": ("target_raw", "年度指标值"), "indicator_actual": ("actual_raw", "实际完成值"),
                     "indicator_score": ("score", "得分"), "indicator_weight": ("weight", "分值")}
_SCORING = {"total_score_stated", "total_weight_stated", "indicator_score", "indicator_weight"}


_RAW = {"exec_rate_stated": "exec_rate_stated_raw", "budget_score": "budget_score_raw",
        "budget_weight": "budget_weight_raw", "total_score_stated": "total_score_raw",
        "total_weight_stated": "total_weight_raw"}


def _value(p: Project, name: str):
    if name == "budget":
        return p.budget_adjusted if p.budget_adjusted is not None else p.budget_initial
    if name == "indicators":
        return p.indicators or None
    return getattr(p, name, None)


def _printed(p: Project, name: str) -> str | None:
    """The text printed in the field's cell (a number's raw text), None when blank."""
    return getattr(p, _RAW[name]) if name in _RAW else _value(p, name)


def missing_field(ctx: _Ctx) -> list[Flag]:
    """What a reviewer would ask to have filled, one warning per blank field: the `required`
    fields whether or not the table prints them; the `fill_in` ones where the table prints the
    cell and leaves it blank (主管部门, 实施单位, the 年度资金总额 line's 执行率 and 得分, the 总分
    得分, a scored indicator's 指标值 / 完成值 / 得分). Template instruction text counts as blank;
    a table that scores nothing is not asked for scores."""
    rule, flags, p = "missing_field", [], ctx.p
    required = ctx.config.param(rule, "required", ["project_name", "budget", "executed", "indicators"])
    fill_in = ctx.config.param(rule, "fill_in", [])
    template = set(p.template_fields)
    seen: set[str] = set()
    for name in [*required, *[n for n in fill_in if n in _PROJECT_FIELDS]]:
        if name in seen or (not p.scored and name in _SCORING):
            continue
        seen.add(name)
        field = "budget_adjusted" if name == "budget" else name
        if name in required:
            blank = _value(p, name) in (None, "")
        else:                             # only a cell the table prints and leaves blank
            blank = field in p.refs and _printed(p, name) in (None, "")
        if blank or name in template:
            flags.append(ctx.flag(rule, f"自评表未填或无法读出“{_PROJECT_FIELDS.get(name, name)}”", None, None, field,
                                  p.refs.get(field), []))
    checks = [_INDICATOR_FIELDS[n] for n in fill_in if n in _INDICATOR_FIELDS and (p.scored or n not in _SCORING)]
    for ind in _scored(p.indicators):
        if ind.weight is None and p.scored:
            continue                      # not a scored indicator (a heading row, a note)
        for attr, label in checks:
            path = f"indicators[{ind.seq}].{attr}"
            raw = getattr(ind, attr + "_raw") if attr in ("score", "weight") else getattr(ind, attr)
            if raw is None or path in template:
                flags.append(ctx.flag(rule, f"{_label(ind)}未填“{label}”", None, None, path,
                                      ind.refs.get(attr) or ind.refs.get(attr.replace("_raw", "")), []))
    return flags


def template_unfilled(ctx: _Ctx) -> list[Flag]:
    """A table whose cells still hold the template's instruction text (对照年度目标，说明…（100字以内）):
    reported once per table, naming the cells; that text is not read as data."""
    p = ctx.p
    if not p.template_fields:
        return []
    names = [_TEMPLATE_NAMES.get(f.split(".")[-1], f) for f in p.template_fields]
    first = p.template_fields[0]
    sample = _field_text(p, first) or ""
    shown = sample if len(sample) <= 30 else sample[:29] + "…"
    return [ctx.flag("template_unfilled",
                     f"自评表未按模板填写：{'、'.join(dict.fromkeys(names))}仍为填写说明（如“{shown}”），未作为数据读取",
                     sample, None, first, _field_ref(p, first))]


_TEMPLATE_NAMES = {"project_name": "项目名称", "competent_dept": "主管部门", "implementing_unit": "实施单位",
                   "goal_planned": "年度目标", "goal_actual": "目标完成情况", "conclusion": "评价结论",
                   "problems": "存在问题", "measures": "改进措施", "level3": "三级指标", "target_raw": "指标值",
                   "actual_raw": "完成值", "deviation_note": "偏差原因"}
_PATH = re.compile(r"^indicators\[(\d+)\]\.(\w+)$")


def _field_text(p: Project, path: str) -> str | None:
    m = _PATH.match(path)
    if m is None:
        return getattr(p, path, None)
    seq, attr = int(m.group(1)), m.group(2)
    return getattr(p.indicators[seq], attr, None) if seq < len(p.indicators) else None


def _field_ref(p: Project, path: str) -> CellRef | None:
    m = _PATH.match(path)
    if m is None:
        return p.refs.get(path)
    seq, attr = int(m.group(1)), m.group(2)
    return p.indicators[seq].refs.get(attr) if seq < len(p.indicators) else None


def _measured(ctx: _Ctx) -> list[Indicator]:
    """Indicators whose 指标值 and 完成值 are data, not template instruction text."""
    template = set(ctx.p.template_fields)
    return [i for i in ctx.p.indicators
            if f"indicators[{i.seq}].target_raw" not in template and f"indicators[{i.seq}].actual_raw" not in template]


def _quantitative(ind: Indicator) -> bool:
    t, a = _same_magnitude(parse_number(ind.target_raw), parse_number(ind.actual_raw))
    return t.value is not None and a.value is not None and _same_unit(t, a)


# magnitude words before a unit (1.25万亩 = 12500亩, 0.5亿元 = 5000万元)
_MAGNITUDES = {"万": 1e4, "亿": 1e8}
_FIGURE_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*([万亿]?)\s*([^\d\s]*)\s*$")


def _magnitude(parsed) -> tuple[float, str] | None:
    """(factor, unit after it) of a printed figure: `1.1万亩` (1e4, 亩), `≥12000亩` (1, 亩)."""
    if parsed.value is None or parsed.percent or not parsed.raw:
        return None
    m = _FIGURE_UNIT.search(unicodedata.normalize("NFKC", parsed.raw).replace(",", ""))
    return (_MAGNITUDES.get(m.group(2), 1.0), m.group(3)) if m else None


def _same_magnitude(t, a):
    """(t, a) in one unit when a magnitude word is all that tells them apart: `≥12000亩` /
    `1.1万亩` compare as 12000 / 11000 亩, `≥0.5万人` / `4800人` as 5000 / 4800 人."""
    mt, ma = _magnitude(t), _magnitude(a)
    if mt is None or ma is None or mt[1] != ma[1] or mt[0] == ma[0]:
        return t, a
    unit = mt[1] or None
    return replace(t, value=t.value * mt[0], unit=unit), replace(a, value=a.value * ma[0], unit=unit)


def _same_unit(t, a) -> bool:
    """The same unit, or a percentage against a bare number in percent points (`95%` / `90`);
    a bare fraction against a percentage (`95%` / `0.96`, `100%` / `1`) is another unit."""
    if t.unit == a.unit:
        return True
    for pct_side, bare in ((t, a), (a, t)):
        if pct_side.percent and bare.unit is None:
            return bare.value is None or pct_side.value is None or abs(bare.value) > 1 or abs(pct_side.value) <= 1
    return False


_BOUNDS = ("≥", "≤", ">", "<")
# a calendar unit: `3月` is March, `10日` the 10th (a duration is `3个月`, `10天`)
_CALENDAR_UNITS = frozenset({"月", "日", "号", "年"})
# words of a deadline in the indicator's name or target (时效指标: later is worse)
_DEADLINE_WORDS = ("前完成", "底前", "月前", "日前", "之前", "以前", "截止", "时限", "及时", "按时", "完成时间")


def _timing(ind: Indicator) -> bool:
    text = f"{ind.level3 or ''}{ind.target_raw or ''}"
    return "时效" in (ind.level2 or "") or any(w in text for w in _DEADLINE_WORDS)


def _compare(ind: Indicator):
    """(target, actual, direction) when the indicator's target and actual are figures that compare:
    正向 (≥ or plain: more is better), 反向 (≤/<), 时限 (a deadline given as a month/day number or
    date: later is worse, and a ratio of month numbers is no score), 日期 (a calendar value whose
    direction is unknown), 上限 (a bare zero target, 安全事故 0起: any actual above it is missed,
    and no proportional score). None when either is not a single number, the units differ, or the
    actual only restates the target's bound (`≥90%` / `≥90%`: not a measured value)."""
    t, a = _same_magnitude(parse_number(ind.target_raw), parse_number(ind.actual_raw))
    if t.value is None or a.value is None or not _same_unit(t, a):
        return None
    operator = ind.operator or t.operator
    if a.operator in _BOUNDS and a.operator == (t.operator or operator):
        return None
    rate = t.percent or a.percent or any(w in (ind.level3 or "") for w in ("率", "比例"))
    calendar = t.unit in _CALENDAR_UNITS or a.unit in _CALENDAR_UNITS
    if operator in (None, "=") and not rate and _timing(ind):
        return t, a, "时限"
    if calendar:
        return t, a, "日期"
    if operator in (None, "=") and t.value == 0:
        return t, a, "上限"         # 0起 / 0% / 0: nothing can fall short of zero, only exceed it
    return t, a, ("反向" if operator in ("≤", "<") else "正向")


# words of a duration after a range (3-5个工作日, 2-4小时): fewer is better, the upper end is the limit
_DURATION_WORDS = ("天", "工作日", "小时", "分钟", "个月", "周")


def _compare_range(ind: Indicator):
    """(low, high, actual, direction) for a range target (40-50个, 95%-100%) and an actual figure
    in its unit: 反向 (a duration or a deadline: the actual must not pass the upper end), else
    正向 (it must reach the lower end). None for a calendar range (10-12月) or other units."""
    bounds = range_bounds(ind.target_raw)
    actual = parse_number(ind.actual_raw)
    if bounds is None or actual.value is None or actual.operator in _BOUNDS:
        return None
    low, a = _same_magnitude(bounds[0], actual)
    high, _ = _same_magnitude(bounds[1], actual)
    if not _same_unit(low, a) or low.unit in _CALENDAR_UNITS:
        return None
    rate = low.percent or any(w in (ind.level3 or "") for w in ("率", "比例"))
    late = not rate and (any(w in (ind.target_raw or "") for w in _DURATION_WORDS) or _timing(ind))
    return low, high, a, ("反向" if late else "正向")


def _proportional(ind: Indicator) -> tuple[float, str] | None:
    """(expected score, direction) for a quantitative indicator, else None. Deadlines and dates
    (时限/日期) get no proportional score."""
    if ind.weight is None or ind.score is None:
        return None
    compared = _compare(ind)
    if compared is None:
        return None
    t, a, direction = compared
    if direction == "反向":
        if a.value <= 0:
            return None
        return min(t.value / a.value, 1.0) * ind.weight, "反向"
    if direction != "正向" or t.value <= 0:
        return None
    return min(a.value / t.value, 1.0) * ind.weight, "正向"


def indicator_score_mismatch(ctx: _Ctx) -> list[Flag]:
    """Quantitative indicators: printed 得分 vs proportional score (正向 actual/target × 分值 capped
    at 分值; 反向 (≤) target/actual × 分值). Not for deadlines and dates, an actual that restates
    the target, or figures in different units."""
    rule, flags = "indicator_score_mismatch", []
    tol = ctx.config.tolerance(rule)
    for ind in _measured(ctx):
        result = _proportional(ind)
        if result is None:
            continue
        expected, direction = result
        if _close(ind.score, expected, tol):
            continue
        formula = (f"{ind.actual_raw}/{ind.target_raw}" if direction == "正向" else f"{ind.target_raw}/{ind.actual_raw}")
        flags.append(ctx.flag(rule, f"{_label(ind)}得分印为 {fmt(ind.score)}，按{direction}比例 {formula} × 分值 {fmt(ind.weight)} 计算应为 {fmt(round(expected, 2))}",
                              fmt(ind.score), fmt(round(expected, 2)), f"indicators[{ind.seq}].score",
                              ind.refs.get("score"), [ind.refs.get("target_raw"), ind.refs.get("actual_raw")]))
    return flags


def target_missed_full_score(ctx: _Ctx) -> list[Flag]:
    """A target not reached yet full marks: 正向 actual < target (≤ target for a strict ＞ / 大于 one); a deadline (时效) whose actual is
    later than the target, as month numbers (3 | 4) or as dates (2023年10月底前 | 2023年11月15日);
    an actual above a bare zero target (0起 | 1起).
    (反向 ≤ targets: operator_inconsistent.)"""
    rule, flags = "target_missed_full_score", []
    for ind in _measured(ctx):
        if ind.weight is None or ind.score is None or ind.score < ind.weight - EPS:
            continue
        late = f"{_label(ind)}为时效指标，实际完成 {ind.actual_raw} 晚于指标值 {ind.target_raw}，却得满分 {fmt(ind.score)}"
        compared = _compare(ind)
        ranged = _compare_range(ind) if compared is None else None
        if ranged is not None:
            low, _, a, direction = ranged
            if direction != "正向" or a.value >= low.value - EPS:
                continue
            message = f"{_label(ind)}实际完成值 {ind.actual_raw} 低于指标值 {ind.target_raw} 的下限，却得满分 {fmt(ind.score)}"
        elif compared is None and negates(ind.target_raw, ind.actual_raw):
            message = f"{_label(ind)}指标值“{ind.target_raw}”，实际完成“{ind.actual_raw}”，却得满分 {fmt(ind.score)}"
        elif compared is None:
            dates = deadline_dates(ind.target_raw, ind.actual_raw, ctx.p.year) if _timing(ind) else None
            if dates is None or dates[1] <= dates[0]:
                continue
            message = late
        else:
            t, a, direction = compared
            # a strict target (＞95%, 大于2000元) is missed by an actual equal to it
            strict = (ind.operator or t.operator) == ">"
            if direction == "正向" and (a.value < t.value - EPS or strict and a.value <= t.value + EPS):
                message = f"{_label(ind)}实际完成值 {ind.actual_raw} 未达年度指标值 {ind.target_raw}，却得满分 {fmt(ind.score)}"
            elif direction == "时限" and a.value > t.value + EPS:
                message = late
            elif direction == "上限" and a.value > t.value + EPS:
                message = (f"{_label(ind)}指标值 {ind.target_raw} 为零目标，实际完成值 {ind.actual_raw} 超出，"
                           f"却得满分 {fmt(ind.score)}")
            else:
                continue
        flags.append(ctx.flag(rule, message, fmt(ind.score), f"< {fmt(ind.weight)}", f"indicators[{ind.seq}].score",
                              ind.refs.get("score"), [ind.refs.get("actual_raw")]))
    return flags


def operator_inconsistent(ctx: _Ctx) -> list[Flag]:
    """A `≤` (or `<`) target whose actual value is larger, yet reported as met (full marks); also
    a duration's range (3-5个工作日) whose upper end the actual passes."""
    rule, flags = "operator_inconsistent", []
    for ind in _measured(ctx):
        compared = _compare(ind)
        if compared is not None:
            t, a, _ = compared
            operator = ind.operator or t.operator
        else:
            ranged = _compare_range(ind)
            if ranged is None or ranged[3] != "反向":
                continue
            _, t, a, _ = ranged
            operator = "≤"                  # a duration's range: its upper end is the limit
        if operator not in ("≤", "<"):
            continue
        missed = a.value > t.value + EPS if operator == "≤" else a.value >= t.value - EPS
        met = ind.score is not None and ind.weight is not None and ind.score >= ind.weight - EPS
        if missed and met:
            flags.append(ctx.flag(rule, f"{_label(ind)}指标值为“{ind.target_raw}”，实际完成值 {ind.actual_raw} 超出上限，却按完成给满分 {fmt(ind.score)}",
                                  ind.actual_raw, f"{operator} {fmt(t.value)}", f"indicators[{ind.seq}].actual_raw",
                                  ind.refs.get("actual_raw"), [ind.refs.get("target_raw")]))
    return flags


def money_unit_suspect(ctx: _Ctx) -> list[Flag]:
    """A budget figure so large in 万元 that the table was probably printed in 元 without saying so."""
    rule, p = "money_unit_suspect", ctx.p
    limit = float(ctx.config.param(rule, "max_wan", 100000.0))
    budget, field, name = _budget(p)
    if p.money_unit_inferred and budget is not None:
        raw = getattr(p, f"{field}_raw", None) or fmt(budget * 10000)
        return [ctx.flag(rule, f"表格未注明金额单位，{name}“{raw}”按万元读为 {fmt(budget * 10000)} 万元（10 亿元以上）"
                               f"不合常理，已按元读为 {fmt(budget)} 万元，请核对原表单位",
                         raw, fmt(budget), field, p.refs.get(field))]
    if p.money_unit != "万元" or budget is None or budget < limit:
        return []
    return [ctx.flag(rule, f"{name}按万元读为 {fmt(budget)} 万元，数额异常，表格可能以元为单位（应为 {fmt(round(budget / 10000, 6))} 万元）",
                     fmt(budget), fmt(round(budget / 10000, 6)), field, p.refs.get(field))]


_NUMERIC_REFS = {"budget_initial", "budget_adjusted", "executed", "exec_rate_stated", "budget_weight",
                 "budget_score", "total_weight_stated", "total_score_stated"}


def ocr_low_confidence(ctx: _Ctx) -> list[Flag]:
    """Numbers read by OCR with confidence under the threshold (settings.low_confidence)."""
    rule, flags, p = "ocr_low_confidence", [], ctx.p
    threshold = ctx.config.low_confidence
    seen: set[tuple] = set()
    items: list[tuple[str, str | None, CellRef | None]] = []
    items += [(name, getattr(p, name.replace("_stated", "") + "_raw", None) or getattr(p, name + "_raw", None),
               p.refs.get(name)) for name in sorted(_NUMERIC_REFS)]
    for line in p.funding:
        for name in ("budget_initial", "budget_adjusted", "executed"):
            items.append((f"funding.{line.source}.{name}", getattr(line, f"{name}_raw"), line.refs.get(name)))
    for ind in p.indicators:
        items.append((f"indicators[{ind.seq}].weight", ind.weight_raw, ind.refs.get("weight")))
        items.append((f"indicators[{ind.seq}].score", ind.score_raw, ind.refs.get("score")))
    for field, raw, ref in items:
        if ref is None or ref.confidence is None or ref.confidence >= threshold:
            continue
        key = (ref.table_index, ref.row, ref.col)
        if key in seen:
            continue
        seen.add(key)
        flags.append(ctx.flag(rule, f"数字“{raw or ''}”为识别置信度 {ref.confidence:.2f} 的扫描识别结果，请核对原件",
                              raw, None, field, ref))
    return flags


# Grade words of the four-band scale; 合格/不合格 belong to a two-band scale and are not checked.
def grade_mismatch(ctx: _Ctx) -> list[Flag]:
    """The table's 自评等级 vs the band of its 总分得分 (on a 100-point scale; another 总分 分值
    is scaled to 100). Bands from the config, shared with the narrative rule."""
    p = ctx.p
    grade = grade_word(p.grade)
    score, weight = p.total_score_stated, p.total_weight_stated
    if grade is None or score is None:
        return []
    if weight is not None and weight > 0 and abs(weight - 100.0) > EPS:
        score = score * 100.0 / weight
    elif weight is None and score > 100.0 + EPS:
        return []   # not a 100-point scale and no 分值 to scale it by
    bands = score_bands(ctx.config.param("grade_mismatch", "bands"))
    expected = grade_for(score, bands)
    if expected == grade:
        return []
    tol = max(ctx.config.tolerance("grade_mismatch"), half_unit(p.total_score_raw))
    if weight not in (None, 100.0) and weight:
        tol = tol * 100.0 / weight
    if near_band_edge(score, bands, tol + EPS):
        return []   # within rounding of a band edge
    scale = "" if weight in (None, 100.0) else f"（折合百分制 {fmt(score)} 分）"
    return [ctx.flag("grade_mismatch",
                     f"自评等级印为“{p.grade.strip()}”，但总分得分 {fmt(p.total_score_stated)} 分{scale}"
                     f"按等级标准应为“{expected}”", p.grade.strip(), expected, "grade",
                     p.refs.get("grade"), [p.refs.get("total_score_stated")])]


PROJECT_RULES: dict[str, Callable[[_Ctx], list[Flag]]] = {
    "exec_rate_mismatch": exec_rate_mismatch,
    "overspend": overspend,
    "budget_score_mismatch": budget_score_mismatch,
    "weight_sum_mismatch": weight_sum_mismatch,
    "score_sum_mismatch": score_sum_mismatch,
    "score_exceeds_weight": score_exceeds_weight,
    "funding_sum_mismatch": funding_sum_mismatch,
    "missing_field": missing_field,
    "template_unfilled": template_unfilled,
    "indicator_score_mismatch": indicator_score_mismatch,
    "target_missed_full_score": target_missed_full_score,
    "operator_inconsistent": operator_inconsistent,
    "money_unit_suspect": money_unit_suspect,
    "grade_mismatch": grade_mismatch,
    "ocr_low_confidence": ocr_low_confidence,
}


def check_project(project: Project, project_id: str, config: Config | None = None,
                  reading: TotalReading | None = None) -> list[Flag]:
    """`reading`: what the table's 总分 adds up, decided over the whole document
    (scale.document_readings); without it, from this table alone."""
    if config is None:
        from .config import load_config
        config = load_config()
    ctx = _Ctx(project, project_id, config, reading)
    flags: list[Flag] = []
    # a money rule on an uncertain reading is not raised at all (the reader's re-read of the
    # cell did not confirm it); the cell's own ocr_low_confidence flag asks for a look
    quiet = set(config.settings.get("uncertain_suppress", []))
    for rule_id, rule in PROJECT_RULES.items():
        if config.enabled(rule_id):
            flags += [f for f in rule(ctx) if not (f.uncertain and f.rule in quiet)]
    return flags
