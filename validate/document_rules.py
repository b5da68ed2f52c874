"""Checks across the tables of one document.

    duplicate_project_conflict   the same project (same normalised 项目名称 and year) printed
                                 twice with different figures
    department_total_mismatch    a department total that the tables contradict: a Fact of kind
                                 `department_budget` / `department_executed` (or
                                 `dept_budget`/`dept_executed`) stated in the prose against the sum
                                 of the self-evaluation tables' 全年预算数 / 全年执行数
"""
from __future__ import annotations

import re
import unicodedata

from jixiao.normalize.records import NormalizedDocument, Project

from .config import Config
from .flag import Flag
from .project_rules import fmt, half_unit

__all__ = ["check_document", "DOCUMENT_RULES"]

_COMPARED = (("budget_initial", "年初预算数"), ("budget_adjusted", "全年预算数"), ("executed", "全年执行数"),
             ("total_score_stated", "总分得分"), ("total_weight_stated", "总分分值"))
_DEPT_KINDS = {"department_budget": ("budget_adjusted", "预算"), "dept_budget": ("budget_adjusted", "预算"),
               "department_executed": ("executed", "执行数"), "dept_executed": ("executed", "执行数")}


def _name_key(name: str | None) -> str | None:
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s\"'“”‘’()（）]", "", text) or None


def _flag(rule: str, config: Config, message: str, stated, expected, project_id: str | None,
          field: str | None, project: Project | None) -> Flag:
    ref = project.refs.get(field) if project is not None and field else None
    return Flag(rule=rule, severity=config.severity(rule), message=message, stated=stated, expected=expected,
                project_id=project_id, field=field,
                page=ref.page if ref else (project.page_start if project else None),
                table_index=ref.table_index if ref else (project.table_index if project else None),
                row=ref.row if ref else None, col=ref.col if ref else None,
                x0=ref.x0 if ref else None, top=ref.top if ref else None,
                x1=ref.x1 if ref else None, bottom=ref.bottom if ref else None)


def duplicate_project_conflict(doc: NormalizedDocument, config: Config) -> list[Flag]:
    rule, flags = "duplicate_project_conflict", []
    tol = config.tolerance(rule)
    first: dict[tuple, Project] = {}
    for project in doc.projects:
        key = _name_key(project.project_name)
        if key is None:
            continue
        key = (key, project.year)
        if key not in first:
            first[key] = project
            continue
        other = first[key]
        for field, label in _COMPARED:
            a, b = getattr(other, field), getattr(project, field)
            if a is None or b is None:
                continue
            raw = getattr(project, field.replace("_stated", "") + "_raw", None)
            if abs(a - b) > max(tol, half_unit(raw)) + 1e-9:
                flags.append(_flag(rule, config,
                                   f"项目“{project.project_name}”在表 {other.table_index} 与表 {project.table_index} 重复出现，"
                                   f"{label}分别印 {fmt(a)} 和 {fmt(b)}",
                                   fmt(b), fmt(a), doc.project_id(project), field, project))
    return flags


def department_total_mismatch(doc: NormalizedDocument, config: Config) -> list[Flag]:
    rule, flags = "department_total_mismatch", []
    tol = config.tolerance(rule)
    if not doc.projects:
        return flags
    for fact in doc.facts:
        target = _DEPT_KINDS.get(fact.kind)
        if target is None or fact.value is None:
            continue
        field, noun = target
        values = [p.budget_adjusted if p.budget_adjusted is not None else p.budget_initial for p in doc.projects] \
            if field == "budget_adjusted" else [p.executed for p in doc.projects]
        if any(v is None for v in values):
            continue
        total = sum(values)
        if abs(total - fact.value) <= max(tol, half_unit(fact.value_raw)) + 1e-9:
            continue
        # Prose may state a department total that covers more than the self-evaluated projects;
        # only a total *smaller* than the tables' sum is a contradiction.
        if fact.value >= total:
            continue
        flags.append(Flag(rule=rule, severity=config.severity(rule),
                          message=f"正文所述部门{noun}合计 {fmt(fact.value)} 万元，小于各自评表{noun}之和 {fmt(round(total, 6))} 万元",
                          stated=fmt(fact.value), expected=f"≥ {fmt(round(total, 6))}", project_id=None,
                          field=fact.kind, page=fact.page))
    return flags


DOCUMENT_RULES = {
    "duplicate_project_conflict": duplicate_project_conflict,
    "department_total_mismatch": department_total_mismatch,
}


def check_document(doc: NormalizedDocument, config: Config | None = None) -> list[Flag]:
    if config is None:
        from .config import load_config
        config = load_config()
    flags: list[Flag] = []
    for rule_id, rule in DOCUMENT_RULES.items():
        if config.enabled(rule_id):
            flags += rule(doc, config)
    return flags
