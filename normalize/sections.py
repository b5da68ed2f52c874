"""Narrative text -> sections (heading, level, path, body text).

Levels follow the numbering convention of Chinese official documents:
    第X部分 -> 0,  一、 -> 1,  （一）/(一) -> 2,  1、/1./1． -> 3,  (1)/（1） -> 4.
A line is a heading when it *looks* like one: a DOCX heading style (Heading N / 标题 N), a font
larger than the body text, or bold and short. Numbered look-alikes at body size (a numbered list
of problems, the 附件 list) stay body text, except `1、项目立项分析：正文…` — a short numbered label
followed by a colon opens a section whose heading is the label. Unnumbered headings (`项目概况`)
take the level the same style has for numbered headings in the same document, or Heading N -> N-1.
When a document gives no typographic signal at all, short numbered lines are headings.

PDF text arrives as lines: they are joined into paragraphs (a paragraph starts at an indented line
or after a line that stops short of the right margin), across page breaks; page numbers and
running headers/footers are dropped, as are table captions (the short lines just above a table).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from jixiao.extract.model import Table, TableRef, TextBlock

from .records import Section

CN_NUM = "一二三四五六七八九十百零〇"
NUMBERING = [
    (0, re.compile(rf"^第[{CN_NUM}\d]+(部分|章|篇)")),
    (2, re.compile(rf"^[（(]\s*[{CN_NUM}]+\s*[)）]")),
    (1, re.compile(rf"^[{CN_NUM}]+\s*[、.．]")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[)）]")),
    (3, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))")),
]
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
# `1、项目立项分析：正文…`: a short label without inner punctuation, then a colon.
LABEL_COLON = re.compile(r"^(?P<head>(?P<num>\d{1,2}\s*[、．.]|[（(]\s*[\d一二三四五六七八九十]{1,2}\s*[)）])"
                         r"\s*[^，。；：:,;！？!?]{2,16}?)\s*[：:](?P<rest>.*)$")
PAGE_NUMBER = re.compile(r"^(?:[-—–－~\s]*\d{1,4}[-—–－~\s]*|第\s*\d+\s*页.*|\d+\s*/\s*\d+|page\s*\d+.*)$", re.I)
TOC_LINE = re.compile(r"(?:[.…·．。-]{4,}|\s{3,}|\t)\s*\d{1,3}\s*$")   # 目录: 一、部门概况……3
CAPTION_YEAR = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[)）]$")
MAX_UNNUMBERED_HEADING = 40
MAX_NUMBERED_HEADING = 60
MAX_PATTERN_ONLY_HEADING = 30


def numbering_level(text: str) -> int | None:
    text = text.strip()
    for level, pattern in NUMBERING:
        if pattern.match(text):
            # `1.5 分` or `2024 年` are not numbering
            return level
    return None


@dataclass
class _Line:
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


def _key(line: _Line, body_size: float | None, noisy: bool = False):
    match = HEADING_STYLE.match(line.style or "")
    if match:
        return ("style", int(match.group(1)))
    if line.outline is not None:       # a custom style with an outline level: Heading N+1
        return ("style", line.outline + 1)
    if noisy:   # OCR sizes: whole points, bold unknown
        return ("font", float(round(line.size or 0)), False)
    size = round((line.size or 0) * 2) / 2
    return ("font", size, bool(line.bold))


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


def _drop_furniture(lines: list[_Line]) -> list[_Line]:
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


def _collect(blocks, tables: list[Table]) -> list[_Line]:
    """Text lines in order, without captions and page furniture; marks lines after a table."""
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
            if block.page is not None and items[j].page is not None and items[j].page != block.page:
                break
            if text:
                if caption:
                    is_caption = text in caption or CAPTION_YEAR.match(text)
                else:   # the extractor gave no caption: short title-like lines just above
                    is_caption = CAPTION_YEAR.match(text) or (
                        len(text) <= 30 and numbering_level(text) is None and not text.endswith(("。", "：", ":")))
                if is_caption:
                    caption_ids.add(id(items[j]))
                    taken += 1
                else:
                    break
            j -= 1
    lines: list[_Line] = []
    after_table = False
    for block in items:
        if isinstance(block, TableRef):
            after_table = True
            continue
        text = (block.text or "").strip()
        if not text or id(block) in caption_ids or CAPTION_YEAR.match(text) or TOC_LINE.search(text) \
                or re.fullmatch(r"目\s*录", text):
            continue
        lines.append(_Line(text, block.page, block.x0, block.x1, block.top, block.size, block.bold,
                           block.style, after_table, block.bottom, getattr(block, "outline_level", None)))
        after_table = False
    return _drop_furniture(lines)


def _body_size(lines: list[_Line]) -> float | None:
    weights = Counter()
    for line in lines:
        if line.size:
            weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else None


def build_sections(blocks, tables: list[Table]) -> list[Section]:
    lines = _collect(blocks, tables)
    if not lines:
        return []
    paged = any(l.page is not None and l.top is not None for l in lines)
    body_size = _body_size(lines)
    bold_share = sum(len(l.text) for l in lines if l.bold) / max(1, sum(len(l.text) for l in lines))
    # OCR estimates font sizes from box heights: sizes of body lines then scatter, and a size
    # difference alone says little.
    long_sizes = sorted(l.size for l in lines if l.size and len(l.text) >= 15)
    noisy = bool(long_sizes) and (long_sizes[(3 * len(long_sizes)) // 4] - long_sizes[len(long_sizes) // 4]) > 0.3
    threshold = body_size * 1.1 if noisy and body_size else (body_size + 0.5 if body_size else None)

    # Right margin and body left margin, for paragraph and wrapped-heading decisions.
    long_x1 = sorted(l.x1 for l in lines if l.x1 is not None and len(l.text) >= 15)
    right = long_x1[int(len(long_x1) * 0.9)] if long_x1 else max((l.x1 for l in lines if l.x1 is not None),
                                                                 default=None)
    left_by_page: dict = {}
    if paged:
        lefts = defaultdict(Counter)
        for l in lines:
            if l.x0 is not None:
                lefts[l.page][round(l.x0)] += 1
        left_by_page = {p: min(c) for p, c in lefts.items()}

    def styled(line: _Line) -> bool:
        return bool(HEADING_STYLE.match(line.style or "")) or line.outline is not None

    def candidate(line: _Line) -> bool:
        if styled(line):
            return True
        if line.size and threshold and line.size >= threshold:
            return True
        return bool(line.bold) and bold_share < 0.5 and len(line.text) <= MAX_UNNUMBERED_HEADING

    # Numbered lines that form a list (three or more in a row at level 3/4, nothing between):
    # 附件 lists and enumerations, not headings.
    listed: set[int] = set()
    i = 0
    while i < len(lines):
        lvl = numbering_level(lines[i].text)
        j = i
        if lvl in (3, 4):
            while (j + 1 < len(lines) and numbering_level(lines[j + 1].text) == lvl
                   and not LABEL_COLON.match(lines[j + 1].text) and not styled(lines[j + 1])):
                j += 1
        if j - i >= 2 and not LABEL_COLON.match(lines[i].text) and not styled(lines[i]):
            listed.update(id(lines[k]) for k in range(i, j + 1))
        i = j + 1

    def plausible(line: _Line, prev_line: _Line | None) -> bool:
        """A font-based candidate that reads like a heading: no sentence inside it, not a list
        item, not the continuation of a line that ran to the right margin."""
        if styled(line):
            return True
        text = line.text
        level = numbering_level(text)
        if id(line) in listed:
            return False
        inner = text[:-1]
        if (level is None or level >= 3) and re.search(r"[，。；,;！？]", inner):
            return False
        if level is None and text.endswith(("。", "；", ";")):
            return False
        if (level is None and prev_line is not None and paged and prev_line.page == line.page
                and prev_line.x1 is not None and right is not None and prev_line.size
                and prev_line.x1 >= right - 2 * prev_line.size and not candidate(prev_line)
                and not _multi_line(prev_line)):
            return False      # the rest of a paragraph whose previous line was full
        return True

    # Which level each style has among numbered headings in this document.
    votes: dict[tuple, Counter] = defaultdict(Counter)
    any_signal = False
    previous = None
    for line in lines:
        level = numbering_level(line.text)
        if (level is not None and candidate(line) and len(line.text) <= MAX_NUMBERED_HEADING
                and plausible(line, previous)):
            votes[_key(line, body_size, noisy)][level] += 1
            any_signal = True
        previous = line
    level_of_key = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}

    next_of = {id(a): b for a, b in zip(lines, lines[1:])}

    def introduces_paragraph(line: _Line) -> bool:
        """A short numbered label on its own line, followed by an unnumbered paragraph."""
        nxt = next_of.get(id(line))
        if nxt is None or nxt.after_table or numbering_level(nxt.text) is not None:
            return False
        return len(nxt.text) > MAX_PATTERN_ONLY_HEADING or nxt.text.endswith(("。", "；", ";"))

    def classify(line: _Line, prev_line: _Line | None):
        """(level, heading, rest) when the line opens a section, else None."""
        text = line.text
        level = numbering_level(text)
        match = LABEL_COLON.match(text)
        if match and level is not None and match.group("rest").strip():
            return level, match.group("head").strip(), match.group("rest").strip()
        if candidate(line) and plausible(line, prev_line):
            if level is not None and len(text) <= MAX_NUMBERED_HEADING:
                return level, text, ""
            if level is None and len(text) <= MAX_UNNUMBERED_HEADING:
                key = _key(line, body_size, noisy)
                if key in level_of_key:
                    return level_of_key[key], text, ""
                if key[0] == "style":
                    return max(0, key[1] - 1), text, ""
        if match and level is not None:
            return level, match.group("head").strip(), match.group("rest").strip()
        if (level is not None and level <= 2 and len(text) <= MAX_UNNUMBERED_HEADING and id(line) not in listed
                and not re.search(r"[，。；,;！？：:]", text)):
            # 第X部分 / 一、 / （一） headings set in the body font (楷体 at body size): the numbering
            # alone marks them, as long as the line is no sentence
            return level, text, ""
        if (level is not None and level >= 3 and len(text) <= 20 and id(line) not in listed
                and not re.search(r"[，。；,;！？：:、]", text[:-1]) and not text.endswith(("。", "；", ";"))
                and introduces_paragraph(line)):
            return level, text, ""
        if (not any_signal and level is not None and len(text) <= MAX_PATTERN_ONLY_HEADING
                and id(line) not in listed and not text.endswith(("。", "；", ";", "，", ","))):
            return level, text, ""
        return None

    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: Section | None = None
    paragraphs: list[str] = []
    pages: list[tuple[int, int | None]] = []   # (char offset in text, page) as text grows
    prev: _Line | None = None
    prev_heading_line: _Line | None = None

    def text_so_far() -> str:
        return "\n".join(paragraphs)

    def flush():
        if current is not None:
            current.text = text_so_far()
            current._pages = list(pages)  # not a dataclass field: page of each stretch of text

    def new_paragraph(line: _Line) -> bool:
        if prev is None or not paged or line.after_table:
            return True
        if line.page == prev.page and (_multi_line(prev) or _multi_line(line)):
            return True   # the extractor already joined this page's lines into paragraphs
        if prev.x1 is not None and right is not None and prev.size and prev.x1 < right - 2.5 * prev.size:
            return True   # previous line stopped short: end of its paragraph
        left = left_by_page.get(line.page)
        if line.x0 is not None and left is not None and line.size and line.x0 > left + 0.8 * line.size:
            return True   # first-line indent
        return False

    for line in lines:
        if prev_heading_line is not None and paged and _wraps(prev_heading_line, line, right):
            # second line of a heading that wrapped
            current.heading = join_lines(current.heading, line.text)
            stack[-1] = (stack[-1][0], current.heading)
            current.path = " > ".join(h for _, h in stack)
            prev, prev_heading_line = line, line
            continue
        found = classify(line, prev)
        if found is not None:
            level, heading, rest = found
            flush()
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            current = Section(seq=len(sections), level=level, heading=heading,
                              path=" > ".join(h for _, h in stack), text="", page=line.page)
            sections.append(current)
            paragraphs, pages = [], []
            if rest:
                pages.append((0, line.page))
                paragraphs.append(rest)
                prev_heading_line = None
            else:
                prev_heading_line = line if candidate(line) else None
            prev = line
            continue
        prev_heading_line = None
        if current is None:
            current = Section(seq=0, level=0, heading="", path="", text="", page=line.page)
            sections.append(current)
        offset = len(text_so_far())
        if not paragraphs or new_paragraph(line) or (not paged):
            if paragraphs:
                offset += 1
            pages.append((offset, line.page))
            paragraphs.append(line.text)
        else:
            if pages and pages[-1][1] != line.page:
                pages.append((offset, line.page))
            paragraphs[-1] = join_lines(paragraphs[-1], line.text)
        prev = line
    flush()
    return [s for s in sections if s.heading or s.text]


def _multi_line(line: _Line) -> bool:
    return (line.top is not None and line.size and line.bottom is not None
            and line.bottom - line.top > 1.8 * line.size)


def _wraps(head: _Line, line: _Line, right: float | None) -> bool:
    """`line` continues the heading `head` that filled its line."""
    if line.page != head.page or numbering_level(line.text) is not None:
        return False
    if not head.size or not line.size or abs(head.size - line.size) > 0.25 or bool(head.bold) != bool(line.bold):
        return False
    if head.x1 is None or right is None or head.x1 < right - 2.5 * head.size:
        return False
    if head.top is not None and line.top is not None and line.top - head.top > 2.2 * head.size:
        return False
    return len(line.text) <= MAX_UNNUMBERED_HEADING


def page_at(section: Section, offset: int) -> int | None:
    """Page on which the character at `offset` of section.text was printed (PDF), else the heading's."""
    page = section.page
    for start, p in getattr(section, "_pages", []):
        if start <= offset:
            page = p
        else:
            break
    return page
