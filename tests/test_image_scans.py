"""Scans delivered as image files (JPEG, PNG, multi-page TIFF, bilevel G4 TIFF): sniffed by
their bytes, each frame read by OCR as a scanned PDF's page is, shown in review.html like a PDF."""
from __future__ import annotations

import io
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))
sys.path.insert(0, str(HERE))

import make_scan_variants as mv  # noqa: E402
from test_scan_variants import _check  # noqa: E402

from jixiao.batch.process import make_task, process_document  # noqa: E402
from jixiao.extract import extract_document, sniff_format  # noqa: E402
from jixiao.extract.image_reader import A4_LONG_IN, frame_dpi  # noqa: E402
from jixiao.review.page_images import Box, PageRenderer  # noqa: E402

VARIANT = mv.by_name("mid_page")        # a ruled table mid-page under a paragraph, 200 dpi, 1 degree


def _encoded(img: Image.Image, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


@pytest.mark.parametrize("fmt, options", [("JPEG", {}), ("PNG", {}), ("TIFF", {}), ("BMP", {}),
                                          ("WEBP", {"lossless": True})])
def test_image_formats_are_sniffed_by_their_bytes(tmp_path, fmt, options):
    path = tmp_path / "named.pdf"      # the name does not decide
    path.write_bytes(_encoded(Image.new("RGB", (40, 30), "white"), fmt, **options))
    assert sniff_format(path) == "image"


def test_resolution_is_believed_only_when_it_makes_a_sheet():
    assert frame_dpi(1654, 2339, (200, 200)) == 200                  # A4 at 200 dpi
    assert frame_dpi(2339, 1654, (200.0, 200.0)) == 200              # landscape
    assert frame_dpi(3000, 4000, (72, 72)) == pytest.approx(4000 / A4_LONG_IN)   # a phone photo
    assert frame_dpi(1654, 2339, None) == pytest.approx(2339 / A4_LONG_IN)
    assert frame_dpi(1654, 2339, "junk") == pytest.approx(2339 / A4_LONG_IN)


@pytest.fixture(scope="module")
def page():
    return mv.page_image(VARIANT).convert("RGB")


def test_multi_page_tiff_reads_each_frame_as_a_page(tmp_path, page):
    blank = Image.new("RGB", page.size, (245, 245, 245))
    path = tmp_path / "scan.tif"
    page.save(path, save_all=True, append_images=[blank], dpi=(VARIANT.dpi, VARIANT.dpi),
              compression="tiff_lzw")
    raw = extract_document(path)
    assert (raw.format, raw.pages) == ("image", 2)
    _check(SimpleNamespace(tables=raw.tables, blocks=raw.text_blocks()), VARIANT)
    assert raw.notes == ["第 2 页为空白页: page 2 is blank"] and raw.warnings == []
    # pages are sized from the stated resolution, as a PDF of the same scan would be
    w_pt, h_pt = raw.page_sizes[0]
    assert w_pt == pytest.approx(page.width / VARIANT.dpi * 72, abs=0.01)
    assert h_pt == pytest.approx(page.height / VARIANT.dpi * 72, abs=0.01)
    # and review.html's renderer places a cell's box on the same spot of the frame
    cell = next(c for c in raw.tables[0].cells if c.text)
    with PageRenderer(dpi=100) as renderer:
        assert renderer.page_count(path) == 2
        assert renderer.page_size_pt(path, 1) == pytest.approx((w_pt, h_pt), abs=0.01)
        crop = renderer.crop(path, 1, Box(cell.x0, cell.top, cell.x1, cell.bottom), full_width=True)
        assert crop is not None and crop.width == round(w_pt * 100 / 72)


def test_bilevel_g4_tiff_without_resolution(tmp_path, page):
    """An office scanner's 1-bit CCITT G4 page; without a stated resolution it is taken as A4."""
    path = tmp_path / "g4.tif"
    page.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1").save(path, compression="group4")
    raw = extract_document(path)
    assert raw.pages == 1 and len(raw.tables) == 1
    table = raw.tables[0]
    assert (table.n_rows, table.n_cols) == (len(VARIANT.table.ys) - 1, len(VARIANT.table.xs) - 1)


def test_damaged_image_is_a_specific_error_and_the_batch_goes_on(tmp_path, page):
    good = _encoded(page, "JPEG", quality=85)
    bad = tmp_path / "truncated.jpg"
    bad.write_bytes(good[: len(good) // 3])
    row = process_document(make_task(str(bad), str(bad)))["documents"][0]
    assert row["status"] == "failed"
    assert "image" in row["error"] and ("truncated" in row["error"] or "damaged" in row["error"]
                                        or "decoded" in row["error"])
    riff = tmp_path / "sound.wav"
    riff.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(32))
    row = process_document(make_task(str(riff), str(riff)))["documents"][0]
    assert row["status"] == "failed" and "none of PDF" in row["error"]


def test_phone_photo_turned_by_its_exif_orientation(tmp_path, page):
    """A phone keeps the sensor's landscape pixels and an Orientation tag (6: turn 90° clockwise
    to view): the page is read upright without guessing, and review places boxes on it upright."""
    sideways = page.transpose(Image.Transpose.ROTATE_90)        # as the sensor stored it
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "photo.jpg"
    sideways.save(path, quality=90, exif=exif.tobytes(), dpi=(72, 72))
    raw = extract_document(path)
    assert raw.notes == []                                       # no turn was needed
    gold = mv.expected(VARIANT)
    table = raw.tables[0]
    assert (table.n_rows, table.n_cols) == (gold["n_rows"], gold["n_cols"])
    got = {(c.row, c.col): c.text for c in table.cells}
    same = sum(got.get((g["row"], g["col"])) == g["text"] for g in gold["cells"])
    assert same >= 0.9 * len(gold["cells"])                      # JPEG at quality 90
    w_pt, h_pt = raw.page_sizes[0]
    assert h_pt > w_pt                                           # portrait, as printed
    with PageRenderer(dpi=72) as renderer:
        assert renderer.page_size_pt(path, 1) == pytest.approx((w_pt, h_pt), abs=0.01)


def test_scans_are_not_taken_for_photographs():
    """Every scan variant (dark scanner edge and punch holes, seal, bilevel, 150 dpi, skew): the
    paper fills the frame, so nothing is cut or warped."""
    import numpy as np

    from jixiao.extract.scan_sheet import find_sheet
    for v in mv.VARIANTS + mv.PROBES:
        assert find_sheet(np.asarray(mv.page_image(v).convert("L"))) is None, v.name


def test_photo_of_a_sheet_on_a_desk_is_cut_out_and_straightened(tmp_path, page):
    """Without straightening, the sheet's edges make a 13 x 11 'table' that swallows the text
    above the real one, and the paragraph is lost."""
    import numpy as np

    from jixiao.extract.scan_sheet import find_sheet
    photo, corners = mv.photo_of(page, tilt=0.06)
    found = find_sheet(np.asarray(photo.convert("L")))
    assert found is not None and np.abs(found - corners).max() < 0.01 * max(photo.size)
    path = tmp_path / "photo.jpg"
    photo.save(path, quality=90)
    raw = extract_document(path)
    assert [(t.n_rows, t.n_cols) for t in raw.tables] == [(len(VARIANT.table.ys) - 1, len(VARIANT.table.xs) - 1)]
    gold = mv.expected(VARIANT)
    got = {(c.row, c.col): c.text for c in raw.tables[0].cells}
    assert sum(got.get((g["row"], g["col"])) == g["text"] for g in gold["cells"]) >= 0.9 * len(gold["cells"])
    texts = [b.text for b in raw.text_blocks()]
    assert any("社区文化活动" in t for t in texts)                  # the paragraph above the table
    assert raw.notes and "straightened" in raw.notes[0]
    with PageRenderer(dpi=72) as renderer:                         # the review shows the same sheet
        assert renderer.page_size_pt(path, 1) == pytest.approx(raw.page_sizes[0], abs=0.01)
    # and `jixiao debug` draws the grid on it, as on a PDF page
    import subprocess
    png = tmp_path / "debug.png"
    done = subprocess.run([sys.executable, "-m", "jixiao", "debug", str(path), "--page", "1", "--out", str(png),
                           "--scale", "1"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert Image.open(png).size == tuple(round(v) for v in raw.page_sizes[0])
