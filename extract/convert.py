"""Legacy Word/WPS (OLE2 .doc, .wps) and OpenDocument text (.odt) -> DOCX with headless
LibreOffice, then read_docx.

Each conversion runs with its own throw-away LibreOffice profile (-env:UserInstallation) so
parallel workers do not fight over one profile lock, and under a timeout so a file that hangs
the converter fails alone.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .docx_reader import read_docx
from .errors import ConversionUnavailable, CorruptDocument, ExtractError
from .model import RawDocument

CONVERT_TIMEOUT_SECONDS = 180
SOFFICE_NAMES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def read_via_libreoffice(path: str | Path, *, timeout: float = CONVERT_TIMEOUT_SECONDS,
                         fmt: str | None = None) -> RawDocument:
    """`fmt`: what the bytes are ('doc', 'wps', 'odt', 'rtf'); by default 'wps' for a .wps/.wpt name,
    else 'doc'."""
    path = Path(path)
    soffice = find_soffice()
    if soffice is None:
        raise ConversionUnavailable(
            f"无法读取 {path.suffix or '.doc'} 文件：本机未安装 LibreOffice (soffice)，请安装 LibreOffice "
            f"或先将文件另存为 .docx: a .doc/.wps/.odt file needs LibreOffice ('soffice' not found on PATH)")
    fmt = fmt or ("wps" if path.suffix.lower() in (".wps", ".wpt") else "doc")
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as tmp:
        tmp_path = Path(tmp)
        profile = tmp_path / "profile"
        outdir = tmp_path / "out"
        outdir.mkdir()
        # soffice picks the filter from the suffix; give it a copy with a plain ASCII name and a
        # suffix it knows, so odd file names (spaces, CJK, no suffix) do not matter.
        src = tmp_path / ("input." + fmt)
        shutil.copyfile(path, src)
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", str(outdir), str(src)]
        env = dict(os.environ, HOME=str(tmp_path))
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                    start_new_session=True)
        except OSError as exc:
            raise ConversionUnavailable(f"无法启动 LibreOffice: cannot start {soffice} ({exc})") from exc
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)   # soffice starts soffice.bin as a grandchild: end the whole group
            raise ExtractError(f"LibreOffice 转换超时（{timeout:.0f} 秒）: conversion of {path.name} "
                               f"timed out after {timeout:.0f}s") from exc
        except BaseException:
            _kill_group(proc)
            raise
        out = outdir / "input.docx"
        if proc.returncode != 0 or not out.exists():
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip()[-300:]
            raise CorruptDocument(f"LibreOffice 无法转换该文件（可能已损坏）: conversion of {path.name} "
                                  f"failed (exit {proc.returncode}) {detail}")
        raw = read_docx(out)
    raw.path = str(path)
    raw.format = fmt
    return raw


def _kill_group(proc: subprocess.Popen) -> None:
    import signal
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
