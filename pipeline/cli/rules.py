"""`jixiao rules [--config FILE] [--template NAME] [--markdown|--json]`: the validation rule
catalog (id, severity, what it recomputes, tolerance, an example message)."""
from __future__ import annotations

import argparse
import json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="TOML file overriding validate/defaults.toml")
    parser.add_argument("--template", metavar="NAME", help="apply the [templates.NAME] overrides")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--markdown", action="store_true", help="print a Markdown table (docs/RULES.md)")
    fmt.add_argument("--json", action="store_true", help="print JSON")


def main(args: argparse.Namespace) -> int:
    from jixiao.validate.catalog import catalog, render_markdown, render_text
    from jixiao.validate.config import load_config

    try:
        config = load_config(args.config, template=args.template)
    except (OSError, KeyError, ValueError) as exc:
        print(f"jixiao rules: {exc}")
        return 2
    if args.markdown:
        print(render_markdown(config))
    elif args.json:
        print(json.dumps(catalog(config), ensure_ascii=False, indent=1))
    else:
        print(render_text(config))
    return 0
