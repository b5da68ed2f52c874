"""The corpus tables published as .xlsx, .xls, .html and .ofd (tests/fixtures/make_format_fixtures.py)
read to the same tables, fields and flags as their DOCX / PDF renderings, in one mixed batch
whose summary counts every format, and the review page points at a spreadsheet cell by sheet
and A1 reference and shows an HTML flag's neighbouring rows."""
from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from jixiao.extract import extract_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL, DEV = SHARED / "corpus" / "real", SHARED / "corpus" / "dev"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_format_fixtures as fx  # noqa: E402

# Small documents with flags of several rules: exec_rate_mismatch, budget_score_mismatch,
# missing_field, weight_sum / score_sum_mismatch.
STEMS = ("01_jiceng-dangzuzhi-dangjian", "B-hubei-ezhou-shiminzhongxin", "C-shanghai-putuo-tiyujiesuan")
CORPORA = (REAL, DEV)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    for stem in STEMS:
        fx.make(out, CORPORA, only=stem)
    return out


def cells_of(table):
    return [(c.row, c.col, c.row_span, c.col_span, c.text) for c in table.cells if c.text]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "html"])
@pytest.mark.parametrize("stem", STEMS)
def test_tables_equal_the_docx_tables(made, stem, fmt):
    docx = next(p for c in CORPORA for p in [c / f"{stem}.docx"] if p.exists())
    a, b = extract_document(docx), extract_document(made / f"{stem}.{fmt}")
    assert len(b.tables) == len(a.tables)
    for ta, tb in zip(a.tables, b.tables):
        assert (tb.n_rows, tb.n_cols) == (ta.n_rows, ta.n_cols)
        assert cells_of(tb) == cells_of(ta)


def test_number_formats_and_provenance_in_the_workbook(made):
    from openpyxl import load_workbook

    ws = load_workbook(made / "B-hubei-ezhou-shiminzhongxin.xlsx").worksheets[0]
    rates = [c for row in ws.iter_rows() for c in row if c.number_format.endswith("%")]
    assert rates and all(isinstance(c.value, (int, float)) and c.value <= 10 for c in rates)  # fractions
    assert ws.merged_cells.ranges                                          # merges as in the DOCX
    table = extract_document(made / "B-hubei-ezhou-shiminzhongxin.xlsx").tables[0]
    assert all(c.sheet == ws.title and c.ref for c in table.cells)
    assert "83.5%" in [c.text for c in table.cells]


@pytest.fixture(scope="module")
def batch(made, tmp_path_factory):
    """One run over the generated files, the corpus PDFs and DOCX of the same documents."""
    folder = tmp_path_factory.mktemp("mixed")
    for path in made.iterdir():
        if path.is_file():
            (folder / path.name).symlink_to(path)
    for stem in STEMS:
        for corpus in CORPORA:
            for source in (corpus / f"{stem}.docx", corpus / f"{stem}_lo.pdf"):
                if source.exists():
                    (folder / source.name).symlink_to(source)
    out = tmp_path_factory.mktemp("out")
    done = subprocess.run([sys.executable, "-m", "jixiao", "run", str(folder), "--out", str(out), "--workers", "1"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return {"out": out, "stdout": done.stdout, "folder": folder}


def test_summary_and_documents_count_every_format(batch):
    docs = pd.read_parquet(batch["out"] / "documents")
    counts = Counter(docs["format"])
    assert counts == {"pdf": 3, "docx": 3, "xlsx": 3, "xls": 3, "html": 3, "ofd": 3}
    assert (docs["status"] == "ok").all()
    line = next(l for l in batch["stdout"].splitlines() if l.strip().startswith("formats"))
    for fmt, n in counts.items():
        assert f"{fmt} {n}" in line


def flag_set(out: Path) -> dict[str, set]:
    docs = pd.read_parquet(out / "documents")
    flags = pd.read_parquet(out / "flags")
    projects = pd.read_parquet(out / "projects")
    name = dict(zip(projects.project_id, projects.project_name))
    out_sets: dict[str, set] = {}
    for doc_id, source in zip(docs.doc_id, docs.source_path):
        mine = flags[flags.doc_id == doc_id]
        out_sets[Path(source).name] = {(name.get(p), r, s, str(st)) for p, r, s, st in
                                       zip(mine.project_id, mine.rule, mine.severity, mine.stated)}
    return out_sets


def test_same_flags_as_the_pdf_and_docx_renderings(batch):
    flags = flag_set(batch["out"])
    assert sum(len(flags[f"{stem}_lo.pdf"]) for stem in STEMS) >= 5
    for stem in STEMS:
        pdf = flags[f"{stem}_lo.pdf"]
        for fmt in ("xlsx", "xls", "html", "ofd", "docx"):
            assert flags[f"{stem}.{fmt}"] == pdf, (stem, fmt)


def test_scores_of_each_format_equal_the_source_rendering(batch, made, tmp_path):
    """score.py over the gold copies: each format scores as the rendering it was made from."""
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in (made / "gold").glob("*.json"):
        (gold / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for stem in STEMS:
        corpus = REAL if (REAL / f"{stem}.docx").exists() else DEV
        for suffix in ("", "_lo"):
            (gold / f"{stem}{suffix}.json").write_text(
                (corpus / "gold" / f"{stem}{suffix}.json").read_text(encoding="utf-8"), encoding="utf-8")
    sys.path.insert(0, str(SHARED / "bench"))
    import score

    report = score.score_dirs(batch["out"], gold)
    f1 = report["summary"]["by_format"]
    assert report["summary"]["docs_missing"] == 0
    for fmt in ("xlsx", "xls", "html"):
        assert f1[fmt] == pytest.approx(f1["docx"]), fmt
    assert f1["ofd"] == pytest.approx(f1["pdf"])
    assert min(f1.values()) >= 0.99


def test_review_points_at_the_sheet_cell_and_html_rows(batch):
    out = batch["out"]
    done = subprocess.run([sys.executable, "-m", "jixiao", "review", str(out), "--no-images", "--no-xlsx"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (out / "review.html").read_text(encoding="utf-8")
    cards = page.split("<article")[1:]
    xlsx = [c for c in cards if "B-hubei-ezhou-shiminzhongxin.xlsx" in c and "budget_score_mismatch" in c]
    assert xlsx and "工作表「" in xlsx[0] and '<table class="ctx">' in xlsx[0]
    html_cards = [c for c in cards if "01_jiceng-dangzuzhi-dangjian.html" in c and "exec_rate_mismatch" in c]
    assert html_cards and '<table class="ctx">' in html_cards[0] and 'class="hit"' in html_cards[0]


def test_review_workbook_names_the_sheet_and_cell_of_a_spreadsheet_flag(batch, tmp_path):
    import openpyxl

    target = tmp_path / "review.xlsx"
    done = subprocess.run([sys.executable, "-m", "jixiao", "review", str(batch["out"]), "--no-html", "--xlsx", str(target)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = list(openpyxl.load_workbook(target, read_only=True)["Flags"].iter_rows(values_only=True))
    flags = [dict(zip(rows[0], r)) for r in rows[1:]]
    sheet_flags = [f for f in flags if f["格式"] in ("xlsx", "xls") and f["行(从0起)"] is not None]
    assert sheet_flags and all(f["工作表"] and re.fullmatch(r"[A-Z]+\d+(:[A-Z]+\d+)?", f["单元格"]) for f in sheet_flags)
    assert all(f["工作表"] is None for f in flags if f["格式"] in ("pdf", "docx", "html"))
