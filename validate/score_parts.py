"""A total score the prose states beside the scores of its parts (评价组按决策、过程、产出、效益四个
方面评分，其中决策指标得分13.5分，过程指标得分17分，…，综合得分94分): which parts make up which
total, and whether the parts are all of them.

Parts are the sub_score facts (normalize/facts.py) of distinct parts in the total's sentence, or in
the sentence right after it that opens with 其中 (经自评，综合得分95.75分。其中产出指标得分49分，…).
A list of parts may leave some out (其中产出指标得分38分): parts adding up to more than the total
contradict it always, to less only when the list is complete, that is when the sentence counts
its parts (四个方面, 四部分) and names that many, or when the parts are one of the usual frameworks
whole (决策 / 过程 / 产出 / 效益 of the 共性指标体系; 产出 / 效益 / 满意度 and 预算执行 of the 自评表).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.normalize.records import Fact

__all__ = ["ScoreParts", "stated_parts"]

CN_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
PART_COUNT = re.compile(r"([两二三四五六\d])\s*(?:个)?\s*(?:方面|部分|维度|类指标|个一级指标)")
FRAMEWORKS = (("决策", "过程", "产出", "效益"), ("产出", "效益", "满意度", "预算执行"))


@dataclass
class ScoreParts:
    total: Fact
    parts: list[Fact]
    complete: bool          # the parts are all the total's (a count or a framework says so)

    @property
    def sum(self) -> float:
        return sum(p.value for p in self.parts)


def _count(sentence: str) -> int | None:
    match = PART_COUNT.search(sentence)
    if not match:
        return None
    word = match.group(1)
    return int(word) if word.isdigit() else CN_COUNT[word]


def _complete(parts: list[Fact], sentences: list[str]) -> bool:
    names = [p.subject or "" for p in parts]
    if any(_count(s) == len(parts) for s in sentences):
        return True
    return any(len(names) == len(frame) and all(any(word in n for n in names) for word in frame)
               for frame in FRAMEWORKS)


def stated_parts(facts: list[Fact]) -> list[ScoreParts]:
    """Every total stated with at least two scores of distinct parts beside it."""
    out = []
    ordered = sorted(facts, key=lambda f: f.seq)
    for i, total in enumerate(ordered):
        if total.kind != "total_score" or total.value is None:
            continue
        following = next((f.sentence for f in ordered[i + 1:] if f.sentence != total.sentence), None)
        sentences = [total.sentence] + ([following] if following and following.lstrip().startswith("其中") else [])
        parts, seen = [], set()
        for f in ordered:
            if (f.kind == "sub_score" and f.value is not None and f.sentence in sentences
                    and f.section_path == total.section_path and f.subject and f.subject not in seen):
                parts.append(f)
                seen.add(f.subject)
        if len(parts) >= 2:
            out.append(ScoreParts(total, parts, _complete(parts, sentences)))
    return out
