"""normalize.numbers: examples of every cell shape the reports print, plus properties."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from jixiao.normalize.numbers import (clean_text, is_placeholder, parse_exact, parse_money, parse_number,
                               parse_rate, to_wan)


@pytest.mark.parametrize("text,value,percent,op,unit,exact", [
    ("1,234.5", 1234.5, False, None, None, True),
    ("95%", 95.0, True, None, "%", True),
    ("≥90%", 90.0, True, "≥", "%", True),
    ("≥ 85", 85.0, False, "≥", None, True),
    (">=85", 85.0, False, "≥", None, True),
    ("≤5", 5.0, False, "≤", None, True),
    ("10", 10.0, False, None, None, True),
    ("１２.５", 12.5, False, None, None, True),          # full-width digits
    ("１００％", 100.0, True, None, "%", True),
    ("1316。25", 1316.25, False, None, None, True),    # a decimal point typed as 。
    ("536｡25万元", 536.25, False, None, "万元", True),
    ("完成3场。", 3.0, False, None, "场", False),        # a sentence's full stop stays punctuation
    ("12。5万元", 12.5, False, None, "万元", True),
    ("高于95%", 95.0, True, ">", "%", False),
    ("不高于5%", 5.0, True, "≤", "%", False),
    ("调解成功 200 件左右", 200.0, False, None, "件", False),
    ("98%以上", 98.0, True, "≥", "%", False),
    ("不超过 5 万元", 5.0, False, "≤", "万元", False),
    ("挽回经济损失 194319 64.82", 19431964.82, False, None, None, False),
    ("1.408", 1.408, False, None, None, True),
    ("20万元", 20.0, False, None, "万元", True),
])
def test_parse_number(text, value, percent, op, unit, exact):
    p = parse_number(text)
    assert p.raw == text
    assert p.value == pytest.approx(value)
    assert (p.percent, p.operator, p.unit, p.exact) == (percent, op, unit, exact)


def test_a_full_stop_before_a_clause_is_no_decimal_point():
    # 建成38。2个村… ends a clause after 38 (round 13): it was read as 38.2; two figures in a
    # sentence give no single value, as with a comma
    assert parse_number("建成38。2个村因征地滞后在建").value is None
    assert parse_number("建成38，2个村因征地滞后在建").value is None
    assert parse_number("38。2万元").value == pytest.approx(38.2)
    # a calendar word after it: a month or a day, never tenths of one
    assert parse_number("3120。2月").value is None


@pytest.mark.parametrize("text", [None, "", "  ", "—", "-", "/", "——", "无", "2024/1/1", "2024/1 /1",
                                  "2024-01-01", "2024年12月", "12月31日", "优良中差等", "10-12", "按季度完成"])
def test_not_a_number(text):
    assert parse_number(text).value is None


def test_placeholders():
    assert is_placeholder("—") and is_placeholder(" / ") and is_placeholder("") and is_placeholder(None)
    assert not is_placeholder("0")


def test_rate_percent_vs_bare():
    assert parse_rate("100%") == 1.0
    assert parse_rate("10") == 10.0          # a bare 10 stays 10 (gold quirk)
    assert parse_rate("91.67%") == pytest.approx(0.9167)
    assert parse_rate("—") is None
    assert parse_rate("约100%") is None


def test_exact_for_weights_and_scores():
    assert parse_exact("10") == 10.0 and parse_exact("10分") == 10.0
    assert parse_exact("约10") is None and parse_exact("≥10") is None and parse_exact("—") is None


def test_money_units():
    assert parse_money("1,200,000", "元") == pytest.approx(120.0)
    assert parse_money("20.1") == 20.1
    assert parse_money("5000元", "万元") == pytest.approx(0.5)   # the cell's own unit wins
    assert parse_money("95%") is None and parse_money("—") is None
    assert to_wan(None, "元") is None and to_wan(3.0, None) == 3.0


def test_clean_text():
    assert clean_text("年初预 算数") == "年初预算数"
    assert clean_text("年初预\n算数") == "年初预算数"
    assert clean_text("Word  Excel") == "Word Excel"
    assert clean_text("  ") is None and clean_text(None) is None


# ---------------------------------------------------------------- properties

finite = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(finite, st.integers(min_value=0, max_value=4))
def test_roundtrip_plain(x, digits):
    text = f"{x:.{digits}f}"
    assert parse_number(text).value == pytest.approx(float(text))
    assert parse_number(text).exact


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False), st.integers(min_value=0, max_value=2))
def test_roundtrip_thousands_separator(x, digits):
    text = f"{x:,.{digits}f}"
    assert parse_number(text).value == pytest.approx(float(text.replace(",", "")))


@given(st.integers(min_value=0, max_value=10**6))
def test_full_width_digits_equal_ascii(n):
    full = "".join(chr(ord(ch) - ord("0") + ord("０")) for ch in str(n))
    assert parse_number(full).value == parse_number(str(n)).value == n


@given(st.integers(min_value=0, max_value=1000), st.sampled_from(["≥", "≤", ">=", "<=", ">", "<", ""]),
       st.sampled_from(["", " ", "\n"]))
def test_operator_and_percent(n, op, space):
    p = parse_number(f"{op}{space}{n}%")
    assert p.value == n and p.percent and p.fraction == pytest.approx(n / 100)
    assert (p.operator is None) == (op == "")


@given(st.text(alphabet="调解成功件左右人次约共计达到", max_size=6), st.integers(min_value=0, max_value=99999),
       st.text(alphabet="件人次左右以上个", max_size=4))
def test_number_with_text_around_keeps_value_and_raw(before, n, after):
    text = f"{before}{n}{after}"
    p = parse_number(text)
    assert p.raw == text
    assert p.value == n


@settings(max_examples=200)
@given(st.text(max_size=30))
def test_never_raises_and_raw_kept(text):
    p = parse_number(text)
    assert p.raw == text
    assert p.value is None or p.value == p.value  # not NaN


@given(st.text(alphabet=" \n\t年初预算数执行率", max_size=20))
def test_clean_text_has_no_layout_whitespace(text):
    out = clean_text(text)
    assert out is None or not any(ch.isspace() for ch in out)


def test_latin_and_symbol_unit_spellings_read_as_their_chinese_names():
    """NFKC makes ㎡ `m2`, whose 2 read as a second number (no value at all); km / 千米 / t
    against 公里 / 吨 were other units, so a missed ≥5000平方米 | 4800㎡ was never compared."""
    from jixiao.normalize.numbers import parse_number
    for text, value, unit in (("4800㎡", 4800, "平方米"), ("≥5000m²", 5000, "平方米"), ("1200m3", 1200, "立方米"),
                              ("25.8km", 25.8, "公里"), ("25.8千米", 25.8, "公里"), ("3.5km²", 3.5, "平方公里"),
                              ("95t", 95, "吨"), ("30kg", 30, "公斤"), ("5G基站", 5, None)):
        parsed = parse_number(text)
        assert (parsed.value, parsed.unit) == (value, unit), text
