"""Entities that are names: the evidence a span needs before it is an organisation, person or place.

The NER model labels many capitalised phrases of administrative documents as names:
table headings ("Искано финансиране"), section labels ("Г. Заключение"), numbered items
("Ангажимент 3", "Обособена позиция 2", "Приоритетна ос 1"), document words at a line
start ("Решение", "Таблица"). A model hit is kept only with evidence from its shape
(``model_evidence``); a span of any finder is dropped when its place says it is no name
(``not_a_name``): an address, a field label, a numbered heading, a heading line.

Each rule returns the reason it fired, so the removed hits can be counted per rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..models import EntityValue, Mention
from .base import load_data

_UP = "A-ZА-ЯЁІЇЄҐ"


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    shapes = load_data("entity_shapes.json")
    extra = load_data("ner_cues.json")
    org_words = {w.casefold() for w in [*shapes["org_keywords"], *extra["org_words"]]}
    return {
        "org_words": frozenset(org_words),
        "legal_forms": frozenset(shapes["legal_forms"]),
        "first_names": frozenset(_first_names()),
        "surname_endings": frozenset(shapes["surname_endings"]),
        "place_cues": frozenset(w.casefold() for w in extra["place_cues"]),
        "numbered_heads": frozenset(w.casefold() for w in extra["numbered_heads"]),
        "notices": frozenset(w.casefold() for w in extra["notices"]),
    }


def _first_names() -> set[str]:
    names = load_data("given_names.json")
    return {entry["name"] for entry in names["names"]}


def place_cues() -> frozenset[str]:
    """Words after which a capitalised word is a place ("гр. Левски", "с. Желява"): data/ner_cues.json."""
    return _cues()["place_cues"]


def first_names() -> frozenset[str]:
    """Common given names (data/given_names.json), shared by the rules and the NER stage."""
    return _cues()["first_names"]


_WORDS = re.compile(rf"[\w{_UP}][\w\-’']*")
_ROMAN = re.compile(r"^(?:[IVXLCІ]+|[IVXІ]+\.)$")
_DIGITS = re.compile(r"\d")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


_LEGAL = "ЕООД|ООД|ЕАД|АД|ЕТ|КД|СД|ДЗЗД|Ltd|GmbH|Inc"


@lru_cache(maxsize=1)
def _org_word_stems() -> tuple[str, ...]:
    """Organisation words long enough to count as a stem ("асоциац" in "Асоциацията")."""
    return tuple(k for k in _cues()["org_words"] if len(k) > 3)


def _has_org_word(words: list[str]) -> bool:
    folded = [w.casefold() for w in words]
    return any(w.startswith(_org_word_stems()) for w in folded) or any(w in _cues()["org_words"] for w in folded)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(word) <= 8 and len(letters) >= 2 and all(c.isupper() for c in letters)


def _person_shaped(words: list[str]) -> bool:
    """Two or three capitalised words, a known given name first or a Bulgarian surname last."""
    cues = _cues()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w[1:2].islower() for w in words):
        return False
    return words[0] in cues["first_names"] or words[-1].casefold().endswith(tuple(cues["surname_endings"]))


def _lone_surname(word: str) -> bool:
    """'Терзиева': one word with a Bulgarian surname ending, long enough not to be a common word."""
    endings = ("ова", "ева", "ов", "ев", "ски", "ска", "ска", "цки", "цка")
    return len(word) >= 6 and word[:1].isupper() and word[1:].islower() and word.casefold().endswith(endings)


def _word_before(text: str, start: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, start - 40) : start])
    return m.group(1).casefold() if m else ""


def _in_sure_list(m: Mention, lists: Iterable[tuple[int, int, bool]]) -> bool:
    return any(start <= m.start and m.end <= end and sure for start, end, sure in lists)


def _defined_long_form(text: str, abbreviation: str) -> str | None:
    """The words before the first "(ABBR)" in the text (its long form, roughly), or None."""
    at = text.find(f"({abbreviation})")
    if at < 0:
        return None
    line_start = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at)) + 1
    return " ".join(text[line_start:at].split()[-8:])


def model_evidence(text: str, m: Mention, lists: Iterable[tuple[int, int, bool]] = ()) -> str | None:
    """Why a model hit is a name, or None when nothing in its shape supports it.

    ``lists`` are (start, end, has_sure_item) ranges of comma lists of names: an item of a
    list that also holds a known or rule-found name shares its kind ("Сиела Норма,
    Информинвест, УНИБИТ").
    """
    assert isinstance(m.value, EntityValue)
    label = m.value.label
    words = _words(m.text)
    if not words:
        return None
    if _in_sure_list(m, lists):
        return "item of a list of names"
    if label == "ORG":
        if any(w in _cues()["legal_forms"] for w in words):
            return "legal form"
        if _has_org_word(words):
            return "organisation word"
        if any(re.search(r"\w-[a-zа-я]", w) and w[:1].isupper() for w in words):
            return "hyphenated brand"  # "Инфра-сървис": a Bulgarian compound name is capitalised on both sides
        if m.value.abbreviation:
            return "bracketed abbreviation"
        if len(words) == 1 and _is_acronym(words[0]) and not text[m.end : m.end + 2].lstrip(" ").startswith(":"):
            long_form = _defined_long_form(text, words[0])
            if long_form is not None and not _has_org_word(_words(long_form)):
                return None  # "Закон за нормативните актове (ЗНА)", "„Програма за ...“ (ПИТ)": no body
            return "abbreviation"
        if m.start > 0 and text[m.start - 1] in "„“\"«" and re.match(rf"[“”\"»]?\s*(?:{_LEGAL})\b", text[m.end : m.end + 12]):
            return "quoted name before a legal form"  # „Сиела Норма“ АД
        return None
    if label == "PER":
        if _person_shaped(words):
            return "person-shaped name"
        if len(words) == 1 and _lone_surname(words[0]):
            return "surname"
        return None
    # LOC
    if _word_before(text, m.start) in _cues()["place_cues"]:
        return "after a place word"
    if _foreign_place_shape(text, m, words):
        return "capitalised mid-sentence after a locative preposition"
    return None


_LOCATIVE = frozenset({"в", "във", "от", "до", "из", "край", "през", "за"})


def _foreign_place_shape(text: str, m: Mention, words: list[str]) -> bool:
    """"в Кремс", "до Алкмар": capitalised words after a locative preposition, mid-sentence,
    that the text never writes in lower case (so not "в Доклада", "в Плана" of a text that
    also speaks of "доклад" and "план")."""
    if _word_before(text, m.start) not in _LOCATIVE or len(words) > 2:
        return False
    if not all(w[:1].isupper() and w[1:].islower() for w in words):
        return False
    return not any(re.search(rf"(?<!\w){re.escape(_without_article(w.lower()))}", text) for w in words)


def _without_article(word: str) -> str:
    """'доклада' -> 'доклад', 'института' -> 'институт': the stem a lower-case use would share."""
    for ending in ("ията", "ът", "ят", "та", "то", "те", "а", "я"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


_ADDRESS = re.compile(
    r"(?:^|[\s,(])(?:ул|бул|пл|ж\.\s?к|жк|кв|улица|булевард|площад)\.?\s*[„\"“«]?"
    r"(?:(?:[A-ZА-Я][\w\-]*\.?|\d+)\s*){0,3}$",
    re.IGNORECASE,
)
_LETTERED = re.compile(r"^(?:[A-ZА-Я]|[IVXLC]+|\d+(?:\.\d+)*)\.\s")


def _named_body(words: list[str]) -> bool:
    """An organisation word or a legal form: numbers belong to such names ("Детска градина № 4")."""
    return _has_org_word(words) or any(w in _cues()["legal_forms"] for w in words)


def not_a_name(text: str, start: int, end: int, *, field_labels: bool = True) -> str | None:
    """Why the span text[start:end] is no name by its shape and place, or None.

    ``field_labels=False`` for known names: "България:" opening a table row is still a place.

    >>> not_a_name("Адрес: ул. „Иван Вазов“ 5", 12, 22)
    'address'
    >>> not_a_name("Обособена позиция 2 - доставка", 0, 19)
    'numbered heading'
    >>> not_a_name("Бенефициент: Община Русе", 0, 11)
    'field label'
    >>> not_a_name("**ВНИМАНИЕ!** Срокът изтича", 2, 10)
    'notice'
    >>> not_a_name("Г. Заключение", 0, 13)
    'lettered heading'
    >>> not_a_name("ДЕТСКА ГРАДИНА № 4", 0, 18) is None
    True
    """
    span = text[start:end]
    words = _words(span)
    if not words:
        return "no words"
    line_start = text.rfind("\n", 0, start) + 1
    if _ADDRESS.search(text[max(line_start, start - 40) : start]):
        return "address"
    if re.match(r"\s*(?:\.{3,}|…)", text[end : end + 8]):
        return "contents line"  # "Концепция на дезинформацията ........ 24"
    if _LETTERED.match(span) and not text[line_start:start].strip(" \t•*-#"):
        return "lettered heading"  # "Г. Заключение" opens its line; "проф. Б. Иванов" does not
    numbered = len(words) > 1 and (_DIGITS.search(words[-1]) or _ROMAN.match(words[-1]))
    if words[0].casefold() in _cues()["numbered_heads"] and (len(words) == 1 or numbered):
        return "numbered heading"
    if numbered and not _named_body(words) and not _is_acronym(words[0]):
        return "numbered heading"
    if len(words) == 1 and words[0].casefold() in _cues()["notices"]:
        return "notice"  # "ВАЖНО!", "**Съобщение**": a bold one-word notice
    if field_labels and text[end : end + 4].lstrip(" *_").startswith(":") and len(words) <= 3 and not _named_body(words):
        return "field label"
    return None


def keep_names(text: str, found: list[Mention], lists: Iterable[tuple[int, int, bool]] = ()) -> tuple[list[Mention], list[tuple[Mention, str]]]:
    """Model hits with evidence that are not placed like non-names; the rest with the reason."""
    lists = list(lists)
    kept: list[Mention] = []
    removed: list[tuple[Mention, str]] = []
    for m in found:
        reason = not_a_name(text, m.start, m.end)
        if reason is None and model_evidence(text, m, lists) is None:
            reason = f"no evidence for {m.value.label}"  # type: ignore[union-attr]
        if reason is None:
            kept.append(m)
        else:
            removed.append((m, reason))
    return kept, removed
