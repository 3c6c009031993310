"""Ruled tables: cells from the lines a producer draws, so a row's cells read together.

A table's text, read line by line across the page, interleaves its columns ("септември
- първи срещи ... / октомври Стефан ..."): a wrapped date cell is cut into pieces that
each join a piece of the next cell. The rules between cells say where each cell is, as in
pdfplumber's "lines" strategy (`table.py`): every drawn path thinner than
`RULE_THICKNESS` in one direction is a rule (and a rectangle contributes its four edges);
rules within `SNAP` of each other are one; from each crossing of rules a cell is the
nearest box closed by rules on all four sides (a cell spanning rows is closed lower). A row needs at
least two cells: a lone frame is a sidebar (`ingest.layout.find_sidebars`), not a table.

Tables without rules (aligned by whitespace only) are read by the column logic instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

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
    if len(horizontal) < 2 or len(vertical) < 3 or len(horizontal) * len(vertical) > MAX_CROSSINGS:
        return []
    cells = _cells(horizontal, vertical, snap, min_width)
    cells = [c for c in cells if not any(o is not c and _inside(c, o) for o in cells)]  # shading in a cell
    return [t for t in (_as_table(group, snap) for group in _touching(cells, snap)) if t is not None]


def _cells(horizontal: Sequence[Rule], vertical: Sequence[Rule], snap: float, min_width: float) -> list[Cell]:
    """From each rule crossing: the nearest box closed by rules on all four sides.

    A cell may span rows (no rule below it where its neighbours have one): its bottom
    is the nearest rule that closes it.
    """
    ys = _positions(horizontal, snap)
    xs = sorted({round(v.at, 1) for v in vertical})
    cells: list[Cell] = []
    for top in ys:
        lefts = [x for x in xs if any(abs(v.at - x) <= snap and v.covers(top, top + snap) for v in vertical)]
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
