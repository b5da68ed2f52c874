"""Narrative text -> sections (heading, level, path, body text).

Levels follow the numbering convention of Chinese official documents:
    第X部分 / 第X章 and the report's title lines -> 0,  第X节 and 一、 -> 1,  （一）/(一) -> 2,  1、/1./1． -> 3,
    (1)/（1） -> 4,  ① -> 5.
A line is a heading when it *looks* like one: a DOCX heading style (Heading N / 标题 N), a font
larger than the body text, bold and short, or set in another face than the body (黑体 / 楷体 at the
body size, TextBlock.font). Numbered look-alikes at body size (a numbered list of problems, the 附件
list) stay body text. Run-in headings open a section whose heading is the label and whose text is
the rest: `1、项目立项分析：正文…`, a leading label set apart by its type (TextBlock.lead), or a short
numbered label that reads as a heading (ends in 情况/分析/…, normalize/outlines.toml) closed by 。.
A （一） heading may be a whole sentence when it is set as a heading (`（一）…共下达105万元，用于…`).
Parenthesised notes do not count against a heading (`2.简要概述项目资金情况（包括…）`).

Further evidence, beside numbering and type:
- known outlines (normalize/outlines.py): a line whose words are a known heading is one, even
  unnumbered, oddly numbered or in the body font, with the outline's level unless its type says;
- titles: an unnumbered line larger than every numbered heading, or ending in 报告 before the
  outline starts, and a bracketed line beside it (`（直达资金）`), are level 0;
- siblings: a short numbered label over a one-line text is a heading when its neighbour at the same
  level and in the same type is one (`(1)项目完成数量` beside `(2)`…`(4)`); an unnumbered heading in
  a gap of the numbering (`1、…`, `评价的原则`, `3、…`) takes its neighbours' level.
- the report's own 目录: a line with the words of one of its entries is a heading whatever its type
  (entries read from dot leaders and page numbers, or, where OCR lost both, from the short lines
  after 目录 that open later lines); the 目录 itself is no heading.
Unnumbered headings otherwise take the level the same type has for numbered headings in the same
document, or Heading N -> N-1; in a report with no 一、/（一） outline at all, the recurring heading
types take levels 1, 2, … by prominence (size, then bold, then another face). A closing colon
(`（一）预算收支情况：`) is no part of the heading. When a document gives no typographic signal at all, short numbered
lines are headings.

PDF text arrives as lines: they are joined into paragraphs (a paragraph starts at an indented line
or after a line that stops short of the right margin), across page breaks; page numbers and
running headers/footers are dropped, as are table captions (the short lines just above a table).
"""
from __future__ import annotations

from collections import Counter, defaultdict

from jixiao.extract.model import Table

from .headings import WRAP, _Headings
from .lines import Line, bare_toc, collect_lines, multi_line, join_lines, numbering_level, toc_entries
from .records import Section

__all__ = ["build_sections", "numbering_level", "join_lines", "page_at"]


def build_sections(blocks, tables: list[Table]) -> list[Section]:
    blocks = list(blocks)
    bare = bare_toc(blocks)      # a 目录 without leaders: its lines are dropped and its words kept
    lines = collect_lines(blocks, tables, bare)
    if not lines:
        return []
    decisions = _Headings(lines, toc_entries(blocks, bare)).decide()
    return _assemble(lines, decisions)


def _assemble(lines: list[Line], decisions: list) -> list[Section]:
    """Sections from the lines and what each one is: headings open sections, body lines are
    joined into paragraphs (PDF: a paragraph starts at an indented line or after a line that
    stops short of the right margin), across page breaks."""
    paged = any(l.page is not None and l.top is not None for l in lines)
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

    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: Section | None = None
    paragraphs: list[str] = []
    pages: list[tuple[int, int | None]] = []   # (char offset in text, page) as text grows
    prev: Line | None = None

    def text_so_far() -> str:
        return "\n".join(paragraphs)

    def flush():
        if current is not None:
            current.text = text_so_far()
            current._pages = list(pages)  # not a dataclass field: page of each stretch of text

    def new_paragraph(line: Line) -> bool:
        if prev is None or not paged or line.after_table:
            return True
        if line.page == prev.page and (multi_line(prev) or multi_line(line)):
            return True   # the extractor already joined this page's lines into paragraphs
        if prev.x1 is not None and right is not None and prev.size and prev.x1 < right - 2.5 * prev.size:
            return True   # previous line stopped short: end of its paragraph
        left = left_by_page.get(line.page)
        if line.x0 is not None and left is not None and line.size and line.x0 > left + 0.8 * line.size:
            return True   # first-line indent
        return False

    for line, found in zip(lines, decisions):
        if found is WRAP:
            # second line of a heading that wrapped
            current.heading = join_lines(current.heading, line.text)
            stack[-1] = (stack[-1][0], current.heading)
            current.path = " > ".join(h for _, h in stack)
            prev = line
            continue
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
            prev = line
            continue
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


def page_at(section: Section, offset: int) -> int | None:
    """Page on which the character at `offset` of section.text was printed (PDF), else the heading's."""
    page = section.page
    for start, p in getattr(section, "_pages", []):
        if start <= offset:
            page = p
        else:
            break
    return page
