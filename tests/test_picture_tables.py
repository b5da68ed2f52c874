"""A table pasted as a picture into a text PDF or a DOCX is read by OCR (real rapidocr models) and
takes its place among the page's text; a photo is not a table and costs no OCR."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import make_pdf_fixtures as fixtures  # noqa: E402

from jixiao.extract import ocr_engine  # noqa: E402
from jixiao.extract.model import TableRef  # noqa: E402
from jixiao.extract.pdf_reader import read_pdf, table_bbox  # noqa: E402

INTRO = ["一、项目基本情况", "本项目为党建活动经费，年度预算三十万元，由区总工会组织实施。",
         "项目预算执行与绩效指标完成情况见下表，表格以图片形式插入报告。"]
AFTER = "二、存在问题：部分指标设置不够细化，下一步将完善绩效目标。"


def _report_with_picture(path: Path, picture: Image.Image) -> Path:
    cv = canvas.Canvas(str(path), pagesize=A4)
    cv.setFont(fixtures.font(), 11)
    for k, line in enumerate(INTRO):
        cv.drawString(70, 800 - 16 * k, line)
    w = 400.0
    h = w * picture.size[1] / picture.size[0]
    cv.drawImage(ImageReader(picture), 95, 740 - h, width=w, height=h)
    cv.setFont(fixtures.font(), 11)
    cv.drawString(70, 720 - h, AFTER)
    cv.showPage()
    cv.save()
    return path


def _table_picture(tmp_path: Path, dpi: float = 150.0):
    """A ruled table drawn by the project's fixture script, rasterised at `dpi`."""
    src, expected = fixtures.build("two_tables", tmp_path)
    first = read_pdf(src).tables[0]
    x0, top, x1, bottom = table_bbox(first)
    pdf = pdfium.PdfDocument(str(src))
    page = pdf[first.page_start - 1]
    width, height = page.get_size()
    image = page.render(scale=dpi / 72, crop=(x0 - 2, height - bottom - 2, width - x1 - 2, top - 2)).to_pil()
    pdf.close()
    return image, first.grid()


def test_picture_table_is_read_in_place(tmp_path):
    picture, grid = _table_picture(tmp_path)
    doc = read_pdf(_report_with_picture(tmp_path / "report.pdf", picture))
    assert doc.format == "pdf"
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert (table.n_rows, table.n_cols) == (len(grid), len(grid[0]))
    numbers = lambda g: [t for row in g for t in row if t and t.replace(".", "").replace("%", "").isdigit()]
    assert numbers(table.grid()) == numbers(grid)
    assert all(c.confidence is not None for c in table.cells if c.text)
    order = [b.text if not isinstance(b, TableRef) else "<table>" for b in doc.blocks]
    assert order.index("<table>") > order.index(INTRO[0]) and order.index(AFTER) > order.index("<table>")


def test_photo_is_not_a_table(tmp_path, monkeypatch):
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:600, 0:800]
    photo = (120 + 60 * np.sin(x / 37.0) * np.cos(y / 23.0) + rng.normal(0, 25, (600, 800))).clip(0, 255)
    picture = Image.fromarray(photo.astype(np.uint8)).convert("RGB")
    calls = []
    monkeypatch.setattr(ocr_engine, "detect", lambda *a, **k: calls.append(1) or [])
    doc = read_pdf(_report_with_picture(tmp_path / "photo.pdf", picture))
    assert doc.tables == [] and calls == []          # no grid found: no OCR at all
    texts = [b.text for b in doc.blocks]
    assert INTRO[0] in texts and AFTER in texts


def test_background_picture_under_text_is_not_searched(tmp_path, monkeypatch):
    """A letterhead or watermark picture behind the page's text: no render, no line search."""
    from jixiao.extract import scan
    calls = []
    monkeypatch.setattr(scan, "picture_tables", lambda *a, **k: calls.append(a) or [])
    path = tmp_path / "background.pdf"
    cv = canvas.Canvas(str(path), pagesize=A4)
    background = Image.fromarray(np.full((400, 300, 3), 235, np.uint8))
    cv.drawImage(ImageReader(background), 0, 0, width=A4[0], height=A4[1])
    cv.setFont(fixtures.font(), 11)
    for k in range(12):
        cv.drawString(70, 800 - 18 * k, f"第{k + 1}行正文：本项目按计划推进，资金使用规范。")
    cv.showPage()
    cv.save()
    doc = read_pdf(path)
    assert calls == [] and doc.tables == []
    assert len([b for b in doc.blocks if "正文" in b.text]) >= 1


# ---------------------------------------------------------------- the same in a DOCX

def _docx_with_picture(path: Path, picture: Image.Image, width_cm: float = 15.0) -> Path:
    import docx
    from docx.shared import Cm
    png = path.with_suffix(".png")
    picture.save(png)
    document = docx.Document()
    document.add_paragraph(INTRO[0])
    document.add_paragraph("项目支出绩效自评表")
    document.add_picture(str(png), width=Cm(width_cm))
    document.add_paragraph(AFTER)
    document.save(str(path))
    return path


@pytest.mark.parametrize("dpi", [150.0, 450.0])   # printed below 160 dpi: scaled up; above 300: down
def test_docx_picture_table_is_read_in_place(tmp_path, dpi):
    from jixiao.extract.docx_reader import read_docx
    picture, grid = _table_picture(tmp_path, dpi)
    raw = read_docx(_docx_with_picture(tmp_path / "report.docx", picture))
    assert len(raw.tables) == 1
    table = raw.tables[0]
    assert (table.n_rows, table.n_cols) == (len(grid), len(grid[0]))
    numbers = lambda g: [t for row in g for t in row if t and t.replace(".", "").replace("%", "").isdigit()]
    assert numbers(table.grid()) == numbers(grid)
    assert table.caption == ["项目支出绩效自评表"]
    assert all(c.x0 is None and c.page is None for c in table.cells)   # a DOCX has no page geometry
    order = [getattr(b, "text", "<table>") if not isinstance(b, TableRef) else "<table>" for b in raw.blocks]
    assert order.index(INTRO[0]) < order.index("<table>") < order.index(AFTER)


def test_docx_photo_and_icon_are_not_tables(tmp_path, monkeypatch):
    from jixiao.extract.docx_reader import read_docx
    rng = np.random.default_rng(3)
    photo = Image.fromarray(rng.integers(60, 200, (500, 700, 3), dtype=np.uint8))
    calls = []
    monkeypatch.setattr(ocr_engine, "detect", lambda *a, **k: calls.append(1) or [])
    assert read_docx(_docx_with_picture(tmp_path / "photo.docx", photo)).tables == []
    icon, _grid = _table_picture(tmp_path)
    assert read_docx(_docx_with_picture(tmp_path / "icon.docx", icon, width_cm=3.0)).tables == []
    assert calls == []
