"""OCR words that are programme codes or the numero sign, put back in shape.

OCR reads a code letter by letter with no idea that "BG05M2OP001" has digits in some
places and letters in others, so "0" and "O", "5" and "S", "1" and "I" trade places
("BGOSM20P001"). The code's head is one of the registered prefixes of the programme
registry (data/programmes.json `code_prefixes`), so a word whose head equals a prefix
once OCR's confusable characters are treated as equal takes that prefix, and the
digit groups after it ("-5.OO1-0001") take digits. "№" has no Latin twin and comes out
as "Ne", "Me" or "N°"; before a number it is put back. The confusable classes are
in data/ocr_confusables.json.
"""

from __future__ import annotations

import re
from functools import cache

from ..rules.base import load_data
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
