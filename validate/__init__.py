"""Validate stage: NormalizedDocument -> list[Flag]. Never re-reads the file."""
from __future__ import annotations

# From the checkout root this folder is also importable as plain `validate`: a second copy of
# every class, and isinstance checks that silently fail across the two. Refuse it.
if __name__ != "jixiao.validate":
    raise ImportError(f"import jixiao.validate, not {__name__} (the stages live in the jixiao namespace)")

from jixiao.normalize.records import NormalizedDocument

from .flag import Flag

__all__ = ["validate_document", "Flag"]


def validate_document(doc: NormalizedDocument, config=None) -> list[Flag]:
    from .config import load_config
    from .document_rules import check_document
    from .narrative import check_narrative
    from .panels import check_panels
    from .project_rules import check_project
    from .scale import document_readings

    config = config or load_config()
    flags: list[Flag] = []
    readings = document_readings(doc.projects, config)
    for project in doc.projects:
        flags += check_project(project, doc.project_id(project), config, readings.get(project.table_index))
    flags += check_document(doc, config)
    flags += check_narrative(doc, config)
    flags += check_panels(doc, config)
    return flags
