"""The recogniser's output decoded with its evidence (extract/ocr_engine.decode/read)."""
from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

import make_scan_fixtures as mf  # noqa: E402

from jixiao.extract import ocr_engine  # noqa: E402
from jixiao.extract.model import UNREAD  # noqa: E402


def test_read_matches_rapidocr_and_keeps_evidence():
    img = Image.new("L", (700, 60), 255)
    ImageDraw.Draw(img).text((10, 8), "年初预算数1.408万元，执行率100%", font=mf._font(mf.SERIF, 24, 72), fill=0)
    crop = np.asarray(img)
    mine = ocr_engine.read([crop])[0]
    theirs, _ = ocr_engine.engine().text_rec([cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)])
    assert (mine.text, round(mine.score, 6)) == (theirs[0][0], round(theirs[0][1], 6))
    assert len(mine.chars) == len(mine.text) and all(0 < c.p <= 1 for c in mine.chars)


def _probs(seq: list[int | None], n_classes: int = 8) -> np.ndarray:
    """A steps x classes matrix: each step certain of its class (None = blank)."""
    out = np.full((len(seq), n_classes), 0.001, np.float32)
    for t, k in enumerate(seq):
        out[t, 0 if k is None else k] = 0.99
    return out


def test_decode_marks_a_skipped_ideograph():
    """Ideographs on an even pitch of 3 steps, one gap of 6: a character stood there that the
    recogniser emitted nothing for."""
    charset = ["blank", "去", "世", "离", "休", "遗", "补", "贴"]
    seq = [1, None, None, 2, None, None, 3, None, None, 4, None, None, 5, None, None, None, None, None, 6, None, None, 7]
    r = ocr_engine.decode(_probs(seq), charset)
    assert r.text == "去世离休遗补贴"
    marked = [c.ch for c in r.chars if any(a == UNREAD for a, _ in c.gap_before)]
    assert marked == ["补"]


def test_decode_alternatives_and_half_seen():
    charset = ["blank", "媚", "婿", "遗", "补"]
    probs = _probs([3, None, 1, None, 4], 5)
    probs[2, 1], probs[2, 2], probs[2, 0] = 0.4, 0.3, 0.3     # 媚 unsure: 婿 and nothing beside it
    probs[3, 0], probs[3, 2] = 0.8, 0.2                        # 婿 half seen in the blank before 补
    r = ocr_engine.decode(probs, charset)
    assert r.text == "遗媚补"
    assert ("婿", 0.3) in [(a, round(p, 2)) for a, p in r.chars[1].alts] and ("", 0.3) in [(a, round(p, 2)) for a, p in r.chars[1].alts]
    assert ("婿", 0.2) in [(a, round(p, 2)) for a, p in r.chars[2].gap_before]


def test_decode_looks_at_a_steps_four_most_probable_classes_only():
    """A step spread over six classes of 5% or more: its alternatives come from its four most
    probable classes (the character and three others), the least probable two are dropped."""
    charset = ["blank", "一", "二", "三", "四", "五", "六", "七"]
    probs = _probs([1, None, 2], 8)
    probs[1] = [0.2, 0.05, 0.06, 0.3, 0.12, 0.1, 0.07, 0.09]  # blank loses to 三 at this step
    r = ocr_engine.decode(probs, charset)
    assert r.text == "一三二"
    assert [(a, round(p, 2)) for a, p in r.chars[1].alts] == [("", 0.2), ("四", 0.12), ("五", 0.1)]


def _decode_by_ranking(probs: np.ndarray, charset: list[str]) -> list[tuple]:
    """The decoder's evidence as first written: every step's classes ranked (argpartition)."""
    top4 = np.argpartition(probs, -4, axis=1)[:, -4:]
    out, gap, prev = [], {}, 0
    for t, k in enumerate(probs.argmax(axis=1).tolist()):
        row = probs[t]
        if k == 0 or k == prev:
            for j in top4[t].tolist() if k == 0 else ():
                if j != 0 and j != prev and row[j] >= ocr_engine.GAP_MIN:
                    gap[charset[j]] = max(gap.get(charset[j], 0.0), float(row[j]))
            prev = k
            continue
        alts = sorted((charset[j] if j else "", float(row[j])) for j in top4[t].tolist()
                      if j != k and row[j] >= ocr_engine.ALT_MIN)
        out.append((charset[k], float(row[k]), alts, sorted((c, p) for c, p in gap.items() if c != charset[k])))
        gap, prev = {}, k
    return out


def test_decode_gives_the_evidence_of_ranking_every_class():
    """Random softmax steps over many classes, peaked and flat: the same characters,
    probabilities, alternatives and half-seen characters as ranking every step's classes."""
    rng = np.random.default_rng(3)
    charset = ["blank"] + [chr(0x4e00 + i) for i in range(499)]
    for _ in range(40):
        logits = rng.normal(0, rng.uniform(1, 6), (60, 500)).astype(np.float32)
        logits[:, 0] += rng.uniform(0, 8)
        probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        r = ocr_engine.decode(probs.astype(np.float32), charset)
        got = [(c.ch, c.p, sorted(c.alts), sorted(g for g in c.gap_before if g[0] != UNREAD)) for c in r.chars]
        assert got == _decode_by_ranking(probs.astype(np.float32), charset)


def test_stacked_characters_read_one_by_one():
    """万 above 元 in one detector box (a one-character-per-line label): the recogniser alone
    returns one character; split, both come back (the unit 万元 must not become 元)."""
    from jixiao.extract.ocr_engine import OcrBox
    from jixiao.extract.scan_edges import split_stacked

    font = mf._font(mf.SERIF, 24, 72)
    img = Image.new("L", (60, 90), 255)
    d = ImageDraw.Draw(img)
    d.text((14, 8), "万", font=font, fill=0)
    d.text((14, 46), "元", font=font, fill=0)
    arr = np.asarray(img)
    box = OcrBox(6, 2, 48, 84, "元", 0.72)
    got = split_stacked(arr, box)
    assert "".join(b.text for b in got) == "万元"
    wide = OcrBox(0, 2, 60, 40, "万", 0.99)          # an ordinary box is left alone
    assert split_stacked(arr, wide) == [wide]


def test_a_page_whose_lines_stand_in_columns_is_detected_at_table_resolution():
    """Prose pages are detected at a lower resolution; a 三线表 or borderless table among them
    (several boxes side by side on several lines) sends the page back to the table resolution."""
    from jixiao.extract.scan import _in_columns

    def quad(x0, top, x1, bottom):
        return np.array([[x0, top], [x1, top], [x1, bottom], [x0, bottom]], dtype=np.float32)

    prose = [quad(100, y, 1500, y + 40) for y in range(100, 1500, 60)] + [quad(100, 1600, 600, 1640),
                                                                          quad(900, 1600, 1400, 1640)]
    assert not _in_columns(prose)
    table = prose + [quad(x, y, x + 150, y + 30) for y in (1700, 1750, 1800) for x in (100, 400, 700, 1000)]
    assert _in_columns(table)


def _cell_with(text: str) -> tuple[np.ndarray, object]:
    """A ruled 200 x 60 px cell (150 dpi, 10.5 pt digits) with `text` at its left, on paper."""
    from jixiao.extract.scan_lines import GridCell, TableGrid
    img = Image.new("L", (240, 100), 245)
    d = ImageDraw.Draw(img)
    d.rectangle([20, 20, 220, 80], outline=0, width=2)
    d.text((32, 36), text, font=mf._font(mf.SERIF, 22, 72), fill=10)
    grid = TableGrid(xs=[20.0, 220.0], ys=[20.0, 80.0], cells=[GridCell(0, 0, 1, 1, 20.0, 20.0, 220.0, 80.0)])
    return np.asarray(img), grid


def _reread(monkeypatch, text: str, reading: str, old: tuple = ("", None)) -> tuple[str, dict]:
    """_reread_small_cells on a cell holding `text` (read `old` so far), the recogniser made to
    say `reading`."""
    from jixiao.extract import scan
    img, grid = _cell_with(text)
    monkeypatch.setattr(ocr_engine, "recognize", lambda crops: [(reading, 0.9)] * len(crops))
    texts, fixes = {0: old}, {}
    scan._reread_small_cells(img, grid, {}, texts, fixes)
    return texts[0][0], fixes


def test_a_trailing_1_with_no_ink_under_it_is_dropped(monkeypatch):
    """A lone 5 in a wide cell, missed by the detector and re-read as one short crop: the crop
    ends where rapidocr's grey padding begins, an edge read as a 1 (5 -> 51)."""
    got, fixes = _reread(monkeypatch, "5", "51")
    assert got == "5" and any("last 1 has no ink" in note for note in fixes[0])


def test_a_trailing_1_printed_is_kept(monkeypatch):
    got, _ = _reread(monkeypatch, "51", "51")
    assert got == "51"


def test_a_longer_re_read_needs_the_ink_for_it(monkeypatch):
    """A cell read 5 (unsure) is not re-read into 51 when its ink is one glyph wide; a cell whose
    ink is two glyphs wide, read 5 from a box that missed the 1, is."""
    assert _reread(monkeypatch, "5", "51", old=("5", 0.8))[0] == "5"
    assert _reread(monkeypatch, "51", "51", old=("5", 0.8))[0] == "51"
