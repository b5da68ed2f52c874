"""Text drawn off the visible page is not printed: a spreadsheet printed over two pages draws
the text of a cell merged across the break centred on the whole cell, above the second page's
top edge. It is neither narrative nor 'text above the table' (which would stop the table from
continuing the one on the page before)."""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from jixiao.extract.pdf_reader import read_pdf  # noqa: E402
from jixiao.extract.pdf_text import on_page  # noqa: E402


def _char(x, top, text="字"):
    return {"x0": x, "x1": x + 9, "top": top, "bottom": top + 9, "text": text}


def test_on_page_keeps_glyphs_whose_centre_is_on_the_page():
    chars = [_char(50, 50), _char(50, -92), _char(592, 50), _char(50, 840)]
    assert on_page(chars, 595, 842) == [chars[0]]


def test_text_above_the_page_edge_is_no_narrative(tmp_path):
    from make_pdf_render_variants import cid_font

    font = cid_font()
    path = tmp_path / "offpage.pdf"
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    c.setFont(font, 10)
    c.drawString(60, 330, "绩效指标")          # 30 pt above the top edge
    c.drawString(60, 250, "正文第一行在页面上")
    c.save()
    texts = [b.text for b in read_pdf(path).blocks if hasattr(b, "text")]
    assert texts == ["正文第一行在页面上"]
