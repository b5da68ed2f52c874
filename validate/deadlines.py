"""Calendar dates of a deadline target and of the date it was met (`2023年10月底前` | `2023年11月15日`,
`12月底前` | `12月20日`, `2023.10.31` | `2023-11-02`), for the rule that a deadline missed is no
full marks. Pure functions on the printed texts.

A month without a day is read the way that favours the form: as the month's last day in a target
(`10月底前`, `2023年10月`), as its first day in an actual (`2023年11月`), so only a date
certainly later than the deadline counts as late. 次年 / 翌年 / 下一年度 before a month (次年1月15日,
次年3月底前) is the year after the evaluation year (the table's 年度; when that is not known, the
year the other side prints). A bare target month falls in the table's year (2023年度: `12月底前`
is 2023-12-31, so `2024年1月5日` is late), else in the year the actual prints; a bare actual month
takes the year the target prints, else the table's. A target named by the year's end (年底前,
年内完成, 当年, 2024年末) is its 31 December, 上半年 its 30 June, 第三季度 its 30 September; in an
actual such words state no date.
A text holding two dates (a range, 3月至12月) or none is no date.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

__all__ = ["deadline_dates", "read_date"]

_CN_DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*|(?P<next>次年|翌年|第二年|下一?年度?)\s*)?"
                      r"(?P<m>1[0-2]|0?[1-9])\s*月\s*(?:(?P<d>3[01]|[12]\d|0?[1-9])\s*[日号])?")
_NUM_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[.\-/]\s*(?P<m>1[0-2]|0?[1-9])(?:\s*[.\-/]\s*(?P<d>3[01]|[12]\d|0?[1-9]))?(?!\d)")
# a target named by the year's end or half (年底前, 2024年末, 年内完成, 当年, 上半年): read in targets
# only, as the last day it allows; 2年内 / 三年内 (a duration, a digit or count before 年) is none
_YEAR_END = re.compile(r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*度?\s*(?P<end>底|末|内|结束)"
                       r"|(?<![\d一二三四五六七八九十两个半多几上下])(?P<bare>年底|年末|年内|年度内|当年|本年度?)"
                       r"|(?P<half>上半年))")
# a target named by one quarter (第三季度, 2024年四季度末, Q3 is not Chinese print): its last day, in
# targets only; 每季度 / 一至三季度 stay no date (the rest of the text is tested as below)
_QUARTER = re.compile(r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*(?:度\s*)?)?第?\s*(?P<q>[1-4一二三四])\s*季度")
_QUARTER_NUMBER = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
# a target of this kind is no single deadline: every month, a span, a quarter
_NOT_ONE_DATE = re.compile(r"每|至|到|—|～|~|季度|上旬|中旬|下旬|以后|之后|后完成|起")


def read_date(text: str | None, latest: bool) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of the one date a text states; a missing day is the month's
    last day when `latest`, else its first. None for no date, two dates or a span."""
    found = _read(text, latest)
    return None if found is None else (found[0], found[2], found[3])


def _read(text: str | None, latest: bool) -> tuple[int | None, int, int, int] | None:
    """(year or None, years after the evaluation year (1 for 次年), month, day), as read_date."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    quarters = list(_QUARTER.finditer(text)) if latest else []
    if len(quarters) == 1 and not _CN_DATE.search(text) and not _NOT_ONE_DATE.search(_QUARTER.sub("", text)):
        q = quarters[0]
        year, month = (int(q["y"]) if q["y"] else None), 3 * _QUARTER_NUMBER[q["q"]]
        return year, 0, month, calendar.monthrange(year or 2001, month)[1]
    if _NOT_ONE_DATE.search(text):
        return None
    found = [m for pattern in (_CN_DATE, _NUM_DATE) for m in pattern.finditer(text)]
    if not found and latest:
        ends = list(_YEAR_END.finditer(text))
        if len(ends) == 1:
            year = int(ends[0]["y"]) if ends[0]["y"] else None
            return (year, 0, 6, 30) if ends[0]["half"] else (year, 0, 12, 31)
    if len(found) != 1:
        return None
    m = found[0]
    year = int(m["y"]) if m["y"] else None
    later = 1 if m.groupdict().get("next") else 0
    month = int(m["m"])
    if m["d"]:
        day = int(m["d"])
    else:
        day = calendar.monthrange(year or 2001, month)[1] if latest else 1   # 2001: no leap year
    return year, later, month, day


def deadline_dates(target: str | None, actual: str | None, year: int | None = None) -> tuple[date, date] | None:
    """(latest date the target allows, earliest date the actual states), or None when either
    states no single date; with no year anywhere both fall in one year. `year`: the table's
    evaluation year (its 年度), which a bare target month falls in and 次年 follows."""
    t, a = _read(target, latest=True), _read(actual, latest=False)
    if t is None or a is None:
        return None
    printed = t[0] if t[0] is not None else a[0]
    base = year if year is not None else printed if printed is not None else 2001

    def year_of(side, other, is_target: bool) -> int:
        if side[0] is not None:
            return side[0]
        if side[1]:
            return base + side[1]
        if is_target and year is not None:  # a bare target month: the table's year
            return year
        if other[0] is not None:            # a bare month: the year the other side prints
            return other[0]
        if year is not None:
            return year
        return base if other[1] else 2001   # beside 次年: the evaluation year; else one year for both

    try:
        return date(year_of(t, a, True), t[2], t[3]), date(year_of(a, t, False), a[2], a[3])
    except ValueError:                      # 2月30日: not a date
        return None
