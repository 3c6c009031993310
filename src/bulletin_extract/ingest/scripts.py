"""OCR words put back into one script (Latin or Cyrillic).

Tesseract reading `bul+eng` picks per character between models, so a Bulgarian word can
come out with a Latin "о" in it ("прoект"), the preposition "по" as Latin "no", and a
programme code as "ВG16RFOP002" with a Cyrillic "В". Every later rule matches words in
one script, so such a word is repaired here: a word mixing scripts takes the script of
most of its letters; a word made only of look-alike letters takes the script of the
other words on its line. Look-alikes come from data/ocr_confusables.json.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from ..rules.base import load_data


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(Latin -> Cyrillic same shape, Cyrillic -> Latin same shape, Latin -> Cyrillic incl. OCR-only)."""
    data = load_data("ocr_confusables.json")
    same: dict[str, str] = data["same_shape"]
    return same, {v: k for k, v in same.items()}, {**same, **data["ocr_only"]}


def script(ch: str) -> str | None:
    """'latin', 'cyrillic' or None (digits, punctuation)."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return None


def _counts(word: str) -> tuple[int, int]:
    scripts = [script(ch) for ch in word]
    return scripts.count("latin"), scripts.count("cyrillic")


def _convert(word: str, table: dict[str, str], source: str) -> str | None:
    """The word with its `source`-script letters mapped through `table`, or None if one has no twin."""
    out = []
    for ch in word:
        if script(ch) == source:
            if ch not in table:
                return None
            out.append(table[ch])
        else:
            out.append(ch)
    return "".join(out)


def fix_word(word: str, line_script: str | None) -> str:
    """One word in one script.

    >>> fix_word("прoект", "cyrillic"), fix_word("ВG16RFOP002", "latin"), fix_word("no", "cyrillic")
    ('проект', 'BG16RFOP002', 'по')
    >>> fix_word("COSME", "cyrillic"), fix_word("no", "latin"), fix_word("H2020", "cyrillic")
    ('COSME', 'no', 'H2020')
    """
    to_cyr, to_lat, to_cyr_ocr = _tables()
    latin, cyrillic = _counts(word)
    if latin and cyrillic:
        if cyrillic >= latin:
            return _convert(word, to_cyr, "latin") or word
        return _convert(word, to_lat, "cyrillic") or word
    if latin and line_script == "cyrillic" and not any(ch.isdigit() for ch in word):  # H2020 stays a code
        return _convert(word, to_cyr_ocr, "latin") or word
    return word


def fix_line(words: list[str]) -> list[str]:
    """A line's words, each repaired in the light of the line's other words.

    >>> fix_line(["сдружението", "no", "ЗЮЛНЦ."])
    ['сдружението', 'по', 'ЗЮЛНЦ.']
    """
    latin, cyrillic = 0, 0
    for w in words:
        a, b = _counts(w)
        latin, cyrillic = latin + a, cyrillic + b
    out = []
    for w in words:
        a, b = _counts(w)
        rest_latin, rest_cyr = latin - a, cyrillic - b
        line = "cyrillic" if rest_cyr > 2 * rest_latin else ("latin" if rest_latin > 2 * rest_cyr else None)
        out.append(fix_word(w, line))
    return out
