"""The seven 自评表 of the dev seed report, read straight from its .docx (merged cells as
Word stores them: gridSpan / vMerge), checked against the document gold. Also provides
`docx_tables(path)` for other tests of this area."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.extract.model import Cell, Table

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_DOCX = SHARED / "corpus" / "dev" / "seed_report.docx"
SEED_GOLD = SHARED / "corpus" / "dev" / "gold" / "seed_report.json"


def docx_tables(path: Path) -> list[Table]:
    """Tables of a .docx as extract.model.Table, with merged cells and the caption lines
    (up to three non-empty paragraphs just above each table)."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    body = document.element.body
    tables, recent = [], []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                recent = (recent + [text])[-3:]
        elif child.tag == qn("w:tbl"):
            cells: list[Cell] = []
            open_cells: dict[int, Cell] = {}
            n_cols = 0
            rows = child.findall(qn("w:tr"))
            for r, tr in enumerate(rows):
                col = 0
                trpr = tr.find(qn("w:trPr"))
                if trpr is not None and trpr.find(qn("w:gridBefore")) is not None:
                    col += int(trpr.find(qn("w:gridBefore")).get(qn("w:val")))
                for tc in tr.findall(qn("w:tc")):
                    tcpr = tc.find(qn("w:tcPr"))
                    span, vmerge = 1, None
                    if tcpr is not None:
                        gs = tcpr.find(qn("w:gridSpan"))
                        if gs is not None:
                            span = int(gs.get(qn("w:val")))
                        vm = tcpr.find(qn("w:vMerge"))
                        if vm is not None:
                            vmerge = vm.get(qn("w:val")) or "continue"
                    paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.findall(qn("w:p"))]
                    text = "\n".join(p for p in paras)
                    text = text.strip("\n")
                    if vmerge == "continue" and col in open_cells:
                        open_cells[col].row_span = r - open_cells[col].row + 1
                    else:
                        cell = Cell(row=r, col=col, text=text, col_span=span)
                        cells.append(cell)
                        if vmerge == "restart":
                            open_cells[col] = cell
                        else:
                            open_cells.pop(col, None)
                    col += span
                n_cols = max(n_cols, col)
            tables.append(Table(cells=cells, n_rows=len(rows), n_cols=n_cols, caption=list(recent)))
            recent = []
    return tables


@pytest.fixture(scope="module")
def seed_tables():
    if not SEED_DOCX.exists():
        pytest.skip("dev corpus not present")
    return docx_tables(SEED_DOCX)


def _norm(value):
    import re
    import unicodedata
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return round(float(value), 6)
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"\s+", "", text).replace("—", "-").rstrip("。")
    return text or None


PROJECT_FIELDS = ("year", "project_name", "competent_dept", "implementing_unit", "project_lead", "contact_phone",
                  "budget_initial", "budget_adjusted", "executed", "exec_rate_stated_raw", "budget_weight",
                  "budget_score", "total_weight_stated", "total_score_stated", "goal_planned", "goal_actual")
FUNDING_FIELDS = ("label_raw", "budget_initial", "budget_adjusted", "executed", "exec_rate_raw", "weight_raw",
                  "score_raw")
INDICATOR_FIELDS = ("level1", "level2", "level3", "target_raw", "actual_raw", "weight", "score", "deviation_note")
DOCX_GOLD = ["seed_report", "01_jiceng-dangzuzhi-dangjian", "05_laomo-fuwu-huodong-jingfei",
             "06_xuanchuan-hulianwang-zhuanxian"]


@pytest.mark.parametrize("stem", DOCX_GOLD)
def test_docx_tables_match_gold(stem):
    from jixiao.normalize.classify import classify_table
    from jixiao.normalize.self_eval import normalize_self_eval

    path = SHARED / "corpus" / "dev" / f"{stem}.docx"
    if not path.exists():
        pytest.skip("dev corpus not present")
    gold = json.loads((SHARED / "corpus" / "dev" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    tables = [t for t in docx_tables(path) if classify_table(t) == "self_eval"]
    assert len(tables) == len(gold["projects"])
    diffs = []
    for i, (table, want) in enumerate(zip(tables, gold["projects"])):
        got = normalize_self_eval(table, i)
        diffs += [(i, f) for f in PROJECT_FIELDS if _norm(getattr(got, f)) != _norm(want[f])]
        assert [f.source for f in got.funding] == [f["source"] for f in want["funding"]]
        for line, want_line in zip(got.funding, want["funding"]):
            diffs += [(i, line.source, f) for f in FUNDING_FIELDS if _norm(getattr(line, f)) != _norm(want_line[f])]
        assert len(got.indicators) == len(want["indicators"])
        for ind, want_ind in zip(got.indicators, want["indicators"]):
            diffs += [(i, ind.seq, f) for f in INDICATOR_FIELDS if _norm(getattr(ind, f)) != _norm(want_ind[f])]
        assert got.unmapped_columns == []
    assert diffs == []


@pytest.mark.parametrize("stem", DOCX_GOLD)
def test_docx_errors_equal_gold_expected_flags(stem):
    """The error flags on the dev documents are exactly the gold's expected table flags."""
    from jixiao.normalize.classify import classify_table
    from jixiao.normalize.self_eval import normalize_self_eval
    from jixiao.validate.config import load_config
    from jixiao.validate.project_rules import check_project

    path = SHARED / "corpus" / "dev" / f"{stem}.docx"
    if not path.exists():
        pytest.skip("dev corpus not present")
    gold = json.loads((SHARED / "corpus" / "dev" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    config = load_config()
    got = set()
    for i, table in enumerate(t for t in docx_tables(path) if classify_table(t) == "self_eval"):
        project = normalize_self_eval(table, i)
        got |= {(_norm(project.project_name), f.rule) for f in check_project(project, f"x:{i}", config)
                if f.severity == "error"}
    want = {(_norm(f["project_name"]), f["rule"]) for f in gold["expected_flags"] if f.get("project_name")}
    assert got == want
