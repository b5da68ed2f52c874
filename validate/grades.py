"""The 自评等级 a table prints, as one of 优 / 良 / 中 / 差.

Forms print it as a word (优, 良好), a letter (A, B级: A = 优 … D = 差), a word with its band
(优（90分及以上）, A（90分以上）), or as a row of
check boxes with one ticked (☑优 □良 □中 □差, √良). A box row with no box ticked, or with
more than one, states no grade.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["grade_word", "GRADE_WORDS", "GRADE_LETTERS", "DEFAULT_BANDS", "score_bands", "grade_for", "near_band_edge"]

# (合格 / 不合格 name no band of the 优良中差 scale and are left unread)
GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "一般": "中",
               "较差": "差", "差": "差"}
# letter grades some provinces print (A级 = 优 … D级 = 差), read on the same four bands
GRADE_LETTERS = {"A": "优", "B": "良", "C": "中", "D": "差"}
_LETTER = re.compile(r"^([ABCD])(?:级|等|档|类)?$")
_TICKED = "☑☒■√✓✔●◉"
_EMPTY = "□☐○◯"
# longest first, so 优秀 is read before 优
_WORD = "|".join(sorted(map(re.escape, GRADE_WORDS), key=len, reverse=True))
_BOX = re.compile(rf"([{_TICKED}{_EMPTY}])\s*({_WORD}|[ABCD](?![A-Za-z]))")
_BAND = re.compile(r"[（(][^）)]*[）)]")
# lower bound of each grade on a 100-point scale (config: rules.grade_mismatch.bands)
DEFAULT_BANDS = [["优", 90.0], ["良", 80.0], ["中", 60.0], ["差", float("-inf")]]


def grade_word(text: str | None) -> str | None:
    """优 / 良 / 中 / 差 for the printed grade, None when it states none."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    boxes = _BOX.findall(text)
    if boxes:
        ticked = {GRADE_WORDS.get(word) or GRADE_LETTERS[word] for mark, word in boxes if mark in _TICKED}
        return ticked.pop() if len(ticked) == 1 else None
    bare = re.sub(r"[\s“”\"'。]", "", _BAND.sub("", text))
    letter = _LETTER.match(bare.upper())
    if letter:
        return GRADE_LETTERS[letter.group(1)]
    return GRADE_WORDS.get(bare)


def score_bands(configured) -> list[tuple[str, float]]:
    """(grade, lower bound) pairs, highest first: the configured bands, else DEFAULT_BANDS."""
    return sorted(((g, float(lo)) for g, lo in (configured or DEFAULT_BANDS)), key=lambda b: -b[1])


def grade_for(score: float, bands) -> str:
    """The grade whose band holds `score` (bands highest first)."""
    for grade, lower in bands:
        if score >= float(lower):
            return grade
    return bands[-1][0]


def near_band_edge(score: float, bands, tol: float) -> bool:
    """`score` within `tol` of a band's lower bound: rounding may have moved it across."""
    return any(abs(score - lo) <= tol for _, lo in bands if lo != float("-inf"))
