"""Ruling lines -> logical table grids on one PDF page.

Edges come from every stroked line, rectangle side and curve segment pdfplumber sees; short
collinear pieces (ReportLab draws each cell side separately, some printers draw dotted rules
as separate dots) are snapped and joined first. A filled, unstroked area at least SHADE_MIN
thick in both directions is cell shading or a background, not a rule: its sides make no
boundaries. Thin filled rectangles (Word's and WPS's rules) are rules of any thickness.
Missing outer borders are completed from the extent of the inner lines. Cells are the
smallest rectangles bounded by edges (pdfplumber's intersection algorithm); the logical grid
is the set of all distinct cell x / y boundaries, so a cell covering several grid slots (a
missing internal segment) becomes one Cell with row_span / col_span > 1.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from pdfplumber.table import (cells_to_tables, edges_to_intersections,
                              merge_edges)
from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

from .model import Cell, Table
from .pdf_text import cell_text

SNAP = 3.0        # points: lines closer than this are one line
JOIN = 4.5        # collinear pieces this far apart are one rule (both stop up to 2 pt short)
MIN_EDGE = 2.0    # shorter edges (after joining collinear pieces) are noise: dots, glyph strokes
MIN_PIECE = 0.3   # pieces shorter than this are not even joined
SHADE_MIN = 6.0   # a filled, unstroked area this thick both ways is shading, not a rule
SLIVER = 5.0      # a grid row/column this thin without text is the gap of a double rule
EDGE_SLIVER = 10.0  # at the table's edge: rules overshooting the frame, a double frame


def _is_shading(obj: dict) -> bool:
    return (bool(obj.get("fill")) and not obj.get("stroke")
            and min(obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]) >= SHADE_MIN)


def _rings(rects: list[dict], tol: float = 3.0) -> set[int]:
    """ids of filled rects that pair up as a border drawn as one even-odd filled path (a box
    minus a box a little inside it): such rects are rules, not shading."""
    big = [r for r in rects if _is_shading(r)]
    by_x: dict[int, list[dict]] = {}
    for r in big:
        by_x.setdefault(round(r["x0"] / tol), []).append(r)
    out: set[int] = set()
    for a in big:
        key = round(a["x0"] / tol)
        for b in by_x.get(key - 1, []) + by_x.get(key, []) + by_x.get(key + 1, []):
            if b is a:
                continue
            if (0 < b["x0"] - a["x0"] <= tol and 0 < a["x1"] - b["x1"] <= tol
                    and 0 < b["top"] - a["top"] <= tol and 0 < a["bottom"] - b["bottom"] <= tol):
                out.update((id(a), id(b)))
    return out


def page_edges(page) -> list[dict]:
    """Every line, rectangle side and curve segment on the page that may be a rule."""
    edges = [line_to_edge(o) for o in page.lines]
    rects = page.rects
    rings = _rings(rects)
    for r in rects:
        if not _is_shading(r) or id(r) in rings:
            edges.extend(rect_to_edges(r))
    for c in page.curves:
        if not _is_shading(c):
            edges.extend(curve_to_edges(c))
    return edges


def _clean_edges(edges: list[dict], dx: float = 0.0, dy: float = 0.0) -> list[dict]:
    """Axis-parallel edges as zero-thickness lines, moved by (-dx, -dy) into the page's frame."""
    out = []
    for e in edges:
        w = e["x1"] - e["x0"]
        h = e["bottom"] - e["top"]
        if e.get("orientation") == "h" and h <= 1.0 and w >= MIN_PIECE:
            out.append(_edge(e["x0"] - dx, e["top"] - dy, e["x1"] - dx, e["top"] - dy, "h"))
        elif e.get("orientation") == "v" and w <= 1.0 and h >= MIN_PIECE:
            out.append(_edge(e["x0"] - dx, e["top"] - dy, e["x0"] - dx, e["bottom"] - dy, "v"))
    return out


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "orientation": orientation, "object_type": "line"}


def _components(edges: list[dict], tol: float = SNAP) -> list[list[dict]]:
    """Edges grouped into connected sets (an h and a v edge touching or crossing)."""
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, e in enumerate(edges) if e["orientation"] == "h"]
    vs = [i for i, e in enumerate(edges) if e["orientation"] == "v"]
    for i in hs:
        h = edges[i]
        for j in vs:
            v = edges[j]
            if (h["x0"] - tol <= v["x0"] <= h["x1"] + tol
                    and v["top"] - tol <= h["top"] <= v["bottom"] + tol):
                a, b = find(i), find(j)
                if a != b:
                    parent[a] = b
    groups: dict[int, list[dict]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(find(i), []).append(e)
    return list(groups.values())


def complete_borders(edges: list[dict], tol: float = SNAP) -> list[dict]:
    """Add the outer border lines a table leaves out: when horizontal rules run past the
    outermost vertical (no left/right border) or verticals run past the outermost horizontal
    (no top/bottom border), close the frame there."""
    added = []
    for comp in _components(edges, tol):
        hs = [e for e in comp if e["orientation"] == "h"]
        vs = [e for e in comp if e["orientation"] == "v"]
        if not hs or not vs:
            continue
        hx0 = min(e["x0"] for e in hs)
        hx1 = max(e["x1"] for e in hs)
        vx0 = min(e["x0"] for e in vs)
        vx1 = max(e["x0"] for e in vs)
        vtop = min(e["top"] for e in vs)
        vbot = max(e["bottom"] for e in vs)
        hy0 = min(e["top"] for e in hs)
        hy1 = max(e["top"] for e in hs)
        top, bottom = min(vtop, hy0), max(vbot, hy1)
        left, right = min(hx0, vx0), max(hx1, vx1)
        if hx0 < vx0 - tol:
            added.append(_edge(hx0, top, hx0, bottom, "v"))
        if hx1 > vx1 + tol:
            added.append(_edge(hx1, top, hx1, bottom, "v"))
        if vtop < hy0 - tol or not _spans(hs, vtop, left, right, tol):
            added.append(_edge(left, vtop, right, vtop, "h"))
        if vbot > hy1 + tol or not _spans(hs, vbot, left, right, tol):
            added.append(_edge(left, vbot, right, vbot, "h"))
    return edges + added


def _spans(hs: list[dict], y: float, left: float, right: float, tol: float) -> bool:
    """Whether the horizontal rules at height y run from left to right: a browser (Chromium,
    Skia) leaves out the bottom rule of a cell that a page break cuts (a 一级指标 spanning rows
    onto the next page), and the top rule of its rest on the next page, so only the cells
    that end there are closed."""
    covered = left
    for e in sorted((e for e in hs if abs(e["top"] - y) <= tol), key=lambda e: e["x0"]):
        if e["x0"] > covered + tol:
            return False
        covered = max(covered, e["x1"])
    return covered >= right - tol


def cluster(values: list[float], tol: float = 2.0) -> list[float]:
    """Sorted distinct positions: values within tol of the previous one are merged (mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def nearest(bounds: list[float], value: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))


def nearest_sorted(bounds: list[float], value: float) -> int:
    """`nearest` for ascending bounds by bisection (it runs four times per cell box): the
    same index, the lowest one on a tie."""
    i = min(bisect_left(bounds, value), len(bounds) - 1)
    # Distances fall towards the value and rise past it; walk left over equal ones (a double
    # value, or a difference rounded away) to the first, as min() picks.
    while i > 0 and abs(bounds[i - 1] - value) <= abs(bounds[i] - value):
        i -= 1
    return i


def cells_from_intersections(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber.table.intersections_to_cells, the same cells in the same order, with each
    point's edge sets built once: pdfplumber rebuilds both sets for every pair of points it
    tests, a quarter of a ruled table's grid time. For each point (in (x, top) order) the
    smallest cell whose corners are intersections joined by common edges."""
    def edges(point, kind):
        return frozenset((e["x0"], e["top"], e["x1"], e["bottom"]) for e in intersections[point][kind])

    v_edges = {p: edges(p, "v") for p in intersections}
    h_edges = {p: edges(p, "h") for p in intersections}
    points = sorted(intersections)
    columns: dict[float, list] = {}
    rows: dict[float, list] = {}
    at: dict[tuple, tuple[int, int]] = {}
    for point in points:
        column = columns.setdefault(point[0], [])     # by top within a column
        row = rows.setdefault(point[1], [])           # by x within a row
        at[point] = (len(column), len(row))
        column.append(point)
        row.append(point)

    def joined_v(a, b) -> bool:
        return not v_edges[a].isdisjoint(v_edges[b])

    def joined_h(a, b) -> bool:
        return not h_edges[a].isdisjoint(h_edges[b])

    cells = []
    for point in points:
        in_column, in_row = at[point]
        below = columns[point[0]][in_column + 1:]
        right = rows[point[1]][in_row + 1:]
        cell = None
        for below_pt in below:
            if not joined_v(point, below_pt):
                continue
            for right_pt in right:
                if not joined_h(point, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and joined_v(corner, right_pt) and joined_h(corner, below_pt):
                    cell = (point[0], point[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def find_tables(page, chars: list[dict], page_no: int, origin: tuple[float, float] = (0.0, 0.0),
                one_column: list[Table] | None = None) -> list[Table]:
    """Tables on one pdfplumber page, top to bottom, as logical grids with cell text. `origin`
    is the page's top-left in pdfplumber's coordinates (a crop box or a media box that does not
    start at 0, 0); chars are already in the page's own frame. One-column grids are no table
    on their own; they go to `one_column` when given."""
    edges = _clean_edges(page_edges(page), *origin)
    if len(edges) < 4:
        return []
    edges = merge_edges(edges, SNAP, SNAP, JOIN, JOIN)
    edges = [e for e in edges if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= MIN_EDGE]
    if len(edges) < 4:
        return []
    edges = complete_borders(edges)
    edges = merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    edges = [e for e in edges if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= MIN_EDGE]
    intersections = edges_to_intersections(edges, SNAP, SNAP)
    boxes = cells_from_intersections(intersections)
    tables = []
    for group in cells_to_tables(boxes):
        if len(group) < 2:
            continue  # a framed paragraph, not a table
        table = _grid(group, chars, page_no)
        if table.n_cols < 2:
            # a page frame, boxed text cut by a rule, or full-width rows a page break cut off
            # a table: its text stays narrative unless the reader joins it to that table
            if one_column is not None:
                one_column.append(table)
            continue
        tables.append(table)
    tables.sort(key=lambda t: (t.cells[0].top if t.cells else 0))
    return tables


def horizontal_rules(page, origin: tuple[float, float] = (0.0, 0.0), grids: list[tuple] = (),
                     min_length: float = 40.0) -> list[tuple[float, float, float]]:
    """(x0, y, x1) of the page's horizontal rules, collinear pieces joined, in the page's frame,
    except those of the ruled grids whose boxes are given: what a 三线表 draws (text_tables
    reads the table between them)."""
    edges = [e for e in _clean_edges(page_edges(page), *origin) if e["orientation"] == "h"]
    if not edges:
        return []
    edges = merge_edges(edges, SNAP, SNAP, JOIN, JOIN)
    return [(e["x0"], e["top"], e["x1"]) for e in edges if e["x1"] - e["x0"] >= min_length
            and not any(b[0] - SNAP <= (e["x0"] + e["x1"]) / 2 <= b[2] + SNAP
                        and b[1] - SNAP <= e["top"] <= b[3] + SNAP for b in grids)]


def _drop_slivers(bounds: list[float], spans: list[tuple[float, float]], centres: list[float]
                  ) -> list[float]:
    """Remove the boundary of a row/column thinner than SLIVER that is no cell of its own with
    text (the two lines of a double rule, rows whose column rules stand a few points apart):
    the outer one at the table's edge, else the later one. `spans` are the boxes' extents
    along this axis, `centres` the chars' centres."""
    out = list(bounds)
    i = 0
    while i < len(out) - 1 and len(out) > 2:
        lo, hi = out[i], out[i + 1]
        edge = i == 0 or i == len(out) - 2
        if hi - lo < (EDGE_SLIVER if edge else SLIVER):
            own = [(a, b) for a, b in spans if a >= lo - 2.0 and b <= hi + 2.0]
            if not any(a < c < b for a, b in own for c in centres):
                del out[i if i == 0 else i + 1]
                continue
        i += 1
    return out


def _grid(boxes: list[tuple], chars: list[dict], page_no: int) -> Table:
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    inside = [ch for ch in chars
              if xs[0] <= (ch["x0"] + ch["x1"]) / 2 <= xs[-1] and ys[0] <= (ch["top"] + ch["bottom"]) / 2 <= ys[-1]]
    xs = _drop_slivers(xs, [(b[0], b[2]) for b in boxes], [(ch["x0"] + ch["x1"]) / 2 for ch in inside])
    ys = _drop_slivers(ys, [(b[1], b[3]) for b in boxes], [(ch["top"] + ch["bottom"]) / 2 for ch in inside])
    placed = []
    slot_owner: dict[tuple[int, int], int] = {}
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = nearest_sorted(xs, b[0]), nearest_sorted(xs, b[2])
        r0, r1 = nearest_sorted(ys, b[1]), nearest_sorted(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        if all((r, c) in slot_owner for r in range(r0, r1) for c in range(c0, c1)):
            continue  # the same slots again (a box between the lines of a double rule)
        for r in range(r0, r1):
            for c in range(c0, c1):
                slot_owner.setdefault((r, c), len(placed))
        placed.append((b, r0, r1, c0, c1))
    # Each char goes to the cell holding its centre (grid slot by bisection).
    owner_of: dict[int, int] = {}   # id(char) -> index into placed
    taken: list[dict] = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            continue
        col = min(max(bisect_right(xs, cx) - 1, 0), len(xs) - 2)
        row = min(max(bisect_right(ys, cy) - 1, 0), len(ys) - 2)
        owner = slot_owner.get((row, col))
        if owner is not None:
            owner_of[id(ch)] = owner
            taken.append(ch)
    _keep_runs_together(taken, owner_of, xs, ys, slot_owner)
    mine: list[list[dict]] = [[] for _ in placed]
    for ch in taken:
        mine[owner_of[id(ch)]].append(ch)
    cells = []
    for (b, r0, r1, c0, c1), own in zip(placed, mine):
        cells.append(Cell(row=r0, col=c0, text=cell_text(own), row_span=r1 - r0, col_span=c1 - c0,
                          page=page_no, x0=round(b[0], 2), top=round(b[1], 2), x1=round(b[2], 2),
                          bottom=round(b[3], 2)))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(cells=cells, n_rows=len(ys) - 1, n_cols=len(xs) - 1, page_start=page_no, page_end=page_no)


def _keep_runs_together(chars: list[dict], owner_of: dict[int, int], xs: list[float],
                        ys: list[float], slot_owner: dict[tuple[int, int], int]) -> None:
    """A value printed wider than its cell runs over the right rule; its glyphs past the rule
    stay in the cell it starts in. Overflow is a glyph run without gaps (a fifth of the font
    size) across a rule that separates two cells, and either a glyph starting left of (or on)
    the rule has its centre right of it, or the run's part right of the rule is everything
    the next cell would hold (Excel lets text run on over an empty neighbour). Text of a
    filled neighbour starts right of the rule (cell padding) and stays where it is."""
    held: dict[int, int] | None = None
    for st in chars:
        if _blank(st):
            continue
        cx = (st["x0"] + st["x1"]) / 2
        col = bisect_right(xs, cx) - 1
        row = min(max(bisect_right(ys, (st["top"] + st["bottom"]) / 2) - 1, 0), len(ys) - 2)
        if 1 <= col <= len(xs) - 2 and st["x0"] < xs[col] + 0.5:
            rule, first = xs[col], True         # st is the first glyph past the rule
        elif col + 1 <= len(xs) - 2 and st["x1"] > xs[col + 1] + 0.5:
            rule, first = xs[col + 1], False    # st lies across the rule, centre left of it
            col += 1
        else:
            continue
        if slot_owner.get((row, col - 1)) == slot_owner.get((row, col)):
            continue  # a column boundary inside a merged cell, not a rule here
        size = max(st.get("size") or (st["bottom"] - st["top"]), 1.0)
        mid = (st["top"] + st["bottom"]) / 2
        line = sorted((c for c in chars if not _blank(c) and c["top"] <= mid <= c["bottom"]),
                      key=lambda c: c["x0"])
        k = next(i for i, c in enumerate(line) if c is st)
        before = [c for c in line[:k] if (c["x0"] + c["x1"]) / 2 < rule] if first else [st]
        if not before or (first and st["x0"] - before[-1]["x1"] > 0.2 * size):
            continue
        home = owner_of[id(before[-1])]
        tail = [st] if first else []
        for prev, c in zip(line[k:], line[k + 1:]):
            if c["x0"] - prev["x1"] > 0.2 * size:
                break
            tail.append(c)
        tail = [c for c in tail if owner_of[id(c)] != home]
        if not tail:
            continue
        if not first:
            if held is None:
                held = {}
                for c in chars:
                    if not _blank(c):
                        held[owner_of[id(c)]] = held.get(owner_of[id(c)], 0) + 1
            if len(tail) != held.get(owner_of[id(tail[0])], 0):
                continue  # the neighbour has text of its own: its run starts there
        for c in tail:
            if held is not None:
                held[owner_of[id(c)]] -= 1
                held[home] = held.get(home, 0) + 1
            owner_of[id(c)] = home


def _blank(ch: dict) -> bool:
    return not ch["text"].strip()


def table_bbox(table: Table, page: int | None = None) -> tuple[float, float, float, float]:
    cells = [c for c in table.cells if page is None or c.page == page]
    return (min(c.x0 for c in cells), min(c.top for c in cells),
            max(c.x1 for c in cells), max(c.bottom for c in cells))


def col_bounds(table: Table) -> list[float | None]:
    """x of each column boundary (n_cols + 1 values) as seen on the table's cells."""
    seen: dict[int, list[float]] = {}
    for c in table.cells:
        if c.x0 is None:
            continue
        seen.setdefault(c.col, []).append(c.x0)
        seen.setdefault(c.col + c.col_span, []).append(c.x1)
    return [sum(seen[i]) / len(seen[i]) if i in seen else None for i in range(table.n_cols + 1)]
