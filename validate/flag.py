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
