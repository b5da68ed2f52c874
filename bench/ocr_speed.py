#!/usr/bin/env python3
"""OCR speed per page kind, this reader against a baseline reader, in the same run.

    .venv/bin/python bench/ocr_speed.py [--pdf PDF --gold GOLD.json] [--baseline REF]
        [--pages N] [--dpi native]

Reads every page of the scan with extract.scan.ocr_page on ONE thread, with the reader of this
checkout and with the reader at git REF, taking turns page by page (default REF: where this
branch left main, the reader this work started from; its extract/ package is checked out into a
temporary folder and imported under another name, so both run in this one process on the same
pages). A page is a table page when it holds a ruled grid (scan_lines.find_tables, the same for
both readers), else a text page. Prints CPU seconds
per table page and per text page for each (CPU is what counts on a shared machine; wall time
is shown too), the ratio, and digit accuracy on the table pages: the share of the numbers the
gold expects (budget figures, 执行率, 分值, 得分, indicator values, totals) found exactly as a
cell text on the table's pages.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import types
from collections import Counter
from pathlib import Path

os.environ.setdefault("JIXIAO_OCR_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402

from jixiao.extract import scan  # noqa: E402

cv2.setNumThreads(1)  # one core for the whole measurement, not just the ONNX sessions

DEV = ROOT.parent / "shared" / "corpus" / "dev"
_NUM = re.compile(r"^\d[\d.,/%]*$")


def _fmt(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v.strip() or None
    return f"{v:g}" if isinstance(v, float) else str(v)


def expected_numbers(project: dict) -> Counter:
    out: Counter = Counter()

    def add(v):
        s = _fmt(v)
        if s and _NUM.match(s):
            out[s] += 1

    for f in project.get("funding", []):
        for key in ("budget_initial", "budget_adjusted", "executed", "exec_rate_raw", "weight_raw",
                    "score_raw"):
            add(f.get(key))
    for ind in project.get("indicators", []):
        for key in ("target_raw", "actual_raw", "weight", "score"):
            add(ind.get(key))
    add(project.get("total_weight_stated"))
    add(project.get("total_score_stated"))
    return out


def page_numbers(content) -> Counter:
    got: Counter = Counter()
    for t in content.tables:
        for c in t.cells:
            if c.text and _NUM.match(c.text):
                got[c.text] += 1
    return got


def baseline_scan(ref: str):
    """extract.scan as it is at git `ref`, imported as a package of its own."""
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-baseline-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "extract"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    name = "jixiao_baseline_extract"
    package = types.ModuleType(name)      # not its __init__ (it insists on its own name)
    package.__path__ = [str(tmp / "extract")]
    sys.modules[name] = package
    return importlib.import_module(f"{name}.scan")


def page_kinds(pdf: str) -> tuple[list[int], list[int]]:
    """(table pages, text pages): whether a ruled grid stands on the page."""
    import pypdfium2 as pdfium

    from jixiao.extract.scan_lines import estimate_skew, find_tables, rotate
    doc = pdfium.PdfDocument(pdf)
    tables, texts = [], []
    try:
        for i in range(len(doc)):
            page = doc[i]
            dpi = scan.choose_dpi(page)
            gray = scan.render_gray(page, dpi)
            (tables if find_tables(rotate(gray, estimate_skew(gray)), dpi) else texts).append(i + 1)
    finally:
        doc.close()
    return tables, texts


class _Timed:
    """An ONNX session (or rapidocr's infer wrapper) whose calls add their CPU seconds to `spent`."""

    def __init__(self, inner, spent: Counter, key: str):
        self.inner, self.spent, self.key = inner, spent, key

    def __call__(self, *args, **kwargs):
        c0 = time.process_time()
        try:
            return self.inner(*args, **kwargs)
        finally:
            self.spent[self.key] += time.process_time() - c0

    def __getattr__(self, name):
        return getattr(self.inner, name)


def model_clock(reader) -> Counter:
    """CPU seconds the reader's detector ('det') and recogniser ('rec') models take from now on:
    the floor no work outside the models can lower."""
    spent: Counter = Counter()
    eng = reader.ocr_engine.engine()
    if not isinstance(eng.text_det.infer, _Timed):
        eng.text_det.infer = _Timed(eng.text_det.infer, spent, "det")
        eng.text_rec.session = _Timed(eng.text_rec.session, spent, "rec")
    return eng.text_det.infer.spent


def read(readers: list, pdf: str, pages: list[int], dpi: float | None) -> list[tuple[dict, float, float, dict]]:
    """For each reader: {page: content}, CPU seconds per page, wall seconds per page, {det, rec:
    model CPU s per page}. The readers take turns page by page, so a burst of load on this
    shared machine falls on both alike instead of on whichever block of pages it met."""
    clocks = [model_clock(reader) for reader in readers]
    before = [dict(clock) for clock in clocks]
    contents = [{} for _ in readers]
    cpu, wall = [0.0] * len(readers), [0.0] * len(readers)
    for n in pages:
        for i, reader in enumerate(readers):
            w0, c0 = time.perf_counter(), time.process_time()
            contents[i][n] = reader.ocr_page(pdf, n, dpi=dpi)
            wall[i] += time.perf_counter() - w0
            cpu[i] += time.process_time() - c0
    k = max(len(pages), 1)
    return [(contents[i], cpu[i] / k, wall[i] / k,
             {key: (clocks[i][key] - before[i].get(key, 0.0)) / k for key in ("det", "rec")})
            for i in range(len(readers))]


def digits(projects: list[dict], contents: dict) -> tuple[int, int]:
    found = total = 0
    for p in projects:
        want = expected_numbers(p)
        got: Counter = Counter()
        for n in range(p["page_start"], p["page_end"] + 1):
            if n in contents:
                got += page_numbers(contents[n])
        total += sum(want.values())
        found += sum(min(cnt, got[k]) for k, cnt in want.items())
    return found, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", default=str(DEV / "seed_report_scan.pdf"))
    ap.add_argument("--gold", default=str(DEV / "gold" / "seed_report_scan.json"))
    ap.add_argument("--baseline", default=None,
                    help="git ref of the baseline reader (default: merge-base with main; '' to skip)")
    ap.add_argument("--pages", type=int, default=0, help="at most N pages of each kind (quick run)")
    ap.add_argument("--dpi", default="native", help="rendering resolution ('native': the image's own)")
    args = ap.parse_args()
    dpi = None if args.dpi == "native" else float(args.dpi)
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    projects = [p for p in gold["projects"] if p.get("page_start")]
    table_pages, text_pages = page_kinds(args.pdf)
    if args.pages:
        table_pages, text_pages = table_pages[: args.pages], text_pages[: args.pages]
    ref = args.baseline
    if ref is None:
        ref = subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True,
                             capture_output=True, text=True).stdout.strip()
    readers = [("this", scan)]
    if ref:
        readers.append((f"base {ref[:8]}", baseline_scan(ref)))
    for _, reader in readers:
        reader.ocr_page(args.pdf, table_pages[0], dpi=dpi)      # load the models before timing
    rows, models = [], []
    modules = [reader for _, reader in readers]
    on_tables = read(modules, args.pdf, table_pages, dpi)
    none = ({}, 0.0, 0.0, {"det": 0.0, "rec": 0.0})
    on_text = read(modules, args.pdf, text_pages, dpi) if text_pages else [none] * len(modules)
    for (name, _), (t_contents, t_cpu, t_wall, t_models), (_, x_cpu, x_wall, x_models) in zip(readers, on_tables, on_text):
        found, total = digits(projects, t_contents)
        rows.append((name, t_cpu, t_wall, x_cpu, x_wall, found, total))
        models.append((name, t_cpu, t_models, x_cpu, x_models))
    print(f"{Path(args.pdf).name}: {len(table_pages)} table pages, {len(text_pages)} text pages, "
          f"threads={os.environ['JIXIAO_OCR_THREADS']}, dpi={args.dpi}")
    print(f"{'reader':<16} {'table cpu s/pg':>14} {'wall':>6} {'text cpu s/pg':>14} {'wall':>6} {'digits':>14}")
    for name, t_cpu, t_wall, x_cpu, x_wall, found, total in rows:
        print(f"{name:<16} {t_cpu:14.2f} {t_wall:6.2f} {x_cpu:14.2f} {x_wall:6.2f} "
              f"{found:>5}/{total:<5} {100.0 * found / max(total, 1):5.1f}%")
    if len(rows) == 2:
        (_, a_t, _, a_x, *_), (_, b_t, _, b_x, *_) = rows
        print(f"this / baseline CPU: table pages {a_t / max(b_t, 1e-9):.2f}, text pages {a_x / max(b_x, 1e-9):.2f}")
    print("CPU s per page in the models (recogniser, detector) and outside them:")
    print(f"{'reader':<16} {'table rec':>9} {'det':>6} {'other':>6} {'text rec':>9} {'det':>6} {'other':>6}")
    for name, t_cpu, t_m, x_cpu, x_m in models:
        print(f"{name:<16} {t_m['rec']:9.2f} {t_m['det']:6.2f} {t_cpu - t_m['rec'] - t_m['det']:6.2f} "
              f"{x_m['rec']:9.2f} {x_m['det']:6.2f} {x_cpu - x_m['rec'] - x_m['det']:6.2f}")


if __name__ == "__main__":
    main()
