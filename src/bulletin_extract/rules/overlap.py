"""The one overlap policy: when two spans claim the same characters, which one stays.

Every finder (codes, dates, money, counts, gazetteer, the NER model) and the step that
joins their results on the Doc settle overlaps here, with one ranking:

1. **kind** — :data:`KIND_PRIORITY`, written once below;
2. **source** — a rule or the gazetteer before the statistical model
   (:data:`SOURCE_PRIORITY`): a rule fires only on a shape it knows, the model guesses;
3. **longer span** — a range beats the dates inside it (``от 07.11 до 11.11.2022``), an
   organisation its own place name (``Община Хасково`` beats ``Хасково``), ``седем
   партньора от 6 европейски страни`` the bare ``6 европейски страни``;
4. **higher confidence** — of two equally long readings, the surer;
5. **earlier start**, then the order the finder produced them (its rule order).

Spans are half-open ``[start, end)``; touching spans (``a.end == b.start``) do not
overlap. The output is **flat**: no kept span shares a character with another, across
kinds too. That is the contract of the output and of the gold (``samples/gold/README.md``:
"a name inside a longer name is not a separate entity"; ``BG-RRP`` inside a code is no
programme).

Nesting across kinds, decided: no nesting. A date inside a contract register number
(``Д01-123/15.05.2020``) is **not** kept as a date mention too. In such a Bulgarian
register number (written number/date) the date belongs to the identifier: the number
alone is not unique, and the code's value keeps both. As a free date mention it would be read by the
record builders as a project's start or end or an event's day, which it is not, and the
gold convention is flat for every kind. Where a known scheme shape reads the code
(``BG05M9OP001-1.003-0001-C01/01.03.2017``), the code ends where the shape ends and the
date after the slash is a date mention of its own (see ``codes.find_codes``): the spans
do not overlap, so nothing needs nesting. Likewise a number inside an amount
(``12 000 лв.``) is never also a count: money outranks counts.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Protocol, TypeVar

#: Lower wins. Why this order:
#: - ``programme_code``: a code is an identifier; the dates, numbers and programme
#:   abbreviations inside it (``BG05M9OP001-1.003-2014``, ``Д01-123/15.05.2020``) are
#:   parts of it, not mentions of their own;
#: - ``date`` before ``money``: ``2019 - 500 лв.`` is a year and an amount, and a date
#:   range's year is never the lower end of an amount range;
#: - ``money`` before ``count``: ``1 200 лв.`` is an amount, never a count of 1 200;
#: - ``count`` before ``programme``: counts and programmes share no shapes in practice;
#:   the order only makes the ranking total;
#: - ``programme`` before the names: ``Програма „Еразъм+“`` is a programme, not an
#:   organisation or a place the gazetteer or the model also sees in it;
#: - names (``org``, ``person``, ``location``) last and equal: between them the longer
#:   span decides (``Министерство на иновациите и растежа`` over a place inside it).
KIND_PRIORITY: dict[str, int] = {
    "programme_code": 0,
    "date": 1,
    "money": 2,
    "count": 3,
    "programme": 4,
    "org": 5,
    "person": 5,
    "location": 5,
}
#: A finder's own candidates carry no kind (all of one kind): they rank equal here.
NO_KIND = 5

#: Lower wins: a rule or the gazetteer holds its characters against the model.
SOURCE_PRIORITY: dict[str, int] = {"rule": 0, "gazetteer": 0, "ner": 1}


class Span(Protocol):
    """What the policy reads: a half-open character span and how sure its finder is.

    Mentions also carry ``kind`` and ``source``; a finder's own candidates may omit them.
    """

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def confidence(self) -> float: ...


S = TypeVar("S", bound=Span)


def rank(span: Span) -> tuple[int, int, int, float, int]:
    """The sort key of the policy: the smaller key wins an overlap.

    >>> from types import SimpleNamespace as S
    >>> rank(S(kind="date", source="rule", start=10, end=20, confidence=0.9))
    (1, 0, -10, -0.9, 10)
    """
    kind = KIND_PRIORITY.get(getattr(span, "kind", None) or "", NO_KIND)
    source = SOURCE_PRIORITY.get(getattr(span, "source", None) or "rule", 0)
    return (kind, source, span.start - span.end, -span.confidence, span.start)


def overlap(a: Span, b: Span) -> bool:
    """Do two half-open spans share a character? Touching spans do not."""
    return a.start < b.end and b.start < a.end


def resolve_overlaps(spans: Iterable[S]) -> list[S]:
    """The spans the policy keeps, none overlapping another, in text order.

    Spans are taken best-first by :func:`rank`; each is kept unless it overlaps one kept
    already. The kept spans stay sorted by start, so each test is one binary search and a
    look at two neighbours, not a scan of everything kept. Empty spans are dropped.

    >>> from types import SimpleNamespace as S
    >>> code = S(kind="programme_code", start=0, end=18, confidence=0.9)   # Д01-123/15.05.2020
    >>> date = S(kind="date", start=8, end=18, confidence=0.95)            #        15.05.2020
    >>> resolve_overlaps([date, code]) == [code]
    True
    """
    starts: list[int] = []
    kept: list[S] = []
    for s in sorted(spans, key=rank):
        if s.end <= s.start:
            continue
        i = bisect.bisect_left(starts, s.start)
        if i < len(kept) and kept[i].start < s.end:
            continue
        if i > 0 and kept[i - 1].end > s.start:
            continue
        starts.insert(i, s.start)
        kept.insert(i, s)
    return kept


def unclaimed(found: Iterable[S], claimed: Iterable[Span]) -> list[S]:
    """The spans of ``found`` the policy keeps against spans already ``claimed``.

    Used to drop a later stage's hits before it spends work on them (the NER stage checks
    name evidence only for hits no rule outranks).
    """
    found = list(found)
    together: list[Span] = [*claimed, *found]
    kept = {id(s) for s in resolve_overlaps(together)}
    return [s for s in found if id(s) in kept]
