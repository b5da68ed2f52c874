#!/usr/bin/env python3
"""Hostile input files for the orchestration tests (tests/test_hostile_*.py).

    .venv/bin/python scripts/make_hostile_fixtures.py [DIR]   (default tests/fixtures/hostile)

Each maker writes one file and returns its path; the tests call them into a temporary folder
so nothing large is committed. Built from reportlab (PDFs) and zipfile (DOCX), plus copies of
the dev corpus.
"""
from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
SMALL_DOCX = DEV / "01_jiceng-dangzuzhi-dangjian.docx"
SMALL_PDF = DEV / "01_jiceng-dangzuzhi-dangjian_lo.pdf"


def _font() -> str:
    """A CID font that draws Chinese in reportlab without any font file."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def zero_byte(folder: Path) -> Path:
    path = folder / "empty.pdf"
    path.write_bytes(b"")
    return path


def truncated_pdf(folder: Path, fraction: float = 0.4) -> Path:
    data = SMALL_PDF.read_bytes()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def not_a_pdf(folder: Path) -> Path:
    path = folder / "actually_text.pdf"
    path.write_text("这不是 PDF 文件，只是改了扩展名的文本。\nThis is plain text named .pdf\n", encoding="utf-8")
    return path


def encrypted_pdf(folder: Path, user_password: str = "secret") -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = folder / "encrypted.pdf"
    enc = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner-" + user_password,
                                        strength=128)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.setFont(_font(), 14)
    c.drawString(72, 760, "2024 年度项目支出绩效自评报告（加密测试）")
    c.drawString(72, 730, "一、基本情况")
    c.drawString(72, 700, "本项目年初预算数 100 万元，全年执行数 100 万元。")
    c.showPage()
    c.save()
    return path


def blank_pages_pdf(folder: Path, pages: int = 2000) -> Path:
    from reportlab.pdfgen import canvas

    path = folder / "blank_2000_pages.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(pages):
        c.showPage()
    c.save()
    return path


def corrupt_docx(folder: Path) -> Path:
    """Starts like a zip (so it is sniffed as DOCX) but the archive is garbage."""
    path = folder / "corrupt.docx"
    data = SMALL_DOCX.read_bytes()
    path.write_bytes(data[:200] + b"\x00garbage" * 500)
    return path


def zip_bomb_docx(folder: Path, inflated_mb: int = 300) -> Path:
    """A DOCX whose word/document.xml inflates to `inflated_mb` MB (about 1000:1)."""
    path = folder / "zip_bomb.docx"
    with zipfile.ZipFile(SMALL_DOCX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                continue
            dst.writestr(info, src.read(info.filename))
        chunk = b" " * (1 << 20)
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w", force_zip64=True) as handle:
            head = src.read("word/document.xml")
            handle.write(head[:-len(b"</w:document>")])
            for _ in range(inflated_mb):
                handle.write(chunk)
            handle.write(b"</w:document>")
    return path


def chinese_name_copy(folder: Path) -> Path:
    path = folder / "绩效 自评 报告 (副本) 2024.docx"
    shutil.copyfile(SMALL_DOCX, path)
    return path


def ole2_doc(folder: Path) -> Path:
    """A .doc made by LibreOffice from the small DOCX when soffice exists, else a minimal
    OLE2-signature file (which a converter must reject clearly)."""
    import subprocess
    import tempfile

    path = folder / "旧格式 report.doc"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.docx"
            shutil.copyfile(SMALL_DOCX, src)
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "doc", "--outdir", tmp, str(src)],
                           check=False, capture_output=True, timeout=120)
            made = Path(tmp) / "in.doc"
            if made.exists():
                shutil.copyfile(made, path)
                return path
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return path


MAKERS = {
    "zero_byte": zero_byte, "truncated_pdf": truncated_pdf, "not_a_pdf": not_a_pdf,
    "encrypted_pdf": encrypted_pdf, "blank_pages_pdf": blank_pages_pdf,
    "corrupt_docx": corrupt_docx, "zip_bomb_docx": zip_bomb_docx,
    "chinese_name_copy": chinese_name_copy,
}


def variants(folder: Path, count: int, sources: list[Path] | None = None) -> list[Path]:
    """`count` distinct small documents (different SHA-256) copied from dev files: PDFs with
    a comment appended after %%EOF, DOCX re-zipped with a different archive comment."""
    sources = sources or [SMALL_DOCX, DEV / "05_laomo-fuwu-huodong-jingfei.docx",
                          DEV / "06_xuanchuan-hulianwang-zhuanxian.docx", SMALL_PDF]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        src = sources[i % len(sources)]
        path = folder / f"{i:04d}_{src.stem}{src.suffix}"
        if src.suffix.lower() == ".pdf":
            path.write_bytes(src.read_bytes() + f"\n% variant {i}\n".encode())
        else:
            buf = io.BytesIO()
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
                for info in zin.infolist():
                    zout.writestr(info, zin.read(info.filename))
                zout.comment = f"variant {i}".encode()
            path.write_bytes(buf.getvalue())
        out.append(path)
    return out


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "tests" / "fixtures" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    for name, maker in MAKERS.items():
        print(name, maker(folder))
    print("doc", ole2_doc(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
