"""Calendar dates of a deadline target and of the date it was met (`2023年10月底前` | `2023年11月15日`,
`12月底前` | `12月20日`, `2023.10.31` | `2023-11-02`), for the rule that a deadline missed is no
full marks. Pure functions on the printed texts.

A month without a day is read the way that favours the form: as the month's last day in a target
(`10月底前`, `2023年10月`), as its first day in an actual (`2023年11月`), so only a date
certainly later than the deadline counts as late. A target without a year falls in the table's
year (2023年度: `12月底前` is 2023-12-31, so `2024年1月5日` is late), else in the actual's; an
actual without a year takes the target's, else the table's. A text holding two dates (a range,
3月至12月) or none is no date.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

__all__ = ["deadline_dates", "read_date"]

_CN_DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m>1[0-2]|0?[1-9])\s*月\s*(?:(?P<d>3[01]|[12]\d|0?[1-9])\s*[日号])?")
_NUM_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[.\-/]\s*(?P<m>1[0-2]|0?[1-9])(?:\s*[.\-/]\s*(?P<d>3[01]|[12]\d|0?[1-9]))?(?!\d)")
# a target of this kind is no single deadline: every month, a span, a quarter
_NOT_ONE_DATE = re.compile(r"每|至|到|—|～|~|季度|上旬|中旬|下旬|以后|之后|后完成|起")


def read_date(text: str | None, latest: bool) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of the one date a text states; a missing day is the month's
    last day when `latest`, else its first. None for no date, two dates or a span."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    if _NOT_ONE_DATE.search(text):
        return None
    found = [m for pattern in (_CN_DATE, _NUM_DATE) for m in pattern.finditer(text)]
    if len(found) != 1:
        return None
    m = found[0]
    year = int(m["y"]) if m["y"] else None
    month = int(m["m"])
    if m["d"]:
        day = int(m["d"])
    else:
        day = calendar.monthrange(year or 2001, month)[1] if latest else 1   # 2001: no leap year
    return year, month, day


def deadline_dates(target: str | None, actual: str | None, year: int | None = None
                   ) -> tuple[date, date] | None:
    """(latest date the target allows, earliest date the actual states), or None when either
    states no single date. `year`: the table's (its 年度), for a side that prints none; with no
    year anywhere both fall in one year."""
    t, a = read_date(target, latest=True), read_date(actual, latest=False)
    if t is None or a is None:
        return None
    year_t, year_a = t[0] or year or a[0], a[0] or t[0] or year
    if year_t is None:                      # neither side has a year: compare within one year
        year_t = year_a = 2001
    try:
        return date(year_t, t[1], t[2]), date(year_a, a[1], a[2])
    except ValueError:                      # 2月30日: not a date
        return None
