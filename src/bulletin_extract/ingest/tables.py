"""Ruled tables: cells from the lines a producer draws, so a row's cells read together.

A table's text, read line by line across the page, interleaves its columns ("септември
- първи срещи ... / октомври Стефан ..."): a wrapped date cell is cut into pieces that
each join a piece of the next cell. The rules between cells say where each cell is, as in
pdfplumber's "lines" strategy (`table.py`): every drawn path thinner than
`RULE_THICKNESS` in one direction is a rule (and a rectangle contributes its four edges);
rules within `SNAP` of each other are one; from each crossing of rules a cell is the
nearest box closed by rules on all four sides (a cell spanning rows is closed lower). A row needs at
least two cells: a lone frame is a sidebar (`ingest.layout.find_sidebars`), not a table.

Tables without rules (aligned by whitespace only) are found from the x-starts their
rows share (`find_aligned_tables`) and read the same way, through virtual cells. The
caller looks for them inside each text column as well as across the page: a table set
in one of two columns shares its baselines with the other column's lines.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Protocol

import numpy as np

from .columns import cut_indices, cut_runs, white_runs

#: Paths thinner than this (points) in one direction are rules, not shapes.
RULE_THICKNESS = 2.0
#: Rules whose positions differ by less than this (points) are the same rule.
SNAP = 3.0
#: A rule crosses a cell when it covers all but this many points of the cell's side.
RULE_SLACK = 2.0
#: Pages with more possible rule crossings than this are drawings (charts, maps), not tables.
MAX_CROSSINGS = 40_000
#: Narrower "cells" (points) are the slivers between a cell's rule and its shading.
CELL_MIN_WIDTH = 8.0


class _Rect(Protocol):
    @property
    def x0(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def bottom(self) -> float: ...


@dataclass(frozen=True)
class Rule:
    """A horizontal (at y, from a to b in x) or vertical (at x, from a to b in y) rule."""

    at: float
    a: float
    b: float

    def covers(self, a: float, b: float, slack: float = RULE_SLACK) -> bool:
        return self.a <= a + slack and self.b >= b - slack


@dataclass(frozen=True)
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass(frozen=True)
class Table:
    """Rows top to bottom, each row's cells left to right."""

    rows: list[list[Cell]]

    @property
    def x0(self) -> float:
        return min(c.x0 for row in self.rows for c in row)

    @property
    def x1(self) -> float:
        return max(c.x1 for row in self.rows for c in row)

    @property
    def top(self) -> float:
        return self.rows[0][0].top

    @property
    def bottom(self) -> float:
        return max(c.bottom for row in self.rows for c in row)

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


def _edges(boxes: Sequence[_Rect], thickness: float) -> tuple[list[Rule], list[Rule]]:
    """(horizontal, vertical) rules: thin paths, and the four sides of rectangles."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for b in boxes:
        w, h = b.x1 - b.x0, b.bottom - b.top
        if h <= thickness and w > thickness:
            horizontal.append(Rule((b.top + b.bottom) / 2, b.x0, b.x1))
        elif w <= thickness and h > thickness:
            vertical.append(Rule((b.x0 + b.x1) / 2, b.top, b.bottom))
        elif w > thickness and h > thickness:
            horizontal += [Rule(b.top, b.x0, b.x1), Rule(b.bottom, b.x0, b.x1)]
            vertical += [Rule(b.x0, b.top, b.bottom), Rule(b.x1, b.top, b.bottom)]
    return _merge(horizontal), _merge(vertical)


def _merge(rules: list[Rule], snap: float = SNAP) -> list[Rule]:
    """Rules on one line (within `snap`) that touch or overlap -> one rule."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (r.at, r.a)):
        for i, o in enumerate(out):
            if abs(o.at - r.at) <= snap and r.a <= o.b + snap and r.b >= o.a - snap:
                out[i] = Rule(o.at, min(o.a, r.a), max(o.b, r.b))
                break
        else:
            out.append(r)
    return out


def _positions(rules: Sequence[Rule], snap: float = SNAP) -> list[float]:
    found: list[float] = []
    for at in sorted(r.at for r in rules):
        if not found or at - found[-1] > snap:
            found.append(at)
    return found


def find_tables(
    boxes: Sequence[_Rect], thickness: float = RULE_THICKNESS, snap: float = SNAP, min_width: float = CELL_MIN_WIDTH
) -> list[Table]:
    """Ruled tables of a page, top to bottom; a row is the cells that start at one rule."""
    horizontal, vertical = _edges(boxes, thickness)
    if len(horizontal) < 2 or len(horizontal) * len(vertical) > MAX_CROSSINGS:
        return []
    vertical = vertical + _implied_sides(horizontal, vertical, snap)
    if len(vertical) < 3:
        return []
    cells = _cells(horizontal, vertical, snap, min_width)
    cells = _without_frames_and_shading(cells, snap)
    return [t for t in (_as_table(group, snap) for group in _touching(cells, snap)) if t is not None]


def _cells(horizontal: Sequence[Rule], vertical: Sequence[Rule], snap: float, min_width: float) -> list[Cell]:
    """From each rule crossing: the nearest box closed by rules on all four sides.

    A cell may span rows (no rule below it where its neighbours have one): its bottom
    is the nearest rule that closes it.
    """
    ys = _positions(horizontal, snap)
    cells: list[Cell] = []
    for top in ys:
        # positions of the rules that reach this row: a short rule elsewhere on the page
        # within `snap` of a cell's side must not add a second side beside it
        lefts = sorted({round(v.at, 1) for v in vertical if v.covers(top, top + snap)})
        for i, left in enumerate(lefts):
            for right in lefts[i + 1 :]:
                if right - left < min_width:
                    continue
                if not _ruled(horizontal, top, left, right, snap):
                    break
                bottom = next(
                    (y for y in ys if y > top + snap and _ruled(horizontal, y, left, right, snap)
                     and _crosses(vertical, left, top, y, snap) and _crosses(vertical, right, top, y, snap)),
                    None,
                )
                if bottom is not None:
                    cells.append(Cell(left, top, right, bottom))
                break
    return cells


def _implied_sides(horizontal: Sequence[Rule], vertical: Sequence[Rule], snap: float) -> list[Rule]:
    """Outer sides a producer left out, implied by the row rules' common ends.

    Chromium may drop a table's outer border where the table runs past its column (a
    clipped right edge): the row rules still end together there. Where two or more rules
    that each cross at least two drawn column rules end (or start) at one x with no
    column rule there, a side is implied from the first of them to the last.
    """
    grid = [h for h in horizontal if sum(v.a - snap <= h.at <= v.b + snap and h.a - snap <= v.at <= h.b + snap
                                         for v in vertical) >= 2]
    implied: list[Rule] = []
    for end in (lambda h: h.a, lambda h: h.b):
        for x in _positions([Rule(end(h), 0, 0) for h in grid], snap):
            ending = [h for h in grid if abs(end(h) - x) <= snap]
            if len(ending) >= 2 and not any(abs(v.at - x) <= snap for v in vertical):
                implied.append(Rule(x, min(h.at for h in ending), max(h.at for h in ending)))
    return implied


def _without_frames_and_shading(cells: Sequence[Cell], snap: float = SNAP) -> list[Cell]:
    """Cells that are neither a frame around a grid nor a shading inside one cell.

    A box closed by rules that holds cells side by side (sharing a column rule) is a
    frame (a page border, a box drawn around the whole table): the cells it holds are
    the table. Any other box held in a cell is that cell's shading (a filled rectangle
    inset from the rules, one per cell or one per line of the cell): the shading goes.
    """
    inner = {id(o): [c for c in cells if c is not o and _inside(c, o)] for o in cells}
    frames = {id(o) for o in cells
              if any(a is not b and abs(a.x1 - b.x0) <= snap and a.top < b.bottom and b.top < a.bottom
                     for a in inner[id(o)] for b in inner[id(o)])}
    shading = {id(c) for o in cells if id(o) not in frames for c in inner[id(o)]}
    return [c for c in cells if id(c) not in frames and id(c) not in shading]


def _crosses(vertical: Sequence[Rule], x: float, top: float, bottom: float, snap: float) -> bool:
    return any(abs(v.at - x) <= snap and v.covers(top, bottom) for v in vertical)


def _inside(c: Cell, o: Cell, slack: float = RULE_SLACK) -> bool:
    return o.x0 - slack <= c.x0 and c.x1 <= o.x1 + slack and o.top - slack <= c.top and c.bottom <= o.bottom + slack


def _touching(cells: Sequence[Cell], snap: float) -> list[list[Cell]]:
    """Cells sharing a side, grouped (one group per table)."""
    groups: list[list[Cell]] = []
    for c in sorted(cells, key=lambda c: (c.top, c.x0)):
        joined = [g for g in groups if any(_adjacent(c, o, snap) for o in g)]
        merged = [c] + [o for g in joined for o in g]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def _adjacent(a: Cell, b: Cell, snap: float) -> bool:
    side = (abs(a.x1 - b.x0) <= snap or abs(b.x1 - a.x0) <= snap) and a.top < b.bottom and b.top < a.bottom
    stacked = (abs(a.bottom - b.top) <= snap or abs(b.bottom - a.top) <= snap) and a.x0 < b.x1 and b.x0 < a.x1
    return side or stacked


def _as_table(cells: Sequence[Cell], snap: float) -> Table | None:
    """Rows of cells by their top rule; a table needs two rows and two columns."""
    rows: list[list[Cell]] = []
    for c in sorted(cells, key=lambda c: (c.top, c.x0)):
        if rows and abs(rows[-1][0].top - c.top) <= snap:
            rows[-1].append(c)
        else:
            rows.append([c])
    if len(rows) < 2 or len(_positions([Rule(c.x0, 0, 0) for c in cells], snap)) < 2:
        return None
    return Table(rows)


def _ruled(horizontal: Sequence[Rule], y: float, a: float, b: float, snap: float) -> bool:
    return any(abs(h.at - y) <= snap and h.covers(a, b) for h in horizontal)


# ---------------------------------------------------------------- tables without rules

#: Segments whose x-starts differ by less than this x font size start the same column.
ALIGN_TOLERANCE = 0.5
#: Consecutive rows of one table are at most this many x font size apart (baseline step).
MAX_ROW_STEP = 2.5
#: A column of running text fills its measure; table cells are ragged. A run whose
#: columns are filled by more than this share (median over the column's cells) is prose
#: set in columns, not a table.
MAX_CELL_FILL = 0.8
#: Cells stay between their column starts; a run with a larger share of its segments
#: running over one (two cells closer than a gutter, read as one segment) is not a table.
MAX_CROSSING_SHARE = 0.25
#: A column whose median segment is at least this share of its longest one is even, as
#: lines of running text are; a run whose columns are all even is text, not a table.
MAX_EVENNESS = 0.8
#: Resolution (points) of the x profile in which the white stripes between cells are found.
CELL_GAP_STEP = 0.5


class _Segment(Protocol):
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def size(self) -> float: ...
    def word_x(self) -> tuple[Sequence[float], Sequence[float]]: ...


@dataclass(frozen=True)
class _Piece:
    """The part of a segment inside one cell (a segment may run over two close cells)."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def find_aligned_tables(
    segments: Sequence[_Segment],
    tolerance: float = ALIGN_TOLERANCE,
    max_step: float = MAX_ROW_STEP,
    max_fill: float = MAX_CELL_FILL,
    max_crossing: float = MAX_CROSSING_SHARE,
    max_evenness: float = MAX_EVENNESS,
) -> list[Table]:
    """Tables drawn without rules: consecutive rows of cells starting at the same x.

    Column detection from aligned x-starts: a row is the segments on one baseline (a
    segment is cut where a gap could be a gutter, `layout.build_segments`). A run of at
    least two consecutive rows of two or more segments each, every segment starting at
    one of the column starts that two or more rows share, is a table when

    - it interrupts one flow of text: the row just above it and the row just below it
      (those within two row steps) are one segment each, and one of them is a line of
      that flow, from the table's left edge or further left past its second column
      start, as the paragraph before or after a table is. Lines of two text columns
      side by side have two segments per row all the way, or neighbours that start in
      the right-hand column or end before it, or none (two short columns alone);
    - its cells do not fill their columns the way lines of running text fill theirs
      (`max_fill`), and few of its segments run over a column start (`max_crossing`):
      justified text set in columns, cut at its wide word spaces, has aligned starts
      at both edges of every column, with most lines running from one to the other
      (inside one text column, where a narrow column's cells wrap because they are
      full, `layout.unruled_tables` passes ``max_fill=1.0``);
    - one of its columns at least is ragged (`max_evenness`): the lines of a text
      column are all about as long as its longest, cells of a table's column are not.

    Two cells closer than a gutter could be share a segment; each segment is first cut
    at the white stripes between the run's cells (`_cut_at_cell_gaps`).

    The cells are virtual: from each column start to the next, from each row's top to
    the next row's top, so `layout` reads a row's words together as it does a ruled table.
    """
    rows = _rows(segments)
    tables: list[Table] = []
    for first, last in _multi_segment_runs(rows, max_step):
        size = statistics.median(s.size for row in rows[first : last + 1] for s in row)
        tol = tolerance * size
        reach = 2 * max_step * size  # a table has room above and below it
        neighbours = [rows[i] for i in (first - 1, last + 1)
                      if 0 <= i < len(rows) and abs(rows[i][0].top - rows[first if i < first else last][0].top) <= reach]
        if not neighbours or any(len(row) != 1 for row in neighbours):
            continue  # no single line of a flow beside it (the cheap test, so it comes first)
        run = _cut_at_cell_gaps(rows[first : last + 1], tol)
        starts = _column_starts(run, tol)
        if starts is None or _filled(run, starts, tol) > max_fill or _crossing(run, starts, tol) > max_crossing:
            continue
        if _evenness(run, starts, tol) >= max_evenness:
            continue
        if any(row[0].x0 <= starts[0] + tol and row[0].x1 > starts[1] for row in neighbours):
            tables.append(_virtual_table(run, starts, tol))
    return tables


def _rows(segments: Sequence[_Segment]) -> list[list[_Segment]]:
    """Segments on one baseline (tops within a third of the size), rows top to bottom."""
    rows: list[list[_Segment]] = []
    for s in sorted(segments, key=lambda s: (s.top, s.x0)):
        if rows and abs(rows[-1][0].top - s.top) <= 0.35 * s.size:
            rows[-1].append(s)
        else:
            rows.append([s])
    return [sorted(r, key=lambda s: s.x0) for r in rows]


def _multi_segment_runs(rows: list[list[_Segment]], max_step: float) -> list[tuple[int, int]]:
    """(first, last) indices of runs of close rows that may be a table's lines.

    A run starts at a row of two or more segments and goes on over close rows of two
    or more, and over single segments that start right of the run's left edge: a cell's
    text wrapped to a second line ("Дигитален" / "каталог") while the other cells of its
    row fit on one. It needs two rows of two or more segments.
    """
    runs: list[tuple[int, int]] = []
    first: int | None = None
    last = multi = 0
    for i, row in enumerate(rows):
        if first is not None and row[0].top - rows[last][0].top <= max_step * row[0].size:
            if len(row) >= 2:
                last, multi = i, multi + 1
                continue
            if row[0].x0 > rows[first][0].x0 + max_step * row[0].size:  # a wrapped inner cell
                last = i
                continue
        if first is not None and multi >= 2:
            runs.append((first, last))
        first, last, multi = (i, i, 1) if len(row) >= 2 else (None, 0, 0)
    if first is not None and multi >= 2:
        runs.append((first, last))
    return runs


def _cut_at_cell_gaps(run: Sequence[Sequence[_Segment]], tol: float, step: float = CELL_GAP_STEP) -> list[list[_Piece]]:
    """The run's segments cut at every white stripe between two of its cells.

    LibreOffice pads a cell by a few points, so a filled cell and the next one are
    closer than a gutter and one segment holds both ("Дигитален 120 000 лв.") on the
    rows where the first is long, while a short cell (a header "Сума") stands apart.
    A stripe of the x profile that no word of the run crosses, ending at the start of
    a segment on some row (a column start seen where the gap was wide), is the gap
    between two cells on every row: segments are cut there. Word gaps of a cell do
    not line up from row to row, and no segment starts right after them.
    """
    extents = [[s.word_x() for s in row] for row in run]  # positions only: no word objects
    x0 = np.fromiter(chain.from_iterable(x0s for row in extents for x0s, _ in row), dtype=np.float64)
    x1 = np.fromiter(chain.from_iterable(x1s for row in extents for _, x1s in row), dtype=np.float64, count=x0.size)
    seen = [s.x0 for row in run for s in row]
    gaps = [(g0, g1) for g0, g1 in white_runs(x0, x1, step, 0.0, step) if any(abs(x - g1) <= tol for x in seen)]
    return [[_Piece(x0s[start], x1s[end - 1], s.top, s.bottom, s.size)
             for s, (x0s, x1s) in zip(row, xs, strict=True) if x0s
             for start, end in cut_runs(len(x0s), cut_indices(x0s, x1s, gaps))]
            for row, xs in zip(run, extents, strict=True)]


def _column_starts(run: list[list[_Piece]], tol: float) -> list[float] | None:
    """The x-starts two or more rows share, if every segment of the run starts at one."""
    starts: list[list[float]] = []
    for x in sorted(s.x0 for row in run for s in row):
        if starts and x - starts[-1][0] <= tol:
            starts[-1].append(x)
        else:
            starts.append([x])
    shared = [min(xs) for xs in starts if len(xs) >= 2]
    if len(shared) < 2 or len(shared) != len(starts):
        return None
    return shared


def _crossing(run: list[list[_Piece]], starts: list[float], tol: float) -> float:
    """Share of the run's segments that run over a column start other than their own."""
    segments = [s for row in run for s in row]
    over = sum(any(s.x0 + tol < x < s.x1 - tol for x in starts) for s in segments)
    return over / len(segments)


def _evenness(run: list[list[_Piece]], starts: list[float], tol: float) -> float:
    """The lowest, over the columns, of median width / widest width of a column's segments."""
    lowest = 1.0
    for x in starts:
        widths = [s.x1 - s.x0 for row in run for s in row if abs(s.x0 - x) <= tol]
        if widths and max(widths) > 0:
            lowest = min(lowest, statistics.median(widths) / max(widths))
    return lowest


def _filled(run: list[list[_Piece]], starts: list[float], tol: float) -> float:
    """The highest median share of its column's width (to the next start) a cell fills."""
    worst = 0.0
    for left, right in pairwise(starts):
        fills = [(s.x1 - left) / (right - left) for row in run for s in row
                 if abs(s.x0 - left) <= tol and s.x1 < right]
        if fills:
            worst = max(worst, statistics.median(fills))
    return worst


def _virtual_table(run: list[list[_Piece]], starts: list[float], tol: float) -> Table:
    """Cells between column starts; a table row begins at each line with a first-column cell.

    The outer sides are those of the text (the first start is the leftmost x0): a table
    set in a text column must not reach into the gutter beside it, or `layout` would
    read it as spanning both columns.
    """
    right = max(s.x1 for row in run for s in row)
    edges = [starts[0]] + [x - tol for x in starts[1:]] + [right]
    tops = [min(s.top for s in row) for i, row in enumerate(run) if i == 0 or row[0].x0 <= starts[0] + tol]
    bottoms = [*tops[1:], max(s.bottom for s in run[-1])]
    return Table([[Cell(a, top, b, bottom) for a, b in pairwise(edges)] for top, bottom in zip(tops, bottoms, strict=True)])
