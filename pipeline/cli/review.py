"""`jixiao review OUT`: write OUT/review.xlsx and OUT/review.html for reviewers (the tables
are loaded and the flags joined by review/tables.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="output folder written by `jixiao run`")
    parser.add_argument("--xlsx", type=Path, default=None, help="where to write (default OUT/review.xlsx)")
    parser.add_argument("--html", type=Path, default=None, help="where to write (default OUT/review.html)")
    parser.add_argument("--no-xlsx", action="store_true", help="do not write the workbook")
    parser.add_argument("--no-html", action="store_true", help="do not write the HTML page")
    parser.add_argument("--no-images", action="store_true", help="HTML without page pictures (smaller, faster)")
    parser.add_argument("--dpi", type=int, default=120, help="page render resolution (default 120)")
    parser.add_argument("--max-images", type=int, default=400,
                        help="page pictures for at most this many flags, most severe first (default 400)")
    parser.add_argument("--max-cells", type=int, default=20000,
                        help="rows of the cells table copied into the workbook (default 20000; 0 = skip)")
    parser.add_argument("--source-root", type=Path, action="append", default=[],
                        help="folder to look for documents whose source_path does not resolve (repeatable)")


def main(args: argparse.Namespace) -> int:
    from ..review.tables import enrich_flags, load_tables, severity_rank  # pandas: only when run

    out: Path = args.out
    if not out.is_dir():
        print(f"jixiao review: {out} is not a folder (expected the output of `jixiao run`)", file=sys.stderr)
        return 2
    tables = load_tables(out)
    if all(frame.empty and not len(frame.columns) for frame in tables.values()):
        print(f"jixiao review: no tables found under {out}", file=sys.stderr)
        return 2
    flags = enrich_flags(tables)
    written = []
    if not args.no_xlsx:
        from ..review.xlsx import write_review_xlsx
        path = args.xlsx or out / "review.xlsx"
        write_review_xlsx(tables, flags, path, max_cells=args.max_cells)
        written.append(path)
    if not args.no_html:
        from ..review.html import write_review_html
        path = args.html or out / "review.html"
        search_dirs = [*args.source_root, out, out.parent, Path.cwd()]
        write_review_html(tables, flags, path, images=not args.no_images, dpi=args.dpi,
                          search_dirs=search_dirs, title_hint=str(out), max_images=args.max_images)
        written.append(path)
    counts = flags["severity"].value_counts().to_dict() if len(flags) else {}
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: severity_rank(kv[0])))
    print(f"{len(flags)} flags ({summary or 'none'}); wrote " + ", ".join(str(p) for p in written))
    return 0




def __getattr__(name: str):
    """review.tables' helpers, importable from here as before, loaded (with pandas) on use."""
    if name in ("enrich_flags", "load_tables", "severity_rank"):
        from ..review import tables
        return getattr(tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
