"""A Word report whose 自评表 are Excel worksheets embedded as objects (.xlsx packages and BIFF8
OLE objects, tests/fixtures/make_format_fixtures.write_docx_objects): the tables are read from
the embedded workbooks, equal to the DOCX's own tables, and raise the same flags."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import jixiao
from jixiao.extract import extract_document
from jixiao.extract.docx_embedded import workbook_tables
from jixiao.extract.errors import ExtractError

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_format_fixtures as fx  # noqa: E402

CORPORA = (SHARED / "corpus" / "real", SHARED / "corpus" / "dev")
# tables with budget, indicator and score flags, each embedded as an .xlsx package and as a BIFF8 object
STEMS = ("B-hubei-ezhou-shiminzhongxin", "01_jiceng-dangzuzhi-dangjian")


def _cells(table):
    return [(c.row, c.col, c.row_span, c.col_span, c.text) for c in table.cells if c.text]


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
@pytest.mark.parametrize("stem", STEMS)
def test_embedded_worksheets_read_as_the_docx_tables(tmp_path, stem, kind):
    source = fx.sources(CORPORA, only=stem)[0]
    path = fx.write_docx_objects(source, tmp_path / f"{stem}_objects.docx", kinds=(kind,))
    got = extract_document(path)
    want = extract_document(source.docx)
    assert got.format == "docx" and got.warnings == []
    assert len(got.tables) == len(want.tables) >= 1
    for a, b in zip(want.tables, got.tables):
        assert (b.n_rows, b.n_cols) == (a.n_rows, a.n_cols)
        assert _cells(b) == _cells(a)
        assert b.caption == [line for line in a.caption if line.strip()]
    # the same projects and flags as the DOCX
    doc, ref = jixiao.read(path), jixiao.read(source.docx)
    assert list(doc.projects.project_name) == list(ref.projects.project_name)
    assert sorted(doc.flags.rule) == sorted(ref.flags.rule) and len(ref.flags) > 0


def test_an_embedded_object_that_is_no_workbook_is_a_warning_not_a_failure():
    with pytest.raises(ExtractError, match="not a workbook"):
        workbook_tables(b"\x00\x01 not a workbook")
