"""Amounts the prose states as the parts of a whole (中央资金2,415万元、省级资金726万元、市级资金95万元,
合计…; 资金3,286万元，其中中央资金…): which parts make up which whole, read from one sentence.

Two shapes: parts listed before a 合计 / 共计 / 总计 amount (A、B，合计T: the whole is the parts by
construction), and a whole followed by 其中 and its parts (T，其中A、B). A 其中 list may name only the
main parts, so parts below such a whole are no contradiction by themselves; above it they are.
A list stops at an amount that is no part of the same kind: a payment, a difference, a share
(支出 / 结余 / 占 / 执行率 …), which a sentence may state after the parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.normalize.facts import money_amounts, sentences

__all__ = ["MoneyParts", "stated_money_parts"]

TOTAL_WORD = re.compile(r"(?:合计|共计|总计|总额|累计|共)\s*(?:为|是|达|:|：)?\s*$")
QIZHONG = re.compile(r"其中\s*[:：]?")
# what makes an amount no part of a list of funds: a payment, a difference, a share, a rate
OTHER_KIND = re.compile(r"支出|支付|拨付|使用|执行|结余|结转|节余|剩余|超|差|减少|增加|增长|下降|占|比|率|人均|每")
SEPARATOR = re.compile(r"[、，,；;：:和及与]")


@dataclass
class MoneyParts:
    sentence: str
    total: tuple[int, int, float, str]          # (start, end, 万元, printed)
    parts: list[tuple[int, int, float, str]]
    listed_before: bool                         # A、B，合计T: the parts are the whole's all

    @property
    def sum(self) -> float:
        return sum(p[2] for p in self.parts)


def _label(text: str, start: int) -> str:
    """The words between the previous separator and the amount at `start` (转移支付 names a fund,
    no payment: left out)."""
    head = text[:start]
    cut = max((m.end() for m in SEPARATOR.finditer(head)), default=0)
    return head[cut:].replace("转移支付", "")


def _parts_after(sentence: str, amounts: list, i: int) -> list:
    """The amounts listed after the 其中 that follows amount i."""
    parts = []
    for amount in amounts[i + 1:]:
        label = _label(sentence, amount[0])
        if OTHER_KIND.search(label) or TOTAL_WORD.search(sentence[:amount[0]]) or "%" in sentence[amount[1]:amount[1] + 2]:
            break
        parts.append(amount)
    return parts


def stated_money_parts(text: str) -> list[MoneyParts]:
    out = []
    for _, sentence in sentences(text):
        amounts = money_amounts(sentence)
        for i, amount in enumerate(amounts):
            before = sentence[:amount[0]]
            if TOTAL_WORD.search(before) and not OTHER_KIND.search(_label(sentence, amount[0])):
                # A、B，合计T: the amounts before it back to the sentence's start or its last 其中
                start = max((m.end() for m in QIZHONG.finditer(before)), default=0)
                parts = [a for a in amounts[:i] if a[0] >= start]
                if len(parts) >= 2 and not any(OTHER_KIND.search(_label(sentence, a[0])) for a in parts):
                    out.append(MoneyParts(sentence, amount, parts, True))
                    continue
            following = amounts[i + 1] if i + 1 < len(amounts) else None
            between = sentence[amount[1]:following[0]] if following else ""
            if following and QIZHONG.search(between):
                parts = _parts_after(sentence, amounts, i)
                if len(parts) >= 2:
                    out.append(MoneyParts(sentence, amount, parts, False))
    return out
