"""A 自评表 published as a picture in a web page (saved complete, or as MHTML): read by OCR from
the page's own copy of the picture; nothing is fetched and nothing outside the saved page is read."""
from __future__ import annotations

import base64
import io
import sys
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

import make_scan_variants as mv  # noqa: E402

from jixiao.extract import extract_document  # noqa: E402
from jixiao.extract.html_images import PagePictures  # noqa: E402

VARIANT = mv.by_name("mid_page")
URL = "https://www.czj.example.gov.cn/zwgk/2024/table.png"


@pytest.fixture(scope="module")
def png() -> bytes:
    buf = io.BytesIO()
    mv.page_image(VARIANT).convert("RGB").save(buf, "PNG")
    return buf.getvalue()


def _page(src: str) -> str:
    return ("<html><head><meta charset='utf-8'><title>绩效自评</title></head><body>"
            "<h2>2024年度项目支出绩效自评结果公开</h2><p>现将项目支出绩效自评表公开如下。</p>"
            f"<p><img src='{src}' width='794' alt='自评表'></p><img src='logo.png' width='40'>"
            "<p>附件：项目支出绩效自评表</p></body></html>")


def _read_table(raw):
    assert len(raw.tables) == 1, [(t.n_rows, t.n_cols) for t in raw.tables]
    gold = mv.expected(VARIANT)
    table = raw.tables[0]
    assert (table.n_rows, table.n_cols) == (gold["n_rows"], gold["n_cols"])
    got = {(c.row, c.col): c.text for c in table.cells}
    same = sum(got.get((g["row"], g["col"])) == g["text"] for g in gold["cells"])
    assert same >= 0.9 * len(gold["cells"])
    return table


def test_picture_saved_beside_the_page(tmp_path, png):
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "table.png").write_bytes(png)
    path = tmp_path / "page.html"
    path.write_text(_page("page_files/table.png"), encoding="utf-8")
    raw = extract_document(path)
    table = _read_table(raw)
    assert "".join(table.caption).replace(" ", "") == "项目支出绩效自评表（2024年度）"   # the picture's own title
    assert all(c.ocr is not None or not c.text for c in table.cells)   # OCR confidences kept


def test_picture_inside_an_mhtml_package(tmp_path, png):
    message = MIMEMultipart("related")
    message["Subject"] = "绩效自评"
    message.attach(MIMEText(_page(URL), "html", "utf-8"))
    picture = MIMEImage(png, "png")
    picture["Content-Location"] = URL
    message.attach(picture)
    path = tmp_path / "page.mhtml"
    path.write_bytes(message.as_bytes())
    raw = extract_document(path)
    assert raw.format == "mhtml"
    _read_table(raw)


def test_pictures_are_never_fetched_nor_read_outside_the_page(tmp_path, png):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png)
    page_dir = tmp_path / "site"
    page_dir.mkdir()
    pictures = PagePictures(base_dir=str(page_dir))
    assert pictures.get("../secret.png") is None
    assert pictures.get(URL) is None
    assert pictures.get("data:image/png;base64," + base64.b64encode(png).decode()) == png
    path = page_dir / "page.html"
    path.write_text(_page(URL), encoding="utf-8")          # a live address: left alone
    assert extract_document(path).tables == []
