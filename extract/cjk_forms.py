"""Radical and compatibility code points turned into the ideograph they print as.

A PDF producer writes a ToUnicode map from its font's cmap, and a CJK font maps several code
points to one glyph: 长 (U+957F) and the radical ⻓ (U+2EBB), 民 and ⺠. Producers that pick
the first code point (cairo, Skia re-exported by cairo, some print drivers) then give the
radical, and text copied out of such a PDF into Word carries it along. The page prints 长; a
search, a label match or a name comparison wants 长 too. Mapped here:

- CJK Radicals Supplement (U+2E80-2EFF): the ideograph that shares the radical's glyph in Noto
  Sans CJK SC (its cmap, read with fontTools: 69 radicals do);
- Kangxi Radicals (U+2F00-2FDF) and CJK Compatibility Ideographs (U+F900-FAFF): their Unicode
  (NFKC) decomposition, a single unified ideograph; except where the SC font gives the radical
  the glyph of another ideograph (⼾ prints as 户, whose NFKC is the traditional 戶: 户数 read
  as 戶数 would miss every label and name with 户).
"""
from __future__ import annotations

import unicodedata

# (radical, the ideograph whose glyph it has in Noto Sans CJK SC) pairs
_SHARED = "⼾户⺂乛⺃乚⺅亻⺉刂⺋㔾⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺭礻⺯糹⺰纟⺱罓⺳㓁⺹耂⺺肀⺾艹⻂衤⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"


def _table() -> dict[int, str]:
    table = {}
    for start, end in ((0x2F00, 0x2FE0), (0xF900, 0xFB00)):
        for code in range(start, end):
            ch = chr(code)
            unified = unicodedata.normalize("NFKC", ch)
            if unified != ch and len(unified) == 1 and "\u3400" <= unified <= "\U0002FFFF":
                table[code] = unified
    table.update({ord(_SHARED[i]): _SHARED[i + 1] for i in range(0, len(_SHARED), 2)})
    return table


_TABLE = _table()


def unify(text: str) -> str:
    """`text` with radicals and compatibility ideographs as the ideographs they print as."""
    return text.translate(_TABLE) if text and not text.isascii() else text


def unify_document(doc) -> None:
    """Every cell, caption and text block of a RawDocument, in place."""
    for table in doc.tables:
        for cell in table.cells:
            cell.text = unify(cell.text)
        table.caption = [unify(line) for line in table.caption]
    for block in doc.text_blocks():
        block.text = unify(block.text)
        if block.lead:
            block.lead = unify(block.lead)
