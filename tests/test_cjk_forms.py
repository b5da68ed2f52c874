"""Radicals a producer's ToUnicode map gave for ideographs are read as the ideographs."""
from __future__ import annotations

from jixiao.extract.cjk_forms import unify, unify_document
from jixiao.extract.model import Cell, RawDocument, Table, TableRef, TextBlock


def test_radicals_and_compatibility_ideographs_become_the_ideograph_printed():
    assert unify("新⺠市 ⻓效运行 ⻔诊 ⻋辆 ⻢路") == "新民市 长效运行 门诊 车辆 马路"     # CJK Radicals Supplement
    assert unify("⼈⼝ ⽔利") == "人口 水利"                                       # Kangxi Radicals
    assert unify("⼾数") == "户数"          # the SC glyph of ⼾ is 户 (NFKC says the traditional 戶)
    assert unify("\uf900") == "\u8c48"                                           # a compatibility ideograph
    assert unify("﨑") == "﨑"             # U+FA11 is itself a unified ideograph: kept
    # what reports print stays as it is: full-width signs, Latin, digits, ideographs
    text = "（一）项目≥95%，Word 2024年，１２３"
    assert unify(text) == text and unify("") == "" and unify("abc") == "abc"


def test_a_document_is_unified_in_cells_captions_and_text_blocks():
    table = Table(cells=[Cell(0, 0, "⻓度"), Cell(0, 1, "新⺠")], n_rows=1, n_cols=2, caption=["⻓江"])
    doc = RawDocument(path="x.pdf", format="pdf", pages=1, tables=[table],
                      blocks=[TextBlock("⻓期", lead="⻓期"), TableRef(index=0, page=1)])
    unify_document(doc)
    assert [c.text for c in table.cells] == ["长度", "新民"] and table.caption == ["长江"]
    assert doc.blocks[0].text == "长期" and doc.blocks[0].lead == "长期"
