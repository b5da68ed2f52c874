"""Narrative text -> sections (heading, level, path, body text).

Levels follow the numbering convention of Chinese official documents:
    第X部分 and the report's title lines -> 0,  一、 -> 1,  （一）/(一) -> 2,  1、/1./1． -> 3,  (1)/（1） -> 4.
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
Unnumbered headings otherwise take the level the same type has for numbered headings in the same
document, or Heading N -> N-1. When a document gives no typographic signal at all, short numbered
lines are headings.

PDF text arrives as lines: they are joined into paragraphs (a paragraph starts at an indented line
or after a line that stops short of the right margin), across page breaks; page numbers and
running headers/footers are dropped, as are table captions (the short lines just above a table).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from jixiao.extract.model import Table, TableRef, TextBlock

from .outlines import outlines
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
PAGE_NUMBER = re.compile(r"^(?:(?:[-—–－~\s]*\d{1,4}){1,2}[-—–－~\s]*|第\s*\d+\s*页.*|\d+\s*/\s*\d+|page\s*\d+.*)$", re.I)
TOC_LINE = re.compile(r"(?:[.…·．。-]{4,}|\s{3,}|\t)\s*\d{1,3}\s*$")   # 目录: 一、部门概况……3
CAPTION_YEAR = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[)）]$")
MAX_UNNUMBERED_HEADING = 40
MAX_NUMBERED_HEADING = 60
MAX_PATTERN_ONLY_HEADING = 30
MAX_SENTENCE_HEADING = 150   # a whole sentence set as a （一） heading
MAX_RUN_IN_LABEL = 25        # `1.项目资金到位情况分析。` before its paragraph text
MAX_TITLE = 80
SENTENCE_PUNCT = re.compile(r"[，。；,;！？!?]")
TITLE_END = re.compile(r"(?:报告|报告书|情况说明)$")
BRACKET_LINE = re.compile(r"^[（(【\[〔][^（）()【】\[\]〔〕，。；：]{2,12}[)）】\]〕]$")
DATE_LINE = re.compile(r"^\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?$")
NOTE = re.compile(r"[（(][^（）()]*[)）]")
OPEN_NOTE = re.compile(r"[（(][^（）()]*$")
WRAP = ("wrap",)   # decision for the next line of a heading that wrapped


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
    face: str | None = None     # typeface family (TextBlock.font)
    lead: str | None = None     # leading text set apart by its type (TextBlock.lead)


def _split_number(text: str) -> tuple[str, str]:
    """(numbering, rest) of a heading-like line: `（一）资金…` -> (`（一）`, `资金…`)."""
    text = text.strip()
    for _, pattern in NUMBERING:
        match = pattern.match(text)
        if match:
            return text[:match.end()], text[match.end():]
    return "", text


def _bare(text: str) -> str:
    """The line without its parenthesised notes (`2.简要概述项目资金情况（包括…）` -> `2.简要概述项目资金情况`),
    also one the line break left open: what length and punctuation tests look at."""
    number, rest = _split_number(text)
    for _ in range(2):
        rest = NOTE.sub("", rest)
    rest = OPEN_NOTE.sub("", rest)
    return number + rest.strip()


def _label_period(text: str) -> tuple[str, str] | None:
    """`1.项目资金到位情况分析。2022年…` -> (`1.项目资金到位情况分析。`, `2022年…`): a short numbered
    label closed by 。 with the paragraph running on; None when the first sentence is no label."""
    number, rest = _split_number(text)
    end = rest.find("。")
    if not number or end < 2:
        return None
    label, after = rest[:end], rest[end + 1:].strip()
    if not after or len(_bare(label)) > MAX_RUN_IN_LABEL or re.search(r"[，,；;：:！？!?、]", _bare(label)):
        return None
    return number + label + "。", after


def _ordinal(text: str) -> int | None:
    """The number a heading is numbered with: `（3）` -> 3, `二、` -> 2."""
    number, _ = _split_number(text)
    digits = re.search(r"\d+", number)
    if digits:
        return int(digits.group())
    chinese = re.search(rf"[{CN_NUM}]+", number)
    if not chinese:
        return None
    value, total = 0, 0
    for ch in chinese.group():
        if ch == "十":
            total += (value or 1) * 10
            value = 0
        elif ch == "百":
            total += (value or 1) * 100
            value = 0
        else:
            value = "零一二三四五六七八九".find(ch) if ch in "零一二三四五六七八九" else 0
    return total + value


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
            if (block.page is not None and items[j].page is not None and items[j].page != block.page
                    and text not in caption):
                break     # (the extractor's caption may have stayed at the foot of the page before)
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
                           block.style, after_table, block.bottom, getattr(block, "outline_level", None),
                           getattr(block, "font", None), getattr(block, "lead", None)))
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
    decisions = _Headings(lines).decide()
    return _assemble(lines, decisions)


class _Headings:
    """Which lines open a section, at which level, and the heading's text (see the module doc)."""

    def __init__(self, lines: list[_Line]):
        self.lines = lines
        self.paged = any(l.page is not None and l.top is not None for l in lines)
        self.body_size = _body_size(lines)
        total = max(1, sum(len(l.text) for l in lines))
        self.bold_share = sum(len(l.text) for l in lines if l.bold) / total
        faces = Counter()
        for l in lines:
            if l.face:
                faces[l.face] += len(l.text)
        self.body_face = faces.most_common(1)[0][0] if faces else None
        self.face_share = {f: n / total for f, n in faces.items()}
        # OCR estimates font sizes from box heights: sizes of body lines then scatter, and a size
        # difference alone says little.
        long_sizes = sorted(l.size for l in lines if l.size and len(l.text) >= 15)
        self.noisy = bool(long_sizes) and (
            long_sizes[(3 * len(long_sizes)) // 4] - long_sizes[len(long_sizes) // 4]) > 0.3
        body = self.body_size
        self.threshold = body * 1.1 if self.noisy and body else (body + 0.5 if body else None)
        # Right margin and body left margin, for paragraph and wrapped-heading decisions.
        long_x1 = sorted(l.x1 for l in lines if l.x1 is not None and len(l.text) >= 15)
        self.right = long_x1[int(len(long_x1) * 0.9)] if long_x1 else max(
            (l.x1 for l in lines if l.x1 is not None), default=None)
        self.outlines = outlines()
        known = Counter(name for l in lines if len(l.text) <= MAX_NUMBERED_HEADING
                        for name in self.outlines.known(l.text))
        self.outline = known.most_common(1)[0][0] if known else None   # the outline this report follows
        self.next_of = {id(a): b for a, b in zip(lines, lines[1:])}
        self.listed = self._lists()
        self._vote()

    # ------------------------------------------------ typography
    def styled(self, line: _Line) -> bool:
        return bool(HEADING_STYLE.match(line.style or "")) or line.outline is not None

    def other_face(self, line: _Line) -> bool:
        """Set in a face that is not the body's (黑体 / 楷体 headings at the body size)."""
        return bool(line.face and self.body_face and line.face != self.body_face
                    and self.face_share.get(line.face, 0) < 0.5)

    def emphasised(self, line: _Line) -> bool:
        """The whole line stands out from the body text, whatever its length."""
        if self.styled(line):
            return True
        if line.size and self.threshold and line.size >= self.threshold:
            return True
        return (bool(line.bold) and self.bold_share < 0.5) or self.other_face(line)

    def candidate(self, line: _Line) -> bool:
        if self.styled(line):
            return True
        if line.size and self.threshold and line.size >= self.threshold:
            return True
        return self.emphasised(line) and len(_bare(line.text)) <= MAX_UNNUMBERED_HEADING

    def key(self, line: _Line):
        match = HEADING_STYLE.match(line.style or "")
        if match:
            return ("style", int(match.group(1)))
        if line.outline is not None:       # a custom style with an outline level: Heading N+1
            return ("style", line.outline + 1)
        if self.noisy:   # OCR sizes: whole points, bold unknown
            return ("font", float(round(line.size or 0)), False, None)
        size = round((line.size or 0) * 2) / 2
        return ("font", size, bool(line.bold), line.face if self.other_face(line) else None)

    # ------------------------------------------------ text
    def _lists(self) -> set[int]:
        """Numbered lines that form a list (three or more in a row at level 3/4, nothing between):
        附件 lists and enumerations, not headings."""
        lines, listed, i = self.lines, set(), 0

        def labelled(line: _Line) -> bool:      # `1、…分析：正文` / `1.…情况分析。正文`: a run-in heading
            run_in = _label_period(line.text)
            return (bool(LABEL_COLON.match(line.text)) or self.styled(line)
                    or (run_in is not None and self.outlines.label_like(run_in[0])))

        while i < len(lines):
            lvl = numbering_level(lines[i].text)
            j = i
            if lvl in (3, 4):
                while (j + 1 < len(lines) and numbering_level(lines[j + 1].text) == lvl
                       and not labelled(lines[j + 1])):
                    j += 1
            if j - i >= 2 and not labelled(lines[i]):
                listed.update(id(lines[k]) for k in range(i, j + 1))
            i = j + 1
        return listed

    def plausible(self, line: _Line, prev_line: _Line | None) -> bool:
        """A font-based candidate that reads like a heading: no sentence inside it, not a list
        item, not the continuation of a line that ran to the right margin."""
        if self.styled(line):
            return True
        text = _bare(line.text)
        level = numbering_level(text)
        if id(line) in self.listed:
            return False
        if (level is None or level >= 3) and SENTENCE_PUNCT.search(text[:-1]):
            return False
        if level is None and text.endswith(("。", "；", ";")):
            return False
        if (level is None and prev_line is not None and self.paged and prev_line.page == line.page
                and prev_line.x1 is not None and self.right is not None and prev_line.size
                and prev_line.x1 >= self.right - 2 * prev_line.size and not self.candidate(prev_line)
                and not _multi_line(prev_line)):
            return False      # the rest of a paragraph whose previous line was full
        return True

    def _vote(self) -> None:
        """Which level each style has among numbered headings in this document."""
        votes: dict[tuple, Counter] = defaultdict(Counter)
        self.any_signal = False
        previous = None
        for line in self.lines:
            level = numbering_level(line.text)
            if (level is not None and self.candidate(line) and len(_bare(line.text)) <= MAX_NUMBERED_HEADING
                    and self.plausible(line, previous)):
                votes[self.key(line)][level] += 1
                self.any_signal = True
            previous = line
        self.level_of_key = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
        # Numbered headings' largest size: a larger unnumbered line stands above them (a title).
        sizes = [k[1] for k in self.level_of_key if k[0] == "font" and k[1]]
        self.top_size = max(sizes) if sizes else self.body_size

    def introduces_paragraph(self, line: _Line) -> bool:
        """A short numbered label on its own line, followed by an unnumbered paragraph."""
        nxt = self.next_of.get(id(line))
        if nxt is None or nxt.after_table or numbering_level(nxt.text) is not None:
            return False
        return len(nxt.text) > MAX_PATTERN_ONLY_HEADING or nxt.text.endswith(("。", "；", ";"))

    def standalone(self, line: _Line, prev_line: _Line | None) -> bool:
        """A line of its own: not the rest of a paragraph whose previous line ran to the margin."""
        return not (self.paged and prev_line is not None and prev_line.page == line.page
                    and prev_line.x1 is not None and self.right is not None and prev_line.size
                    and prev_line.x1 >= self.right - 2 * prev_line.size and not _multi_line(prev_line)
                    and not self.candidate(prev_line) and not prev_line.after_table)

    def title(self, line: _Line, prev_line: _Line | None, seen_heading: bool) -> bool:
        """A report title: an unnumbered line larger than every numbered heading, or a line
        ending in 报告 before the outline starts; no sentence, no colon."""
        text = line.text
        if (numbering_level(text) is not None or SENTENCE_PUNCT.search(text) or re.search(r"[：:]", text)
                or len(text) > MAX_TITLE or id(line) in self.listed or DATE_LINE.match(text)):
            return False
        if not self.standalone(line, prev_line):
            return False
        big = bool(line.size and self.top_size and line.size > self.top_size + 0.5
                   and self.threshold and line.size >= self.threshold and not self.styled(line))
        return big or (not seen_heading and bool(TITLE_END.search(_bare(text))))

    # ------------------------------------------------ one line
    def classify(self, line: _Line, prev_line: _Line | None, seen_heading: bool):
        """(level, heading, rest) when the line opens a section, else None."""
        text = line.text
        level = numbering_level(text)
        bare = _bare(text)
        # a run-in heading set apart by its type (bold / other face) from the text after it
        lead = line.lead
        if lead and text.startswith(lead) and len(text) > len(lead):
            lead_level = numbering_level(lead)
            lead_bare = _bare(lead)
            if lead_level is None:
                lead_level = self.outlines.level(lead, self.outline)
            words = _split_number(lead_bare)[1].strip("。：:．. ")
            if (lead_level is not None and len(words) >= 2 and len(lead_bare) <= MAX_NUMBERED_HEADING
                    and not SENTENCE_PUNCT.search(lead_bare.rstrip("。：:．."))):     # not a bold `1.` alone
                return lead_level, lead.strip().rstrip("：:").strip(), text[len(lead):].strip()
        match = LABEL_COLON.match(text)
        if match and level is not None and match.group("rest").strip():
            return level, match.group("head").strip(), match.group("rest").strip()
        if level is not None and id(line) not in self.listed:
            run_in = _label_period(text)
            if run_in and self.outlines.label_like(run_in[0]):
                return level, run_in[0], run_in[1]
        if level is None and self.title(line, prev_line, seen_heading):
            return 0, text, ""
        known = self.outlines.level(text, self.outline) if len(bare) <= MAX_NUMBERED_HEADING else None
        if self.candidate(line) and self.plausible(line, prev_line):
            if level is not None and len(bare) <= MAX_NUMBERED_HEADING:
                return level, text, ""
            if level is None and len(bare) <= MAX_UNNUMBERED_HEADING:
                key = self.key(line)
                if key in self.level_of_key:
                    return self.level_of_key[key], text, ""
                if key[0] == "style":
                    return max(0, key[1] - 1), text, ""
                if known is not None:
                    return known, text, ""
        if (level is not None and (level <= 2 and self.emphasised(line) or self.styled(line))
                and len(bare) <= MAX_SENTENCE_HEADING and id(line) not in self.listed
                and self.standalone(line, prev_line)):
            # `（一）…衔接资金共下达105万元，用于实施…`: a whole sentence set as the heading (or given a
            # heading style, at any level)
            return level, text, ""
        if (known is not None and id(line) not in self.listed and self.standalone(line, prev_line)
                and not bare.endswith(("；", ";", "，", ","))):
            # the words of a known outline's heading: numbered oddly, unnumbered, or in the body font
            if level is not None:
                return level, text, ""
            key = self.key(line)
            return self.level_of_key.get(key, known), text, ""
        if match and level is not None:
            rest = match.group("rest").strip()
            return level, match.group("head").strip() if rest else text, rest
        if (level is not None and level <= 2 and len(bare) <= MAX_UNNUMBERED_HEADING and id(line) not in self.listed
                and not re.search(r"[，。；,;！？：:]", bare.rstrip("。：:"))):
            # 第X部分 / 一、 / （一） headings set in the body font (楷体 at body size): the numbering
            # alone marks them, as long as the line is no sentence
            return level, text, ""
        label = bare.rstrip("。：:")
        if (level is not None and level >= 3 and len(label) <= 20 and id(line) not in self.listed
                and not re.search(r"[，。；,;！？：:、]", label[:-1]) and not label.endswith(("；", ";"))
                and (label == bare or self.outlines.label_like(bare)) and self.introduces_paragraph(line)):
            # `2.项目实施情况` (or `2.项目实施情况。`) on its own line over a paragraph
            return level, text, ""
        if (not self.any_signal and level is not None and len(bare) <= MAX_PATTERN_ONLY_HEADING
                and id(line) not in self.listed and not bare.endswith(("。", "；", ";", "，", ","))):
            return level, text, ""
        return None

    # ------------------------------------------------ the document
    def decide(self) -> list:
        """Per line: (level, heading, rest) for a heading, WRAP for the next line of a heading
        that wrapped, None for body text."""
        decisions: list = []
        prev = prev_heading_line = None
        seen_heading = False
        for line in self.lines:
            if prev_heading_line is not None and self.paged and _wraps(prev_heading_line, line, self.right):
                decisions.append(WRAP)
                prev = prev_heading_line = line
                continue
            found = self.classify(line, prev, seen_heading)
            decisions.append(found)
            if found is not None:
                seen_heading = seen_heading or found[0] > 0
                prev_heading_line = line if (self.candidate(line) or self.emphasised(line)) and not found[2] else None
            else:
                prev_heading_line = None
            prev = line
        self._siblings(decisions)
        self._numbering_gaps(decisions)
        self._title_prefix(decisions)
        return decisions

    def _numbering_gaps(self, decisions: list) -> None:
        """An unnumbered heading standing where the numbering skips one (`1、评价的目的`, `评价的原则`,
        `3、评价的方法`) takes its numbered neighbours' level."""
        heads = [(i, d) for i, d in enumerate(decisions) if d is not None and d is not WRAP]
        for (a, da), (b, db), (c, dc) in zip(heads, heads[1:], heads[2:]):
            lines = self.lines
            if (numbering_level(lines[b].text) is None and db[0] != da[0] and da[0] == dc[0] and da[0] > 0
                    and numbering_level(lines[a].text) == da[0] == numbering_level(lines[c].text)
                    and _ordinal(lines[a].text) is not None
                    and _ordinal(lines[c].text) == _ordinal(lines[a].text) + 2):
                decisions[b] = (da[0], db[1], db[2])

    def _siblings(self, decisions: list) -> None:
        """A short numbered label whose numbered neighbour at the same level, in the same type,
        is a heading is one too (`(1)项目完成数量` over a one-line text, beside `(2)`…`(4)`)."""
        lines = self.lines
        changed = True
        while changed:
            changed = False
            for i, line in enumerate(lines):
                if decisions[i] is not None:
                    continue
                level = numbering_level(line.text)
                bare = _bare(line.text)
                if (level is None or level == 0 or id(line) in self.listed or len(bare) > MAX_PATTERN_ONLY_HEADING
                        or SENTENCE_PUNCT.search(bare.rstrip("。")) or re.search(r"[：:]", bare)):
                    continue
                number = _ordinal(line.text)
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                if number is None or (nxt is not None and decisions[i + 1] is None
                                      and numbering_level(nxt.text) is not None):
                    continue      # a label over a numbered list, not over text
                for step in (-1, 1):
                    j = self._nearest(decisions, i, step, level)
                    if (j is not None and numbering_level(lines[j].text) == level
                            and _ordinal(lines[j].text) == number + step and self.key(lines[j]) == self.key(line)):
                        decisions[i] = (level, line.text, "")
                        changed = True
                        break

    @staticmethod
    def _nearest(decisions: list, i: int, step: int, level: int) -> int | None:
        """Index of the nearest heading at `level` before (step -1) or after (+1) line i, unless
        a higher heading stands between."""
        j = i + step
        while 0 <= j < len(decisions):
            d = decisions[j]
            if d is not None and d is not WRAP:
                if d[0] < level:
                    return None
                if d[0] == level:
                    return j
            j += step
        return None

    def _title_prefix(self, decisions: list) -> None:
        """A short bracketed line right above or below a title (`（直达资金）`) is part of the title."""
        for i, line in enumerate(self.lines):
            if not BRACKET_LINE.match(line.text) or numbering_level(line.text) is not None:
                continue
            for j in (i - 1, i + 1):
                near = decisions[j] if 0 <= j < len(decisions) else None
                if near is not None and near is not WRAP and near[0] == 0 \
                        and numbering_level(self.lines[j].text) is None:
                    decisions[i] = (0, line.text, "")
                    break


def _assemble(lines: list[_Line], decisions: list) -> list[Section]:
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
    prev: _Line | None = None

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
    head_bottom = head.bottom if head.bottom is not None else (head.top + head.size if head.top is not None else None)
    if head_bottom is not None and line.top is not None and line.top - head_bottom > 1.4 * head.size:
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
