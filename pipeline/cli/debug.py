"""`jixiao debug FILE --page N --out PNG`: the detected table grid drawn over a PDF page (or an
image scan's frame), with the
field each cell was mapped to and the column role of every header cell (an unplaced header and
its column in a warning colour)."""
from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a PDF report, or a scan as an image file (JPEG, PNG, TIFF...)")
    parser.add_argument("--page", type=int, required=True, help="1-based page number")
    parser.add_argument("--out", required=True, help="PNG to write")
    parser.add_argument("--password", default=None, help="password of an encrypted PDF")
    parser.add_argument("--scale", type=float, default=2.0, help="pixels per PDF point (default 2)")
    parser.add_argument("--no-fields", action="store_true",
                        help="do not run the normaliser for field names and column roles")


def main(args: argparse.Namespace) -> int:
    from jixiao.extract import sniff_format
    from jixiao.review.debug_image import render_debug
    from jixiao.extract.errors import ExtractError

    try:
        if sniff_format(args.file) not in ("pdf", "image"):
            print(f"jixiao debug: {args.file} is neither a PDF nor a scan as an image file", file=sys.stderr)
            return 2
        width, height = render_debug(args.file, args.page, args.out, password=args.password,
                                     scale=args.scale, fields=not args.no_fields)
    except (ExtractError, ValueError, OSError) as exc:
        print(f"jixiao debug: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: page {args.page}, {width}x{height} px")
    return 0
