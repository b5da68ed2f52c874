"""Characters of a text layer that did not decode are read from their glyphs (extract.ocr_glyphs)."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.extract.ocr_glyphs import accepted, reread, suspects

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _row(text: str) -> list[dict]:
    return [{"text": c, "x0": 10.0 * i, "x1": 10.0 * i + 10, "top": 0.0, "bottom": 10.0} for i, c in enumerate(text)]


def test_suspects_are_codes_that_never_are_text_or_latin_among_ideographs():
    assert suspects(_row("保æ区")) == [1]                 # WinAnsi code between ideographs
    assert suspects(_row("≥\uf0b395%")) == [1]            # a Symbol-font glyph without Unicode
    assert suspects(_row("\ufffd项")) == [0]
    assert suspects(_row("Zhōngguó")) == []               # pinyin: Latin neighbours
    assert suspects(_row("ÿ2024")) == [0]                 # （ before a year
    assert suspects(_row("满意度>90%")) == [] and suspects(_row("A级景区")) == []   # ASCII is printed as is
    above = [{"text": "h", "x0": 0.0, "x1": 10.0, "top": -30.0, "bottom": -20.0}] + _row("ō")
    assert suspects(above) == [1]                         # a Latin letter on another line is no word


def test_accepted_readings_are_one_ideograph_digit_or_sign_never_a_letter():
    em, narrow = {"x0": 0, "x1": 10, "top": 0, "bottom": 10}, {"x0": 0, "x1": 4, "top": 0, "bottom": 10}
    assert accepted("护", em) == "护" and accepted("7", narrow) == "7" and accepted("≥", narrow) == "≥"
    assert accepted("(", em) == "（" and accepted("(", narrow) == "("
    assert accepted("O", em) is None and accepted("护理", em) is None and accepted("", em) is None


def _page_chars(name: str) -> tuple[Path, list[dict]]:
    from jixiao.extract.triage import triage
    path = CORPUS / name
    if not path.exists():
        pytest.fail(f"{path} missing: CI must check out ../shared beside the repo")
    (info,) = triage(path, want_chars=lambda i: True)
    return path, info.chars


def test_a_code_whose_glyph_prints_as_a_decoded_char_elsewhere_is_that_char():
    """One 绩 and one （ spoiled as a gappy ToUnicode map spoils them: the same glyph decodes
    elsewhere on the page, pixel for pixel, so no OCR is needed."""
    path, chars = _page_chars("01_jiceng-dangzuzhi-dangjian_lo.pdf")
    text = "".join(c["text"] for c in chars)
    spoiled = {text.index("绩效"): "æ", text.index("（"): "ÿ"}
    assert all(text.count(chars[i]["text"]) >= 2 for i in spoiled)
    original = {i: chars[i]["text"] for i in spoiled}
    for i, code in spoiled.items():
        chars[i] = {**chars[i], "text": code}
    assert reread(path, 1, chars) == (2, 0)
    assert {i: chars[i]["text"] for i in spoiled} == original
    assert {chars[i]["glyph_read"] for i in spoiled} == set(spoiled.values())   # what the layer said


def test_a_glyph_that_decodes_nowhere_on_the_page_is_read_by_ocr():
    path, chars = _page_chars("01_jiceng-dangzuzhi-dangjian_lo.pdf")
    spoiled = [i for i, c in enumerate(chars) if c["text"] == "党"]      # every 党 of the page
    assert spoiled
    for i in spoiled:
        chars[i] = {**chars[i], "text": "\ufffd"}
    assert reread(path, 1, chars) == (len(spoiled), 0)
    assert {chars[i]["text"] for i in spoiled} == {"党"}


def test_the_page_prefilter_lets_every_suspect_through():
    """may_hold_suspects (a regex over the page text) must not pass over a char suspects() takes."""
    from jixiao.extract.ocr_glyphs import may_hold_suspects
    from jixiao.extract.triage import never_text, undecoded
    for code in range(0x30000):
        ch = chr(code)
        if undecoded(ch) and (not ch.isascii() or never_text(ch)) and ch not in "\t\n\r":
            assert may_hold_suspects(ch), hex(code)
    assert not may_hold_suspects("项目支出绩效自评表\r\n（2024 年度）≥95% × 2 ÷ 4")
