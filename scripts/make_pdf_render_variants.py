#!/usr/bin/env python3
"""Rendering variants of one self-evaluation table, drawn with ReportLab, each with its golden grid.

    .venv/bin/python scripts/make_pdf_render_variants.py OUT_DIR     # writes OUT_DIR/<name>.pdf

Real PDF producers draw the same table in very different ways. Word's own export and WPS fill
thin rectangles for rules (one per cell side, of varying thickness), some printers draw each
cell as its own closed rectangle, Excel exports hairlines around every cell, generators place
text one glyph at a time or in TJ arrays with kerning, and page geometry varies (crop boxes,
media boxes not at the origin, /Rotate, landscape, tables running over three pages with or
without a repeated header). Each variant here draws one such style; the expected result is
computed from the same cell list that is drawn (tests/test_pdf_render_variants.py).
"""
from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pdf_fixtures import C, font  # noqa: E402

CID = "STSong-Light"


def cid_font() -> str:
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    if CID not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID))
    return CID


# ------------------------------------------------------------------ table spec

@dataclass
class Style:
    rule: str = "line"       # line | seg | fillrect | cellrect | double | polyfill | none | hrules
    th: float = 0.5          # rule thickness
    color: tuple = (0, 0, 0)
    gap: float = 0.0         # > 0: rules overshoot intersections; < 0: they stop short
    dash_inner: bool = False  # inner rules dashed (one path with a dash pattern)
    dotted_inner: bool = False  # inner rules as many separate short segments
    double_gap: float = 2.0  # distance between the two lines of a double outer frame
    double_join: bool = False  # inner rules run on to the outer line of the double frame
    shade: str | None = None  # header shading: exact | inset | partial
    text: str = "run"        # run | char | tj | cs
    char_space: float = 0.0
    overflow: float = 0.0    # the 年度总体目标 text starts this far left of its cell's padding
    size: float = 8.0
    cid: bool = False        # use the STSong-Light CID font
    hscale: float = 100.0    # horizontal text scaling (Tz), WPS squeezes text to fit
    jag: float = 0.0         # head rows' column boundaries moved by this much (rows drawn apart)
    form: bool = False       # the whole table inside a form XObject (printer drivers)
    flip: bool = False       # drawn under a y-flipped CTM, text with a flipped text matrix (Skia)


@dataclass
class Spec:
    widths: list[float]
    heights: list[float]
    cells: list[C]

    @property
    def n_rows(self) -> int:
        return len(self.heights)

    @property
    def n_cols(self) -> int:
        return len(self.widths)


def cell_text(c: C) -> str:
    if c.lines is not None:
        return "".join(c.lines)
    return c.text


def expected_table(spec: Spec, pages: list[int], caption: list[str] | None = None,
                   rows: tuple[int, int] | None = None) -> dict:
    a, b = rows or (0, spec.n_rows)
    grid = [["" for _ in range(spec.n_cols)] for _ in range(b - a)]
    spans = {}
    for c in spec.cells:
        if not a <= c.row < b:
            continue
        grid[c.row - a][c.col] = cell_text(c)
        if c.rs > 1 or c.cs > 1:
            spans[(c.row - a, c.col)] = (min(c.rs, b - c.row), c.cs)
    out = {"grid": grid, "spans": spans, "pages": pages}
    if caption is not None:
        out["caption"] = caption
    return out


W9 = [40, 55, 55, 90, 60, 60, 30, 30, 60]
IND_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
INDICATORS = [
    ("产出指标", "数量指标", [("培训人次", "≥500人次", "526人次", "10", "10", ""),
                              ("慰问困难职工户数", "120户", "118户", "10", "9", "个别职工调离，未能慰问")]),
    ("", "质量指标", [("资金发放准确率", "100%", "100%", "10", "10", ""),
                      ("培训合格率", "≥95%", "96.5%", "10", "10", "")]),
    ("", "时效指标", [("资金拨付及时性", "12月31日前", "12月20日", "10", "10", "")]),
    ("效益指标", "社会效益指标", [("职工权益保障水平", "有所提高", "明显提高", "15", "14", "宣传力度仍需加强"),
                                  ("和谐劳动关系", "持续改善", "达成", "15", "15", "")]),
    ("满意度指标", "服务对象满意度指标", [("职工满意度", "≥90%", "93%", "10", "9", "")]),
]


def self_eval(name: str = "职工服务保障项目", repeat: int = 1, heights: dict | None = None) -> Spec:
    """A whole 项目支出绩效自评表 (9 columns): head rows, funding block, goal, indicators with
    level-1/level-2 labels merged down, 总分. `repeat` repeats the indicator groups."""
    cells: list[C] = []
    h: list[float] = []
    cells += [C(0, 0, "项目名称", cs=2), C(0, 2, name, cs=7)]
    cells += [C(1, 0, "主管部门", cs=2), C(1, 2, "某区总工会", cs=3), C(1, 5, "实施单位", cs=2),
              C(1, 7, "办公室", cs=2)]
    h += [22, 22]
    cells.append(C(2, 0, "项目资金（万元）", cs=2, rs=4))
    head = ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    cells += [C(2, 2 + k, t) for k, t in enumerate(head)]
    money = [["年度资金总额", "12.50", "12.50", "12.50", "10", "100%", "10"],
             ["其中：财政拨款", "12.50", "12.50", "12.50", "—", "—", "—"],
             ["其他资金", "0", "0", "0", "—", "—", "—"]]
    for i, row in enumerate(money):
        cells += [C(3 + i, 2 + k, t) for k, t in enumerate(row)]
    h += [30, 22, 22, 22]
    cells += [C(6, 0, "年度总体目标", cs=2),
              C(6, 2, "", cs=7, lines=["开展职工技能培训，慰问困难职工，保障职工合法权益，",
                                        "提升职工满意度。"])]
    h += [34]
    r0 = 7
    groups = INDICATORS * repeat
    n_ind = sum(len(g[2]) for g in groups)
    cells.append(C(r0, 0, "绩效指标", rs=n_ind + 1, vertical=True))
    cells += [C(r0, 1 + k, t) for k, t in enumerate(IND_HEADER)]
    h += [34]
    r = r0 + 1
    for l1, l2, rows in groups:
        cells.append(C(r, 2, l2, rs=len(rows)))
        for k, row in enumerate(rows):
            cells += [C(r + k, 3 + j, t) for j, t in enumerate(row)]
            h.append(30 if any(len(t) > 8 for t in row) else 22)
        r += len(rows)
    # level-1 labels: each named group and the unnamed groups after it
    r = r0 + 1
    i = 0
    while i < len(groups):
        l1 = groups[i][0]
        n = len(groups[i][2])
        j = i + 1
        while j < len(groups) and not groups[j][0]:
            n += len(groups[j][2])
            j += 1
        cells.append(C(r, 1, l1, rs=n))
        r += n
        i = j
    cells += [C(r, 0, "总分", cs=6), C(r, 6, "100"), C(r, 7, "95"), C(r, 8, "")]
    h.append(22)
    if heights:
        for row, value in heights.items():
            h[row] = value
    return Spec(list(W9), h, cells)


# ------------------------------------------------------------------ drawing

def _covered(spec: Spec) -> dict:
    out = {}
    for c in spec.cells:
        for r in range(c.row, c.row + c.rs):
            for k in range(c.col, c.col + c.cs):
                out[(r, k)] = c
    return out


def _segments(spec: Spec) -> set:
    covered = _covered(spec)
    segs = set()
    for r in range(spec.n_rows + 1):
        for k in range(spec.n_cols):
            a, b = covered.get((r - 1, k)), covered.get((r, k))
            if not (a is not None and a is b):
                segs.add(("h", r, k))
    for k in range(spec.n_cols + 1):
        for r in range(spec.n_rows):
            a, b = covered.get((r, k - 1)), covered.get((r, k))
            if not (a is not None and a is b):
                segs.add(("v", r, k))
    return segs


def _runs(segs: set, spec: Spec) -> list[tuple]:
    """Maximal straight runs: ("h", y_index, k0, k1) / ("v", x_index, r0, r1)."""
    out = []
    for r in range(spec.n_rows + 1):
        k = 0
        while k < spec.n_cols:
            if ("h", r, k) in segs:
                s = k
                while k < spec.n_cols and ("h", r, k) in segs:
                    k += 1
                out.append(("h", r, s, k))
            else:
                k += 1
    for k in range(spec.n_cols + 1):
        r = 0
        while r < spec.n_rows:
            if ("v", r, k) in segs:
                s = r
                while r < spec.n_rows and ("v", r, k) in segs:
                    r += 1
                out.append(("v", k, s, r))
            else:
                r += 1
    return out


class Pen:
    """Draws in top-left coordinates on a canvas whose page height is page_h."""

    def __init__(self, cv, page_h: float, st: Style):
        self.cv, self.h, self.st = cv, page_h, st

    def y(self, top: float) -> float:
        return top if self.st.flip else self.h - top

    def line(self, x0, t0, x1, t1, width=None, dash=None):
        cv = self.cv
        cv.saveState()
        cv.setStrokeColorRGB(*self.st.color)
        cv.setLineWidth(self.st.th if width is None else width)
        if dash:
            cv.setDash(*dash)
        cv.line(x0, self.y(t0), x1, self.y(t1))
        cv.restoreState()

    def fill_rect(self, x0, t0, x1, t1, color=None):
        cv = self.cv
        cv.saveState()
        cv.setFillColorRGB(*(color or self.st.color))
        cv.rect(x0, self.y(t1), x1 - x0, t1 - t0, stroke=0, fill=1)
        cv.restoreState()

    def poly_fill(self, x0, t0, x1, t1):
        cv = self.cv
        cv.saveState()
        cv.setFillColorRGB(*self.st.color)
        p = cv.beginPath()
        p.moveTo(x0, self.y(t0))
        p.lineTo(x1, self.y(t0))
        p.lineTo(x1, self.y(t1))
        p.lineTo(x0, self.y(t1))
        p.close()
        cv.drawPath(p, stroke=0, fill=1)
        cv.restoreState()

    def stroke_rect(self, x0, t0, x1, t1):
        cv = self.cv
        cv.saveState()
        cv.setStrokeColorRGB(*self.st.color)
        cv.setLineWidth(self.st.th)
        cv.rect(x0, self.y(t1), x1 - x0, t1 - t0, stroke=1, fill=0)
        cv.restoreState()


def draw_rules(pen: Pen, spec: Spec, x: float, top: float) -> None:
    st = pen.st
    xs = [x]
    for w in spec.widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for hh in spec.heights:
        ys.append(ys[-1] + hh)
    segs = _segments(spec)
    g = st.gap

    def outer(kind, idx):
        return idx == 0 or idx == (len(ys) - 1 if kind == "h" else len(xs) - 1)

    if st.rule == "none":
        return
    if st.rule == "hrules":  # 三线表: top, below the header, bottom; no verticals
        for r in (0, 1, spec.n_rows):
            pen.line(xs[0], ys[r], xs[-1], ys[r], width=1.0 if r != 1 else 0.5)
        return
    if st.rule == "fillseg":  # every cell side its own filled rectangle, ends overlapping
        t = st.th / 2
        for kind, r, k in sorted(segs):
            if kind == "h":
                pen.fill_rect(xs[k] - t, ys[r] - t, xs[k + 1] + t, ys[r] + t)
            else:
                pen.fill_rect(xs[k] - t, ys[r] - t, xs[k] + t, ys[r + 1] + t)
        return
    if st.rule == "ring":  # each cell's border one even-odd filled path: outer minus inner box
        t = st.th / 2
        cv = pen.cv
        cv.saveState()
        cv.setFillColorRGB(*st.color)
        for c in spec.cells:
            x0, t0, x1, t1 = xs[c.col], ys[c.row], xs[c.col + c.cs], ys[c.row + c.rs]
            p = cv.beginPath()
            p.rect(x0 - t, pen.y(t1 + t), x1 - x0 + 2 * t, t1 - t0 + 2 * t)
            p.rect(x0 + t, pen.y(t1 - t), x1 - x0 - 2 * t, t1 - t0 - 2 * t)
            cv.drawPath(p, stroke=0, fill=1, fillMode=1)
        cv.restoreState()
        return
    if st.rule == "cellrect":
        for c in spec.cells:
            pen.stroke_rect(xs[c.col], ys[c.row], xs[c.col + c.cs], ys[c.row + c.rs])
        return
    pieces = _runs(segs, spec) if st.rule in ("line", "fillrect", "double", "polyfill") else \
        [("h", r, k, k + 1) if kind == "h" else ("v", k, r, r + 1) for kind, r, k in sorted(segs)]
    for kind, i, a, b in pieces:
        is_outer = outer(kind, i)
        if kind == "h":
            p0, p1, fixed = xs[a] - g, xs[b] + g, ys[i]
            last = len(xs) - 1
        else:
            p0, p1, fixed = ys[a] - g, ys[b] + g, xs[i]
            last = len(ys) - 1
        if st.rule == "double" and st.double_join and not is_outer:
            p0 -= st.double_gap if a == 0 else 0
            p1 += st.double_gap if b == last else 0
        if st.rule in ("line", "seg") or (st.rule == "double" and not is_outer):
            if not is_outer and st.dotted_inner:
                p = p0
                while p < p1:
                    q = min(p + 1.0, p1)
                    if kind == "h":
                        pen.line(p, fixed, q, fixed)
                    else:
                        pen.line(fixed, p, fixed, q)
                    p += 2.0
                continue
            dash = (2, 2) if (st.dash_inner and not is_outer) else None
            if kind == "h":
                pen.line(p0, fixed, p1, fixed, dash=dash)
            else:
                pen.line(fixed, p0, fixed, p1, dash=dash)
        elif st.rule == "double":
            d = st.double_gap / 2
            # outer frame drawn twice, the second line outside the first
            sign = -1 if i == 0 else 1
            for off in (0.0, sign * st.double_gap):
                if kind == "h":
                    pen.line(p0 - d * 2 if off else p0, fixed + off, p1 + d * 2 if off else p1, fixed + off,
                             width=0.5)
                else:
                    pen.line(fixed + off, p0 - d * 2 if off else p0, fixed + off, p1 + d * 2 if off else p1,
                             width=0.5)
        else:  # fillrect / polyfill: a thin filled rectangle centred on the rule
            t = st.th / 2
            box = (p0 - t, fixed - t, p1 + t, fixed + t) if kind == "h" else (fixed - t, p0 - t, fixed + t, p1 + t)
            (pen.fill_rect if st.rule == "fillrect" else pen.poly_fill)(*box)


def _fontname(st: Style) -> str:
    return cid_font() if st.cid or st.text == "tj" else font()


def text_width(text: str, st: Style) -> float:
    if st.text == "mixed":
        import re
        return sum(pdfmetrics.stringWidth(run, "Helvetica" if run[0] <= "~" else _fontname(st), st.size)
                   for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text))
    return (pdfmetrics.stringWidth(text, _fontname(st), st.size) + st.char_space * len(text)) * st.hscale / 100


def wrap(text: str, width: float, st: Style) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and text_width(cur + ch, st) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex() + ">"


def draw_line_text(cv, x: float, y_top: float, page_h: float, text: str, st: Style) -> None:
    fname = _fontname(st)
    size = st.size
    baseline = page_h - (y_top + size * 0.88)
    if st.flip:
        # y grows downwards under the flipped CTM; the text matrix flips back so glyphs stand up
        tx = cv.beginText()
        tx.setFont(fname, size)
        tx.setTextTransform(1, 0, 0, -1, x, y_top + size * 0.88)
        tx.textOut(text)
        cv.drawText(tx)
        return
    if st.text == "mixed":
        # Latin runs (digits, %, .) in Helvetica, the rest in the CJK font, as Word does with
        # separate East Asian and ASCII fonts.
        import re
        for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
            f = "Helvetica" if run[0] <= "~" else fname
            cv.setFont(f, size)
            cv.drawString(x, baseline, run)
            x += pdfmetrics.stringWidth(run, f, size)
        return
    if st.text == "char":
        cv.setFont(fname, size)
        for ch in text:
            cv.drawString(x, baseline, ch)
            x += pdfmetrics.stringWidth(ch, fname, size) + st.char_space
        return
    tx = cv.beginText()
    tx.setFont(fname, size)
    tx.setTextOrigin(x, baseline)
    if st.hscale != 100:
        tx.setHorizScale(st.hscale)
    if st.char_space:
        tx.setCharSpace(st.char_space)
    if st.text == "tj":
        # TJ array: kerning after every other glyph (+/- a few thousandths of an em), the way
        # Word and InDesign write runs; positions still match the drawn widths closely.
        parts = []
        for i, ch in enumerate(text):
            parts.append(_hex(ch))
            if i % 2 == 0 and i < len(text) - 1:
                parts.append("-12" if i % 4 == 0 else "8")
        tx._code.append("[" + " ".join(parts) + "] TJ")
    else:
        tx.textOut(text)
    cv.drawText(tx)


def draw_cells(cv, spec: Spec, x: float, top: float, page_h: float, st: Style) -> None:
    xs = [x]
    for w in spec.widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for hh in spec.heights:
        ys.append(ys[-1] + hh)
    for c in spec.cells:
        if not c.text and not c.lines:
            continue
        x0, x1 = xs[c.col], xs[c.col + c.cs]
        t0, t1 = ys[c.row], ys[c.row + c.rs]
        if c.turn:
            length = text_width(c.text, st)
            cv.saveState()
            cv.translate((x0 + x1) / 2, page_h - (t0 + t1) / 2)
            cv.rotate(c.turn)
            cv.setFont(_fontname(st), st.size)
            cv.drawString(-length / 2, -st.size * 0.35, c.text)
            cv.restoreState()
            continue
        if c.lines is not None:
            lines = c.lines
        elif c.nowrap:
            lines = [c.text]
        elif c.vertical:
            lines = list(c.text)
        else:
            lines = wrap(c.text, x1 - x0 - 4, st)
        lead = st.size * 1.25
        y = t0 + max(1.5, ((t1 - t0) - lead * len(lines)) / 2)
        for line in lines:
            w = text_width(line, st)
            if c.lines is not None and c.cs > 3 and st.overflow:
                lx = x0 + 2 - st.overflow
            elif c.lines is not None and c.cs > 3:
                lx = x0 + 3
            elif c.nowrap and w > x1 - x0:
                lx = x0 + 1  # left-aligned, runs past the right rule
            else:
                lx = x0 + max(1.5, (x1 - x0 - w) / 2)
            draw_line_text(cv, lx, y, page_h, line, st)
            y += lead


def draw_shading(pen: Pen, spec: Spec, x: float, top: float, st: Style) -> None:
    if not st.shade:
        return
    grey = (0.82, 0.82, 0.82)
    xs = [x]
    for w in spec.widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for hh in spec.heights:
        ys.append(ys[-1] + hh)
    # Shade the funding header row and the indicator header row, cell by cell (Word) or as
    # one band, inset from the rules, or only behind the text (a paragraph shading).
    header_rows = [r for r in range(spec.n_rows)
                   if any(c.row == r and c.text in ("年初预算数", "一级指标") for c in spec.cells)]
    for r in header_rows:
        if st.shade == "exact":
            for c in spec.cells:
                if c.row == r:
                    pen.fill_rect(xs[c.col], ys[r], xs[c.col + c.cs], ys[r + c.rs], grey)
        elif st.shade == "inset":
            first = min(c.col for c in spec.cells if c.row == r)
            pen.fill_rect(xs[first] + 0.6, ys[r] + 0.6, xs[-1] - 0.6, ys[r + 1] - 0.6, grey)
        elif st.shade == "partial":
            for c in spec.cells:
                if c.row == r and c.text:
                    w = text_width(c.text, st)
                    cx = (xs[c.col] + xs[c.col + c.cs]) / 2
                    pen.fill_rect(cx - w / 2 - 1, ys[r] + 3, cx + w / 2 + 1, ys[r + 1] - 3, grey)


def draw_spec(cv, spec: Spec, x: float, top: float, page_h: float, st: Style) -> None:
    if st.form:
        # Draw into a form XObject and place it: the page content holds only `/X Do`.
        name = f"tbl{id(spec)}"
        cv.beginForm(name)
        _draw_spec(cv, spec, x, top, page_h, replace(st, form=False))
        cv.endForm()
        cv.doForm(name)
        return
    if st.jag:
        # Head rows (0..6) drawn as their own table whose inner column boundaries sit st.jag
        # to the right: Word tables whose rows were resized one by one.
        head = slice_spec(spec, 0, 7)
        head.widths = [w + (st.jag if i == 0 else 0) for i, w in enumerate(head.widths)]
        head.widths[-1] -= st.jag
        rest = slice_spec(spec, 7, spec.n_rows)
        _draw_spec(cv, head, x, top, page_h, replace(st, jag=0))
        _draw_spec(cv, rest, x, top + sum(head.heights), page_h, replace(st, jag=0))
        return
    if st.flip:  # Skia / Chrome: one CTM turning y downwards for the whole page
        cv.saveState()
        cv.transform(1, 0, 0, -1, 0, page_h)
        _draw_spec(cv, spec, x, top, page_h, st)
        cv.restoreState()
        return
    _draw_spec(cv, spec, x, top, page_h, st)


def _draw_spec(cv, spec: Spec, x: float, top: float, page_h: float, st: Style) -> None:
    pen = Pen(cv, page_h, st)
    draw_shading(pen, spec, x, top, st)
    draw_rules(pen, spec, x, top)
    cv.setFillColorRGB(0, 0, 0)
    draw_cells(cv, spec, x, top, page_h, st)


def slice_spec(spec: Spec, a: int, b: int, cut: dict | None = None, part: int = 0,
               header: int = 0) -> Spec:
    """Rows [a, b) of spec as drawn on one page: a merged cell that starts above a keeps its
    columns but no text. `cut` maps (row, col) -> (lines on the first page, lines on the
    next) for a row split by the page break; part 0 / 1 says which piece. `header` repeats
    the spec's first rows on top."""
    cells = []
    heights = list(spec.heights[:header]) + list(spec.heights[a:b])
    for c in spec.cells:
        if header and c.row < header:
            cells.append(replace(c))
    off = header - a
    for c in spec.cells:
        lo, hi = max(c.row, a), min(c.row + c.rs, b)
        if lo >= hi:
            continue
        text, lines = (c.text, c.lines) if c.row >= a else ("", None)
        if cut and (c.row, c.col) in cut:
            lines = cut[(c.row, c.col)][part]
            text = ""
        cells.append(C(lo + off, c.col, text, rs=hi - lo, cs=c.cs, vertical=c.vertical and c.row >= a,
                       lines=lines, turn=c.turn if c.row >= a else 0, nowrap=c.nowrap))
    return Spec(list(spec.widths), heights, cells)


def centred(cv, text: str, y_top: float, page_w: float, page_h: float, size: float = 14,
            x0: float = 0.0) -> None:
    w = pdfmetrics.stringWidth(text, font(), size)
    cv.setFont(font(), size)
    cv.drawString(x0 + (page_w - w) / 2, page_h - (y_top + size * 0.88), text)


def left_text(cv, text: str, x: float, y_top: float, page_h: float, size: float = 11) -> None:
    cv.setFont(font(), size)
    cv.drawString(x, page_h - (y_top + size * 0.88), text)


def x_centre(spec: Spec, page_w: float) -> float:
    return (page_w - sum(spec.widths)) / 2


TITLE = "项目支出绩效自评表"
YEAR = "（2024年度）"


def one_table(st: Style, spec: Spec | None = None, pagesize=A4):
    """A variant: the standard self-evaluation table on one page drawn in style st."""
    spec = spec or self_eval()

    def draw(path: Path) -> dict:
        w, h = pagesize
        cv = canvas.Canvas(str(path), pagesize=pagesize)
        centred(cv, TITLE, 40, w, h)
        centred(cv, YEAR, 62, w, h, size=11)
        draw_spec(cv, spec, x_centre(spec, w), 85, h, st)
        cv.save()
        return {"tables": [expected_table(spec, [1, 1], [TITLE, YEAR])]}
    return draw


def titled_table(path: Path, spec: Spec, st: Style) -> dict:
    """`spec` on one A4 page under the title alone, drawn in style st; its expectation."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    centred(cv, TITLE, 40, w, h)
    draw_spec(cv, spec, x_centre(spec, w), 70, h, st)
    cv.save()
    return {"tables": [expected_table(spec, [1, 1], [TITLE])]}


# ------------------------------------------------------------------ page geometry

@contextlib.contextmanager
def media_box(box):
    """ReportLab writes MediaBox [0 0 w h]; pages made inside this block get `box` instead."""
    original = pdfdoc.PDFPage

    class Page(original):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            self.MediaBox = pdfdoc.PDFArray(list(box))

    pdfdoc.PDFPage = Page
    try:
        yield
    finally:
        pdfdoc.PDFPage = original


def offset_media(path: Path) -> dict:
    """MediaBox [100 200 695.28 1041.89]: the page's origin is not at (0, 0)."""
    spec = self_eval()
    w, h = A4
    with media_box((100, 200, 100 + w, 200 + h)):
        cv = canvas.Canvas(str(path), pagesize=A4)
        cv.translate(100, 200)
        centred(cv, TITLE, 40, w, h)
        draw_spec(cv, spec, x_centre(spec, w), 70, h, Style())
        cv.showPage()
        cv.translate(100, 200)
        left_text(cv, "一、项目基本情况", 60, 60, h, size=14)
        cv.showPage()
        cv.save()
    return {"tables": [expected_table(spec, [1, 1], [TITLE])], "text": ["一、项目基本情况"],
            "page_sizes": [(595.28, 841.89), (595.28, 841.89)]}


def crop_box(path: Path) -> dict:
    """A CropBox inside the MediaBox (a printer's margins trimmed), table near the crop's top."""
    spec = self_eval()
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    cv.setCropBox((30, 40, w - 30, h - 25))
    centred(cv, TITLE, 40, w, h)
    draw_spec(cv, spec, x_centre(spec, w), 70, h, Style(rule="fillrect", th=0.75))
    cv.showPage()
    left_text(cv, "一、项目基本情况", 60, 60, h, size=14)
    cv.showPage()
    cv.save()
    return {"tables": [expected_table(spec, [1, 1], [TITLE])], "text": ["一、项目基本情况"]}


def rotated(rotation: int):
    """The page carries /Rotate `rotation`; its content is drawn turned the other way so the
    table reads upright in a viewer (what printers do for landscape sheets)."""
    def draw(path: Path) -> dict:
        spec = self_eval()
        pw, ph = A4  # the media box stays portrait
        lw, lh = (pw, ph) if rotation == 180 else (ph, pw)  # displayed size
        # ReportLab swaps the media box of a page turned by 90/270: ask for the displayed size.
        cv = canvas.Canvas(str(path), pagesize=(lw, lh))
        cv.setPageRotation(rotation)
        cv.saveState()
        if rotation == 90:
            cv.transform(0, 1, -1, 0, pw, 0)
        elif rotation == 270:
            cv.transform(0, -1, 1, 0, 0, ph)
        else:
            cv.transform(-1, 0, 0, -1, pw, ph)
        centred(cv, TITLE, 30, lw, lh)
        draw_spec(cv, spec, x_centre(spec, lw), 55, lh, Style(rule="seg"))
        cv.restoreState()
        cv.showPage()
        cv.save()
        return {"tables": [expected_table(spec, [1, 1], [TITLE])],
                "page_sizes": [(round(lw, 2), round(lh, 2))]}
    return draw


def wide_landscape(path: Path) -> dict:
    """A4 landscape, wider columns, WPS-style filled rules."""
    spec = self_eval()
    spec.widths = [w * 1.5 for w in spec.widths]
    lw, lh = landscape(A4)
    cv = canvas.Canvas(str(path), pagesize=landscape(A4))
    centred(cv, TITLE, 30, lw, lh)
    draw_spec(cv, spec, x_centre(spec, lw), 55, lh, Style(rule="fillrect", th=0.5))
    cv.save()
    return {"tables": [expected_table(spec, [1, 1], [TITLE])],
            "page_sizes": [(841.89, 595.28)]}


def footer(cv, n: int, w: float, h: float) -> None:
    centred(cv, f"— {n} —", h - 40, w, h, size=9)


def three_pages(path: Path) -> dict:
    """One table over three pages, no repeated header; the second break cuts a row in the
    middle of a merged level-1 label (偏差原因 wraps over the break)."""
    spec = self_eval(repeat=5)
    first_end = 24
    # The row to cut: the second row of a 效益指标 group low on page 2.
    cut_row = next(c.row for c in spec.cells
                   if c.col == 3 and c.text == "和谐劳动关系" and c.row >= first_end + 18)
    cut = {}
    for c in spec.cells:
        if c.row == cut_row and c.col >= 3:
            full = c.text
            cut[(c.row, c.col)] = ([full], []) if c.col != 8 else (["原因：宣传"], ["不到位"])
    for c in spec.cells:
        if (c.row, c.col) in cut and c.col == 8:
            c.text, c.lines = "", ["原因：宣传", "不到位"]
    spec.heights[cut_row] = 40
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    centred(cv, TITLE, 40, w, h)
    x = x_centre(spec, w)
    st = Style(rule="fillrect", th=0.5)
    page1 = slice_spec(spec, 0, first_end)
    draw_spec(cv, page1, x, 70, h, st)
    footer(cv, 1, w, h)
    cv.showPage()
    # page 2: rows first_end .. cut_row (its first piece)
    page2 = slice_spec(spec, first_end, cut_row + 1, cut, 0)
    page2.heights[-1] = 22
    draw_spec(cv, page2, x, 50, h, st)
    footer(cv, 2, w, h)
    cv.showPage()
    page3 = slice_spec(spec, cut_row, spec.n_rows, cut, 1)
    # The cut row's second piece: only the 偏差原因 tail; the label columns are blank.
    page3.heights[0] = 22
    draw_spec(cv, page3, x, 50, h, st)
    left_text(cv, "二、绩效目标实现情况", 60, 50 + sum(page3.heights) + 30, h, size=14)
    footer(cv, 3, w, h)
    cv.save()
    return {"tables": [expected_table(spec, [1, 3], [TITLE])],
            "text": ["二、绩效目标实现情况"], "not_text": ["— 2 —"]}


def repeated_header_3p(path: Path) -> dict:
    """An indicator table over three pages with its header row repeated on each page."""
    rows = [["三级指标", "分值", "得分", "扣分原因"]]
    for i in range(1, 60):
        rows.append([f"指标{i:02d}", "2", "2" if i % 7 else "1.5", "" if i % 7 else "未完成"])
    cells = [C(r, k, t) for r, row in enumerate(rows) for k, t in enumerate(row)]
    spec = Spec([160, 60, 60, 160], [22] * len(rows), cells)
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    centred(cv, "绩效指标评分表", 40, w, h)
    x = x_centre(spec, w)
    st = Style(rule="cellrect", th=0.4, shade=None)
    draw_spec(cv, slice_spec(spec, 0, 30), x, 70, h, st)
    footer(cv, 1, w, h)
    cv.showPage()
    draw_spec(cv, slice_spec(spec, 30, 52, header=1), x, 50, h, st)
    footer(cv, 2, w, h)
    cv.showPage()
    left_text(cv, "续表", x, 32, h, size=10)
    draw_spec(cv, slice_spec(spec, 52, len(rows), header=1), x, 50, h, st)
    footer(cv, 3, w, h)
    cv.save()
    return {"tables": [expected_table(spec, [1, 3], ["绩效指标评分表"])], "not_text": ["续表"]}


def back_to_back(path: Path, gap: float = 4, caption_size: float = 10, st: Style | None = None) -> dict:
    """Two self-evaluation tables on one page, a few points apart with a caption between them."""
    a = self_eval("甲项目")
    b = self_eval("乙项目")
    small = {r: 18 for r in range(a.n_rows)}
    for spec in (a, b):
        for r in small:
            spec.heights[r] = min(spec.heights[r], 19)
        for c in spec.cells:
            if c.vertical:
                c.vertical = False
    w, h = A4
    st = st or Style(rule="fillrect", th=0.5, size=7)
    cv = canvas.Canvas(str(path), pagesize=A4)
    centred(cv, TITLE, 30, w, h, size=12)
    x = x_centre(a, w)
    draw_spec(cv, a, x, 50, h, st)
    y = 50 + sum(a.heights) + gap
    centred(cv, TITLE + "（二）", y, w, h, size=caption_size)
    draw_spec(cv, b, x, y + caption_size + gap, h, st)
    cv.save()
    return {"tables": [expected_table(a, [1, 1], [TITLE]), expected_table(b, [1, 1], [TITLE + "（二）"])]}


def three_line(path: Path) -> dict:
    """三线表: rules only above and below the header and at the bottom; no table, but its text
    stays as narrative lines, and nothing crashes."""
    cells = [C(r, k, t) for r, row in enumerate([["项目", "预算数", "执行数"], ["培训经费", "12.50", "12.00"],
                                                   ["慰问经费", "8.00", "8.00"]]) for k, t in enumerate(row)]
    spec = Spec([160, 90, 90], [22, 22, 22], cells)
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    left_text(cv, "一、资金使用情况", 60, 60, h, size=14)
    draw_spec(cv, spec, 100, 100, h, Style(rule="hrules"))
    cv.save()
    return {"tables": [], "text": ["一、资金使用情况"], "contains": ["培训经费", "12.50", "慰问经费"]}


def excel_export(path: Path) -> dict:
    """Excel-like: every logical cell its own hairline rectangle, cells with line breaks,
    grey hairlines, text per run."""
    spec = self_eval()
    for c in spec.cells:
        if c.text == "慰问困难职工户数":
            c.text, c.lines = "", ["慰问困难", "职工户数"]
    return titled_table(path, spec, Style(rule="cellrect", th=0.1, color=(0.6, 0.6, 0.6)))


def excel_zero_width(path: Path) -> dict:
    """Gridlines of width 0 (the thinnest line a device can draw), per cell side."""
    spec = self_eval()
    return titled_table(path, spec, Style(rule="seg", th=0.0, color=(0.5, 0.5, 0.5)))


def overflow_right(path: Path) -> dict:
    """Values wider than their narrow column, not wrapped: the last glyphs run over the right
    rule into the next cell (Excel and fixed-width PDF generators do not wrap numbers)."""
    spec = self_eval()
    for c in spec.cells:
        if c.text in ("100%", "12.50") and c.col in (3, 7):
            c.text = {"100%": "100.00%", "12.50": "125000.00"}[c.text]
            c.nowrap = True
    return titled_table(path, spec, Style(rule="line", size=9))


def excel_overflow(path: Path) -> dict:
    """Excel: a left-aligned text longer than its cell runs on over the empty cell to its
    right (the text layer keeps every glyph); it belongs to the cell it starts in."""
    spec = self_eval()
    row = next(c.row for c in spec.cells if c.text == "慰问困难职工户数")
    for c in spec.cells:
        if c.row == row and c.col == 7:
            c.text, c.nowrap = "9（扣1分）", True
        elif c.row == row and c.col == 8:
            c.text, c.lines = "", None
    return titled_table(path, spec, Style(rule="cellrect", th=0.1, color=(0.6, 0.6, 0.6)))


def turned_label(path: Path) -> dict:
    """The merged 绩效指标 label set with a vertical text direction (glyphs turned)."""
    spec = self_eval()
    for c in spec.cells:
        if c.text == "绩效指标":
            c.vertical, c.turn = False, 90
    return titled_table(path, spec, Style(rule="fillseg", th=0.5))


def repeated_header_split(path: Path) -> dict:
    """Over two pages with the table's first two rows repeated on page 2, and the break
    cutting a row whose 偏差原因 wraps (its tail under the repeated header)."""
    spec = self_eval(repeat=4)
    cut_row = next(c.row for c in spec.cells if c.col == 3 and c.text == "慰问困难职工户数" and c.row > 20)
    for c in spec.cells:
        if c.row == cut_row and c.col == 8:
            c.text, c.lines = "", ["个别职工调离，", "未能慰问"]
    spec.heights[cut_row] = 36
    cut = {(c.row, c.col): ([cell_text(c)], []) for c in spec.cells if c.row == cut_row and c.col >= 3}
    cut[(cut_row, 8)] = (["个别职工调离，"], ["未能慰问"])
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    centred(cv, TITLE, 40, w, h)
    x = x_centre(spec, w)
    st = Style(rule="fillrect", th=0.6)
    p1 = slice_spec(spec, 0, cut_row + 1, cut, 0)
    p1.heights[-1] = 22
    draw_spec(cv, p1, x, 70, h, st)
    footer(cv, 1, w, h)
    cv.showPage()
    p2 = slice_spec(spec, cut_row, spec.n_rows, cut, 1, header=2)
    p2.heights[2] = 22
    draw_spec(cv, p2, x, 50, h, st)
    footer(cv, 2, w, h)
    cv.save()
    return {"tables": [expected_table(spec, [1, 2], [TITLE])]}


def mirrored_margins(path: Path) -> dict:
    """Word's mirrored margins (a binding gutter): odd and even pages put the table 24 pt
    apart, so the continuation on page 2 stands further right and page 3 back left."""
    spec = self_eval(repeat=5)
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    centred(cv, TITLE, 40, w, h)
    x = x_centre(spec, w) - 12
    st = Style(rule="fillrect", th=0.5)
    for n, (a, b, top) in enumerate([(0, 20, 70), (20, 40, 50), (40, spec.n_rows, 50)]):
        draw_spec(cv, slice_spec(spec, a, b), x + (24 if n % 2 else 0), top, h, st)
        footer(cv, n + 1, w, h)
        cv.showPage()
    cv.save()
    return {"tables": [expected_table(spec, [1, 3], [TITLE])]}


def rotated_two_pages(path: Path) -> dict:
    """A landscape table over two /Rotate 90 pages (portrait media boxes), its first rows
    repeated on the second page, rules as per-side filled rectangles."""
    spec = self_eval(repeat=2)
    spec.widths = [w * 1.4 for w in spec.widths]
    pw, ph = A4
    lw, lh = ph, pw
    cv = canvas.Canvas(str(path), pagesize=(lw, lh))
    st = Style(rule="fillseg", th=0.5)
    x = x_centre(spec, lw)
    for n, (a, b, top, header) in enumerate([(0, 16, 55, 0), (16, spec.n_rows, 40, 2)]):
        cv.setPageRotation(90)
        cv.saveState()
        cv.transform(0, 1, -1, 0, pw, 0)
        if n == 0:
            centred(cv, TITLE, 30, lw, lh)
        draw_spec(cv, slice_spec(spec, a, b, header=header), x, top, lh, st)
        footer(cv, n + 1, lw, lh)
        cv.restoreState()
        cv.showPage()
    cv.save()
    return {"tables": [expected_table(spec, [1, 2], [TITLE])],
            "page_sizes": [(round(lw, 2), round(lh, 2))] * 2}


def rotated_cropped(path: Path) -> dict:
    """/Rotate 90 and a crop box inside the media box together."""
    spec = self_eval()
    pw, ph = A4
    lw, lh = ph, pw
    cv = canvas.Canvas(str(path), pagesize=(lw, lh))
    cv.setPageRotation(90)
    cv.setCropBox((20, 30, pw - 20, ph - 30))
    cv.saveState()
    cv.transform(0, 1, -1, 0, pw, 0)
    centred(cv, TITLE, 50, lw, lh)
    draw_spec(cv, spec, x_centre(spec, lw), 75, lh, Style(rule="fillrect", th=0.5))
    cv.restoreState()
    cv.showPage()
    cv.save()
    return {"tables": [expected_table(spec, [1, 1], [TITLE])]}


# ------------------------------------------------------------------ registry

def _v(st: Style, **kw):
    return one_table(st, **kw)


VARIANTS = {
    # rules
    "fillrect_025": _v(Style(rule="fillrect", th=0.25)),
    "fillrect_075": _v(Style(rule="fillrect", th=0.75)),
    "fillrect_150": _v(Style(rule="fillrect", th=1.5)),
    "polyfill_100": _v(Style(rule="polyfill", th=1.0)),
    "cellrect_word": _v(Style(rule="cellrect", th=0.5)),
    "double_frame": _v(Style(rule="double", double_gap=2.0)),
    "double_frame_wide": _v(Style(rule="double", double_gap=4.0)),
    "double_frame_joined": _v(Style(rule="double", double_gap=3.5, double_join=True)),
    "overshoot_2": _v(Style(rule="line", gap=2.0)),
    "short_05": _v(Style(rule="seg", gap=-0.5)),
    "short_2": _v(Style(rule="line", gap=-2.0)),
    "grey_lines": _v(Style(rule="line", color=(0.5, 0.5, 0.5), th=0.3)),
    "blue_lines": _v(Style(rule="seg", color=(0.2, 0.3, 0.8))),
    "dashed_inner": _v(Style(rule="line", dash_inner=True)),
    "dotted_inner": _v(Style(rule="line", dotted_inner=True)),
    # shading
    "shade_exact": _v(Style(rule="fillrect", th=0.5, shade="exact")),
    "shade_inset": _v(Style(rule="line", shade="inset")),
    "shade_partial": _v(Style(rule="line", shade="partial")),
    # text
    "text_per_char": _v(Style(rule="seg", text="char")),
    "text_tj_kerning": _v(Style(rule="fillrect", th=0.5, text="tj")),
    "text_char_space": _v(Style(rule="line", char_space=1.2)),
    "text_char_space_wide": _v(Style(rule="line", char_space=3.0, size=7)),
    "text_cid_font": _v(Style(rule="line", cid=True)),
    "text_overflow": _v(Style(rule="line", overflow=3.5)),
    "excel_cells": excel_export,
    "fillseg_word": _v(Style(rule="fillseg", th=0.72)),
    "ring_evenodd": _v(Style(rule="ring", th=0.6)),
    "overshoot_4": _v(Style(rule="line", gap=4.0)),
    "short_2_seg": _v(Style(rule="seg", gap=-2.0)),
    "overshoot_15_fill": _v(Style(rule="fillrect", th=0.5, gap=1.5)),
    "jagged_columns": _v(Style(rule="line", jag=3.5)),
    "form_xobject": _v(Style(rule="fillrect", th=0.5, form=True)),
    "text_hscale": _v(Style(rule="line", hscale=80)),
    "text_overflow_right": overflow_right,
    "excel_overflow": excel_overflow,
    "text_mixed_fonts": _v(Style(rule="fillrect", th=0.5, text="mixed", size=9)),
    "flipped_ctm": _v(Style(rule="line", flip=True)),
    "turned_label": turned_label,
    "repeated_header_split": repeated_header_split,
    "rotated_cropped": rotated_cropped,
    "mirrored_margins": mirrored_margins,
    "rotated_two_pages": rotated_two_pages,
    "excel_zero_width": excel_zero_width,
    # page geometry
    "offset_media": offset_media,
    "crop_box": crop_box,
    "rotate_90": rotated(90),
    "rotate_180": rotated(180),
    "rotate_270": rotated(270),
    "landscape_wide": wide_landscape,
    "three_pages_split_label": three_pages,
    "repeated_header_3p": repeated_header_3p,
    "back_to_back": back_to_back,
    "back_to_back_tight": lambda path: back_to_back(path, gap=1.5, caption_size=7,
                                                    st=Style(rule="seg", th=0.5, size=7, gap=1.0)),
    "overshoot_8": _v(Style(rule="line", gap=8.0)),
    "three_line_table": three_line,
}


def build(name: str, out_dir: Path) -> tuple[Path, dict]:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.pdf"
    expected = VARIANTS[name](path)
    return path, expected


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("tests/fixtures/pdf/render_variants")
    names = argv[1:] or list(VARIANTS)
    for name in names:
        path, _ = build(name, out)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
