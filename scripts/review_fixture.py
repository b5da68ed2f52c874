#!/usr/bin/env python3
"""Writes a small, fully synthetic output folder for the review tests:

    python scripts/review_fixture.py OUT

- OUT/src/report.pdf: a one-page PDF (reportlab, built-in CJK font) with a ruled 4x4 table
  whose cell boxes are known, so crops and outlines can be checked;
- Parquet tables in the contract layout (documents, projects, funding, indicators, cells,
  flags, facts) with the awkward cases a reviewer tool must survive: flags with and without
  bbox, a docx-like document without geometry, a document-level flag, a failed document,
  text starting with = + - @ tab CR, HTML in text, negative money, an extra column, and a
  missing optional column (flags.field). Nothing here comes from the dev corpus.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PAGE_W, PAGE_H = 595.0, 842.0                     # A4 in points
TABLE_X0, TABLE_TOP = 72.0, 200.0                # top-left origin
COL_W, ROW_H = 110.0, 30.0
GRID = [
    ["项目名称", "测试项目甲", "主管部门", "某某局"],
    ["年初预算数", "全年预算数", "全年执行数", "执行率"],
    ["100", "100", "95", "10"],
    ["分值", "10", "得分", "9"],
]
DOCX_DOC = "b" * 64
FAILED_DOC = "c" * 64
INJECTIONS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']


def cell_box(row: int, col: int) -> tuple[float, float, float, float]:
    x0 = TABLE_X0 + col * COL_W
    top = TABLE_TOP + row * ROW_H
    return x0, top, x0 + COL_W, top + ROW_H


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 16)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 120, "项目支出绩效自评表（测试）")
    c.setFont("STSong-Light", 11)
    for r, row in enumerate(GRID):
        for k, text in enumerate(row):
            x0, top, x1, bottom = cell_box(r, k)
            c.rect(x0, PAGE_H - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
            c.drawString(x0 + 6, PAGE_H - bottom + 10, text)
    c.showPage()
    c.save()


def write(out: Path, name: str, rows: list[dict], schema: dict[str, pa.DataType]) -> None:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    table = pa.Table.from_pylist([{k: r.get(k) for k in schema} for r in rows], schema=pa.schema(schema))
    pq.write_table(table, folder / "part-0.parquet")


S, F, I = pa.string(), pa.float64(), pa.int32()


def make_review_out(out: Path) -> dict:
    """Write the folder; returns facts the tests assert on."""
    out = Path(out)
    pdf = out / "src" / "report.pdf"
    make_pdf(pdf)
    PDF_DOC = hashlib.sha256(pdf.read_bytes()).hexdigest()   # the run's key: SHA-256 of the bytes
    documents = [
        {"doc_id": PDF_DOC, "source_path": str(pdf), "format": "pdf", "pages": 1, "status": "ok",
         "extra_doc_column": "x"},
        {"doc_id": DOCX_DOC, "source_path": str(out / "src" / "missing.docx"), "format": "docx",
         "pages": None, "status": "partial", "error": "归一化部分失败 <b>test</b>"},
        {"doc_id": FAILED_DOC, "source_path": "gone.pdf", "format": "pdf", "pages": None,
         "status": "failed", "error": "=cmd|' /C calc'!A0"},
    ]
    write(out, "documents", documents, {"doc_id": S, "source_path": S, "format": S, "pages": I,
                                        "status": S, "error": S, "extra_doc_column": S})
    projects = [
        {"project_id": f"{PDF_DOC}:0", "doc_id": PDF_DOC, "table_index": 0, "page_start": 1, "page_end": 1,
         "year": 2024, "project_name": "测试项目甲", "competent_dept": "某某局", "implementing_unit": "甲单位",
         "budget_initial": 100.0, "budget_adjusted": 100.0, "executed": 95.0, "exec_rate_stated": 10.0,
         "exec_rate_stated_raw": "10", "budget_weight": 10.0, "budget_score": 9.0,
         "total_weight_stated": 100.0, "total_score_stated": 90.0, "goal_planned": "=1+1", "goal_actual": "@完成"},
        {"project_id": f"{DOCX_DOC}:0", "doc_id": DOCX_DOC, "table_index": 0, "year": 2024,
         "project_name": "<script>alert('x')</script>乙项目", "competent_dept": "另一局", "implementing_unit": "乙单位",
         "budget_initial": 50.0, "budget_adjusted": 40.0, "executed": 60.0, "exec_rate_stated": 1.5,
         "exec_rate_stated_raw": "150%", "total_weight_stated": 100.0, "total_score_stated": 80.0},
    ]
    write(out, "projects", projects, {
        "project_id": S, "doc_id": S, "table_index": I, "page_start": I, "page_end": I, "year": I,
        "project_name": S, "competent_dept": S, "implementing_unit": S, "budget_initial": F,
        "budget_adjusted": F, "executed": F, "exec_rate_stated": F, "exec_rate_stated_raw": S,
        "budget_weight": F, "budget_score": F, "total_weight_stated": F, "total_score_stated": F,
        "goal_planned": S, "goal_actual": S})
    funding = [
        {"project_id": f"{PDF_DOC}:0", "source": "total", "label_raw": "年度资金总额",
         "budget_initial": 100.0, "budget_adjusted": 100.0, "executed": 95.0},
        {"project_id": f"{PDF_DOC}:0", "source": "other", "label_raw": "-其他资金",
         "budget_initial": -5.0, "budget_adjusted": None, "executed": -5.5},
    ] + [{"project_id": f"{DOCX_DOC}:0", "source": f"x{k}", "label_raw": text, "budget_initial": float(k)}
         for k, text in enumerate(INJECTIONS)]
    write(out, "funding", funding, {"project_id": S, "source": S, "label_raw": S, "budget_initial": F,
                                    "budget_adjusted": F, "executed": F})
    indicators = [{"project_id": f"{PDF_DOC}:0", "seq": 0, "level1": "产出指标", "level2": "数量指标",
                   "level3": "+次数", "target_raw": "≥12", "actual_raw": "12", "weight": 20.0, "score": 20.0}]
    write(out, "indicators", indicators, {"project_id": S, "seq": I, "level1": S, "level2": S, "level3": S,
                                          "target_raw": S, "actual_raw": S, "weight": F, "score": F,
                                          "deviation_note": S})
    cells = []
    for r, row in enumerate(GRID):
        for k, text in enumerate(row):
            x0, top, x1, bottom = cell_box(r, k)
            cells.append({"doc_id": PDF_DOC, "table_index": 0, "kind": "self_eval", "page": 1, "row": r,
                          "col": k, "row_span": 1, "col_span": 1, "text": text,
                          "x0": x0, "top": top, "x1": x1, "bottom": bottom})
            cells.append({"doc_id": DOCX_DOC, "table_index": 0, "kind": "self_eval", "row": r, "col": k,
                          "row_span": 1, "col_span": 1, "text": text if (r, k) != (2, 2) else "60"})
    write(out, "cells", cells, {"doc_id": S, "table_index": I, "kind": S, "page": I, "row": I, "col": I,
                                "row_span": I, "col_span": I, "text": S, "x0": F, "top": F, "x1": F, "bottom": F})
    bx = cell_box(2, 3)
    flags = [
        {"doc_id": DOCX_DOC, "project_id": f"{DOCX_DOC}:0", "rule": "overspend", "severity": "warning",
         "message": "全年执行数 60 超过全年预算数 40 <b>粗体</b>", "stated": "60", "expected": "≤40",
         "table_index": 0, "row": 2, "col": 2},
        {"doc_id": PDF_DOC, "project_id": f"{PDF_DOC}:0", "rule": "info_rule", "severity": "info",
         "message": "=1+1 提示信息", "stated": "-3", "expected": None, "page": 1},
        {"doc_id": PDF_DOC, "project_id": f"{PDF_DOC}:0", "rule": "exec_rate_mismatch", "severity": "error",
         "message": "执行率印为“10”，按 95/100 计算应为 95%", "stated": "10", "expected": "95%", "page": 1,
         "table_index": 0, "row": 2, "col": 3, "x0": bx[0], "top": bx[1], "x1": bx[2], "bottom": bx[3],
         "extra_flag_column": "extra"},
        {"doc_id": PDF_DOC, "project_id": f"{PDF_DOC}:0", "rule": "budget_score_mismatch", "severity": "error",
         "message": "预算执行得分 9 与执行率不符", "stated": "9", "expected": "9.5", "page": 1,
         "table_index": 0, "row": 3, "col": 3},
        {"doc_id": DOCX_DOC, "project_id": None, "rule": "narrative_overspend", "severity": "error",
         "message": "正文称支出 3000 万元，超过预算 800 万元", "stated": "3000", "expected": "800"},
    ]
    write(out, "flags", flags, {"doc_id": S, "project_id": S, "rule": S, "severity": S, "message": S,
                                "stated": S, "expected": S, "page": I, "table_index": I, "row": I,
                                "col": I, "x0": F, "top": F, "x1": F, "bottom": F, "extra_flag_column": S})
    facts = [{"doc_id": DOCX_DOC, "seq": 0, "kind": "executed", "value": 3000.0, "value_raw": "3000万元",
              "unit": "万元", "sentence": "-全年支出3000万元。"}]
    write(out, "facts", facts, {"doc_id": S, "seq": I, "kind": S, "value": F, "value_raw": S, "unit": S,
                                "sentence": S})
    return {"pdf": pdf, "pdf_doc": PDF_DOC, "n_flags": len(flags), "bbox_flag_box": bx, "injections": INJECTIONS,
            "severities": [f["severity"] for f in flags]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    make_review_out(args.out)
    print(f"wrote a synthetic review fixture under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
