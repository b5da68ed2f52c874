"""Files are read by what they are, not by their names; what is none of the formats gets a
clear error; a folder walk picks up every format the readers know."""
from __future__ import annotations

import zipfile

import pytest

from jixiao.batch.runner import find_inputs
from jixiao.extract import sniff_format
from jixiao.extract.errors import UnsupportedFormat


def zip_with(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("name, members, kind", [
    ("a.docx", {"word/document.xml": b"<w/>"}, "docx"),
    ("a.xlsx", {"xl/workbook.xml": b"<w/>"}, "xlsx"),
    ("a.zip", {"xl/workbook.xml": b"<w/>"}, "xlsx"),                     # any name
    ("a.docx", {"OFD.xml": b"<ofd/>"}, "ofd"),                            # misnamed OFD
    ("a.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}, "ods"),
    ("a.docx", {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "odt"),
])
def test_zip_packages(tmp_path, name, members, kind):
    assert sniff_format(zip_with(tmp_path / name, members)) == kind


@pytest.mark.parametrize("members, says", [
    ({"xl/workbook.bin": b""}, "XLSB"),
    ({"ppt/presentation.xml": b""}, "PPTX"),
    ({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b""}, "OpenDocument"),
    ({"readme.txt": b"hello"}, "zip"),
])
def test_zip_packages_that_are_no_report(tmp_path, members, says):
    with pytest.raises(UnsupportedFormat, match=says):
        sniff_format(zip_with(tmp_path / "x.xlsx", members))


@pytest.mark.parametrize("text, kind", [
    ("<!DOCTYPE html><html><body><table></table></body></html>", "html"),
    ("\ufeff<html><body>BOM</body></html>", "html"),
    ("  \n<table border=1><tr><td>1</td></tr></table>", "html"),         # an HTML fragment, as .xls
    ("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\n", "mhtml"),
    ("From: <Saved by Blink>\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/related;\n", "mhtml"),
])
def test_markup(tmp_path, text, kind):
    path = tmp_path / "x.xls"
    path.write_text(text, encoding="utf-8")
    assert sniff_format(path) == kind


def test_utf16_html(tmp_path):
    path = tmp_path / "x.htm"
    path.write_bytes("<html><body>表</body></html>".encode("utf-16"))
    assert sniff_format(path) == "html"


def test_plain_text_is_unsupported(tmp_path):
    path = tmp_path / "x.html"
    path.write_text("只是一段文字，没有任何标记。", encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match="XLSX/XLS"):
        sniff_format(path)


def test_folder_walk_finds_every_format(tmp_path):
    names = ["a.PDF", "b.docx", "c.xlsx", "d.xlsm", "e.xls", "f.et", "g.ods", "h.html", "i.HTM", "j.mhtml",
             "k.mht", "l.ofd", "m.txt", "~$n.xlsx"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    found = sorted(p.rsplit("/", 1)[-1] for p, _ in find_inputs([tmp_path]))
    assert found == sorted(set(names) - {"m.txt", "~$n.xlsx"})
