"""Zip archives of reports (a portal's attachment download): each member is a document of the run
with source_path `ARCHIVE!MEMBER`, GBK member names come back readable, a bomb or a nested archive
is a failed row of its own, a rerun skips them all, and the review shows a member's page."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd

from jixiao.batch.archives import member_name, split_source
from jixiao.batch.runner import find_inputs, run_batch
from jixiao.review.page_images import PageRenderer

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
PDF, DOCX = SAMPLES / "sample_central_2024.pdf", SAMPLES / "sample_sichuan_2024.docx"
GBK_NAME = "2024年/四川报告.docx"


def _gbk_zip(path: Path) -> Path:
    """An archive as Windows' own zip tool in China writes it: member names in GBK, no UTF-8 flag
    (zipfile would write UTF-8, so a same-length ASCII name is patched afterwards)."""
    gbk = GBK_NAME.encode("gbk")
    placeholder = b"x" * len(gbk)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.write(PDF, "sample.pdf")
        z.write(DOCX, placeholder.decode("ascii"))
        z.writestr("readme.txt", "not a report")
        z.writestr("__MACOSX/._sample.pdf", b"\x00\x05\x16\x07")
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as zi:
            zi.write(PDF, "inner.pdf")
        z.writestr("more.zip", inner.getvalue())
        z.writestr("bomb.pdf", b"%PDF-1.7\n" + b"\x00" * (8 * 1024 * 1024))   # ~1000:1
    path.write_bytes(buf.getvalue().replace(placeholder, gbk))
    return path


def test_members_are_documents_and_a_rerun_skips_them(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    archive = _gbk_zip(folder / "附件.zip")
    assert any(p.endswith("附件.zip") for p, _ in find_inputs([folder]))   # a folder walk finds it
    out = tmp_path / "out"
    stats = run_batch([folder], out, workers=1)
    docs = pd.read_parquet(out / "documents").set_index("source_path")
    names = {s.split("!", 1)[1]: row for s, row in docs.iterrows()}
    assert set(names) == {"sample.pdf", GBK_NAME, "more.zip", "bomb.pdf"}
    assert all(s.startswith(str(archive) + "!") for s in docs.index)
    assert names["sample.pdf"]["status"] == "ok" and names[GBK_NAME]["status"] == "ok"
    assert names[GBK_NAME]["format"] == "docx" and names["sample.pdf"]["format"] == "pdf"
    assert names["more.zip"]["status"] == "failed" and "archive inside an archive" in names["more.zip"]["error"]
    assert names["bomb.pdf"]["status"] == "failed" and "zip bomb" in names["bomb.pdf"]["error"]
    projects = pd.read_parquet(out / "projects")
    assert len(projects) >= 2
    assert stats.found == 4
    again = run_batch([folder], out, workers=1)
    assert again.skipped == 2 and again.status["ok"] == 0          # failed rows are retried
    assert len(pd.read_parquet(out / "documents")) == 4           # nothing duplicated


def test_review_finds_the_member_inside_the_archive(tmp_path):
    archive = _gbk_zip(tmp_path / "a.zip")
    out = tmp_path / "out"
    run_batch([archive], out, workers=1)
    docs = pd.read_parquet(out / "documents")
    row = docs[docs.source_path.str.endswith("!sample.pdf")].iloc[0]
    with PageRenderer() as renderer:
        located = renderer.resolve(row.source_path)
        assert located is not None and renderer.matches(located, row.doc_id) is True
        assert renderer.page_count(located) >= 1
    done = subprocess.run([sys.executable, "-m", "jixiao", "review", str(out), "--no-xlsx"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    cards = (out / "review.html").read_text(encoding="utf-8").split("<article")[1:]
    pdf_cards = [c for c in cards if "a.zip!sample.pdf" in c]
    assert pdf_cards and all("data:image/" in c for c in pdf_cards)


def test_damaged_archive_and_names(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 40)            # a download cut short
    out = tmp_path / "out"
    run_batch([bad], out, workers=1)
    row = pd.read_parquet(out / "documents").iloc[0]
    assert row["status"] == "failed" and "zip archive is damaged" in row["error"]
    assert split_source("/x/y.ZIP!a/b.pdf") == ("/x/y.ZIP", "a/b.pdf")
    assert split_source("/x/report!.pdf") is None
    info = zipfile.ZipInfo("报告.pdf".encode("gbk").decode("cp437"))
    assert member_name(info) == "报告.pdf"
