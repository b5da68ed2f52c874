"""build_sections on the seed report's PDF renderings, read by the real PDF extractor:
heading F1 against the corpus gold (the scorer's measure) and text joined across lines."""
from __future__ import annotations

from collections import Counter

import pytest

from jixiao.normalize.sections import build_sections

from test_sections_build import CORPUS, _gold, _n


def _f1(sections, gold) -> float:
    g = Counter(_n(s["heading"]) for s in gold)
    o = Counter(_n(s.heading) for s in sections if s.heading)
    tp = sum((g & o).values())
    return 2 * tp / (sum(g.values()) + sum(o.values()))


@pytest.mark.parametrize("stem", ["seed_report_lo", "seed_report_rl"])
def test_seed_pdf_heading_f1(stem):
    """Text-layer PDFs: heading F1 >= 0.95, levels as in the gold."""
    from jixiao.extract import extract_document
    raw = extract_document(CORPUS / f"{stem}.pdf")
    sections = build_sections(raw.blocks, raw.tables)
    assert _f1(sections, _gold(stem)) >= 0.95
    text = {s.heading: s for s in sections}
    # a number broken over two lines is joined without a space
    assert "2.84 分" in text["1、项目立项分析"].text
    assert text["项目资金情况"].page is not None
    levels = {_n(s.heading): s.level for s in sections}
    assert sum(levels.get(_n(g["heading"])) == g["level"] for g in _gold(stem)) >= 0.95 * len(_gold(stem))
