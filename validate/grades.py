"""The 自评等级 a table prints, as one of 优 / 良 / 中 / 差.

Forms print it as a word (优, 良好), a word with its band (优（90分及以上）), or as a row of
check boxes with one ticked (☑优 □良 □中 □差, √良). A box row with no box ticked, or with
more than one, states no grade.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["grade_word", "GRADE_WORDS"]

# (合格 / 不合格 name no band of the 优良中差 scale and are left unread)
GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "一般": "中",
               "较差": "差", "差": "差"}
_TICKED = "☑☒■√✓✔●◉"
_EMPTY = "□☐○◯"
# longest first, so 优秀 is read before 优
_WORD = "|".join(sorted(map(re.escape, GRADE_WORDS), key=len, reverse=True))
_BOX = re.compile(rf"([{_TICKED}{_EMPTY}])\s*({_WORD})")
_BAND = re.compile(r"[（(][^）)]*[）)]")


def grade_word(text: str | None) -> str | None:
    """优 / 良 / 中 / 差 for the printed grade, None when it states none."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    boxes = _BOX.findall(text)
    if boxes:
        ticked = {GRADE_WORDS[word] for mark, word in boxes if mark in _TICKED}
        return ticked.pop() if len(ticked) == 1 else None
    bare = re.sub(r"[\s“”\"'。]", "", _BAND.sub("", text))
    return GRADE_WORDS.get(bare)
