"""Legacy .doc/.wps through headless LibreOffice. soffice is installed here and in CI: when it is
missing these tests fail (not skip) unless JIXIAO_ALLOW_NO_SOFFICE=1."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
from docx.shared import Cm
import pytest

from jixiao.extract import extract_document, sniff_format
from jixiao.extract.convert import read_via_libreoffice
from jixiao.extract.errors import ConversionUnavailable, CorruptDocument

pytestmark = pytest.mark.libreoffice


def _require_soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path:
        return path
    if os.environ.get("JIXIAO_ALLOW_NO_SOFFICE") == "1":
        pytest.skip("soffice not installed and JIXIAO_ALLOW_NO_SOFFICE=1")
    pytest.fail("LibreOffice 'soffice' is not on PATH: install libreoffice (CI does), or set "
                "JIXIAO_ALLOW_NO_SOFFICE=1 to skip the .doc/.wps tests on this machine")


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory):
    soffice = _require_soffice()
    tmp = tmp_path_factory.mktemp("lo")
    d = docx.Document()
    d.add_heading("一、项目概况", level=2)
    d.add_paragraph("项目财政预算资金为800万元。")
    d.add_paragraph("项目支出绩效自评表")
    t = d.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    for column in t.columns:            # LibreOffice drops a table whose grid has no widths
        column.width = Cm(4)
        for cell in column.cells:
            cell.width = Cm(4)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "项目名称"
    t.cell(0, 2).text = "测试项目"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "绩效指标"
    t.cell(1, 1).text = "分值"
    t.cell(1, 2).text = "得分"
    t.cell(2, 1).text = "90"
    t.cell(2, 2).text = "85"
    d.add_paragraph("表后正文。")
    src = tmp / "source.docx"
    d.save(src)
    proc = subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                           "--convert-to", "doc", "--outdir", str(tmp), str(src)],
                          capture_output=True, timeout=180)
    out = tmp / "source.doc"
    assert out.exists(), f"soffice could not make a .doc: {proc.stderr.decode(errors='replace')}"
    return out


def test_doc_read_back(legacy_doc):
    assert sniff_format(legacy_doc) == "doc"
    raw = read_via_libreoffice(legacy_doc)
    assert raw.format == "doc" and raw.pages is None and raw.path == str(legacy_doc)
    texts = [b.text for b in raw.text_blocks() if b.text]
    assert "一、项目概况" in texts and "项目财政预算资金为800万元。" in texts
    assert len(raw.tables) == 1
    table = raw.tables[0]
    grid = table.grid()
    assert grid[0][0] == "项目名称" and grid[0][2] == "测试项目"
    assert grid[1][1:] == ["分值", "得分"] and grid[2][1:] == ["90", "85"]
    by_pos = {(c.row, c.col): c for c in table.cells}
    assert by_pos[0, 0].col_span == 2 and by_pos[1, 0].row_span == 2
    assert table.caption == ["项目支出绩效自评表"]


def _saved_as(legacy_doc, tmp_path, fmt: str, name: str) -> Path:
    """The legacy .doc saved by LibreOffice as `fmt`, under `name`."""
    soffice = _require_soffice()
    proc = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", fmt, "--outdir", str(tmp_path), str(legacy_doc)],
                          capture_output=True, timeout=180)
    made = tmp_path / f"source.{fmt}"
    assert made.exists(), f"soffice could not make a .{fmt}: {proc.stderr.decode(errors='replace')}"
    return made.rename(tmp_path / name)


def test_odt_read_through_libreoffice(legacy_doc, tmp_path):
    """An OpenDocument text report (LibreOffice, some WPS exports) is converted like a .doc."""
    named = _saved_as(legacy_doc, tmp_path, "odt", "报告.odt")
    assert sniff_format(named) == "odt"
    raw = extract_document(named)
    assert raw.format == "odt" and raw.path == str(named) and len(raw.tables) == 1
    assert raw.tables[0].grid()[2][1:] == ["90", "85"]


def test_rtf_read_through_libreoffice(legacy_doc, tmp_path):
    """Word's Rich Text Format (some portals publish .rtf): sniffed by `{\\rtf`, converted like a .doc."""
    named = _saved_as(legacy_doc, tmp_path, "rtf", "报告.doc")     # misnamed: the bytes decide
    assert sniff_format(named) == "rtf"
    raw = extract_document(named)
    assert raw.format == "rtf" and raw.path == str(named) and len(raw.tables) == 1
    assert raw.tables[0].grid()[2][1:] == ["90", "85"]
    assert "项目财政预算资金为800万元。" in [b.text for b in raw.text_blocks()]


def test_wps_suffix_and_dispatch(legacy_doc, tmp_path):
    wps = tmp_path / "报告 副本.wps"             # odd name: spaces and CJK
    shutil.copyfile(legacy_doc, wps)
    raw = extract_document(wps)
    assert raw.format == "wps" and len(raw.tables) == 1


def test_garbage_ole2_fails_clearly(tmp_path):
    _require_soffice()
    bad = tmp_path / "bad.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises((CorruptDocument, ConversionUnavailable)):
        read_via_libreoffice(bad, timeout=120)


def test_soffice_absent(monkeypatch, tmp_path):
    """No LibreOffice on PATH: a clear ConversionUnavailable, not a crash."""
    doc = tmp_path / "x.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(ConversionUnavailable, match="LibreOffice"):
        read_via_libreoffice(doc)
    with pytest.raises(ConversionUnavailable, match="soffice"):
        extract_document(doc)


def test_conversion_timeout_kills_the_converter(monkeypatch, tmp_path):
    """A converter that hangs: a clear timeout error, and its whole process group ended."""
    import time
    from jixiao.extract.errors import ExtractError
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "grandchild.pid"
    fake = bin_dir / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {marker}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    doc = tmp_path / "x.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    started = time.monotonic()
    with pytest.raises(ExtractError, match="超时"):
        read_via_libreoffice(doc, timeout=1)
    assert time.monotonic() - started < 20
    pid = int(marker.read_text())
    time.sleep(0.2)
    status = Path(f"/proc/{pid}/status")
    if status.exists():   # killed but not yet reaped by init: a zombie, not a running converter
        state = next(l for l in status.read_text().splitlines() if l.startswith("State:"))
        assert "Z" in state or "X" in state, state
