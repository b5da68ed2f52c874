"""A table's outer rules where a page break cut it: browsers (Chromium's Skia PDFs) draw no
bottom rule under a cell that continues on the next page, so only the cells ending there are
closed; the text of the open cell (a 一级指标 spanning rows) must stay in the table."""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

from jixiao.extract.pdf_grid import _edge, complete_borders
from jixiao.extract.pdf_reader import read_pdf


def _h(x0, y, x1):
    return _edge(x0, y, x1, y, "h")


def _v(x, top, bottom):
    return _edge(x, top, x, bottom, "v")


def test_partial_bottom_rule_is_closed_across_the_table():
    # two columns, x 0..100..200; rows at 0, 20, 40; the left cell spans both rows and its
    # bottom rule is missing (only the right cell's bottom at y 40 is drawn)
    edges = [_h(0, 0, 200), _h(100, 20, 200), _h(100, 40, 200),
             _v(0, 0, 40), _v(100, 0, 40), _v(200, 0, 40)]
    added = complete_borders(edges)[len(edges):]
    assert [(e["x0"], e["top"], e["x1"]) for e in added if e["orientation"] == "h"] == [(0, 40, 200)]


def test_full_frame_gets_nothing_added():
    edges = [_h(0, 0, 200), _h(0, 20, 200), _h(0, 40, 200),
             _v(0, 0, 40), _v(100, 0, 40), _v(200, 0, 40)]
    assert complete_borders(edges) == edges


def _open_bottom_pdf(path):
    """One page: 3 columns, the first cell (产出指标) spans the two body rows and has no bottom
    rule, as a browser prints a cell continued on the next page."""
    from make_pdf_render_variants import cid_font

    font = cid_font()
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    top, xs, ys = 300, [50, 130, 250, 350], [40, 60, 80, 100]

    def y(v):
        return top - v

    c.setLineWidth(0.75)
    for x in xs:
        c.line(x, y(ys[0]), x, y(ys[-1]))
    c.line(xs[0], y(ys[0]), xs[-1], y(ys[0]))
    c.line(xs[0], y(ys[1]), xs[-1], y(ys[1]))
    c.line(xs[1], y(ys[2]), xs[-1], y(ys[2]))
    c.line(xs[1], y(ys[3]), xs[-1], y(ys[3]))          # no rule under the first column
    c.setFont(font, 9)
    for x, v, text in [(55, 54, "一级指标"), (135, 54, "三级指标"), (255, 54, "分值"),
                       (55, 84, "产出指标"), (135, 74, "受益人数"), (255, 74, "10"),
                       (135, 94, "覆盖率"), (255, 94, "20")]:
        c.drawString(x, y(v), text)
    c.save()
    return path


def test_open_cell_at_page_bottom_keeps_its_text(tmp_path):
    doc = read_pdf(_open_bottom_pdf(tmp_path / "open.pdf"))
    texts = {cell.text for table in doc.tables for cell in table.cells}
    assert "产出指标" in texts
    assert {"受益人数", "覆盖率", "20"} <= texts
