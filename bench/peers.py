#!/usr/bin/env python3
"""Our PDF table extractor against its peers on the dev PDFs, in one run.

    .venv/bin/python bench/peers.py [CORPUS_DIR]

For every dev PDF with a gold file, each extractor's tables are searched for every gold
indicator row: it counts as recovered intact when one table row holds 三级指标, 年度指标值,
实际完成值, 分值 and 得分 each in its own cell, in that order. Peers: pdfplumber's default
`extract_tables()` and Camelot lattice (if installed: `pip install -e .[bench]`). Prints the
share recovered, pages per second, and both as ratios against pdfplumber default.
"""
from __future__ import annotations

import json
import sys
import time
import unicodedata
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_HALF = str.maketrans({"“": '"', "”": '"', "—": "-", "–": "-", "―": "-", "【": "[", "】": "]"})


def norm(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).translate(_HALF)
    return re.sub(r"\s+", "", text).rstrip("。")


def same_number(cell: str, number) -> bool:
    if number is None:
        return cell == ""
    try:
        return abs(float(cell) - float(number)) < 0.005
    except ValueError:
        return False


def gold_rows(gold: dict) -> list[dict]:
    return [ind for project in gold.get("projects", []) for ind in project.get("indicators", [])]


def row_has(row: list[str], ind: dict) -> bool:
    """level3, target, actual, weight, score in consecutive-or-later distinct cells of row."""
    cells = [norm(c) for c in row]
    want = [norm(ind["level3"]), norm(ind["target_raw"]), norm(ind["actual_raw"])]
    for i, cell in enumerate(cells):
        if cell != want[0] or not cell:
            continue
        j = i + 1
        ok = True
        for value in want[1:]:
            while j < len(cells) and cells[j] == "" and value != "":
                j += 1
            if j >= len(cells) or cells[j] != value:
                ok = False
                break
            j += 1
        if not ok:
            continue
        for number in (ind["weight"], ind["score"]):
            while j < len(cells) and cells[j] == "":
                j += 1
            if j >= len(cells) or not same_number(cells[j], number):
                ok = False
                break
            j += 1
        if ok:
            return True
    return False


def recovered(tables: list[list[list[str]]], inds: list[dict]) -> int:
    rows = [row for table in tables for row in table]
    return sum(1 for ind in inds if any(row_has(row, ind) for row in rows))


# ------------------------------------------------------------------ extractors

def ours(path: Path) -> list[list[list[str]]]:
    from jixiao.extract.pdf_reader import read_pdf
    return [table.grid() for table in read_pdf(path).tables]


def plumber_default(path: Path) -> list[list[list[str]]]:
    import pdfplumber
    out = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                out.append([[c or "" for c in row] for row in table])
    return out


def camelot_lattice(path: Path) -> list[list[list[str]]]:
    import camelot
    tables = camelot.read_pdf(str(path), pages="1-end", flavor="lattice")
    return [table.df.values.tolist() for table in tables]


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus" / "dev"
    gold_dir = corpus / "gold"
    if not gold_dir.is_dir():
        print(f"no gold folder at {gold_dir}", file=sys.stderr)
        return 2
    import pypdfium2 as pdfium

    files = []
    for pdf in sorted(corpus.glob("*.pdf")):
        gold_path = gold_dir / f"{pdf.stem}.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("format") != "pdf":
            continue  # scanned files have no text layer for these extractors
        doc = pdfium.PdfDocument(str(pdf))
        files.append((pdf, gold_rows(gold), len(doc)))
        doc.close()

    extractors = [("jixiao (ours)", ours), ("pdfplumber default", plumber_default)]
    try:
        import camelot  # noqa: F401
        extractors.append(("camelot lattice", camelot_lattice))
    except Exception as exc:  # not installed or its dependencies missing
        print(f"camelot unavailable ({exc}); comparing with pdfplumber only")

    total_rows = sum(len(inds) for _, inds, _ in files)
    total_pages = sum(n for _, _, n in files)
    results = {}
    for name, fn in extractors:
        hits = 0
        seconds = cpu = 0.0
        per_file = []
        for pdf, inds, _ in files:
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                tables = fn(pdf)
            except Exception as exc:
                print(f"{name} failed on {pdf.name}: {exc}")
                tables = []
            seconds += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
            got = recovered(tables, inds)
            hits += got
            per_file.append(f"{pdf.name}: {got}/{len(inds)}")
        results[name] = (hits / total_rows if total_rows else 0.0, total_pages / seconds if seconds else 0.0,
                         hits, per_file, total_pages / cpu if cpu else 0.0)

    base_share, base_speed = results["pdfplumber default"][:2]
    base_cpu = results["pdfplumber default"][4]
    print(f"{len(files)} PDFs, {total_pages} pages, {total_rows} gold indicator rows")
    print(f"{'extractor':<20}{'rows intact':>13}{'share':>8}{'vs plumber':>12}"
          f"{'pages/s':>10}{'vs plumber':>12}{'pages/cpu-s':>13}{'vs plumber':>12}")
    for name, (share, speed, hits, _, cpu_speed) in results.items():
        share_ratio = share / base_share if base_share else float("inf")
        speed_ratio = speed / base_speed if base_speed else float("inf")
        cpu_ratio = cpu_speed / base_cpu if base_cpu else float("inf")
        print(f"{name:<20}{hits:>8}/{total_rows:<4}{share:>8.3f}{share_ratio:>11.2f}x"
              f"{speed:>10.1f}{speed_ratio:>11.2f}x{cpu_speed:>13.1f}{cpu_ratio:>11.2f}x")
    print("pages/s is wall time (noisy on a shared machine); pages/cpu-s counts this process's CPU only")
    for name, (_, _, _, per_file, _) in results.items():
        print(f"  {name}: " + "; ".join(per_file))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
