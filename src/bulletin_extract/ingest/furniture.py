"""Running headers, footers and page numbers: found across pages, set apart, never lost.

A line is page furniture only when the document proves it: the same text (numbers
normalised, so "стр. 3" ~ "стр. 4") sits in the top or bottom band at the same height
on at least half of the pages. Position alone proves nothing: a page-top amount, a dated
first line of a news item or a table's last row live in those bands too. A one-page
document therefore has no furniture. Lines set apart are returned, so the caller keeps
them (Docling's furniture content layer) and says how many it set apart.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal, Protocol

#: Code of the warning that counts the lines set apart (a notice: nothing is lost).
FURNITURE_CODE = "page_furniture"
#: Share of the page height at the top and at the bottom where running lines may sit.
FURNITURE_BAND = 0.10
#: A text is running when it recurs on at least this share of the pages (and on two).
FURNITURE_SHARE = 0.5
#: "The same place": line centres within this share of the page height of each other.
FURNITURE_SLACK = 0.02

Side = Literal["top", "bottom"]
FurnitureKey = tuple[Side, str]


class _Placed(Protocol):
    """What furniture detection needs of a line (ingest.lines.Line and Placed have it)."""

    @property
    def text(self) -> str: ...

    @property
    def top(self) -> float: ...

    @property
    def bottom(self) -> float: ...


def furniture_key(text: str) -> str:
    """Running text with numbers normalised.

    >>> furniture_key("Бюлетин 8 - стр. 3") == furniture_key("Бюлетин 8 - стр.  4")
    True
    >>> furniture_key("Page 12 of 40")
    'page # of #'
    """
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def band_side(line: _Placed, height: float, band: float = FURNITURE_BAND) -> Side | None:
    """Which band the line lies in, if any."""
    if line.bottom <= band * height:
        return "top"
    if line.top >= (1 - band) * height:
        return "bottom"
    return None


def find_furniture(
    pages: Sequence[tuple[float, Sequence[_Placed]]],
    band: float = FURNITURE_BAND,
    share: float = FURNITURE_SHARE,
    slack: float = FURNITURE_SLACK,
) -> dict[FurnitureKey, float]:
    """Running texts -> their usual height (line centre as a share of the page height).

    A key counts once per page; it is running when, at one common height (the median of
    its heights, give or take `slack`), it appears on at least `share` of the pages.
    """
    seen: dict[FurnitureKey, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for index, (height, lines) in enumerate(pages):
        for ln in lines:
            side = band_side(ln, height, band)
            if side is not None:
                seen[(side, furniture_key(ln.text))][index].append((ln.top + ln.bottom) / 2 / height)
    need = max(2, math.ceil(share * len(pages)))
    running: dict[FurnitureKey, float] = {}
    for key, by_page in seen.items():
        if len(by_page) < need:
            continue
        place = statistics.median(y for ys in by_page.values() for y in ys)
        if sum(any(abs(y - place) <= slack for y in ys) for ys in by_page.values()) >= need:
            running[key] = place
    return running


def is_furniture(
    line: _Placed,
    height: float,
    furniture: dict[FurnitureKey, float],
    band: float = FURNITURE_BAND,
    slack: float = FURNITURE_SLACK,
) -> bool:
    side = band_side(line, height, band)
    if side is None:
        return False
    place = furniture.get((side, furniture_key(line.text)))
    return place is not None and abs((line.top + line.bottom) / 2 / height - place) <= slack
