"""The narrative fixtures of tests/fixtures/make_narrative_fixtures.py end to end: every file (DOCX
and LibreOffice PDF, three typographies) gives its gold headings with their levels, the figures
its prose states, and exactly the narrative flags its gold expects."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "narratives"
GOLDS = sorted((FIXTURES / "gold").glob("*.json"))
NARRATIVE_RULES = {"narrative_overspend", "grade_mismatch", "narrative_score_mismatch", "loss_rate_mismatch",
                   "narrative_table_mismatch", "narrative_unit_suspect"}


def _n(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip("。")


@pytest.fixture(scope="module")
def runs():
    from jixiao.extract import extract_document
    from jixiao.normalize import normalize_document
    from jixiao.validate import validate_document
    cache = {}

    def run(gold_path: Path):
        if gold_path not in cache:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            doc = normalize_document(extract_document(FIXTURES / gold["file"]), "D")
            cache[gold_path] = gold, doc, validate_document(doc)
        return cache[gold_path]
    return run


def test_fixtures_exist():
    assert len(GOLDS) >= 16 and all((FIXTURES / json.loads(g.read_text())["file"]).exists() for g in GOLDS)


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_headings_and_levels(runs, gold_path):
    gold, doc, _ = runs(gold_path)
    assert [(s.level, _n(s.heading)) for s in doc.sections if s.heading] == \
        [(s["level"], _n(s["heading"])) for s in gold["sections"]]


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_stated_figures(runs, gold_path):
    gold, doc, _ = runs(gold_path)
    for want in gold["facts"]:
        found = [f for f in doc.facts if f.kind == want["kind"]
                 and (want.get("value") is None or (f.value is not None and abs(f.value - want["value"]) < 1e-6))
                 and f.text_value == want.get("text_value", f.text_value)
                 and f.unit_suspect == want.get("unit_suspect", False)]
        assert found, (want, [(f.kind, f.value, f.value_raw) for f in doc.facts])


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_narrative_flags(runs, gold_path):
    gold, doc, flags = runs(gold_path)
    mine = sorted((f.rule, f.project_id) for f in flags if f.rule in NARRATIVE_RULES)
    assert mine == sorted((e["rule"], "D:0") for e in gold["expected_flags"])
    for flag in flags:
        if flag.rule == "narrative_table_mismatch":      # both values, both places
            assert flag.stated == "执行率97%" and flag.expected == "91.9%"
            assert "1.执行率情况" in flag.message and "自评表" in flag.message and flag.row is not None
