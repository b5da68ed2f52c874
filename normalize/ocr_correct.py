"""Correct OCR readings of table cells with what the document and the vocabulary already say.

The OCR reader (jixiao.extract.scan) keeps, for every cell it read, the evidence behind its
text (extract.model.OcrDetail): each character's probability, the other readings of its step,
characters half seen in the blanks, and the shape scores of a leading relation sign. It decides
nothing that needs the table's meaning. This module does, before the tables are mapped:

- words: a reading is replaced only by one the evidence allows (a doubled character dropped,
  a low-probability character swapped for one of its alternatives, a half-seen character or
  a dropped 、/， put back) AND that the document or the vocabulary attests: the changed
  stretch occurs elsewhere in the document while the read one does not, or the changed cell
  is a header label of label_synonyms.toml while the read one is no label;
- rare characters the recogniser cannot emit at all (孀 is not in its character set): where a
  character is uncertain or half seen, a character outside that set that makes a word of
  jieba's dictionary with its neighbour (遗 + 孀) is put in, unless an alternative of the
  recogniser's own at that place makes a dictionary word (基江 -> 綦江, not 市廛);
- punctuation: a second colon in one sentence, where the recogniser also saw a semicolon, is
  the semicolon (其中：A；B);
- relation signs: `295` in a target/actual column is `≥95` when the glyph's shape leans to ≥
  and the row's operator cell, the column's other values or the percentage say so;
- money: when 执行率 does not match 执行数 / 预算数 on a funding line, a reading of one of the
  three cells built from its characters' alternatives that makes it match is taken.

Every change is recorded: the cell keeps what was read (Cell.text_raw) and why it changed
(Cell.correction), and correct_document returns the list. Nothing changes silently.
"""
from __future__ import annotations

import functools
import itertools
import os
import re
import unicodedata
from dataclasses import dataclass

from jixiao.extract.model import UNREAD, Cell, CharRead, RawDocument, Table

from .labels import load_synonyms, map_column, normalize_label, row_label
from .numbers import parse_number

__all__ = ["Correction", "correct_document", "apply_correction"]

LOW_P = 0.80          # a character read with less probability is uncertain
GAP_P = 0.10          # a half-seen character this probable may have been dropped
RARE_P = 0.60         # below this a character may be one the recogniser cannot emit
RARE_GAP = 0.10       # ... or a gap this strong may hold one
RARE_MIN_FREQ = 10    # jieba frequency of the word the rare character makes
CONTEXT = 3           # characters either side of an edit looked up in the document
PUNCT_INSERT = "、，"
PUNCT_SEEN = "、，,。.；;：:·"
PUNCT_P = 0.05        # punctuation half seen in a gap this strongly may have been dropped
_CJK = re.compile(r"[\u3400-\u9fff]")
_JUNK_EDGE = "·.'`,"
_RELATION_SIGNS = "≥≤<>=＜＞≧≦"


@dataclass
class Correction:
    table: int                   # index into RawDocument.tables
    row: int
    col: int
    page: int | None
    before: str
    after: str
    kind: str                    # cleanup | punct | label | lexicon | dictionary | rare_char | relation | money | arithmetic
    reason: str


def apply_correction(cell: Cell, table: int, after: str, kind: str, reason: str,
                     out: list[Correction]) -> None:
    """The one way a cell's text is changed here: what was read is kept and the change is
    recorded (a test holds every change to this)."""
    if after == cell.text:
        return
    if cell.text_raw is None:
        cell.text_raw = cell.text
    out.append(Correction(table, cell.row, cell.col, cell.page, cell.text, after, kind, reason))
    cell.correction = "; ".join(filter(None, [cell.correction, f"{kind}: {cell.text}→{after}（{reason}）"]))
    cell.text = after


# ---------------------------------------------------------------- the document as a lexicon

class Lexicon:
    """Every text of the document (cells of all tables, text lines), to count how often a
    stretch of characters occurs outside one given cell."""

    def __init__(self, texts: list[str]):
        self.texts = [_norm(t) for t in texts if t and t.strip()]
        self.blob = "\n".join(self.texts)

    def count(self, s: str, own: str = "") -> int:
        """Occurrences of s in the document, less those inside `own` (the cell asking)."""
        if not s:
            return 0
        return self.blob.count(s) - _norm(own).count(s)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).replace(",", "，") \
        .replace(";", "；").replace(":", "：").replace("(", "（").replace(")", "）")


@functools.lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Header and row labels of label_synonyms.toml, normalised as normalize_label does."""
    data = load_synonyms()
    labels = set()
    for entry in data["columns"].values():
        labels |= set(entry.get("synonyms", []))
    for keys in data["rows"].values():
        labels |= set(keys)
    return frozenset(normalize_label(label) for label in labels)


def _is_label(text: str) -> bool:
    label = normalize_label(text)
    return bool(label) and label in _vocabulary()


# ---------------------------------------------------------------- candidate readings

@dataclass
class _Edit:
    text: str            # the whole cell text after the edit
    at: int              # where it happened (in the new text)
    length: int          # characters of the new text that differ (0 for a deletion)
    why: str


def _edits(text: str, chars: list[CharRead | None]) -> list[_Edit]:
    """Readings the recogniser's evidence allows, one change each."""
    out: list[_Edit] = []
    n = len(text)
    for i in range(n):
        ch, cr = text[i], chars[i] if i < len(chars) else None
        # a doubled character (CTC repeats a glyph it saw twice: 医疗费费用, 得得分)
        if i > 0 and ch == text[i - 1] and _CJK.match(ch):
            out.append(_Edit(text[:i] + text[i + 1:], i, 0, f"重复的“{ch}”"))
        if cr is None:
            continue
        if ch.isdigit():
            continue    # a figure is checked by arithmetic, never by the document's words:
            # "2023年11月" would lose a 1 because "2023年12月" holds the stretch "023年1"
        if ch in _RELATION_SIGNS:
            continue    # nor a bound: ≥86公里 would lose its ≥ because the goal text says 86公里
        if cr.p < LOW_P:
            for alt, p in cr.alts:
                if alt and alt != ch and not alt.isdigit():
                    out.append(_Edit(text[:i] + alt + text[i + 1:], i, 1, f"“{ch}”识别概率 {cr.p:.2f}，备选“{alt}”"))
                elif not alt and p >= 0.2:
                    out.append(_Edit(text[:i] + text[i + 1:], i, 0, f"“{ch}”识别概率 {cr.p:.2f}，可能并无此字"))
        for alt, p in cr.gap_before:
            if p >= GAP_P and alt.strip() and alt != UNREAD:
                out.append(_Edit(text[:i] + alt + text[i:], i, 1, f"“{alt}”半识别（{p:.2f}）"))
    # a dropped 、 or ， between two characters, where the recogniser half saw punctuation
    for i in range(1, n):
        cr = chars[i] if i < len(chars) else None
        if cr is None or not (_CJK.match(text[i - 1]) and _CJK.match(text[i])):
            continue
        seen = max((p for alt, p in cr.gap_before if alt in PUNCT_SEEN), default=0.0)
        if seen >= PUNCT_P:
            for p in PUNCT_INSERT:
                out.append(_Edit(text[:i] + p + text[i:], i, 1, f"漏识“{p}”（此处半识别出标点 {seen:.2f}）"))
    return out


def _window(text: str, at: int, length: int) -> str:
    return text[max(0, at - CONTEXT): at + length + CONTEXT]


def _attested(edit: _Edit, old: str, lex: Lexicon) -> bool:
    """The edited stretch, with CONTEXT characters on one side and one on the other, occurs
    elsewhere in the document while the read stretch (same context) does not."""
    new, at, n = edit.text, edit.at, edit.length
    removed = len(old) - len(new) + n          # characters of the old text the edit replaced
    for before, after in ((CONTEXT, 1), (1, CONTEXT)):
        new_w = new[max(0, at - before): at + n + after]
        old_w = old[max(0, at - before): at + removed + after]
        if len(_norm(new_w)) < 3 or new_w == old_w:
            continue
        if _norm(new_w) in _norm(old):
            continue    # the reading holds the stretch itself (城市市容 holds 市容环境, the window
            # after dropping a 市): printed elsewhere, it says nothing against the reading
        if lex.count(_norm(new_w), old) >= 1 and lex.count(_norm(old_w), old) == 0:
            return True
    return _attested_at_edge(new, old, at, n, removed, lex)


def _attested_at_edge(new: str, old: str, at: int, n: int, removed: int, lex: Lexicon) -> bool:
    """An edit at a cell's edge has no context on that side (较上年减步: the window 上年减少 is not
    printed elsewhere, 减少 too short to count alone). A one-character edit then counts with its
    one neighbour when that pair is printed elsewhere and is a word of jieba's dictionary while
    the read pair is neither (减少 beside 减步)."""
    if n != 1 or removed != 1 or not (at == 0 or at == len(new) - 1):
        return False
    neighbour = (at + 1, at + 2) if at == 0 else (at - 1, at)
    a, b = min(at, neighbour[0]), max(at + 1, neighbour[1])
    new_w, old_w = new[a:b], old[a:b]
    if len(new_w) != 2 or not all(_CJK.match(ch) for ch in new_w) or new_w == old_w:
        return False
    words = _jieba_words()
    return (new_w in words and old_w not in words
            and lex.count(_norm(new_w), old) >= 1 and lex.count(_norm(old_w), old) == 0)


# ---------------------------------------------------------------- rare characters

@functools.lru_cache(maxsize=1)
def _jieba_words() -> dict[str, int]:
    import jieba
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 2:
                words[parts[0]] = int(parts[1])
    return words


@functools.lru_cache(maxsize=1)
def _recognisable() -> frozenset[str]:
    """Characters the OCR recogniser can emit (its character list)."""
    from jixiao.extract import ocr_engine
    return frozenset(ocr_engine.charset())


def _rare_fill(text: str, chars: list[CharRead | None]) -> _Edit | None:
    """A character the recogniser cannot emit, where it hesitated: the uncertain character
    replaced, or put in the gap it half saw, when the result makes a dictionary word with a
    neighbour and the reading made none."""
    words, known = _jieba_words(), _recognisable()
    best = None
    for i, cr in enumerate(chars):
        if cr is None or i >= len(text) or not _CJK.match(text[i]):
            continue
        # the recogniser hesitated between ideographs here (婧 婿 媚 for 孀), not over a
        # bracket or a speck
        half_seen = [alt for alt, p in cr.alts + cr.gap_before if alt and (_CJK.match(alt) or alt == UNREAD)]
        if not half_seen:
            continue
        spots = []
        if cr.p < RARE_P:
            spots.append(("replace", i))
        gap = sum(p for alt, p in cr.gap_before if _CJK.match(alt) or alt == UNREAD)
        if i > 0 and _CJK.match(text[i - 1]) and gap >= RARE_GAP:
            spots.append(("insert", i))
        for how, at in spots:
            prev = text[at - 1] if at > 0 else ""
            nxt = text[at + 1] if how == "replace" and at + 1 < len(text) else (text[at] if how == "insert" else "")
            read_words = [w for w in (prev + text[at], text[at] + nxt) if how == "replace" and len(w) == 2 and w in words]
            if how == "insert" and prev and (prev + text[at]) in words:
                continue                      # the two neighbours already make a word
            if read_words:
                continue
            for w, freq in _words_with(prev, nxt, words):
                x = w[1] if w[0] == prev and prev else w[0]
                if x in known or freq < RARE_MIN_FREQ:
                    continue
                new = text[:at] + x + text[at + 1:] if how == "replace" else text[:at] + x + text[at:]
                if best is None or freq > best[0]:
                    best = (freq, _Edit(new, at, 1, f"“{x}”不在识别字库内，“{w}”为词典词（词频 {freq}）"))
    return best[1] if best else None


def _dictionary_alt(text: str, chars: list[CharRead | None], at: int) -> _Edit | None:
    """The character at `at`, read with little probability (under RARE_P) and making no
    dictionary word with either neighbour, replaced by the ideograph alternative of its step
    that does (基江 with 綦 at 0.22 beside 基: 綦江; 水士 with 土 at 0.46: 水土). Asked where the
    rare-character fill would put a character the recogniser cannot emit: that is a guess the
    recogniser's own readings did not make (市基 became 市廛 for the word 市廛, 水士 水螅)."""
    words = _jieba_words()
    best = None
    for i, cr in enumerate(chars):
        if i != at or cr is None or i >= len(text) or cr.p >= RARE_P or not _CJK.match(text[i]):
            continue
        prev = text[i - 1] if i > 0 and _CJK.match(text[i - 1]) else ""
        nxt = text[i + 1] if i + 1 < len(text) and _CJK.match(text[i + 1]) else ""
        if any(len(w) == 2 and w in words for w in (prev + text[i], text[i] + nxt)):
            continue
        for alt, _p in cr.alts:
            if not alt or not _CJK.match(alt):
                continue
            freq = max((words.get(w, 0) for w in (prev + alt, alt + nxt) if len(w) == 2), default=0)
            if freq >= RARE_MIN_FREQ and (best is None or freq > best[0]):
                word = prev + alt if words.get(prev + alt, 0) == freq else alt + nxt
                best = (freq, _Edit(text[:i] + alt + text[i + 1:], i, 1,
                                    f"“{text[i]}”识别概率 {cr.p:.2f}，备选“{alt}”成词典词“{word}”（词频 {freq}）"))
    return best[1] if best else None


def _words_with(prev: str, nxt: str, words: dict[str, int]):
    index = _rare_index()
    for w in index.get(("L", prev), []) + index.get(("R", nxt), []):
        yield w, words[w]


@functools.lru_cache(maxsize=1)
def _rare_index() -> dict[tuple[str, str], list[str]]:
    """Two-character dictionary words holding a character the recogniser cannot emit, by
    their other character: ('L', 遗) -> [遗孀, ...] (遗 on the left), ('R', x) likewise."""
    known = _recognisable()
    index: dict[tuple[str, str], list[str]] = {}
    for w in _jieba_words():
        a, b = w[0], w[1]
        if b not in known and a in known:
            index.setdefault(("L", a), []).append(w)
        if a not in known and b in known:
            index.setdefault(("R", b), []).append(w)
    return index


# ---------------------------------------------------------------- per cell

def _correct_words(cell: Cell, table: int, lex: Lexicon, out: list[Correction]) -> None:
    detail = cell.ocr
    text = cell.text
    if detail is None or not text.strip():
        return
    # stray specks read as · . ' at the ends of a cell or after CJK punctuation
    cleaned = re.sub(r"(?<=[，。；：、])[.·'`]+", "", text).strip(_JUNK_EDGE + " ")
    if cleaned != text and cleaned and _CJK.search(cleaned):
        chars = _aligned(detail.chars, text, cleaned)
        apply_correction(cell, table, cleaned, "cleanup", "去掉污点读成的标点", out)
        detail.chars = chars
        text = cleaned
    if not _CJK.search(text):
        return
    chars = list(detail.chars) if len(detail.chars) == len(text) else [None] * len(text)
    listed = _second_colons(text, chars)
    if listed is not None:
        apply_correction(cell, table, listed, "punct", "同一句中第二个冒号，备选为分号：分号读成冒号", out)
        detail.chars = chars          # one character for one: the readings stay aligned
        text = listed
    short = len(normalize_label(text)) <= 16
    if short and _is_label(text):
        return
    edits = _edits(text, chars)
    # a header label the vocabulary knows
    if short:
        labels = [e for e in edits if _is_label(e.text)]
        if not labels:
            # the thin 一 of 一级指标 lost before the first character
            labels = [_Edit("一" + text, 0, 1, "首字“一”漏识")] if _is_label("一" + text) else []
        if len({e.text for e in labels}) == 1:
            e = labels[0]
            apply_correction(cell, table, e.text, "label", f"{e.why}；“{e.text}”为表头词表用语", out)
            return
    # the document's own words
    attested = [e for e in edits if _attested(e, text, lex)]
    if len({e.text for e in attested}) == 1:
        e = attested[0]
        apply_correction(cell, table, e.text, "lexicon", f"{e.why}；“{_window(e.text, e.at, e.length)}”见于本文档他处", out)
        return
    rare = _rare_fill(text, chars)
    if rare is not None:
        # where a character outside the recogniser's set would go, one of the recogniser's own
        # alternatives that makes a dictionary word comes first
        known = _dictionary_alt(text, chars, rare.at)
        if known is not None:
            apply_correction(cell, table, known.text, "dictionary", known.why, out)
            return
        apply_correction(cell, table, rare.text, "rare_char", rare.why, out)


_COLONS = "：:"
_SEMICOLONS = "；;"
_SENTENCE_END = "。！？!?"


def _second_colons(text: str, chars: list[CharRead | None]) -> str | None:
    """A colon opens what a sentence lists (其中：A；B；C。); a second one in the same sentence
    is a semicolon read as a colon (the dot over the comma's tail is a pixel or two at 150 dpi)
    when the recogniser had the semicolon among that step's readings. The text with those
    put right, or None."""
    out, opened, changed = list(text), False, False
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            opened = False
        elif ch in _COLONS:
            cr = chars[i] if i < len(chars) else None
            if opened and cr is not None and cr.p < 0.95 and any(a in _SEMICOLONS for a, _ in cr.alts):
                out[i] = "；"
                changed = True
            opened = True
    return "".join(out) if changed else None


def _aligned(chars: list[CharRead | None], old: str, new: str) -> list[CharRead | None]:
    import difflib
    out: list[CharRead | None] = [None] * len(new)
    if len(chars) != len(old):
        return out
    for a, b, n in difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks():
        for i in range(n):
            out[b + i] = chars[a + i]
    return out


# ---------------------------------------------------------------- table semantics

def _header_columns(table: Table) -> dict[int, dict[str, int]]:
    """For each row below a header row: column field -> grid column (target, actual,
    operator, exec_rate, budget_*, executed), from the nearest header row above."""
    grid = table.grid(fill_merged=True)
    out: dict[int, dict[str, int]] = {}
    current: dict[str, int] = {}
    for r, row in enumerate(grid):
        mapped = {}
        for c, text in enumerate(row):
            field = map_column(text) if text and len(normalize_label(text)) <= 16 else None
            if field and field not in mapped:
                mapped[field] = c
        if len(mapped) >= 2:
            current = mapped
            continue
        out[r] = current
    return out


_LEADING_TWO = re.compile(r"^[2Z7](\d+(?:\.\d+)?)(%|％)?$")


def _correct_relations(table: Table, t_index: int, out: list[Correction]) -> None:
    """`295` in a target or actual column read from `≥95`: take ≥ when the glyph's shape
    leans to it and the row or the column says so."""
    cols = _header_columns(table)
    by_slot = {(c.row, c.col): c for c in table.cells}
    for field in ("target", "actual"):
        columns = {r: m[field] for r, m in cols.items() if field in m}
        for r, c in columns.items():
            cell = by_slot.get((r, c))
            if cell is None or cell.ocr is None:
                continue
            m = _LEADING_TWO.match(cell.text.strip())
            if not m:
                continue
            shapes = cell.ocr.lead_shapes
            if shapes.get("≥", -1.0) < 0.45 or shapes.get("≥", -1.0) < shapes.get("2", -1.0) - 0.15:
                continue      # the glyph does not look like ≥ at all
            reasons = []
            op_col = cols.get(r, {}).get("operator")
            op = by_slot.get((r, op_col)) if op_col is not None else None
            if op is not None and op.text.strip() in ("≥", ">="):
                reasons.append("本行指标性质为 ≥")
            others = [by_slot.get((rr, cc)) for rr, cc in columns.items() if rr != r]
            others = [o.text.strip() for o in others if o is not None and o.text.strip()]
            if others and sum(o.startswith("≥") for o in others) >= max(1, len(others) // 2):
                reasons.append("本列其他值多以 ≥ 开头")
            number = float(m.group(1))
            if m.group(2) and float("2" + m.group(1)) > 100 >= number:
                reasons.append("百分比超过 100")
            if reasons:
                apply_correction(cell, t_index, "≥" + m.group(1) + (m.group(2) or ""), "relation",
                                 "首字形近 ≥；" + "，".join(reasons), out)


def _variants(cell: Cell, limit: int = 3) -> list[str]:
    """Readings of a number cell from its uncertain characters' alternatives (digits and the
    decimal point only), most probable first; the reading itself excluded."""
    detail = cell.ocr
    text = cell.text.strip()
    if detail is None or len(detail.chars) != len(cell.text):
        return []
    offset = len(cell.text) - len(cell.text.lstrip())
    choices = []
    for i, ch in enumerate(text):
        cr = detail.chars[i + offset]
        opts = [ch]
        if cr is not None and cr.p < 0.95:
            opts += [a for a, _ in cr.alts if a and (a.isdigit() or a == ".")][:2]
        choices.append(opts)
    uncertain = [i for i, o in enumerate(choices) if len(o) > 1][:limit]
    out = []
    for combo in itertools.product(*[choices[i] for i in uncertain]):
        chars = list(text)
        for i, ch in zip(uncertain, combo):
            chars[i] = ch
        candidate = "".join(chars)
        if candidate != text and parse_number(candidate).value is not None:
            out.append(candidate)
    return out


def _correct_funding(table: Table, t_index: int, out: list[Correction]) -> None:
    """A funding line whose 执行率 does not match 执行数 / 预算数: a reading of one of the
    three cells from its characters' alternatives that makes it match is taken."""
    cols = _header_columns(table)
    by_slot = {(c.row, c.col): c for c in table.cells}
    for r, m in cols.items():
        if "exec_rate" not in m or "executed" not in m:
            continue
        budget_col = m.get("budget_adjusted", m.get("budget_initial"))
        if budget_col is None:
            continue
        cells = {"budget": by_slot.get((r, budget_col)), "executed": by_slot.get((r, m["executed"])),
                 "rate": by_slot.get((r, m["exec_rate"]))}
        if any(c is None for c in cells.values()):
            continue

        def value(text: str) -> float | None:
            return parse_number(text).value

        def matches(texts: dict[str, str]) -> bool:
            b, e, rt = value(texts["budget"]), value(texts["executed"]), parse_number(texts["rate"])
            if not b or e is None or rt.value is None:
                return False
            rate = rt.value / 100.0 if rt.percent else rt.value
            if not rt.percent and rate > 1.5:
                rate /= 100.0
            tol = 0.5 * 10 ** -_decimals(texts["rate"]) / (100.0 if rt.percent or rt.value > 1.5 else 1.0)
            return abs(e / b - rate) <= tol + 1e-9

        read = {k: c.text for k, c in cells.items()}
        if matches(read) or any(value(t) is None for t in read.values()):
            continue
        found = []
        for key, cell in cells.items():
            for candidate in _variants(cell):
                if matches({**read, key: candidate}):
                    found.append((key, candidate))
        if len(found) == 1:
            key, candidate = found[0]
            apply_correction(cells[key], t_index, candidate, "arithmetic",
                             "此读法使执行率 = 执行数 / 预算数 成立，原读法不成立", out)


_MONEY_FIELDS = ("budget_initial", "budget_adjusted", "executed")
_SIGN = re.compile(r"^\s*[≥≤<>=＜＞]\s*(?=\d)")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def _correct_money(table: Table, t_index: int, out: list[Correction]) -> None:
    """Funding amounts (年初预算数 / 全年预算数 / 全年执行数) the reader's own fixes spoiled: a
    relation sign put before a figure from the shape of its first glyph (`<420`: an amount has
    no bound), and a thousands comma a whole-cell re-read turned into a decimal point (`3,600` ->
    `3.600`) where the table groups its figures with commas elsewhere and prints none with three
    decimals."""
    cols = _header_columns(table)
    by_slot = {(c.row, c.col): c for c in table.cells}
    money = [by_slot.get((r, m[f])) for r, m in cols.items() for f in _MONEY_FIELDS if f in m]
    money = list({id(c): c for c in money if c is not None and c.text.strip()}.values())

    def nfkc(text: str | None) -> str:
        return unicodedata.normalize("NFKC", text or "").strip()

    def comma_read_as_point(cell: Cell) -> bool:
        raw = nfkc(cell.ocr.raw) if cell.ocr is not None else ""
        return bool(_GROUPED.match(raw)) and raw.replace(",", ".") == nfkc(cell.text)

    suspects = [c for c in money if comma_read_as_point(c)]
    others = [nfkc(c.text) for c in money if all(c is not s for s in suspects)]
    grouped_elsewhere = any(_GROUPED.match(t) for t in others)
    three_decimals = any(re.fullmatch(r"\d+\.\d{3,}", t) for t in others)
    for cell in money:
        if cell.ocr is None:
            continue
        text = cell.text.strip()
        m = _SIGN.match(text)
        if m and parse_number(text[m.end():]).value is not None:
            apply_correction(cell, t_index, text[m.end():], "money", "金额无上下限，首字形判读添加的符号删去", out)
        elif any(cell is s for s in suspects) and grouped_elsewhere and not three_decimals:
            apply_correction(cell, t_index, nfkc(cell.ocr.raw), "money",
                             "首次识别为千分位逗号，本表他处金额亦用千分位且无三位小数", out)


def _decimals(raw: str) -> int:
    m = re.search(r"\d+(?:\.(\d+))?", raw or "")
    return len(m.group(1)) if m and m.group(1) else 0


# ---------------------------------------------------------------- document

def correct_document(raw: RawDocument) -> list[Correction]:
    """Correct every OCR-read cell of the document in place; returns what was changed."""
    ocr_tables = [i for i, t in enumerate(raw.tables) if any(c.ocr is not None for c in t.cells)]
    if not ocr_tables:
        return []
    texts = [c.text for t in raw.tables for c in t.cells]
    texts += [b.text for b in raw.text_blocks()]
    lex = Lexicon(texts)
    out: list[Correction] = []
    for i in ocr_tables:
        table = raw.tables[i]
        for cell in table.cells:
            _correct_words(cell, i, lex, out)
        _correct_relations(table, i, out)
        _correct_money(table, i, out)
        _correct_funding(table, i, out)
    return out
