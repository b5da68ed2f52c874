"""review.xlsx: sorted Flags sheet with Chinese headers, per-table sheets, formula-safe text."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from jixiao import cli
from jixiao.cli.review import enrich_flags, load_tables
from jixiao.review.xlsx import write_review_xlsx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load_fixture_module():
    spec = importlib.util.spec_from_file_location("review_fixture", ROOT / "tests" / "fixtures" / "review_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fixture_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("review_out")
    facts = load_fixture_module().make_review_out(out)
    assert cli.main(["review", str(out)]) == 0
    return out, facts


@pytest.fixture(scope="module")
def workbook(fixture_out):
    out, _ = fixture_out
    return openpyxl.load_workbook(out / "review.xlsx")


def header(ws) -> list:
    return [c.value for c in ws[1]]


def column(ws, name: str) -> int:
    """Index of the column whose header (Chinese label / Parquet name) contains `name`."""
    for j, value in enumerate(header(ws)):
        if value is not None and name in str(value).split("\n"):
            return j
    raise KeyError(name)


def test_flags_sheet_first_sorted_and_chinese(workbook, fixture_out):
    _, facts = fixture_out
    assert workbook.sheetnames[0] == "Flags"
    ws = workbook["Flags"]
    head = header(ws)
    for label in ("严重程度", "文件", "项目名称", "规则", "说明", "印刷值", "重算值", "页码"):
        assert label in head
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == facts["n_flags"]
    sev = [r[head.index("severity")] for r in rows]
    order = {"error": 0, "warning": 1, "info": 2}
    assert sev == sorted(sev, key=order.get)
    assert [r[head.index("严重程度")] for r in rows][0] == "错误"
    # project name joined in from projects
    names = {r[head.index("项目名称")] for r in rows}
    assert "测试项目甲" in names
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["H"].width >= 40        # 说明 is wide
    # page number is a number, file name only (not the full path)
    pdf_row = next(r for r in rows if r[head.index("规则")] == "exec_rate_mismatch")
    assert pdf_row[head.index("页码")] == 1
    assert pdf_row[head.index("文件")] == "report.pdf"


def test_one_sheet_per_table_and_readme(workbook):
    for name in ("汇总", "documents", "projects", "funding", "indicators", "facts", "cells", "说明"):
        assert name in workbook.sheetnames
    projects = workbook["projects"]
    assert column(projects, "项目名称") == column(projects, "project_name")
    assert projects.freeze_panes == "A2"
    assert "extra_doc_column" in header(workbook["documents"])   # extra columns are kept


@pytest.mark.parametrize("sheet", ["funding", "projects", "documents", "facts", "indicators", "Flags"])
def test_no_formula_anywhere(workbook, sheet):
    for row in workbook[sheet].iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{sheet}!{cell.coordinate} became a formula: {cell.value!r}"


def test_formula_injection_is_text_and_numbers_stay_numbers(workbook, fixture_out):
    _, facts = fixture_out
    ws = workbook["funding"]
    head = header(ws)
    label, amount = column(ws, "label_raw"), column(ws, "budget_initial")
    rows = list(ws.iter_rows(min_row=2))
    labels = {r[label].value: r[label] for r in rows}
    for text in facts["injections"]:
        cell = labels[text]                      # stored exactly, not evaluated, not mangled
        assert cell.data_type == "s" and isinstance(cell.value, str)
        assert cell.value == text
        assert cell.quotePrefix, f"{text!r} lacks the quotePrefix text marker"
    negative = labels["-其他资金"]
    assert negative.data_type == "s"
    money = rows[[r[label].value for r in rows].index("-其他资金")][amount]
    assert money.value == -5.0 and money.data_type == "n"
    # the failed document's error text that looks like a DDE formula
    docs = workbook["documents"]
    errors = [row[column(docs, "error")].value for row in docs.iter_rows(min_row=2)]
    assert "=cmd|' /C calc'!A0" in errors


def test_cells_capped_with_note(tmp_path, fixture_out):
    out, _ = fixture_out
    tables = load_tables(out)
    flags = enrich_flags(tables)
    path = write_review_xlsx(tables, flags, tmp_path / "capped.xlsx", max_cells=5)
    wb = openpyxl.load_workbook(path)
    assert wb["cells"].max_row == 6
    notes = [c.value for c in wb["说明"]["A"] if c.value]
    assert any("cells" in n and "前 5 行" in n for n in notes)
    path = write_review_xlsx(tables, flags, tmp_path / "nocells.xlsx", max_cells=0)
    wb = openpyxl.load_workbook(path)
    assert "cells" not in wb.sheetnames


def test_missing_tables_and_columns(tmp_path):
    """Only a flags table with the bare minimum of columns: still a workbook."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    (tmp_path / "flags").mkdir()
    pq.write_table(pa.table({"rule": ["overspend"], "severity": ["warning"], "message": ["超支"]}),
                   tmp_path / "flags" / "part-0.parquet")
    assert cli.main(["review", str(tmp_path), "--no-html"]) == 0
    wb = openpyxl.load_workbook(tmp_path / "review.xlsx")
    rows = list(wb["Flags"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and "overspend" in rows[0]


def test_cli_rejects_missing_folder(tmp_path, capsys):
    assert cli.main(["review", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_gold_output(tmp_path):
    """The output a perfect run gives (shared bench): flags carry no stated/expected/bbox."""
    script = SHARED / "bench" / "gold_to_out.py"
    gold = SHARED / "corpus" / "dev" / "gold"
    if not script.is_file() or not gold.is_dir():
        pytest.fail(f"shared bench not found at {SHARED}")
    subprocess.run([sys.executable, str(script), str(gold), str(tmp_path)], check=True,
                   capture_output=True, cwd=ROOT)
    assert cli.main(["review", str(tmp_path), "--no-html"]) == 0
    wb = openpyxl.load_workbook(tmp_path / "review.xlsx")
    rows = list(wb["Flags"].iter_rows(min_row=2, values_only=True))
    head = header(wb["Flags"])
    assert len(rows) == len(load_tables(tmp_path)["flags"])
    assert all(r[head.index("项目名称")] for r in rows if r[head.index("project_id")])


def test_summary_counts(workbook, fixture_out):
    _, facts = fixture_out
    ws = workbook["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("规则", "错误", "警告", "提示")
    by_rule = {r[0]: r for r in rows[1:] if r and r[0]}
    assert by_rule["exec_rate_mismatch"][1] == 1
    totals = sum(r[4] for r in rows[1:] if r and r[0] and isinstance(r[4], int) and r[0] != "主管部门"
                 and rows.index(r) < [x[0] for x in rows].index("主管部门"))
    assert totals == facts["n_flags"]


from hypothesis import given, settings, strategies as st


@settings(max_examples=60, deadline=None)
@given(prefix=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "", "'", " ="]), body=st.text(max_size=40))
def test_any_text_round_trips_as_text(prefix, body):
    """Whatever a report prints comes back as the same string (bar XML-illegal control
    characters) and never as a formula."""
    import io
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from jixiao.review.xlsx import write_text, write_value
    text = prefix + body
    wb = Workbook()
    ws = wb.active
    write_text(ws["A1"], text)
    write_value(ws["B1"], -12.5)
    buffer = io.BytesIO()
    wb.save(buffer)
    loaded = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Sheet"]
    expected = ILLEGAL_CHARACTERS_RE.sub("", text)
    assert loaded["A1"].data_type != "f"
    assert (loaded["A1"].value or "") == expected
    if expected:
        assert loaded["A1"].data_type == "s" and isinstance(loaded["A1"].value, str)
    assert loaded["B1"].value == -12.5 and loaded["B1"].data_type == "n"


def test_parts_with_different_columns_and_a_broken_part(tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq
    folder = tmp_path / "flags"
    folder.mkdir()
    pq.write_table(pa.table({"rule": ["overspend"], "severity": ["warning"], "message": ["a"]}),
                   folder / "part-0.parquet")
    pq.write_table(pa.table({"rule": ["exec_rate_mismatch"], "severity": ["error"], "message": ["b"],
                             "page": pa.array([3], pa.int32())}), folder / "part-1.parquet")
    (folder / "part-2.parquet").write_bytes(b"PAR1 truncated")
    frame = load_tables(tmp_path)["flags"]
    assert sorted(frame["rule"]) == ["exec_rate_mismatch", "overspend"]
    assert "part-2.parquet" in capsys.readouterr().err
    assert cli.main(["review", str(tmp_path), "--no-html"]) == 0
