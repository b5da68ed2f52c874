#!/usr/bin/env python3
"""Writes tests/fixtures/docx/golden/<stem>.json: what extract.docx_reader.read_docx gives for
each .docx of the dev corpus (table grids with merged-cell spans and captions, and the text
blocks with their styles), for tests/test_extract_docx_golden.py.

    python scripts/make_docx_golden.py [CORPUS_DIR]

Regenerate only after checking the difference by hand against ../shared/seed/fengtai-2024-report.txt.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.docx_reader import read_docx  # noqa: E402
from extract.model import TableRef  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
GOLDEN = ROOT / "tests" / "fixtures" / "docx" / "golden"


def snapshot(path: Path) -> dict:
    raw = read_docx(path)
    blocks = []
    for block in raw.blocks:
        if isinstance(block, TableRef):
            blocks.append({"table": block.index})
        elif block.text:
            blocks.append({"text": block.text, "style": block.style})
    return {
        "file": path.name,
        "format": raw.format,
        "pages": raw.pages,
        "blocks": blocks,
        "tables": [{
            "n_rows": t.n_rows, "n_cols": t.n_cols, "caption": t.caption,
            "spans": [[c.row, c.col, c.row_span, c.col_span] for c in t.cells
                      if c.row_span > 1 or c.col_span > 1],
            "grid": t.grid(),
        } for t in raw.tables],
    }


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path in sorted(corpus.glob("*.docx")):
        out = GOLDEN / f"{path.stem}.json"
        out.write_text(json.dumps(snapshot(path), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
