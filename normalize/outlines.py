"""Known report outlines (outlines.toml): which words make a heading, and at which level.

`heading_key` reduces a heading to the words compared (`三、项目资金到位情况分析。` -> `资金到位`);
`known_levels` says at which levels the known outlines print a heading with those words.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

OUTLINES_PATH = Path(__file__).with_name("outlines.toml")

CN_NUM = "一二三四五六七八九十百零〇"
# Every numbering a heading may start with, the usual and the odd ones (`1）`, `①`, `一）`, `1.1`).
ANY_NUMBERING = re.compile(
    rf"^\s*(?:第[{CN_NUM}\d]+(?:部分|章|篇|节)|[（(]\s*[{CN_NUM}\d]{{1,3}}\s*[)）]|[{CN_NUM}]{{1,3}}\s*[、.．)）]"
    rf"|\d{{1,2}}(?:\.\d{{1,2}})+(?![\d.])\s*[、．]?|\d{{1,2}}\s*[、.．)）](?!\d)|[①-⑳]|[㈠-㈩⑴-⒛]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\s*[、.．]?)\s*")
NOTE = re.compile(r"[（(][^（）()]*[)）]\s*$")
OPEN_NOTE = re.compile(r"[（(][^）)]*$")


def strip_numbering(text: str) -> str:
    return ANY_NUMBERING.sub("", text, count=1)


def heading_key(text: str) -> str:
    """The words of a heading as outlines are compared: NFKC, no numbering, spaces, closing
    punctuation, parenthesised note, leading 项目/部门 or trailing 情况/分析/说明."""
    text = unicodedata.normalize("NFKC", strip_numbering((text or "").strip()))
    text = re.sub(r"\s+", "", text)
    text = text.rstrip("。.：:；;，,")
    for _ in range(2):
        text = NOTE.sub("", text)
        text = OPEN_NOTE.sub("", text)
    text = text.rstrip("。.：:；;，,")
    if len(text) >= 5:      # 项目资金到位 = 资金到位; 项目概况 stays (概况 alone says nothing)
        text = re.sub(r"^(?:项目|部门|单位)", "", text)
    while True:
        shorter = re.sub(r"(?:情况|分析|说明)$", "", text)
        if shorter == text or len(shorter) < 2:
            break
        text = shorter
    return text


class Outlines:
    def __init__(self, data: dict):
        self.levels: dict[str, dict[str, int]] = defaultdict(dict)   # key -> {outline name: level}
        for outline in data.get("outline", []):
            for entry in outline.get("headings", []):
                for words in [entry["text"], *entry.get("aliases", [])]:
                    key = heading_key(words)
                    if len(key) >= 2:
                        self.levels[key].setdefault(outline["name"], int(entry["level"]))
        self.suffixes = tuple(unicodedata.normalize("NFKC", s) for s in data.get("heading_suffixes", []))

    def known(self, text: str) -> dict[str, int]:
        """{outline name: level} of the outlines that print a heading with these words."""
        return self.levels.get(heading_key(text), {})

    def level(self, text: str, prefer: str | None = None) -> int | None:
        """The level of a known heading: the preferred outline's, else the one all agree on."""
        found = self.known(text)
        if not found:
            return None
        if prefer in found:
            return found[prefer]
        levels = set(found.values())
        return levels.pop() if len(levels) == 1 else None

    def label_like(self, label: str) -> bool:
        """A short label that reads as a heading: it ends with a heading word (情况, 分析, 目标 …)."""
        words = unicodedata.normalize("NFKC", label).rstrip("。.：:；; ")
        words = NOTE.sub("", words)
        return words.endswith(self.suffixes) or bool(self.known(words))


@lru_cache(maxsize=1)
def outlines() -> Outlines:
    return Outlines(tomllib.loads(OUTLINES_PATH.read_text(encoding="utf-8")))
