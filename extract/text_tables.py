"""Tables read from text alignment: 三线表 (horizontal rules only, at the top, under the header
and at the bottom) and tables without any rules.

Input is text pieces with boxes, whichever reader made them: runs of a PDF text layer's chars
cut at wide gaps, or OCR line boxes, plus the page's horizontal rules (none for a borderless
table). One coordinate frame, any unit: tolerances follow the pieces' line height.

1. Pieces that overlap vertically form a band (one text line; a row whose cells are centred
   over several lines is one band, their lines overlap).
2. Regions. Rules of one extent bound a table between two of them when the bands inside are
   mostly split into several pieces. Without rules, a run of close bands most of which are
   split into pieces that stand in at least three columns is a table; a single-piece line
   that runs across a column gap (prose, a title) ends the run. A list, a 目录 (its last
   column page numbers or leader dots) or a two-column address block is no table.
3. Columns are the whitespace rivers that no band of the region (past its header) inks.
4. Rows: a rule always parts rows; the header above a 三线表's second rule is one row (of
   wrapped heads) unless a head spans columns the line below names one by one (a two-level
   header); a region whose gaps between bands come in two sizes parts
   rows at the wide ones only (the narrow ones are wrapped lines of one cell); otherwise each
   band is a row, except one that only fills columns the band above filled, with no figure
   among them (the wrapped tail of a top-aligned row).
5. Cells: each piece spans the columns it covers; pieces of one row that share a column are
   one cell, read top to bottom.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .model import Cell, Table
from .pdf_text import is_space, join_wrapped, line_text

MIN_FREE_COLS = 3      # a table without rules needs this many columns...
MIN_FREE_ROWS = 3      # ...and rows
MULTI_SHARE = 0.5      # share of a region's bands that must be split into several pieces
RUN_GAP = 2.0          # line heights: a larger vertical gap ends a borderless table
RIVER_MIN = 0.3        # line heights: narrowest gap between two columns (OCR boxes are padded)
PIECE_GAP = 0.6        # font sizes: a wider gap inside a text line separates two pieces (CJK
                       # glyphs abut, a Latin word space is ~0.3)
MAX_RULES = 12         # rules of one extent tried as a region's top/bottom
_LEADERS = re.compile(r"[.…·．。_\-—]{4,}|(…|\.\s?){3,}")
_PAGE_NO = re.compile(r"^\d{1,3}$")
# A figure, percentage or dash: a new row's value, never the wrapped tail of a cell above.
_VALUE = re.compile(r"^[-—–―\d.,%％≥≤<>=+/~～]+$")


@dataclass
class Piece:
    """A run of text with its box: a PDF text line's part between wide gaps, or an OCR box."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass
class Rule:
    """A horizontal rule at y from x0 to x1."""
    x0: float
    y: float
    x1: float


@dataclass
class _Band:
    pieces: list[int] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0


def find_text_tables(pieces: list[Piece], rules: list[Rule], page: int | None = None
                     ) -> list[tuple[Table, set[int]]]:
    """Tables found among the pieces, top to bottom, each with the indexes of the pieces it
    took (the caller keeps the rest as the page's text)."""
    if len(pieces) < 4:
        return []
    h = statistics.median(p.height for p in pieces)
    tol = max(1.0, 0.4 * h)
    taken: set[int] = set()
    out: list[tuple[Table, set[int]]] = []
    for region in _rule_regions(pieces, rules, h, tol):
        idx = [i for i in region.members if i not in taken]
        table = _build(pieces, idx, region, h, page, free=False)
        if table is not None:
            used = set(idx)
            taken |= used
            out.append((table, used))
    rest = [i for i in range(len(pieces)) if i not in taken]
    for members in _free_regions(pieces, rest, h):
        region = _Region(members=members)
        table = _build(pieces, members, region, h, page, free=True)
        if table is not None:
            used = set(members)
            taken |= used
            out.append((table, used))
    out.sort(key=lambda tu: min(c.top for c in tu[0].cells))
    return out


# ------------------------------------------------------------------ pieces from PDF chars

def pieces_from_lines(lines, gap: float = PIECE_GAP) -> list[Piece]:
    """Pieces from pdf_text Lines (their chars): each line cut where two glyphs stand more than
    `gap` font sizes apart."""
    out = []
    for ln in lines:
        runs: list[list[dict]] = [[]]
        prev = None
        for ch in ln.chars:
            if is_space(ch["text"]):
                if runs[-1]:
                    runs[-1].append(ch)
                continue
            if prev is not None:
                size = max(prev.get("size") or (prev["bottom"] - prev["top"]), 1.0)
                if ch["x0"] - prev["x1"] > gap * size:
                    runs.append([])
            runs[-1].append(ch)
            prev = ch
        for run in runs:
            ink = [c for c in run if not is_space(c["text"])]
            if not ink:
                continue
            out.append(Piece(text=line_text(run).strip(), x0=min(c["x0"] for c in ink),
                             top=ln.top, x1=max(c["x1"] for c in ink), bottom=ln.bottom))
    return out


def _may_hold_table(pieces: list[Piece]) -> bool:
    """Cheap test before the search: at least two text lines hold two pieces side by side."""
    lines: dict[int, int] = {}
    for p in pieces:
        key = round((p.top + p.bottom) / 2 / max(p.height, 1.0))
        lines[key] = lines.get(key, 0) + 1
    return sum(1 for n in lines.values() if n >= 2) >= 2


# ------------------------------------------------------------------ bands and regions

@dataclass
class _Region:
    members: list[int]
    rules: list[float] = field(default_factory=list)   # y of the rules, top to bottom
    x0: float | None = None
    x1: float | None = None


def _bands(pieces: list[Piece], idx: list[int]) -> list[_Band]:
    """Pieces whose boxes overlap vertically (by 30% of the smaller height) form one band."""
    bands: list[_Band] = []
    for i in sorted(idx, key=lambda i: pieces[i].top):
        p = pieces[i]
        last = bands[-1] if bands else None
        if last is not None:
            line_h = min(p.height, last.bottom - last.top)
            if min(last.bottom, p.bottom) - max(last.top, p.top) > 0.3 * line_h:
                last.pieces.append(i)
                last.bottom = max(last.bottom, p.bottom)
                continue
        bands.append(_Band([i], p.top, p.bottom))
    for b in bands:
        b.pieces.sort(key=lambda i: pieces[i].x0)
    return bands


def _multi(pieces: list[Piece], band: _Band, h: float) -> bool:
    """A band split into at least two pieces standing apart side by side."""
    spans = _spans(pieces, band.pieces)
    return len(spans) >= 2 and any(b[0] - a[1] >= RIVER_MIN * h for a, b in zip(spans, spans[1:]))


def _spans(pieces: list[Piece], idx: list[int]) -> list[tuple[float, float]]:
    """The x-intervals inked by the pieces, merged where they overlap."""
    out: list[list[float]] = []
    for a, b in sorted((pieces[i].x0, pieces[i].x1) for i in idx):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _rule_regions(pieces: list[Piece], rules: list[Rule], h: float, tol: float) -> list[_Region]:
    """Regions between two rules of the same extent, widest first, not overlapping."""
    groups: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: (r.x0, r.y)):
        if r.x1 - r.x0 < 4 * h:
            continue
        for g in groups:
            if abs(g[0].x0 - r.x0) <= tol and abs(g[0].x1 - r.x1) <= tol:
                g.append(r)
                break
        else:
            groups.append([r])
    candidates = []
    for g in groups:
        ys = sorted({round(r.y, 1) for r in g})
        ys = [y for k, y in enumerate(ys) if k == 0 or y - ys[k - 1] > tol][:MAX_RULES]
        x0, x1 = g[0].x0, g[0].x1
        for a in range(len(ys)):
            for b in range(a + 1, len(ys)):
                candidates.append((ys[b] - ys[a], x0, x1, ys[a:b + 1]))
    candidates.sort(key=lambda c: -c[0])
    out: list[_Region] = []
    for _, x0, x1, ys in candidates:
        top, bottom = ys[0], ys[-1]
        if any(top < r.rules[-1] - tol and bottom > r.rules[0] + tol and not (x1 < r.x0 or x0 > r.x1)
               for r in out):
            continue
        members = [i for i, p in enumerate(pieces)
                   if x0 - tol <= (p.x0 + p.x1) / 2 <= x1 + tol and top < (p.top + p.bottom) / 2 < bottom]
        if not members:
            continue
        bands = _bands(pieces, members)
        body = [b for b in bands if len(ys) < 3 or b.top > ys[1]]
        if len(bands) < 2 or sum(_multi(pieces, b, h) for b in body) < max(1, MULTI_SHARE * len(body)):
            continue
        out.append(_Region(members=members, rules=list(ys), x0=x0, x1=x1))
    return out


def _free_regions(pieces: list[Piece], idx: list[int], h: float) -> list[list[int]]:
    """Runs of close bands that may be a table without rules (checked again when built)."""
    bands = _bands(pieces, idx)
    runs: list[list[_Band]] = []
    for b in bands:
        if runs and b.top - runs[-1][-1].bottom <= RUN_GAP * h:
            runs[-1].append(b)
        else:
            runs.append([b])
    out = []
    todo = [r for r in runs if len(r) >= MIN_FREE_ROWS]
    while todo:
        run = todo.pop()
        while run and not _multi(pieces, run[0], h):
            run = run[1:]
        while run and not _multi(pieces, run[-1], h):
            run = run[:-1]
        multi = [b for b in run if _multi(pieces, b, h)]
        if len(multi) < MIN_FREE_ROWS or len(multi) < MULTI_SHARE * len(run):
            continue
        xs = _columns(pieces, [i for b in multi for i in b.pieces], multi, h)
        rivers = xs[1:-1]
        # a one-piece line across a column gap is prose or a title: the table ends there
        cut = next((k for k, b in enumerate(run) if not _multi(pieces, b, h)
                    and any(pieces[i].x0 < x < pieces[i].x1 for i in b.pieces for x in rivers)), None)
        if cut is not None:
            todo += [run[:cut], run[cut + 1:]]
            continue
        out.append([i for b in run for i in b.pieces])
    return out


# ------------------------------------------------------------------ columns, rows, cells

def _columns(pieces: list[Piece], idx: list[int], bands: list[_Band], h: float,
             x0: float | None = None, x1: float | None = None) -> list[float]:
    """Column boundaries: the outer edges and the middle of each gap no band inks. Bands of
    ten or more rows may have one band crossing a gap (a spanning header or total)."""
    lo = min(pieces[i].x0 for i in idx) if x0 is None else x0
    hi = max(pieces[i].x1 for i in idx) if x1 is None else x1
    allowance = len(bands) // 10
    events: list[tuple[float, int]] = []
    for b in bands:
        for a, e in _spans(pieces, b.pieces):
            events += [(a, 1), (e, -1)]
    events.sort()
    depth = 0
    gaps = []
    start = lo
    for x, d in events:
        before = depth
        depth += d
        if before <= allowance < depth:
            gaps.append((start, x))
        elif before > allowance >= depth:
            start = x
    bounds = [lo]
    for a, e in gaps:
        a, e = max(a, lo), min(e, hi)
        if e - a >= RIVER_MIN * h and a > lo + 0.5 * h and e < hi - 0.5 * h:
            bounds.append((a + e) / 2)
    bounds.append(hi)
    return bounds


def _rows(pieces: list[Piece], bands: list[_Band], xs: list[float], rules: list[float],
          h: float) -> list[list[_Band]]:
    """Bands grouped into table rows (see the module's step 4)."""
    if not bands:
        return []
    header_end = rules[1] if len(rules) >= 3 else None

    def ruled(a: _Band, b: _Band) -> bool:
        return any(a.bottom - 0.5 <= y <= b.top + 0.5 for y in rules)

    # gaps between body bands that no rule parts
    gaps = [b.top - a.bottom for a, b in zip(bands, bands[1:])
            if not ruled(a, b) and (header_end is None or a.top > header_end)]
    step = max(0.35 * h, 1.0)
    two_sizes = bool(gaps) and max(gaps) - min(gaps) > step
    split_at = min(gaps) + step if gaps else 0.0
    rows: list[list[_Band]] = [[bands[0]]]
    for b in bands[1:]:
        prev = rows[-1][-1]
        if header_end is not None and b.bottom <= header_end:
            # the header between the top rule and the next is one row of wrapped heads,
            # unless a head spans columns that the line below names one by one
            same = not _heads_below(pieces, rows[-1], b, xs, h)
        elif ruled(prev, b):
            same = False
        elif two_sizes:
            same = b.top - prev.bottom < split_at
        else:
            above = _filled(pieces, prev, xs)
            below = _filled(pieces, b, xs)
            same = bool(below) and below < above and not any(_VALUE.match(pieces[i].text) for i in b.pieces)
        if same:
            rows[-1].append(b)
        else:
            rows.append([b])
    return rows


def _heads_below(pieces: list[Piece], row: list[_Band], band: _Band, xs: list[float], h: float) -> bool:
    """A two-level header: a piece of the row above spans columns and the band holds two or
    more pieces inside that span."""
    for up in (i for b in row for i in b.pieces):
        c0, c1 = _span(xs, pieces[up], h)
        if c1 > c0 and sum(1 for i in band.pieces if c0 <= _span(xs, pieces[i], h)[0]
                           and _span(xs, pieces[i], h)[1] <= c1) >= 2:
            return True
    return False


def _col_of(xs: list[float], x: float) -> int:
    for k in range(len(xs) - 1):
        if x < xs[k + 1]:
            return k
    return len(xs) - 2


def _span(xs: list[float], p: Piece, h: float) -> tuple[int, int]:
    inset = min(0.25 * h, 0.25 * (p.x1 - p.x0))
    return _col_of(xs, p.x0 + inset), _col_of(xs, p.x1 - inset)


def _filled(pieces: list[Piece], band: _Band, xs: list[float]) -> set[int]:
    out: set[int] = set()
    for i in band.pieces:
        c0, c1 = _span(xs, pieces[i], 0.0)
        out |= set(range(c0, c1 + 1))
    return out


def _text(pieces: list[Piece], idx: list[int]) -> str:
    """Pieces of one cell read top to bottom, left to right within a line."""
    lines: list[list[int]] = []
    for i in sorted(idx, key=lambda i: (pieces[i].top, pieces[i].x0)):
        p = pieces[i]
        if lines:
            q = pieces[lines[-1][0]]
            if min(p.bottom, q.bottom) - max(p.top, q.top) > 0.5 * min(p.height, q.height):
                lines[-1].append(i)
                continue
        lines.append([i])
    texts = []
    for ln in lines:
        parts = [pieces[i].text for i in sorted(ln, key=lambda i: pieces[i].x0)]
        text = ""
        for part in parts:
            if text and text[-1].isascii() and text[-1].isalnum() and part[:1].isascii() and part[:1].isalnum():
                text += " "
            text += part
        texts.append(text)
    return join_wrapped(texts)


def _build(pieces: list[Piece], idx: list[int], region: _Region, h: float, page: int | None,
           free: bool) -> Table | None:
    if not idx:
        return None
    bands = _bands(pieces, idx)
    header_end = region.rules[1] if len(region.rules) >= 3 else None
    body = [b for b in bands if header_end is None or b.top > header_end] or bands
    xs = _columns(pieces, idx, body, h, region.x0, region.x1)
    n_cols = len(xs) - 1
    rows = _rows(pieces, bands, xs, region.rules, h)
    if n_cols < (MIN_FREE_COLS if free else 2) or len(rows) < (MIN_FREE_ROWS if free else 2):
        return None
    ys = [region.rules[0] if region.rules else rows[0][0].top - 0.3 * h]
    for a, b in zip(rows, rows[1:]):
        bottom, top = max(x.bottom for x in a), min(x.top for x in b)
        ruled = [y for y in region.rules if bottom - 0.5 <= y <= top + 0.5]
        ys.append(ruled[0] if ruled else (bottom + top) / 2)
    ys.append(region.rules[-1] if region.rules else max(x.bottom for x in rows[-1]) + 0.3 * h)
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        members = [i for b in row for i in b.pieces]
        groups: list[list] = []    # [c0, c1, piece indexes], merged where columns overlap
        for i in sorted(members, key=lambda i: _span(xs, pieces[i], h)):
            c0, c1 = _span(xs, pieces[i], h)
            if groups and c0 <= groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], c1)
                groups[-1][2].append(i)
            else:
                groups.append([c0, c1, [i]])
        used: set[int] = set()
        for c0, c1, own in groups:
            conf = [pieces[i].confidence for i in own if pieces[i].confidence is not None]
            cells.append(Cell(row=r, col=c0, text=_text(pieces, own), col_span=c1 - c0 + 1, page=page,
                              x0=round(xs[c0], 2), top=round(ys[r], 2), x1=round(xs[c1 + 1], 2),
                              bottom=round(ys[r + 1], 2),
                              confidence=round(sum(conf) / len(conf), 3) if conf else None))
            used |= set(range(c0, c1 + 1))
        for c in range(n_cols):
            if c not in used:
                cells.append(Cell(row=r, col=c, text="", page=page, x0=round(xs[c], 2), top=round(ys[r], 2),
                                  x1=round(xs[c + 1], 2), bottom=round(ys[r + 1], 2)))
    cells.sort(key=lambda c: (c.row, c.col))
    table = Table(cells=cells, n_rows=len(rows), n_cols=n_cols, page_start=page, page_end=page, ruled=False)
    if free and not _plausible(table):
        return None
    return table


def _plausible(table: Table) -> bool:
    """A borderless table, not a 目录 (leader dots, or a last column of page numbers), and most
    rows fill two cells or more."""
    grid = table.grid()
    if any(_LEADERS.search(t) for row in grid for t in row):
        return False
    last = [row[-1] for row in grid if row[-1]]
    if last and len(last) >= 0.8 * len(grid) and all(_PAGE_NO.match(t) for t in last):
        numbers = [int(t) for t in last]
        if numbers == sorted(numbers):
            return False
    full = sum(1 for row in grid if sum(1 for t in row if t) >= 2)
    return full >= max(MIN_FREE_ROWS, MULTI_SHARE * len(grid))


# ------------------------------------------------------------------ a PDF page's text lines

def tables_from_lines(lines: list, rules: list[Rule], page: int | None = None) -> tuple[list[Table], list]:
    """A text-layer page's lines (pdf_text Lines) -> (tables read from alignment, the lines
    outside them)."""
    pieces = pieces_from_lines(lines)
    if not _may_hold_table(pieces):
        return [], lines
    found = find_text_tables(pieces, rules, page)
    if not found:
        return [], lines
    boxes = [(min(c.x0 for c in t.cells), min(c.top for c in t.cells),
              max(c.x1 for c in t.cells), max(c.bottom for c in t.cells)) for t, _ in found]

    def inside(ln) -> bool:
        cx, cy = (ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2
        return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    return [t for t, _ in found], [ln for ln in lines if not inside(ln)]
