"""OCR page reader (extract/scan.py) on project-made scanned fixtures and the dev scan.

Fixtures: tests/fixtures/scan/scan_fixture.{pdf,json}, made by tests/fixtures/make_scan_fixtures.py.
Numbers must come out exactly; long text is compared by similarity.
"""
from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from jixiao.extract import scan
from jixiao.extract.model import PageContent, Table
from jixiao.extract.scan_lines import estimate_skew, find_tables, rotate

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "scan"
PDF = FIX / "scan_fixture.pdf"
GOLD = json.loads((FIX / "scan_fixture.json").read_text(encoding="utf-8"))
DEV_SCAN = HERE.parent.parent / "shared" / "corpus" / "dev" / "seed_report_scan.pdf"

_NUM = re.compile(r"^[≥≤]?[\d.%/]+$")


def _norm(text: str) -> str:
    table = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})
    return re.sub(r"\s+", "", text.translate(table))


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b)).ratio()


@pytest.fixture(scope="module")
def pages() -> dict[int, PageContent]:
    return {p: scan.ocr_page(PDF, p) for p in (1, 2)}


def _check_table(table: Table, gold: dict) -> None:
    assert (table.n_rows, table.n_cols) == (gold["n_rows"], gold["n_cols"])
    got = {(c.row, c.col): c for c in table.cells}
    # complete grid: every slot covered exactly once
    covered = np.zeros((table.n_rows, table.n_cols), int)
    for c in table.cells:
        covered[c.row:c.row + c.row_span, c.col:c.col + c.col_span] += 1
    assert (covered == 1).all()
    for g in gold["cells"]:
        cell = got.get((g["row"], g["col"]))
        assert cell is not None, g
        assert (cell.row_span, cell.col_span) == (g["row_span"], g["col_span"]), (g, cell)
        want = g["text"]
        if not want:
            assert cell.text == "", (g, cell.text)
        elif _NUM.match(want) or want == "—":
            assert cell.text == want, (g, cell.text)
        elif len(want) <= 6:
            assert _similar(cell.text, want) >= 0.75, (want, cell.text)
        else:
            assert _similar(cell.text, want) >= 0.85, (want, cell.text)
        if want:
            assert cell.confidence is not None and 0.0 < cell.confidence <= 1.0


def test_self_eval_table_page(pages):
    page, gold = pages[1], GOLD["pages"][0]
    assert page.ocr and page.page == 1
    assert abs(page.width - 595) < 2 and abs(page.height - 842) < 2
    assert len(page.tables) == 1
    table = page.tables[0]
    assert table.page_start == table.page_end == 1
    _check_table(table, gold["tables"][0])
    assert [_norm(c) for c in table.caption] == [_norm(c) for c in gold["tables"][0]["caption"]]
    # geometry in PDF points, close to where the table was drawn (rotation moves corners a bit)
    x0 = min(c.x0 for c in table.cells)
    top = min(c.top for c in table.cells)
    x1 = max(c.x1 for c in table.cells)
    bottom = max(c.bottom for c in table.cells)
    for got, want in zip((x0, top, x1, bottom), gold["tables"][0]["bbox"]):
        assert abs(got - want) < 8, ((x0, top, x1, bottom), gold["tables"][0]["bbox"])


def test_numbers_exact(pages):
    """The figures the validators recompute: budget, execution, rates, weights, scores."""
    grid = pages[1].tables[0].grid()
    assert grid[3][2:8] == ["25.6", "25.6", "24.32", "10", "95%", "9.5"]
    assert grid[4][5:8] == ["—", "—", "—"]
    assert [row[6:8] for row in grid[9:14]] == [["20", "20"], ["15", "14.5"], ["30", "28"],
                                                 ["25", "24"], ["100", "96"]]
    assert [row[4:6] for row in grid[9:13]] == [["48", "52"], ["100%", "98%"], ["3000", "3150"],
                                                 ["90%", "≥93.6%"]]


def test_text_page_with_table(pages):
    page, gold = pages[2], GOLD["pages"][1]
    assert len(page.tables) == 1
    _check_table(page.tables[0], gold["tables"][0])
    assert [_norm(c) for c in page.tables[0].caption] == ["表1评价指标体系"]
    texts = [b.text for b in page.blocks]
    # every printed line outside the table, in reading order; the page number dropped
    assert len(texts) == len(gold["lines"]), texts
    for got, want in zip(texts, gold["lines"]):
        assert _similar(got, want) >= 0.9, (got, want)
    assert "128.75" in texts[-1] and "99.2%" in texts[-1]
    assert not any(re.fullmatch(r"\W*2\W*", t) for t in texts)
    tops = [b.top for b in page.blocks]
    assert tops == sorted(tops)
    assert all(b.page == 2 and b.x0 < b.x1 and b.top < b.bottom for b in page.blocks)


def test_is_image_only(tmp_path):
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    doc = pdfium.PdfDocument(str(PDF))
    assert scan.is_image_only(doc[0]) and scan.needs_ocr(doc[0])
    assert 170 <= scan.choose_dpi(doc[0]) <= 180
    assert 195 <= scan.choose_dpi(doc[1]) <= 205
    text_pdf = tmp_path / "text.pdf"
    c = canvas.Canvas(str(text_pdf))
    c.drawString(72, 720, "A page with a real text layer, 2024.")
    c.save()
    tdoc = pdfium.PdfDocument(str(text_pdf))
    assert not scan.is_image_only(tdoc[0])
    assert scan.image_coverage(tdoc[0]) == 0.0


def test_deskew_and_grid_without_ocr():
    """Geometry alone (fast): the fixture's rotation is found and the grid is recovered."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(PDF))
    for i, gold in enumerate(GOLD["pages"]):
        dpi = scan.choose_dpi(doc[i])
        gray = scan.render_gray(doc[i], dpi)
        angle = estimate_skew(gray)
        # PIL rotates counter-clockwise for positive angles; undoing it is the opposite turn
        assert abs(angle + gold["angle"]) <= 0.15, (angle, gold["angle"])
        grids = find_tables(rotate(gray, angle), dpi)
        assert [(g.n_rows, g.n_cols) for g in grids] == [(t["n_rows"], t["n_cols"]) for t in gold["tables"]]


def test_synthetic_grid_merges():
    """Missing line segments become spans; a floating dash is not a ruling line."""
    import cv2

    img = np.full((400, 600), 255, np.uint8)
    xs, ys = [50, 200, 350, 550], [50, 100, 150, 250]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    # merge (0,1)-(0,2): erase the vertical at xs[2] in row 0; merge (1,0)-(2,0)
    cv2.line(img, (xs[2], ys[0] + 3), (xs[2], ys[1] - 3), 255, 4)
    cv2.line(img, (xs[0] + 3, ys[2]), (xs[1] - 3, ys[2]), 255, 4)
    cv2.line(img, (420, 200), (470, 200), 0, 2)   # a dash inside a cell
    grids = find_tables(img, 150)
    assert len(grids) == 1
    g = grids[0]
    assert (g.n_rows, g.n_cols) == (3, 3)
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in g.cells}
    assert spans[(0, 1)] == (1, 2)
    assert spans[(1, 0)] == (2, 1)
    assert len(g.cells) == 9 - 2


def test_clean_numeric():
    assert scan.clean_cell_text("1O0%") == "100%"
    assert scan.clean_cell_text("l.5") == "1.5"
    assert scan.clean_cell_text("2。5") == "2.5"
    assert scan.clean_cell_text("一") == "—"
    assert scan.clean_cell_text("活动场次") == "活动场次"
    assert scan.clean_cell_text("Only") == "Only"
    # one decimal point per figure: the dots before it were thousands commas
    assert scan.clean_cell_text("1.218.50") == "1,218.50"
    assert scan.clean_cell_text("12.345.678.9") == "12,345,678.9"
    assert scan.clean_cell_text("1.218") == "1.218" and scan.clean_cell_text("1,218.50") == "1,218.50"


@pytest.mark.skipif(not DEV_SCAN.exists(), reason="dev corpus not present")
def test_dev_scan_self_eval_page():
    page = scan.ocr_page(DEV_SCAN, 13)
    assert len(page.tables) == 1
    grid = page.tables[0].grid()
    flat = [c for row in grid for c in row]
    for want in ("1.408", "基层党组织党建活动经费", "北京市丰台区总工会", "党建人事部"):
        assert want in flat
    funding = next(row for row in grid if "年度资金总额" in row)
    assert funding[-6:] == ["1.408", "1.408", "1.408", "10", "10", "10"]
    total = next(row for row in grid if row[0] == "总分")
    assert total[-3:-1] == ["90", "85"]
    scores = [row[-3:-1] for row in grid if row[3] in ("举办活动次数", "上座率", "支出进度", "主题关注度",
                                                       "活动参与人数", "参与党员满意度")]
    assert scores == [["20", "20"], ["15", "15"], ["20", "17"], ["10", "10"], ["15", "15"], ["10", "8"]]
    assert page.tables[0].caption[0] == "项目支出绩效自评表"


def test_clean_text():
    assert scan.clean_cell_text("I") == "1"
    assert scan.clean_cell_text("O") == "0"
    assert scan.clean_cell_text("提高京卡.互助服务卡的知晓率") == "提高京卡·互助服务卡的知晓率"
    assert scan.clean_cell_text("1.408") == "1.408"
    assert scan.clean_cell_text("*1.5") == "1.5"


@pytest.mark.skipif(not DEV_SCAN.exists(), reason="dev corpus not present")
def test_dev_scan_panel_numbers():
    """The expert panel table: small decimals (1.5, 1.44) must keep their points."""
    gold = json.loads((DEV_SCAN.parent / "gold" / "seed_report_scan.json").read_text(encoding="utf-8"))
    want = next(t["rows"] for t in gold["panel_tables"] if t["kind"] == "panel_scores")
    page = scan.ocr_page(DEV_SCAN, 8)
    grid = page.tables[0].grid()
    # the printed table runs on to page 9 (its 总分 row); compare the rows on page 8
    got_numbers = [row[3:] for row in grid]
    assert got_numbers == [row[3:] for row in want[: len(grid)]]


def test_speck_is_not_a_minus(monkeypatch):
    """Detection at 100 dpi merges the dust speck left of 14.5 into its box ('-14.5')."""
    monkeypatch.setattr(scan, "DET_DPI", 100.0)
    grid = scan.ocr_page(PDF, 1).tables[0].grid()
    assert grid[10][7] == "14.5"
    assert grid[3][2:5] == ["25.6", "25.6", "24.32"]


def _content_key(content: PageContent) -> tuple:
    return ([t.grid() for t in content.tables], [b.text for b in content.blocks], content.warnings)


def test_pages_side_by_side_read_as_one_at_a_time(pages):
    """ocr_pages with two threads: the same content, in the order asked, each page's failure
    (a page that does not exist) reported for that page alone."""
    got = list(scan.ocr_pages(PDF, [2, 99, 1], parallel=2))
    assert [number for number, _ in got] == [2, 99, 1]
    assert isinstance(got[1][1], ValueError) and "out of range" in str(got[1][1])
    assert _content_key(got[0][1]) == _content_key(pages[2])
    assert _content_key(got[2][1]) == _content_key(pages[1])


def test_page_parallelism_setting(monkeypatch):
    monkeypatch.setenv("JIXIAO_OCR_PAGES", "3")
    assert scan.page_parallelism() == 3
    monkeypatch.setenv("JIXIAO_OCR_PAGES", "0")
    assert scan.page_parallelism() == 1
    monkeypatch.setenv("JIXIAO_OCR_PAGES", "many")
    assert scan.page_parallelism() == 1        # ignored: the default, one page at a time (memory)
    monkeypatch.delenv("JIXIAO_OCR_PAGES")
    assert scan.page_parallelism() == 1
    from jixiao.extract.ocr_threads import pages_at_once
    with pages_at_once(2):                      # what the runner sets for a lone document
        assert scan.page_parallelism() == 2
        monkeypatch.setenv("JIXIAO_OCR_PAGES", "1")
        assert scan.page_parallelism() == 1    # the user's setting wins
    monkeypatch.delenv("JIXIAO_OCR_PAGES")
    assert scan.page_parallelism() == 1


def test_pages_of_a_file_that_does_not_open(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 truncated")
    got = list(scan.ocr_pages(bad, [1, 2], parallel=2))
    assert [n for n, _ in got] == [1, 2]
    assert all("PDF" in str(err) for _, err in got)
