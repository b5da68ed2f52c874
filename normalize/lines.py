"""Narrative lines in reading order, as normalize/sections.py reads them: the text blocks outside
tables without page furniture (page numbers, running headers/footers), table captions or table of
contents lines, with what the extractor knows of each (position, size, bold, face, style, lead),
and the numbering a line starts with."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from jixiao.extract.model import Table, TableRef, TextBlock

CN_NUM = "一二三四五六七八九十百零〇"
# measure words after a figure (`86 个`, `1.5 分`, `12 月`), not the first word of a heading (项目, 人员, 分配)
MEASURE = ("(?:年|月|日|个|万|亿|元|次|户|家|所|名|座|处|台|套|亩|吨|米|公里|倍|天|场|件|份|张|岁|"
           "人(?![员才力口民])|分(?![析配类级值布解])|项(?!目))")
NUMBERING = [
    (0, re.compile(rf"^第[{CN_NUM}\d]+(部分|章|篇)")),
    (1, re.compile(rf"^第[{CN_NUM}\d]+节")),          # 第X章 > 第X节 (firms' evaluation reports)
    (2, re.compile(rf"^[（(]\s*[{CN_NUM}]+\s*[)）]")),
    (2, re.compile(rf"^[{CN_NUM}]{{1,3}}\s*[)）]")),      # （一） typed without its opening bracket: 一）
    (1, re.compile(rf"^[{CN_NUM}]+\s*[、.．]")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[)）]")),
    (3, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))")),
    (5, re.compile(r"^[①-⑳]")),                      # under (1): ①服务人数
    # one-character forms Word's numbering and IMEs write: ㈠ = （一）, ⑴ = （1）, ⒈ = 1.
    (2, re.compile(r"^[㈠-㈩]")),
    (4, re.compile(r"^[⑴-⒇]")),
    (3, re.compile(r"^[⒈-⒛]")),
    (4, re.compile(r"^\d{1,2}\s*[)）]")),              # 1）补贴机具数量
    # firms' decimal outlines: `1 项目概况` / `1.1 项目背景` / `4.1.1 立项依据`, not `1.5 分以上`,
    # `86 个小区` or `2.5万元` (a figure and its measure word)
    (5, re.compile(rf"^\d{{1,2}}\.\d{{1,2}}\.\d{{1,2}}(?![\d.])\s*(?=[\u4e00-\u9fff])(?!{MEASURE})")),
    (4, re.compile(rf"^\d{{1,2}}\.\d{{1,2}}(?![\d.])\s*(?=[\u4e00-\u9fff])(?!{MEASURE})")),
    (3, re.compile(rf"^\d{{1,2}}\s+(?=[\u4e00-\u9fff])(?!{MEASURE})")),
]
PAGE_NUMBER = re.compile(r"^(?:(?:[-—–－~\s]*\d{1,4}){1,2}[-—–－~\s]*|第\s*\d+\s*页.*|\d+\s*/\s*\d+|page\s*\d+.*)$", re.I)
# `部门整体支出绩效自评表`: a table's title line, unnumbered, no sentence in it
TABLE_TITLE = re.compile(r"^[^，。；：:,;！？、\s]{2,30}表$")
TOC_LINE = re.compile(r"(?:[.…·．。-]{4,}|\s{3,}|\t)\s*\d{1,3}\s*$")   # 目录: 一、部门概况……3
TOC_ENTRY = re.compile(r"(?P<entry>[^.…·．。\d\s][^.…·．。]*?)\s*[.…·．。-]{4,}\s*\d{1,3}")
MAX_UNNUMBERED_HEADING = 40      # an unnumbered heading (or the wrapped rest of one) is no longer
CAPTION_YEAR = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[)）]$")
NOTE = re.compile(r"[（(][^（）()]*[)）]")
OPEN_NOTE = re.compile(r"[（(][^（）()]*$")


def numbering_level(text: str) -> int | None:
    text = text.strip()
    for level, pattern in NUMBERING:
        if pattern.match(text):
            # `1.5 分` or `2024 年` are not numbering
            return level
    return None


@dataclass
class Line:
    text: str
    page: int | None
    x0: float | None
    x1: float | None
    top: float | None
    size: float | None
    bold: bool | None
    style: str | None
    after_table: bool = False   # a table stands between this line and the previous one
    bottom: float | None = None
    outline: int | None = None
    face: str | None = None     # typeface family (TextBlock.font)
    lead: str | None = None     # leading text set apart by its type (TextBlock.lead)


def split_number(text: str) -> tuple[str, str]:
    """(numbering, rest) of a heading-like line: `（一）资金…` -> (`（一）`, `资金…`)."""
    text = text.strip()
    for _, pattern in NUMBERING:
        match = pattern.match(text)
        if match:
            return text[:match.end()], text[match.end():]
    return "", text


def without_notes(text: str) -> str:
    """The line without its parenthesised notes (`2.简要概述项目资金情况（包括…）` -> `2.简要概述项目资金情况`),
    also one the line break left open: what length and punctuation tests look at."""
    number, rest = split_number(text)
    for _ in range(2):
        rest = NOTE.sub("", rest)
    rest = OPEN_NOTE.sub("", rest)
    return number + rest.strip()


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def join_lines(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    # A wrapped line is continued without a space unless two Latin words meet
    # (a number broken over two lines, `2.8` + `4 分`, must become `2.84 分`).
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Page numbers and running headers/footers (the same first/last line on many pages)."""
    pages = sorted({l.page for l in lines if l.page is not None})
    if not pages:
        return [l for l in lines if not PAGE_NUMBER.match(l.text)]
    by_page = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    edge = Counter()
    for page_lines in by_page.values():
        ordered = sorted(page_lines, key=lambda l: l.top or 0)
        for line in {id(ordered[0]): ordered[0], id(ordered[-1]): ordered[-1]}.values():
            edge[re.sub(r"\d+", "#", line.text)] += 1
    repeated = {t for t, n in edge.items() if n >= 3 and n >= len(pages) / 2}
    kept = []
    for line in lines:
        if PAGE_NUMBER.match(line.text):
            continue
        if re.sub(r"\d+", "#", line.text) in repeated:
            page_lines = sorted(by_page[line.page], key=lambda l: l.top or 0)
            if line is page_lines[0] or line is page_lines[-1]:
                continue
        kept.append(line)
    return kept


def toc_entries(blocks, bare: dict[int, str] | None = None) -> set[str]:
    """The entries of the report's 目录 (`绩效目标及完成情况……1`), without spaces: a line of the
    body with those words is a heading whatever its type. Needs two entries, so a stray line
    ending in a number after a tab is no 目录. `bare`: bare_toc(blocks), when already read."""
    entries = set((bare_toc(blocks) if bare is None else bare).values())
    for block in blocks:
        text = (getattr(block, "text", None) or "").strip()
        if not text or not TOC_LINE.search(text):
            continue
        # a PDF may hand the whole 目录 over as one block: `项目基本情况……1绩效目标及完成情况……1`
        found = [m.group("entry") for m in TOC_ENTRY.finditer(text)]
        match = TOC_LINE.search(text)
        found = found or ([text[:match.start()]] if match.start() > 0 else [])
        for entry in found:
            entry = "".join(entry.split()).rstrip(".…·．。-")
            if 2 <= len(entry) <= MAX_UNNUMBERED_HEADING:
                entries.add(entry)
    return entries if len(entries) >= 2 else set()


def _squeezed(block) -> str:
    return "".join((getattr(block, "text", None) or "").split())


def bare_toc(blocks) -> dict[int, str]:
    """A 目录 without leaders (OCR drops the dots, and often the page numbers): the short lines
    right after `目录` whose words open a later line of the report. id(block) -> entry words."""
    items = list(blocks)
    found: dict[int, str] = {}
    for i, block in enumerate(items):
        if not re.fullmatch(r"目\s*录", (getattr(block, "text", None) or "").strip()):
            continue
        for j in range(i + 1, len(items)):
            entry = re.sub(r"[.…·．。-]*\d{0,3}$", "", _squeezed(items[j]))
            if (len(entry) < 3 or len(entry) > MAX_UNNUMBERED_HEADING or re.search(r"[，。；,;：:]", entry)
                    or not any(_squeezed(later).startswith(entry) for later in items[j + 1:])
                    or (found and entry in found.values())):     # the body's first heading: the 目录 is over
                break
            found[id(items[j])] = entry
    return found if len(found) >= 2 else {}


def _table_title(text: str) -> bool:
    return bool(TABLE_TITLE.match(text)) and numbering_level(text) is None


def collect_lines(blocks, tables: list[Table], bare: dict[int, str] | None = None) -> list[Line]:
    """Text lines in order, without captions, page furniture and the 目录; marks lines after a
    table. `bare`: bare_toc(blocks), when already read."""
    items = list(blocks)
    caption_ids: set[int] = set()
    for i, block in enumerate(items):
        if not isinstance(block, TableRef):
            continue
        caption = set()
        if 0 <= block.index < len(tables):
            caption = {c.strip() for c in tables[block.index].caption}
        j, taken = i - 1, 0
        while j >= 0 and taken < 2 and isinstance(items[j], TextBlock):
            text = items[j].text.strip()
            if (block.page is not None and items[j].page is not None and items[j].page != block.page
                    and text not in caption and not _table_title(text)):
                break     # (a caption may have stayed at the foot of the page before, the extractor's
                #          or a title naming a 表 whose table moved on with its year line)
            if text:
                if caption:
                    is_caption = text in caption or CAPTION_YEAR.match(text) or _table_title(text)
                else:   # the extractor gave no caption: short title-like lines just above
                    is_caption = CAPTION_YEAR.match(text) or (
                        len(text) <= 30 and numbering_level(text) is None and not text.endswith(("。", "：", ":")))
                if is_caption:
                    caption_ids.add(id(items[j]))
                    taken += 1
                else:
                    break
            j -= 1
    toc_ids = bare_toc(items) if bare is None else bare
    lines: list[Line] = []
    after_table = False
    for block in items:
        if isinstance(block, TableRef):
            after_table = True
            continue
        text = (block.text or "").strip()
        if not text or id(block) in caption_ids or CAPTION_YEAR.match(text) or TOC_LINE.search(text) \
                or re.fullmatch(r"目\s*录", text) or id(block) in toc_ids:
            continue
        lines.append(Line(text, block.page, block.x0, block.x1, block.top, block.size, block.bold,
                           block.style, after_table, block.bottom, getattr(block, "outline_level", None),
                           getattr(block, "font", None), getattr(block, "lead", None)))
        after_table = False
    return drop_furniture(lines)


def body_size(lines: list[Line]) -> float | None:
    weights = Counter()
    for line in lines:
        if line.size:
            weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else None


def multi_line(line: Line) -> bool:
    return (line.top is not None and line.size and line.bottom is not None
            and line.bottom - line.top > 1.8 * line.size)


def wraps_heading(head: Line, line: Line, right: float | None) -> bool:
    """`line` continues the heading `head` that filled its line."""
    if line.page != head.page or numbering_level(line.text) is not None:
        return False
    if not head.size or not line.size or abs(head.size - line.size) > 0.25 or bool(head.bold) != bool(line.bold):
        return False
    if head.face and line.face and head.face != line.face:
        return False      # a heading goes on in its own face (黑体 over a 仿宋 paragraph)
    if head.x1 is None or right is None or head.x1 < right - 2.5 * head.size:
        return False
    head_bottom = head.bottom if head.bottom is not None else (head.top + head.size if head.top is not None else None)
    if head_bottom is not None and line.top is not None and line.top - head_bottom > 1.4 * head.size:
        return False
    return len(line.text) <= MAX_UNNUMBERED_HEADING
