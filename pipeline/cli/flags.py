"""`jixiao flags OUT [--severity S] [--rule R]`: the flagged discrepancies as a terminal table."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help="output folder of a `jixiao run`")
    parser.add_argument("--severity", action="append", choices=("error", "warning", "info"),
                        help="only this severity (repeatable)")
    parser.add_argument("--rule", action="append", help="only this rule id (repeatable)")
    parser.add_argument("--file", help="only documents whose file name contains this text")
    parser.add_argument("--limit", type=int, default=0, help="show at most this many flags")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of a table")


def _fail(message: str) -> int:
    print(f"jixiao flags: {message}", file=sys.stderr)
    return 2


def load_flags(out: str | Path):
    """flags joined with the project name and source file; only committed documents."""
    import pandas as pd

    out = Path(out)
    flags = pd.read_parquet(out / "flags")
    documents = pd.read_parquet(out / "documents", columns=["doc_id", "source_path"])
    projects = pd.read_parquet(out / "projects", columns=["project_id", "project_name"])
    flags = flags[flags["doc_id"].isin(documents["doc_id"])]  # rows of a half-committed batch
    flags = flags.merge(documents.drop_duplicates("doc_id"), on="doc_id", how="left")
    flags = flags.merge(projects.drop_duplicates("project_id"), on="project_id", how="left")
    flags["_order"] = flags["severity"].map(SEVERITY_ORDER).fillna(9)
    flags = flags.sort_values(["_order", "source_path", "project_id", "rule", "page"],
                              kind="stable", na_position="last")
    return flags.drop(columns="_order").reset_index(drop=True)


def _text(value, width: int | None = None) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if width and len(text) > width:
        text = text[:width - 1] + "…"
    return text


def main(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not (out / "flags").is_dir() or not (out / "documents").is_dir():
        return _fail(f"{out} is not the output folder of a jixiao run (no flags/ and documents/ tables)")
    try:
        flags = load_flags(out)
    except Exception as exc:  # noqa: BLE001 - damaged dataset: say so without a traceback
        return _fail(f"cannot read {out}: {type(exc).__name__}: {exc}")
    total = len(flags)
    if args.severity:
        flags = flags[flags["severity"].str.lower().isin(args.severity)]
    if args.rule:
        flags = flags[flags["rule"].isin(args.rule)]
    if args.file:
        flags = flags[flags["source_path"].fillna("").map(os.path.basename).str.contains(args.file, regex=False)]
    shown = flags.head(args.limit) if args.limit and args.limit > 0 else flags
    if args.csv:
        columns = ["severity", "source_path", "project_name", "rule", "stated", "expected", "page", "message"]
        shown[columns].to_csv(sys.stdout, index=False)
        return 0

    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 200)
    table = Table(title=f"flags in {out}", show_lines=False, expand=False)
    for name, opts in (("severity", {}), ("file", {"max_width": 28}), ("project", {"max_width": 26}),
                       ("rule", {}), ("stated", {"max_width": 18}), ("expected", {"max_width": 18}),
                       ("page", {"justify": "right"}), ("message", {"max_width": 60})):
        table.add_column(name, overflow="fold", **opts)
    for row in shown.to_dict("records"):
        severity = _text(row.get("severity")).lower()
        table.add_row(f"[{STYLE.get(severity, '')}]{severity}[/]" if severity in STYLE else severity,
                      _text(os.path.basename(_text(row.get("source_path")))),
                      _text(row.get("project_name")) or ("(document)" if not _text(row.get("project_id")) else ""),
                      _text(row.get("rule")), _text(row.get("stated")), _text(row.get("expected")),
                      _text(row.get("page")), _text(row.get("message")))
    console.print(table)
    by_sev = flags["severity"].str.lower().value_counts().to_dict() if len(flags) else {}
    console.print(f"{len(shown)} shown of {len(flags)} matching ({total} in total): "
                  + ", ".join(f"{k} {by_sev.get(k, 0)}" for k in SEVERITY_ORDER))
    return 0
