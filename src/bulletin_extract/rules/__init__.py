"""Rule stage: each finder is a pure function text -> mentions; here they become
spaCy components that put their mentions on the Doc (``doc._.mentions``).

Order is priority: a later component never claims characters an earlier one holds
(a code is never a date, a date is never money, money is never an entity).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from ..models import Mention
from . import codes, counts, dates, gazetteer, money, programmes

Finder = Callable[[str], list[Mention]]

FINDERS: dict[str, Finder] = {
    "be_codes": codes.find_codes,
    "be_dates": dates.find_dates,
    "be_money": money.find_money,
    "be_counts": counts.find_counts,
    "be_programmes": programmes.find_programmes,
    "be_gazetteer": gazetteer.find_entities,
}
COMPONENTS = list(FINDERS)


def overlaps(m: Mention, claimed: list[Mention]) -> bool:
    return any(m.start < c.end and c.start < m.end for c in claimed)


def add_mentions(doc: Doc, found: list[Mention]) -> None:
    """Append found mentions that do not overlap already claimed ones, keep order by start."""
    claimed: list[Mention] = doc._.mentions if doc._.mentions is not None else []
    fresh = [m for m in found if not overlaps(m, claimed)]
    doc._.mentions = sorted(claimed + fresh, key=lambda m: (m.start, -m.end))


def _make_component(finder: Finder) -> Callable[[Doc], Doc]:
    def component(doc: Doc) -> Doc:
        add_mentions(doc, finder(doc.text))
        return doc

    return component


for _name, _finder in FINDERS.items():
    Language.factory(_name, func=lambda nlp, name, _f=_finder: _make_component(_f))
