"""The mention component skips the model's entities a rule already holds whole, and only those.

A rule or the gazetteer holds its characters against the model (rules.overlap), so an
entity inside a rule's mention can only yield mentions that are dropped; the component
does not repair them (``ner._held_whole``). An organisation (its bracketed abbreviation
follows it) and a name beside a quote (a repair may carry it past the rule's span) are
repaired as always. The entities are set by hand: no model is needed.
"""

from __future__ import annotations

from spacy.tokens import Doc

from bulletin_extract.models import EntityValue, Mention
from bulletin_extract.ner import NameMentions, ner_mentions
from bulletin_extract.nlp import make_tokenizer_nlp
from bulletin_extract.rules.base import mention

TEXT = "Срещата в Стара Загора събра Клъстер Мехатроника (КМА) и „Пловдив“ АД."
NLP = make_tokenizer_nlp()


def _tagged(entities: list[tuple[str, str]]) -> Doc:
    doc = NLP.make_doc(TEXT)
    doc.ents = [doc.char_span(TEXT.index(w), TEXT.index(w) + len(w), label=label) for w, label in entities]
    return doc


def _known(name: str, kind: str, label: str) -> Mention:
    start = TEXT.index(name)
    return mention(TEXT, start, start + len(name), kind, EntityValue(name=name, label=label), 0.95,  # type: ignore[arg-type]
                   "gazetteer: known name", source="gazetteer")


CLAIMED = [_known("Стара Загора", "location", "LOC"), _known("Клъстер Мехатроника", "org", "ORG"),
           _known("Пловдив", "location", "LOC")]
ENTITIES = [("Стара Загора", "LOC"), ("Клъстер Мехатроника", "ORG"), ("Пловдив", "LOC")]


def _held(start: int, end: int) -> bool:
    return any(m.start <= start and end <= m.end for m in CLAIMED)


def test_a_place_a_rule_holds_whole_is_not_repaired_at_all() -> None:
    every = [m.text for m in ner_mentions(_tagged(ENTITIES), {}, TEXT)]
    assert every == ["Стара Загора", "Клъстер Мехатроника", "КМА", "Пловдив"]
    assert [m.text for m in ner_mentions(_tagged(ENTITIES), {}, TEXT, held=_held)] == [
        "Клъстер Мехатроника", "КМА", "Пловдив"]  # the organisation and the quoted name stay


def test_an_organisation_held_whole_still_gives_its_bracketed_abbreviation() -> None:
    found = NameMentions({}).read(TEXT, [(0, len(TEXT), _tagged(ENTITIES))], CLAIMED)
    assert [(m.text, m.kind, m.source) for m in found] == [
        ("Стара Загора", "location", "gazetteer"), ("Клъстер Мехатроника", "org", "gazetteer"),
        ("КМА", "org", "ner"), ("Пловдив", "location", "gazetteer")]


def test_a_name_not_held_whole_is_repaired_and_kept() -> None:
    claimed = [CLAIMED[0]]  # only "Стара Загора" is a rule's
    doc = _tagged([("Стара Загора", "LOC"), ("Клъстер Мехатроника", "ORG")])
    found = NameMentions({}).read(TEXT, [(0, len(TEXT), doc)], claimed)
    assert [(m.text, m.source) for m in found] == [
        ("Стара Загора", "gazetteer"), ("Клъстер Мехатроника", "ner"), ("КМА", "ner")]
