#!/usr/bin/env python3
"""OCR speed and digit accuracy vs rendering resolution on the dev scan.

    .venv/bin/python bench/ocr_speed.py [--dpi 150,175,200,250,300] [--pdf PDF --gold GOLD.json]

For each resolution, reads every page that holds a 项目支出绩效自评表 (pages from the gold file)
with extract.scan.ocr_page on ONE thread (JIXIAO_OCR_THREADS=1), and prints seconds per page
(wall and CPU; CPU is what matters on a shared machine) and digit accuracy: the share of the
numbers the gold file expects in each table (budget figures, 执行率, 分值, 得分, indicator
values, totals) found exactly as a cell text on the table's pages. `native` renders at the
embedded image's own resolution (what ocr_page does by default).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", default=str(DEV / "seed_report_scan.pdf"))
    ap.add_argument("--gold", default=str(DEV / "gold" / "seed_report_scan.json"))
    ap.add_argument("--dpi", default="native,150,175,200,250,300")
    ap.add_argument("--det-dpi", type=float, default=None,
                    help="resolution of the text-detection pass (default extract.scan.DET_DPI)")
    ap.add_argument("--max-projects", type=int, default=0, help="only the first N tables (quick run)")
    args = ap.parse_args()
    if args.det_dpi:
        scan.DET_DPI = args.det_dpi
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    projects = [p for p in gold["projects"] if p.get("page_start")]
    if args.max_projects:
        projects = projects[: args.max_projects]
    pages = sorted({n for p in projects for n in range(p["page_start"], p["page_end"] + 1)})
    scan.ocr_page(args.pdf, pages[0])  # load the models before timing
    rows = []
    for dpi_s in args.dpi.split(","):
        dpi = None if dpi_s == "native" else float(dpi_s)
        contents, walls, cpus = {}, [], []
        for n in pages:
            w0, c0 = time.perf_counter(), time.process_time()
            contents[n] = scan.ocr_page(args.pdf, n, dpi=dpi)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        found = total = 0
        for p in projects:
            want = expected_numbers(p)
            got: Counter = Counter()
            for n in range(p["page_start"], p["page_end"] + 1):
                got += page_numbers(contents[n])
            total += sum(want.values())
            found += sum(min(cnt, got[k]) for k, cnt in want.items())
        used = dpi if dpi else scan.choose_dpi_path(args.pdf, pages[0])
        rows.append((dpi_s, used, sum(walls) / len(walls), max(walls), sum(cpus) / len(cpus), max(cpus),
                     found, total))
        print(f"{dpi_s:>6}  done", file=sys.stderr, flush=True)
    print(f"{len(pages)} table pages of {Path(args.pdf).name}, threads={os.environ['JIXIAO_OCR_THREADS']}, "
          f"detection at {scan.DET_DPI:g} dpi")
    print(f"{'dpi':>6} {'used':>5} {'wall s/pg':>9} {'max':>6} {'cpu s/pg':>9} {'max':>6} {'digits':>12}")
    for dpi_s, used, wall, wmax, cpu, cmax, found, total in rows:
        print(f"{dpi_s:>6} {used:5.0f} {wall:9.2f} {wmax:6.2f} {cpu:9.2f} {cmax:6.2f} "
              f"{found:>4}/{total:<4} {100.0 * found / max(total, 1):5.1f}%")


if __name__ == "__main__":
    main()
