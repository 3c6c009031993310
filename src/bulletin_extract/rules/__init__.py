"""Rule stage: each finder is a pure function text -> mentions; here they become
spaCy components that put their mentions on the Doc (``doc._.mentions``).

Where two finders claim the same characters, ``rules.overlap`` decides (one policy, its
kind table written once there: a code is never a date, a date is never money, money is
never an entity, a rule holds its characters against the model). The components run in
that priority order, so a later one only fills characters the earlier ones left free.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from ..models import Mention
from . import codes, counts, dates, gazetteer, money, programmes
from .overlap import resolve_overlaps

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


def find_all(text: str) -> list[Mention]:
    """Every finder on the raw text, in priority order, joined under the overlap policy.

    The same mentions the components leave on a Doc, without tokenizing: the finders read
    characters, so the pipeline calls this and keeps the tokenizer for the NER model.
    """
    claimed: list[Mention] = []
    for finder in FINDERS.values():
        claimed = resolve_overlaps([*claimed, *finder(text)])
    return claimed


def add_mentions(doc: Doc, found: list[Mention]) -> None:
    """Join a component's mentions to those on the Doc under the overlap policy, in text order."""
    claimed: list[Mention] = doc._.mentions if doc._.mentions is not None else []
    doc._.mentions = resolve_overlaps([*claimed, *found])


def _make_component(finder: Finder) -> Callable[[Doc], Doc]:
    def component(doc: Doc) -> Doc:
        add_mentions(doc, finder(doc.text))
        return doc

    return component


for _name, _finder in FINDERS.items():
    Language.factory(_name, func=lambda nlp, name, _f=_finder: _make_component(_f))
