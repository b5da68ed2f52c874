"""review.html: self-contained, escaped, one card per flag, crops with the cell outlined, and
filters that work in a real headless Chromium."""
from __future__ import annotations

import base64
import importlib.util
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from jixiao import cli
from jixiao.cli.review import enrich_flags, load_tables
from jixiao.review.page_images import Box, PageRenderer
from jixiao.review.html import render_review_html

ROOT = Path(__file__).resolve().parents[1]


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "fixtures" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fixture_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("review_html")
    facts = load_script("review_fixture").make_review_out(out)
    assert cli.main(["review", str(out), "--no-xlsx"]) == 0
    return out, facts


@pytest.fixture(scope="module")
def page(fixture_out):
    out, _ = fixture_out
    return (out / "review.html").read_text(encoding="utf-8")


def cards(page: str) -> list[str]:
    return re.findall(r'<article class="card.*?</article>', page, flags=re.S)


def images_of(card: str) -> list[Image.Image]:
    return [Image.open(io.BytesIO(base64.b64decode(data)))
            for data in re.findall(r'src="data:image/(?:png|jpeg);base64,([^"]+)"', card)]


def test_one_card_per_flag_sorted(page, fixture_out):
    _, facts = fixture_out
    found = cards(page)
    assert len(found) == facts["n_flags"]
    severities = re.findall(r'data-severity="([a-z]+)"', "".join(found))
    order = {"error": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=order.get)


def test_self_contained(page):
    # no external resource: every src/href is a data: URI or an in-page anchor
    for ref in re.findall(r'(?:src|href)="([^"]*)"', page):
        assert ref.startswith(("data:", "#")), ref
    assert "<link" not in page and "@import" not in page and "url(http" not in page


def test_document_text_escaped(page):
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;乙项目" in page
    assert "<b>粗体</b>" not in page and "&lt;b&gt;粗体&lt;/b&gt;" in page
    assert page.count("<script>") == 1     # only the page's own script


def test_crop_outlines_the_flagged_cell(page):
    card = next(c for c in cards(page) if 'data-rule="exec_rate_mismatch"' in c)
    [image] = images_of(card)
    rgb = image.convert("RGB")
    reds = [(x, y) for x in range(rgb.width) for y in range(rgb.height)
            if (lambda p: p[0] > 180 and p[1] < 80 and p[2] < 100)(rgb.getpixel((x, y)))]
    assert reds, "no red outline in the crop"
    xs, ys = [x for x, _ in reds], [y for _, y in reds]
    # the fixture's cell (row 2, col 3) spans x 402..512 pt; the crop keeps the page width
    scale = rgb.width / 595.0
    assert abs(min(xs) / scale - 402) < 6 and abs(max(xs) / scale - 512) < 6
    assert max(ys) - min(ys) == pytest.approx(30 * scale + 6, abs=6)   # 30 pt row + padding
    assert "红框为标记的单元格" in card


def test_bbox_from_cells_when_flag_has_none(page):
    card = next(c for c in cards(page) if 'data-rule="budget_score_mismatch"' in c)
    assert images_of(card) and "红框为标记的单元格" in card


def test_page_without_box_shows_whole_page(page):
    card = next(c for c in cards(page) if 'data-rule="info_rule"' in c)
    assert "显示整页" in card and images_of(card)


def test_docx_shows_cell_context(page):
    card = next(c for c in cards(page) if 'data-rule="overspend"' in c)
    assert not images_of(card)
    assert '<td class="hit">60</td>' in card
    assert "原表内容" in card


def test_document_level_flag_and_failed_documents(page):
    card = next(c for c in cards(page) if 'data-rule="narrative_overspend"' in c)
    assert "文件层面" in card
    assert 'class="st-failed"' in page and "gone.pdf" in page


def test_no_images_option(fixture_out, tmp_path):
    out, facts = fixture_out
    tables = load_tables(out)
    text = render_review_html(tables, enrich_flags(tables), images=False)
    assert "data:image" not in text and len(cards(text)) == facts["n_flags"]


def test_missing_source_file_is_said(fixture_out, tmp_path):
    out, _ = fixture_out
    tables = load_tables(out)
    flags = enrich_flags(tables)
    flags["source_path"] = "/nonexistent/elsewhere.pdf"
    flags["x0"] = flags["top"] = flags["x1"] = flags["bottom"] = None
    tables["cells"] = tables["cells"].iloc[0:0]
    text = render_review_html(tables, flags, search_dirs=[tmp_path])
    assert "找不到原文件" in text


def test_renderer_box_validation():
    assert Box.from_values(1, 2, 3, 4) == Box(1, 2, 3, 4)
    assert Box.from_values(None, 2, 3, 4) is None
    assert Box.from_values(float("nan"), 2, 3, 4) is None
    assert Box.from_values(5, 2, 3, 4) is None
    with PageRenderer() as renderer:
        assert renderer.resolve(None) is None
        assert renderer.page_image(Path("/nonexistent.pdf"), 1) is None


# -- real browser --------------------------------------------------------------------------

def chromium_or_fail() -> str:
    cdp = load_script("review_screenshot")
    chromium = cdp.find_chromium()
    if chromium is None:
        message = ("chromium not found (install Debian's `chromium`, or set JIXIAO_CHROMIUM); "
                   "set JIXIAO_ALLOW_NO_CHROMIUM=1 to skip this test deliberately")
        if os.environ.get("JIXIAO_ALLOW_NO_CHROMIUM") == "1":
            pytest.skip(message)
        pytest.fail(message)
    return chromium


@pytest.mark.chromium
def test_review_page_in_headless_chromium(fixture_out, tmp_path):
    out, facts = fixture_out
    chromium = chromium_or_fail()
    cdp = load_script("review_screenshot")
    url = (out / "review.html").resolve().as_uri()
    n = facts["n_flags"]
    n_error = facts["severities"].count("error")
    visible = "document.querySelectorAll('article.card:not([hidden])').length"
    with cdp.Browser(chromium, width=1280, height=1600) as browser:
        browser.navigate(url)
        assert browser.evaluate("document.body.dataset.ready") == "1", "page script did not run"
        assert browser.evaluate("document.querySelectorAll('article.card').length") == n
        assert browser.evaluate(visible) == n
        # all images decoded (data URIs, nothing fetched)
        assert browser.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")

        # a real mouse click on the 错误 severity checkbox hides the error cards
        browser.click('input[name="severity"][value="error"]')
        assert browser.evaluate(visible) == n - n_error
        assert browser.evaluate(
            "Array.from(document.querySelectorAll('article.card[data-severity=\"error\"]'))"
            ".every(c => c.hidden && c.offsetParent === null)")
        assert browser.evaluate("document.getElementById('shown-count').textContent") == str(n - n_error)
        browser.click("#reset")
        assert browser.evaluate(visible) == n

        # rule filter: 全不选 then tick one rule by clicking it
        browser.click("#rules-none")
        assert browser.evaluate(visible) == 0
        browser.click('input[name="rule"][value="overspend"]')
        assert browser.evaluate(visible) == 1

        # department filter (select) and the query-string filters applied on load
        browser.click("#reset")
        browser.evaluate("(() => { const s = document.getElementById('f-competent'); s.value = '某某局';"
                         " s.dispatchEvent(new Event('change', {bubbles: true})); })()")
        assert browser.evaluate(visible) == 3
        browser.navigate(url + "?severity=warning,info")
        assert browser.evaluate(visible) == n - n_error

        # the Content-Security-Policy runs the page's own script only: a script that slipped
        # into the document text would not run, and nothing is fetched from anywhere
        hostile = tmp_path / "hostile.html"
        hostile.write_text((out / "review.html").read_text(encoding="utf-8").replace(
            "</main>", "<script>document.body.dataset.pwned = '1'</script>"
                       "<img src='http://127.0.0.1:9/x.png'></main>"), encoding="utf-8")
        browser.navigate(hostile.as_uri())
        assert browser.evaluate("document.body.dataset.ready") == "1"
        assert browser.evaluate("document.body.dataset.pwned === undefined")

        browser.navigate(url)
        shot = browser.screenshot(tmp_path / "review.png")
    image = Image.open(shot)
    assert image.size == (1280, 1600)
    # not a blank page: plenty of distinct colours (text, badges, the page crop)
    assert len(image.convert("RGB").getcolors(1 << 20) or []) > 50
    if os.environ.get("JIXIAO_UPDATE_DOCS_SCREENSHOT") == "1":
        (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, ROOT / "docs" / "img" / "review.png")


def test_context_keeps_columns_aligned_under_merged_cells():
    """A label merged down 8 rows starts above the shown window: every shown row still fills
    all columns, and the header row above is included."""
    import pandas as pd
    from jixiao.review.html import CellIndex, context_html
    rows = [{"doc_id": "d", "table_index": 0, "row": 0, "col": c, "row_span": 1, "col_span": 1, "text": t}
            for c, t in enumerate(["一级指标", "三级指标", "分值", "得分"])]
    rows.append({"doc_id": "d", "table_index": 0, "row": 1, "col": 0, "row_span": 8, "col_span": 1,
                 "text": "产出指标"})
    for r in range(1, 9):
        rows += [{"doc_id": "d", "table_index": 0, "row": r, "col": c, "row_span": 1, "col_span": 1,
                  "text": t} for c, t in ((1, f"指标{r}"), (2, "10"), (3, str(r)))]
    index = CellIndex(pd.DataFrame(rows))
    flag = {"doc_id": "d", "table_index": 0, "row": 6, "col": 3}
    block = context_html(flag, index.locate(flag), index)
    body_rows = re.findall(r"<tr( class=\"head\")?><th>(\d+)</th>(.*?)</tr>", block)
    shown = [int(n) for _, n, _ in body_rows]
    assert shown == [1, 5, 6, 7, 8, 9]              # header row, then rows 4..8 (0-based) as 1-based
    def width(tds: str) -> int:
        cells = re.findall(r"<td([^>]*)>", tds)
        return sum(int((re.search(r'colspan="(\d+)"', a) or [0, 1])[1]) for a in cells)
    # the first window row carries the merged label (rowspan), the next rows one cell less
    assert width(body_rows[1][2]) == 4 and 'class="cont"' in body_rows[1][2]
    assert all(width(tds) == 3 for _, _, tds in body_rows[2:])
    assert '<td class="hit">6</td>' in block


def test_changed_source_file_is_not_shown(fixture_out, tmp_path):
    """A file whose bytes differ from the run's (doc_id = SHA-256) gets a note, not a crop."""
    out, _ = fixture_out
    tables = load_tables(out)
    flags = enrich_flags(tables)
    changed = tmp_path / "report.pdf"
    changed.write_bytes((out / "src" / "report.pdf").read_bytes() + b"\n% edited\n")
    flags["source_path"] = flags["source_path"].where(flags["format"] != "pdf", str(changed))
    text = render_review_html(tables, flags)
    card = next(c for c in cards(text) if 'data-rule="exec_rate_mismatch"' in c)
    assert "SHA-256 不符" in card and not images_of(card)


def test_source_root_finds_moved_reports(tmp_path):
    """documents.source_path relative to another working directory: --source-root finds it."""
    import pandas as pd
    out = tmp_path / "out"
    load_script("review_fixture").make_review_out(out)
    moved = tmp_path / "elsewhere"
    (out / "src").rename(moved)
    documents = pd.read_parquet(out / "documents")
    documents["source_path"] = documents["source_path"].map(lambda p: f"some/where/{Path(p).name}")
    for part in (out / "documents").glob("*.parquet"):
        part.unlink()
    documents.to_parquet(out / "documents" / "part-0.parquet")
    assert cli.main(["review", str(out), "--no-xlsx"]) == 0
    assert "找不到原文件" in (out / "review.html").read_text(encoding="utf-8")
    assert cli.main(["review", str(out), "--no-xlsx", "--source-root", str(moved)]) == 0
    page = (out / "review.html").read_text(encoding="utf-8")
    card = next(c for c in cards(page) if 'data-rule="exec_rate_mismatch"' in c)
    assert images_of(card) and "找不到原文件" not in card


def test_uncertain_ocr_reading_is_said_on_the_card():
    from jixiao.review.html import ocr_note_html
    cell = {"text": "295%", "confidence": 0.55, "text_raw": None, "correction": None}
    note = ocr_note_html({"uncertain": True}, cell)
    assert "ocr-uncertain" in note and "识别置信度 0.55" in note and "295%" in note
    fixed = {"text": "≥95%", "confidence": 0.93, "text_raw": "295%", "correction": "relation: 295%→≥95%（首字形近 ≥）"}
    note = ocr_note_html({}, fixed)
    assert "识别原文“295%”已更正" in note and "不确定" not in note
    assert ocr_note_html({}, {"text": "1.408", "confidence": 0.99, "text_raw": None, "correction": None}) == ""
    assert ocr_note_html({}, {"text": "1.408", "confidence": float("nan")}) == ""
