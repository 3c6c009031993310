"""Partner, country and participant counts -> CountValue mentions.

A number is a count only when a counting noun follows it (``data/count_nouns.json``): a
noun for people ("32 ученици", "40 безработни лица", "около 50 души") or for institutions
("12 общини", "5 университета"), with up to two plural adjectives between. "6 години",
"3 месеца", "7-то Изложение", "2-ри клас", "30 %" and "484 хил. лв." are numbers, not counts;
"двете организации" and "един от световните лидери" are not counts at all (definite forms
and "един от" are not in the number words, and no counting noun follows).

What a count counts:

* people are participants ("двадесет доброволци"), unless their sentence says they are a
  population, casualties or a parent's children ("с население от 8 000 души", "майка на
  три деца"), the number is distributive ("по 2 представители от всяка община") or a
  register reference ("№ 5", "стр. 12");
* institutions are partners when the nearest cue in their sentence speaks of partnership
  ("в партньорство с 5 университета", "Проектът обединява 12 общини"), or of taking part
  in a project ("В проекта участват 12 общини"); participants when they take part in an
  event ("в срещата участваха 4 компании": firms at an event take part) or in something
  unnamed; with no cue, partners only in a sentence about a project and never after a
  preposition of place, purpose or origin ("в 12 общини", "за 30 училища", "ученици от
  5 училища"); in any other sentence ("пет компании тестват ваксина") nothing;
* "N партньора" are partners, "N партньора от M страни" one mention with both numbers, so
  the assembler gets the pair for the same project without pairing mentions up.

Shapes recognised, strongest first:

======================================================  ==========================  =====
shape                                                   value                       score
======================================================  ==========================  =====
N партньора от M (европейски) страни                    partners N, countries M     0.95
N партньора                                             partners N                  0.90
labelled field "Брой участници: N", line "Участници: N"  participants N              0.90
N people noun, with a participation cue                 participants N              0.90
consortium / partners ... N institutions                partners N                  0.85
N institutions, partnership cue                         partners N                  0.85
N institutions, taking part in an event                 participants N              0.80
партньори от M държави                                  countries M                 0.85
"Участниците в обучението бяха N" (as for N people)     participants N              0.90/0.80
"Партньорите са N"                                      partners N                  0.80
N people noun, no cue                                   participants N              0.75
N institutions, taking part in / sentence about project partners N                  0.60
участието на N <any noun> ("на 4 компании")             participants N              0.60
======================================================  ==========================  =====

A qualifier before the number ("над 100 участници") is kept in the mention text and the
explanation; CountValue has no field for it, the number is the bound.

>>> [m.value.partners for m in find_counts("Реализира се от седем партньора")]
[7]
>>> [(m.text, m.value.participants) for m in find_counts("В обучението се включиха над 120 участници.")]
[('над 120 участници', 120)]
>>> [(m.text, m.value.partners) for m in find_counts("Проектът обединява 12 общини от региона.")]
[('12 общини', 12)]
>>> find_counts("Услугата се предоставя в 12 общини.")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..models import CountValue, Mention
from .alternation import longest_first
from .base import load_data, mention
from .numbers import (
    INTEGER_PATTERN,
    NUMBER_WORD_INITIALS,
    NUMBER_WORDS_PATTERN,
    is_approximate,
    parse_integer,
)
from .overlap import resolve_overlaps

_DATA = load_data("count_nouns.json")

_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"


def _forms(forms: list[str]) -> str:
    """Longest first, whole words, any whitespace inside a multi-word form. A look at the
    first letter comes first: the alternation is long and most positions start no form."""
    alternation = longest_first(forms, ignore_case=True, space=r"\s+")  # every pattern here ignores case
    initials = "".join(sorted({c for f in forms for c in (f[0].lower(), f[0].upper())}))
    return f"{_NOT_LETTER_BEFORE}(?=[{re.escape(initials)}])(?:{alternation}){_NOT_LETTER_AFTER}"


def _key(words: str) -> str:
    return " ".join(words.lower().split())


def _definite(form: str) -> str:
    """The definite plural, for labelled fields ("Брой на участниците"): -и +те, -а/-я +та,
    on the first word of a multi-word form, where Bulgarian puts the article.

    >>> _definite("участници"), _definite("деца"), _definite("безработни лица")
    ('участниците', 'децата', 'безработните лица')
    """
    first, space, rest = form.partition(" ")
    if first.endswith("и"):
        return first + "те" + space + rest
    if first.endswith(("а", "я")):
        return first + "та" + space + rest
    return form


#: head noun (lower case, single-spaced) -> "person" | "institution"
_HEAD_KIND: dict[str, str] = {
    **{_key(f): "institution" for g in _DATA["institution_nouns"] for f in g["forms"]},
    **{_key(f): "person" for g in _DATA["person_nouns"] for f in g["forms"]},
}
_HEAD_GROUP: dict[str, str] = {
    _key(f): g["group"] for g in _DATA["person_nouns"] + _DATA["institution_nouns"] for f in g["forms"]
}
_PERSON_FORMS = [f for g in _DATA["person_nouns"] for f in g["forms"]]
#: People nouns whose count is an audience only in a sentence about an event, a project or
#: taking part ("32 ученици" in a school's statistics is not; "учениците ... 32 ученици"
#: in a project's training is).
_NEEDS_CONTEXT = frozenset(_key(f) for g in _DATA["person_nouns"] if g["needs_context"] for f in g["forms"])
_INSTITUTION_FORMS = [f for g in _DATA["institution_nouns"] for f in g["forms"]]

_QUALIFIER_OF: dict[str, str] = dict(_DATA["qualifiers"])
_QUALIFIER = _forms(list(_QUALIFIER_OF))
#: Only a thousands word makes sense in a head count ("5 хил. души").
_THOUSANDS = r"(?:хил\.|хиляди)"
#: Plural adjectives between the number and the noun: "6 европейски страни", "40 безработни
#: лица", "20 клъстерни членове", "15 млади хора". Adjective endings only, so a plural noun
#: is not skipped over; nouns of time and measure with such endings are named and refused
#: ("за 5 години участници от ...": the 5 counts years).
_MULTI_WORD_HEADS = [
    f for g in _DATA["person_nouns"] + _DATA["institution_nouns"] for f in g["forms"] if " " in f
] + [f for f in _DATA["partner_nouns"] + _DATA["country_nouns"] if " " in f]
#: ... and a word that begins a multi-word head ("юридически лица") is that head, not an
#: adjective before "лица".
_NOT_ADJECTIVE = (
    rf"(?!{_forms(_DATA['not_adjectives']['forms'])})"
    rf"(?!{_forms(_MULTI_WORD_HEADS)})"
)
_ADJECTIVES = (
    rf"(?:{_NOT_ADJECTIVE}(?:други|[^\W\d_]{{2,}}(?:ски|цки|шки|ни|щи|ови|еви|ли|ди|ти|ви))\s+){{0,2}}"
)


_NUMBER_START = "".join(
    sorted(set(NUMBER_WORD_INITIALS) | {c for q in _QUALIFIER_OF for c in (q[0], q[0].upper())})
)


def _number(qualifier_group: str, number_group: str) -> str:
    # (?<!\w) and the first letter first: most positions are inside words or start no number.
    return (
        rf"(?<!\w)(?=[\d{_NUMBER_START}])"
        rf"(?:(?P<{qualifier_group}>{_QUALIFIER})\s+)?(?P<{number_group}>{INTEGER_PATTERN})"
    )


_COUNTRY_PART = (
    rf"\s+(?:от|в|из)\s+{_number('cq', 'countries')}\s+{_ADJECTIVES}{_forms(_DATA['country_nouns'])}"
)
_PARTNERS = re.compile(
    rf"{_number('q', 'partners')}\s+{_ADJECTIVES}{_forms(_DATA['partner_nouns'])}(?:{_COUNTRY_PART})?",
    re.IGNORECASE,
)
_CONSORTIUM_MEMBERS = _INSTITUTION_FORMS + _DATA["partner_nouns"] + _DATA["consortium_people"]
_CONSORTIUM = re.compile(
    rf"{_forms(_DATA['consortium_words'])}[^.\n]{{0,25}}?(?:{_NOT_LETTER_BEFORE}(?:от|с|на|са|участват|участваха|включва|включват|обединява|обединяват){_NOT_LETTER_AFTER}|[-–:])\s*"
    rf"{_number('q', 'partners')}\s+{_ADJECTIVES}{_forms(_CONSORTIUM_MEMBERS)}"
    rf"(?:{_COUNTRY_PART})?",
    re.IGNORECASE,
)
#: "участници от 15 държави" is about an audience, not a consortium: people nouns are left out.
_COUNTRIES_ONLY = re.compile(
    rf"{_forms(_DATA['partner_nouns'] + _INSTITUTION_FORMS)}{_COUNTRY_PART}",
    re.IGNORECASE,
)
#: A number already counting the noun ("14 фирми от шест държави"): the general rule has it.
_NUMBER_BEFORE = re.compile(rf"(?:{INTEGER_PATTERN})\s+{_ADJECTIVES}$", re.IGNORECASE)
#: The general rule: number, adjectives, a head noun for people or institutions.
_HEAD_COUNT = re.compile(
    rf"{_number('q', 'n')}(?:\s*(?P<thousands>{_THOUSANDS}))?\s+{_ADJECTIVES}"
    rf"(?P<head>{_forms(_PERSON_FORMS + _INSTITUTION_FORMS)})"
    rf"(?:{_COUNTRY_PART})?",
    re.IGNORECASE,
)
#: A labelled field of a project card or report: "Брой участници: 32", "Общият брой на
#: участниците е 120", "брой партньори - 5".
_LABEL_HEADS = _PERSON_FORMS + _INSTITUTION_FORMS + _DATA["partner_nouns"]
_LABELLED = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:{longest_first(_DATA['label_words'], ignore_case=True)})\s+(?:на\s+)?"
    rf"(?:[^\W\d_]{{3,}}(?:ите|ните|ските)\s+)?"
    rf"(?P<head>{_forms(_LABEL_HEADS + [_definite(f) for f in _LABEL_HEADS])})"
    rf"\s*(?:[:\-–—]|\s(?:е|са|беше|бяха))\s*{_number('q', 'n')}(?!\s*(?:%|[.,]\d))",
    re.IGNORECASE,
)
#: A field of a card or list on its own line: "Участници: 45", "- Партньори: 6".
_FIELD_LINE = re.compile(
    rf"(?m)^[ \t]*(?:[-–•*▪]\s*)?(?P<head>{_forms(_LABEL_HEADS + [_definite(f) for f in _LABEL_HEADS])})"
    rf"[ \t]*:[ \t]*{_number('q', 'n')}(?:[ \t]+(?:души|човека))?[ \t]*[.;]?[ \t]*$",
    re.IGNORECASE,
)
#: The people named first, their number after the verb: "Участниците в обучението бяха 25.",
#: "Партньорите са седем". The number must end its phrase ("бяха 5 пъти повече" is no count).
_DEFINITE_PEOPLE = [_definite(f) for f in _PERSON_FORMS + _DATA["partner_nouns"] if _definite(f) != f]
_PREDICATE = re.compile(
    rf"(?P<head>{_forms(_DEFINITE_PEOPLE)})(?:\s+[^\s.!?;:\d]+){{0,4}}?\s+"
    rf"(?:са|бяха|е|беше|станаха|достигнаха)\s+{_number('q', 'n')}"
    rf"(?=\s*(?:души|човека)?\s*(?:[.,;!?)]|\s(?:от|и|в|на|за)\s|$))",
    re.IGNORECASE,
)
_PARTICIPATION_OF = re.compile(
    rf"{_NOT_LETTER_BEFORE}участие(?:то)?\s+на\s+{_number('q', 'participants')}\s+{_ADJECTIVES}"
    rf"[^\W\d_]{{3,}}",
    re.IGNORECASE,
)
_PARTICIPATION_CUE = re.compile(_forms(_DATA["participation_cues"]), re.IGNORECASE)
_PARTNERSHIP_CUE = re.compile(_forms(_DATA["partnership_cues"]), re.IGNORECASE)
_NOT_PARTICIPANT_CUE = re.compile(_forms(_DATA["not_participant_cues"]["forms"]), re.IGNORECASE)


def _inflected(noun: str) -> list[str]:
    """A singular noun with its plural and definite forms, by the regular endings: enough to
    recognise an event noun ("среща" -> "срещата", "срещи"; "форум" -> "форума", "форумът";
    "обучение" -> "обучението", "обучения"). Multi-word forms inflect their last word.

    >>> _inflected("среща"), _inflected("форум")
    (['среща', 'срещата', 'срещи', 'срещите'], ['форум', 'форума', 'форумът', 'форуми', 'форумите'])
    """
    head, _, last = noun.rpartition(" ")
    prefix = head + " " if head else ""
    if last.endswith("ие"):
        forms = [last, last + "то", last[:-1] + "я", last[:-1] + "ята"]
    elif last.endswith(("а", "я")):
        forms = [last, last + "та", last[:-1] + "и", last[:-1] + "ите"]
    elif last.endswith("е") or last.endswith("о"):
        forms = [last, last + "то"]
    else:
        forms = [last, last + "а", last + "ът", last + "и", last + "ите"]
    return [prefix + f for f in forms]


_EVENT = re.compile(
    _forms([f for noun in _DATA["event_nouns"]["forms"] for f in _inflected(noun)]), re.IGNORECASE
)
_PROJECT = re.compile(_forms(_DATA["project_words"]["forms"]), re.IGNORECASE)
_PARTNER_AFTER = re.compile(r"\s*[-–]?\s*(?:като\s+)?партньор", re.IGNORECASE)

#: Words before a number that make it a reference, not a count ("№ 5", "стр. 12", "чл. 3").
_REFERENCE_BEFORE = re.compile(
    rf"(?:№|{_NOT_LETTER_BEFORE}(?:No\.?|Nr\.?|стр\.|с\.|т\.|ал\.|чл\.|бр\.|кв\.|ет\.|ап\.|клас))\s*$",
    re.IGNORECASE,
)
#: Distributive "по" ("по 2 представители от всяка община"): not a total.
_DISTRIBUTIVE_BEFORE = re.compile(rf"{_NOT_LETTER_BEFORE}по\s+$", re.IGNORECASE)
#: Prepositions after which an institution count is a place or a purpose whatever the cues
#: ("работи в 12 общини"); after "на", "от", "с", "между" a cue may still make it partners
#: ("изпълнява се от 5 университета") or participants ("с участието на 4 компании").
_PLACE_OR_PURPOSE = frozenset({"в", "във", "за", "към", "по", "до", "сред", "при", "без", "чрез", "срещу"})
_PLACE_OR_PURPOSE_BEFORE = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:в|във|за|към|по|до|сред|при|без|чрез|срещу|на|от|с|със|между)\s+$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
#: "9 от 10 души": the 10 is a denominator.
_PARTITIVE_BEFORE = re.compile(rf"(?:\d|{NUMBER_WORDS_PATTERN})\s+от\s+$", re.IGNORECASE)
#: "на 100 000 души": a rate per a round number of people.
_RATE_BEFORE = re.compile(r"(?<![^\W\d_])на\s+(?:10|100|1[ \u00a0]?000|10[ \u00a0]?000|100[ \u00a0]?000)$")

_BEFORE = 200  # how far back a cue may stand, within the sentence
_AFTER = 80  # how far on, within the sentence ("... 5 училища взеха участие")
_SENTENCE_END = re.compile(r"[.!?;](?=\s+[А-ЯA-Z„\"«(])|\n")


@dataclass(frozen=True)
class _Clause:
    """The words of a count's own sentence before and after it, where cues are looked for."""

    before: str
    after: str


def _clause(text: str, start: int, end: int) -> _Clause:
    lo = max(0, start - _BEFORE)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    lo = ends[-1] if ends else lo
    hi = min(len(text), end + _AFTER)
    stop = _SENTENCE_END.search(text, end, hi)
    return _Clause(before=text[lo:start], after=text[end : stop.start() if stop else hi])


def _qualifier_note(m: re.Match[str], group: str) -> str:
    qual = m.group(group)
    number = m.group(group.replace("q", "")) if group.replace("q", "") in m.re.groupindex else None
    loose = ", about (a loose round number)" if number and is_approximate(number) else ""
    if not qual:
        return loose
    kind = _QUALIFIER_OF.get(_key(qual), "exact")
    return f", {kind} bound ({qual!r})" + loose


def _span_start(m: re.Match[str], number_group: str, qual_group: str) -> int:
    return m.start(qual_group) if m.group(qual_group) else m.start(number_group)


def _is_reference(text: str, start: int) -> bool:
    return bool(_REFERENCE_BEFORE.search(text, max(0, start - 8), start))


def _partners(text: str) -> Iterator[Mention]:
    for pattern, score, shape in ((_PARTNERS, 0.90, "partner noun"), (_CONSORTIUM, 0.85, "consortium of")):
        for m in pattern.finditer(text):
            partners = parse_integer(m.group("partners"))
            if partners is None:
                continue
            countries = parse_integer(m.group("countries")) if m.group("countries") else None
            if m.group("countries") and countries is None:
                continue
            start = _span_start(m, "partners", "q")
            if _is_reference(text, start):
                continue
            confidence = score + (0.05 if countries is not None else 0.0)
            why = f"count: {shape} {partners}" + (
                f" from {countries} countries" if countries is not None else ""
            )
            value = CountValue(partners=partners, countries=countries)
            yield mention(text, start, m.end(), "count", value, confidence, why + _qualifier_note(m, "q"))


def _countries(text: str) -> Iterator[Mention]:
    for m in _COUNTRIES_ONLY.finditer(text):
        countries = parse_integer(m.group("countries"))
        if countries is None or _NUMBER_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue
        start = _span_start(m, "countries", "cq")
        why = f"count: partners from {countries} countries" + _qualifier_note(m, "cq")
        yield mention(text, start, m.end(), "count", CountValue(countries=countries), 0.85, why)


def _person_count(
    text: str, m: re.Match[str], number: int, clause: _Clause
) -> tuple[CountValue, float, str] | None:
    """People are participants; a population, casualties, a parent's children, a share per
    unit or a lone "един" are not."""
    if _DISTRIBUTIVE_BEFORE.search(clause.before):
        return None
    if _NOT_PARTICIPANT_CUE.search(clause.before) or _NOT_PARTICIPANT_CUE.search(clause.after):
        return None
    if _PARTITIVE_BEFORE.search(clause.before) or _RATE_BEFORE.search(clause.before + m.group("n")):
        return None
    cue = _PARTICIPATION_CUE.search(clause.before) or _PARTICIPATION_CUE.search(clause.after)
    if number == 1 and not cue:  # "един участник сподели": the indefinite article
        return None
    if _YEAR.fullmatch(m.group("n")) and not cue and not m.group("q"):
        return None
    if cue:
        return CountValue(participants=number), 0.90, f", participation cue {cue.group()!r}"
    context = next(
        (
            c
            for pattern in (_EVENT, _PROJECT)
            for part in (clause.before, clause.after)
            if (c := pattern.search(part))
        ),
        None,
    )
    if context:
        return CountValue(participants=number), 0.80, f", in a sentence about {context.group()!r}"
    if (_plain_head(m.group("head")) or _key(m.group("head"))) in _NEEDS_CONTEXT:
        return None
    return CountValue(participants=number), 0.75, ", no participation cue"


def _nearest_cue(clause: _Clause) -> tuple[str, str] | None:
    """The cue nearest to the count in its sentence, ("partnership" | "participation", word):
    in "съвместно с ITRI и с участието на 3 компании" the companies take part."""
    candidates: list[tuple[int, str, str]] = []
    for kind, cue in (("partnership", _PARTNERSHIP_CUE), ("participation", _PARTICIPATION_CUE)):
        before = list(cue.finditer(clause.before))
        if before:
            candidates.append((len(clause.before) - before[-1].end(), kind, before[-1].group()))
        after = cue.search(clause.after)
        if after:
            candidates.append((after.start(), kind, after.group()))
    if not candidates:
        return None
    _, kind, word = min(candidates)
    return kind, word


def _institution_count(
    text: str, m: re.Match[str], number: int, clause: _Clause
) -> tuple[CountValue, float, str] | None:
    """Institutions are partners or, at an event, participants; after a preposition of place,
    purpose or origin with no cue they are neither."""
    if number < 2 or _DISTRIBUTIVE_BEFORE.search(clause.before):
        return None
    countries = parse_integer(m.group("countries")) if m.group("countries") else None
    place = _PLACE_OR_PURPOSE_BEFORE.search(clause.before)
    if place and place.group().strip().lower() in _PLACE_OR_PURPOSE:
        return None
    if _PARTNER_AFTER.match(text, m.end()):
        return CountValue(partners=number, countries=countries), 0.85, ", called partners right after"
    cue = _nearest_cue(clause)
    if cue is not None and cue[0] == "partnership":
        return CountValue(partners=number, countries=countries), 0.85, f", partnership cue {cue[1]!r}"
    event = _EVENT.search(clause.before) or _EVENT.search(clause.after)
    project = _PROJECT.search(clause.before) or _PROJECT.search(clause.after)
    if cue is not None and (event or not project):
        return CountValue(participants=number), 0.80, f", participation cue {cue[1]!r}"
    if cue is not None or (project and not place):
        why = f", taking part ({cue[1]!r}) in a project" if cue else ", in a sentence about a project"
        return CountValue(partners=number, countries=countries), 0.60, why
    return None


def _head_counts(text: str) -> Iterator[Mention]:
    for m in _HEAD_COUNT.finditer(text):
        number = parse_integer(m.group("n"))
        if not number:
            continue
        if m.group("thousands"):
            number *= 1000
        start = _span_start(m, "n", "q")
        if _is_reference(text, start):
            continue
        head = _key(m.group("head"))
        kind = _HEAD_KIND[head]
        clause = _clause(text, start, m.end())
        judged = (_person_count if kind == "person" else _institution_count)(text, m, number, clause)
        if judged is None:
            continue
        value, confidence, why = judged
        end = m.end() if value.countries is not None else m.end("head")
        why = f"count: {number} {kind} noun {head!r} ({_HEAD_GROUP[head]})" + why + _qualifier_note(m, "q")
        yield mention(text, start, end, "count", value, confidence, why)


def _plain_head(head: str) -> str | None:
    """The listed form behind a head as written (definite "участниците" -> "участници")."""
    key = _key(head)
    return next((f for f in _HEAD_KIND if key in (f, _definite(f))), None)


def _labelled(text: str) -> Iterator[Mention]:
    for pattern, shape in ((_LABELLED, "labelled field"), (_FIELD_LINE, "field line")):
        for m in pattern.finditer(text):
            number = parse_integer(m.group("n"))
            if not number:
                continue
            plain = _plain_head(m.group("head"))
            if plain is not None and _HEAD_KIND[plain] == "person":
                value = CountValue(participants=number)
            else:  # institutions and partner nouns
                value = CountValue(partners=number)
            start = m.start("head") if shape == "field line" else m.start()
            why = f"count: {shape} {m.group('head')!r}" + _qualifier_note(m, "q")
            yield mention(text, start, m.end("n"), "count", value, 0.90, why)


def _predicates(text: str) -> Iterator[Mention]:
    for m in _PREDICATE.finditer(text):
        number = parse_integer(m.group("n"))
        if not number:
            continue
        plain = _plain_head(m.group("head"))
        if plain is None:  # "партньорите са седем"
            value, confidence, why = CountValue(partners=number), 0.80, ""
        else:
            judged = _person_count(text, m, number, _clause(text, m.start(), m.end()))
            if judged is None:
                continue
            value, confidence, why = judged
        why = f"count: {m.group('head')!r} ... {number}" + why + _qualifier_note(m, "q")
        yield mention(text, m.start(), m.end(), "count", value, confidence, why)


def _participation_of(text: str) -> Iterator[Mention]:
    for m in _PARTICIPATION_OF.finditer(text):
        number = parse_integer(m.group("participants"))
        if number is None:
            continue
        start = _span_start(m, "participants", "q")
        why = f"count: participation of {number} ({m.group()!r})" + _qualifier_note(m, "q")
        yield mention(text, start, m.end(), "count", CountValue(participants=number), 0.60, why)


def find_counts(text: str) -> list[Mention]:
    """Every count in text order; where two shapes claim the same words, ``rules.overlap``
    decides (the longer, then the more confident)."""
    found = [
        *_partners(text),
        *_countries(text),
        *_labelled(text),
        *_predicates(text),
        *_head_counts(text),
        *_participation_of(text),
    ]
    return resolve_overlaps(found)
