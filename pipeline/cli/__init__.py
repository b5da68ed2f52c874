"""`jixiao VERB ...`: one obvious verb per job. Each verb lives in its own module
(pipeline/cmd_<verb>.py) exposing configure(parser) and main(args) -> exit code, so verbs
are added without touching each other."""
from __future__ import annotations

import argparse
import importlib
import sys

VERBS = {
    "run": ("jixiao.cli.run", "extract, normalise and check reports into a Parquet folder"),
    "flags": ("jixiao.cli.flags", "print the flagged discrepancies of an output folder"),
    "debug": ("jixiao.cli.debug", "draw the detected table grid over a PDF page (PNG)"),
    "review": ("jixiao.cli.review", "write review.xlsx and review.html for reviewers"),
    "rules": ("jixiao.cli.rules", "list the validation rules, tolerances and severities"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="项目支出绩效自评表 extraction and checks")
    sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb, (module_name, help_text) in VERBS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # verb not built yet
        module.configure(sub.add_parser(verb, help=help_text, description=help_text))
        sub.choices[verb].set_defaults(_main=module.main)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args._main(args) or 0


if __name__ == "__main__":
    sys.exit(main())
