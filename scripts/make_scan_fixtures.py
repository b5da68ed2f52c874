#!/usr/bin/env python3
"""Scanned-page fixtures for the OCR reader (extract/scan.py), each with its golden grid.

    .venv/bin/python scripts/make_scan_fixtures.py [OUT_DIR]   # default tests/fixtures/scan

Writes `scan_fixture.pdf` (image-only, 2 pages) and `scan_fixture.json` (expected tables,
captions and text lines). The pages are drawn like a printer would (PIL + an installed CJK
font, so no PDF font substitution is involved), then "scanned": rotated by a small angle,
speckled, blurred a little, JPEG-compressed at low quality and wrapped as image-only PDF pages.

Page 1: a 项目支出绩效自评表-like table, 175 dpi, rotated +0.8 deg: merged cells across rows and
columns, a vertical label, funding figures with decimals and %, dashes, wrapped long text.
Page 2: narrative lines, a small indicator table, a page number, 200 dpi, rotated -1.1 deg.
The expected values live here beside the drawing code so the two cannot drift apart.
"""
from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4 = (595.0, 842.0)
SERIF = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2)
SANS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)


@dataclass
class Spec:
    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    align: str = "center"     # center | left
    vertical: bool = False    # one character per line (vertical label)


@dataclass
class TableSpec:
    xs: list[float]           # column boundaries, points
    ys: list[float]           # row boundaries, points
    cells: list[Spec]
    caption: list[str]


@dataclass
class PageSpec:
    dpi: float
    angle: float
    font: tuple[str, int]
    lines_before: list[tuple[str, float, float, bool]]   # text, y (pt), size, centred
    tables: list[TableSpec]
    lines_after: list[tuple[str, float, float, bool]]
    page_number: str | None = None
    seed: int = 0


GOAL_PLAN = "组织开展社区文化活动，丰富居民精神文化生活，全年举办各类活动不少于48场。"
GOAL_DONE = "全年举办活动52场，参与群众3150人次，群众满意度93.6%。"


def _page1() -> PageSpec:
    xs = [60, 100, 168, 236, 306, 376, 428, 480, 537]
    heights = [24, 24, 34, 22, 22, 22, 22, 84, 34, 22, 22, 22, 22, 22]
    ys = [118.0]
    for h in heights:
        ys.append(ys[-1] + h)
    c = Spec
    cells = [
        c(0, 0, "项目名称", col_span=2), c(0, 2, "社区文化活动经费", col_span=6),
        c(1, 0, "主管部门", col_span=2), c(1, 2, "北京市某区文化委员会", col_span=3),
        c(1, 5, "实施单位"), c(1, 6, "区文化馆", col_span=2),
        c(2, 0, "项目资金（万元）", row_span=4, vertical=True), c(2, 1, ""),
        c(2, 2, "年初预算数"), c(2, 3, "全年预算数"), c(2, 4, "全年执行数"), c(2, 5, "分值"),
        c(2, 6, "执行率"), c(2, 7, "得分"),
        c(3, 1, "年度资金总额"), c(3, 2, "25.6"), c(3, 3, "25.6"), c(3, 4, "24.32"), c(3, 5, "10"),
        c(3, 6, "95%"), c(3, 7, "9.5"),
        c(4, 1, "财政拨款"), c(4, 2, "25.6"), c(4, 3, "25.6"), c(4, 4, "24.32"), c(4, 5, "—"),
        c(4, 6, "—"), c(4, 7, "—"),
        c(5, 1, "其他资金"), c(5, 2, ""), c(5, 3, ""), c(5, 4, ""), c(5, 5, "—"), c(5, 6, "—"),
        c(5, 7, "—"),
        c(6, 0, "年度总体目标", row_span=2, vertical=True), c(6, 1, "预期目标", col_span=3),
        c(6, 4, "实际完成情况", col_span=4),
        c(7, 1, GOAL_PLAN, col_span=3, align="left"), c(7, 4, GOAL_DONE, col_span=4, align="left"),
        c(8, 0, "绩效指标", row_span=5, vertical=True), c(8, 1, "一级指标"), c(8, 2, "二级指标"),
        c(8, 3, "三级指标"), c(8, 4, "年度指标值"), c(8, 5, "实际完成值"), c(8, 6, "分值"),
        c(8, 7, "得分"),
        c(9, 1, "产出指标", row_span=2), c(9, 2, "数量指标"), c(9, 3, "活动场次"), c(9, 4, "48"),
        c(9, 5, "52"), c(9, 6, "20"), c(9, 7, "20"),
        c(10, 2, "时效指标"), c(10, 3, "完成及时率"), c(10, 4, "100%"), c(10, 5, "98%"),
        c(10, 6, "15"), c(10, 7, "14.5"),
        c(11, 1, "效益指标"), c(11, 2, "社会效益"), c(11, 3, "参与人数"), c(11, 4, "3000"),
        c(11, 5, "3150"), c(11, 6, "30"), c(11, 7, "28"),
        c(12, 1, "满意度指标"), c(12, 2, "满意度"), c(12, 3, "群众满意度"), c(12, 4, "90%"),
        c(12, 5, "≥93.6%"), c(12, 6, "25"), c(12, 7, "24"),
        c(13, 0, "总分", col_span=6), c(13, 6, "100"), c(13, 7, "96"),
    ]
    return PageSpec(
        dpi=175, angle=0.8, font=SERIF, seed=11,
        lines_before=[("项目支出绩效自评表", 62, 17, True), ("（2023年度）", 90, 12, True)],
        tables=[TableSpec(xs, ys, cells, ["项目支出绩效自评表", "（2023年度）"])],
        lines_after=[], page_number=None)


def _page2() -> PageSpec:
    xs = [80, 170, 290, 420, 515]
    ys = [300.0]
    for h in (24, 24, 24, 24, 24):
        ys.append(ys[-1] + h)
    c = Spec
    cells = [
        c(0, 0, "一级指标"), c(0, 1, "二级指标"), c(0, 2, "三级指标"), c(0, 3, "分值"),
        c(1, 0, "决策（10分）", row_span=2), c(1, 1, "项目立项（3分）"), c(1, 2, "立项依据充分性"),
        c(1, 3, "1.5"),
        c(2, 1, "绩效目标（7分）"), c(2, 2, "绩效目标合理性"), c(2, 3, "7"),
        c(3, 0, "过程（20分）"), c(3, 1, "资金管理（20分）"), c(3, 2, "资金到位率"), c(3, 3, "20"),
        c(4, 0, "总分", col_span=3), c(4, 3, "30"),
    ]
    return PageSpec(
        dpi=200, angle=-1.1, font=SANS, seed=23,
        lines_before=[
            ("二、评价工作简述", 90, 12, False),
            ("主要包括项目决策、项目过程两个方面，满分30分。", 120, 11, False),
            ("评价指标体系如下：", 145, 11, False),
            ("表1 评价指标体系", 280, 11, True),
        ],
        tables=[TableSpec(xs, ys, cells, ["表1 评价指标体系"])],
        lines_after=[("项目资金总额为128.75万元，执行率为99.2%。", 460, 11, False)],
        page_number="— 2 —")


def pages() -> list[PageSpec]:
    return [_page1(), _page2()]


# ----------------------------------------------------------------------------- drawing

def _font(spec: tuple[str, int], size_pt: float, dpi: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(spec[0], max(6, int(round(size_pt * dpi / 72))), index=spec[1])


def _wrap(text: str, font, width_px: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and font.getlength(cur + ch) > width_px:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def draw_page(page: PageSpec) -> Image.Image:
    k = page.dpi / 72.0
    w, h = int(round(A4[0] * k)), int(round(A4[1] * k))
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    left_margin = 72 * k
    for text, y, size, centred in page.lines_before + page.lines_after:
        f = _font(page.font, size, page.dpi)
        tw = f.getlength(text)
        x = (w - tw) / 2 if centred else left_margin
        d.text((x, y * k), text, font=f, fill=0)
    cell_font = _font(page.font, 9, page.dpi)
    line_h = cell_font.size * 1.3
    lw = max(1, int(round(0.6 * k)))
    for table in page.tables:
        for cell in table.cells:
            x0, x1 = table.xs[cell.col] * k, table.xs[cell.col + cell.col_span] * k
            y0, y1 = table.ys[cell.row] * k, table.ys[cell.row + cell.row_span] * k
            d.rectangle([x0, y0, x1, y1], outline=0, width=lw)
            if not cell.text:
                continue
            if cell.vertical:
                lines = list(cell.text)
            else:
                lines = _wrap(cell.text, cell_font, x1 - x0 - 8 * k)
            total = len(lines) * line_h
            ty = (y0 + y1) / 2 - total / 2
            for ln in lines:
                tw = cell_font.getlength(ln)
                tx = x0 + 4 * k if cell.align == "left" else (x0 + x1) / 2 - tw / 2
                d.text((tx, ty + (line_h - cell_font.size) / 2), ln, font=cell_font, fill=0)
                ty += line_h
    if page.page_number:
        f = _font(page.font, 10.5, page.dpi)
        tw = f.getlength(page.page_number)
        d.text(((w - tw) / 2, 790 * k), page.page_number, font=f, fill=0)
    return img


def scan(img: Image.Image, page: PageSpec) -> Image.Image:
    rng = np.random.default_rng(page.seed)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    img = img.rotate(page.angle, resample=Image.BICUBIC, fillcolor=255)
    arr = np.asarray(img).astype(np.float32)
    arr = arr * 0.92 + 12                                   # grey paper, not quite black ink
    arr += rng.normal(0, 6, arr.shape)
    for _ in range(120):                                    # dust specks
        y, x = rng.integers(0, arr.shape[0] - 4), rng.integers(0, arr.shape[1] - 4)
        s = int(rng.integers(1, 4))
        arr[y:y + s, x:x + s] = rng.uniform(40, 120)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=55)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def expected(pages_: list[PageSpec]) -> dict:
    out = {"pages": []}
    for number, page in enumerate(pages_, start=1):
        tables = []
        for t in page.tables:
            n_rows, n_cols = len(t.ys) - 1, len(t.xs) - 1
            tables.append({
                "n_rows": n_rows, "n_cols": n_cols, "caption": t.caption,
                "bbox": [t.xs[0], t.ys[0], t.xs[-1], t.ys[-1]],
                "cells": [{"row": c.row, "col": c.col, "row_span": c.row_span, "col_span": c.col_span,
                           "text": c.text} for c in t.cells],
            })
        texts = [t for t, _, _, _ in page.lines_before + page.lines_after]
        out["pages"].append({"page": number, "dpi": page.dpi, "angle": page.angle, "tables": tables,
                             "lines": texts, "page_number": page.page_number})
    return out


def build(out_dir: Path) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = pages()
    images = [scan(draw_page(p), p) for p in specs]
    pdf = out_dir / "scan_fixture.pdf"
    # one PDF page per image, each at its own resolution so every page is A4 in points
    import pypdfium2 as pdfium
    merged = pdfium.PdfDocument.new()
    for img, p in zip(images, specs):
        buf = io.BytesIO()
        img.info.pop("dpi", None)
        img.save(buf, "PDF", resolution=float(p.dpi), dpi=(p.dpi, p.dpi), quality=70)
        merged.import_pages(pdfium.PdfDocument(buf.getvalue()))
    merged.save(str(pdf))
    js = out_dir / "scan_fixture.json"
    js.write_text(json.dumps(expected(specs), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return pdf, js


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "tests/fixtures/scan"
    for path in build(target):
        print(path)
