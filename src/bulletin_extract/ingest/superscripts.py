"""Raised small figures in a PDF line: footnote references out of the text, unit powers kept.

A footnote reference is set as a figure smaller than the text and raised above its
baseline, often with no space before it. Taken as an ordinary character it joins the
word it follows, and the facts break: "2023¹ г." is read as the year 20231, "250 000²
лв." as an amount of 2 лв., "BG05M9OP001-1.003¹" as another code. A text layer says
nothing about superscripts, so they are recognised by geometry, the way a reader sees
them: a run of at most three figures (or a reference sign * † ‡) at most
`MAX_SIZE_RATIO` of the size of the glyphs before it, its baseline raised by at least
`MIN_RAISE` of their size. Such a mark is a reference to a footnote and is left out of
the running text (the footnote itself stays, at the foot of its page).

The superscript that is part of the words is a power: of a unit of length ("м²", "km³")
or of a one-letter variable ("a² + b² = c²"); after those the figures become Unicode
superscripts, as typed text has them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # layout imports this module; the glyph record is layout's
    from .layout import Char

#: a superscript is at most this share of the size of the glyphs it follows
MAX_SIZE_RATIO = 0.8
#: and its baseline is raised by at least this share of their size
MIN_RAISE = 0.2
#: how far (x font size of the preceding glyphs) a mark may stand from them
MAX_GAP = 0.5

_MARK = re.compile(r"[0-9]{1,3}|[*†‡]{1,3}")
#: what a raised figure is the power of: a metre unit ("м²", "кв. км²", "cm³") or a
#: one-letter variable ("x²"), standing alone as a word
_BASE_BEFORE = re.compile(r"(?:^|[^\w])(?:[кcсмm]?[мm]|[^\W\d_])$")
_POWERS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def is_superscript(mark: Char, before: Char) -> bool:
    """Whether `mark` is set as a superscript to the glyphs `before` it on the same row.

    >>> from types import SimpleNamespace as G
    >>> body = G(text="2023", x0=100.0, x1=125.0, bottom=500.0, size=11.0)
    >>> is_superscript(G(text="1", x0=125.5, x1=129.0, bottom=496.0, size=7.0), body)
    True
    >>> is_superscript(G(text="1", x0=128.0, x1=134.0, bottom=500.0, size=11.0), body)  # same size, same line
    False
    """
    return (
        _MARK.fullmatch(mark.text) is not None
        and mark.size <= MAX_SIZE_RATIO * before.size
        and before.bottom - mark.bottom >= MIN_RAISE * before.size
        and -1.0 <= mark.x0 - before.x1 <= MAX_GAP * before.size
    )


def power(mark: str, before: str) -> str | None:
    """The Unicode superscript a raised figure is after a unit or a one-letter variable, else None.

    >>> power("2", "м"), power("3", "cm"), power("2", "a"), power("2", "лв."), power("1", "2023")
    ('²', '³', '²', None, None)
    """
    if mark.isdigit() and _BASE_BEFORE.search(before):
        return mark.translate(_POWERS)
    return None


def without_footnote_marks(row: Sequence[Char]) -> list[Char]:
    """A row of glyphs sorted by x, without its footnote references; a power joins its base.

    >>> from typing import NamedTuple
    >>> class C(NamedTuple):
    ...     text: str; x0: float; x1: float; bottom: float; size: float
    >>> row = [C("през", 50, 75, 500, 11), C("2023", 78, 103, 500, 11), C("1", 103.5, 107, 495, 7),
    ...        C("г.", 110, 120, 500, 11), C("м", 122, 130, 500, 11), C("2", 130.2, 134, 495, 7)]
    >>> [(c.text, c.x1) for c in without_footnote_marks(row)][1:]
    [('2023', 103), ('г.', 120), ('м²', 134)]
    """
    if len({glyph.size for glyph in row}) == 1:
        return list(row)  # one size on the row (most rows): nothing is set smaller
    kept: list[Char] = []
    for glyph in row:
        before = kept[-1] if kept else None
        if before is not None and is_superscript(glyph, before):
            raised = power(glyph.text, before.text)
            if raised is not None:
                kept[-1] = before._replace(text=before.text + raised, x1=max(before.x1, glyph.x1))
            continue
        kept.append(glyph)
    return kept
