"""OCR words that are programme codes or the numero sign, put back in shape.

OCR reads a code letter by letter with no idea that "BG05M2OP001" has digits in some
places and letters in others, so "0" and "O", "5" and "S", "1" and "I" trade places
("BGOSM20P001"). The code's head is one of the registered prefixes of the programme
registry (data/programmes.json `code_prefixes`), so a word whose head equals a prefix
once OCR's confusable characters are treated as equal takes that prefix, and the
digit groups after it ("-5.OO1-0001") take digits. "№" has no Latin twin and comes out
as "Ne", "Me" or "N°"; before a number it is put back. The confusable classes are
in data/ocr_confusables.json.

A code whose head is no registered prefix is held to the code schemes instead
(data/code_schemes.json): `repair_to_scheme` tries OCR's character confusions, fewest
first, and keeps a repair only when the word then is a code of a registered shape and
no other repair with as few changes is ("H2O2O-ICT-2O18-2O" -> "H2020-ICT-2018-20").
`is_code` and `looks_like_code` tell the OCR reader which words to read a second time.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import combinations
from math import comb

from ..rules.base import load_data
from ..rules.codes import _CODE_CHARACTERS, find_codes
from ..rules.codes import registry as code_schemes
from ..rules.programmes import registry


@cache
def _classes() -> dict[str, str]:
    """Character -> the representative of its OCR confusion class (for comparison only)."""
    data = load_data("ocr_confusables.json")
    rep: dict[str, str] = {}
    for group in data["code_classes"]:
        for ch in group:
            rep[ch] = group[0]
    for latin, cyrillic in data["same_shape"].items():  # a Cyrillic look-alike compares as its Latin twin
        rep[cyrillic] = rep.get(latin.upper(), latin.upper())
    return rep


@cache
def _digits() -> dict[str, str]:
    """Confusable letter -> the digit it stands for in a digit group."""
    data = load_data("ocr_confusables.json")
    return {ch: group[0] for group in data["code_classes"] if group[0].isdigit() for ch in group[1:]}


@cache
def _prefixes() -> dict[str, str]:
    """Folded prefix -> registered prefix, longest first."""
    out: dict[str, str] = {}
    for prog in registry():
        for prefix in prog.code_prefixes:
            out.setdefault(_fold(prefix), prefix)
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


def _fold(text: str) -> str:
    rep = _classes()
    return "".join(rep.get(ch, rep.get(ch.upper(), ch.upper())) for ch in text)


def _as_digits(group: str) -> str:
    digits = _digits()
    return "".join(digits.get(ch, ch) for ch in group)


_TAIL = re.compile(r"^([-–—])([0-9OoОоSsIl|ZzBb]{1,2})([.,])([0-9OoОоSsIl|ZzBb]{3})((?:[-–—][0-9OoОоSsIl|ZzBb]{4})?)(.*)$")


def repair_code(word: str) -> str:
    """A programme code misread by OCR, repaired from the registry's prefixes.

    >>> repair_code("BGOSM20P001-5.001-0001"), repair_code("BGO5SFPR001-1.OO3-0001")
    ('BG05M2OP001-5.001-0001', 'BG05SFPR001-1.003-0001')
    >>> repair_code("BG16RFOP002-2.009"), repair_code("Bulgaria")
    ('BG16RFOP002-2.009', 'Bulgaria')
    """
    if len(word) < 10 or not any(ch.isdigit() for ch in word):
        return word
    folded = _fold(word)
    for key, prefix in _prefixes().items():
        if folded.startswith(key):
            tail = word[len(key):]
            m = _TAIL.match(tail)
            if not m:
                return word if not tail else prefix + tail
            return prefix + "-" + _as_digits(m.group(2)) + "." + _as_digits(m.group(4)) + \
                (("-" + _as_digits(m.group(5)[1:])) if m.group(5) else "") + m.group(6)
    return word


@cache
def _numero() -> frozenset[str]:
    return frozenset(load_data("ocr_confusables.json")["numero_sign"])


_GLUED_NUMERO = re.compile(r"^(.*[^\W\d_])(" + "|".join(["N[eеoо°º]", "[MМ][eе]"]) + r")(\d+\S*)$")


def repair_numero(words: list[str]) -> list[str]:
    """"Ne 4" and "ГРАДИНАNe4" -> "№ 4", "ГРАДИНА № 4": the numero sign OCR cannot read.

    >>> repair_numero(["ДГ", "Ne", "4"]), repair_numero(["ГРАДИНАNe4"]), repair_numero(["No", "лицензия"])
    (['ДГ', '№', '4'], ['ГРАДИНА', '№', '4'], ['No', 'лицензия'])
    """
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in _numero() and nxt[:1].isdigit():
            out.append("№")
            continue
        glued = _GLUED_NUMERO.match(w)
        if glued and any("\u0400" <= ch <= "\u04ff" for ch in glued.group(1)):
            out.extend([glued.group(1), "№", glued.group(3)])
            continue
        out.append(w)
    return out


#: Closing punctuation after a code in running text: not part of the code.
_CLOSING = ".,;:)"
#: Most characters `repair_to_scheme` changes in one word: a word needing more is too far
#: from any code to be one read wrong. ... and most sets of places it tries for one number of
#: changes (a long word of confusable characters is given up, not searched for a second).
MAX_REPAIRS = 4
MAX_TRIES = 2000


def code_strength(word: str) -> int:
    """How surely the word, less its closing punctuation, is a code: 0 not one (or not only
    codes: several are joined by "/"), 1 codes of registered shapes, 2 codes whose programme
    is known as well (a registered prefix, or a scheme of one programme), as the code finder
    reads them. A misread code often keeps a scheme's loose shape ("BG16RFOPO002-3.002" fits
    the EU-funds shape) but loses its programme.

    >>> code_strength("BG16RFOP002-2.009."), code_strength("BG16RFOPO002-2.009"), code_strength("BC16KEOP002-2.009")
    (2, 1, 0)
    >>> code_strength("H2020-ICT-2018-20/H2020-ICT-2019-2")
    2
    """
    core = word.rstrip(_CLOSING)
    found = find_codes(core) if core else []
    covered = {i for m in found for i in range(m.start, m.end)}
    if not covered or not all(i in covered or ch == "/" for i, ch in enumerate(core)):
        return 0
    return 2 if all(getattr(m.value, "programme", None) for m in found) else 1


def is_code(word: str) -> bool:
    """Whether the word, less its closing punctuation, is nothing but registered-scheme codes.

    >>> is_code("BG16RFOP002-2.009."), is_code("BC16KEOP002-2.009")
    (True, False)
    """
    return code_strength(word) > 0


def repaired(word: str) -> str:
    """A word with both code repairs: the registry's prefixes, then the schemes' shapes."""
    return repair_to_scheme(repair_code(word))


def looks_like_code(word: str) -> bool:
    """A word OCR may have read for a code: six characters or more, a digit, and mostly capital
    letters, Latin or Cyrillic (the Bulgarian model reads a Latin "G" as "С").

    >>> looks_like_code("ВС16КЕОР002-3.002-0456."), looks_like_code("19.12.2016г."), looks_like_code("КСГЗ")
    (True, False, False)
    """
    core = word.strip(_CLOSING + "(")
    letters = [ch for ch in core if ch.isalpha()]
    return (len(core) >= 6 and any(ch.isdigit() for ch in core) and bool(letters)
            and 2 * sum(ch.isupper() for ch in letters) > len(letters))


@cache
def _confusions() -> dict[str, tuple[str, ...]]:
    """Character read -> the characters it may stand for in a code (data/ocr_confusables.json)."""
    out: dict[str, tuple[str, ...]] = {}
    for pair in load_data("ocr_confusables.json")["code_confusions"]:
        out[pair["read"]] = (*out.get(pair["read"], ()), pair["meant"])
    return out


def _shaped(core: str) -> bool:
    latin = core.translate(_CODE_CHARACTERS)
    return any(scheme.regex.fullmatch(latin) for scheme in code_schemes()[0])


def repair_to_scheme(word: str, max_repairs: int = MAX_REPAIRS) -> str:
    """A code-shaped word put in the shape of a registered code scheme by the fewest OCR
    confusions (data/ocr_confusables.json `code_confusions`); unchanged when it is in shape
    already, when more than `max_repairs` changes would be needed, or when two different
    repairs with as few changes both fit (the schemes cannot tell which was meant).

    >>> repair_to_scheme("H2O2O-ICT-2O18-2O."), repair_to_scheme("2O22-l-BGOl-KA220-VET-OOOO89396")
    ('H2020-ICT-2018-20.', '2022-1-BG01-KA220-VET-000089396')
    >>> repair_to_scheme("ROBG-4l6"), repair_to_scheme("OPIC-2O22")
    ('ROBG-416', 'OPIC-2O22')
    """
    core = word.rstrip(_CLOSING)
    if not looks_like_code(core) or _shaped(core):
        return word
    table = _confusions()
    core = _digit_groups(core, table)
    if _shaped(core):
        return core + word[len(core):]
    places = [i for i, ch in enumerate(core) if ch in table]
    for n in range(1, min(max_repairs, len(places)) + 1):
        if comb(len(places), n) > MAX_TRIES:
            break
        fits: set[str] = set()
        for chosen in combinations(places, n):
            fits.update(c for c in _variants(core, chosen, table) if _shaped(c))
            if len(fits) > 1:
                return word
        if fits:
            return fits.pop() + word[len(core):]
    return word


_GROUP = re.compile(r"[^-–—./]+")


def _digit_groups(core: str, table: dict[str, tuple[str, ...]]) -> str:
    """Groups between a code's separators that hold a digit and otherwise only letters OCR reads
    for digits, as digits ("2O18" -> "2018"; "BGOl", without a digit, stays).

    >>> _digit_groups("H2020-ICT-2O18-2O", _confusions())
    'H2020-ICT-2018-20'
    """
    digits = {read: next(m for m in meant if m.isdigit()) for read, meant in table.items() if any(m.isdigit() for m in meant)}

    def as_digits(m: re.Match[str]) -> str:
        group = m.group()
        if any(ch.isdigit() for ch in group) and all(ch.isdigit() or ch in digits for ch in group):
            return "".join(digits.get(ch, ch) if not ch.isdigit() else ch for ch in group)
        return group

    return _GROUP.sub(as_digits, core)


def _variants(core: str, places: tuple[int, ...], table: dict[str, tuple[str, ...]]) -> list[str]:
    out = [core]
    for i in places:
        out = [c[:i] + meant + c[i + 1:] for c in out for meant in table[core[i]]]
    return out
