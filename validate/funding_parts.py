"""Which funding lines make up which: the parts of the 年度资金总额, and the 其中 lines nested
under one of those parts.

A form lists the parts of the total under one `其中：` (其中：财政拨款 / 上年结转资金 / 其他资金).
Some forms then detail one part with a second `其中：` (财政拨款 / 其中：中央补助 / 省级补助 /
县级配套 / 上年结转资金): those lines add up to 财政拨款, not beside it to the total, and summing
them with the other parts doubles them. The indentation that shows the nesting on paper is lost in
most renderings; the second `其中` is what survives, or a numbering the part's lines carry and the
parts do not, or not in that style (财政拨款 / （1）中央补助 / （2）省级资金 / 上年结转资金; 1.财政拨款 /
（1）中央补助 / 2.上年结转资金).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.normalize.records import FundingLine

__all__ = ["FundingPart", "funding_parts", "COLUMNS"]

COLUMNS = ("budget_initial", "budget_adjusted", "executed")

_QIZHONG = re.compile(r"^\s*其中")
# numbering styles of a line's label; a line numbered in another style than the part above it (an
# unnumbered part, or 1.财政拨款 above （1）中央补助) is one of that part's details
_NUMBER_STYLES = (("paren", re.compile(r"[（(]\s*\d{1,2}\s*[）)]")), ("circled", re.compile(r"[①-⑳]")),
                  ("dot", re.compile(r"\d{1,2}\s*[、.．](?!\d)")), ("chinese", re.compile(r"[一二三四五六七八九十]{1,2}\s*[、.．]")))
_BEFORE_NUMBER = re.compile(r"^\s*(?:其中\s*[:：]?\s*)?")


def _numbering(label: str | None) -> str | None:
    """The numbering style a funding label starts with (`（1）中央补助` -> paren), or None."""
    rest = _BEFORE_NUMBER.sub("", label or "")
    return next((style for style, pattern in _NUMBER_STYLES if pattern.match(rest)), None)
# sources that are parts of the total in every template: a nested list ends before one of them
_TOP_LEVEL = frozenset({"fiscal", "carryover", "other"})


@dataclass
class FundingPart:
    line: FundingLine
    details: list[FundingLine] = field(default_factory=list)   # its own 其中 lines (empty: none)
    numbering: str | None = None                                # the details' numbering style, if numbered


def _sums_to(parent: FundingLine, lines: list[FundingLine]) -> bool:
    """The lines add up to every figure the parent prints (0.005 万元)."""
    printed = [c for c in COLUMNS if getattr(parent, c) is not None]
    return bool(printed) and all(
        abs(sum(getattr(f, c) or 0.0 for f in lines) - getattr(parent, c)) <= 0.005 for c in printed)


def funding_parts(lines: list[FundingLine]) -> list[FundingPart]:
    """The lines other than the total, as the total's parts each with its nested 其中 lines.

    A line labelled 其中… that is not the first part opens the details of the part above it; the
    details run on until a line of a top-level source (财政拨款, 上年结转, 其他资金) or until they
    add up to that part. A list whose lines, all taken as parts, add up to the total is read flat
    whatever its labels say (a 其中 cell a renderer put on a middle line is no nesting)."""
    parts = _nested(lines)
    total = next((f for f in lines if f.source == "total"), None)
    flat = [f for f in lines if f.source != "total"]
    if total is not None and any(part.details for part in parts) and _sums_to(total, flat):
        return [FundingPart(line) for line in flat]
    return parts


def _nested(lines: list[FundingLine]) -> list[FundingPart]:
    parts: list[FundingPart] = []
    open_group: FundingPart | None = None
    for line in (f for f in lines if f.source != "total"):
        label = line.label_raw or ""
        numbering = _numbering(label)
        if open_group is not None:
            if open_group.numbering:
                # a numbered run goes on whatever its lines are called (（2）省级财政资金 reads as fiscal)
                if numbering == open_group.numbering:
                    open_group.details.append(line)
                    continue
                open_group = None
            elif line.source in _TOP_LEVEL or _sums_to(open_group.line, open_group.details):
                open_group = None
            else:
                open_group.details.append(line)
                continue
        opens_numbered = bool(numbering) and bool(parts) and numbering != _numbering(parts[-1].line.label_raw)
        if parts and (_QIZHONG.match(label) or opens_numbered):
            open_group = parts[-1]
            open_group.numbering = numbering if opens_numbered else None
            open_group.details.append(line)
            continue
        parts.append(FundingPart(line))
    return parts
