"""`python bench/pipeline.py [--quick]`: throughput and memory of the pipeline, in one run.

(a) Page triage. A synthetic report is assembled from the dev PDFs with pypdfium2 page import
    (prose pages with every 10th page a table page, 100 pages by default). Pages/s of our PDF
    reader on the whole report vs pdfplumber's table finder (`find_tables`) run on every page,
    each in a fresh process, with its peak RSS. Target: ours ≥ 3× faster. For reference, the
    same comparison on the dev reports as printed, and our peak RSS on a 500-page report
    (limit 1 GB per worker).
(b) Batch scaling. Small documents (DOCX variants of the dev files, distinct SHA-256) run
    through `run_batch` with the local worker pool at 100 and 1,000 documents: docs/minute at
    each size, their ratio (1.0 = cost linear in the number of documents), the peak RSS of the
    workers and of the driver (flat = memory does not grow with the batch), and files written.

(c) One file (issue #15). `jixiao run ONE.pdf --out OUT` on the 1-page dev table PDF, whole
    process, median of 5 runs (each into a fresh OUT), beside a script that runs pdfplumber's
    `extract_tables()` on every page of the same file; and `jixiao --help`. Targets: ≤ 0.6 s
    wall, ≤ 3x the pdfplumber script; --help ≤ 0.3 s.
(d) Table-dense reports (issue #15). The dev PDFs (01, 05, 06, seed_report_lo, seed_report_rl:
    42 pages) 8 times over, each copy with distinct bytes (40 files, 336 pages): `jixiao run
    DIR --workers 1` and `--workers 2` against the pdfplumber script over all 40 files, one
    run each. Targets: ≥ 2x and ≥ 3.5x pdfplumber end to end.
(e) Memory with OCR (issue #15: ≤ 600 MB per worker). `jixiao run SCAN --workers 1` on the first
    pages of the dev scan (6; --quick 3), with the default page parallelism and with
    JIXIAO_OCR_PAGES=2 (two pages read side by side: faster on an idle multi-core machine, more
    memory), one run each.
    (c), (d) and (e) print wall and CPU seconds (the whole process tree, pool workers included)
    and the largest peak RSS of any one process. Measured commands run with bytecode caching
    on (as an installed package has). --compare-with CHECKOUT adds the same jixiao rows for
    another checkout of the repository (e.g. `git worktree add /tmp/base main`), in the same
    run, so before/after ratios share the machine's load.

Default run: about 5-10 minutes on 2 cores; --quick: 30 pages, 20 and 100 documents, (c) with 3
runs, (d) with the PDFs twice over (10 files).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import shutil
import zipfile
from pathlib import Path

from proc_measure import bench_env, measure, median_of

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
REPORT_SOURCES = ("seed_report_lo.pdf", "seed_report_rl.pdf")
ONE_FILE = "01_jiceng-dangzuzhi-dangjian_lo.pdf"
SCAN_FILE = "seed_report_scan.pdf"
DENSE_SOURCES = ("01_jiceng-dangzuzhi-dangjian_lo.pdf", "05_laomo-fuwu-huodong-jingfei_rl.pdf",
                 "06_xuanchuan-hulianwang-zhuanxian_lo.pdf", "seed_report_lo.pdf", "seed_report_rl.pdf")
SMALL_DOCX = ("01_jiceng-dangzuzhi-dangjian.docx", "05_laomo-fuwu-huodong-jingfei.docx",
              "06_xuanchuan-hulianwang-zhuanxian.docx")


# ---------------------------------------------------------------- (a) page triage

def _table_pages(path: Path) -> tuple[list[int], list[int]]:
    """(prose pages, table pages), 0-based, by pdfplumber's table finder."""
    import pdfplumber
    prose, tables = [], []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            (tables if page.find_tables() else prose).append(i)
            page.close()
    return prose, tables


def build_report(dest: Path, pages: int = 100, table_every: int = 10) -> dict:
    """A `pages`-page PDF: prose pages of the dev reports, every `table_every`-th a table page."""
    import pypdfium2 as pdfium
    prose, tables = [], []
    for name in REPORT_SOURCES:
        src = DEV / name
        if src.exists():
            p, t = _table_pages(src)
            prose += [(src, i) for i in p]
            tables += [(src, i) for i in t]
    if not prose or not tables:
        raise SystemExit("bench: dev PDFs with prose and table pages not found under " + str(DEV))
    out = pdfium.PdfDocument.new()
    opened: dict[Path, object] = {}
    n_table = 0
    for k in range(pages):
        if (k + 1) % table_every == 0:
            src, i = tables[n_table % len(tables)]
            n_table += 1
        else:
            src, i = prose[(k - n_table) % len(prose)]
        if src not in opened:
            opened[src] = pdfium.PdfDocument(str(src))
        out.import_pages(opened[src], [i])
    out.save(str(dest))
    for doc in opened.values():
        doc.close()
    out.close()
    return {"pages": pages, "table_pages": n_table, "prose_sources": len(prose), "table_sources": len(tables)}


_TIMER = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
if mode == "ours":
    from jixiao.extract import extract_document
    import jixiao.extract.pdf_reader  # import cost outside the timing
    t, c = time.perf_counter(), time.process_time()
    raw = extract_document(path)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c
    found = len(raw.tables)
else:
    import pdfplumber
    t, c = time.perf_counter(), time.process_time()
    found = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            found += len(page.find_tables())
            page.close()
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c
def peak_rss_mb():
    # VmHWM is this process's own peak; ru_maxrss survives exec and can report the parent's.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"elapsed": elapsed, "cpu": cpu, "tables": found, "peak_rss_mb": peak_rss_mb()}))
"""


def time_reader(mode: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _TIMER, mode, str(path)], capture_output=True, text=True,
                          timeout=3600)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- (b) batch scaling

def make_variants(folder: Path, count: int) -> None:
    """`count` distinct DOCX files (archive comment differs) from the small dev reports."""
    folder.mkdir(parents=True, exist_ok=True)
    blobs = []
    for name in SMALL_DOCX:
        with zipfile.ZipFile(DEV / name) as zin:
            blobs.append([(info, zin.read(info.filename)) for info in zin.infolist()])
    for i in range(count):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
            for info, data in blobs[i % len(blobs)]:
                zout.writestr(info, data)
            zout.comment = f"bench variant {i}".encode()
        (folder / f"{i:05d}_{SMALL_DOCX[i % len(SMALL_DOCX)]}").write_bytes(buf.getvalue())


def run_scaling(n: int, workers: int, base: Path) -> dict:
    import psutil
    from jixiao.batch.runner import run_batch

    inputs, out = base / f"in_{n}", base / f"out_{n}"
    make_variants(inputs, n)
    driver = psutil.Process()
    rss_before = driver.memory_info().rss
    stamps: list[float] = []
    stats = run_batch([inputs], out, workers=workers, timeout=600, flush_every=50, flush_seconds=30,
                      on_result=lambda doc: stamps.append(time.monotonic()))
    # Steady state: first to last document, i.e. without the workers' start-up (imports, jieba).
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) * 60 if len(stamps) > 1 and stamps[-1] > stamps[0] else 0.0
    files = sum(1 for _ in out.rglob("part-*.parquet"))
    pool = stats.executor
    return {"docs": n, "processed": stats.processed, "failed": stats.status.get("failed", 0),
            "seconds": stats.elapsed_s, "docs_per_min": stats.processed / stats.elapsed_s * 60,
            "steady_docs_per_min": steady,
            "worker_peak_rss_mb": getattr(pool, "peak_rss", 0) / 2**20,
            "driver_rss_mb": driver.memory_info().rss / 2**20,
            "driver_rss_growth_mb": (driver.memory_info().rss - rss_before) / 2**20,
            "parquet_files": files}


# ---------------------------------------------------------------- (c), (d) issue #15

PLUMBER_SCRIPT = r"""
import sys, pdfplumber
tables = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables += len(page.extract_tables())
            page.close()
print(tables)
"""


def checkout_namespace(checkout: Path, dest: Path) -> Path:
    """Another checkout as an importable `jixiao` package (the layout pyproject maps: pipeline/
    is jixiao, the stage folders its subpackages), to put first on PYTHONPATH."""
    package = dest / "jixiao"
    shutil.copytree(checkout / "pipeline", package, ignore=shutil.ignore_patterns("__pycache__"))
    for stage in ("extract", "normalize", "validate"):
        shutil.copytree(checkout / stage, package / stage, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def dense_set(folder: Path, copies: int) -> list[Path]:
    """The dense dev PDFs `copies` times over; each copy ends in its own comment line, so every
    file has its own SHA-256 (the batch would skip byte-identical duplicates)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for k in range(copies):
        for name in DENSE_SOURCES:
            target = folder / f"{Path(name).stem}_copy{k}.pdf"
            target.write_bytes((DEV / name).read_bytes() + f"\n% bench copy {k}\n".encode())
            made.append(target)
    return made


def jixiao_variants(compare_with: Path | None, base: Path) -> list[tuple[str, dict]]:
    variants = [("jixiao", bench_env())]
    if compare_with is not None:
        ns = checkout_namespace(compare_with.resolve(), base / "compare_ns")
        variants.append((f"jixiao@{compare_with.name}", bench_env(str(ns))))
    return variants


def run_one_file(runs: int, variants, base: Path) -> dict:
    pdf = DEV / ONE_FILE
    out = base / "one_out"
    fresh = lambda: shutil.rmtree(out, ignore_errors=True)  # noqa: E731
    rows = {}
    for label, env in variants:
        cmd = [sys.executable, "-m", "jixiao", "run", str(pdf), "--out", str(out), "--quiet"]
        measure(cmd, env)  # untimed: writes the .pyc files a fresh checkout lacks
        rows[label] = median_of(cmd, runs, env, before=fresh)
        rows[f"{label} --help"] = median_of([sys.executable, "-m", "jixiao", "--help"], runs, env)
    rows["pdfplumber"] = median_of([sys.executable, "-c", PLUMBER_SCRIPT, str(pdf)], runs, bench_env())
    return {"file": ONE_FILE, "rows": rows}


def run_dense(copies: int, variants, base: Path) -> dict:
    folder = base / "dense"
    files = dense_set(folder, copies)
    pages = copies * 42
    rows = {"pdfplumber": measure([sys.executable, "-c", PLUMBER_SCRIPT, *map(str, files)], bench_env())}
    for label, env in variants:
        for workers in (1, 2):
            out = base / f"dense_out_{workers}"
            shutil.rmtree(out, ignore_errors=True)
            rows[f"{label} --workers {workers}"] = measure(
                [sys.executable, "-m", "jixiao", "run", str(folder), "--out", str(out), "--quiet",
                 "--workers", str(workers)], env)
    return {"files": len(files), "pages": pages, "rows": rows}


def run_ocr_memory(pages: int, base: Path) -> dict:
    import pypdfium2 as pdfium
    source = pdfium.PdfDocument(str(DEV / SCAN_FILE))
    part = pdfium.PdfDocument.new()
    part.import_pages(source, list(range(min(pages, len(source)))))
    pdf = base / "scan_part.pdf"
    part.save(str(pdf))
    rows = {}
    for label, value in (("default", None), ("JIXIAO_OCR_PAGES=2", "2")):
        env = bench_env()
        env.pop("JIXIAO_OCR_PAGES", None)
        if value:
            env["JIXIAO_OCR_PAGES"] = value
        out = base / "ocr_out"
        shutil.rmtree(out, ignore_errors=True)
        rows[label] = measure([sys.executable, "-m", "jixiao", "run", str(pdf), "--out", str(out), "--quiet",
                               "--workers", "1"], env)
    return {"file": SCAN_FILE, "pages": len(part), "rows": rows}


def print_ocr_memory(result: dict) -> None:
    print(f"\n(e) memory with OCR — `jixiao run SCAN --workers 1`, the first {result['pages']} pages of "
          f"{result['file']}, one run each")
    print(f"  {'setting':<24}{'wall s':>8}{'cpu s':>8}{'peak RSS MB':>13}")
    for label, r in result["rows"].items():
        failed = f"   FAILED: {r['stderr'].strip().splitlines()[-1:]}" if r.get("returncode") else ""
        print(f"  {label:<24}{r['wall']:>8.1f}{r['cpu']:>8.1f}{r['peak_rss_mb']:>13.0f}{failed}")
    peak = result["rows"]["default"]["peak_rss_mb"]
    print(f"  default: peak RSS {peak:.0f} MB ({'meets' if peak <= 600 else 'OVER'} the ≤ 600 MB per worker target)")


def _ratio(peer: dict, ours: dict, key: str) -> str:
    return f"{peer[key] / ours[key]:.2f}x" if ours.get(key) else "-"


def print_one_file(result: dict) -> None:
    rows = result["rows"]
    peer = rows["pdfplumber"]
    print(f"\n(c) one file — `jixiao run {result['file']} --out OUT` (1 page), median of "
          f"{peer['runs']} whole-process runs")
    print(f"  {'command':<28}{'wall s':>8}{'cpu s':>8}{'peak RSS MB':>13}   vs pdfplumber (wall, cpu)")
    for label, r in rows.items():
        versus = "" if label == "pdfplumber" or "--help" in label else (
            f"   {r['wall'] / peer['wall']:.1f}x, {r['cpu'] / peer['cpu']:.1f}x slower")
        failed = f"   FAILED: {r['error']}" if r.get("error") else ""
        print(f"  {label:<28}{r['wall']:>8.2f}{r['cpu']:>8.2f}{r['peak_rss_mb']:>13.0f}{versus}{failed}")
    ours = rows["jixiao"]
    verdict = "meets" if ours["wall"] <= 0.6 and ours["wall"] <= 3 * peer["wall"] else "MISSES"
    print(f"  target ≤ 0.6 s wall and ≤ 3x pdfplumber: {verdict} ({ours['wall']:.2f} s, "
          f"{ours['wall'] / peer['wall']:.1f}x wall, {ours['cpu'] / peer['cpu']:.1f}x cpu); "
          f"--help {rows['jixiao --help']['wall']:.2f} s (target ≤ 0.3 s)")


def print_dense(result: dict) -> None:
    rows = result["rows"]
    peer = rows["pdfplumber"]
    print(f"\n(d) table-dense — {result['files']} PDFs, {result['pages']} pages (dev PDFs with distinct "
          f"bytes), one run each")
    print(f"  {'command':<30}{'wall s':>8}{'cpu s':>8}{'peak RSS MB':>13}{'speed-up wall':>15}{'cpu':>8}")
    for label, r in rows.items():
        failed = f"   FAILED: {r['stderr'].strip().splitlines()[-1:]}" if r.get("returncode") else ""
        print(f"  {label:<30}{r['wall']:>8.1f}{r['cpu']:>8.1f}{r['peak_rss_mb']:>13.0f}"
              f"{_ratio(peer, r, 'wall'):>15}{_ratio(peer, r, 'cpu'):>8}{failed}")
    for workers, target in ((1, 2.0), (2, 3.5)):
        r = rows.get(f"jixiao --workers {workers}")
        if r:
            ratio = peer["wall"] / r["wall"]
            print(f"  --workers {workers}: {ratio:.2f}x pdfplumber wall ({'meets' if ratio >= target else 'BELOW'} "
                  f"the ≥{target:g}x target; cpu {peer['cpu'] / r['cpu']:.2f}x)")


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/pipeline.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="30 pages, 20 and 100 documents")
    parser.add_argument("--pages", type=int, default=None)
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="batch sizes (default 100 1000)")
    parser.add_argument("--workers", type=int, default=max(1, min(os.cpu_count() or 1, 8)))
    parser.add_argument("--long-pages", type=int, default=None,
                        help="pages of the long report read for peak RSS (default 500; --quick 150)")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-one", action="store_true", help="skip (c), one file")
    parser.add_argument("--skip-dense", action="store_true", help="skip (d), table-dense reports")
    parser.add_argument("--only-issue15", action="store_true", help="only (c), (d) and (e)")
    parser.add_argument("--runs", type=int, default=None, help="runs per command in (c) (default 5; --quick 3)")
    parser.add_argument("--copies", type=int, default=None, help="copies of the dense PDFs in (d) (default 8; --quick 2)")
    parser.add_argument("--skip-ocr", action="store_true", help="skip (e), memory with OCR")
    parser.add_argument("--compare-with", type=Path, default=None, metavar="CHECKOUT",
                        help="also run (c) and (d) with this checkout of the repository")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    pages = args.pages or (30 if args.quick else 100)
    sizes = args.sizes or ([20, 100] if args.quick else [100, 1000])
    if args.only_issue15:
        args.skip_pages = args.skip_batch = True
    report: dict = {"cpus": os.cpu_count(), "workers": args.workers}
    t_start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        base = Path(tmp)
        if not args.skip_pages:
            pdf = base / "synthetic_report.pdf"
            built = build_report(pdf, pages)
            ours, plumber = time_reader("ours", pdf), time_reader("pdfplumber", pdf)
            for entry in (ours, plumber):
                if "elapsed" in entry:
                    entry["pages_per_s"] = pages / entry["elapsed"]
            both = "elapsed" in ours and "elapsed" in plumber
            ratio = plumber["elapsed"] / ours["elapsed"] if both else None
            # CPU seconds as well: on a shared 2-core machine wall time mostly measures the neighbours.
            cpu_ratio = plumber["cpu"] / ours["cpu"] if both else None
            report["pages"] = {"report": built, "ours": ours, "pdfplumber_every_page": plumber,
                               "speedup": ratio, "speedup_cpu": cpu_ratio}
            print_pages(report["pages"])
            report["as_printed"] = [time_pair(DEV / name) for name in REPORT_SOURCES if (DEV / name).exists()]
            print_as_printed(report["as_printed"])
            long_pages = args.long_pages or (150 if args.quick else 500)
            long_pdf = base / "long_report.pdf"
            build_report(long_pdf, long_pages)
            report["long"] = {"pages": long_pages, "ours": time_reader("ours", long_pdf)}
            print_long(report["long"])
        if not (args.skip_one and args.skip_dense):
            variants = jixiao_variants(args.compare_with, base)
            if not args.skip_one:
                report["one_file"] = run_one_file(args.runs or (3 if args.quick else 5), variants, base)
                print_one_file(report["one_file"])
            if not args.skip_dense:
                report["dense"] = run_dense(args.copies or (2 if args.quick else 8), variants, base)
                print_dense(report["dense"])
        if not args.skip_ocr:
            report["ocr_memory"] = run_ocr_memory(3 if args.quick else 6, base)
            print_ocr_memory(report["ocr_memory"])
        if not args.skip_batch:
            runs = []
            for n in sizes:
                runs.append(run_scaling(n, args.workers, base))
                print(f"  batch of {n} done in {runs[-1]['seconds']:.1f} s", file=sys.stderr, flush=True)
            report["batch"] = runs
            print_batch(runs, args.workers)
    report["bench_seconds"] = time.monotonic() - t_start
    print(f"\nbench took {report['bench_seconds']:.0f} s on {report['cpus']} CPU(s); "
          f"driver peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def print_pages(p: dict) -> None:
    built, ours, plumber = p["report"], p["ours"], p["pdfplumber_every_page"]
    print(f"\n(a) page triage — synthetic report: {built['pages']} pages, {built['table_pages']} table pages")
    print(f"  {'reader':<34}{'seconds':>9}{'cpu s':>8}{'pages/s':>10}{'tables':>8}{'peak RSS MB':>13}")
    for name, e in (("jixiao read_pdf (whole report)", ours), ("pdfplumber find_tables every page", plumber)):
        if "error" in e:
            print(f"  {name:<34}  failed: {e['error']}")
        else:
            print(f"  {name:<34}{e['elapsed']:>9.1f}{e['cpu']:>8.1f}{e['pages_per_s']:>10.1f}{e['tables']:>8}"
                  f"{e['peak_rss_mb']:>13.0f}")
    if p["speedup"] is not None:
        verdict = "meets" if p["speedup_cpu"] >= 3 else "BELOW"
        print(f"  speed-up {p['speedup']:.1f}× wall, {p['speedup_cpu']:.1f}× CPU ({verdict} the ≥3× target, "
              "judged on CPU seconds)")


def time_pair(path: Path) -> dict:
    """Ours vs pdfplumber's table finder on one real report as printed (fonts shared across
    pages, most pages tables): how the reader does where triage has little to skip."""
    prose, tables = _table_pages(path)
    ours, plumber = time_reader("ours", path), time_reader("pdfplumber", path)
    ratio = plumber["cpu"] / ours["cpu"] if "cpu" in ours and "cpu" in plumber else None
    return {"name": path.name, "pages": len(prose) + len(tables), "table_pages": len(tables),
            "ours": ours, "pdfplumber_every_page": plumber, "speedup_cpu": ratio}


def print_as_printed(rows: list[dict]) -> None:
    if not rows:
        return
    print("  for reference, the dev reports as printed (table-dense: triage has little to skip)")
    for r in rows:
        if r["speedup_cpu"] is None:
            print(f"    {r['name']:<24} failed")
            continue
        print(f"    {r['name']:<24}{r['pages']:>4} pages, {r['table_pages']:>2} with tables: ours "
              f"{r['ours']['cpu']:.1f} cpu s, pdfplumber {r['pdfplumber_every_page']['cpu']:.1f} cpu s "
              f"({r['speedup_cpu']:.1f}×)")


def print_long(p: dict) -> None:
    e = p["ours"]
    if "error" in e:
        print(f"  long report, {p['pages']} pages: failed: {e['error']}")
        return
    verdict = "under" if e["peak_rss_mb"] < 1024 else "OVER"
    print(f"  long report, {p['pages']} pages: jixiao read_pdf {e['elapsed']:.1f} s, "
          f"{p['pages'] / e['elapsed']:.0f} pages/s, peak RSS {e['peak_rss_mb']:.0f} MB "
          f"({verdict} the 1 GB per-worker limit)")


def print_batch(runs: list[dict], workers: int) -> None:
    print(f"\n(b) batch scaling — small DOCX reports, local pool of {workers} worker(s)")
    print(f"  {'docs':>6}{'failed':>8}{'seconds':>9}{'docs/min':>10}{'steady':>8}{'worker peak RSS MB':>20}"
          f"{'driver RSS MB':>15}{'parquet files':>15}")
    for r in runs:
        print(f"  {r['docs']:>6}{r['failed']:>8}{r['seconds']:>9.1f}{r['docs_per_min']:>10.1f}{r['steady_docs_per_min']:>8.0f}"
              f"{r['worker_peak_rss_mb']:>20.0f}{r['driver_rss_mb']:>15.0f}{r['parquet_files']:>15}")
    if len(runs) >= 2:
        a, b = runs[0], runs[-1]
        rate = b["docs_per_min"] / a["docs_per_min"] if a["docs_per_min"] else float("nan")
        steady = (b["steady_docs_per_min"] / a["steady_docs_per_min"]) if a["steady_docs_per_min"] else float("nan")
        mem = (b["worker_peak_rss_mb"] / a["worker_peak_rss_mb"]) if a["worker_peak_rss_mb"] else float("nan")
        print(f"  docs/min ratio {b['docs']} vs {a['docs']}: {rate:.2f} overall (>1: start-up amortised), "
              f"{steady:.2f} steady-state (1.0 = cost linear in documents)")
        print(f"  worker peak RSS ratio: {mem:.2f} (≈1 = memory flat)")


if __name__ == "__main__":
    sys.exit(main())
