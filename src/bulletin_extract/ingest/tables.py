"""Ruled tables: cells from the lines a producer draws, so a row's cells read together.

A table's text, read line by line across the page, interleaves its columns ("септември
- първи срещи ... / октомври Стефан ..."): a wrapped date cell is cut into pieces that
each join a piece of the next cell. The rules between cells say where each cell is, as in
pdfplumber's "lines" strategy (`table.py`): every drawn path thinner than
`RULE_THICKNESS` in one direction is a rule (and a rectangle contributes its four edges);
rules within `SNAP` of each other are one; a cell is the space between two neighbouring
horizontal rules and two neighbouring vertical rules that both cross it. A row needs at
least two cells: a lone frame is a sidebar (`ingest.layout.find_sidebars`), not a table.

Tables without rules (aligned by whitespace only) are read by the column logic instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

#: Paths thinner than this (points) in one direction are rules, not shapes.
RULE_THICKNESS = 2.0
#: Rules whose positions differ by less than this (points) are the same rule.
SNAP = 3.0
#: A rule crosses a cell when it covers all but this many points of the cell's side.
RULE_SLACK = 2.0


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
        return self.rows[-1][0].bottom

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


def find_tables(boxes: Sequence[_Rect], thickness: float = RULE_THICKNESS, snap: float = SNAP) -> list[Table]:
    """Ruled tables of a page, top to bottom."""
    horizontal, vertical = _edges(boxes, thickness)
    if len(horizontal) < 2 or len(vertical) < 3:
        return []
    ys = _positions(horizontal, snap)
    tables: list[Table] = []
    rows: list[list[Cell]] = []
    for top, bottom in pairwise(ys):
        crossing = sorted(
            {round(v.at, 1) for v in vertical if v.covers(top, bottom)}
        )
        cells: list[Cell] = []
        left: float | None = None
        for x in crossing:
            if left is not None and x - left > snap and _ruled(horizontal, top, left, x, snap) \
                    and _ruled(horizontal, bottom, left, x, snap):
                cells.append(Cell(left, top, x, bottom))
            left = x
        if len(cells) >= 2:
            if rows and abs(rows[-1][0].bottom - top) > snap:
                tables.append(Table(rows))
                rows = []
            rows.append(cells)
        elif rows:
            tables.append(Table(rows))
            rows = []
    if rows:
        tables.append(Table(rows))
    return tables


def _ruled(horizontal: Sequence[Rule], y: float, a: float, b: float, snap: float) -> bool:
    return any(abs(h.at - y) <= snap and h.covers(a, b) for h in horizontal)
