"""read_pdf on the dev PDFs against reviewed golden grids (tests/fixtures/pdf/golden/).

The golden files were written by tests/fixtures/make_pdf_golden.py and checked by eye against
../shared/seed/fengtai-2024-report.txt and the corpus gold. Known: in seed_report_rl.pdf the
renderer clipped the word 资金 of the 项目资金（万元） label where a page break cuts it, so that
table shows 项目 / （万元） as two cells, which is what the page prints.
"""
from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
GOLDEN = ROOT / "tests" / "fixtures" / "pdf" / "golden"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from make_pdf_golden import DEV_PDFS, snapshot_doc  # noqa: E402

from jixiao.extract.model import TableRef  # noqa: E402
from jixiao.extract.pdf_reader import read_pdf  # noqa: E402


@functools.lru_cache(maxsize=None)
def _read(name: str):
    return read_pdf(CORPUS / name)


def _require_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.fail(f"dev corpus not found at {CORPUS}: CI must check out ../shared beside the repo")


@pytest.fixture(scope="module", params=DEV_PDFS)
def case(request):
    _require_corpus()
    name = request.param
    golden = json.loads((GOLDEN / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    return name, snapshot_doc(_read(name), name), golden


def test_tables_match_golden(case):
    name, got, golden = case
    assert got["pages"] == golden["pages"]
    assert len(got["tables"]) == len(golden["tables"]), name
    for i, (g, e) in enumerate(zip(got["tables"], golden["tables"])):
        where = f"{name} table {i}"
        assert (g["page_start"], g["page_end"]) == (e["page_start"], e["page_end"]), where
        assert (g["n_rows"], g["n_cols"]) == (e["n_rows"], e["n_cols"]), where
        assert g["caption"] == e["caption"], where
        assert g["cells"] == e["cells"], where


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_gold_indicator_rows_intact():
    """Every gold indicator row of every dev PDF sits in one table row, one value per cell."""
    _require_corpus()
    for name in DEV_PDFS:
        gold = json.loads((CORPUS / "gold" / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
        rows = [[_norm(c) for c in row] for t in _read(name).tables for row in t.grid()]
        for project in gold["projects"]:
            for ind in project["indicators"]:
                want = [_norm(ind["level3"]), _norm(ind["target_raw"]), _norm(ind["actual_raw"])]
                assert any(any(row[k:k + 3] == want for k in range(len(row))) for row in rows), (name, want)


def test_seed_lo_text_blocks_and_markers():
    _require_corpus()
    doc = _read("seed_report_lo.pdf")
    assert doc.pages == 22 and len(doc.page_sizes) == 22
    refs = [b for b in doc.blocks if isinstance(b, TableRef)]
    assert [r.index for r in refs] == list(range(len(doc.tables)))
    texts = [b.text for b in doc.text_blocks()]
    # Running page numbers (— 13 —) are gone; headings are their own blocks.
    assert not any(re.fullmatch(r"[—\-\s]*\d+[—\-\s]*", t) for t in texts)
    assert "一、部门概况" in texts
    # Table text is not repeated as narrative.
    assert not any("年初预算数" in t for t in texts)
    # Wrapped body lines are joined into paragraphs.
    assert any(t.startswith("根据党的基本理论") and t.endswith("进一步突出和履行维护职能。") for t in texts)
    # Split row (page 16 -> 17) merged back into one row.
    table = next(t for t in doc.tables if t.page_start == 16)
    assert table.page_end == 17
    assert any(_norm(c.text) == "依法维护职工权益、促进劳动关系和谐稳定、促进社会稳定" for c in table.cells)
    assert {c.page for c in table.cells} == {16, 17}


def test_triage_sends_only_ruled_pages_to_geometry():
    _require_corpus()
    from jixiao.extract.triage import triage
    infos = triage(CORPUS / "seed_report_lo.pdf")
    candidates = {i.page for i in infos if i.table_candidate}
    table_pages = {c.page for t in _read("seed_report_lo.pdf").tables for c in t.cells}
    assert table_pages <= candidates
    assert {1, 2, 3, 4, 5, 6, 10, 11, 12}.isdisjoint(candidates)  # narrative pages: text path only
    assert not any(i.image_only for i in infos)
    assert all(i.image_only for i in triage(CORPUS / "seed_report_scan.pdf"))
