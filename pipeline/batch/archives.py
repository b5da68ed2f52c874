"""Reports published as zip archives (a portal's "附件下载" of a year's 自评表): their members are
documents of the run, each with its own row, keyed by its own bytes like any file.

A member is unpacked once into the output folder (`_jixiao/archives/`), where a rerun finds it;
its `documents.source_path` is `ARCHIVE!MEMBER` (the jar-URL convention), which the review finds
again inside the archive. Members named in GBK without the zip's UTF-8 flag (Windows' own zip
tool in China) get their names back. A member that would inflate more than MAX_RATIO times its
packed size, or past MAX_MEMBER_BYTES, is a failed row (a zip bomb), as is an archive inside the
archive (not unpacked). OOXML, ODF and OFD files are zip packages too: they are documents, not
archives.
"""
from __future__ import annotations

import hashlib
import os
import zipfile

SEPARATOR = "!"
MAX_MEMBER_BYTES = 2 * 1024 ** 3
MAX_RATIO = 100                 # inflated / packed, for members inflating past RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024


def is_archive(path: str) -> bool:
    """A readable zip that is not itself a document package."""
    from jixiao.extract import is_package
    try:
        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False
    return not is_package(names)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: zipfile reads names without the UTF-8 flag as
    cp437, which is how GBK names come out as mojibake."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        return name.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def members(path: str, source: str, into: str, suffixes: tuple[str, ...]) -> list[tuple[str, str, str | None]]:
    """(path to open, source_path, error or None) for each document member of the archive, in
    the archive's order; the member is unpacked under `into` (kept between runs)."""
    out: list[tuple[str, str, str | None]] = []
    with open(path, "rb") as handle:
        key = hashlib.sha256(handle.read(1 << 20)).hexdigest()[:16] + f"-{os.path.getsize(path)}"
    folder = os.path.join(into, key)
    with zipfile.ZipFile(path) as archive:
        for index, info in enumerate(archive.infolist()):
            name = member_name(info)
            base = name.rsplit("/", 1)[-1]
            if info.is_dir() or not base or base.startswith((".", "~$")) or name.startswith("__MACOSX/"):
                continue
            lower = base.lower()
            nested = lower.endswith(".zip")
            if not (nested or lower.endswith(suffixes)):
                continue
            source_path = f"{source}{SEPARATOR}{name}"
            # the member's CRC in the name: an archive changed in place never reuses a stale copy
            target = os.path.join(folder, f"{index:05d}-{info.CRC:08x}-{base}")
            if nested:
                out.append((target, source_path, "压缩包中的压缩包未展开: an archive inside an archive is "
                                                 "not unpacked; unpack it and run on its files"))
                continue
            error = _bomb(info)
            if error is None and not (os.path.isfile(target) and os.path.getsize(target) == info.file_size):
                os.makedirs(folder, exist_ok=True)
                try:
                    _unpack(archive, info, target)
                except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
                    error = f"压缩包成员无法解压: the member cannot be unpacked ({type(exc).__name__}: {exc})"
            out.append((target, source_path, error))
    return out


def _bomb(info: zipfile.ZipInfo) -> str | None:
    if info.file_size > MAX_MEMBER_BYTES:
        return (f"压缩包成员解压后 {info.file_size} 字节，超过上限 {MAX_MEMBER_BYTES}: the member inflates "
                "beyond the limit")
    if info.file_size > RATIO_MIN_BYTES and info.file_size / max(info.compress_size, 1) > MAX_RATIO:
        return (f"压缩包成员压缩比超过 {MAX_RATIO}:1: the member is compressed "
                f"{info.file_size / max(info.compress_size, 1):.0f} times (possible zip bomb)")
    return None


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: str) -> None:
    """Write the member next to its final name and rename (a killed run leaves no half file
    that a rerun would take for the member)."""
    partial = target + ".part"
    with archive.open(info) as src, open(partial, "wb") as dst:
        while True:
            block = src.read(1 << 20)
            if not block:
                break
            dst.write(block)
    os.replace(partial, target)


def split_source(source_path: str) -> tuple[str, str] | None:
    """(archive path, member name) of an `ARCHIVE!MEMBER` source_path, else None."""
    at = source_path.lower().find(".zip" + SEPARATOR)
    if at < 0 or at + 5 >= len(source_path):
        return None
    return source_path[:at + 4], source_path[at + 5:]


def read_member(archive_path: str, member: str) -> bytes | None:
    """The bytes of the member whose (decoded) name is `member`, or None."""
    try:
        with zipfile.ZipFile(archive_path) as archive:
            for info in archive.infolist():
                if member_name(info) == member and not _bomb(info):
                    return archive.read(info)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
        return None
    return None
