"""OCR words that are a Bulgarian month name read in Latin letters, put back.

In a date such as "от 1 до 6 Май, 2022 г." the English model may win the month: "Mau",
its "й" (like "и") read as "u". The word is then in no script repair's reach (`scripts.fix_word`
keeps a Latin word with a letter that has no Cyrillic twin), and the date finder sees no
month. A month name is one of a closed list (data/months.json) and in a date it stands
next to a number, so a Latin word of a Cyrillic line that maps onto a month name through
the look-alike letters (data/ocr_confusables.json `same_shape`, `ocr_only`, `month_only`;
"й" compared as "и") and has a number beside it is that month. Nothing else is touched:
no other word of a line, no month name without a number beside it.
"""

from __future__ import annotations

from functools import cache

from ..rules.base import load_data
from .scripts import script

_CLOSING = ".,;:)"


def _fold(word: str) -> str:
    return word.lower().replace("й", "и")


@cache
def _month_names() -> dict[str, str]:
    """Folded month name -> the name (full names only: an abbreviation is too short to tell)."""
    return {_fold(name): name for month in load_data("months.json")["months"] for name in month["names"]}


@cache
def _latin_to_cyrillic() -> dict[str, str]:
    data = load_data("ocr_confusables.json")
    return {**data["same_shape"], **data["ocr_only"], **data["month_only"]}


def _as_month(word: str) -> str | None:
    table = _latin_to_cyrillic()
    if not word or any(script(ch) != "latin" for ch in word):
        return None
    mapped = [table.get(ch, table.get(ch.lower())) for ch in word]
    if None in mapped:
        return None
    name = _month_names().get(_fold("".join(mapped)))  # type: ignore[arg-type]
    if name is None:
        return None
    return name.capitalize() if word[0].isupper() else name


def _is_number(word: str) -> bool:
    core = word.strip(_CLOSING + "(")
    return bool(core) and core.isdigit()


def repair_month(words: list[str]) -> list[str]:
    """A line's words with a month name read in Latin letters put back, where the line is
    Cyrillic and a number stands beside it.

    >>> repair_month(["от", "1", "до", "6", "Mau,", "2022", "г."])
    ['от', '1', 'до', '6', 'Май,', '2022', 'г.']
    >>> repair_month(["Mau", "Tai"]), repair_month(["on", "6", "Mau"])
    (['Mau', 'Tai'], ['on', '6', 'Mau'])
    """
    cyrillic = sum(1 for w in words for ch in w if script(ch) == "cyrillic")
    latin = sum(1 for w in words for ch in w if script(ch) == "latin")
    if cyrillic <= latin:
        return words
    out = list(words)
    for i, w in enumerate(words):
        core = w.rstrip(_CLOSING)
        month = _as_month(core)
        if month is None:
            continue
        beside = [words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)]
        if any(_is_number(b) for b in beside):
            out[i] = month + w[len(core):]
    return out
