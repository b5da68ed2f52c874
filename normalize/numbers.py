"""Number parsing for table cells: pure functions, raw text always kept.

What a cell may hold and what comes out:

    "1,234.5"  -> 1234.5          "95%"   -> 95 (percent=True; .fraction 0.95)
    "≥90%"     -> 90, op "≥"      "≥ 85"  -> 85, op "≥"
    "10"       -> 10              "１２"  -> 12 (full-width digits)
    "", "—", "-", "/", "无"  -> None (a placeholder, not a number)
    "2024/1/1" -> None (a date is not a number)
    "调解成功 200 件左右" -> 200, unit "件", exact=False (a number with text around)
    "98%以上"  -> 98, op "≥"      "不超过 5 万元" -> 5, op "≤", unit "万元"

`exact` says the text was only the number (with operator/unit); callers that need a figure
from a numeric column (money, weights, scores) accept only exact parses, callers that
compare indicator targets accept any single number.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "ParsedNumber", "clean_text", "parse_number", "parse_exact", "parse_money", "parse_rate",
    "is_placeholder", "to_wan", "MONEY_UNITS",
]

# Text that stands for "nothing here" in a numeric cell.
PLACEHOLDERS = frozenset({"", "-", "—", "——", "–", "―", "─", "/", "\\", "无", "空", "/", "－", "——", "N/A", "n/a", "NA", "null", "×", "x"})

MONEY_UNITS = {"元": 1e-4, "万元": 1.0, "千元": 1e-1, "亿元": 1e4, "万": 1.0, "亿": 1e4}

_SPACE = re.compile(r"[\s\u200b-\u200d\ufeff\u3000]+")
_ASCII_WORD = re.compile(r"[A-Za-z]")


def clean_text(text: str | None) -> str | None:
    """Layout whitespace removed: wrapped lines joined (`年初预\\n算数` -> `年初预算数`).
    A space survives only between two ASCII letters (`Word Excel`). None when blank."""
    if text is None:
        return None
    parts = _SPACE.split(str(text).strip())
    if not parts or parts == [""]:
        return None
    out = parts[0]
    for part in parts[1:]:
        if not part:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " " + part
        else:
            out += part
    return out or None


# a decimal point typed as the ideographic full stop (1316。25, 12。5万元): only between two digits
# and with at most a unit after the digits it leads, so a sentence's 。 after a figure stays
# punctuation, before a clause (完成 3 场。 / 建成38。2个村因征地滞后在建) as at the end
_IDEOGRAPHIC_POINT = re.compile(r"(?<=\d)[。｡](?=\d+([^\d]*)$)", re.DOTALL)
_UNIT_TAIL = 4      # characters a unit after a figure may take (万元, 人次, 平方米)


_CALENDAR = ("月", "日", "年", "号")    # 3120。2月: a figure, then a month; no count is in tenths of a month


def _decimal_points(text: str) -> str:
    def point(m: re.Match) -> str:
        tail = m.group(1).strip()
        return "." if len(tail) <= _UNIT_TAIL and not tail.startswith(_CALENDAR) else m.group(0)
    return _IDEOGRAPHIC_POINT.sub(point, text)


def _nfkc(text: str) -> str:
    text = _decimal_points(unicodedata.normalize("NFKC", text))
    # NFKC leaves these alone; sources print either way.
    return (text.replace("＜", "<").replace("＞", ">").replace("﹪", "%").replace("．", ".")
            .replace("，", ",").replace("≧", "≥").replace("≦", "≤").replace("〉", ">").replace("〈", "<"))


def is_placeholder(text: str | None) -> bool:
    if text is None:
        return True
    compact = _SPACE.sub("", _nfkc(str(text)))
    return compact in PLACEHOLDERS or bool(re.fullmatch(r"[-—–―/\\_]+", compact))


@dataclass(frozen=True)
class ParsedNumber:
    raw: str | None               # the printed text, untouched
    value: float | None           # the number as printed (95% -> 95.0)
    percent: bool = False
    operator: str | None = None   # ≥ ≤ > < = when printed or said in words (以上/以下/不超过)
    unit: str | None = None       # %, 元, 万元, 件, 人, ...
    exact: bool = False           # the text held nothing but the number, operator and unit

    @property
    def fraction(self) -> float | None:
        """95% -> 0.95; a number printed without % stays as it is."""
        if self.value is None:
            return None
        return self.value / 100.0 if self.percent else self.value


_DATE = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}\s*[/\-年]\s*\d{1,2}(?:\s*[/\-月]\s*\d{1,2}\s*日?)?"
                   r"|(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日)(?!\d)")
_NUM = re.compile(r"(?<![\d.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])|(?<![\d.])\.\d+")
_OPS = (
    (re.compile(r"^(≥|>=|=>)"), "≥"), (re.compile(r"^(≤|<=|=<)"), "≤"),
    (re.compile(r"^>"), ">"), (re.compile(r"^<"), "<"), (re.compile(r"^="), "="),
)
_WORD_OPS = (
    (re.compile(r"(不低于|不少于|至少|大于等于|大于或等于|不小于)"), "≥"),
    (re.compile(r"(不高于|不超过|不多于|小于等于|小于或等于|不大于|控制在)"), "≤"),
    (re.compile(r"以上"), "≥"), (re.compile(r"(以下|以内)"), "≤"),
    (re.compile(r"大于|超过|多于|高于"), ">"), (re.compile(r"小于|少于|低于"), "<"),
)
_UNIT_AFTER = re.compile(r"^\s*(%|‰|百分比|百分点|万元|千元|亿元|元|万|亿|[个件人次户项家名份场天日月年台套篇条期批所间座张本元平方米公里米吨立斤]+|分)")
_CURRENCY = re.compile(r"^(?:¥|RMB|人民币)")     # ￥ is ¥ after NFKC
# Latin and symbol spellings of units, in their Chinese names so both sides of a target compare:
# NFKC turns ㎡ / m² into m2 and ㎥ into m3, whose digit would read as a second number
_UNIT_SPELLINGS = (
    (re.compile(r"(?<=\d)(?:km2|平方千米)(?![0-9a-z])", re.I), "平方公里"),
    (re.compile(r"(?<=\d)km(?![0-9a-z])", re.I), "公里"),
    (re.compile(r"千米"), "公里"),
    (re.compile(r"(?<=\d)m2(?![0-9a-z])", re.I), "平方米"),
    (re.compile(r"(?<=\d)m3(?![0-9a-z])", re.I), "立方米"),
    (re.compile(r"(?<=\d)kg(?![0-9a-z])", re.I), "公斤"),
    (re.compile(r"(?<=\d)t(?=$|/)"), "吨"),
)


def parse_number(text: str | None) -> ParsedNumber:
    """The single number in `text` with its operator and unit; value None for blanks,
    placeholders, dates and text holding no number or several numbers."""
    raw = text
    if text is None or is_placeholder(text):
        return ParsedNumber(raw, None)
    s = _SPACE.sub("", _nfkc(str(text)))
    for pattern, name in _UNIT_SPELLINGS:
        s = pattern.sub(name, s)
    if _DATE.search(s):
        rest = _DATE.sub("", s)
        if not _NUM.search(rest):
            return ParsedNumber(raw, None)
        s = rest
    operator = None
    for pattern, op in _OPS:
        m = pattern.match(s)
        if m:
            operator, s = op, s[m.end():]
            break
    s = _CURRENCY.sub("", s)
    matches = list(_NUM.finditer(s))
    if len(matches) != 1:
        return ParsedNumber(raw, None, operator=operator)
    m = matches[0]
    try:
        value = float(m.group(0).replace(",", ""))
    except ValueError:  # pragma: no cover - the pattern only matches floats
        return ParsedNumber(raw, None, operator=operator)
    before, after = s[:m.start()], s[m.end():]
    unit = None
    um = _UNIT_AFTER.match(after)
    if um:
        unit = um.group(1)
        after_unit = after[um.end():]
    else:
        after_unit = after
    if unit in ("百分比", "百分点"):   # `≥100百分比`: a template's unit column typed into the cell
        unit = "%"
    percent = unit in ("%",)
    if unit == "‰":
        value, percent, unit = value / 10.0, True, "%"
    if operator is None:
        for pattern, op in _WORD_OPS:
            if pattern.search(before) or pattern.search(after_unit):
                operator = op
                break
    exact = before in ("", "+") and after_unit == ""
    if before.endswith("-") and m.group(0)[0] not in "+-":
        exact = False
    return ParsedNumber(raw, value, percent=percent, operator=operator, unit=unit, exact=exact)


def parse_exact(text: str | None, allow_units: tuple[str, ...] = ("分", "%", "万元", "元")) -> float | None:
    """A figure from a numeric column (weight, score): only when the cell is the number
    (with an optional unit); `10`, `10分` -> 10.0; `约10` or `10-12` -> None."""
    p = parse_number(text)
    if p.value is None or not p.exact or p.operator is not None:
        return None
    if p.unit is not None and p.unit not in allow_units:
        return None
    return p.value


def to_wan(value: float | None, unit: str | None) -> float | None:
    """Money in 万元 from a value printed in `unit` (元, 万元, 千元, 亿元); None stays None."""
    if value is None:
        return None
    factor = MONEY_UNITS.get(unit or "万元", 1.0)
    return round(value * factor, 10)


def parse_money(text: str | None, table_unit: str = "万元") -> float | None:
    """A money cell in 万元. The unit printed in the cell wins over the table's unit."""
    p = parse_number(text)
    if p.value is None or not p.exact or p.percent or p.operator is not None:
        return None
    unit = p.unit if p.unit in MONEY_UNITS else table_unit
    if p.unit is not None and p.unit not in MONEY_UNITS:
        return None
    return to_wan(p.value, unit)


def parse_rate(text: str | None, percent_column: bool = False) -> float | None:
    """An execution rate as printed, as a fraction: `100%` -> 1.0, a bare `10` stays 10.0 —
    unless the column's header says its values are percents (`执行率（%）`): then `95.5` -> 0.955."""
    p = parse_number(text)
    if p.value is None or not p.exact:
        return None
    if percent_column and not p.percent and p.unit is None:
        return p.value / 100.0
    return p.fraction
