"""Image geometry for scanned pages: deskew, ruling-line detection, table grids.

Everything here works in pixels of one (deskewed) page image. `scan.py` turns the result into
PDF points. No OCR here, so these functions are fast and testable on synthetic images.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import cv2
import numpy as np


# ----------------------------------------------------------------------------- deskew

def binarize(gray: np.ndarray, block: int = 31, c: int = 15) -> np.ndarray:
    """Ink = 255, paper = 0. Adaptive so uneven scan brightness does not matter."""
    block = block | 1
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 block, c)


def _profile_score(ink: np.ndarray, angle: float) -> float:
    h, w = ink.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    prof = cv2.reduce(rot, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel().astype(np.float64)
    return float(np.sum(np.diff(prof) ** 2))


def estimate_skew(gray: np.ndarray, max_angle: float = 2.0) -> float:
    """Angle in degrees (cv2 convention: positive = counter-clockwise) that makes text lines and
    ruling lines horizontal, by maximising the sharpness of the horizontal projection profile.
    Works on text-only pages as well as table pages."""
    h, w = gray.shape
    f = min(1.0, 900.0 / max(h, w))
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    # 0/1 as uint8: the warps below move a quarter of the bytes of float32, same profiles
    ink = binarize(small, 15, 12) // 255
    if np.count_nonzero(ink) < 50:
        return 0.0
    best, best_s = 0.0, -1.0
    for a in np.arange(-max_angle, max_angle + 1e-6, 0.2):
        s = _profile_score(ink, float(a))
        if s > best_s:
            best, best_s = float(a), s
    centre = best
    for a in np.arange(centre - 0.2, centre + 0.2 + 1e-6, 0.04):
        s = _profile_score(ink, float(a))
        if s > best_s:
            best, best_s = float(a), s
    return round(best, 3)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 1e-3:
        return gray
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = 255 if gray.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


# ----------------------------------------------------------------------------- lines

@dataclass
class Seg:
    pos: float      # y for horizontal, x for vertical (centre line)
    a: float        # start along the line
    b: float        # end along the line


@dataclass
class GridCell:
    row: int
    col: int
    row_span: int
    col_span: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class TableGrid:
    xs: list[float]               # column boundaries (px), n_cols + 1
    ys: list[float]               # row boundaries (px), n_rows + 1
    cells: list[GridCell] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


# Joining is on; it leaves the dev scan's grids unchanged (checked page by page).
JOIN_DROPOUT = True
DROPOUT_GAP = 0.08    # inches (~6 pt): longest dropout gap bridged between line pieces
DROPOUT_TINY = 0.0    # inches: gap bridged whatever the pieces' length
DROPOUT_PIECE = 0.25  # inches: pieces this long are not character strokes (9-14 pt text)


def line_masks(ink: np.ndarray, dpi: float, length_in: float = 0.12) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical line candidates by morphological opening with kernels
    `length_in` inches long, after a small closing that bridges JPEG/noise breaks. Short
    kernels also catch CJK strokes; `_validate` removes those."""
    klen = max(9, int(round(dpi * length_in)))
    gap = max(3, int(round(dpi * 0.015)))
    hc = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vc = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    hmask = cv2.morphologyEx(hc, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (klen, 1)))
    vmask = cv2.morphologyEx(vc, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, klen)))
    return hmask, vmask


def join_dropout(segs: list[Seg], dpi: float, tol: float, perp: list[Seg] | None = None) -> list[Seg]:
    """Scanner dropout leaves gaps of a few points in thin ruling lines. Join collinear pieces
    across gaps up to DROPOUT_GAP inches when both are line pieces: longer than a character
    stroke (DROPOUT_PIECE), or meeting/crossing a long perpendicular line (`perp`), or a short
    piece sandwiched between two line pieces. A character's stroke near a line end (门 above
    the start of a column line) must not extend the line: strokes float inside cells."""
    if not JOIN_DROPOUT or not segs:
        return segs
    big, tiny, piece = dpi * DROPOUT_GAP, dpi * DROPOUT_TINY, dpi * DROPOUT_PIECE
    # only long perpendicular lines count: character strokes cross each other all the time
    perp = [o for o in (perp or []) if o.b - o.a >= dpi * 0.6]
    ttol = max(tol * 2, dpi / 72.0 * 2.5)
    lines: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: s.pos):
        if lines and s.pos - lines[-1][-1].pos <= tol:
            lines[-1].append(s)
        else:
            lines.append([s])
    out: list[Seg] = []
    for line in lines:
        line.sort(key=lambda s: s.a)
        q = [s.b - s.a >= piece or _crosses(s, perp, ttol) for s in line]
        for i in range(1, len(line) - 1):
            if (not q[i] and q[i - 1] and q[i + 1] and line[i].a - line[i - 1].b <= big
                    and line[i + 1].a - line[i].b <= big):
                q[i] = True
        cur, cur_q = Seg(line[0].pos, line[0].a, line[0].b), q[0]
        for s, qs in zip(line[1:], q[1:]):
            gap = s.a - cur.b
            # never across a perpendicular line: a line that stops at a junction is a merged
            # cell's edge, and a stroke in a tight cell nearly touches the row line
            at_junction = any(cur.b - ttol <= o.pos <= s.a + ttol and o.a - ttol <= s.pos <= o.b + ttol
                              for o in perp)
            if gap <= tiny or (gap <= big and cur_q and qs and not at_junction):
                la, lb = cur.b - cur.a, s.b - s.a
                cur.pos = (cur.pos * la + s.pos * lb) / max(la + lb, 1e-6)
                cur.b = max(cur.b, s.b)
                cur_q = cur_q or qs
            else:
                out.append(cur)
                cur, cur_q = Seg(s.pos, s.a, s.b), qs
        out.append(cur)
    return out


def _run_starts(mask: np.ndarray) -> int:
    """Ink runs along rows or along columns of `mask`, whichever are fewer."""
    across = np.count_nonzero(mask[:, 1:] > mask[:, :-1]) + np.count_nonzero(mask[:, 0])
    down = np.count_nonzero(mask[1:] > mask[:-1]) + np.count_nonzero(mask[0])
    return min(across, down)


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(n, labels, stats) of cv2.connectedComponentsWithStats(mask, connectivity=8), with the
    same labels and stats. With 16-bit labels OpenCV takes 3-4x less CPU than with 32-bit ones
    on a page; they are used when they cannot overflow: a raster-scan labeller opens a new
    provisional label only on ink whose left and upper neighbours are paper, so at most one
    per ink run, which `_run_starts` bounds."""
    mask = mask if mask.dtype == np.uint8 else mask.astype(np.uint8)
    ltype = cv2.CV_16U if _run_starts(mask) < 65000 else cv2.CV_32S
    n, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, ltype, cv2.CCL_DEFAULT)
    return n, labels, stats


def median_u8(img: np.ndarray) -> float:
    """np.median of a grayscale uint8 image, from its histogram: no sort of the pixels (the
    paper level of every cell and text box is taken this way, thousands of times a page)."""
    if img.dtype != np.uint8 or img.ndim != 2 or img.size == 0:
        return float(np.median(img))
    cum = np.cumsum(cv2.calcHist([img], [0], None, [256], [0, 256]).ravel().astype(np.int64))
    n = img.size
    lo, hi = np.searchsorted(cum, [(n - 1) // 2, n // 2], side="right")
    return (float(lo) + float(hi)) / 2


def _segments(mask: np.ndarray, horizontal: bool, min_len: int) -> list[Seg]:
    n, _, stats = components(mask)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if horizontal:
            if w < min_len or h > max(12, w * 0.25):
                continue
            out.append(Seg(y + h / 2.0, float(x), float(x + w)))
        else:
            if h < min_len or w > max(12, h * 0.25):
                continue
            out.append(Seg(x + w / 2.0, float(y), float(y + h)))
    return out


TEXT_CROSSED = 0.2   # share of a segment's length crossed by taller ink: a run of text strokes
LINE_FILLED = 0.5    # share of a segment's length with ink on its axis: a ruling line is solid
TEXT_RUN_MAX = 2.0   # inches: longer candidates are never stroke runs


def _run_lengths(ink: np.ndarray, seg: Seg, horizontal: bool, reach: int) -> np.ndarray:
    """Along `seg`, the length of the ink run through the segment's axis (0 where the axis
    has no ink within 2 px), capped at `reach` either side."""
    return _run_lengths_many(ink, [seg], horizontal, reach)[0]


def _window(band: np.ndarray, seg: Seg, reach: int) -> tuple[int, int, int, int, int]:
    """(first row, end row, first column, end column, axis row within) of the rows `reach` px
    (+2) either side of `seg`'s axis, over its length, in `band` (rows across the segment)."""
    y = int(round(seg.pos))
    lo_row, hi_row = max(0, y - 2 - reach), min(band.shape[0], y + 3 + reach)
    return lo_row, hi_row, max(0, int(seg.a)), min(band.shape[1], int(seg.b)), y - lo_row


def _run_lengths_many(ink: np.ndarray, segs: list[Seg], horizontal: bool, reach: int) -> list[np.ndarray]:
    """_run_lengths of each of `segs`. The columns of a window are independent, so windows
    of one height and axis are laid side by side and done in one pass: a page's hundreds of
    candidates cost a few array operations instead of a dozen each."""
    band = ink if horizontal else ink.T
    out: list[np.ndarray] = [np.zeros(0, int)] * len(segs)
    groups: dict[tuple[int, int], list[tuple[int, tuple]]] = {}
    for i, seg in enumerate(segs):
        lo_row, hi_row, a, b, axis = _window(band, seg, reach)
        if hi_row > lo_row and b > a:
            groups.setdefault((hi_row - lo_row, axis), []).append((i, (lo_row, hi_row, a, b)))
    for (n, axis), members in groups.items():
        window = np.concatenate([band[lo:hi, a:b] for _, (lo, hi, a, b) in members], axis=1) > 0
        runs = _window_runs(window, axis)
        ends = np.cumsum([b - a for _, (_, _, a, b) in members])
        for (i, _), part in zip(members, np.split(runs, ends[:-1])):
            out[i] = part
    return out


def _window_runs(window: np.ndarray, axis: int) -> np.ndarray:
    """Per column of a window (bool, rows across the line): the length of the ink run through
    the first inked row within 2 px of row `axis`, 0 where there is none."""
    n = window.shape[0]
    c0 = max(0, axis - 2)
    core = window[c0:axis + 3]
    has = core.any(axis=0)
    start = c0 + core.argmax(axis=0)          # first inked row of the core, per column
    cols = np.arange(window.shape[1])
    # the run through `start`: from the last blank row above it to the first blank row below
    # (running max / min of blank rows' indices: whole-array passes, no loop over rows)
    rows = np.arange(n)[:, None]
    last_blank = np.maximum.accumulate(np.where(window, -1, rows), axis=0)
    next_blank = np.minimum.accumulate(np.where(window, n, rows)[::-1], axis=0)[::-1]
    runs = next_blank[start, cols] - last_blank[start, cols] - 1
    return np.where(has, runs, 0)


RULE_THICK_FACTOR = 1.5   # a candidate this many times thicker than the page's rules (+1 px) is text


def _reach(dpi: float) -> int:
    """How far (px) either side of a candidate's axis its ink runs are followed."""
    return max(3, int(round(dpi / 72.0 * 2.0)))


def rule_thickness(ink: np.ndarray, segs: list[Seg], horizontal: bool, dpi: float,
                   runs_of: list[np.ndarray] | None = None) -> float | None:
    """The thickness (px) of the page's ruling lines in one direction: the median ink run
    across the candidates longer than TEXT_RUN_MAX (no line of text is that long); None when
    there is none. `runs_of`: the segments' _run_lengths, when already taken."""
    reach = _reach(dpi)
    values = []
    for k, s in enumerate(segs):
        if s.b - s.a > TEXT_RUN_MAX * dpi:
            runs = runs_of[k] if runs_of is not None else _run_lengths(ink, s, horizontal, reach)
            if (runs > 0).any():
                values.append(_median(runs[runs > 0]))
    return float(np.median(values)) if values else None


def _median(values: np.ndarray) -> float:
    """np.median of a non-empty 1-d array of integers, without its generic machinery (called
    for every line candidate of a page)."""
    v = np.sort(values)
    m = v.size // 2
    return float(v[m]) if v.size % 2 else (float(v[m - 1]) + float(v[m])) / 2


def is_text_run(ink: np.ndarray, seg: Seg, horizontal: bool, dpi: float,
                perp: list[Seg] | None = None, rule_thick: float | None = None,
                runs: np.ndarray | None = None) -> bool:
    """A line candidate made of text strokes: the bottoms of a line of CJK characters (层 组 正
    常) or a bold heading join into a long horizontal run at 150-200 dpi. A ruling line is
    solid along its axis and of even thickness; strokes leave gaps on the axis and are crossed
    by the characters' vertical strokes (ink much taller than the line) along much of it.
    On a candidate of 0.6 in or more, where a long perpendicular line (`perp`: candidates of the
    other direction) crosses, the ink is a table's grid, not a stroke: those places are left out
    of the share crossed, else a 1 in column line through four row lines, with a header's glyph
    touching it, reads as text. Shorter candidates keep them: a glyph's stroke in one row ends on
    the row lines, and that end is much of what tells it from a line.
    With `rule_thick` (the page's ruling lines' thickness, `rule_thickness`), a candidate much
    thicker than those is a line of text blurred into one band at 150 dpi (the middle strokes of
    规划成果提交时间 run together, and every column crosses the band's whole height, so
    nothing stands out of it)."""
    if seg.b - seg.a > TEXT_RUN_MAX * dpi:
        return False          # no line of text keeps its strokes aligned that far
    reach = _reach(dpi)
    if runs is None:
        runs = _run_lengths(ink, seg, horizontal, reach)
    if runs.size == 0:
        return False
    on_axis = runs > 0
    if np.count_nonzero(on_axis) < LINE_FILLED * runs.size:
        return True
    thick = _median(runs[on_axis])
    if rule_thick is not None and thick > RULE_THICK_FACTOR * rule_thick + 1:
        return True
    counted = on_axis
    if seg.b - seg.a >= 0.6 * dpi:
        counted = on_axis & ~_grid_crossings(seg, perp or [], runs.size, dpi, reach)
    if not counted.any():
        return False
    crossed = np.count_nonzero(runs[counted] > thick + max(2, reach // 2)) / np.count_nonzero(counted)
    return crossed > TEXT_CROSSED


def _grid_crossings(seg: Seg, perp: list[Seg], n: int, dpi: float, reach: int) -> np.ndarray:
    """Positions along `seg` (its first n px from int(seg.a)) where a long perpendicular line
    (0.6 in or more: no character's stroke) crosses it, widened by `reach` either side."""
    out = np.zeros(n, bool)
    start = max(0, int(seg.a))
    for o in perp:
        if o.b - o.a < 0.6 * dpi or not (o.a - reach <= seg.pos <= o.b + reach):
            continue
        at = int(round(o.pos)) - start
        lo, hi = max(0, at - reach), min(n, at + reach + 1)
        if lo < hi:
            out[lo:hi] = True
    return out


def _touches(end: float, across: float, others: list[Seg], tol: float) -> bool:
    """Is there a perpendicular segment at position ~end that spans `across`?"""
    return any(abs(o.pos - end) <= tol and o.a - tol <= across <= o.b + tol for o in others)


def _crosses(s: Seg, others: list[Seg], tol: float) -> bool:
    """Does a perpendicular segment meet `s` anywhere along it (ends included)?"""
    return any(s.a - tol <= o.pos <= s.b + tol and o.a - tol <= s.pos <= o.b + tol for o in others)


def _inked_to(ink: np.ndarray | None, s: Seg, end: float, perp: list[Seg], tol: float,
              horizontal: bool, inward: int) -> bool:
    """Whether ink runs without a break along `s`'s axis from a perpendicular line it stops
    at to `inward` px inside `s` past its end `end`. A ruling line meets its perpendicular; a
    character's stroke in a tight single-line row (the left stroke of 集, 管) reaches within a
    point or two of both row lines but leaves paper between, a gap the tolerance of `_touches`
    alone cannot tell apart (and the closing in `line_masks` may have bridged into the segment,
    hence the look `inward`)."""
    if ink is None:
        return True
    band = ink if not horizontal else ink.T      # rows run along the segment
    c = int(round(s.pos))
    lo_c, hi_c = max(0, c - 1), min(band.shape[1], c + 2)
    step = inward if end <= (s.a + s.b) / 2 else -inward
    for o in perp:
        if abs(o.pos - end) > tol or not (o.a - tol <= s.pos <= o.b + tol):
            continue
        a, b = sorted((int(round(o.pos)), int(round(end + step))))
        a, b = max(0, a), min(band.shape[0], b + 1)
        if b <= a or bool(band[a:b, lo_c:hi_c].any(axis=1).all()):
            return True
    return False


def _validate(hs: list[Seg], vs: list[Seg], dpi: float,
              ink: np.ndarray | None = None) -> tuple[list[Seg], list[Seg]]:
    """Ruling lines are long, or end on perpendicular ruling lines at both ends (with ink all
    the way, when `ink` is given); character strokes are short and float inside cells."""
    long_len = dpi * 0.6
    tol = max(2.5, dpi / 72.0 * 1.2)
    # a line drawn to its perpendicular ends anywhere across that line's thickness (up to 2 pt)
    both_tol = max(tol, dpi / 72.0 * 2.0)
    h_long = [s for s in hs if s.b - s.a >= long_len]
    v_long = [s for s in vs if s.b - s.a >= long_len]
    inward = max(3, int(round(dpi * 0.02)))

    def ok(s: Seg, same: list[Seg], perp: list[Seg]) -> bool:
        horizontal = same is h_long

        def joined(end: float, t: float) -> bool:
            return _touches(end, s.pos, perp, t) and _inked_to(ink, s, end, perp, t, horizontal, inward)

        if joined(s.a, both_tol) and joined(s.b, both_tol):
            return True
        # the rest of a ruling line broken by a wide dropout gap: collinear with a long line
        # and ending on a perpendicular one (text never sits on a ruling line's axis, but a
        # character's stroke may stop near a row line: that end test stays tight)
        return (joined(s.a, tol) or joined(s.b, tol)) and any(abs(o.pos - s.pos) <= tol for o in same)

    h_ok = h_long + [s for s in hs if s.b - s.a < long_len and ok(s, h_long, v_long)]
    v_ok = v_long + [s for s in vs if s.b - s.a < long_len and ok(s, v_long, h_ok)]
    # a long horizontal that no vertical line crosses or touches is a rule, not a table edge;
    # it stays (tables are found from connected groups of lines below)
    return h_ok, v_ok


STUB_MAX = 0.2    # inches: a line's end past its last crossing, this short, may be a glyph's stroke


def trim_stubs(segs: list[Seg], perp: list[Seg], dpi: float, horizontal: bool,
               ink: np.ndarray | None) -> list[Seg]:
    """Cut a segment's end back to its last crossing where it runs on past it for less than
    STUB_MAX into a cell whose far side is ruled across its axis, and stops short of that
    line (paper between, or no piece of the same line in the gap): a ruling line meets the
    line it ends on, so that end is a character's stroke touching the line (经 sitting on a
    column line in a tight row, 总 filling the row below the last crossing), which would
    otherwise split the cell. An end whose far line has a gap there (dropout at a corner) is
    left alone."""
    if ink is None:
        return segs
    tol = max(2.5, dpi / 72.0 * 1.2)
    near = max(tol, dpi / 72.0 * 3.0)
    reach = dpi * STUB_MAX
    inward = max(3, int(round(dpi * 0.02)))

    def dangling(s: Seg, end: float, outward: int) -> bool:
        ahead = [o for o in perp if o.a - tol <= s.pos <= o.b + tol and (o.pos - end) * outward > -tol]
        if not ahead:
            return False
        far = min(ahead, key=lambda o: abs(o.pos - end))
        if abs(far.pos - end) <= near:
            return not _inked_to(ink, s, end, [far], near, horizontal, inward)
        lo, hi = sorted((end, far.pos))
        if any(o is not s and abs(o.pos - s.pos) <= tol and o.b >= lo and o.a <= hi for o in segs):
            return False
        # the line going on after a dropout gap leaves ink on its axis before the far line
        band = ink if not horizontal else ink.T
        c = int(round(s.pos))
        rows = band[int(lo) + 2:int(hi) - 2, max(0, c - 1):c + 2]
        return rows.size == 0 or float(rows.any(axis=1).mean()) < 0.3

    out = []
    for s in segs:
        crossings = sorted(o.pos for o in perp if s.a + tol < o.pos < s.b - tol
                           and o.a - tol <= s.pos <= o.b + tol)
        a, b = s.a, s.b
        if crossings:
            if crossings[0] - s.a <= reach and dangling(s, s.a, -1):
                a = crossings[0]
            if s.b - crossings[-1] <= reach and dangling(s, s.b, 1):
                b = crossings[-1]
        out.append(s if (a, b) == (s.a, s.b) else Seg(s.pos, a, b))
    return out


def _cluster(values: list[tuple[float, float]], tol: float) -> list[float]:
    """Cluster (position, weight) pairs; returns weighted means, sorted."""
    if not values:
        return []
    values = sorted(values)
    groups: list[list[tuple[float, float]]] = [[values[0]]]
    for v in values[1:]:
        if v[0] - groups[-1][-1][0] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    out = []
    for g in groups:
        wsum = sum(w for _, w in g)
        out.append(sum(p * w for p, w in g) / wsum)
    return out


def _coverage(segs: list[Seg], pos: float, a: float, b: float, tol: float) -> float:
    """Fraction of [a, b] covered by segments lying at `pos` (within tol)."""
    if b <= a:
        return 0.0
    spans = sorted((max(s.a, a), min(s.b, b)) for s in segs if abs(s.pos - pos) <= tol
                   and s.b > a and s.a < b)
    cov, cur_a, cur_b = 0.0, None, None
    for sa, sb in spans:
        if cur_b is None or sa > cur_b:
            if cur_b is not None:
                cov += cur_b - cur_a
            cur_a, cur_b = sa, sb
        else:
            cur_b = max(cur_b, sb)
    if cur_b is not None:
        cov += cur_b - cur_a
    return cov / (b - a)


_LAST_PAGE = threading.local()


def page_masks(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ink, horizontal line mask, vertical line mask) of a deskewed page image, read-only.
    find_tables and the borderless-table reader (ocr_text_tables.horizontal_rules) both take
    them from the same page image, so the last page's stay at hand (per thread: pages are read
    side by side); the image is held too, so `is` cannot match a new image at a freed id."""
    last = getattr(_LAST_PAGE, "masks", None)
    if last is not None and last[0] is gray and last[1] == dpi and last[2] == gray.shape:
        return last[3]
    ink = binarize(gray, block=max(15, int(dpi * 0.18)), c=15)
    hmask, vmask = line_masks(ink, dpi)
    for a in (ink, hmask, vmask):
        a.flags.writeable = False
    _LAST_PAGE.masks = (gray, dpi, gray.shape, (ink, hmask, vmask))
    return ink, hmask, vmask


def forget_page_masks() -> None:
    """Let the last page's image and masks go (tens of MB at 300 dpi) once the page is read."""
    _LAST_PAGE.masks = None


def find_tables(gray: np.ndarray, dpi: float) -> list[TableGrid]:
    """Tables on a deskewed page image, top to bottom, each with its slot grid and merged cells."""
    ink, hmask, vmask = page_masks(gray, dpi)
    min_len = max(9, int(round(dpi * 0.12)))
    tol = max(3.0, dpi / 72.0 * 3.0)  # pdfplumber's 3 pt snap tolerance
    jtol = max(2.0, dpi / 72.0 * 1.0)
    hraw, vraw = _segments(hmask, True, min_len), _segments(vmask, False, min_len)
    if not any(s.b - s.a >= dpi * 0.6 for s in hraw + vraw):
        return []     # no ruling line on the page (prose): nothing to build a table from
    h_runs, v_runs = (_run_lengths_many(ink, hraw, True, _reach(dpi)),
                      _run_lengths_many(ink, vraw, False, _reach(dpi)))
    h_thick, v_thick = rule_thickness(ink, hraw, True, dpi, h_runs), rule_thickness(ink, vraw, False, dpi, v_runs)
    hraw, vraw = ([s for s, r in zip(hraw, h_runs) if not is_text_run(ink, s, True, dpi, vraw, h_thick, r)],
                  [s for s, r in zip(vraw, v_runs) if not is_text_run(ink, s, False, dpi, hraw, v_thick, r)])
    hsegs_all, vsegs_all = _validate(join_dropout(hraw, dpi, jtol, vraw),
                                     join_dropout(vraw, dpi, jtol, hraw), dpi, ink)
    hsegs_all, vsegs_all = (trim_stubs(hsegs_all, vsegs_all, dpi, True, ink),
                            trim_stubs(vsegs_all, hsegs_all, dpi, False, ink))
    # group lines into tables: draw the validated segments and take connected components
    canvas = np.zeros(gray.shape, np.uint8)
    t = max(2, int(round(dpi / 72.0 * 1.5)))
    for s in hsegs_all:
        cv2.line(canvas, (int(s.a), int(s.pos)), (int(s.b), int(s.pos)), 255, t)
    for s in vsegs_all:
        cv2.line(canvas, (int(s.pos), int(s.a)), (int(s.pos), int(s.b)), 255, t)
    canvas = cv2.dilate(canvas, np.ones((5, 5), np.uint8))
    n, _, stats = components(canvas)
    tables = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w < dpi * 0.8 or h < dpi * 0.2:
            continue
        pad = 6
        hs = [s for s in hsegs_all if y - pad <= s.pos <= y + h + pad and s.a >= x - pad and s.b <= x + w + pad]
        vs = [s for s in vsegs_all if x - pad <= s.pos <= x + w + pad and s.a >= y - pad and s.b <= y + h + pad]
        grid = _grid_from_segments(hs, vs, tol)
        if grid is not None and grid.n_rows >= 1 and grid.n_cols >= 1:
            tables.append(grid)
    tables.sort(key=lambda t: t.ys[0])
    return tables


def _grid_from_segments(hs: list[Seg], vs: list[Seg], tol: float) -> TableGrid | None:
    if len(hs) < 2 or len(vs) < 2:
        return None
    ys = _cluster([(s.pos, s.b - s.a) for s in hs], tol)
    xs = _cluster([(s.pos, s.b - s.a) for s in vs], tol)
    # The table's extent is where lines are; vertical lines define the outer x bounds only if
    # they exist. Add outer bounds from horizontal line extents when verticals are missing.
    left = min(s.a for s in hs)
    right = max(s.b for s in hs)
    top = min(s.a for s in vs)
    bottom = max(s.b for s in vs)
    if xs and xs[0] - left > tol * 2:
        xs.insert(0, left)
    if xs and right - xs[-1] > tol * 2:
        xs.append(right)
    if ys and ys[0] - top > tol * 2:
        ys.insert(0, top)
    if ys and bottom - ys[-1] > tol * 2:
        ys.append(bottom)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    # boundary presence
    # hb[i][c]: horizontal line at ys[i] over column slot c (i in 0..nr)
    hb = [[_coverage(hs, ys[i], xs[c], xs[c + 1], tol) >= 0.5 for c in range(nc)] for i in range(nr + 1)]
    vb = [[_coverage(vs, xs[j], ys[r], ys[r + 1], tol) >= 0.5 for r in range(nr)] for j in range(nc + 1)]
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not vb[c + 1][r]:
                union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not hb[r + 1][c]:
                union(r * nc + c, (r + 1) * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(find(r * nc + c), []).append((r, c))
    taken = [[False] * nc for _ in range(nr)]
    cells: list[GridCell] = []
    for slots in sorted(groups.values(), key=lambda g: min(g)):
        r0 = min(r for r, _ in slots)
        r1 = max(r for r, _ in slots)
        c0 = min(c for _, c in slots)
        c1 = max(c for _, c in slots)
        rect = [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
        if len(rect) != len(slots) or any(taken[r][c] for r, c in rect):
            # not a rectangle (broken line): keep the slots as single cells
            for r, c in slots:
                if not taken[r][c]:
                    taken[r][c] = True
                    cells.append(GridCell(r, c, 1, 1, xs[c], ys[r], xs[c + 1], ys[r + 1]))
            continue
        for r, c in rect:
            taken[r][c] = True
        cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
    cells.sort(key=lambda g: (g.row, g.col))
    return TableGrid(xs=xs, ys=ys, cells=cells)
