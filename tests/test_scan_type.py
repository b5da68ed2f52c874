"""Type weight and size of OCR lines (extract/scan_type.py), on synthetic lines (no OCR)."""
from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

import make_scan_fixtures as mf  # noqa: E402

from jixiao.extract.model import TextBlock  # noqa: E402
from jixiao.extract.ocr_engine import OcrBox  # noqa: E402
from jixiao.extract.scan_type import GLYPH_EM, line_metrics, mark_bold  # noqa: E402

BODY = ["根据工会工作需求，聘用专职工会社会工作者", "教育引导职工遵纪守法，自觉履行依法应尽的义务",
        "完成上级工会交办的其他任务，协调劳动关系", "项目资金预算的严谨性、规范化，完善项目管理"]
HEADS = ["1、评价的目的", "评价的原则", "（一）基本情况"]


def _line(text: str, bold: bool, dpi: float = 150, size: float = 16) -> tuple[np.ndarray, OcrBox]:
    k = dpi / 72.0
    font = mf._font(mf.SERIF, size, dpi)
    w = int(font.getlength(text)) + 40
    img = Image.new("L", (w, int(size * k * 2)), 255)
    ImageDraw.Draw(img).text((20, int(size * k * 0.4)), text, font=font, fill=0,
                             stroke_width=1 if bold else 0, stroke_fill=0)
    arr = cv2.GaussianBlur(np.asarray(img), (0, 0), 0.45 * dpi / 175)
    return arr, OcrBox(10, 2, w - 10, arr.shape[0] - 2, text, 0.99)


def _block(text: str, bold: bool) -> TextBlock:
    img, box = _line(text, bold)
    h, stroke, density = line_metrics(img, [box])
    return TextBlock(text=text, stroke=stroke / h, density=density, size=h / (150 / 72) / GLYPH_EM)


def test_bold_headings_among_body_lines():
    blocks = [_block(t, False) for t in BODY] + [_block(t, True) for t in HEADS] + [_block("二、评价工作简述", False)]
    mark_bold(blocks)
    assert [b.bold for b in blocks] == [False] * len(BODY) + [True] * len(HEADS) + [False]


def test_size_from_ink_height():
    b = _block(BODY[0], False)
    assert 14.5 <= b.size <= 17.5


def test_no_body_no_decision():
    """A page of headings alone (or a table page) has no body to compare against."""
    blocks = [_block(t, True) for t in HEADS]
    mark_bold(blocks)
    assert all(b.bold is None for b in blocks)
