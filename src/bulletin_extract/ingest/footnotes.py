"""Footnotes at the foot of a PDF page, found so they do not cut the paragraph that runs on.

A paragraph that goes on to the next page has the page's footnotes between its two
halves in drawing order; read as they stand, the sentence breaks in two and a fact that
spans the break ("ще бъде открита през" / "май 2025 г.") is lost. The footnotes are set
apart the way a reader sees them: the lowest lines of the page, in a smaller size than
the page's body text, the first of them opening with a note mark (a figure, `*`, `†`).
They stay in the text, after the paragraph they interrupted (as sidebars do).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol, TypeVar

#: a footnote is set at most this share of the page's body size
MAX_SIZE_RATIO = 0.9
#: and starts below this share of the page's height
MIN_TOP_SHARE = 0.5

#: "1 Текст", "12. Текст", "3) Текст", "* Текст", "† Текст", "¹ Текст"
_NOTE_MARK = re.compile(r"^(?:[0-9]{1,3}[.)]?|[*†‡]{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})(?:\s|$)")


class PageLine(Protocol):
    """What this module reads of a layout Line."""

    text: str
    top: float
    bottom: float
    size: float


L = TypeVar("L", bound=PageLine)


def body_size(lines: Sequence[PageLine]) -> float:
    """The size of most of the page's text (weighted by characters)."""
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[ln.size] += len(ln.text)
    return max(weights, key=weights.__getitem__) if weights else 0.0


def opens_note(text: str) -> bool:
    """Whether a line opens a footnote with its mark.

    >>> opens_note("1 Решение на общинския съвет от май."), opens_note("* Цените са без ДДС.")
    (True, True)
    >>> opens_note("2025 г. беше добра година."), opens_note("Общината")
    (False, False)
    """
    return _NOTE_MARK.match(text) is not None


def split_footnotes(lines: Sequence[L], height: float) -> tuple[list[L], list[list[L]]]:
    """A page's lines -> (the lines of its flow, its footnotes, each a list of lines top to bottom).

    Lines are taken from the bottom of the page up while they are smaller than the body
    text; they are footnotes only if the topmost of them opens with a note mark and
    they start in the lower half of the page. A page whose lowest line is body text has
    no footnotes (a footnote under one column of two is left where it stands).
    """
    size = body_size(lines)
    if not lines or size <= 0:
        return list(lines), []
    ordered = sorted(lines, key=lambda ln: ln.bottom)
    low: list[L] = []
    for ln in reversed(ordered):
        if ln.size > MAX_SIZE_RATIO * size:
            break
        low.append(ln)
    low.reverse()
    while low and not opens_note(low[0].text):
        low.pop(0)  # small lines above the first note (a caption) stay in the flow
    if not low or low[0].top < MIN_TOP_SHARE * height:
        return list(lines), []
    notes: list[list[L]] = []
    for ln in low:
        if opens_note(ln.text) or not notes:
            notes.append([ln])
        else:
            notes[-1].append(ln)
    taken = {id(ln) for ln in low}
    return [ln for ln in lines if id(ln) not in taken], notes
