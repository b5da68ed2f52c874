"""Instruction text a template leaves in its cells (对照年度目标，说明…（100字以内）): a table still
holding it was left unfilled. The patterns live in label_synonyms.toml ([template_text]).

The text stays in the record as printed (it is what the cell holds); `template_fields` names the
fields that hold it, so the validator reports the table once and reads none of it as a figure.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .labels import load_synonyms
from .records import Project

__all__ = ["is_instruction", "template_fields", "PROJECT_TEXT_FIELDS", "INDICATOR_TEXT_FIELDS"]

PROJECT_TEXT_FIELDS = ("project_name", "competent_dept", "implementing_unit", "goal_planned", "goal_actual",
                       "conclusion", "problems", "measures")
INDICATOR_TEXT_FIELDS = ("level3", "target_raw", "actual_raw", "deviation_note")


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in load_synonyms().get("template_text", {}).get("patterns", []))


def is_instruction(text: str | None) -> bool:
    if not text:
        return False
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return any(p.search(compact) for p in _patterns())


def template_fields(project: Project) -> list[str]:
    """`goal_actual`, `indicators[2].actual_raw`, … : the fields of `project` holding instruction text."""
    out = [name for name in PROJECT_TEXT_FIELDS if is_instruction(getattr(project, name))]
    for ind in project.indicators:
        out += [f"indicators[{ind.seq}].{name}" for name in INDICATOR_TEXT_FIELDS if is_instruction(getattr(ind, name))]
    return out
