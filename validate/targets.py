"""Targets the figure comparisons of project_rules cannot read as one number: a range (40-50个,
95%-100%, 3～5个工作日) and a qualitative word the actual negates (达标 | 未达标)."""
from __future__ import annotations

import re
import unicodedata

from jixiao.normalize.numbers import ParsedNumber, parse_number

__all__ = ["range_bounds", "negates"]

# low [%] - high [%] [unit]; the unit is a short word (个, 台, 个工作日), never a digit, so a date
# (2024-01-01) or a period (2022—2024年: a calendar unit, refused by the caller) is no range
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*[-~—–－至到]\s*(\d+(?:\.\d+)?)\s*(%?)\s*([^\d\s%]{0,5})\s*$")
_NEGATIONS = ("尚未", "未能", "没有", "未", "不", "没", "无")


def range_bounds(target: str | None) -> tuple[ParsedNumber, ParsedNumber] | None:
    """(low, high) of a range target, each parsed with the unit printed after the high end
    (40-50个 -> 40个, 50个; 95-100% -> 95%, 100%); None for anything else."""
    m = _RANGE.match(unicodedata.normalize("NFKC", target or ""))
    if not m:
        return None
    percent = m.group(2) or m.group(4)
    low, high = parse_number(m.group(1) + percent + m.group(5)), parse_number(m.group(3) + percent + m.group(5))
    if low.value is None or high.value is None or low.value >= high.value:
        return None
    return low, high


def _compact(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).rstrip("。.")


def negates(target: str | None, actual: str | None) -> bool:
    """The actual is the qualitative target with a negation before it (达标 | 未达标, 合格 | 不合格,
    有效提升 | 未有效提升); a target that is a figure or itself negated is not one."""
    t, a = _compact(target), _compact(actual)
    if not t or any(ch.isdigit() for ch in t) or t.startswith(_NEGATIONS):
        return False
    return any(a == word + t for word in _NEGATIONS)
