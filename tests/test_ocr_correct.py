"""OCR corrections in normalize (normalize/ocr_correct.py), on hand-built readings: each case
gives the recogniser's evidence (per-character probabilities, alternatives, half-seen
characters) and checks what the document and the vocabulary make of it, and that every change
is recorded."""
from __future__ import annotations

import copy

import pytest

from jixiao.extract.model import Cell, CharRead, OcrDetail, RawDocument, Table, TextBlock
from jixiao.normalize import normalize_document
from jixiao.normalize import ocr_correct as oc


def _cell(row: int, col: int, text: str, low: dict[int, tuple[float, list, list]] | None = None,
          shapes: dict[str, float] | None = None, ocr: bool = True) -> Cell:
    """A cell read by OCR: every character at p 0.99 unless `low` gives (p, alts, gap_before)."""
    if not ocr:
        return Cell(row, col, text)
    chars = []
    for i, ch in enumerate(text):
        p, alts, gap = (low or {}).get(i, (0.99, [], []))
        chars.append(CharRead(ch, p, list(alts), list(gap)))
    conf = min([c.p for c in chars], default=None)
    return Cell(row, col, text, confidence=conf,
                ocr=OcrDetail(raw=text, chars=chars, lead_shapes=shapes or {}))


def _table(rows: list[list[Cell | str]]) -> Table:
    cells = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if isinstance(cell, str):
                cell = _cell(r, c, cell)
            cell.row, cell.col = r, c
            cells.append(cell)
    return Table(cells=cells, n_rows=len(rows), n_cols=max(len(r) for r in rows), page_start=1, page_end=1)


def _doc(tables: list[Table], lines: list[str] = ()) -> RawDocument:
    return RawDocument(path="x.pdf", format="scanned-pdf", pages=1, tables=tables,
                       blocks=[TextBlock(text=t, page=1) for t in lines])


def _changed(before: RawDocument, after: RawDocument) -> list[tuple[str, str]]:
    out = []
    for ta, tb in zip(before.tables, after.tables):
        for ca, cb in zip(ta.cells, tb.cells):
            if ca.text != cb.text:
                out.append((ca.text, cb.text))
    return out


def test_rare_character_the_recogniser_cannot_emit():
    """孀 is not in the recogniser's character set: 遗媚 (媚 at 0.36, 婿 beside it) and 遗补贴
    (a gap where 婧 was half seen) both become 遗孀 from jieba's dictionary."""
    replaced = _cell(0, 1, "去世离休干部遗媚补贴", {7: (0.36, [("", 0.31), ("婿", 0.19)], [])})
    inserted = _cell(0, 1, "去世离休干部遗补贴", {7: (0.99, [], [("婧", 0.11), ("婿", 0.08)])})
    for cell in (replaced, inserted):
        doc = _doc([_table([["项目名称", cell]])])
        fixes = oc.correct_document(doc)
        assert cell.text == "去世离休干部遗孀补贴"
        assert [f.kind for f in fixes] == ["rare_char"]
        assert cell.text_raw in ("去世离休干部遗媚补贴", "去世离休干部遗补贴")


def test_rare_character_needs_hesitation_between_ideographs():
    """A gap before a bracket or a confident character is no place for a rare character
    (入(3分) must not become 入殓(3分))."""
    cell = _cell(0, 1, "资金投入(3分)", {4: (0.99, [], [("（", 0.3)])})
    doc = _doc([_table([["二级指标", cell]])])
    assert oc.correct_document(doc) == [] and cell.text == "资金投入(3分)"


def test_label_from_vocabulary():
    """A header misread by one character becomes the vocabulary's label: 热行率 (热 uncertain,
    执 its alternative), a doubled 得得分, the lost 一 of 一级指标."""
    rate = _cell(0, 2, "热行率", {0: (0.62, [("执", 0.3)], [])})
    score = _cell(0, 3, "得得分")
    level1 = _cell(2, 0, "级指标")
    doc = _doc([_table([["预算数", "执行数", rate, score], ["10", "9", "90%", "9"], [level1, "二级指标", "", ""]])])
    fixes = oc.correct_document(doc)
    assert (rate.text, score.text, level1.text) == ("执行率", "得分", "一级指标")
    assert {f.kind for f in fixes} == {"label"}


def test_confident_label_like_text_is_left_alone():
    """Only what the evidence allows: a confidently read word one edit from a label stays."""
    cell = _cell(0, 0, "热行率")        # every character at 0.99, no alternatives
    doc = _doc([_table([[cell, "x"]])])
    assert oc.correct_document(doc) == [] and cell.text == "热行率"


def test_document_lexicon_doubled_character():
    """医疗费费用: the doubled 费 goes because 医疗费用 is what the document says elsewhere."""
    cell = _cell(1, 1, "离休干部对医疗费费用报销满意程度")
    doc = _doc([_table([["三级指标", "指标"], ["满意度", cell]])],
               lines=["确保他们能够按时报销医疗费用，解决后顾之忧。"])
    fixes = oc.correct_document(doc)
    assert cell.text == "离休干部对医疗费用报销满意程度"
    assert fixes[0].kind == "lexicon" and "医疗费用" in fixes[0].reason


def test_document_lexicon_needs_the_reading_unattested():
    """费费 stays when the document itself prints it elsewhere."""
    cell = _cell(1, 1, "医疗费费用")
    doc = _doc([_table([["三级指标", "指标"], ["满意度", cell]])],
               lines=["医疗费用", "医疗费费用"])
    assert oc.correct_document(doc) == []


def test_document_lexicon_leaves_figures_alone():
    """A hesitant digit is no word: 2023年11月 (second 1 at 0.69, maybe nothing) stays although
    the document also prints 2023年1月 (another date)."""
    cell = _cell(1, 2, "2023年11月", {6: (0.69, [("", 0.3)], [])})
    doc = _doc([_table([["三级指标", "指标值", "完成值"], ["完成时限", "2023年12月", cell]])],
               lines=["项目于2023年1月开工。"])
    assert oc.correct_document(doc) == [] and cell.text == "2023年11月"


def test_dropped_punctuation_needs_the_recogniser_to_have_half_seen_it():
    for half_seen in (True, False):
        gap = [("、", 0.07)] if half_seen else []
        cell = _cell(1, 1, "无申请上诉复议案件", {5: (0.99, [], gap)})
        oc.correct_document(_doc([_table([["年度指标值", "实际完成值"], ["无申请上诉、复议案件", cell]])]))
        assert cell.text == ("无申请上诉、复议案件" if half_seen else "无申请上诉复议案件")


def test_dropped_punctuation_stays_out_when_the_document_also_prints_it_so():
    cell = _cell(1, 1, "无申请上诉复议案件", {5: (0.99, [], [("、", 0.07)])})
    doc = _doc([_table([["年度指标值", "实际完成值"], ["无申请上诉、复议案件", cell]])],
               lines=["本年无申请上诉复议案件。"])
    assert oc.correct_document(doc) == []


def _indicator_table(target: Cell, op: str = "≥", others: tuple[str, ...] = ()) -> Table:
    rows = [["一级指标", "三级指标", "指标性质", "年度指标值", "实际完成值", "分值", "得分"],
            ["满意度指标", "群众满意度", op, target, "96%", "10", "10"]]
    for i, o in enumerate(others):
        rows.append(["产出指标", f"指标{i}", "", o, o, "10", "10"])
    return _table(rows)


def test_relation_two_read_for_greater_equal():
    """295% in a target column, glyph shape leaning to ≥, the row's operator ≥: ≥95%."""
    cell = _cell(1, 3, "295%", shapes={"≥": 0.58, "2": 0.61})
    doc = _doc([_indicator_table(cell)])
    fixes = oc.correct_document(doc)
    assert cell.text == "≥95%" and fixes[0].kind == "relation"
    assert "指标性质" in fixes[0].reason


def test_relation_needs_shape_and_context():
    no_shape = _cell(1, 3, "295%", shapes={"≥": 0.2, "2": 0.9})
    doc = _doc([_indicator_table(no_shape)])
    assert oc.correct_document(doc) == [] and no_shape.text == "295%"
    # shape alone is not enough: 250 (no %, operator =, other targets plain) stays
    plain = _cell(1, 3, "250", shapes={"≥": 0.6, "2": 0.62})
    doc = _doc([_indicator_table(plain, op="=", others=("120", "300"))])
    assert oc.correct_document(doc) == [] and plain.text == "250"


def test_money_reading_that_makes_the_rate_match():
    """执行率 100% against 1.208 / 1.408: the 2 read at 0.55 with 4 as its alternative."""
    executed = _cell(1, 2, "1.208", {2: (0.55, [("4", 0.4)], [])})
    table = _table([["项目", "全年预算数", "全年执行数", "执行率"], ["年度资金总额", "1.408", executed, "100%"]])
    fixes = oc.correct_document(_doc([table]))
    assert executed.text == "1.408" and fixes[0].kind == "arithmetic"


def test_money_no_unique_reading_no_change():
    executed = _cell(1, 2, "1.306", {2: (0.55, [("4", 0.4)], []), 4: (0.5, [("8", 0.4)], [])})
    table = _table([["项目", "全年预算数", "全年执行数", "执行率"], ["年度资金总额", "1.408", executed, "90%"]])
    assert oc.correct_document(_doc([table])) == [] and executed.text == "1.306"


def test_text_layer_cells_are_never_touched():
    cell = _cell(0, 1, "去世离休干部遗媚补贴", ocr=False)
    doc = _doc([_table([["项目名称", cell]])])
    assert oc.correct_document(doc) == [] and cell.text == "去世离休干部遗媚补贴"


def _fixture_doc() -> RawDocument:
    return _doc([
        _table([["项目名称", _cell(0, 1, "去世离休干部遗媚补贴", {7: (0.36, [("婿", 0.19)], [])})],
                ["预算数", "执行数", _cell(1, 2, "热行率", {0: (0.62, [("执", 0.3)], [])}), "得得分"]]),
        _indicator_table(_cell(1, 3, "295%", shapes={"≥": 0.58, "2": 0.61})),
    ], lines=["·"])


def test_every_change_is_recorded(monkeypatch):
    """Whatever path changes a cell, the change is in the returned list, the cell keeps what
    was read and says why; the document's count is the number of changed cells. A change made
    behind apply_correction's back fails here."""
    doc = _fixture_doc()
    before = copy.deepcopy(doc)
    fixes = oc.correct_document(doc)
    changed = _changed(before, doc)
    assert len(changed) == len(fixes) >= 4
    for ta, tb in zip(before.tables, doc.tables):
        for ca, cb in zip(ta.cells, tb.cells):
            if ca.text != cb.text:
                assert cb.text_raw == ca.text and cb.correction and cb.text in cb.correction
            else:
                assert cb.text_raw is None and cb.correction is None
    norm = normalize_document(copy.deepcopy(before), "d")
    assert norm.ocr_corrections == len(fixes)
    rows = [c for c in norm.cells if c.text_raw is not None]
    assert len(rows) == len(fixes) and all(c.correction for c in rows)


def test_unrecorded_change_is_caught(monkeypatch):
    """The check above is not vacuous: a correction path that skips apply_correction (here
    simulated) leaves a changed cell without text_raw, which the check reports."""
    def silent(cell, table, after, kind, reason, out):
        cell.text = after              # changed, not recorded
    monkeypatch.setattr(oc, "apply_correction", silent)
    doc = _fixture_doc()
    before = copy.deepcopy(doc)
    fixes = oc.correct_document(doc)
    changed = _changed(before, doc)
    assert changed and len(changed) != len(fixes)


def test_document_lexicon_at_a_cells_edge_takes_a_dictionary_pair():
    """较上年减步 (步 at 0.58, 少 and 沙 its alternatives): at the cell's end the three-character
    window has no room; 减少 counts because the document prints it elsewhere and it is a word
    while 减步 is neither. Without 减少 elsewhere the reading stays."""
    for elsewhere, expected in (("减少2.3%", "较上年减少"), ("下降2.3%", "较上年减步")):
        cell = _cell(1, 1, "较上年减步", {4: (0.58, [("少", 0.21), ("沙", 0.08)], [])})
        doc = _doc([_table([["三级指标", "年度指标值", "实际完成值"], ["水土流失面积", cell, elsewhere]])])
        fixes = oc.correct_document(doc)
        assert cell.text == expected
        assert [f.kind for f in fixes] == (["lexicon"] if expected == "较上年减少" else [])


def _funding_table(initial: Cell, adjusted: str = "3,600", other_initial: str = "800",
                   executed: str = "3,524.6") -> Table:
    return _table([["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率"],
                   ["年度资金总额", initial, adjusted, executed, "97.91%"],
                   ["省级补助", other_initial, "800", "800", ""]])


def _reread(raw: str, text: str) -> Cell:
    """A cell the reader re-read as one crop: `raw` first, `text` kept."""
    cell = _cell(0, 0, text)
    cell.ocr.raw = raw
    return cell


def test_money_comma_a_reread_turned_into_a_point_is_restored():
    """3,600 re-read as 3.600 (a thousandth of it) where the table groups figures with commas."""
    cell = _reread("3,600", "3.600")
    fixes = oc.correct_document(_doc([_funding_table(cell)]))
    assert cell.text == "3,600" and [f.kind for f in fixes] == ["money"]


@pytest.mark.parametrize("adjusted,other,executed", [("3600", "800", "3524.6"), ("3,600", "1.408", "3,524.6")])
def test_money_point_stays_without_commas_elsewhere_or_beside_three_decimals(adjusted, other, executed):
    cell = _reread("3,600", "3.600")
    assert oc.correct_document(_doc([_funding_table(cell, adjusted, other, executed)])) == [] and cell.text == "3.600"


def test_money_relation_sign_from_a_glyph_shape_is_dropped():
    """<420 in a funding column: an amount has no bound."""
    cell = _reread("420", "<420")
    fixes = oc.correct_document(_doc([_funding_table(cell)]))
    assert cell.text == "420" and [f.kind for f in fixes] == ["money"]


def test_document_lexicon_never_drops_a_relation_sign():
    """≥86公里 (≥ at 0.42, maybe nothing) keeps its ≥ although the goal text prints 86公里."""
    cell = _cell(1, 1, "≥86公里", {0: (0.42, [("", 0.31), (">", 0.15)], [])})
    doc = _doc([_table([["三级指标", "年度指标值"], ["管网长度", cell]])], lines=["新建改造农村供水管网86公里。"])
    assert oc.correct_document(doc) == [] and cell.text == "≥86公里"
