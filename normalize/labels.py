"""Header and row labels -> canonical field names, driven by label_synonyms.toml.

A label is first normalised (NFKC, whitespace and trailing colons removed, a bracketed unit
such as （万元） dropped, a leading 其中： dropped). An exact synonym wins. Otherwise the label is
segmented with jieba and the keyword groups of each field are tried in the configured order,
so an unseen wording (`调整后全年预算`, `实际完成指标值`, `未完成原因及改进措施`) maps without a
code change; new wordings go into the TOML file.
"""
from __future__ import annotations

import difflib
import functools
import re
import tomllib
import unicodedata
import zlib
from pathlib import Path

from . import segmenter

__all__ = ["normalize_label", "map_column", "is_column_synonym", "row_label", "strict_row_label", "funding_source", "money_unit_in",
           "tokens", "strip_score_suffix", "load_synonyms"]

SYNONYMS_PATH = Path(__file__).with_name("label_synonyms.toml")
SECTION_ROWS = ("funding_section", "indicator_section", "goal")   # block labels, never column labels

_SPACE = re.compile(r"[\s\u200b-\u200d\ufeff\u3000]+")
# a bracketed unit or point count: （万元） (单位：元) （%） （10分）; OCR may lose the closing bracket
_BRACKET_UNIT = re.compile(r"[(（\[【]\s*(?:单位)?[:：]?\s*(?:\d+(?:\.\d+)?\s*)?(万元|元|千元|亿元|%|分)\s*(?:[)）\]】]|$)")
# 其中： before a funding line; `1.` / `2、` numbering before a block label (1.项目年度目标完成情况)
_LEADING = re.compile(r"^(?:其中[:：]?|\d{1,2}[.、．](?=[\u4e00-\u9fff]))")
# a trailing note in brackets after a row label: 实施单位（盖章）, 主管部门(签章)
_TRAILING_NOTE = re.compile(r"[(（\[【][^()（）\[\]【】]{1,8}[)）\]】]?$")
# the printed weight a level label drops (SCHEMA: 产出指标(50分) -> 产出指标; also unclosed)
_SCORE_SUFFIX = re.compile(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]?\s*$")
# the points a level label carries, read more widely than they are dropped: also after 指标 without
# the brackets or without 分 (产出指标 50分, 产出指标（50）), which the label keeps as printed
_POINTS_SUFFIX = re.compile(r"\s*(?:[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]?|(?<=指标)\s*\d+(?:\.\d+)?\s*分"
                            r"|(?<=指标)\s*[(（]\s*\d+(?:\.\d+)?\s*[)）])\s*$")
# a heading's numbering before a 一级指标 name: 一、产出指标, （一）产出指标
_LEVEL_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[）)])")


@functools.lru_cache(maxsize=1)
def load_synonyms(path: str | None = None) -> dict:
    with open(path or SYNONYMS_PATH, "rb") as fh:
        data = tomllib.load(fh)
    for name, entry in data["columns"].items():
        entry["_synonyms"] = {_key(s) for s in entry.get("synonyms", [])}
    data["_row_keys"] = {kind: [_key(s) for s in labels] for kind, labels in data["rows"].items()}
    data.setdefault("row_keywords", {})
    return data


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub("", text)


def normalize_label(text: str | None) -> str:
    """`年初预 算数` -> `年初预算数`; `项目资金（万元）` -> `项目资金`; `其中：当年财政拨款` -> `当年财政拨款`."""
    if not text:
        return ""
    s = _key(text)
    s = _BRACKET_UNIT.sub("", s)
    s = _LEADING.sub("", s)
    return s.strip(":：;；,，.。、")


def is_level1_name(text: str | None) -> bool:
    """`产出指标`, `效益指标（30分）`, `一、产出指标`: a 一级指标 of the indicator frameworks
    (label_synonyms.toml)."""
    label = normalize_label(_LEVEL_NUMBERING.sub("", _POINTS_SUFFIX.sub("", text or "")))
    return bool(label) and label in load_synonyms().get("level1_names", {}).get("words", [])


def score_suffix_points(text: str | None) -> float | None:
    """`产出指标（50分）` -> 50.0: the points a level label carries; None without them."""
    m = _POINTS_SUFFIX.search(text or "")
    return float(re.search(r"\d+(?:\.\d+)?", m.group(0)).group(0)) if m else None


def strip_score_suffix(text: str | None) -> str | None:
    """`产出指标(50分)` -> `产出指标` (Anhui-style level-1 labels carry their weight)."""
    if text is None:
        return None
    return _SCORE_SUFFIX.sub("", text) or text


@functools.lru_cache(maxsize=1)
def _jieba():
    jieba = segmenter.jieba()
    for word in ("年初", "调整后", "执行数", "执行率", "完成值", "指标值", "分值", "得分", "权重",
                 "偏差", "结转", "财政拨款", "财政专户", "资金总额", "度量单位", "指标性质", "满分"):
        jieba.add_word(word)
    return jieba


@functools.lru_cache(maxsize=4096)
def tokens(label: str) -> tuple[str, ...]:
    """jieba segmentation of a normalised label (cached)."""
    if not label:
        return ()
    return tuple(t for t in _jieba().lcut(label, HMM=False) if t.strip())


def _has(label: str, word: str) -> bool:
    """`word` is one of the label's tokens, or (2+ characters) sits inside one of them.
    A token is a piece of the label, so for 2+ characters this is `word in label`; only a
    one-character word needs the segmentation (率 in 执行率 is no token of its own), and
    jieba (its import and dictionary: most of a one-page report's run) loads only then."""
    if len(word) >= 2 or word not in label:
        return word in label
    return word in tokens(label)


def _matches(label: str, entry: dict) -> bool:
    # Keyword groups before exclusions: the same answer, and most labels fail a group on a
    # plain substring test, so the segmentation is rarely needed at all.
    if not any(all(_has(label, word) for word in group) for group in entry.get("keywords", [])):
        return False
    return not any(_has(label, word) for word in entry.get("exclude", []))


@functools.lru_cache(maxsize=4096)
def map_column(text: str | None) -> str | None:
    """The canonical column a header label stands for, or None."""
    label = normalize_label(text)
    if not label:
        return None
    data = load_synonyms()
    for name, entry in data["columns"].items():
        if label in entry["_synonyms"]:
            return name
    if any(label in data["_row_keys"].get(kind, ()) for kind in SECTION_ROWS):
        return None   # 预算执行情况 heads the funding block; its 执行 does not make it a column
    for name in data["order"]["columns"]:
        if _matches(label, data["columns"][name]):
            return name
    if any(label in keys for keys in data["_row_keys"].values()):
        return None   # a known row label (绩效指标, 项目资金) is never a misread column label
    return _closest(label, {name: entry["_synonyms"] for name, entry in data["columns"].items()})


def is_column_synonym(text: str | None, name: str) -> bool:
    """Whether a header label is one of column `name`'s synonyms word for word, not only a
    keyword match (实际完成值 is the actual's own word; 完成率 only shares its 完成)."""
    entry = load_synonyms()["columns"].get(name)
    return entry is not None and normalize_label(text) in entry["_synonyms"]


def is_filler_label(text: str | None) -> bool:
    """`填表人`, `填报人：` — the label of who filled the form in (label_synonyms.toml [filler_labels])."""
    label = normalize_label(text)
    return bool(label) and any(label.startswith(w) for w in load_synonyms().get("filler_labels", {}).get("words", ()))


def descriptive_column(text: str | None) -> bool:
    """A header of a column that describes an indicator or its scoring (指标解释, 评分标准,
    佐证材料): known, kept in cells, mapped to no field."""
    label = normalize_label(text)
    return bool(label) and any(w in label for w in load_synonyms().get("descriptive_columns", {}).get("words", ()))


FUZZY_RATIO = 0.75


def _closest(label: str, choices: dict[str, set[str] | list[str]], min_len: int = 4) -> str | None:
    """Last resort for a character misread by OCR (`全年预箅数`, `项日名称`): the field whose
    synonym is most similar, when the label has min_len+ characters and the ratio reaches
    FUZZY_RATIO and no other field ties."""
    if len(label) < min_len or len(label) > 12:
        return None
    best, best_ratio, tie = None, 0.0, False
    for name, synonyms in choices.items():
        for synonym in synonyms:
            if abs(len(synonym) - len(label)) > 1:   # OCR swaps or drops a character
                continue
            matcher = difflib.SequenceMatcher(None, label, synonym)
            if matcher.quick_ratio() < FUZZY_RATIO - 1e-9:
                continue  # its upper bound: it can neither win nor tie a winner
            ratio = matcher.ratio()
            if ratio > best_ratio + 1e-9:
                best, best_ratio, tie = name, ratio, False
            elif abs(ratio - best_ratio) <= 1e-9 and name != best:
                tie = True
    return best if best_ratio >= FUZZY_RATIO and not tie else None


@functools.lru_cache(maxsize=4096)
def row_label(text: str | None) -> str | None:
    """Which key:value row label this is (project_name, competent_dept, total, goal, ...).
    Tolerates a label cut short by a narrow cell (`实施单` for 实施单位, `联系电` for 联系电话)."""
    label = normalize_label(text)
    if not label or len(label) > 12:
        return None
    data = load_synonyms()
    kind = strict_row_label(text)
    if kind:
        return kind
    for kind, keys in data["_row_keys"].items():
        for key in keys:
            if len(key) >= 4 and len(label) >= 3 and key.startswith(label):
                return kind
    return _closest(label, data["_row_keys"])


@functools.lru_cache(maxsize=4096)
def strict_row_label(text: str | None) -> str | None:
    """row_label without the tolerance for cut or misread labels: a listed wording (a trailing
    note such as （盖章） aside) or a short keyword match. What sits right of a label is refused
    as its value only on this, so a value like 实际完成情况核查 is not taken for a label."""
    label = normalize_label(text)
    if not label or len(label) > 12:
        return None
    data = load_synonyms()
    bare = _TRAILING_NOTE.sub("", label)
    for candidate in dict.fromkeys((label, bare)):
        for kind, keys in data["_row_keys"].items():
            if candidate in keys:
                return kind
    return _row_keyword(bare, data)


ROW_KEYWORD_MAX_LEN = 6


def _row_keyword(label: str, data: dict) -> str | None:
    """An unlisted wording of a short label (实际完成目标, 预期绩效目标) by its keyword groups;
    never for a text holding a figure (完成培训 9 场 is a value, not a label)."""
    if not label or len(label) > ROW_KEYWORD_MAX_LEN or re.search(r"\d", label):
        return None
    for kind, entry in data["row_keywords"].items():
        if _matches(label, entry):
            return kind
    return None


def funding_source(text: str | None) -> str:
    """total / fiscal / carryover / other / fiscal_special / unit, or a lower-case name made
    from the label when nothing matches."""
    label = normalize_label(text)
    data = load_synonyms()
    for entry in data["sources"]:
        if any(all(_has(label, w) for w in group) for group in entry["keywords"]):
            return entry["source"]
    if not label:
        return "unlabelled"
    if label.isascii():
        return re.sub(r"[^0-9a-z]+", "_", label.lower()).strip("_") or "unlabelled"
    return _pinyin_key(label) or f"line_{zlib.crc32(label.encode('utf-8')):08x}"  # stable across runs


def _pinyin_key(label: str) -> str | None:
    """A readable key for a line the vocabulary does not know: the pinyin of its words,
    `社保基金补助` -> `shebao_jijin_buzhu` (brackets and punctuation dropped)."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError:      # pragma: no cover - a declared dependency; the hash key is the fallback
        return None
    words = []
    for token in tokens(re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "", label)):
        word = "".join(lazy_pinyin(token)).lower()
        word = re.sub(r"[^0-9a-z]+", "", word)
        if word:
            words.append(word)
    key = "_".join(words)
    return key[:60].strip("_") or None


def money_unit_in(text: str | None) -> str | None:
    """`项目资金（元）` -> 元, `单位：万元` -> 万元, else None."""
    if not text:
        return None
    s = _key(text)
    m = re.search(r"[(（\[【]\s*(?:单位[:：]?)?\s*(万元|千元|亿元|元)\s*[)）\]】]", s) or \
        re.search(r"(?:单位|金额单位)[:：]\s*(万元|千元|亿元|元)", s)
    return m.group(1) if m else None
