"""Funding programme names from the registry (data/programmes.json) -> ProgrammeValue mentions.

Bulletins name one programme many ways: the abbreviation (``ОПИК``), the Bulgarian name
with any kind of quotes or none (``ОП "Иновации и конкурентоспособност"``,
``ОП „Иновации и конкурентоспособност“ 2014-2020``), the English name (``Horizon 2020``),
a transliteration (``Еразъм +``, ``КОЗМЕ``). All written forms of all programmes compile
into ONE alternation (longest alias first, so ``ЕСФ+`` wins over ``ЕСФ``), tried at each
word only for the forms that start with its letter (``alternation.InitialIndex``), and the
match is looked up by a normalised key, so one pass over the text finds every programme.

Case rules, chosen so that matching never fires inside ordinary words:

* names (``Horizon Europe``, ``Цифрова Европа``) match case-insensitively, so headline
  forms (``ХОРИЗОНТ ЕВРОПА``) are found;
* abbreviations (``ОПИК``, ``ПОС``, ``LIFE``, ``SMP``) match case-sensitively, never inside
  a word (``ПОСТ``, ``lifelong``) and never as the head of a code (``H2020-ICT-...`` is a
  programme code, found by rules.codes);
* ambiguous abbreviations (``LIFE``, ``EIT``) are dropped inside ALL-CAPS runs
  (``QUALITY OF LIFE``), where they are ordinary words of a headline.

An optional programming period right after the name (``... 2014-2020``) is read, named in
the explanation and left outside the mention: it is a date of its own (the date finder's),
and a programme mention spanning it would lose to it. Confidence: full name 0.95, abbreviation 0.9, ambiguous abbreviation 0.75.

>>> [(m.text, m.value.programme) for m in find_programmes("по ОП „Иновации и конкурентоспособност“ 2014-2020 и Еразъм +")]
[('ОП „Иновации и конкурентоспособност“', 'OPIC'), ('Еразъм +', 'ERASMUS_PLUS')]
>>> find_programmes("лечебно заведение ПОСТ lifelong learning")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..models import Mention, ProgrammeValue
from .alternation import InitialIndex
from .base import load_data, mention

QUOTES = "\"'„“”«»‘’‚"
_QUOTE_CLASS = "[" + re.escape(QUOTES) + "]"
_DASH = "-–—‐"
#: Between the words of a written form: spaces and/or quotes ("ОП"Иновации", "ОП „Иновации").
#: The same set as ``[\s{QUOTES}]+``, written as two classes: one class mixing Latin-1 and
#: U+201x quotes compiles into a 64K-character bitmap (0.15 ms, and the registry writes it
#: some 900 times), two apart compile 3x faster. The atomic group only keeps ``re``'s parser
#: from merging them back into one class; it holds one character, so nothing backtracks.
_LATIN1_QUOTES = re.escape("".join(q for q in QUOTES if q <= "\xff"))
_WIDE_QUOTES = re.escape("".join(q for q in QUOTES if q > "\xff"))
_BETWEEN_WORDS = f"(?:[\\s{_LATIN1_QUOTES}]|(?>[{_WIDE_QUOTES}]))+"
_WORD_SPLIT = re.compile(f"[\\s{re.escape(QUOTES)}]+")
# "ОП „Иновации и конкурентоспособност“ 2014-2020": the programming period is part of the name.
_PERIOD = r"(?:\s*[,(]?\s*20\d\d\s*[-–—]\s*20\d\d\)?)?"


_TRAILING_PERIOD = re.compile(r"\s*[,(]?\s*20\d\d\s*[-–—]\s*20\d\d\)?$")


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    aliases: tuple[str, ...]
    abbreviations: tuple[str, ...]
    code_prefixes: tuple[str, ...]
    ambiguous: frozenset[str]
    source: str


def alias_key(text: str) -> str:
    """The form two spellings of one alias share: no quotes or case, one kind of dash and space.

    >>> alias_key('ОП  "Иновации и конкурентоспособност"') == alias_key("оп „иновации и конкурентоспособност“")
    True
    >>> alias_key("Еразъм +"), alias_key("Румъния - България")
    ('еразъм+', 'румъния-българия')
    """
    key = text.casefold()
    key = re.sub(_QUOTE_CLASS, " ", key)
    key = re.sub(f"\\s*[{_DASH}]\\s*", "-", key)
    key = re.sub(r"\s*\+", "+", key)
    return " ".join(key.split())


def alias_pattern(alias: str) -> str:
    """A regex for one written form: quotes optional anywhere between words, flexible spaces."""
    words = [w for w in _WORD_SPLIT.split(alias) if w]
    parts = []
    for word in words:
        part = re.escape(word)
        if any(dash in word for dash in "-–—"):  # most words have none: no substitution to run
            part = re.sub(r"\\?[-–—]", f"\\\\s*[{_DASH}]\\\\s*", part)
        part = part.replace(r"\+", r"\s?\+")
        parts.append(part)
    return _BETWEEN_WORDS.join(parts)


@lru_cache(maxsize=1)
def registry() -> tuple[Programme, ...]:
    """The programme registry, loaded once."""
    return tuple(
        Programme(
            id=p["id"],
            name=p["name"],
            aliases=tuple(p["aliases"]),
            abbreviations=tuple(p["abbreviations"]),
            code_prefixes=tuple(p["code_prefixes"]),
            ambiguous=frozenset(p.get("ambiguous_abbreviations", [])),
            source=p["source"],
        )
        for p in load_data("programmes.json")["programmes"]
    )


@lru_cache(maxsize=1)
def by_id() -> dict[str, Programme]:
    return {p.id: p for p in registry()}


def _first_letter(alias: str) -> str:
    """The letter a match of ``alias_pattern(alias)`` starts with (quotes and spaces are skipped)."""
    return next(w for w in _WORD_SPLIT.split(alias) if w)[0]


#: Where a programme name may start: not inside a word, a code or a path.
_NAME_START = r"(?<![\w\-/])"


@lru_cache(maxsize=1)
def _index() -> tuple[InitialIndex, dict[str, tuple[Programme, bool]], dict[str, Programme]]:
    """(alternation of every written form, normalised alias -> (programme, is_abbreviation),
    exact abbr -> programme)."""
    names: dict[str, tuple[Programme, bool]] = {}
    abbreviations: dict[str, Programme] = {}
    for prog in registry():
        for alias in (prog.name, *prog.aliases):
            names.setdefault(alias_key(alias), (prog, False))
        for abbr in prog.abbreviations:
            abbreviations.setdefault(abbr, prog)
    alternatives: list[tuple[int, str, str, bool]] = []
    seen: set[str] = set()
    for prog in registry():
        for alias in (prog.name, *prog.aliases):
            pattern = alias_pattern(alias)
            if pattern not in seen:
                seen.add(pattern)
                alternatives.append((len(alias), _first_letter(alias), f"(?i:{pattern})", True))
        for abbr in prog.abbreviations:
            pattern = alias_pattern(abbr)
            if pattern not in seen:
                seen.add(pattern)
                alternatives.append((len(abbr), _first_letter(abbr), pattern, False))
    alternatives.sort(key=lambda a: -a[0])  # longest first: "ЕСФ+" before "ЕСФ"
    index = InitialIndex(
        [(first, pattern, ignore_case) for _, first, pattern, ignore_case in alternatives],
        wrap=lambda alternation: (
            rf"{_NAME_START}(?P<core>{alternation})"
            rf"(?P<close>[“”\"»’]?)(?P<period>{_PERIOD})(?![\w]|[-–][A-Za-z0-9А-Яа-я])"
        ),
        gate=_NAME_START,
    )
    return index, names, abbreviations


def programme_for_code(code: str) -> str | None:
    """The programme id whose registered code prefix is the longest prefix of a normalised code.

    >>> programme_for_code("BG16RFOP002-2.009-0123-C01"), programme_for_code("H2020-ICT-2018-20")
    ('OPIC', 'H2020')
    >>> programme_for_code("XX99-1") is None
    True
    """
    best: tuple[int, str] | None = None
    for prog in registry():
        for prefix in prog.code_prefixes:
            if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), prog.id)
    return best[1] if best else None


_CAPS_WORD = re.compile(r"[A-ZА-Я][A-ZА-Я0-9+]+")
_PROGRAMME_WORDS = {"ПРОГРАМА", "ПРОГРАМАТА", "PROGRAMME", "PROGRAM", "ПО"}


def in_caps_run(text: str, start: int, end: int) -> bool:
    """True when a neighbouring word on the same line is an ALL-CAPS word (a headline)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start].split()
    after = text[end:line_end].split()
    neighbours = ([before[-1]] if before else []) + ([after[0]] if after else [])
    for word in neighbours:
        word = word.strip(".,;:!?()[]" + QUOTES)
        if word.upper() in _PROGRAMME_WORDS:
            continue
        if len(word) >= 2 and _CAPS_WORD.fullmatch(word):
            return True
    return False


def find_programmes(text: str) -> list[Mention]:
    """Every registry programme named in the text, in order of appearance."""
    index, names, abbreviations = _index()
    found: list[Mention] = []
    for match in index.finditer(text):
        core = match.group("core")
        if core in abbreviations:
            prog, is_abbr = abbreviations[core], True
        elif alias_key(core) in names:
            prog, is_abbr = names[alias_key(core)]
        else:  # the pattern allowed a spelling whose key differs; never expected
            continue
        # the period is read but left outside the mention: the date finder claims
        # "2014-2020" first, and a programme mention overlapping it would be dropped
        # (registry names carry their period too: "... конкурентоспособност“ 2014-2020")
        start, end = match.start(), match.end("close")
        period = match.group("period")
        own = _TRAILING_PERIOD.search(text, start, end)
        if own:
            period, end = own.group(), own.start()
            core = text[start:end]
        period = " ".join(period.split()).strip(",() ")
        close = match.group("close")
        # keep the closing quote only when its opening quote is inside the name
        # (ОП „Иновации...“); quotes around the whole name stay outside the mention
        if close and not any(q in core for q in '„“"«‘'):
            end = match.end("core")
        if is_abbr and core in prog.ambiguous:
            if in_caps_run(text, start, end):
                continue
            confidence, why = 0.75, "ambiguous abbreviation outside a headline"
        elif is_abbr:
            confidence, why = 0.9, "registry abbreviation"
        else:
            confidence, why = 0.95, "registry name"
        found.append(
            mention(
                text,
                start,
                end,
                "programme",
                ProgrammeValue(programme=prog.id, name=prog.name),
                confidence,
                f"programmes: {why} {core!r} -> {prog.id}"
                + (f", programming period {period}" if period else ""),
            )
        )
    return found
