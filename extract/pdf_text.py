"""Characters -> text: lines, cell text and paragraphs, independent of the PDF producer.

Works on plain char dicts with pdfplumber's keys (text, x0, x1, top, bottom, size, fontname),
whether they came from pdfplumber or from the cheap pypdfium2 path (see triage.py). Chars are
grouped by position, never by the producer's word grouping, so text drawn one glyph at a
time reads the same as text drawn in runs.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_NUMERIC = set("0123456789.,%")
_SPACES = {" ", "\u3000", "\xa0", "\t", "\n", "\r", "\u2002", "\u2003", "\u2009", "\u200b"}


@lru_cache(maxsize=4096)  # called for every char of every line; texts repeat
def is_space(text: str) -> bool:
    return not text or all(ch in _SPACES or ch.isspace() for ch in text)


def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK punctuation: never separated by spaces."""
    if not ch:
        return False
    o = ord(ch[0])
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F or 0x20000 <= o <= 0x2FA1F
            or o in (0x2014, 0x2015, 0x2026, 0x201C, 0x201D, 0x2018, 0x2019, 0x00B7))


@lru_cache(maxsize=1024)
def is_bold_font(fontname: str | None) -> bool:
    name = (fontname or "").lower()
    return any(k in name for k in ("bold", "heavy", "black", "semibold", "demi", "黑体", "simhei",
                                   ",b", "-b", "_b"))


@lru_cache(maxsize=1024)
def is_regular_font(fontname: str | None) -> bool:
    """The font's name says it is of regular weight or lighter. pdfium guesses a weight from
    the descriptor's StemV when the PDF gives none, and Ghostscript writes StemV ~159 for
    regular CJK faces (weight 776): for such a font the name is the better witness."""
    name = (fontname or "").lower()
    return not is_bold_font(fontname) and any(k in name for k in ("regular", "light", "book", "normal", "thin"))


def on_page(chars: list[dict], width: float, height: float) -> list[dict]:
    """Glyphs whose centre lies on the visible page. A spreadsheet printed over several pages
    (LibreOffice Calc, Excel) draws the text of a cell merged across the page break centred on
    the whole cell, so on the next page it stands above the page's top edge: not printed, and
    no text above the table there."""
    return [ch for ch in chars if 0 <= (ch["x0"] + ch["x1"]) / 2 <= width and 0 <= (ch["top"] + ch["bottom"]) / 2 <= height]


def dedupe(chars: list[dict], tol: float = 1.0) -> list[dict]:
    """Drop glyphs overprinted at (almost) the same place, the poor man's bold."""
    seen: dict[tuple, list[dict]] = {}
    out = []
    for ch in chars:
        key = (ch["text"], round(ch["top"] / 4), round(ch["x0"] / 4))
        dup = False
        for other in seen.get(key, ()):
            if abs(other["x0"] - ch["x0"]) <= tol and abs(other["top"] - ch["top"]) <= tol:
                dup = True
                break
        if not dup:
            seen.setdefault(key, []).append(ch)
            out.append(ch)
    return out


@dataclass
class Line:
    chars: list[dict]
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    size: float = 0.0
    bold: bool = False
    page: int | None = None
    font: str | None = None
    lead: str | None = None


_SUBSET = re.compile(r"^[A-Z]{6}\+")
_WEIGHT = re.compile(r"(?:[-,_ ](?:B|I|BI)|[-,_ ]?(?:Regular|Bold|Light|Medium|Heavy|Black|Semi ?Bold|Demi ?Bold|"
                     r"Italic|Oblique|VKana|Book))$", re.I)


@lru_cache(maxsize=1024)
def font_family(fontname: str | None) -> str | None:
    """`BAAAAA+NotoSerifCJKjp-Regular-VKana` -> `NotoSerifCJKjp`: the face without subset or weight."""
    if not fontname:
        return None
    name = _SUBSET.sub("", fontname)
    while True:
        stripped = _WEIGHT.sub("", name)
        if stripped == name or not stripped:
            break
        name = stripped
    return name or None


def _lead(seg: list[dict], ink: list[dict]) -> str | None:
    """The leading bold text of a line whose rest is not bold (a run-in heading), else None."""
    def bold(c):
        return bool(c.get("bold") or is_bold_font(c.get("fontname")))
    if len(ink) < 4 or not bold(ink[0]):
        return None
    k = 0
    while k < len(ink) and bold(ink[k]):
        k += 1
    rest = ink[k:]
    if len(rest) < 2 or sum(1 for c in rest if bold(c)) * 4 > len(rest):
        return None
    end = seg.index(ink[k - 1]) + 1
    return line_text(seg[:end]).strip() or None


def _height(ch: dict) -> float:
    return max(ch["bottom"] - ch["top"], 0.1)


def group_lines(chars: list[dict]) -> list[list[dict]]:
    """Chars into visual lines: a char joins a line when it overlaps it vertically by at least
    half of the smaller height. Lines come top to bottom, chars in each left to right."""
    lines: list[list] = []  # [top, bottom, chars]; plain lists and inline min/max: hot loop
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        top, bottom = ch["top"], ch["bottom"]
        h = bottom - top
        if h < 0.1:
            h = 0.1
        best = None
        best_overlap = 0.0
        for ln in lines[-6:]:
            lt, lb = ln[0], ln[1]
            overlap = (lb if lb < bottom else bottom) - (lt if lt > top else top)
            lh = lb - lt
            need = 0.5 * (h if h < lh else lh)
            if overlap >= need and overlap > best_overlap:
                best, best_overlap = ln, overlap
        if best is None:
            lines.append([top, bottom, [ch]])
        else:
            best[2].append(ch)
            # Keep the line box from growing with tall punctuation/bigger glyphs too much.
            if top < best[0]:
                best[0] = top
            if bottom > best[1]:
                best[1] = bottom
    lines.sort(key=lambda ln: ln[0])
    return [sorted(ln[2], key=lambda c: c["x0"]) for ln in lines]


def line_text(chars: list[dict]) -> str:
    """One visual line's text: a space only between non-CJK neighbours that the PDF separates
    with a space glyph or a visible gap; none between CJK characters."""
    out: list[str] = []
    prev = None
    gap_space = False
    # Character spacing (Tc) or justified letters spread every glyph evenly: the usual gap on
    # the line is the letter spacing, only a gap wider than that is a word space.
    ink = [ch for ch in chars if not is_space(ch["text"])]
    gaps = sorted(b["x0"] - a["x1"] for a, b in zip(ink, ink[1:]))
    spacing = max(gaps[(len(gaps) - 1) // 2], 0.0) if len(gaps) >= 2 else 0.0
    for ch in chars:
        text = ch["text"]
        if is_space(text):
            gap_space = prev is not None
            continue
        if prev is not None:
            size = max(prev.get("size") or _height(prev), 1.0)
            gap = ch["x0"] - prev["x1"]
            # Within a number (digits, point, comma, %) letter spacing runs wider before it
            # could be a word gap: 1 0 0 % spread by Tc is still 100%.
            numeric = prev["text"][-1] in _NUMERIC and text[0] in _NUMERIC
            need = (0.6 if numeric else 0.25) * size + spacing
            # over it by more than float noise: Chromium sets exactly a quarter em between 4 and
            # 绩, and the noise made one sibling heading `4 绩效` and the next `5存在`
            if (gap_space or gap > need + 0.005) and not (is_wide(prev["text"][-1]) and is_wide(text[0])):
                out.append(" ")
        out.append(text)
        prev = ch
        gap_space = False
    return "".join(out)


def join_wrapped(parts: list[str]) -> str:
    """Wrapped lines of one cell/paragraph joined: no separator, except one space between two
    Latin letters (an English word wrap) so words do not fuse."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text and text[-1].isascii() and text[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            text += " "
        text += part
    return text


def make_lines(chars: list[dict], page: int | None = None, split_gap: float = 3.0) -> list[Line]:
    """Visual lines; a line is cut where the horizontal gap exceeds split_gap x font size
    (side-by-side blocks such as a left and right footer)."""
    result: list[Line] = []
    for group in group_lines(chars):
        segments: list[list[dict]] = [[]]
        prev = None
        for ch in group:
            if prev is not None and not is_space(ch["text"]):
                size = max(prev.get("size") or _height(prev), 1.0)
                if ch["x0"] - prev["x1"] > split_gap * size:
                    segments.append([])
            segments[-1].append(ch)
            if not is_space(ch["text"]):
                prev = ch
        for seg in segments:
            ink = [c for c in seg if not is_space(c["text"])]
            if not ink:
                continue
            text = line_text(seg).strip()
            sizes = sorted(c.get("size") or _height(c) for c in ink)
            bold = sum(1 for c in ink if c.get("bold") or is_bold_font(c.get("fontname"))) > len(ink) / 2
            tops = sorted(c["top"] for c in ink)
            bottoms = sorted(c["bottom"] for c in ink)
            # the face of the CJK text (digits and Latin letters often come from another font)
            faces = Counter(font_family(c.get("fontname")) for c in ink if is_wide(c["text"][:1]))
            font = faces.most_common(1)[0][0] if faces else None
            result.append(Line(chars=seg, x0=min(c["x0"] for c in ink), top=tops[len(tops) // 2],
                               x1=max(c["x1"] for c in ink), bottom=bottoms[len(bottoms) // 2],
                               text=text, size=round(sizes[len(sizes) // 2], 2), bold=bold, page=page,
                               font=font, lead=_lead(seg, ink)))
    result.sort(key=lambda ln: (round(ln.top / 3), ln.x0))
    return result


def cell_text(chars: list[dict]) -> str:
    """Text of the chars inside one table cell: lines top to bottom joined without spaces
    (`年初预\\n算数` -> `年初预算数`, `10/0/%` -> `100%`, vertical `绩/效/指/标` -> `绩效指标`).
    Glyphs turned by 90 degrees (text direction set to vertical) read along their baseline."""
    if not chars:
        return ""
    turned = [c for c in chars if c.get("upright") is False]
    if len(turned) * 2 > len(chars):
        return _turned_text(chars)
    return join_wrapped([line_text(group) for group in group_lines(chars)])


def _turned_text(chars: list[dict]) -> str:
    """Rotated glyphs: group into columns by x overlap; read each column along the text
    direction (downwards for clockwise-turned text, upwards otherwise); columns follow each
    other right-to-left for downward text and left-to-right for upward text."""
    downward = sum(1 for c in chars if (c.get("matrix") or (1, 0, 0, 1))[1] < 0) * 2 >= len(chars)
    columns: list[dict] = []
    for ch in sorted(chars, key=lambda c: c["x0"]):
        for col in columns:
            overlap = min(col["x1"], ch["x1"]) - max(col["x0"], ch["x0"])
            if overlap >= 0.5 * min(ch["x1"] - ch["x0"], col["x1"] - col["x0"]):
                col["chars"].append(ch)
                col["x0"], col["x1"] = min(col["x0"], ch["x0"]), max(col["x1"], ch["x1"])
                break
        else:
            columns.append({"x0": ch["x0"], "x1": ch["x1"], "chars": [ch]})
    columns.sort(key=lambda col: col["x0"], reverse=downward)
    parts = []
    for col in columns:
        ordered = sorted(col["chars"], key=lambda c: c["top"], reverse=not downward)
        parts.append("".join(c["text"] for c in ordered if not is_space(c["text"])))
    return join_wrapped(parts)


def chars_in_box(chars: list[dict], box: tuple[float, float, float, float]) -> list[dict]:
    x0, top, x1, bottom = box
    out = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom:
            out.append(ch)
    return out


# ------------------------------------------------------------------ running headers/footers

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•.]*(第\s*[0-9一二三四五六七八九十百]+\s*页(\s*[,，/]?\s*共\s*[0-9]+\s*页)?"
    r"|[0-9]{1,4}(\s*/\s*[0-9]{1,4})?|page\s*[0-9]+(\s*of\s*[0-9]+)?|[ivxlc]{1,6})[\s\-—–－_·•.]*$",
    re.IGNORECASE)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def shape(text: str) -> str:
    """Text with whitespace removed and digit runs masked: how running lines are compared."""
    return re.sub(r"[0-9]+", "#", re.sub(r"\s+", "", text))


def running_lines(lines_by_page: dict[int, list[Line]], heights: dict[int, float],
                  band: float = 0.1) -> set[int]:
    """ids of Lines that are running headers/footers or page numbers: in the top or bottom
    `band` of the page and either a page number or repeated (same text with digits masked)
    on at least half of the pages (and at least 2)."""
    drop: set[int] = set()
    counts: dict[tuple, set[int]] = {}
    for page, lines in lines_by_page.items():
        h = heights[page]
        for ln in lines:
            zone = "top" if ln.bottom <= h * band else "bottom" if ln.top >= h * (1 - band) else None
            if zone is None:
                continue
            if is_page_number(ln.text):
                drop.add(id(ln))
                continue
            counts.setdefault((zone, shape(ln.text)), set()).add(page)
    n_pages = len(lines_by_page)
    repeated = {key for key, pages in counts.items() if len(pages) >= max(2, (n_pages + 1) // 2)}
    if repeated:
        for page, lines in lines_by_page.items():
            h = heights[page]
            for ln in lines:
                zone = "top" if ln.bottom <= h * band else "bottom" if ln.top >= h * (1 - band) else None
                if zone and (zone, shape(ln.text)) in repeated:
                    drop.add(id(ln))
    return drop


# ------------------------------------------------------------------ paragraphs

_HEADING_START = re.compile(
    r"^\s*(第[一二三四五六七八九十百]+[部章节篇]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]"
    r"|[0-9]+[、.．](?![0-9])|[（(][0-9]+[)）]|附件|附表)")


def looks_like_heading_start(text: str) -> bool:
    return bool(_HEADING_START.match(text))


def line_pitch(lines_by_page: dict) -> dict[float, float]:
    """The usual baseline-to-baseline distance of consecutive lines, per font size."""
    seen: dict[float, dict[int, int]] = {}
    for lines in lines_by_page.values():
        for a, b in zip(lines, lines[1:]):
            if not a.size or abs((a.size or 0) - (b.size or 0)) > 0.6:
                continue
            pitch = b.bottom - a.bottom
            if 0.8 * a.size <= pitch <= 3.5 * a.size:
                seen.setdefault(round(a.size), {}).setdefault(round(pitch), 0)
                seen[round(a.size)][round(pitch)] += 1
    return {size: float(max(hist, key=hist.get)) for size, hist in seen.items() if hist}


def paragraphs(lines: list, left: float, right: float,
               pitch: dict[float, float] | None = None) -> list[list]:
    """Consecutive lines of one page joined into paragraphs. A line continues the paragraph
    when the previous line runs to the right margin, the font matches, the line distance is
    the document's usual one for that size, and the new line is neither indented nor a
    numbered heading."""
    pitch = pitch or {}
    paras: list[list] = []
    for ln in lines:
        if paras:
            prev = paras[-1][-1]
            size = max(prev.size or 0.0, 1.0)
            full = prev.x1 >= right - 1.5 * size
            same_font = abs((prev.size or 0) - (ln.size or 0)) <= 0.6 and bool(prev.bold) == bool(ln.bold)
            usual = pitch.get(round(size), 1.6 * size)
            dist = ln.bottom - prev.bottom
            normal_gap = 0.7 * size <= dist <= usual * 1.15 + 1.0
            indented = ln.x0 > left + 1.2 * size
            if (full and same_font and normal_gap and not indented
                    and not looks_like_heading_start(ln.text)):
                paras[-1].append(ln)
                continue
        paras.append([ln])
    return paras
