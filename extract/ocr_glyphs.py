"""Characters of a text layer that did not decode, read from their glyphs.

Some producers write a ToUnicode map that misses a few glyphs: Ghostscript re-distilling a
Chromium PDF splits its Type 3 fonts and leaves codes such as 0xE6 unmapped, so 护 comes out
as `æ` and （ as `ÿ` among correctly decoded text. The page is not garbled as a whole (it goes
through the text layer), but those characters break names and labels. Each such character
stands where its glyph is printed: the page is rendered once; a glyph that prints exactly as a
decoded char of the same font elsewhere on the page is that char, and the rest are read by
the recogniser, whose reading replaces the code when it is one ideograph, digit or sign read
with confidence. The characters replaced are counted (documents.glyphs_read); those
the recogniser could not read are a warning.
"""
from __future__ import annotations

import re
import unicodedata

from .triage import never_text, undecoded

DPI = 200.0          # glyph crops for the recogniser (scan.DEFAULT_DPI)
MIN_SCORE = 0.5      # a reading below this leaves the code as it was
PAD = 0.15           # of the glyph's height, around its box


# What suspects() looks for, as one character class (pdfium's \r\n line breaks are not in it):
# a page whose text has none of these is passed over at C speed.
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
                      "\ue000-\uf8ff\ufffdƒˆ˜‚„†‡‰‹›€™]")


def may_hold_suspects(text: str) -> bool:
    return _SUSPECT.search(text) is not None


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def suspects(chars: list[dict]) -> list[int]:
    """Indexes of chars that did not decode: private-use, replacement and control codes
    anywhere (a Word ≥ from the Symbol font comes out as U+F0B3); accented Latin letters and
    WinAnsi signs unless a neighbour on the same line is a Latin letter too (a pinyin word).
    Never an ASCII char: `>` before 95% is printed as often as it is a code gone astray."""
    out = []
    for i, ch in enumerate(chars):
        text = ch["text"]
        if text.isascii() and not never_text(text) or not undecoded(text):
            continue
        if never_text(text) or not any(
                0 <= j < len(chars) and chars[j]["text"].isalpha() and not is_cjk(chars[j]["text"])
                and _same_line(ch, chars[j]) for j in (i - 1, i + 1)):
            out.append(i)
    return out


def _same_line(a: dict, b: dict) -> bool:
    overlap = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return overlap > 0.5 * min(a["bottom"] - a["top"], b["bottom"] - b["top"])


def accepted(text: str, box: dict) -> str | None:
    """What replaces the code: one ideograph, digit or sign (≥ ％ （ …); never a Latin letter,
    which is what the recogniser makes of a glyph it does not know. A sign read in its ASCII
    form on a glyph about an em wide is the full-width one (（ read as `(`)."""
    if len(text) != 1 or text.isspace():
        return None
    if is_cjk(text):
        return text
    kind = unicodedata.category(text)
    if kind[0] == "L":
        return None
    if "!" <= text <= "~" and kind[0] in "PS":
        wide = box["x1"] - box["x0"] >= 0.8 * (box["bottom"] - box["top"])
        return chr(ord(text) + 0xFEE0) if wide else text
    return text if kind[0] in "NPS" else None


def reread(pdf_path, page_number: int, chars: list[dict], password: str | None = None,
           can_ocr=lambda: True) -> tuple[int, int]:
    """Replace, in place, the text of `chars` that did not decode by what their glyphs show on
    the rendered page: first the char of the same font, size and width whose glyph prints the
    same pixels (the glyph decodes elsewhere on the page: no OCR needed), else the
    recogniser's reading (when `can_ocr()`). Returns (replaced, left as they were)."""
    idx = suspects(chars)
    if not idx:
        return 0, 0
    page = _Page.render(pdf_path, page_number, password)
    replaced = 0
    unread = []
    for i in idx:
        twin = _same_glyph(page, chars, i)
        if twin is not None:
            chars[i] = {**chars[i], "text": twin, "glyph_read": chars[i]["text"]}
            replaced += 1
        else:
            unread.append(i)
    if unread and can_ocr():
        replaced += _recognise(page, chars, unread)
    return replaced, len(idx) - replaced


class _Page:
    """A page rendered in grey as plain bytes: comparing a few glyph boxes needs no numpy,
    whose import alone would add 13 MB to a text report's worker."""

    def __init__(self, data: bytes, width: int, height: int, stride: int, scale: float):
        self.data, self.width, self.height, self.stride, self.scale = data, width, height, stride, scale

    @classmethod
    def render(cls, pdf_path, page_number: int, password: str | None) -> "_Page":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(pdf_path), password=password)
        try:
            page = doc[page_number - 1]
            bitmap = page.render(scale=DPI / 72.0, grayscale=True)
            out = cls(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, DPI / 72.0)
            bitmap.close()
            page.close()
        finally:
            doc.close()
        return out

    def box(self, ch: dict, pad: float = 0.0) -> tuple[int, int, int, int] | None:
        s = self.scale
        x0, x1 = int(round((ch["x0"] - pad) * s)), int(round((ch["x1"] + pad) * s))
        y0, y1 = int(round((ch["top"] - pad) * s)), int(round((ch["bottom"] + pad) * s))
        if x0 < 1 or y0 < 1 or x1 > self.width - 1 or y1 > self.height - 1 or x1 - x0 < 3 or y1 - y0 < 3:
            return None
        return x0, y0, x1, y1

    def rows(self, box, dx: int = 0, dy: int = 0) -> list[bytes]:
        x0, y0, x1, y1 = box
        return [self.data[(y + dy) * self.stride + x0 + dx:(y + dy) * self.stride + x1 + dx] for y in range(y0, y1)]


def _same_glyph(page: _Page, chars: list[dict], i: int, max_diff: float = 0.04) -> str | None:
    """The text of a decoded char whose glyph prints as char i's does: same font and size, same
    advance, the same pixels within a pixel's shift."""
    ch = chars[i]
    box = page.box(ch)
    if box is None:
        return None
    mine = page.rows(box)
    if sum(1 for row in mine for v in row if v < 128) < 3:
        return None                       # nothing printed there to compare
    n = len(mine) * len(mine[0]) * 255.0
    width = ch["x1"] - ch["x0"]
    votes: dict[str, int] = {}
    for other in chars:
        text = other["text"]
        if (other is ch or text.isspace() or undecoded(text) or other.get("fontname") != ch.get("fontname")
                or abs((other.get("size") or 0) - (ch.get("size") or 0)) > 0.05
                or abs((other["x1"] - other["x0"]) - width) > 0.3):
            continue
        ob = page.box(other)
        if ob is None:
            continue
        ob = (ob[0], ob[1], ob[0] + box[2] - box[0], ob[1] + box[3] - box[1])    # mine's size
        if ob[2] + 1 >= page.width or ob[3] + 1 >= page.height:
            continue
        best = min(sum(sum(map(abs, map(int.__sub__, a, b))) for a, b in zip(mine, page.rows(ob, dx, dy))) / n
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        if best <= max_diff:
            votes[text] = votes.get(text, 0) + 1
            if best <= max_diff / 4 and votes[text] >= 2:
                break                     # the same glyph twice over: no need to look further
    return max(votes, key=votes.get) if votes else None


def _recognise(page: _Page, chars: list[dict], idx: list[int]) -> int:
    import numpy as np

    from . import ocr_engine

    crops, kept = [], []
    for i in idx:
        ch = chars[i]
        box = page.box(ch, PAD * (ch["bottom"] - ch["top"]))
        if box is not None:
            rows = page.rows(box)
            crops.append(np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(len(rows), -1))
            kept.append(i)
    replaced = 0
    for i, reading in zip(kept, ocr_engine.read(crops)):
        text = accepted(reading.text.strip(), chars[i]) if reading.score >= MIN_SCORE else None
        if text:
            chars[i] = {**chars[i], "text": text, "glyph_read": chars[i]["text"]}
            replaced += 1
    return replaced
