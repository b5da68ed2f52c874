#!/usr/bin/env python3
"""Scan-variety pages for the OCR reader: one compact 项目支出绩效自评表, degraded many ways.

    .venv/bin/python scripts/make_scan_variants.py [OUT_DIR] [NAME ...]   # default /tmp/scan_variants

Writes one image-only PDF per variant (`<name>.pdf`) plus `<name>.json` (the expected grid),
and `mixed.pdf` (two text-layer pages around one image-only table page). Tests build the
pages on the fly from `VARIANTS` / `make_pdf` so nothing binary is committed.

Degradations: resolution (150/200/300 dpi), bilevel (1-bit, CCITT in the PDF) / grayscale /
colour with a red seal over some cells, faint and broken ruling lines (scanner dropout),
thick lines, rotation -2..+2 deg, a landscape scan (page turned 90 deg), a page fed upside
down, a dark scanner edge
with punch holes, a table that starts mid-page after a paragraph. The expected values live
beside the drawing code so the two cannot drift apart.
"""
from __future__ import annotations

import io
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_scan_fixtures import A4, SANS, SERIF, Spec, TableSpec, _font, _wrap  # noqa: E402

PARAGRAPH = [
    "一、项目基本情况",
    "本项目由区文化馆具体实施，资金主要用于社区文化活动的组织与宣传。",
    "根据绩效评价工作安排，现将项目支出绩效自评情况报告如下。",
]


def table_spec(top: float = 110.0) -> TableSpec:
    """Compact self-evaluation table: header, funding block, two indicators, total."""
    xs = [60, 100, 168, 236, 306, 376, 428, 480, 537]
    heights = [24, 24, 34, 22, 22, 22, 34, 22, 22, 22]
    ys = [top]
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
        c(3, 1, "年度资金总额"), c(3, 2, "136.8"), c(3, 3, "128.75"), c(3, 4, "127.72"),
        c(3, 5, "10"), c(3, 6, "99.2%"), c(3, 7, "9.92"),
        c(4, 1, "财政拨款"), c(4, 2, "136.8"), c(4, 3, "128.75"), c(4, 4, "127.72"), c(4, 5, "—"),
        c(4, 6, "—"), c(4, 7, "—"),
        c(5, 1, "其他资金"), c(5, 2, ""), c(5, 3, ""), c(5, 4, ""), c(5, 5, "—"), c(5, 6, "—"),
        c(5, 7, "—"),
        c(6, 0, "绩效指标", row_span=3, vertical=True), c(6, 1, "一级指标"), c(6, 2, "二级指标"),
        c(6, 3, "三级指标"), c(6, 4, "年度指标值"), c(6, 5, "实际完成值"), c(6, 6, "分值"),
        c(6, 7, "得分"),
        c(7, 1, "产出指标"), c(7, 2, "数量指标"), c(7, 3, "活动场次"), c(7, 4, "48"),
        c(7, 5, "52"), c(7, 6, "40"), c(7, 7, "38.5"),
        c(8, 1, "满意度指标"), c(8, 2, "满意度"), c(8, 3, "群众满意度"), c(8, 4, "≥90%"),
        c(8, 5, "93.6%"), c(8, 6, "50"), c(8, 7, "47"),
        c(9, 0, "总分", col_span=6), c(9, 6, "100"), c(9, 7, "95.42"),
    ]
    return TableSpec(xs, ys, cells, ["项目支出绩效自评表", "（2024年度）"])


@dataclass
class Variant:
    name: str
    dpi: float = 200
    angle: float = 0.0              # degrees, PIL convention (positive = counter-clockwise)
    mode: str = "gray"              # gray | bilevel | color
    seal: bool = False              # red 公章 over the funding cells (color mode)
    seal_at: tuple[int, int] = (5, 4)  # (column, row) boundary the seal is centred on
    line_pt: float = 0.6            # ruling line width
    line_grey: int = 0              # ruling line darkness (0 black .. 255 white): faint lines
    gaps: int = 0                   # scanner dropout: number of gaps cut through every line
    landscape: int = 0              # page turned by 90 / 180 / 270 degrees on the scanner
    edge: bool = False              # dark scanner-edge shadow and punch holes in the margin
    paragraph: bool = False         # the table starts mid-page after a text paragraph
    font: tuple[str, int] = SERIF
    seed: int = 0
    notes: str = ""

    @property
    def table(self) -> TableSpec:
        return table_spec(330.0 if self.paragraph else 110.0)


VARIANTS: list[Variant] = [
    Variant("dpi150_gray", dpi=150, angle=1.2, seed=1),
    Variant("dpi300_gray_thick", dpi=300, angle=-0.6, line_pt=2.2, seed=2),
    Variant("bilevel_200", dpi=200, angle=-1.5, mode="bilevel", seed=3),
    Variant("bilevel_300_broken", dpi=300, angle=0.7, mode="bilevel", gaps=2, seed=4),
    Variant("color_seal", dpi=200, angle=0.5, mode="color", seal=True, seed=5),
    Variant("faint_broken", dpi=200, angle=-2.0, line_grey=170, gaps=2, seed=6, font=SANS),
    Variant("rot_plus2", dpi=200, angle=2.0, seed=7),
    Variant("landscape", dpi=200, angle=0.4, landscape=90, seed=8),
    Variant("edge_holes", dpi=200, angle=-0.8, edge=True, seed=9),
    Variant("mid_page", dpi=200, angle=1.0, paragraph=True, seed=10, font=SANS),
    Variant("bilevel300_thick", dpi=300, angle=1.7, mode="bilevel", line_pt=2.2, seed=25),
    Variant("bilevel150_rotm2", dpi=150, angle=-2.0, mode="bilevel", seed=21),
    Variant("upside_down", dpi=200, angle=0.6, landscape=180, seed=27),
]


# Harder combinations, not in the test suite (tests/test_scan_variants.py); the report says
# which of these hold.
PROBES: list[Variant] = [
    Variant("probe_dropout4_faint", dpi=200, angle=1.3, line_grey=150, gaps=4, seed=22),
    Variant("probe_landscape270_seal", dpi=200, angle=-0.9, mode="color", seal=True, landscape=270,
            seed=23),
    Variant("probe_seal_scores", dpi=200, angle=0.3, mode="color", seal=True, seal_at=(7, 8), seed=24),
    Variant("probe_150_edge_mid", dpi=150, angle=-1.6, edge=True, paragraph=True, seed=26, font=SANS),
]


def by_name(name: str) -> Variant:
    return next(v for v in VARIANTS + PROBES if v.name == name)


# ----------------------------------------------------------------------------- drawing

def _line(d: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], width: int,
          fill, gaps: list[tuple[float, float]]) -> None:
    """A ruling line with dropout gaps (fractions of its length)."""
    pieces, start = [], 0.0
    for g0, g1 in sorted(gaps):
        pieces.append((start, g0))
        start = g1
    pieces.append((start, 1.0))
    for f0, f1 in pieces:
        if f1 <= f0:
            continue
        p = (a[0] + (b[0] - a[0]) * f0, a[1] + (b[1] - a[1]) * f0)
        q = (a[0] + (b[0] - a[0]) * f1, a[1] + (b[1] - a[1]) * f1)
        d.line([p, q], fill=fill, width=width)


def draw(v: Variant) -> Image.Image:
    """The printed page (RGB, white paper), before any scanner effects."""
    k = v.dpi / 72.0
    w, h = int(round(A4[0] * k)), int(round(A4[1] * k))
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    rng = np.random.default_rng(v.seed)
    t = v.table
    title = _font(v.font, 16, v.dpi)
    cap_y = t.ys[0] - 52
    for text, size, y in ((t.caption[0], 16, cap_y), (t.caption[1], 12, cap_y + 26)):
        f = _font(v.font, size, v.dpi)
        d.text(((w - f.getlength(text)) / 2, y * k), text, font=f, fill=(0, 0, 0))
    if v.paragraph:
        body = _font(v.font, 11, v.dpi)
        for i, text in enumerate(PARAGRAPH):
            d.text((72 * k, (120 + 26 * i) * k), text, font=body, fill=(0, 0, 0))
    del title
    cell_font = _font(v.font, 9, v.dpi)
    line_h = cell_font.size * 1.3
    lw = max(1, int(round(v.line_pt * k)))
    ink = (v.line_grey,) * 3
    # ruling lines: every boundary segment once, so gaps cut through whole lines
    segs = set()
    for cell in t.cells:
        x0, x1 = t.xs[cell.col], t.xs[cell.col + cell.col_span]
        y0, y1 = t.ys[cell.row], t.ys[cell.row + cell.row_span]
        segs |= {((x0, y0), (x1, y0)), ((x0, y1), (x1, y1)), ((x0, y0), (x0, y1)), ((x1, y0), (x1, y1))}
    for (ax, ay), (bx, by) in sorted(segs):
        length = max(abs(bx - ax), abs(by - ay))
        gaps = []
        # dropout: short gaps (2-5 pt), never more than a third of a segment
        n = min(int(rng.integers(0, v.gaps + 1)), int(length // 20)) if v.gaps else 0
        for _ in range(n):
            if length < 18:
                break
            glen = float(rng.uniform(2, 5)) / length
            g0 = float(rng.uniform(0.1, 0.9 - glen))
            gaps.append((g0, g0 + glen))
        _line(d, (ax * k, ay * k), (bx * k, by * k), lw, ink, gaps)
    for cell in t.cells:
        if not cell.text:
            continue
        x0, x1 = t.xs[cell.col] * k, t.xs[cell.col + cell.col_span] * k
        y0, y1 = t.ys[cell.row] * k, t.ys[cell.row + cell.row_span] * k
        lines = list(cell.text) if cell.vertical else _wrap(cell.text, cell_font, x1 - x0 - 8 * k)
        ty = (y0 + y1) / 2 - len(lines) * line_h / 2
        for ln in lines:
            tw = cell_font.getlength(ln)
            tx = x0 + 4 * k if cell.align == "left" else (x0 + x1) / 2 - tw / 2
            d.text((tx, ty + (line_h - cell_font.size) / 2), ln, font=cell_font, fill=(0, 0, 0))
            ty += line_h
    if v.seal:
        _seal(img, cx=t.xs[v.seal_at[0]] * k, cy=t.ys[v.seal_at[1]] * k, r=0.75 * v.dpi, dpi=v.dpi, font=v.font)
    return img


def _seal(img: Image.Image, cx: float, cy: float, r: float, dpi: float, font) -> None:
    """A red round 公章 (ring, star, arc text), multiplied onto the page like ink."""
    layer = Image.new("RGB", img.size, (255, 255, 255))
    d = ImageDraw.Draw(layer)
    red = (215, 40, 45)
    ring = max(3, int(r * 0.06))
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=ring)
    star_r = r * 0.28
    pts = []
    for i in range(10):
        ang = -math.pi / 2 + i * math.pi / 5
        rr = star_r if i % 2 == 0 else star_r * 0.4
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    d.polygon(pts, fill=red)
    f = ImageFont.truetype(font[0], max(8, int(r * 0.22)), index=font[1])
    text = "北京市某区文化馆财务专用章"
    for i, ch in enumerate(text):
        ang = math.radians(200 + i * 140 / (len(text) - 1))
        px, py = cx + 0.72 * r * math.cos(ang), cy + 0.72 * r * math.sin(ang)
        d.text((px, py), ch, font=f, fill=red, anchor="mm")
    a = np.asarray(img).astype(np.float32)
    b = np.asarray(layer).astype(np.float32)
    img.paste(Image.fromarray((a * b / 255.0).astype(np.uint8), "RGB"))


def scan(img: Image.Image, v: Variant) -> Image.Image:
    """Scanner effects: blur, rotation, paper grey and noise, specks, optional dark edge and
    punch holes, landscape turn, then the output mode (JPEG gray/colour or 1-bit)."""
    import cv2

    rng = np.random.default_rng(v.seed + 100)
    arr = np.asarray(img if v.mode == "color" else img.convert("L"))
    sigma = 0.5 * v.dpi / 175
    arr = cv2.GaussianBlur(arr, (0, 0), sigma)
    h, w = arr.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), v.angle, 1.0)   # positive = counter-clockwise, like PIL
    arr = cv2.warpAffine(arr, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))
    arr = arr.astype(np.float32) * 0.92 + 12
    noise = rng.standard_normal((h, w), dtype=np.float32) * 5
    arr += noise[..., None] if arr.ndim == 3 else noise
    for _ in range(100):
        y, x = rng.integers(0, h - 4), rng.integers(0, w - 4)
        s = int(rng.integers(1, 3))
        arr[y:y + s, x:x + s] = rng.uniform(40, 120)
    if v.edge:
        k = v.dpi / 72.0
        band = int(14 * k)
        # shadow: dark band along the left and top edge, fading towards the page
        ramp = np.linspace(25, 200, band, dtype=np.float32)
        arr[:, :band] = np.minimum(arr[:, :band], ramp[None, :, None] if arr.ndim == 3 else ramp[None, :])
        top = np.linspace(25, 180, band // 2, dtype=np.float32)
        arr[:band // 2] = np.minimum(arr[:band // 2], top[:, None, None] if arr.ndim == 3 else top[:, None])
        for fy in (0.25, 0.5, 0.75):      # punch holes: dark disks in the left margin
            cv2.circle(arr, (int(30 * k), int(fy * h)), int(9 * k), (30, 30, 30), -1)
    out = np.clip(arr, 0, 255).astype(np.uint8)
    if v.landscape:
        out = np.ascontiguousarray(np.rot90(out, k=v.landscape // 90))   # counter-clockwise
    pil = Image.fromarray(out, "RGB" if out.ndim == 3 else "L")
    if v.mode == "bilevel":
        return pil.point(lambda p: 255 if p > 165 else 0).convert("1", dither=Image.NONE)
    buf = io.BytesIO()
    pil.save(buf, "JPEG", quality=60)
    buf.seek(0)
    return Image.open(buf).convert(pil.mode)


def page_image(v: Variant) -> Image.Image:
    return scan(draw(v), v)


def image_pdf_bytes(img: Image.Image, dpi: float) -> bytes:
    buf = io.BytesIO()
    img.info.pop("dpi", None)
    extra = {} if img.mode == "1" else {"quality": 80}
    img.save(buf, "PDF", resolution=float(dpi), **extra)
    return buf.getvalue()


def make_pdf(v: Variant, path: Path, img: Image.Image | None = None) -> Path:
    path = Path(path)
    path.write_bytes(image_pdf_bytes(img if img is not None else page_image(v), v.dpi))
    return path


def expected(v: Variant) -> dict:
    t = v.table
    return {"name": v.name, "dpi": v.dpi, "angle": v.angle, "landscape": v.landscape,
            "n_rows": len(t.ys) - 1, "n_cols": len(t.xs) - 1, "caption": t.caption,
            "paragraph": PARAGRAPH if v.paragraph else [],
            "cells": [{"row": c.row, "col": c.col, "row_span": c.row_span, "col_span": c.col_span,
                       "text": c.text} for c in t.cells]}


def make_mixed_pdf(path: Path, v: Variant | None = None) -> Path:
    """Text-layer page, image-only table page, text-layer page (reportlab + CID font)."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    v = v or Variant("mixed_scan", dpi=200, angle=0.6, seed=12)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text_pdf = io.BytesIO()
    c = canvas.Canvas(text_pdf, pagesize=RL_A4)
    for page_lines in (["北京市某区文化馆2024年度项目支出绩效自评报告", "一、项目基本情况",
                        "社区文化活动经费项目全年预算128.75万元。"],
                       ["三、存在的问题及改进措施", "部分活动宣传覆盖面不足，下一年度将加强宣传。"]):
        y = 770
        for line in page_lines:
            c.setFont("STSong-Light", 12)
            c.drawString(72, y, line)
            y -= 24
        c.showPage()
    c.save()
    src = pdfium.PdfDocument(text_pdf.getvalue())
    img_doc = pdfium.PdfDocument(image_pdf_bytes(page_image(v), v.dpi))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [0])
    out.import_pages(img_doc)
    out.import_pages(src, [1])
    out.save(str(path))
    return Path(path)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/scan_variants")
    names = sys.argv[2:] or [v.name for v in VARIANTS + PROBES]
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        v = by_name(name)
        print(make_pdf(v, target / f"{v.name}.pdf"))
        (target / f"{v.name}.json").write_text(json.dumps(expected(v), ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
    print(make_mixed_pdf(target / "mixed.pdf"))
