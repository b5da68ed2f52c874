#!/usr/bin/env python3
"""Geometry fixtures for the PDF extractor, drawn with ReportLab, each with its expected grid.

    .venv/bin/python scripts/make_pdf_fixtures.py OUT_DIR     # writes OUT_DIR/<name>.pdf

Tests import this module and build the PDFs into a temporary folder (tests/test_extract_pdf_fixtures.py);
the expected results live here beside the drawing code so the two cannot drift apart.

Each fixture exercises one layout problem real reports have: a table split over pages without
a repeated header and with a row cut by the break; two tables on one page; a table right after
narrative text; narrow columns that wrap labels and `100%`; vertical labels in merged cells;
missing outer borders; landscape and /Rotate'd pages; text drawn one glyph at a time.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

FONT_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
_FONT: str | None = None


def font() -> str:
    """A CJK font name registered with ReportLab: an installed TTF/TTC, else STSong-Light."""
    global _FONT
    if _FONT:
        return _FONT
    from reportlab.pdfbase.ttfonts import TTFont
    for path in FONT_FILES:
        if Path(path).exists():
            try:
                pdfmetrics.registerFont(TTFont("FixtureCJK", path, subfontIndex=0))
                _FONT = "FixtureCJK"
                return _FONT
            except Exception:
                continue
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    _FONT = "STSong-Light"
    return _FONT


# ------------------------------------------------------------------ drawing

@dataclass
class C:
    """One cell of a drawn table: grid slot, spans, text and how to draw the text."""
    row: int
    col: int
    text: str = ""
    rs: int = 1
    cs: int = 1
    vertical: bool = False       # one glyph per line, top to bottom
    lines: list[str] | None = None  # explicit line breaks (else wrapped to the cell width)
    turn: int = 0                # 90: glyphs turned, reading upwards; -90: reading downwards
    nowrap: bool = False         # one line even when wider than the cell (it overflows)


@dataclass
class T:
    x: float
    top: float
    widths: list[float]
    heights: list[float]
    cells: list[C]
    size: float = 9
    outer: bool = True           # draw the outer frame
    segmented: bool = False      # every cell side a separate short segment (ReportLab style)
    per_char: bool = False       # every glyph its own text object
    sides: bool = True           # draw the left and right borders (when outer)
    rects: bool = False          # rules as thin filled rectangles (Word's PDF export)
    shade_header: bool = False   # grey background under row 0

    @property
    def xs(self) -> list[float]:
        out = [self.x]
        for w in self.widths:
            out.append(out[-1] + w)
        return out

    @property
    def ys(self) -> list[float]:
        out = [self.top]
        for h in self.heights:
            out.append(out[-1] + h)
        return out


def wrap(text: str, width: float, size: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and pdfmetrics.stringWidth(cur + ch, font(), size) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def draw_text(cv, x: float, y_top: float, page_h: float, text: str, size: float, per_char: bool) -> None:
    """Text with its top at y_top (top-left origin)."""
    baseline = page_h - (y_top + size * 0.88)
    cv.setFont(font(), size)
    if not per_char:
        cv.drawString(x, baseline, text)
        return
    for ch in text:
        cv.drawString(x, baseline, ch)
        x += pdfmetrics.stringWidth(ch, font(), size)


def draw_table(cv, t: T, page_h: float) -> None:
    xs, ys = t.xs, t.ys
    cv.setLineWidth(0.5)
    n_rows, n_cols = len(t.heights), len(t.widths)
    covered = {}
    for c in t.cells:
        for r in range(c.row, c.row + c.rs):
            for k in range(c.col, c.col + c.cs):
                covered[(r, k)] = c
    segs = set()
    # Horizontal segment above slot (r, k) unless it is inside a merged cell.
    for r in range(n_rows + 1):
        for k in range(n_cols):
            above, below = covered.get((r - 1, k)), covered.get((r, k))
            if above is not None and above is below:
                continue
            if not t.outer and (r == 0 or r == n_rows):
                continue
            segs.add(("h", r, k))
    for k in range(n_cols + 1):
        for r in range(n_rows):
            left, right = covered.get((r, k - 1)), covered.get((r, k))
            if left is not None and left is right:
                continue
            if (not t.outer or not t.sides) and (k == 0 or k == n_cols):
                continue
            segs.add(("v", r, k))
    if t.shade_header:
        cv.setFillColorRGB(0.85, 0.85, 0.85)
        cv.rect(xs[0], page_h - ys[1], xs[-1] - xs[0], ys[1] - ys[0], stroke=0, fill=1)
        cv.setFillColorRGB(0, 0, 0)
    if t.rects:
        cv.setFillColorRGB(0, 0, 0)
        for kind, r, k in sorted(segs):
            if kind == "h":
                cv.rect(xs[k] - 0.25, page_h - ys[r] - 0.25, xs[k + 1] - xs[k] + 0.5, 0.5, stroke=0, fill=1)
            else:
                cv.rect(xs[k] - 0.25, page_h - ys[r + 1] - 0.25, 0.5, ys[r + 1] - ys[r] + 0.5, stroke=0, fill=1)
    elif t.segmented:
        for kind, r, k in sorted(segs):
            if kind == "h":
                cv.line(xs[k], page_h - ys[r], xs[k + 1], page_h - ys[r])
            else:
                cv.line(xs[k], page_h - ys[r], xs[k], page_h - ys[r + 1])
    else:
        # Long runs, the way word processors draw them.
        for r in range(n_rows + 1):
            k = 0
            while k < n_cols:
                if ("h", r, k) in segs:
                    start = k
                    while k < n_cols and ("h", r, k) in segs:
                        k += 1
                    cv.line(xs[start], page_h - ys[r], xs[k], page_h - ys[r])
                else:
                    k += 1
        for k in range(n_cols + 1):
            r = 0
            while r < n_rows:
                if ("v", r, k) in segs:
                    start = r
                    while r < n_rows and ("v", r, k) in segs:
                        r += 1
                    top, bottom = ys[start], ys[r]
                    cv.line(xs[k], page_h - top, xs[k], page_h - bottom)
                else:
                    r += 1
    for c in t.cells:
        if not c.text and not c.lines:
            continue
        x0, x1 = xs[c.col], xs[c.col + c.cs]
        top, bottom = ys[c.row], ys[c.row + c.rs]
        if c.turn:
            length = pdfmetrics.stringWidth(c.text, font(), t.size)
            cx, cy = (x0 + x1) / 2, page_h - (top + bottom) / 2
            cv.saveState()
            cv.translate(cx, cy)
            cv.rotate(c.turn)
            cv.setFont(font(), t.size)
            cv.drawString(-length / 2, -t.size * 0.35, c.text)
            cv.restoreState()
            continue
        if c.lines is not None:
            lines = c.lines
        elif c.vertical:
            lines = list(c.text)
        else:
            lines = wrap(c.text, x1 - x0 - 4, t.size)
        lead = t.size * 1.25
        y = top + max(2.0, ((bottom - top) - lead * len(lines)) / 2)
        for line in lines:
            w = pdfmetrics.stringWidth(line, font(), t.size)
            draw_text(cv, x0 + max(2.0, (x1 - x0 - w) / 2), y, page_h, line, t.size, t.per_char)
            y += lead


def centred(cv, text: str, y_top: float, page_w: float, page_h: float, size: float = 14,
            per_char: bool = False) -> None:
    w = pdfmetrics.stringWidth(text, font(), size)
    draw_text(cv, (page_w - w) / 2, y_top, page_h, text, size, per_char)


def para(cv, lines: list[str], x: float, y_top: float, page_h: float, size: float = 11,
         lead: float = 1.6, per_char: bool = False) -> float:
    for line in lines:
        draw_text(cv, x, y_top, page_h, line, size, per_char)
        y_top += size * lead
    return y_top


def footer(cv, n: int, page_w: float, page_h: float) -> None:
    centred(cv, f"- {n} -", page_h - 40, page_w, page_h, size=9)


# ------------------------------------------------------------------ the fixtures

W9 = [40, 55, 55, 90, 60, 60, 30, 30, 60]     # 480 pt, a self-evaluation table's 9 columns
X0 = (A4[0] - sum(W9)) / 2
IND_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"]


def _indicator_rows(start_row: int, rows: list[list[str]]) -> list[C]:
    cells = []
    for i, row in enumerate(rows):
        for k, text in enumerate(row):
            if text is not None:
                cells.append(C(start_row + i, 1 + k, text))
    return cells


def split_no_header(path: Path) -> None:
    """A table runs over two pages, header not repeated, its last row cut by the break."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    centred(cv, "项目支出绩效自评表", 60, w, h)
    centred(cv, "（2024 年度）", 82, w, h, size=11)
    n = 22  # data rows on page 1 after the header
    heights = [30] + [28] * n + [28]
    cells = [C(0, 0, "绩效指标", rs=n + 2, vertical=True)]
    cells += [C(0, 1 + k, text) for k, text in enumerate(IND_HEADER)]
    body = []
    for i in range(n):
        body.append([None, None, f"指标{i + 1:02d}", str(100 + i), str(100 + i), "4", "4", ""])
    cells += _indicator_rows(1, body)
    cells.append(C(1, 1, "产出指标", rs=n, vertical=False))
    cells.append(C(1, 2, "数量指标", rs=n))
    # The cut row: only the first lines of its long cells fit on page 1.
    cells += [C(n + 1, 1, "", lines=["满意"]), C(n + 1, 2, "", lines=["服务对"]),
              C(n + 1, 3, "工作人员满意度"), C(n + 1, 4, "≥95%"), C(n + 1, 5, "≥95%"),
              C(n + 1, 6, "10"), C(n + 1, 7, "9"), C(n + 1, 8, "", lines=["原因：前期"])]
    draw_table(cv, T(X0, 100, W9, heights, cells), h)
    footer(cv, 1, w, h)
    cv.showPage()
    cells2 = [C(0, 0, "", rs=2), C(0, 1, "", lines=["度指标"]), C(0, 2, "", lines=["象满意度"]),
              C(0, 3, ""), C(0, 4, ""), C(0, 5, ""), C(0, 6, ""), C(0, 7, ""), C(0, 8, "", lines=["手续较多"]),
              C(1, 1, "总分", cs=5), C(1, 6, "90"), C(1, 7, "89"), C(1, 8, "")]
    draw_table(cv, T(X0, 60, W9, [30, 24], cells2), h)
    para(cv, ["表后说明文字。"], X0, 140, h)
    footer(cv, 2, w, h)
    cv.save()


def _expected_split() -> dict:
    n = 22
    grid = [[""] + IND_HEADER]
    for i in range(n):
        grid.append(["", "产出指标" if i == 0 else "", "数量指标" if i == 0 else "", f"指标{i + 1:02d}",
                     str(100 + i), str(100 + i), "4", "4", ""])
    grid[1][0] = ""
    grid[0][0] = "绩效指标"
    grid.append(["", "满意度指标", "服务对象满意度", "工作人员满意度", "≥95%", "≥95%", "10", "9",
                 "原因：前期手续较多"])
    grid.append(["", "总分", "", "", "", "", "90", "89", ""])
    return {"tables": [{"pages": [1, 2], "grid": grid,
                        "spans": {(0, 0): (n + 3, 1), (1, 1): (n, 1), (1, 2): (n, 1), (n + 2, 1): (1, 5)},
                        "caption": ["项目支出绩效自评表", "（2024 年度）"]}],
            "text": ["表后说明文字。"], "not_text": ["- 1 -", "- 2 -", "指标01"]}


def two_tables(path: Path) -> None:
    """Two tables on one page, each with its own title, segmented rules (ReportLab style)."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    widths = [100, 120, 100, 120]
    centred(cv, "项目支出绩效自评表", 60, w, h)
    t1 = [C(0, 0, "项目名称"), C(0, 1, "甲项目", cs=3), C(1, 0, "主管部门"), C(1, 1, "某区总工会"),
          C(1, 2, "实施单位"), C(1, 3, "办公室"), C(2, 0, "年度资金总额"), C(2, 1, "12.5"), C(2, 2, "执行率"),
          C(2, 3, "100%")]
    draw_table(cv, T((w - 440) / 2, 85, widths, [22, 22, 22], t1, segmented=True, per_char=True), h)
    centred(cv, "项目支出绩效自评表", 200, w, h)
    centred(cv, "（2023年度）", 222, w, h, size=11)
    t2 = [C(0, 0, "项目名称"), C(0, 1, "乙项目", cs=3), C(1, 0, "主管部门"), C(1, 1, "某区财政局"),
          C(1, 2, "实施单位"), C(1, 3, "预算科"), C(2, 0, "总分", cs=2), C(2, 2, "90"), C(2, 3, "88")]
    draw_table(cv, T((w - 440) / 2, 245, widths, [22, 22, 22], t2, segmented=True, per_char=True), h)
    cv.save()


def _expected_two() -> dict:
    return {"tables": [
        {"pages": [1, 1], "grid": [["项目名称", "甲项目", "", ""], ["主管部门", "某区总工会", "实施单位", "办公室"],
                                   ["年度资金总额", "12.5", "执行率", "100%"]],
         "spans": {(0, 1): (1, 3)}, "caption": ["项目支出绩效自评表"]},
        {"pages": [1, 1], "grid": [["项目名称", "乙项目", "", ""], ["主管部门", "某区财政局", "实施单位", "预算科"],
                                   ["总分", "", "90", "88"]],
         "spans": {(0, 1): (1, 3), (2, 0): (1, 2)}, "caption": ["项目支出绩效自评表", "（2023年度）"]}]}


def after_text(path: Path) -> None:
    """A table right below a paragraph, no title between."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    x = 70
    y = para(cv, ["一、评价指标体系"], x, 60, h, size=14)
    y = para(cv, ["　　评价指标体系包括决策、过程、产出和效益四个方面，各项指标的分值见下表，评",
                  "价工作组据此逐项打分。"], x, y + 6, h)
    t = [C(0, 0, "一级指标"), C(0, 1, "二级指标"), C(0, 2, "分值"),
         C(1, 0, "决策（10分）", rs=2), C(1, 1, "项目立项"), C(1, 2, "5"),
         C(2, 1, "绩效目标"), C(2, 2, "5"),
         C(3, 0, "总分", cs=2), C(3, 2, "10")]
    draw_table(cv, T(x, y + 2, [150, 200, 100], [22, 22, 22, 22], t), h)
    para(cv, ["二、评价结论"], x, y + 120, h, size=14)
    cv.save()


def framed_page(path: Path) -> None:
    """A frame around the page cut by a rule under the letterhead: not a table; the text in
    it is narrative."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    cv.setLineWidth(0.8)
    cv.rect(40, 40, w - 80, h - 80)
    cv.line(40, h - 100, w - 40, h - 100)
    para(cv, ["某区财政局文件"], 60, 60, h, size=14)
    para(cv, ["一、基本情况", "本单位2024年度共实施项目七个。"], 60, 120, h)
    cv.save()


def _expected_framed() -> dict:
    return {"tables": [], "text": ["某区财政局文件", "一、基本情况", "本单位2024年度共实施项目七个。"]}


def _expected_after() -> dict:
    return {"tables": [{"pages": [1, 1], "grid": [["一级指标", "二级指标", "分值"], ["决策（10分）", "项目立项", "5"],
                                                  ["", "绩效目标", "5"], ["总分", "", "10"]],
                        "spans": {(1, 0): (2, 1), (3, 0): (1, 2)}, "caption": []}],
            "text": ["一、评价指标体系", "评价指标体系包括决策、过程、产出和效益四个方面，各项指标的分值见下表，评价工作组据此逐项打分。",
                     "二、评价结论"],
            "not_text": ["项目立项", "总分"],
            "order": ["一、评价指标体系", "TABLE", "二、评价结论"]}


def narrow(path: Path) -> None:
    """Narrow columns: labels wrap (年初预/算数) and `100%` breaks into 10 / 0 / %."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    widths = [80, 32, 32, 32, 24, 18]
    t = [C(0, 0, "项目"), C(0, 1, "", lines=["年初预", "算数"]), C(0, 2, "", lines=["全年预", "算数"]),
         C(0, 3, "", lines=["全年执", "行数"]), C(0, 4, "", lines=["执行", "率"]), C(0, 5, "", lines=["得", "分"]),
         C(1, 0, "年度资金总额"), C(1, 1, "20.5"), C(1, 2, "20.5"), C(1, 3, "20.5"),
         C(1, 4, "", lines=["10", "0", "%"]), C(1, 5, "10")]
    draw_table(cv, T(100, 100, widths, [34, 44], t, size=8), h)
    cv.save()


def _expected_narrow() -> dict:
    return {"tables": [{"pages": [1, 1], "grid": [["项目", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"],
                                                  ["年度资金总额", "20.5", "20.5", "20.5", "100%", "10"]],
                        "spans": {}}]}


def vertical(path: Path) -> None:
    """Vertical labels (one glyph per line) in cells merged over several rows."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    t = [C(0, 0, "绩效指标", rs=4, vertical=True), C(0, 1, "产出指标", rs=2, vertical=True),
         C(0, 2, "完成率"), C(0, 3, "100"), C(1, 2, "合格率"), C(1, 3, "98"),
         C(2, 1, "效益", rs=2, vertical=True), C(2, 2, "满意度"), C(2, 3, "95"), C(3, 2, "覆盖率"), C(3, 3, "90")]
    draw_table(cv, T(100, 100, [24, 24, 120, 60], [36, 36, 36, 36], t, size=10), h)
    cv.save()


def _expected_vertical() -> dict:
    return {"tables": [{"pages": [1, 1], "grid": [["绩效指标", "产出指标", "完成率", "100"], ["", "", "合格率", "98"],
                                                  ["", "效益", "满意度", "95"], ["", "", "覆盖率", "90"]],
                        "spans": {(0, 0): (4, 1), (0, 1): (2, 1), (2, 1): (2, 1)}}]}


def turned(path: Path) -> None:
    """Cell text set in a vertical text direction: glyphs turned 90 degrees either way."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    t = [C(0, 0, "年度总体目标", turn=90), C(0, 1, "绩效指标", turn=-90), C(0, 2, "横排文字")]
    draw_table(cv, T(100, 100, [30, 30, 120], [90], t, size=10), h)
    cv.save()


def _expected_turned() -> dict:
    return {"tables": [{"pages": [1, 1], "grid": [["年度总体目标", "绩效指标", "横排文字"]], "spans": {}}]}


def no_borders(path: Path) -> None:
    """No outer frame: only inner rules, running to where the frame would be."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    t = [C(0, 0, "指标"), C(0, 1, "分值"), C(0, 2, "得分"),
         C(1, 0, "完成率"), C(1, 1, "10"), C(1, 2, "9"),
         C(2, 0, "满意度"), C(2, 1, "10"), C(2, 2, "10")]
    draw_table(cv, T(100, 100, [150, 80, 80], [24, 24, 24], t, outer=False), h)
    # Second table: left and right borders missing only (horizontal rules full width).
    t2 = [C(0, 0, "项目名称"), C(0, 1, "丙项目", cs=2), C(1, 0, "分值"), C(1, 1, "90"), C(1, 2, "85")]
    draw_table(cv, T(100, 250, [150, 80, 80], [24, 24], t2, sides=False), h)
    cv.save()


def _expected_no_borders() -> dict:
    return {"tables": [
        {"pages": [1, 1], "grid": [["指标", "分值", "得分"], ["完成率", "10", "9"], ["满意度", "10", "10"]], "spans": {}},
        {"pages": [1, 1], "grid": [["项目名称", "丙项目", ""], ["分值", "90", "85"]], "spans": {(0, 1): (1, 2)}}]}


def landscape_pages(path: Path) -> None:
    """Page 1: landscape media box. Page 2: portrait media box with /Rotate 90 and the
    content drawn turned, so it reads upright in a viewer."""
    lw, lh = landscape(A4)
    cv = canvas.Canvas(str(path), pagesize=landscape(A4))
    widths = [120, 80, 80, 80, 80, 80, 80]
    t = [C(0, 0, "专家")] + [C(0, k, f"专家{k}") for k in range(1, 6)] + [C(0, 6, "平均分")]
    t += [C(1, 0, "立项依据")] + [C(1, k, str(k)) for k in range(1, 6)] + [C(1, 6, "3")]
    centred(cv, "专家评分表（一）", 50, lw, lh)
    draw_table(cv, T(60, 80, widths, [24, 24], t), lh)
    cv.showPage()
    # ReportLab swaps the media box of a page turned by 90 degrees: asking for a landscape
    # size gives a portrait media box with /Rotate 90, displayed landscape.
    cv.setPageSize(landscape(A4))
    cv.setPageRotation(90)
    cv.saveState()
    # Display (X, Y) -> user space (portrait_width - Y, X): upright once the viewer turns it.
    cv.transform(0, 1, -1, 0, A4[0], 0)
    centred(cv, "专家评分表（二）", 50, lw, lh)
    draw_table(cv, T(60, 80, widths, [24, 24], t), lh)
    cv.restoreState()
    cv.showPage()
    # Page 3: turned the same way, text only (read by the cheap text path's fallback).
    cv.setPageSize(landscape(A4))
    cv.setPageRotation(90)
    cv.transform(0, 1, -1, 0, A4[0], 0)
    para(cv, ["横向页面上的正文。"], 80, 80, lh)
    cv.showPage()
    cv.save()


def _expected_landscape() -> dict:
    grid = [["专家", "专家1", "专家2", "专家3", "专家4", "专家5", "平均分"], ["立项依据", "1", "2", "3", "4", "5", "3"]]
    return {"tables": [{"pages": [1, 1], "grid": grid, "spans": {}, "caption": ["专家评分表（一）"]},
                       {"pages": [2, 2], "grid": grid, "spans": {}, "caption": ["专家评分表（二）"]}],
            "page_sizes": [(841.89, 595.28), (841.89, 595.28), (841.89, 595.28)],
            "text": ["横向页面上的正文。"]}


def per_char(path: Path) -> None:
    """Every glyph its own text object and every rule a short segment; wrapped cell text."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    para(cv, ["按字符逐个绘制的正文段落。"], 80, 60, h, per_char=True)
    t = [C(0, 0, "三级指标"), C(0, 1, "年度指标值"), C(0, 2, "实际完成值"),
         C(1, 0, "调解成功劳动争议案件数"), C(1, 1, "调解成功200件左右"), C(1, 2, "调解成功318件"),
         C(2, 0, "补助发放进度"), C(2, 1, "2024/1/1"), C(2, 2, "Q1 done")]
    draw_table(cv, T(80, 100, [70, 70, 70], [30, 44, 30], t, segmented=True, per_char=True, size=9), h)
    cv.save()


def _expected_per_char() -> dict:
    return {"tables": [{"pages": [1, 1], "grid": [["三级指标", "年度指标值", "实际完成值"],
                                                  ["调解成功劳动争议案件数", "调解成功200件左右", "调解成功318件"],
                                                  ["补助发放进度", "2024/1/1", "Q1 done"]], "spans": {}}],
            "text": ["按字符逐个绘制的正文段落。"]}


def repeated_titles(path: Path) -> None:
    """One table per page, each under the same title at the top of the page, same form: three
    tables, not one stitched table, and the titles are captions, not running headers."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    widths = [100, 120, 100, 120]
    for n, name in enumerate(["甲项目", "乙项目", "丙项目"], start=1):
        centred(cv, "项目支出绩效自评表", 40, w, h)
        centred(cv, "（2024年度）", 62, w, h, size=11)
        cells = [C(0, 0, "项目名称"), C(0, 1, name, cs=3), C(1, 0, "分值"), C(1, 1, "90"), C(1, 2, "得分"),
                 C(1, 3, str(80 + n))]
        draw_table(cv, T((w - 440) / 2, 85, widths, [22] + [22] * 30, cells
                         + [C(r, k, "") for r in range(2, 31) for k in range(4)]), h)
        footer(cv, n, w, h)
        cv.showPage()
    cv.save()


def _expected_repeated_titles() -> dict:
    tables = []
    for n, name in enumerate(["甲项目", "乙项目", "丙项目"], start=1):
        grid = [["项目名称", name, "", ""], ["分值", "90", "得分", str(80 + n)]] + [[""] * 4 for _ in range(29)]
        tables.append({"pages": [n, n], "grid": grid, "spans": {(0, 1): (1, 3)},
                       "caption": ["项目支出绩效自评表", "（2024年度）"]})
    return {"tables": tables, "not_text": ["- 1 -"]}


def repeated_header(path: Path) -> None:
    """A table over two pages with its header row printed again on the second page, under a
    续表 mark."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    centred(cv, "专家评分汇总表", 60, w, h)
    header = [C(0, 0, "三级指标"), C(0, 1, "分值"), C(0, 2, "平均分")]
    rows1 = [C(r, k, t) for r in range(1, 27) for k, t in enumerate([f"指标{r:02d}", "2", "1.5"])]
    draw_table(cv, T(120, 90, [160, 80, 80], [22] * 27, header + rows1), h)
    footer(cv, 1, w, h)
    cv.showPage()
    rows2 = [C(1, 0, "指标27"), C(1, 1, "2"), C(1, 2, "2"), C(2, 0, "总分"), C(2, 1, "54"), C(2, 2, "40")]
    draw_text(cv, 120, 44, h, "续表", 10, False)
    draw_table(cv, T(120, 60, [160, 80, 80], [22] * 3, header + rows2), h)
    footer(cv, 2, w, h)
    cv.save()


def _expected_repeated_header() -> dict:
    grid = [["三级指标", "分值", "平均分"]] + [[f"指标{r:02d}", "2", "1.5"] for r in range(1, 27)]
    grid += [["指标27", "2", "2"], ["总分", "54", "40"]]
    return {"tables": [{"pages": [1, 2], "grid": grid, "spans": {}, "caption": ["专家评分汇总表"]}],
            "not_text": ["续表"]}


def funding_break(path: Path) -> None:
    """The break falls between two funding rows; the row below carries only dashes, so it is
    a new row, not the tail of the row above. The merged 项目资金 label runs over the break."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    widths = [50, 110, 60, 60, 60, 40, 50, 50]
    head = ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    cells = [C(0, 0, "项目资金", rs=28, vertical=True)] + [C(0, 1 + k, t) for k, t in enumerate(head)]
    for r in range(1, 28):
        cells += [C(r, 1, f"资金{r:02d}"), C(r, 2, "1"), C(r, 3, "1"), C(r, 4, "1"), C(r, 5, "10"),
                  C(r, 6, "100%"), C(r, 7, "10")]
    centred(cv, "资金情况表", 50, w, h)
    draw_table(cv, T(60, 80, widths, [24] * 28, cells), h)
    footer(cv, 1, w, h)
    cv.showPage()
    cells2 = [C(0, 0, "", rs=2), C(0, 1, "其中：财政拨款"), C(0, 5, "—"), C(0, 7, "—"),
              C(1, 1, "其他资金"), C(1, 5, "—"), C(1, 7, "—")]
    cells2 += [C(r, k, "") for r in range(2) for k in (2, 3, 4, 6)]
    draw_table(cv, T(60, 60, widths, [24, 24], cells2), h)
    footer(cv, 2, w, h)
    cv.save()


def _expected_funding_break() -> dict:
    grid = [["项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]]
    grid += [["", f"资金{r:02d}", "1", "1", "1", "10", "100%", "10"] for r in range(1, 28)]
    grid += [["", "其中：财政拨款", "", "", "", "—", "", "—"], ["", "其他资金", "", "", "", "—", "", "—"]]
    return {"tables": [{"pages": [1, 2], "grid": grid, "spans": {(0, 0): (30, 1)}, "caption": ["资金情况表"]}]}


def running_header(path: Path) -> None:
    """A running header on every page, also right above a table's continuation: it is dropped
    and does not stop the table from being joined over the break."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    head = "某区财政局2024年度绩效自评报告"

    def header() -> None:
        draw_text(cv, 70, 30, h, head, 9, False)
        cv.line(70, h - 44, w - 70, h - 44)

    header()
    para(cv, ["一、自评结果"], 70, 60, h, size=14)
    rows = [C(r, k, t) for r in range(1, 29) for k, t in enumerate([f"指标{r:02d}", "3", "3"])]
    draw_table(cv, T(120, 90, [160, 80, 80], [24] * 29,
                     [C(0, 0, "三级指标"), C(0, 1, "分值"), C(0, 2, "得分")] + rows), h)
    footer(cv, 1, w, h)
    cv.showPage()
    header()
    rows2 = [C(0, 0, "指标29"), C(0, 1, "3"), C(0, 2, "2"), C(1, 0, "总分"), C(1, 1, "90"), C(1, 2, "89")]
    draw_table(cv, T(120, 52, [160, 80, 80], [24, 24], rows2), h)
    para(cv, ["二、存在问题"], 70, 130, h, size=14)
    footer(cv, 2, w, h)
    cv.showPage()
    header()
    para(cv, ["三、改进措施"], 70, 60, h, size=14)
    footer(cv, 3, w, h)
    cv.save()


def _expected_running_header() -> dict:
    grid = [["三级指标", "分值", "得分"]] + [[f"指标{r:02d}", "3", "3"] for r in range(1, 29)]
    grid += [["指标29", "3", "2"], ["总分", "90", "89"]]
    return {"tables": [{"pages": [1, 2], "grid": grid, "spans": {}, "caption": []}],
            "text": ["一、自评结果", "二、存在问题", "三、改进措施"],
            "not_text": ["某区财政局", "- 2 -"]}


def midpage_end(path: Path) -> None:
    """A table that ends in the middle of its page does not continue on the next page, even
    when the next page starts with a table of the same columns."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    cells = [C(r, k, t) for r, row in enumerate([["三级指标", "分值"], ["完成率", "10"], ["及时率", "10"]])
             for k, t in enumerate(row)]
    draw_table(cv, T(120, 100, [200, 100], [24] * 3, cells), h)
    cv.showPage()
    cells2 = [C(r, k, t) for r, row in enumerate([["满意度", "10"], ["覆盖率", "10"]]) for k, t in enumerate(row)]
    draw_table(cv, T(120, 60, [200, 100], [24] * 2, cells2), h)
    cv.save()


def _expected_midpage_end() -> dict:
    return {"tables": [{"pages": [1, 1], "grid": [["三级指标", "分值"], ["完成率", "10"], ["及时率", "10"]], "spans": {}},
                       {"pages": [2, 2], "grid": [["满意度", "10"], ["覆盖率", "10"]], "spans": {}}]}


def rect_rules(path: Path) -> None:
    """Rules drawn as thin filled rectangles, one per cell side, over a shaded header row."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    t = [C(0, 0, "项目名称"), C(0, 1, "丁项目", cs=2), C(1, 0, "年度指标值"), C(1, 1, "≥90%"), C(1, 2, "95%"),
         C(2, 0, "绩效指标", rs=2), C(2, 1, "数量"), C(2, 2, "12"), C(3, 1, "质量"), C(3, 2, "合格")]
    draw_table(cv, T(100, 100, [120, 100, 100], [24] * 4, t, rects=True, shade_header=True), h)
    cv.save()


def _expected_rect_rules() -> dict:
    return {"tables": [{"pages": [1, 1], "grid": [["项目名称", "丁项目", ""], ["年度指标值", "≥90%", "95%"],
                                                  ["绩效指标", "数量", "12"], ["", "质量", "合格"]],
                        "spans": {(0, 1): (1, 2), (2, 0): (2, 1)}}]}


def title_before_break(path: Path) -> None:
    """The title stayed at the foot of page 1, the table starts page 2: it is still the
    table's caption."""
    w, h = A4
    cv = canvas.Canvas(str(path), pagesize=A4)
    para(cv, ["三、项目支出绩效自评表"], 70, 60, h, size=14)
    centred(cv, "项目支出绩效自评表", 740, w, h)
    centred(cv, "（2023年度）", 765, w, h, size=11)
    cv.showPage()
    cells = [C(0, 0, "项目名称"), C(0, 1, "戊项目"), C(1, 0, "总分"), C(1, 1, "90")]
    draw_table(cv, T(150, 60, [120, 180], [24, 24], cells), h)
    cv.save()


def _expected_title_before_break() -> dict:
    return {"tables": [{"pages": [2, 2], "grid": [["项目名称", "戊项目"], ["总分", "90"]], "spans": {},
                        "caption": ["项目支出绩效自评表", "（2023年度）"]}]}


FIXTURES = {
    "title_before_break": (title_before_break, _expected_title_before_break),
    "framed_page": (framed_page, _expected_framed),
    "rect_rules": (rect_rules, _expected_rect_rules),
    "midpage_end": (midpage_end, _expected_midpage_end),
    "running_header": (running_header, _expected_running_header),
    "funding_break": (funding_break, _expected_funding_break),
    "repeated_titles": (repeated_titles, _expected_repeated_titles),
    "repeated_header": (repeated_header, _expected_repeated_header),
    "split_no_header": (split_no_header, _expected_split),
    "two_tables": (two_tables, _expected_two),
    "after_text": (after_text, _expected_after),
    "narrow": (narrow, _expected_narrow),
    "vertical": (vertical, _expected_vertical),
    "turned": (turned, _expected_turned),
    "no_borders": (no_borders, _expected_no_borders),
    "landscape": (landscape_pages, _expected_landscape),
    "per_char": (per_char, _expected_per_char),
}


def build(name: str, out_dir: Path) -> tuple[Path, dict]:
    draw, expected = FIXTURES[name]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.pdf"
    draw(path)
    return path, expected()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("tests/fixtures/pdf/generated")
    for name in FIXTURES:
        path, _ = build(name, out)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
