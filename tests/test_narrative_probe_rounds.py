"""Rounds 7 and 8 of the held-out narrative probe (N42-N47, N48-N56) read end to end from their
DOCX renderings (python-docx, no LibreOffice): the gold headings with their levels, the stated
figures and exactly the narrative flags each expects, so the causes those rounds found stay fixed."""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

import make_narrative_probe as mnp  # noqa: E402
import narrative_probe as npb  # noqa: E402

NARRATIVE_RULES = {"narrative_overspend", "narrative_rate_mismatch", "grade_mismatch", "narrative_score_mismatch",
                   "loss_rate_mismatch", "narrative_table_mismatch", "narrative_unit_suspect",
                   "narrative_sum_mismatch"}


CASES = npb.NARRATIVES_7 + npb.NARRATIVES_8


def _n(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip("。")


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    from jixiao.extract import extract_document
    from jixiao.normalize import normalize_document
    from jixiao.validate import validate_document
    folder, cache = tmp_path_factory.mktemp("rounds"), {}

    def run(n: npb.Narrative):
        if n.stem not in cache:
            doc = normalize_document(extract_document(mnp.write_docx(n, folder / f"{n.stem}.docx")), "D")
            cache[n.stem] = doc, validate_document(doc)
        return cache[n.stem]
    return run


@pytest.mark.parametrize("n", CASES, ids=lambda n: n.stem[:3])
def test_headings_and_levels(read, n):
    doc, _ = read(n)
    assert [(s.level, _n(s.heading)) for s in doc.sections if s.heading] == \
        [(s["level"], _n(s["heading"])) for s in n.sections()]


@pytest.mark.parametrize("n", CASES, ids=lambda n: n.stem[:3])
def test_stated_figures(read, n):
    doc, _ = read(n)
    for want in n.facts:
        assert [f for f in doc.facts if f.kind == want["kind"]
                and (want.get("value") is None or (f.value is not None and abs(f.value - want["value"]) < 1e-6))
                and f.text_value == want.get("text_value", f.text_value)], want


@pytest.mark.parametrize("n", CASES, ids=lambda n: n.stem[:3])
def test_narrative_flags(read, n):
    doc, flags = read(n)
    assert {f.rule for f in flags if f.rule in NARRATIVE_RULES} == {e["rule"] for e in n.flags}
