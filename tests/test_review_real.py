"""`jixiao review` on the output of a real `jixiao run` (one dev-corpus report as PDF and DOCX):
the review reads the writer's real schema, every flag becomes a row and a card, and a flag
with a cell box on a PDF gets a crop whose red outline sits where the box says."""
from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from jixiao import cli

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"


@pytest.fixture(scope="module")
def real_out(tmp_path_factory):
    sources = sorted(DEV.glob("01_*"))
    sources = [p for p in sources if p.suffix in (".pdf", ".docx")]
    if len(sources) < 2:
        pytest.fail(f"dev corpus not found under {DEV} (shared/ must lie beside the repository)")
    inputs = tmp_path_factory.mktemp("inputs")
    for source in sources:
        shutil.copy(source, inputs / source.name)
    out = tmp_path_factory.mktemp("out")
    assert cli.main(["run", str(inputs), "--out", str(out), "--workers", "0", "--quiet"]) in (0, 1)
    assert cli.main(["review", str(out)]) == 0
    return out


def red_extent(image: Image.Image):
    rgb = image.convert("RGB")
    pixels = rgb.load()
    xs, ys = [], []
    for y in range(rgb.height):
        for x in range(rgb.width):
            r, g, b = pixels[x, y]
            if r > 180 and g < 80 and b < 100:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def test_every_flag_is_a_row_and_a_card(real_out):
    flags = pd.read_parquet(real_out / "flags")
    assert len(flags) > 0, "the dev report 01 has known discrepancies; the run found none"
    wb = openpyxl.load_workbook(real_out / "review.xlsx")
    assert wb["Flags"].max_row - 1 == len(flags)
    page = (real_out / "review.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<article class="card', page)) == len(flags)


def test_pdf_flags_with_a_box_get_an_outlined_crop(real_out):
    flags = pd.read_parquet(real_out / "flags")
    documents = pd.read_parquet(real_out / "documents")
    pdf_docs = set(documents.loc[documents["format"].astype(str).str.contains("pdf"), "doc_id"])
    boxed = flags[flags["doc_id"].isin(pdf_docs) & flags[["x0", "top", "x1", "bottom"]].notna().all(axis=1)]
    if boxed.empty:
        pytest.fail("the run wrote no flag with page + bbox for the PDF; the review cannot be checked")
    page = (real_out / "review.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="card.*?</article>', page, flags=re.S)
    cropped = [c for c in cards if "红框为标记的单元格" in c]
    assert len(cropped) >= len(boxed)
    for card in cropped:
        [data] = re.findall(r'src="data:image/png;base64,([^"]+)"', card)
        extent = red_extent(Image.open(io.BytesIO(base64.b64decode(data))))
        assert extent is not None, "crop without the red outline"
        x0, y0, x1, y1 = extent
        assert 4 < x1 - x0 < 600 and 4 < y1 - y0 < 300, f"outline of implausible size {extent}"


def test_docx_flags_show_the_cell_in_context(real_out):
    flags = pd.read_parquet(real_out / "flags")
    documents = pd.read_parquet(real_out / "documents")
    docx = set(documents.loc[documents["format"] == "docx", "doc_id"])
    located = flags[flags["doc_id"].isin(docx) & flags["row"].notna() & flags["col"].notna()]
    if located.empty:
        pytest.fail("the run wrote no DOCX flag with row/col")
    page = (real_out / "review.html").read_text(encoding="utf-8")
    assert page.count('class="hit"') >= len(located)
