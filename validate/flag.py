"""A flag is data (frictionless-style): a rule id, a severity, where, stated vs expected."""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass
class Flag:
    rule: str
    severity: str
    message: str                  # one Chinese sentence a reviewer understands
    stated: str | None = None
    expected: str | None = None
    project_id: str | None = None
    page: int | None = None
    field: str | None = None      # the record field the flag is about, e.g. exec_rate_stated
    table_index: int | None = None
    row: int | None = None        # grid slot of the cell pointed at
    col: int | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    uncertain: bool = False       # rests on an OCR reading the reader was unsure of


# One wording for every rule whose figures come from an uncertain OCR reading.
UNCERTAIN_NOTE = "（所据数字为扫描识别结果、识别置信度低，请核对原件）"


def mark_uncertain(severity: str, message: str) -> tuple[str, str]:
    """An error resting on an uncertain OCR reading becomes a warning, and its message says
    why, the same way for every rule (project, narrative, panel)."""
    if severity == ERROR:
        severity = WARNING
    return severity, message.rstrip("。") + UNCERTAIN_NOTE
