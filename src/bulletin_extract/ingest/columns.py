"""Column gutters narrower than a word gap could be: found from how words line up.

`ingest.layout` cuts a row of text wherever a gap is wide enough to be a gutter
(`SEGMENT_RATIO` x the font size) and finds columns from how the resulting segments cover
the page. LibreOffice's column spacing defaults to 0 and users set a few millimetres, so
the gutter is often as narrow as a justified word gap: each row then comes out as one
segment running over both columns, and the columns are read interleaved line by line.

A narrow gutter is told from a word gap by what it does across rows: the x-distribution
of words (how many words cover each x position, the projection profile an XY-cut
splits on) shows a white stripe, at least `NARROW_GUTTER_MIN` wide, that almost no word
crosses (at most `GUTTER_NOISE` of the busiest position: a centred title may), with
text on both sides of it on at least `GUTTER_ROWS` rows, and on those rows the text on
each side at least `COLUMN_MIN_EMS` font sizes wide, so aligned "label: value" rows and
tab stops are not taken for columns, and with different words at its left edge on at
least half of those rows (a phrase repeated row under row lines its gaps up too). Word
gaps of prose wander from row to row and never line up like that.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator, Sequence
from typing import Protocol, TypeVar

import numpy as np

#: Narrowest gutter looked for (points): a gap must show as white at this width.
NARROW_GUTTER_MIN = 2.0
#: Words covering an x position in fewer than this share of the busiest position leave it white.
GUTTER_NOISE = 0.1
#: Rows that must have text on both sides of a narrow gutter.
GUTTER_ROWS = 5
#: Median width (in font sizes) of the text on each side of the gutter on those rows.
COLUMN_MIN_EMS = 6.0
#: Segments whose vertical centres differ by less than this x font size share a row.
BASELINE_SHARE = 0.35
#: Text spread wider than this (points) is a broken page, not columns.
MAX_WIDTH = 20_000
#: Resolution of the x profile, in points.
STEP = 0.5


class PlacedWord(Protocol):
    """What the column and table finders read of a layout word: its text and x extent."""

    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...


W = TypeVar("W", bound=PlacedWord)


class _Line(Protocol):
    @property
    def words(self) -> Sequence[PlacedWord]: ...
    @property
    def size(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...


def white_runs(
    x0: np.ndarray, x1: np.ndarray, min_width: float, noise: float, step: float = STEP
) -> list[tuple[float, float]]:
    """Runs of x positions that almost no extent [x0, x1) covers, between covered positions.

    The projection profile of an XY-cut, built with numpy: it runs for every page. A
    position is white when fewer than `noise` x the busiest position's extents cover it;
    white at the left edge or open at the right edge is margin, not a gutter.
    """
    if not x0.size:
        return []
    x0, x1 = np.minimum(x0, x1), np.maximum(x0, x1)  # mirrored runs have x1 < x0
    left = math.floor(float(x0.min()))
    n = math.ceil((float(x1.max()) - left) / step) + 2
    if n * step > MAX_WIDTH:
        return []
    diff = np.bincount(((x0 - left) / step).astype(np.int64), minlength=n + 1)[: n + 1]
    diff = diff - np.bincount(np.minimum(n, np.ceil((x1 - left) / step).astype(np.int64)), minlength=n + 1)[: n + 1]
    cover = np.cumsum(diff[:-1])
    white = cover <= cover.max() * noise
    runs: list[tuple[float, float]] = []
    start = None
    for i in np.flatnonzero(np.diff(white.astype(np.int8))).tolist():
        if not white[i]:
            start = i + 1
        elif start is not None:
            if (i + 1 - start) * step >= min_width:
                runs.append((left + start * step, left + (i + 1) * step))
            start = None
    return runs


def _word_runs(lines: Sequence[_Line], min_width: float, noise: float) -> list[tuple[float, float]]:
    x0 = np.fromiter((w.x0 for ln in lines for w in ln.words), dtype=np.float64)
    x1 = np.fromiter((w.x1 for ln in lines for w in ln.words), dtype=np.float64, count=x0.size)
    return white_runs(x0, x1, min_width, noise)


def _rows(lines: Sequence[_Line]) -> list[list[PlacedWord]]:
    """Words of segments sharing a baseline, row by row (segments of one row may be apart
    already where a ragged line ends far from the gutter)."""
    rows: list[list[PlacedWord]] = []
    last_mid = -math.inf
    for ln in sorted(lines, key=lambda s: (s.top + s.bottom) / 2):
        mid = (ln.top + ln.bottom) / 2
        if rows and mid - last_mid <= BASELINE_SHARE * ln.size:
            rows[-1].extend(ln.words)
        else:
            rows.append(list(ln.words))
            last_mid = mid
    return rows


def _is_gutter(rows: Sequence[Sequence[PlacedWord]], g0: float, g1: float, need: int, min_width: float) -> bool:
    """Text on both sides on enough rows, wide on both sides (columns, not labels), and
    different words at the gutter's edge from row to row (not one phrase repeated)."""
    lefts: list[float] = []
    rights: list[float] = []
    edge_words: set[str] = set()
    for row in rows:
        before = sorted((w for w in row if w.x1 <= g0), key=lambda w: w.x0)
        after = sorted((w for w in row if w.x0 >= g1), key=lambda w: w.x0)
        if before and after and len(before) + len(after) == len(row):
            lefts.append(before[-1].x1 - before[0].x0)
            rights.append(after[-1].x1 - after[0].x0)
            edge_words.add(before[-1].text)
    return (
        len(lefts) >= need
        and 2 * len(edge_words) >= len(lefts)
        and statistics.median(lefts) >= min_width
        and statistics.median(rights) >= min_width
    )


def find_narrow_gutters(
    lines: Sequence[_Line],
    min_gutter: float = NARROW_GUTTER_MIN,
    noise: float = GUTTER_NOISE,
    rows: int = GUTTER_ROWS,
    min_ems: float = COLUMN_MIN_EMS,
) -> list[tuple[float, float]]:
    """Gutters that run through line segments (see the module doc), left to right."""
    if len(lines) < rows:
        return []
    runs = _word_runs(lines, min_gutter, noise)
    if not runs:
        return []
    by_row = _rows(lines)
    width = min_ems * statistics.median(ln.size for ln in lines)
    return [(g0, g1) for g0, g1 in runs if _is_gutter(by_row, g0, g1, rows, width)]


def column_index(x0: float, x1: float, gutters: Sequence[tuple[float, float]], slack: float = 1.0) -> int:
    """Which column (0 = leftmost) the extent [x0, x1] is in, or -1 when it spans a gutter.

    >>> column_index(312, 500, [(278, 311)]), column_index(60, 270, [(278, 311)]), column_index(60, 500, [(278, 311)])
    (1, 0, -1)
    """
    col = 0
    for g0, g1 in gutters:
        if x0 < g0 - slack and x1 > g1 + slack:
            return -1
        if x0 >= g1 - slack:
            col += 1
    return col


def cut_indices(x0: Sequence[float], x1: Sequence[float], gutters: Sequence[tuple[float, float]]) -> list[int]:
    """Where a row of words (x extents, in x order) is cut by the gutters it leaves white:
    the index of each word that starts a new run after the first.

    >>> cut_indices([0, 7, 12], [5, 9, 20], [(9.5, 11)])
    [2]
    """
    if len(x0) < 2 or not gutters:
        return []
    # a gutter left of every word's right edge or right of every word's left edge cuts
    # nothing: the usual case (a column's lines beside the gutter), answered without a loop
    # (min and max skip a NaN unless it comes first; then every gutter is kept)
    lo, hi = min(x1[:-1]), max(x0[1:])
    inside = [(g0, g1) for g0, g1 in gutters if not (lo > g0 or hi < g1)]
    if not inside:
        return []
    return [i for i in range(1, len(x0)) if any(x1[i - 1] <= g0 and x0[i] >= g1 for g0, g1 in inside)]


def cut_runs(n: int, cuts: Sequence[int]) -> Iterator[tuple[int, int]]:
    """[start, end) of each run of n items cut before the `cuts` indices (`cut_indices`).

    >>> list(cut_runs(3, [2]))
    [(0, 2), (2, 3)]
    """
    return zip([0, *cuts], [*cuts, n], strict=True)


def split_words_at(words: Sequence[W], gutters: Sequence[tuple[float, float]]) -> list[list[W]]:
    """A row's words cut into runs at every gutter they leave white (words in x order).

    >>> from types import SimpleNamespace as W
    >>> row = [W(text='а', x0=0, x1=5), W(text='б', x0=7, x1=9), W(text='в', x0=12, x1=20)]
    >>> [[w.x0 for w in part] for part in split_words_at(row, [(9.5, 11)])]
    [[0, 7], [12]]
    """
    cuts = cut_indices([w.x0 for w in words], [w.x1 for w in words], gutters)
    return [list(words[a:b]) for a, b in cut_runs(len(words), cuts)]
