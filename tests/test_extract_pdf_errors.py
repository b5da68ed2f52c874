"""Opening problems, image-only pages, the OCR hook and the debug PNG."""
from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import make_pdf_fixtures as fixtures  # noqa: E402

from jixiao.extract import extract_document  # noqa: E402
from jixiao.extract.errors import CorruptDocument, EncryptedDocument, ExtractError  # noqa: E402
from jixiao.extract.model import Cell, PageContent, Table, TextBlock  # noqa: E402
from jixiao.extract.pdf_reader import read_pdf  # noqa: E402


def _encrypted(path: Path, password: str) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas
    enc = pdfencrypt.StandardEncryption(password, ownerPassword="owner-" + password, strength=128)
    cv = canvas.Canvas(str(path), encrypt=enc)
    cv.drawString(100, 700, "secret report")
    cv.save()
    return path


def _image_only(path: Path) -> Path:
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    img = Image.new("RGB", (600, 850), "white")
    ImageDraw.Draw(img).rectangle([50, 50, 550, 300], outline="black", width=3)
    cv = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        cv.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
        cv.showPage()
    cv.save()
    return path


def test_encrypted_without_password(tmp_path):
    path = _encrypted(tmp_path / "locked.pdf", "s3cret")
    with pytest.raises(EncryptedDocument, match="加密"):
        read_pdf(path)


def test_encrypted_wrong_and_right_password(tmp_path):
    path = _encrypted(tmp_path / "locked.pdf", "s3cret")
    with pytest.raises(EncryptedDocument, match="密码"):
        read_pdf(path, password="nope")
    doc = read_pdf(path, password="s3cret")
    assert doc.pages == 1
    assert any("secret report" in b.text for b in doc.text_blocks())


def test_truncated_pdf(tmp_path):
    good, _ = fixtures.build("two_tables", tmp_path)
    data = good.read_bytes()
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(data[: len(data) // 3])
    try:
        doc = read_pdf(bad)
    except CorruptDocument as exc:
        assert "损坏" in str(exc) or "截断" in str(exc)
    else:  # pdfium may repair what is left; then the damage must not pass silently as tables
        assert doc.pages is not None


def test_garbage_after_header(tmp_path):
    bad = tmp_path / "garbage.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(CorruptDocument):
        read_pdf(bad)
    with pytest.raises(ExtractError):
        extract_document(bad)


def test_image_only_pages_warn_without_ocr(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "jixiao.extract.scan", None)  # as if the OCR module is absent
    doc = read_pdf(_image_only(tmp_path / "scan.pdf"))
    assert doc.pages == 2
    assert "第1页为扫描图像，未启用 OCR" in doc.warnings
    assert "第2页为扫描图像，未启用 OCR" in doc.warnings
    assert doc.format == "scanned-pdf"


def test_image_only_pages_use_ocr_hook(tmp_path, monkeypatch):
    calls = []

    def ocr_page(pdf_path, page_number, password=None):
        calls.append(page_number)
        cells = [Cell(0, 0, "项目名称", page=page_number, x0=50, top=50, x1=150, bottom=70),
                 Cell(0, 1, "扫描项目", page=page_number, x0=150, top=50, x1=500, bottom=70)]
        table = Table(cells, 1, 2, page_start=page_number, page_end=page_number)
        title = TextBlock("项目支出绩效自评表", page=page_number, x0=230, top=25, x1=365, bottom=40, size=14)
        return PageContent(page=page_number, width=595.0, height=842.0, tables=[table], blocks=[title],
                           ocr=True)

    def ocr_pages(pdf_path, page_numbers, password=None):
        for number in page_numbers:
            yield number, ocr_page(pdf_path, number, password)

    monkeypatch.setitem(sys.modules, "jixiao.extract.scan", types.SimpleNamespace(ocr_pages=ocr_pages))
    doc = read_pdf(_image_only(tmp_path / "scan.pdf"))
    assert calls == [1, 2]
    assert doc.format == "scanned-pdf"
    assert len(doc.tables) == 2 and doc.tables[0].grid() == [["项目名称", "扫描项目"]]
    assert doc.tables[1].caption == ["项目支出绩效自评表"] and doc.tables[1].page_start == 2


def test_debug_png(tmp_path):
    from PIL import Image

    from jixiao.cli import main
    path, _ = fixtures.build("two_tables", tmp_path)
    out = tmp_path / "page1.png"
    assert main(["debug", str(path), "--page", "1", "--out", str(out), "--scale", "1.5"]) == 0
    with Image.open(out) as img:
        assert img.size == (round(595.28 * 1.5), round(841.89 * 1.5))
    assert main(["debug", str(path), "--page", "9", "--out", str(tmp_path / "x.png")]) == 2


def _scan_with_text_layer(path: Path) -> Path:
    """A scanned page (one full-page image) with an invisible OCR text layer on top."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    img = Image.new("RGB", (600, 850), "white")
    ImageDraw.Draw(img).rectangle([50, 50, 550, 300], outline="black", width=3)
    cv = canvas.Canvas(str(path), pagesize=A4)
    cv.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
    text = cv.beginText(80, 700)
    text.setFont(fixtures.font(), 10)
    text.setTextRenderMode(3)
    text.textLine("项目名称 绩效指标 分值 得分")
    cv.drawText(text)
    cv.save()
    return path


def test_ocr_layer_scan_goes_to_ocr(tmp_path, monkeypatch):
    calls = []

    def ocr_page(pdf_path, page_number, password=None):
        calls.append(page_number)
        return PageContent(page=page_number, width=595.0, height=842.0, ocr=True)

    path = _scan_with_text_layer(tmp_path / "ocr_layer.pdf")
    def ocr_pages(pdf_path, page_numbers, password=None):
        for number in page_numbers:
            yield number, ocr_page(pdf_path, number, password)

    monkeypatch.setitem(sys.modules, "jixiao.extract.scan", types.SimpleNamespace(ocr_pages=ocr_pages))
    read_pdf(path)
    assert calls == [1]
    monkeypatch.setitem(sys.modules, "jixiao.extract.scan", None)
    doc = read_pdf(path)  # without OCR the invisible text layer is still read
    assert any("绩效指标" in b.text for b in doc.text_blocks())


def test_garbled_text_layer_detection():
    from jixiao.extract.triage import garbled_text
    assert garbled_text("\ue001\ue002\ue003" * 10 + "abc")
    assert not garbled_text("项目支出绩效自评表" * 5)
    assert not garbled_text("\ue001")  # too little text to judge


def test_subset_codes_read_as_latin_or_ascii_signs_are_garbled():
    """A re-distilled subset font without ToUnicode numbers its glyphs 1, 2, 3…: pdfium shows
    them as controls, WinAnsi's accented letters and stray ASCII signs (Ghostscript, mutool)."""
    from jixiao.extract.triage import garbled_text
    assert garbled_text("ÄÅÇÉÑÖ Üáàâ äãÑå ½Öã Ì´ ³¥µ¶· µ¶¹½Ö¶º Øºª·æ ø¿£¬Ã")          # gs, WinAnsi subset
    assert garbled_text("\x01\x04\x05\x06\x07\x08\x01\x01\x0e\x0f$\x01ù+\x08.MÛ\x07\x84ÎZ\x83+!")  # mutool
    assert garbled_text("!\"# $%&' ()*+ ,-./ 0123 <=>? @AB [\\]^ _`{| }~!\" #$&' ()*+")
    # what reports do print: numbers, rates, dates and a few Latin words or a name's dot
    assert not garbled_text("1,234.56 78.9% (2024) 100% 3/4 12:30 -5 " * 3)
    assert not garbled_text("项目负责人：李·明 × 2 ÷ 4 ≥95% PPP 模式 " * 3)


def test_a_regular_face_is_not_bold_whatever_weight_pdfium_guesses():
    from jixiao.extract.pdf_text import is_bold_font, is_regular_font
    assert is_regular_font("INSOTB+NotoSerifCJKjp-Regular-VKana") and is_regular_font("SourceHanSans-Light")
    assert not is_regular_font("VQESJR+NotoSerifCJKjp-Bold-VKana") and is_bold_font("VQESJR+NotoSerifCJKjp-Bold-VKana")
    assert not is_regular_font("SimSun") and not is_regular_font(None)   # no weight in the name: pdfium's word stands
