"""A spreadsheet cell's value under its number format reads as the sheet shows it."""
from __future__ import annotations

import datetime as dt

import pytest

from jixiao.extract.numfmt import format_value, general


@pytest.mark.parametrize("value, fmt, shown", [
    (0.9619, "0.00%", "96.19%"),
    (0.835, "0.0%", "83.5%"),
    (1, "0%", "100%"),
    (150, "0.00", "150.00"),
    (125.25, "#,##0.00", "125.25"),
    (1234567.5, "#,##0.00", "1,234,567.50"),
    (150, "General", "150"),
    (None, "0.00", ""),
    (0.1 + 0.2, "General", "0.3"),
    (150, '0"万元"', "150万元"),
    (150, "0\\元", "150元"),
    (-5, "0.00;[Red]-0.00", "-5.00"),
    (-3, "#,##0;(#,##0)", "(3)"),
    (0, '0.00;-0.00;"-"', "-"),
    (3.5, "0.##", "3.5"),
    (12345678, "0.00,,", "12.35"),
    (12345, "0.00E+00", "1.23E+04"),
    (7.29, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "7.29"),
    (98, "[$-804]0", "98"),
    ("说明", '"备注："@', "备注：说明"),
    (True, "General", "TRUE"),
])
def test_number_formats(value, fmt, shown):
    assert format_value(value, fmt) == shown


def test_dates_follow_the_format():
    assert format_value(dt.datetime(2024, 3, 5), 'yyyy"年"m"月"d"日"') == "2024年3月5日"
    assert format_value(dt.datetime(2024, 3, 5), "yyyy-mm-dd") == "2024-03-05"
    assert format_value(45000, "yyyy/m/d") == "2023/3/15"     # a serial under a date format
    assert format_value(dt.datetime(2024, 3, 5, 9, 7), "hh:mm") == "09:07"   # mm after hh: minutes


def test_general_keeps_eleven_significant_digits():
    assert general(123456789012.5) == "1.2345678901E+11"
    assert general(2.0) == "2"
    assert general(0.125) == "0.125"
