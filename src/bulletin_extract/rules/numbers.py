"""Bulgarian cardinal numbers written as words -> int, shared by the money and count finders.

Bulletins spell small counts out ("седем партньора", "двама членове", "двадесет и пет
юридически лица") and sometimes amounts ("два милиона лева"). The words live in
``data/number_words.json``; this module only knows the grammar that combines them:

* a group is built from at most one hundred, one ten and one unit/teen, in falling
  order, with an optional "и" before the last part ("сто двадесет и три");
* a scale word closes a group and multiplies it ("две хиляди", "два милиона"); the
  plural scales (хиляди, милиона) need a number before them, the singular ones
  (хиляда, милион) stand alone for 1000 and 1000000;
* scales fall from left to right ("два милиона и триста хиляди");
* a loose round number ("десетина", "стотина") is a whole group by itself; whether a
  phrase is loose is ``is_approximate``'s to say, so a finder can call it "about".

Anything else (two units in a row, "пет сто") is not a number and gives ``None``,
so a finder never turns word salad into a value.

>>> parse_number_words("двадесет и пет")
25
>>> parse_number_words("сто двадесет и три")
123
>>> parse_number_words("двама")
2
>>> parse_number_words("две хиляди петстотин")
2500
>>> parse_number_words("два милиона")
2000000
>>> parse_number_words("пет три") is None
True
>>> parse_number_words("стотина"), parse_number_words("десетина хиляди"), parse_number_words("сто десетина")
(100, 10000, None)
>>> parse_integer("1 500")
1500
>>> parse_integer("петима")
5
"""

from __future__ import annotations

import re
from functools import cache

from .alternation import longest_first
from .base import load_data

_DATA = load_data("number_words.json")

#: word -> (value, place): place is how large the next part of the same group may be.
#: After a unit or teen nothing may follow (place 1), after a ten only a unit (10),
#: after a hundred a ten, teen or unit (100).
_PARTS: dict[str, tuple[int, int]] = {
    **{w: (v, 1) for w, v in _DATA["units"].items()},
    **{w: (v, 1) for w, v in _DATA["teens"].items()},
    **{w: (v, 10) for w, v in _DATA["tens"].items()},
    **{w: (v, 100) for w, v in _DATA["hundreds"].items()},
    **{w: (v, 1) for w, v in _DATA["approximate"].items()},
}
#: "десетина", "стотина": a whole group on their own ("десетина хиляди", never "сто десетина").
APPROXIMATE_WORDS = frozenset(_DATA["approximate"])
_SCALES: dict[str, int] = dict(_DATA["scales"])
#: The singular scale forms may stand alone: "хиляда" is 1000, "хиляди" alone is vague.
_SINGULAR_SCALES = frozenset({"хиляда", "милион", "милиард"})
_AND = "и"

_LETTER_BOUNDARY_AFTER = r"(?![^\W\d_])"
_LETTER_BOUNDARY_BEFORE = r"(?<![^\W\d_])"


def _alternation(words: list[str]) -> str:
    """Longest first, so "петима" is not read as "пет" followed by junk (the words are lower
    case, so the tree is the same with or without re.IGNORECASE)."""
    return longest_first(words)


_WORD = f"(?:{_alternation(list(_PARTS) + list(_SCALES))}){_LETTER_BOUNDARY_AFTER}"

#: A run of number words ("двадесет и пет", "два милиона"). Compile with re.IGNORECASE:
#: a sentence may start with "Двама".
#: The letters a number word may start with, both cases: a cheap first look for finders
#: whose alternation is long.
NUMBER_WORD_INITIALS = "".join(sorted({c for w in [*_PARTS, *_SCALES] for c in (w[0], w[0].upper())}))
NUMBER_WORDS_PATTERN = (
    rf"{_LETTER_BOUNDARY_BEFORE}(?=[{NUMBER_WORD_INITIALS}]){_WORD}(?:\s+(?:{_AND}\s+)?{_WORD})*"
)

#: A whole number in digits, optionally grouped by (non-breaking, thin) spaces, optionally
#: with the personal suffix "5-ма", "5-има" ("5-ма членове" = five people).
DIGITS_PATTERN = r"(?<![\w.,/-])\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+(?![.,]\d)|(?<![\w.,/-])\d+(?![.,]\d)"
_PERSONAL_SUFFIX = r"(?:-(?:ма|има|мина))?"

#: Digits or words: what a count finder accepts as "how many".
INTEGER_PATTERN = rf"(?:(?:{DIGITS_PATTERN}){_PERSONAL_SUFFIX}|{NUMBER_WORDS_PATTERN})"

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SUFFIX = re.compile(r"-(?:ма|има|мина)$")


@cache
def parse_number_words(phrase: str) -> int | None:
    """The value of a Bulgarian number phrase, or None if the words do not form a number."""
    tokens = _SPACES.split(phrase.strip().lower())
    if not tokens or tokens[0] == _AND or tokens[-1] == _AND:
        return None
    total = 0
    group = 0
    group_started = False
    limit = 1000  # the next part of the group must be smaller than this
    last_scale = 10**12
    previous_was_and = False
    for token in tokens:
        if token == _AND:
            if previous_was_and:
                return None
            previous_was_and = True
            continue
        previous_was_and = False
        if token in _SCALES:
            scale = _SCALES[token]
            if scale >= last_scale:
                return None
            if not group_started:
                if token not in _SINGULAR_SCALES:
                    return None
                group = 1
            total += group * scale
            group, group_started, limit, last_scale = 0, False, 1000, scale
            continue
        part = _PARTS.get(token)
        if part is None:
            return None
        value, place = part
        if group_started and (value == 0 or value >= limit or token in APPROXIMATE_WORDS):
            return None
        group += value
        group_started = True
        limit = place
    return total + group


def parse_integer(token: str) -> int | None:
    """A count written in digits ("1 500", "5-ма") or words ("петима"); None if neither."""
    cleaned = _SUFFIX.sub("", _SPACES.sub("", token))
    if cleaned.isdigit():
        return int(cleaned)
    return parse_number_words(token)


def is_approximate(phrase: str) -> bool:
    """True when a number phrase is said loosely ("стотина", "десетина хиляди").

    >>> is_approximate("стотина"), is_approximate("сто")
    (True, False)
    """
    return any(token in APPROXIMATE_WORDS for token in _SPACES.split(phrase.strip().lower()))
