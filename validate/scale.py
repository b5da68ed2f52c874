"""What a 总分 row adds up: the indicators alone, or the indicators plus the budget-execution line.

Templates differ, and one document may mix them, so no fixed assumption: each table is read from
its own 分值 column against the full scale (config weight_sum_mismatch.full_scale, 100) —

    总分 分值 = the full scale                    -> it counts the budget part too (Sichuan, Shanghai)
    总分 分值 + budget 分值 = the full scale       -> it counts the indicators only (the central template)

A table that does not say (总分 分值 blank, no budget 分值, or another figure) takes no side: either
reading that adds up is accepted, and a total that matches neither is reported under the reading
most of the document's tables show (by their scale, else by which sum their printed totals match),
else as indicators-only. The scale is evidence the printed sums cannot overrule: a 总分 of 90
beside a 10-point budget line is the indicators' 90 even when 80 + 10 happens to give 90.
"""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.normalize.records import Project

from .config import Config

__all__ = ["TotalReading", "standalone_points", "table_reading", "document_readings", "reading_name", "FULL_SCALE"]

FULL_SCALE = 100.0
EPS = 1e-6


@dataclass(frozen=True)
class TotalReading:
    """includes_budget: True / False when decided, None when either reading is accepted;
    fallback: the reading a total matching neither is reported under; basis: why, for messages."""
    includes_budget: bool | None
    fallback: bool = False
    basis: str = ""


def reading_name(includes: bool) -> str:
    return "总分含预算执行部分" if includes else "总分只计绩效指标"


def _fmt(value: float) -> str:
    return str(int(round(value))) if abs(value - round(value)) < 1e-9 else f"{value:.4f}".rstrip("0").rstrip(".")


def _close(a: float, b: float, tol: float = 0.01) -> bool:
    return abs(a - b) <= tol + EPS


def full_scale(config: Config) -> float:
    return float(config.param("weight_sum_mismatch", "full_scale", FULL_SCALE))


def scale_reading(p: Project, full: float = FULL_SCALE) -> TotalReading | None:
    """The reading the 分值 column fixes, or None when it does not. A budget line holding the
    whole scale (分值 100 beside a 100-point 总分) fixes nothing: it is the line that is wrong."""
    tw, bw = p.total_weight_stated, p.budget_weight
    if tw is None or bw is None or bw <= EPS or bw >= full - EPS:
        return None
    if _close(tw, full):
        return TotalReading(True, True, f"总分分值 {_fmt(tw)} 为满分，含预算执行分值 {_fmt(bw)}")
    if _close(tw + bw, full):
        return TotalReading(False, False, f"总分分值 {_fmt(tw)} 加预算执行分值 {_fmt(bw)} 为满分 {_fmt(full)}")
    return None


def _sum(values: list[float | None]) -> float | None:
    return None if not values or any(v is None for v in values) else sum(values)


def standalone_points(p: Project, column: str) -> list[float]:
    """Points the 总分 adds up beside the indicators': a 一级指标 printing its 分值 / 得分 with no
    indicators under it (成本指标 | 10 | 10)."""
    return [getattr(t, column) for t in p.subtotals if t.standalone and getattr(t, column) is not None]


def arithmetic_reading(p: Project) -> bool | None:
    """Which sum the printed totals match (分值 first, then 得分); None when neither or both."""
    for total, part, column in ((p.total_weight_stated, p.budget_weight, "weight"),
                                (p.total_score_stated, p.budget_score, "score")):
        ind = _sum([getattr(i, column) for i in p.indicators if i.parent_row is None] + standalone_points(p, column))
        if total is None or ind is None or part is None or abs(part) <= EPS:
            continue
        alone, with_budget = _close(total, ind), _close(total, ind + part)
        if alone != with_budget:
            return with_budget
    return None


def _forced(config: Config) -> bool | None:
    mode = str(config.param("weight_sum_mismatch", "total_includes_budget", "auto")).lower()
    return {"yes": True, "true": True, "no": False, "false": False}.get(mode)


def table_reading(p: Project, config: Config, majority: bool | None = None) -> TotalReading:
    """One table's reading; `majority` is the document's, used only when the table does not say."""
    forced = _forced(config)
    if forced is not None:
        return TotalReading(forced, forced, "按配置")
    decided = scale_reading(p, full_scale(config))
    if decided is not None:
        return decided
    if majority is not None:
        return TotalReading(None, majority, f"本表未印满分依据，按本文件多数表格的读法（{reading_name(majority)}）")
    return TotalReading(None, False, "本表未印满分依据")


def document_majority(projects: list[Project], config: Config) -> bool | None:
    """The reading most of the document's tables show: by their scale, else by their sums."""
    full = full_scale(config)
    votes = [r.includes_budget for r in (scale_reading(p, full) for p in projects) if r is not None]
    if not votes:
        votes = [v for v in (arithmetic_reading(p) for p in projects) if v is not None]
    yes, no = votes.count(True), votes.count(False)
    return None if yes == no else yes > no


def document_readings(projects: list[Project], config: Config) -> dict[int, TotalReading]:
    """table_index -> reading, for every table of one document."""
    majority = document_majority(projects, config)
    return {p.table_index: table_reading(p, config, majority) for p in projects}
