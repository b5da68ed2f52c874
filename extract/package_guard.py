"""Checks on a zip package (docx, xlsx, ods, ofd) from its directory alone, before any XML is parsed,
and the one XML parser configuration every reader of package parts uses.

One set of limits for every package: a damaged zip is CorruptDocument; too many entries, a member
or the whole archive inflating past the limits, or a member compressed more than
MAX_COMPRESSION_RATIO times (a decompression bomb) is TooLarge.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import CorruptDocument, TooLarge

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024   # whole archive, inflated
MAX_ENTRY_BYTES = 100 * 1024 * 1024          # any one member, inflated
MAX_COMPRESSION_RATIO = 100                  # inflated / compressed, per member ...
RATIO_MIN_BYTES = 1024 * 1024                # ... checked for members inflating past 1 MB
MAX_ENTRIES = 10_000


def check_package(path: Path, label: str, required: tuple[str, ...] = ()) -> list[zipfile.ZipInfo]:
    """The archive's members after the checks; `required` names members that must exist
    (any one of them)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(f"{label} 文件已损坏，无法作为 zip 打开: damaged {label}, not a readable zip "
                              f"archive ({exc})") from exc
    except OSError as exc:
        raise CorruptDocument(f"{label} 文件无法读取: cannot read {label} ({exc})") from exc
    if len(infos) > MAX_ENTRIES:
        raise TooLarge(f"{label} 压缩包条目过多 ({len(infos)} > {MAX_ENTRIES}): too many zip entries, "
                       "refusing to open")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_ENTRY_BYTES:
            raise TooLarge(f"{label} 条目 {info.filename} 解压后 {info.file_size} 字节，超过上限 "
                           f"{MAX_ENTRY_BYTES}: zip member too large (possible decompression bomb)")
        if info.file_size > RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise TooLarge(f"{label} 条目 {info.filename} 压缩比 {ratio:.0f}:1 超过上限 "
                               f"{MAX_COMPRESSION_RATIO}:1: suspicious compression ratio (possible "
                               "decompression bomb)")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise TooLarge(f"{label} 解压后共 {total} 字节，超过上限 {MAX_UNCOMPRESSED_BYTES}: archive "
                       "inflates beyond the limit (possible decompression bomb)")
    names = {info.filename for info in infos}
    if required and not any(name in names for name in required):
        raise CorruptDocument(f"zip 压缩包中没有 {' / '.join(required)}，不是 {label} 文件: zip archive "
                              f"without {' or '.join(required)}, not a {label}")
    return infos


def safe_xml_parser(**kwargs):
    """An lxml parser that expands no entities, loads no DTD and reaches no network: a
    billion-laughs or external-entity part reads as its literal text or fails, never expands."""
    from lxml import etree
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           **kwargs)


def parse_xml(data: bytes, label: str, part: str):
    """A package part's XML root; a DTD with entity declarations or broken XML is CorruptDocument."""
    from lxml import etree
    try:
        root = etree.fromstring(data, parser=safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(f"{label} 的 {part} 不是有效的 XML: {part} is not well-formed XML ({exc})") from exc
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None and len(list(tree.docinfo.internalDTD.iterentities())):
        raise CorruptDocument(f"{label} 的 {part} 声明了 XML 实体（可能是恶意构造的文件）: {part} declares XML "
                              "entities (billion-laughs / external-entity attack), refusing it")
    return root
