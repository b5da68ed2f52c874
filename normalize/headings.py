"""Which narrative lines open a section, at which level, and the heading's text: the rules the
module doc of normalize/sections.py describes, as one decision per line (_Headings.decide)."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from .lines import (CN_NUM, MAX_UNNUMBERED_HEADING, Line, body_size, multi_line, split_number,
                    without_notes, wraps_heading, numbering_level)
from .outlines import outlines

HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
# `1、项目立项分析：正文…`: a short label without inner punctuation, then a colon.
LABEL_COLON = re.compile(r"^(?P<head>(?P<num>\d{1,2}\s*[、．.]|[（(]\s*[\d一二三四五六七八九十]{1,2}\s*[)）])"
                         r"\s*[^，。；：:,;！？!?]{2,16}?)\s*[：:](?P<rest>.*)$")
# `1.财政拨款收入：指本年度从本级财政部门取得的…`: a 名词解释 entry, a term and its definition
DEFINITION = re.compile(r"^\s*(?:是指|系指|指(?![导标出挥南定引派令数针])|即(?![将时使便刻]))")    # not 指导…, 即将…
MAX_NUMBERED_HEADING = 60
MAX_PATTERN_ONLY_HEADING = 30
MAX_SENTENCE_HEADING = 150   # a whole sentence set as a （一） heading
MAX_RUN_IN_LABEL = 25        # `1.项目资金到位情况分析。` before its paragraph text
MAX_TITLE = 80
SENTENCE_PUNCT = re.compile(r"[，。；,;！？!?]")
TITLE_END = re.compile(r"(?:报告|报告书|情况说明)$")
# `【项目概况】` alone on its line: a label in lenticular brackets, which mark headings (not notes,
# which take round ones), whatever its type
JIE = re.compile(rf"^第[{CN_NUM}\d]+节")
BRACKET_LABEL = re.compile(r"^【[^【】（）()，。；,;！？!?]{2,16}】$")
BRACKET_LINE = re.compile(r"^[（(【\[〔][^（）()【】\[\]〔〕，。；：]{2,12}[)）】\]〕]$")
_DATE_DIGIT = r"[\d〇○零一二三四五六七八九十]"
# `2024年3月20日`, `二〇二四年六月` (a cover's or signature's date)
DATE_LINE = re.compile(rf"^{_DATE_DIGIT}{{4}}\s*年(?:\s*{_DATE_DIGIT}{{1,2}}\s*月(?:\s*{_DATE_DIGIT}{{1,3}}\s*日)?)?$")
BARE_NUMBER = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff])")
ATTACHMENTS = re.compile(r"^附\s*(?:件|表)\s*[：:]\s*\d{1,2}\s*[.、．]")
WRAP = ("wrap",)   # decision for the next line of a heading that wrapped


def _label_colon(text: str) -> re.Match | None:
    """`1、项目立项分析：正文…` as a run-in label and its text; None for a glossary's
    `1.基本支出：指…` (the words after the colon define the term before it)."""
    match = LABEL_COLON.match(text)
    return None if match is None or DEFINITION.match(match.group("rest")) else match


def _label_period(text: str) -> tuple[str, str] | None:
    """`1.项目资金到位情况分析。2022年…` -> (`1.项目资金到位情况分析。`, `2022年…`): a short numbered
    label closed by 。 with the paragraph running on; None when the first sentence is no label."""
    number, rest = split_number(text)
    end = rest.find("。")
    if not number or end < 2:
        return None
    label, after = rest[:end], rest[end + 1:].strip()
    if not after or len(without_notes(label)) > MAX_RUN_IN_LABEL or re.search(r"[，,；;：:！？!?、]", without_notes(label)):
        return None
    return number + label + "。", after


def _ordinal(text: str) -> int | None:
    """The number a heading is numbered with: `（3）` -> 3, `二、` -> 2."""
    number, _ = split_number(text)
    if number[:1] and ("⑴" <= number[0] <= "⒛" or "㈠" <= number[0] <= "㈩"):
        number = unicodedata.normalize("NFKC", number)      # ⑴ -> (1), ⒈ -> 1., ㈠ -> (一)
    if number[:1] and "①" <= number[0] <= "⑳":
        return ord(number[0]) - ord("①") + 1
    digits = re.findall(r"\d+", number)
    if digits:
        return int(digits[-1])      # `4.2` is the second of 4.x
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


def _same_size(a: Line, b: Line) -> bool:
    return (a.size is None and b.size is None) or (
        a.size is not None and b.size is not None and abs(a.size - b.size) <= max(0.5, 0.06 * a.size))


class _Headings:
    """Which lines open a section, at which level, and the heading's text (see the module doc)."""

    def __init__(self, lines: list[Line], toc: set[str] | frozenset = frozenset()):
        self.lines = lines
        self.toc = toc          # the words of the 目录's entries (normalize/lines.py toc_entries)
        self.paged = any(l.page is not None and l.top is not None for l in lines)
        self.body_size = body_size(lines)
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
        # half a point over the body, less a hair: a producer that scales the page (cairo, by
        # 0.9988) prints an 11.5 pt heading over 11 pt text as 11.49 over 10.99
        self.threshold = body * 1.1 if self.noisy and body else (body + 0.45 if body else None)
        # Right margin and body left margin, for paragraph and wrapped-heading decisions.
        long_x1 = sorted(l.x1 for l in lines if l.x1 is not None and len(l.text) >= 15)
        self.right = long_x1[int(len(long_x1) * 0.9)] if long_x1 else max(
            (l.x1 for l in lines if l.x1 is not None), default=None)
        self.outlines = outlines()
        known = Counter(name for l in lines if len(l.text) <= MAX_NUMBERED_HEADING
                        for name in self.outlines.known(l.text))
        self.outline = known.most_common(1)[0][0] if known else None   # the outline this report follows
        self.next_of = {id(a): b for a, b in zip(lines, lines[1:])}
        self.closed_title_size = None
        self.listed = self._lists()
        self._vote()
        # 【】 labels head the body's parts: under 一、 headings when the report has them
        self.bracket_level = 2 if any(numbering_level(l.text) == 1 and len(without_notes(l.text)) <= MAX_UNNUMBERED_HEADING
                                      for l in lines) else 1

    # ------------------------------------------------ typography
    def styled(self, line: Line) -> bool:
        return bool(HEADING_STYLE.match(line.style or "")) or line.outline is not None

    def other_face(self, line: Line) -> bool:
        """Set in a face that is not the body's (黑体 / 楷体 headings at the body size)."""
        return bool(line.face and self.body_face and line.face != self.body_face
                    and self.face_share.get(line.face, 0) < 0.5)

    def emphasised(self, line: Line) -> bool:
        """The whole line stands out from the body text, whatever its length."""
        if self.styled(line):
            return True
        if line.size and self.threshold and line.size >= self.threshold:
            return True
        return (bool(line.bold) and self.bold_share < 0.5) or self.other_face(line)

    def candidate(self, line: Line) -> bool:
        if self.styled(line):
            return True
        if line.size and self.threshold and line.size >= self.threshold:
            return True
        return self.emphasised(line) and len(without_notes(line.text)) <= MAX_UNNUMBERED_HEADING

    def key(self, line: Line):
        match = HEADING_STYLE.match(line.style or "")
        if match:
            return ("style", int(match.group(1)))
        if line.outline is not None:       # a custom style with an outline level: Heading N+1
            return ("style", line.outline + 1)
        if self.noisy:   # OCR sizes: whole points, bold unknown
            return ("font", float(round(line.size or 0)), False, None)
        size = round((line.size or 0) * 2) / 2
        return ("font", size, bool(line.bold), line.face if self.other_face(line) else None)

    def alike(self, a: Line, b: Line) -> bool:
        """Set in the same type. OCR sizes come from box heights and scatter by a point between two
        lines of one type (`2.1评价目的…` 12, `2.2评价方法…` 11): there, sizes a point apart are alike."""
        ka, kb = self.key(a), self.key(b)
        if ka == kb:
            return True
        return (self.noisy and ka[0] == kb[0] == "font" and ka[2:] == kb[2:] and abs(ka[1] - kb[1]) <= 1.0)

    # ------------------------------------------------ text
    def _lists(self) -> set[int]:
        """Numbered lines that form a list (three or more in a row at level 3/4, nothing between):
        附件 lists and enumerations, not headings."""
        lines, listed, i = self.lines, set(), 0

        def labelled(line: Line) -> bool:      # `1、…分析：正文` / `1.…情况分析。正文`: a run-in heading
            run_in = _label_period(line.text)
            return (bool(_label_colon(line.text)) or self.styled(line)
                    or (run_in is not None and self.outlines.label_like(run_in[0])))

        while i < len(lines):
            lvl = numbering_level(lines[i].text)
            j = i
            if lvl in (3, 4, 5):
                while (j + 1 < len(lines) and numbering_level(lines[j + 1].text) == lvl
                       and not labelled(lines[j + 1])):
                    j += 1
            if j - i >= 2 and not labelled(lines[i]):
                listed.update(id(lines[k]) for k in range(i, j + 1))
            i = j + 1
        # `（一）…运营压力较大；` / `（二）…调整不够及时。`: items of a list closed by ；, at any level;
        # the last one ends with 。 like a heading closed by a full stop, its sibling tells
        # An item may wrap over lines (a PDF's): its last line closes it with ；. A colon label does
        # not make it a run-in heading (`（1）数量：建成…；` / `（2）质量：…；`), a heading's type does.
        for i, a in enumerate(lines):
            lvl = numbering_level(a.text)
            if lvl is None or _ordinal(a.text) is None or self.styled(a) or (
                    labelled(a) and not _label_colon(a.text)):
                continue
            k = next((k for k in range(i + 1, min(i + 6, len(lines)))
                      if numbering_level(lines[k].text) is not None), None)
            if k is None or any(lines[m].after_table for m in range(i + 1, k + 1)):
                continue
            b = lines[k]
            if (lines[k - 1].text.endswith(("；", ";")) and numbering_level(b.text) == lvl
                    and _ordinal(b.text) == _ordinal(a.text) + 1):
                listed.update((id(a), id(b)))
        # `附件：1.绩效评价指标体系及评分表` / `2.满意度调查问卷汇总表`: the attachments' list
        for i, line in enumerate(lines):
            if not ATTACHMENTS.match(line.text):
                continue
            listed.add(id(line))
            for nxt in lines[i + 1:]:
                if numbering_level(nxt.text) != 3:
                    break
                listed.add(id(nxt))
        return listed

    def plausible(self, line: Line, prev_line: Line | None) -> bool:
        """A font-based candidate that reads like a heading: no sentence inside it, not a list
        item, not the continuation of a line that ran to the right margin."""
        if self.styled(line):
            return True
        text = without_notes(line.text)
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
                and not multi_line(prev_line) and not self._after_full_stop(line, prev_line)):
            return False      # the rest of a paragraph whose previous line was full
        return True

    def _vote(self) -> None:
        """Which level each style has among numbered headings in this document."""
        votes: dict[tuple, Counter] = defaultdict(Counter)
        self.any_signal = False
        previous = None
        sizes = []
        for line in self.lines:
            level = numbering_level(line.text)
            if (level is not None and self.candidate(line) and len(without_notes(line.text)) <= MAX_NUMBERED_HEADING
                    and self.plausible(line, previous)):
                votes[self.key(line)][level] += 1
                self.any_signal = True
                if line.size and not self.noisy:
                    sizes.append(line.size)
            previous = line
        self.level_of_key = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
        outline_numbered = any(numbering_level(l.text) in (0, 1, 2) and len(without_notes(l.text)) <= MAX_UNNUMBERED_HEADING
                               and not l.text.endswith(("。", "；", ";")) for l in self.lines)
        if not self.any_signal and not outline_numbered:
            self.level_of_key.update(self._type_only_levels())
        # Numbered headings' largest size (a heading style's too): a larger unnumbered line stands
        # above them (a title); a cover's lines at a styled 第一章's size do not.
        sizes += [k[1] for k in self.level_of_key if k[0] == "font" and k[1]]
        self.top_size = max(sizes) if sizes else self.body_size

    def in_toc(self, line: Line) -> bool:
        return bool(self.toc) and "".join(line.text.split()) in self.toc

    def _type_only_levels(self) -> dict[tuple, int]:
        """A report without numbered headings whose headings are set apart by type alone (黑体 over
        楷体 bold, or sizes stepping down): the recurring heading types, most prominent first, take
        levels 1, 2, …; a type seen once at the top (the title) is left to the title rule. Headings
        in the body type that the 目录 lists stand above them all."""
        counts: Counter = Counter()
        opening = None      # the type the report opens with (its title's): not counted until another shows
        previous = None
        for line in self.lines:
            bare = without_notes(line.text)
            if numbering_level(line.text) is not None:
                opening = opening or ("numbered",)
            elif (self.candidate(line) and not self.styled(line) and len(bare) <= MAX_UNNUMBERED_HEADING
                    and self.plausible(line, previous) and self.standalone(line, previous)
                    and not DATE_LINE.match(bare) and not re.search(r"[：:]", bare)):
                key = self.key(line)
                opening = opening or key
                if key != opening or counts:
                    counts[key] += 1
            previous = line
        ranked = sorted((k for k, n in counts.items() if n >= 2 and k[0] == "font"),
                        key=lambda k: (-k[1], not k[2], k[3] is None))
        plain_toc = any(self.in_toc(l) and self.key(l) not in counts for l in self.lines)
        level, top, levels = (2 if plain_toc else 1) - 1, None, {}
        for key in ranked:
            # sizes read off a scan scatter by a point: 18.7 and 19.1 are one type, 17.3 the next
            if top is None or key[1] < top[1] - 0.75 or key[2:] != top[2:]:
                level, top = level + 1, key
            levels[key] = min(5, level)
        return levels

    def introduces_paragraph(self, line: Line) -> bool:
        """A short numbered label on its own line, followed by an unnumbered paragraph."""
        nxt = self.next_of.get(id(line))
        if nxt is None or nxt.after_table or numbering_level(nxt.text) is not None:
            return False
        return len(nxt.text) > MAX_PATTERN_ONLY_HEADING or nxt.text.endswith(("。", "；", ";"))

    def standalone(self, line: Line, prev_line: Line | None) -> bool:
        """A line of its own: not the rest of a paragraph whose previous line ran to the margin."""
        return not (self.paged and prev_line is not None and prev_line.page == line.page
                    and prev_line.x1 is not None and self.right is not None and prev_line.size
                    and prev_line.x1 >= self.right - 2 * prev_line.size and not multi_line(prev_line)
                    and not self.candidate(prev_line) and not prev_line.after_table
                    and not self._after_full_stop(line, prev_line))

    def _after_full_stop(self, line: Line, prev_line: Line) -> bool:
        """A paragraph that ends with its sentence right at the margin (`…38.6万人次。`), and then a
        line in a heading's type: the line starts anew, it does not continue the paragraph."""
        return prev_line.text.endswith(("。", "！", "？", "!", "?")) and self.candidate(line)

    def title(self, line: Line, prev_line: Line | None, seen_heading: bool) -> bool:
        """A report title: an unnumbered line larger than every numbered heading, or a line
        ending in 报告 before the outline starts; no sentence, no colon."""
        text = line.text
        if (numbering_level(text) is not None or SENTENCE_PUNCT.search(text) or re.search(r"[：:]", text)
                or len(text) > MAX_TITLE or id(line) in self.listed or DATE_LINE.match(text)):
            return False
        if not self.standalone(line, prev_line):
            return False
        closed = self.closed_title_size
        if closed is not None and not seen_heading and line.size and line.size < closed - 0.5:
            return False      # cover text under a title its 报告 closed (the firm's name, 委托单位)
        big = bool(line.size and self.top_size and line.size > self.top_size + 0.5
                   and self.threshold and line.size >= self.threshold and not self.styled(line))
        return big or (not seen_heading and bool(TITLE_END.search(without_notes(text))))

    # ------------------------------------------------ one line
    def classify(self, line: Line, prev_line: Line | None, seen_heading: bool):
        """(level, heading, rest) when the line opens a section, else None."""
        text = line.text
        level = numbering_level(text)
        bare = without_notes(text)
        # a run-in heading set apart by its type (bold / other face) from the text after it
        lead = line.lead
        if lead and text.startswith(lead) and len(text) > len(lead):
            lead_level = numbering_level(lead)
            lead_bare = without_notes(lead)
            if lead_level is None:
                lead_level = self.outlines.level(lead, self.outline)
            words = split_number(lead_bare)[1].strip("。：:．. ")
            if (lead_level is not None and len(words) >= 2 and len(lead_bare) <= MAX_NUMBERED_HEADING
                    and not SENTENCE_PUNCT.search(lead_bare.rstrip("。：:．."))):     # not a bold `1.` alone
                return lead_level, lead.strip().rstrip("：:").strip(), text[len(lead):].strip()
        match = _label_colon(text)
        if match and level is not None and match.group("rest").strip() and id(line) not in self.listed:
            return level, match.group("head").strip(), match.group("rest").strip()
        if level is not None and id(line) not in self.listed:
            run_in = _label_period(text)
            if run_in and self.outlines.label_like(run_in[0]):
                return level, run_in[0], run_in[1]
        if level is None and self.title(line, prev_line, seen_heading):
            return 0, text, ""
        if BRACKET_LABEL.match(bare) and id(line) not in self.listed and self.standalone(line, prev_line):
            return self.bracket_level, text, ""
        known = self.outlines.level(text, self.outline) if len(bare) <= MAX_NUMBERED_HEADING else None
        if (self.in_toc(line) and id(line) not in self.listed and self.standalone(line, prev_line)
                and not bare.endswith(("。", "；", ";", "，", ","))):
            # the words of an entry of the report's own 目录: a heading, whatever its type
            return (level if level is not None else
                    self.level_of_key.get(self.key(line), known if known is not None else 1)), text, ""
        if self.candidate(line) and self.plausible(line, prev_line):
            run_in = _label_period(text) if level is not None and id(line) not in self.listed else None
            if run_in:
                # `（一）加快预算执行进度。建立…` set larger than its text with no bold to mark the
                # label (a Chromium PDF): the line stands out by its size, its heading is the label
                return level, run_in[0], run_in[1]
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
            # heading style, at any level); a short label closed by 。 with text running on is a
            # run-in heading whose type the PDF does not separate from its text
            run_in = _label_period(text) if not self.styled(line) else None
            return (level, run_in[0], run_in[1]) if run_in else (level, text, "")
        if (known is not None and id(line) not in self.listed and self.standalone(line, prev_line)
                and not bare.endswith(("；", ";", "，", ","))
                and not (level is None and bare.endswith(("：", ":")) and not self.emphasised(line))):
            # (`存在问题：` in the body type over its numbered items introduces a list, like the
            # `主要经验：…` beside it)
            # the words of a known outline's heading: numbered oddly, unnumbered, or in the body font
            if level is not None:
                return level, text, ""
            key = self.key(line)
            return self.level_of_key.get(key, known), text, ""
        if match and level is not None and id(line) not in self.listed:
            rest = match.group("rest").strip()
            return level, match.group("head").strip() if rest else text, rest
        if (level is not None and level <= 2 and len(bare) <= MAX_UNNUMBERED_HEADING and id(line) not in self.listed
                and not re.search(r"[，。；,;！？：:]", bare.rstrip("。：:"))):
            # 第X部分 / 一、 / （一） headings set in the body font (楷体 at body size): the numbering
            # alone marks them, as long as the line is no sentence
            return level, text, ""
        label = bare.rstrip("。：:")
        words = split_number(label)[1]      # the 、 of `1、` is its number's, not punctuation in the label
        if (level is not None and level >= 3 and len(label) <= 20 and id(line) not in self.listed
                and not re.search(r"[，。；,;！？：:、]", words[:-1]) and not label.endswith(("；", ";"))
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
        self.closed_title_size = None     # size of a title line that ends the title (…报告)
        for line in self.lines:
            if prev_heading_line is not None and self.paged and wraps_heading(prev_heading_line, line, self.right):
                head = next((d for d in reversed(decisions) if d is not WRAP), None)
                if (head is not None and head[0] == 0 and line.size
                        and TITLE_END.search(without_notes(line.text))):
                    # a title whose second line ends it (`…项目` / `绩效评价报告`) closes it all the same
                    self.closed_title_size = max(self.closed_title_size or 0.0, line.size)
                decisions.append(WRAP)
                prev = prev_heading_line = line
                continue
            found = self.classify(line, prev, seen_heading)
            decisions.append(found)
            if (found is not None and found[0] == 0 and not found[2] and line.size
                    and numbering_level(line.text) is None and TITLE_END.search(without_notes(line.text))):
                self.closed_title_size = max(self.closed_title_size or 0.0, line.size)
            if found is not None:
                seen_heading = seen_heading or found[0] > 0
                prev_heading_line = line if (self.candidate(line) or self.emphasised(line)) and not found[2] else None
            else:
                prev_heading_line = None
            prev = line
        self._siblings(decisions)
        self._numbered_between(decisions)
        self._decimal_parents(decisions)
        self._run_in_siblings(decisions)
        self._run_in_pairs(decisions)
        self._unnumbered_siblings(decisions)
        self._numbering_gaps(decisions)
        self._title_prefix(decisions)
        self._title_lines(decisions)
        self._unnumbered_parents(decisions)
        self._under_jie(decisions)
        self._unnumbered_depth(decisions)
        self._closing_colon(decisions)
        return decisions

    @staticmethod
    def _closing_colon(decisions: list) -> None:
        """`（一）预算收支情况：` on its own line: the colon is punctuation leading into the text below,
        not the heading's words (a run-in label loses it the same way)."""
        for i, d in enumerate(decisions):
            if d is not None and d is not WRAP and d[1].rstrip().endswith(("：", ":")):
                heading = d[1].rstrip().rstrip("：:").rstrip()
                if heading:
                    decisions[i] = (d[0], heading, d[2])

    def _unnumbered_parents(self, decisions: list) -> None:
        """Unnumbered headings in the type of the report's （一） headings (bold `绩效目标完成情况` over
        bold `（一）产出情况`) took their level from it; where a numbering starts again at one right
        under one of them, they stand above it: every unnumbered heading of that type and level moves
        up one (not above 1)."""
        heads = [(i, d) for i, d in enumerate(decisions) if d is not None and d is not WRAP]
        parents = set()
        for (a, da), (b, db) in zip(heads, heads[1:]):
            if (da[0] >= 2 and da[0] == db[0] and not da[2] and numbering_level(self.lines[a].text) is None
                    and not BRACKET_LABEL.match(without_notes(self.lines[a].text))
                    and numbering_level(self.lines[b].text) is not None and _ordinal(self.lines[b].text) == 1):
                parents.add((self.key(self.lines[a]), da[0]))
        for i, d in heads:
            if (not d[2] and numbering_level(self.lines[i].text) is None
                    and (self.key(self.lines[i]), d[0]) in parents):
                decisions[i] = (d[0] - 1, d[1], d[2])

    def _under_jie(self, decisions: list) -> None:
        """第X章 > 第X节 > 一、 > （一）: 第X节 and 一、 both read as level 1; where 一、 headings stand
        under a 节, everything under that 节 goes one level deeper (capped at 5)."""
        regions: list[list[int]] = []
        for i, d in enumerate(decisions):
            if d is None or d is WRAP:
                continue
            if d[0] == 0:
                regions.append([])          # a chapter (or the title): no 节 open
            elif JIE.match(self.lines[i].text.strip()):
                regions.append([-1])        # a 节 opens: the headings under it follow
            elif regions and regions[-1][:1] == [-1]:
                regions[-1].append(i)
        for region in regions:
            under = region[1:]
            if region[:1] == [-1] and any(decisions[i][0] == 1 and numbering_level(self.lines[i].text) == 1
                                          for i in under):
                for i in under:
                    d = decisions[i]
                    decisions[i] = (min(5, d[0] + 1), d[1], d[2])

    def _unnumbered_depth(self, decisions: list) -> None:
        """An unnumbered heading stands at most one level below the heading above it: a known
        outline's `产出指标完成情况` (level 3 under its 绩效指标完成情况分析) set right under a 一、
        heading is that heading's child (level 2). Numbered headings keep their numbering's level."""
        above = None
        moved: dict[int, tuple[int, int]] = {}   # outline level -> (level it took, its parent's level)
        for i, line in enumerate(self.lines):
            d = decisions[i]
            if d is None or d is WRAP:
                continue
            # (`1项目基本情况`, a decimal outline's first level printed without its space, is numbered)
            unnumbered = numbering_level(line.text) is None and not (d[0] == 3 and BARE_NUMBER.match(line.text))
            moved = {k: v for k, v in moved.items() if d[0] > v[1] or (unnumbered and d[0] == k)}
            if unnumbered and d[0] in moved:         # the siblings of one that moved up move with it
                d = decisions[i] = (moved[d[0]][0], d[1], d[2])
            elif above is not None and above >= 1 and unnumbered and d[0] > above + 1:
                moved[d[0]] = (above + 1, above)
                d = decisions[i] = (above + 1, d[1], d[2])
            above = d[0]

    def _title_lines(self, decisions: list) -> None:
        """A title printed over two lines (`正定县教育局` / `2023年度部门整体支出绩效自评报告`, or a
        line break the producer made) is one heading: the next title line of the same size
        continues it unless the title already ended (…报告) or either is a bracketed line."""
        head = None     # index of the title line the current title started on
        text = ""
        for i, line in enumerate(self.lines):
            d = decisions[i]
            if d is WRAP:
                if head is not None:
                    text += line.text
                continue
            is_title = (d is not None and d[0] == 0 and not d[2] and numbering_level(line.text) is None
                        and not BRACKET_LINE.match(line.text))
            if (is_title and head is not None and not TITLE_END.search(without_notes(text))
                    and _same_size(self.lines[head], line)):
                decisions[i] = WRAP
                text += line.text
                continue
            head, text = (i, line.text) if is_title else (None, "")

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
                bare = without_notes(line.text)
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
                            and _ordinal(lines[j].text) == number + step and self.alike(lines[j], line)):
                        decisions[i] = (level, line.text, "")
                        changed = True
                        break

    def _numbered_between(self, decisions: list) -> None:
        """`二、项目绩效目标完成情况及绩效自评工作开展情况，包括自评组织…等内容` between the headings
        `一、…` and `三、…` of its numbering and type is a heading however long, a paragraph of
        its own that is no sentence closed by 。 (first and second levels: body text is not
        numbered 一、 / （一） between two such headings)."""
        lines = self.lines
        for i, line in enumerate(lines):
            level = numbering_level(line.text)
            bare = without_notes(line.text).strip()
            if (decisions[i] is not None or level not in (1, 2) or id(line) in self.listed
                    or len(bare) > MAX_SENTENCE_HEADING or bare.endswith(("。", "；", ";", "，", ","))):
                continue
            number = _ordinal(line.text)
            if number is None:
                continue
            around = [self._nearest(decisions, i, step, level) for step in (-1, 1)]
            if all(j is not None and numbering_level(lines[j].text) == level and not decisions[j][2]
                   and _ordinal(lines[j].text) == number + step and self.alike(lines[j], line)
                   for j, step in zip(around, (-1, 1))):
                decisions[i] = (level, line.text, "")

    def _decimal_parents(self, decisions: list) -> None:
        """A decimal outline's first level printed without a space (`1项目概况`, as PDF text often
        reads `1 项目概况`) is a heading when the next heading is its first child (`1.1项目背景`),
        or beside such a heading numbered one apart. Such a line a known outline placed at another
        level (`1项目基本情况` as a （一）) is at the decimal outline's first level all the same."""
        lines = self.lines
        for i, line in enumerate(lines):
            d = decisions[i]
            if (d is None or d is WRAP or d[0] in (0, 3) or d[2] or numbering_level(line.text) is not None
                    or not BARE_NUMBER.match(line.text)):
                continue
            j = self._nearest_heading(decisions, i, 1)
            child = re.match(r"^(\d{1,2})\.1(?![\d.])", lines[j].text) if j is not None else None
            if child and int(child.group(1)) == int(BARE_NUMBER.match(line.text).group(1)) and decisions[j][0] == 4:
                decisions[i] = (3, d[1], d[2])
        changed = True
        while changed:
            changed = False
            for i, line in enumerate(lines):
                match = BARE_NUMBER.match(line.text)
                text = without_notes(line.text)
                if (decisions[i] is not None or match is None or len(text) > MAX_PATTERN_ONLY_HEADING
                        or re.search(r"[，。；：,;:！？!?]", text) or id(line) in self.listed
                        or not self.standalone(line, lines[i - 1] if i else None)):
                    continue
                number = int(match.group(1))
                j = self._nearest_heading(decisions, i, 1)
                child = re.match(r"^(\d{1,2})\.1(?![\d.])", lines[j].text) if j is not None else None
                sibling = False     # … or it stands between `2评价工作情况` and `4绩效分析`, headed alike
                for step in (-1, 1):
                    k = self._nearest(decisions, i, step, 3)
                    near = BARE_NUMBER.match(lines[k].text) if k is not None else None
                    sibling = sibling or bool(near and int(near.group(1)) == number + step
                                              and self.alike(lines[k], line))
                if (child and int(child.group(1)) == number and decisions[j][0] == 4) or sibling:
                    decisions[i] = (3, line.text, "")
                    changed = True

    def _run_in_siblings(self, decisions: list) -> None:
        """`1.前期准备。成立…` beside `3.分析评价。领导小组…`, a run-in heading: a short numbered label
        closed by 。 before its paragraph, in the type of its numbered neighbour that is a run-in
        heading, is one too (its words need not end like a heading's)."""
        lines = self.lines
        changed = True
        while changed:
            changed = False
            for i, line in enumerate(lines):
                level = numbering_level(line.text)
                run_in = _label_period(line.text) if level not in (None, 0) else None
                if decisions[i] is not None or run_in is None or id(line) in self.listed:
                    continue
                number = _ordinal(line.text)
                for step in (-1, 1):
                    j = self._nearest(decisions, i, step, level)
                    if (j is not None and decisions[j][2] and numbering_level(lines[j].text) == level
                            and _ordinal(lines[j].text) == (number or 0) + step
                            and _label_period(lines[j].text) is not None and self.alike(lines[j], line)):
                        decisions[i] = (level, run_in[0], run_in[1])
                        changed = True
                        break

    def _run_in_pairs(self, decisions: list) -> None:
        """`（一）加快预算执行进度。建立…` and `（二）提高绩效目标质量。结合…`: paragraphs opening with
        consecutive 一、/（一） numbers, each a short label closed by 。 with its text running on, in
        one type, are run-in headings even when no type sets the label apart (a scan, a Chromium
        PDF). One such paragraph alone, beside a sibling that is a plain sentence, is an item of a
        list (`（一）…有待完善。部分学校…` / `（二）…不及时，个别…`)."""
        lines = self.lines
        found = {}
        for i, line in enumerate(lines):
            level = numbering_level(line.text)
            if decisions[i] is None and level in (1, 2) and id(line) not in self.listed:
                run_in = _label_period(line.text)
                if run_in is not None and _ordinal(line.text) is not None:
                    found[i] = (level, _ordinal(line.text), run_in)
        heads = sorted(found)
        for a, b in zip(heads, heads[1:]):
            (la, na, ra), (lb, nb, rb) = found[a], found[b]
            between = [d for d in decisions[a + 1:b] if d is not None and d is not WRAP]
            if la == lb and nb == na + 1 and not between and self.alike(lines[a], lines[b]):
                decisions[a] = (la, ra[0], ra[1])
                decisions[b] = (lb, rb[0], rb[1])

    def _unnumbered_siblings(self, decisions: list) -> None:
        """A short unnumbered line standing alone over its paragraph, in the type of an unnumbered
        heading beside it (a known outline's `项目概况`, `项目绩效目标`) and between it and a heading
        of the same or a higher level, is a heading of that level too (`项目资金情况`)."""
        lines = self.lines
        for i, line in enumerate(lines):
            text = without_notes(line.text)
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            # (`绩效目标完成情况` right over its `（一）产出情况`: a parent, its child's numbering starting)
            child = (nxt is not None and decisions[i + 1] is not None and decisions[i + 1] is not WRAP
                     and numbering_level(nxt.text) is not None and _ordinal(nxt.text) == 1)
            if (decisions[i] is not None or numbering_level(line.text) is not None or id(line) in self.listed
                    or not 4 <= len(text) <= 20 or re.search(r"[，。；：,;:！？!?、]", text) or nxt is None
                    or (decisions[i + 1] is not None and not child) or DATE_LINE.match(text)
                    or not self.standalone(line, lines[i - 1] if i else None)
                    or not (child or len(nxt.text) > MAX_PATTERN_ONLY_HEADING or nxt.text.endswith("。"))):
                continue
            before = self._nearest_heading(decisions, i, -1)
            after = self._nearest_heading(decisions, i, 1)
            if before is None:
                continue
            for sib, other, other_after in ((before, after, True), (after, before, False)):
                if sib is None:
                    continue
                level = decisions[sib][0]
                if child and decisions[i + 1][0] not in (level, level + 1):
                    continue        # (at the child's level: _unnumbered_parents lifts them both)
                # (the last part of the report: no heading after it)
                fits = other is None or child or (decisions[other][0] == level or (
                    decisions[other][0] < level if other_after else decisions[other][0] == level - 1))
                if (level >= 1 and numbering_level(lines[sib].text) is None and not decisions[sib][2]
                        and self.alike(lines[sib], line) and fits and (sib == before or not child)):
                    decisions[i] = (level, line.text, "")
                    break

    @staticmethod
    def _nearest_heading(decisions: list, i: int, step: int) -> int | None:
        j = i + step
        while 0 <= j < len(decisions):
            if decisions[j] is not None and decisions[j] is not WRAP:
                return j
            j += step
        return None

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
            if (BRACKET_LABEL.match(line.text) and i + 1 < len(decisions) and decisions[i + 1] is None
                    and decisions[i] is not None):
                continue    # `【项目概况】` over its paragraph heads the body, even right under the title
            for j in (i - 1, i + 1):
                near = decisions[j] if 0 <= j < len(decisions) else None
                if near is not None and near is not WRAP and near[0] == 0 \
                        and numbering_level(self.lines[j].text) is None:
                    decisions[i] = (0, line.text, "")
                    break
