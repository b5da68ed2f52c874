"""A table cut by a page break whose part on the next page is only full-width rows (a
one-column grid) keeps those rows; a page frame or a box that does not carry a table on stays
narrative."""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import make_pdf_fixtures as fixtures  # noqa: E402

from jixiao.extract.model import TableRef  # noqa: E402
from jixiao.extract.pdf_reader import read_pdf  # noqa: E402

W, H = A4
LEFT, RIGHT = 60.0, W - 60.0
ROW = 24.0


def _text(cv, x, top, text, size=10):
    cv.setFont(fixtures.font(), size)
    cv.drawString(x, H - top - size, text)


def _grid(cv, top, rows, cols):
    """Ruled grid from `top`: rows of ROW points, `cols` equal columns; rows are cell texts."""
    xs = [LEFT + (RIGHT - LEFT) * k / cols for k in range(cols + 1)]
    cv.setLineWidth(0.6)
    for r in range(len(rows) + 1):
        cv.line(LEFT, H - (top + r * ROW), RIGHT, H - (top + r * ROW))
    for x in xs:
        cv.line(x, H - top, x, H - (top + len(rows) * ROW))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            _text(cv, xs[c] + 3, top + r * ROW + 6, text)


def _first_page(cv):
    _text(cv, 220, 50, "项目支出绩效自评表", 14)
    rows = [["指标", "分值", "得分"]] + [[f"指标{i}", "10", "9"] for i in range(1, 28)]
    _grid(cv, 80, rows, 3)          # ends at 80 + 28 * 24 = 752 of 842: fills the page
    cv.showPage()


def _second_page_rows(cv, texts, top=60.0):
    _grid(cv, top, [[t] for t in texts], 1)


def test_full_width_rows_on_the_next_page_join_the_table(tmp_path):
    path = tmp_path / "cont.pdf"
    cv = canvas.Canvas(str(path), pagesize=A4)
    _first_page(cv)
    _second_page_rows(cv, ["存在问题：部分指标不够细化。", "改进措施：完善绩效目标。"])
    _text(cv, LEFT, 200, "以下为正文，与表格无关。")
    cv.showPage()
    cv.save()
    doc = read_pdf(path)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert (table.page_start, table.page_end, table.n_rows) == (1, 2, 30)
    assert table.grid()[-2:] == [["存在问题：部分指标不够细化。", "", ""], ["改进措施：完善绩效目标。", "", ""]]
    texts = [b.text for b in doc.blocks if not isinstance(b, TableRef)]
    assert "以下为正文，与表格无关。" in texts
    assert not any("存在问题" in t for t in texts)


def test_page_frame_on_the_next_page_stays_narrative(tmp_path):
    path = tmp_path / "frame.pdf"
    cv = canvas.Canvas(str(path), pagesize=A4)
    _first_page(cv)
    # the page framed, a rule under its heading: two one-column rows, the second most of the page
    cv.rect(LEFT, 40, RIGHT - LEFT, H - 80)
    cv.line(LEFT, H - 90, RIGHT, H - 90)
    _text(cv, LEFT + 10, 55, "二、项目绩效目标完成情况")
    for k in range(6):
        _text(cv, LEFT + 10, 110 + 20 * k, f"正文第{k + 1}行，项目按计划推进。")
    cv.showPage()
    cv.save()
    doc = read_pdf(path)
    assert len(doc.tables) == 1 and doc.tables[0].page_end == 1
    texts = [b.text for b in doc.blocks if not isinstance(b, TableRef)]
    assert "二、项目绩效目标完成情况" in texts and any("正文第6行" in t for t in texts)


def test_box_after_text_or_of_another_width_stays_narrative(tmp_path):
    path = tmp_path / "other.pdf"
    cv = canvas.Canvas(str(path), pagesize=A4)
    _first_page(cv)
    _text(cv, LEFT, 40, "注：以下为说明。")               # text above the box: not a continuation
    _second_page_rows(cv, ["说明一：甲。", "说明二：乙。"], top=70.0)
    cv.showPage()
    cv.save()
    doc = read_pdf(path)
    assert len(doc.tables) == 1 and doc.tables[0].page_end == 1
    texts = [b.text for b in doc.blocks if not isinstance(b, TableRef)]
    assert "说明一：甲。" in texts and "说明二：乙。" in texts
