#!/usr/bin/env python3
"""Scan a text PDF: render every page, degrade it like a scanner would and write an
image-only PDF, plus a copy of the source's gold renamed for the scan, so a scan of any
rendering can be scored against the gold its text version already has.

    .venv/bin/python bench/make_scans.py OUT_DIR PDF [PDF ...] [--gold-dir DIR] [--dpi 150]
        [--quality 63] [--seed 1]

Used to measure the OCR reader on scans the shared corpus does not hold (another producer's
rendering, other templates, other resolutions). Effects: slight blur, a rotation per page
(-1.2..+1.2 deg), grey paper, noise and specks, JPEG at `quality`.
"""
from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def degrade(gray: np.ndarray, dpi: float, angle: float, rng: np.random.Generator) -> np.ndarray:
    import cv2
    arr = cv2.GaussianBlur(gray, (0, 0), 0.45 * dpi / 175)
    h, w = arr.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    arr = cv2.warpAffine(arr, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
    arr = arr.astype(np.float32) * 0.92 + 12
    arr += rng.standard_normal((h, w), dtype=np.float32) * 5
    for _ in range(150):
        y, x = rng.integers(0, h - 4), rng.integers(0, w - 4)
        s = int(rng.integers(1, 3))
        arr[y:y + s, x:x + s] = rng.uniform(40, 120)
    return np.clip(arr, 0, 255).astype(np.uint8)


def scan_pdf(src: Path, dst: Path, dpi: float, quality: int, seed: int) -> list[float]:
    """Writes the scan; returns the rotation of each page."""
    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    angles = []
    try:
        for page in doc:
            bitmap = page.render(scale=dpi / 72.0, grayscale=True)
            gray = bitmap.to_numpy().copy()
            if gray.ndim == 3:
                gray = gray[:, :, 0]
            angle = round(float(rng.uniform(-1.2, 1.2)), 2)
            angles.append(angle)
            img = Image.fromarray(degrade(gray, dpi, angle, rng), "L")
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=quality)
            buf.seek(0)
            pdf_buf = io.BytesIO()
            Image.open(buf).save(pdf_buf, "PDF", resolution=float(dpi))
            out.import_pages(pdfium.PdfDocument(pdf_buf.getvalue()))
        out.save(str(dst))
    finally:
        doc.close()
    return angles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("pdfs", nargs="+")
    ap.add_argument("--gold-dir", help="gold folder of the sources; a renamed copy goes to OUT_DIR/gold")
    ap.add_argument("--dpi", type=float, default=150)
    ap.add_argument("--quality", type=int, default=63)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--suffix", default="")
    args = ap.parse_args()
    out = Path(args.out_dir)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    for i, pdf in enumerate(map(Path, args.pdfs)):
        name = f"{pdf.stem}_scan{args.suffix or int(args.dpi)}.pdf"
        angles = scan_pdf(pdf, out / name, args.dpi, args.quality, args.seed + i)
        print(out / name, angles)
        if args.gold_dir:
            gold_path = Path(args.gold_dir) / f"{pdf.stem}.json"
            if gold_path.exists():
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                gold["file"] = name
                gold["format"] = "scanned-pdf"
                (out / "gold" / f"{Path(name).stem}.json").write_text(
                    json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
