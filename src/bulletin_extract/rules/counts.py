"""Partner, country and participant counts -> CountValue mentions.

A number is a count only when a counting noun follows it (``data/count_nouns.json``):
"седем партньора", "пет членове на клъстера", "150 души". "6 години", "7-то Изложение"
and "60 високотехнологични стартапи" are numbers, not counts; "двете организации" and
"един от световните лидери" are not counts at all (definite forms and "един от" are not
in the number words, and no counting noun follows).

Decision: "седем партньора от 6 европейски страни" is ONE mention with partners=7 and
countries=6, spanning both numbers, so the assembler gets the pair for the same project
without having to pair mentions up. "партньори от 12 държави" gives countries alone.

Shapes recognised, strongest first:

======================================================  ==========================  =====
shape                                                   value                       score
======================================================  ==========================  =====
N партньора от M (европейски) страни                    partners N, countries M     0.95
N партньора                                             partners N                  0.90
консорциум от N организации / - N юридически лица        partners N                  0.85
партньори от M държави                                  countries M                 0.85
N членове / участници / души, with a participation cue  participants N              0.90
N членове / участници / души, no cue                    participants N              0.75
участието на N <any noun> ("на 4 компании")             participants N              0.60
======================================================  ==========================  =====

A qualifier before the number ("над 100 участници") is kept in the mention text and the
explanation; CountValue has no field for it, the number is the bound.

>>> [m.value.partners for m in find_counts("Реализира се от седем партньора")]
[7]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models import CountValue, Mention
from .base import load_data, mention
from .numbers import INTEGER_PATTERN, parse_integer

_DATA = load_data("count_nouns.json")

_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"


def _forms(forms: list[str]) -> str:
    """Longest first, whole words, any whitespace inside a multi-word form."""
    alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    return f"{_NOT_LETTER_BEFORE}(?:{alternation}){_NOT_LETTER_AFTER}"


_QUALIFIER_OF: dict[str, str] = dict(_DATA["qualifiers"])
_QUALIFIER = _forms(list(_QUALIFIER_OF))
#: Only a thousands word makes sense in a head count ("5 хил. души").
_THOUSANDS = r"(?:хил\.|хиляди)"
#: Plural adjectives between the number and the noun: "6 европейски страни",
#: "20 клъстерни членове". Adjective endings only, so a plural noun is not skipped over.
_ADJECTIVES = r"(?:[^\W\d_]{2,}(?:ски|цки|шки|ни|щи|ови|еви|ли)\s+){0,2}"


def _number(qualifier_group: str, number_group: str) -> str:
    # (?<!\w) first: most positions are inside words, and this fails them at once.
    return rf"(?<!\w)(?:(?P<{qualifier_group}>{_QUALIFIER})\s+)?(?P<{number_group}>{INTEGER_PATTERN})"


_COUNTRY_PART = (
    rf"\s+(?:от|в|из)\s+{_number('cq', 'countries')}\s+{_ADJECTIVES}{_forms(_DATA['country_nouns'])}"
)
_PARTNERS = re.compile(
    rf"{_number('q', 'partners')}\s+{_ADJECTIVES}{_forms(_DATA['partner_nouns'])}(?:{_COUNTRY_PART})?",
    re.IGNORECASE,
)
_CONSORTIUM = re.compile(
    rf"{_forms(_DATA['consortium_words'])}[^.\n]{{0,25}}?(?:{_NOT_LETTER_BEFORE}(?:от|с|на|са|участват|участваха|включва|включват|обединява|обединяват){_NOT_LETTER_AFTER}|[-–:])\s*"
    rf"{_number('q', 'partners')}\s+{_ADJECTIVES}{_forms(_DATA['consortium_members'])}"
    rf"(?:{_COUNTRY_PART})?",
    re.IGNORECASE,
)
#: "участници от 15 държави" is about an audience, not a consortium: people nouns are left out.
_ORGANISATION_NOUNS = [n for n in _DATA["consortium_members"] if n not in _DATA["participant_nouns"]]
_COUNTRIES_ONLY = re.compile(
    rf"{_forms(_DATA['partner_nouns'] + _ORGANISATION_NOUNS)}{_COUNTRY_PART}",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    rf"{_number('q', 'participants')}(?:\s*(?P<thousands>{_THOUSANDS}))?\s+{_ADJECTIVES}"
    rf"{_forms(_DATA['participant_nouns'])}",
    re.IGNORECASE,
)
_PARTICIPATION_OF = re.compile(
    rf"{_NOT_LETTER_BEFORE}участие(?:то)?\s+на\s+{_number('q', 'participants')}\s+{_ADJECTIVES}"
    rf"[^\W\d_]{{3,}}",
    re.IGNORECASE,
)
_CUE = re.compile(_forms(_DATA["participation_cues"]), re.IGNORECASE)
_CUE_WINDOW = 40


def _qualifier_note(m: re.Match[str], group: str) -> str:
    qual = m.group(group)
    if not qual:
        return ""
    kind = _QUALIFIER_OF.get(" ".join(qual.lower().split()), "exact")
    return f", {kind} bound ({qual!r})"


def _span_start(m: re.Match[str], number_group: str, qual_group: str) -> int:
    return m.start(qual_group) if m.group(qual_group) else m.start(number_group)


def _partners(text: str) -> Iterator[Mention]:
    for pattern, score, shape in ((_PARTNERS, 0.90, "partner noun"), (_CONSORTIUM, 0.85, "consortium of")):
        for m in pattern.finditer(text):
            partners = parse_integer(m.group("partners"))
            if partners is None:
                continue
            countries = parse_integer(m.group("countries")) if m.group("countries") else None
            if m.group("countries") and countries is None:
                continue
            confidence = score + (0.05 if countries is not None else 0.0)
            why = f"count: {shape} {partners}" + (
                f" from {countries} countries" if countries is not None else ""
            )
            value = CountValue(partners=partners, countries=countries)
            start = _span_start(m, "partners", "q")
            yield mention(text, start, m.end(), "count", value, confidence, why + _qualifier_note(m, "q"))


def _countries(text: str) -> Iterator[Mention]:
    for m in _COUNTRIES_ONLY.finditer(text):
        countries = parse_integer(m.group("countries"))
        if countries is None:
            continue
        start = _span_start(m, "countries", "cq")
        why = f"count: partners from {countries} countries" + _qualifier_note(m, "cq")
        yield mention(text, start, m.end(), "count", CountValue(countries=countries), 0.85, why)


def _participants(text: str) -> Iterator[Mention]:
    for m in _PARTICIPANTS.finditer(text):
        number = parse_integer(m.group("participants"))
        if number is None:
            continue
        if m.group("thousands"):
            number *= 1000
        cue = _CUE.search(text, max(0, m.start() - _CUE_WINDOW), m.end())
        confidence = 0.90 if cue else 0.75
        why = f"count: {number} people" + (
            f", participation cue {cue.group()!r}" if cue else ", no participation cue"
        )
        start = _span_start(m, "participants", "q")
        yield mention(
            text,
            start,
            m.end(),
            "count",
            CountValue(participants=number),
            confidence,
            why + _qualifier_note(m, "q"),
        )
    for m in _PARTICIPATION_OF.finditer(text):
        number = parse_integer(m.group("participants"))
        if number is None:
            continue
        start = _span_start(m, "participants", "q")
        why = f"count: participation of {number} ({m.group()!r})" + _qualifier_note(m, "q")
        yield mention(text, start, m.end(), "count", CountValue(participants=number), 0.60, why)


def find_counts(text: str) -> list[Mention]:
    """Every count in text order; where two shapes claim the same words, the stronger
    (higher confidence, then longer) wins."""
    found = [*_partners(text), *_countries(text), *_participants(text)]
    found.sort(key=lambda x: (-x.confidence, -(x.end - x.start), x.start))
    kept: list[Mention] = []
    for candidate in found:
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda x: x.start)
