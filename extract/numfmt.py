"""A spreadsheet cell's stored value -> the text the sheet shows, from its number format code.

Neither openpyxl nor xlrd renders number formats (they give the stored float and the format
string); python-calamine gives neither. What a 自评表 prints depends on it: 0.9619 under
`0.00%` is `96.19%`, 150 under `0.00` is `150.00`. This renders the part of Excel's format
language such sheets use: General, digits with `0` / `#` / `,` / `.`, percent, literal text
(`"万元"`, `\\元`), sections `pos;neg;zero;text`, colours and locale tags (ignored), padding
(`_x`, `*x`, dropped), scaling commas (`0.0,,`), and dates/times (y m d h s). Anything it does
not understand falls back to General, which still gives the right number.
"""
from __future__ import annotations

import datetime as _dt
import math
import re

GENERAL = "General"
_BRACKET = re.compile(r"\[[^\]]*\]")
_DATE_TOKENS = set("ymdhsYMDHSe")


def format_value(value, number_format: str | None) -> str:
    """The displayed text of a cell value under its number format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return _format_datetime(value, number_format)
    if isinstance(value, str):
        return _format_text(value, number_format)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return ""
        return format_number(float(value), number_format)
    return str(value)


def general(value: float) -> str:
    """Excel's General: integers without a point, else up to 11 significant digits, no
    trailing zeros (0.1 + 0.2 shows 0.3)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.11g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}E{int(exp):+03d}"
    return text


def _sections(fmt: str) -> list[str]:
    """Split at ; outside quotes and escapes."""
    out, cur, quoted, i = [], "", False, 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\\" and not quoted and i + 1 < len(fmt):
            cur += fmt[i:i + 2]
            i += 2
            continue
        elif ch == ";" and not quoted:
            out.append(cur)
            cur = ""
            i += 1
            continue
        cur += ch
        i += 1
    out.append(cur)
    return out


def _tokens(section: str) -> list[tuple[str, str]]:
    """('lit', text) and ('code', chars) pieces of one section, brackets dropped."""
    section = _BRACKET.sub("", section)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            out.append(("lit", section[i + 1:end]))
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            out.append(("lit", section[i + 1]))
            i += 2
        elif ch in "_*" and i + 1 < len(section):
            i += 2                      # padding / fill: no printed character
        elif ch in "+-" and not (out and out[-1] == ("code", "E") or out and out[-1] == ("code", "e")):
            out.append(("lit", ch))     # a sign printed as it stands (the E+ of 0.00E+00 is code)
            i += 1
        elif ch in "0#?.,%Ee+-" or ch in _DATE_TOKENS or ch in "/:@ ":
            out.append(("code", ch))
            i += 1
        else:
            out.append(("lit", ch))     # 元, (, ), $, ¥ ... print as themselves
            i += 1
    return out


def _is_date_section(tokens: list[tuple[str, str]]) -> bool:
    return any(kind == "code" and ch in _DATE_TOKENS - {"e", "E"} for kind, ch in tokens)


def format_number(value: float, number_format: str | None) -> str:
    fmt = (number_format or GENERAL).strip()
    if not fmt or fmt.lower() == GENERAL.lower() or fmt == "@":
        return general(value)
    sections = _sections(fmt)
    if value < 0 and len(sections) >= 2:
        section, value, sign = sections[1], -value, ""
    elif value == 0 and len(sections) >= 3:
        section, sign = sections[2], ""
    else:
        section, sign = sections[0], "-" if value < 0 else ""
        value = abs(value)
    tokens = _tokens(section)
    if _is_date_section(tokens):
        try:
            return _format_datetime(_from_serial(value), section)
        except (OverflowError, ValueError):
            return general(value)
    codes = "".join(ch for kind, ch in tokens if kind == "code")
    if not any(ch in "0#?" for ch in codes):
        # all-literal section (e.g. "-" for zero): print it as it stands
        return "".join(text for kind, text in tokens if kind == "lit") or general(value)
    if "E" in codes.upper() and ("E+" in codes.upper() or "E-" in codes.upper()):
        digits = codes.split(".")[1] if "." in codes else ""
        places = sum(ch in "0#?" for ch in digits.upper().split("E")[0])
        return sign + f"{value:.{places}E}"
    percent = codes.count("%")
    value *= 100 ** percent
    # Commas right after the last digit placeholder scale by 1000 each.
    number_part = codes.rstrip("%")
    trailing = len(number_part) - len(number_part.rstrip(","))
    value /= 1000 ** trailing
    number_part = number_part[: len(number_part) - trailing] if trailing else number_part
    integer_codes, _, decimal_codes = number_part.partition(".")
    places = sum(ch in "0#?" for ch in decimal_codes)
    min_places = sum(ch == "0" for ch in decimal_codes)
    grouping = "," in integer_codes
    min_int = sum(ch == "0" for ch in integer_codes)
    int_text, _, dec_text = f"{value:.{places}f}".partition(".")
    if places > min_places:                      # '#' decimals: only the digits that count
        dec_text = dec_text.rstrip("0").ljust(min_places, "0")
    if int_text == "0" and min_int == 0:         # '#.00' shows .50
        int_text = ""
    elif grouping:
        int_text = f"{int(int_text):,}".rjust(min_int, "0")
    else:
        int_text = int_text.zfill(min_int)
    number = int_text + ("." + dec_text if "." in number_part else "")
    # Put the number where the first placeholder stands, literals around it.
    out, placed = [], False
    for kind, ch in tokens:
        if kind == "lit":
            out.append(ch)
        elif ch in "0#?.,":
            if not placed:
                out.append(number)
                placed = True
        elif ch == "%":
            out.append("%")
        elif ch == " ":
            out.append(" ")
    return (sign + "".join(out)).strip()


def _format_text(value: str, number_format: str | None) -> str:
    """Text under a format with a text section (`"说明："@`): the 4th section or an @."""
    fmt = number_format or ""
    if "@" not in fmt:
        return value
    sections = _sections(fmt)
    section = sections[3] if len(sections) >= 4 else next((s for s in sections if "@" in s), "@")
    out = []
    for kind, ch in _tokens(section):
        out.append(value if (kind, ch) == ("code", "@") else ch if kind == "lit" else "")
    return "".join(out)


_EPOCH = _dt.datetime(1899, 12, 30)


def _from_serial(serial: float) -> _dt.datetime:
    return _EPOCH + _dt.timedelta(days=serial)


def _format_datetime(value, number_format: str | None) -> str:
    """Dates as the format spells them (yyyy"年"m"月"d"日", yyyy-mm-dd), ISO when the format
    is not a date format."""
    fmt = number_format or ""
    tokens = _tokens(_sections(fmt)[0]) if fmt else []
    if not _is_date_section(tokens):
        if isinstance(value, _dt.datetime) and value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _dt.time):
        value = _dt.datetime.combine(_dt.date(1900, 1, 1), value)
    elif not isinstance(value, _dt.datetime):
        value = _dt.datetime.combine(value, _dt.time(0))
    # Group runs of the same code letter: yyyy, mm, dd, hh, ss.
    runs: list[tuple[str, str]] = []
    for kind, ch in tokens:
        if kind == "code" and ch.lower() in "ymdhs" and runs and runs[-1][0] == "code" and runs[-1][1][0].lower() == ch.lower():
            runs[-1] = ("code", runs[-1][1] + ch)
        else:
            runs.append((kind, ch))
    out = []
    for i, (kind, text) in enumerate(runs):
        if kind == "lit":
            out.append(text)
            continue
        letter, n = text[0].lower(), len(text)
        if letter == "y":
            out.append(f"{value.year:04d}" if n > 2 else f"{value.year % 100:02d}")
        elif letter == "m":
            # m after h or before s is minutes
            before = next((t for k, t in reversed(runs[:i]) if k == "code" and t[0].lower() in "ymdhs"), "")
            after = next((t for k, t in runs[i + 1:] if k == "code" and t[0].lower() in "ymdhs"), "")
            if before[:1].lower() == "h" or after[:1].lower() == "s":
                out.append(f"{value.minute:02d}" if n >= 2 else str(value.minute))
            else:
                out.append(f"{value.month:02d}" if n == 2 else str(value.month))
        elif letter == "d":
            out.append(f"{value.day:02d}" if n == 2 else str(value.day))
        elif letter == "h":
            out.append(f"{value.hour:02d}" if n >= 2 else str(value.hour))
        elif letter == "s":
            out.append(f"{value.second:02d}" if n >= 2 else str(value.second))
        elif text in "/:- ":
            out.append(text)
    return "".join(out)
