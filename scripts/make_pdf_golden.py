#!/usr/bin/env python3
"""(Re)write the golden grids of the dev PDFs for tests/test_extract_pdf_golden.py.

    .venv/bin/python scripts/make_pdf_golden.py [CORPUS_DIR]

Each tests/fixtures/pdf/golden/<stem>.json holds every logical table read_pdf returns: pages,
size, caption and its cells (row, col, spans, page, text). Regenerate only after checking the
new grids by eye against ../shared/seed/fengtai-2024-report.txt; the golden files are the
reviewed truth, not whatever the code printed last.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEV_PDFS = ("seed_report_lo.pdf", "seed_report_rl.pdf", "06_xuanchuan-hulianwang-zhuanxian_lo.pdf",
            "05_laomo-fuwu-huodong-jingfei_rl.pdf", "01_jiceng-dangzuzhi-dangjian_lo.pdf")
GOLDEN_DIR = ROOT / "tests" / "fixtures" / "pdf" / "golden"


def snapshot(path: Path) -> dict:
    from extract.pdf_reader import read_pdf
    return snapshot_doc(read_pdf(path), path.name)


def snapshot_doc(doc, name: str) -> dict:
    return {
        "file": name,
        "pages": doc.pages,
        "tables": [{
            "page_start": t.page_start, "page_end": t.page_end, "n_rows": t.n_rows, "n_cols": t.n_cols,
            "caption": t.caption,
            "cells": [[c.row, c.col, c.row_span, c.col_span, c.page, c.text] for c in t.cells],
        } for t in doc.tables],
    }


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus" / "dev"
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for name in DEV_PDFS:
        data = snapshot(corpus / name)
        out = GOLDEN_DIR / f"{Path(name).stem}.json"
        out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(out, len(data["tables"]), "tables")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
