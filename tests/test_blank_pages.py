"""A blank sheet in a scan (a separator page, the back of a duplex scan) is a note on the document,
not a warning: the document stays `ok`. A page that holds print OCR cannot read stays a warning."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

from fonts import font_file  # noqa: E402

import jixiao  # noqa: E402
from jixiao.batch.process import make_task, process_document  # noqa: E402
from jixiao.extract.scan import blank_page  # noqa: E402

DPI = 150
A4 = (int(8.27 * DPI), int(11.69 * DPI))


def _paper(seed: int) -> Image.Image:
    """An A4 sheet as a scanner sees it: off-white with grain, a few specks, a dark scanner edge
    down the left side and two punch holes in the margin."""
    rng = np.random.default_rng(seed)
    arr = np.clip(rng.normal(243, 4, (A4[1], A4[0])), 0, 255).astype(np.uint8)
    for _ in range(25):                                    # dust
        y, x = rng.integers(0, A4[1] - 3), rng.integers(0, A4[0] - 3)
        arr[y:y + 2, x:x + 2] = 40
    arr[:, :18] = 30                                       # scanner edge
    img = Image.fromarray(arr)
    d = ImageDraw.Draw(img)
    for cy in (A4[1] // 3, 2 * A4[1] // 3):
        d.ellipse([30, cy - 22, 74, cy + 22], fill=20)     # punch holes
    return img


def _text_page(seed: int) -> Image.Image:
    img = _paper(seed)
    face = font_file("sans")
    font = ImageFont.truetype(face.path, 30, index=face.index)
    ImageDraw.Draw(img).text((160, 200), "项目支出绩效自评表（2024年度）", font=font, fill=15)
    return img


def _picture_page(seed: int) -> Image.Image:
    """A photograph and nothing else (a site photo pasted into the report): print that OCR
    finds no text in, so the page is not blank."""
    img = _paper(seed)
    ramp = np.tile(np.linspace(60, 200, 700, dtype=np.float32), (500, 1))
    ramp += np.random.default_rng(seed).normal(0, 6, ramp.shape)
    img.paste(Image.fromarray(np.clip(ramp, 0, 255).astype(np.uint8)), (260, 700))
    return img


def _pdf(pages: list[Image.Image], path: Path) -> Path:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=float(DPI), save_all=True, append_images=pages[1:])
    path.write_bytes(buf.getvalue())
    return path


def test_blank_page_is_told_from_a_page_with_print():
    assert blank_page(np.asarray(_paper(1)))
    assert not blank_page(np.asarray(_text_page(2)))
    assert not blank_page(np.asarray(_picture_page(3)))


def test_blank_sheet_in_a_scan_is_a_note_and_the_document_stays_ok(tmp_path):
    path = _pdf([_text_page(4), _paper(5)], tmp_path / "with_blank.pdf")
    doc = jixiao.read(path)
    assert doc.status == "ok", doc.error
    assert doc.warnings == []
    assert doc.notes == ["第 2 页为空白页: page 2 is blank"]
    row = process_document(make_task(str(path), str(path)))["documents"][0]
    assert (row["status"], row["notes"]) == ("ok", "第 2 页为空白页: page 2 is blank")


def test_page_with_unreadable_print_stays_a_warning(tmp_path):
    doc = jixiao.read(_pdf([_text_page(6), _picture_page(7)], tmp_path / "with_picture.pdf"))
    assert doc.status == "partial"
    assert any("OCR found no text on page 2" in w for w in doc.warnings)
    assert doc.notes == []


def test_a_lone_scan_reads_its_pages_on_the_cores_the_run_was_given(tmp_path, monkeypatch):
    """One document with --workers 2 runs in this process (no pool start-up); its pages are
    read two at a time on the OCR threads instead of one core idling."""
    import threading

    from jixiao.batch.executors import make_executor
    from jixiao.batch.runner import run_batch
    from jixiao.extract import scan

    monkeypatch.delenv("JIXIAO_OCR_PAGES", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert make_executor("local", 2, documents=1).page_threads == 2
    assert make_executor("local", 1, documents=1).page_threads == 1
    seen = []
    real = scan.ocr_image_page

    def spy(*args, **kwargs):
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(scan, "ocr_image_page", spy)
    path = _pdf([_text_page(8), _paper(9)], tmp_path / "lone.pdf")
    stats = run_batch([str(path)], tmp_path / "out", workers=2)
    assert stats.status["ok"] == 1
    assert len(seen) == 2 and all(name.startswith("jixiao-ocr") for name in seen), seen
    # the reviewer sees the note beside the document
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "jixiao", "review", str(tmp_path / "out"), "--no-xlsx"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "review.html").read_text(encoding="utf-8")
    docs = page.split('<details id="documents"', 1)[1].split("</details>", 1)[0]
    assert "<th>说明</th>" in docs and "page 2 is blank" in docs
