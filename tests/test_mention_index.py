"""MentionIndex: the stretch-of-text questions later stages ask, answered by bisection."""

from __future__ import annotations

from bulletin_extract.mention_index import MentionIndex
from bulletin_extract.models import EntityValue, Mention


def _m(start: int, end: int, kind: str = "org") -> Mention:
    return Mention(kind=kind, text="x" * (end - start), start=start, end=end, source="rule",  # type: ignore[arg-type]
                   confidence=0.9, value=EntityValue(name="x", label="ORG"))


def test_within_keeps_only_wholly_inside_mentions_of_the_kinds() -> None:
    index = MentionIndex([_m(10, 20), _m(0, 5), _m(18, 30), _m(12, 14, "person")])
    assert [(m.start, m.end) for m in index.within(10, 25)] == [(10, 20), (12, 14)]
    assert [(m.start, m.end) for m in index.within(10, 25, "person")] == [(12, 14)]


def test_overlapping_finds_mentions_that_start_before_the_stretch() -> None:
    index = MentionIndex([_m(0, 40), _m(50, 55), _m(60, 70)])
    assert [(m.start, m.end) for m in index.overlapping(30, 52)] == [(0, 40), (50, 55)]
    assert index.overlapping(40, 50) == []
