"""Which pages the triage sends to OCR: a scan with a small visible overlay is still a scan."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from jixiao.extract.triage import triage

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def _scan_image() -> ImageReader:
    """A grey page picture with a few ruled boxes: what a scanner hands over."""
    img = Image.new("L", (595, 842), 235)
    draw = ImageDraw.Draw(img)
    for y in range(100, 500, 40):
        draw.line((60, y, 535, y), fill=20, width=2)
    for x in (60, 200, 535):
        draw.line((x, 100, x, 460), fill=20, width=2)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    return ImageReader(buf)


def _pdf(tmp_path, overlay: str | None, image_share: float = 1.0) -> str:
    path = tmp_path / "page.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.drawImage(_scan_image(), 0, height * (1 - image_share), width, height * image_share)
    if overlay:
        c.setFont("STSong-Light", 9)
        y = 20
        for start in range(0, len(overlay), 40):
            c.drawString(40, y, overlay[start:start + 40])
            y += 12
    c.showPage()
    c.save()
    return str(path)


@pytest.mark.parametrize("overlay", [None, "扫描全能王 创建", "- 3 -"])
def test_scan_with_sparse_visible_text_goes_to_ocr(tmp_path, overlay):
    (info,) = triage(_pdf(tmp_path, overlay))
    assert info.image_only, (overlay, info.n_chars, info.image_cover)


def test_page_with_real_text_over_a_picture_is_not_a_scan(tmp_path):
    prose = "本项目由北京市丰台区总工会开展实施，资金使用符合相关的财务管理制度规定。" * 4
    (info,) = triage(_pdf(tmp_path, prose))
    assert info.n_chars > 40
    assert not info.image_only


def test_small_picture_with_a_watermark_is_not_a_scan(tmp_path):
    (info,) = triage(_pdf(tmp_path, "扫描全能王 创建", image_share=0.3))
    assert not info.image_only
