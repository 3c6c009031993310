"""Joining words split by a line or column break, without eating real hyphens.

Bulgarian typesetting breaks words with a hyphen at the line end ("вери-" / "гата").
The same glyph is also a real hyphen in compounds ("Инфра-сървис", "бизнес-модели"),
comparative forms ("по-добри", "най-вече"), abbreviations ("г-н") and codes or number
ranges ("H2020-ICT-2018-20", "2018-2019"). The decision needs the whole document:
a compound that appears elsewhere with its hyphen mid-line keeps it.

Producers set the line-end hyphen with different characters: the ASCII hyphen-minus
(LibreOffice, Word, Chromium), U+2010 HYPHEN (WeasyPrint's `hyphens: auto`) and the
soft hyphen U+00AD (a discretionary break kept in the text layer). All three go through
the same rules; the glyph a kept hyphen was drawn with is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words whose hyphen is grammatical, never typographic.
_KEEP_PREFIXES = frozenset({"по", "най", "г", "гр", "вер", "бивш", "екс", "вице", "зам", "полу"})
#: Characters a producer may end a line with when it breaks a word (see module doc).
LINE_END_HYPHENS = "-\u2010\u00ad"
_WORD_BEFORE_HYPHEN = re.compile(r"([\w\d]+)[-\u2010\u00ad]$")
_WORD_AFTER = re.compile(r"^([\w\d]+)")
_HYPHENATED_COMPOUND = re.compile(r"\b(\w+)[-\u2010](\w+)\b")
_COMPOUND_HEAD = re.compile(r"\w{2,}(?:ск|чн|лн|тн|рн|вн)о$")
_WORD = re.compile(r"\w+")


class Vocabulary:
    """A document's hyphenated compounds and words, gathered as its lines come in reading
    order (a text file's lines, or a PDF's blocks one after another), for `should_join`.

    Compounds: lower-cased 'left-right' pairs written with a hyphen inside a line. Words:
    lower-cased, without the halves of words broken at a line end ("Кит-" / "чън ..."):
    those are not words of the document, and counting them would make a broken
    capitalised word look like a two-word compound to `should_join`.

    >>> v = Vocabulary()
    >>> v.add(["Инфра-сървис и вери-"]); v.add(["гата"])
    >>> sorted(v.compounds), sorted(v.words)
    (['инфра-сървис'], ['и', 'инфра', 'сървис'])
    """

    def __init__(self) -> None:
        self._compounds: set[str] = set()
        self._words: set[str] = set()  # each distinct spelling lowered once, when asked for
        self._broken_before = False  # the last line added ended with a line-break hyphen

    def add(self, lines: Iterable[str]) -> None:
        compounds, words, broken_before = self._compounds, self._words, self._broken_before
        for text in lines:
            for line in text.splitlines():
                for m in _HYPHENATED_COMPOUND.finditer(line):
                    compounds.add(f"{m.group(1)}-{m.group(2)}".lower())
            parts, broken_before = _whole_words(text, broken_before)
            words.update(_WORD.findall(" ".join(parts)))
        self._broken_before = broken_before

    @property
    def compounds(self) -> frozenset[str]:
        return frozenset(self._compounds)

    @property
    def words(self) -> frozenset[str]:
        return frozenset({w.lower() for w in self._words})


def _whole_words(text: str, broken_before: bool) -> tuple[list[str], bool]:
    """The line's words less the halves of broken words (the first when the line before
    ended broken, the last when this one does), and whether this one does."""
    words = text.split()
    if broken_before and words:
        words = words[1:]
    broken = ends_with_hyphen(text)
    if broken and words:
        words = words[:-1]
    return words, broken


def ends_with_hyphen(text: str) -> bool:
    """Does the line end with a hyphen of any producer (`LINE_END_HYPHENS`)?

    >>> ends_with_hyphen("фир\u2010"), ends_with_hyphen("фир\u00ad"), ends_with_hyphen("фир–")
    (True, True, False)
    """
    return text[-1:] in LINE_END_HYPHENS and text[-1:] != ""


def should_join(
    left: str,
    right: str,
    compounds: frozenset[str] = frozenset(),
    words: frozenset[str] = frozenset(),
) -> bool:
    """Is the hyphen at the end of `left` a line-break hyphen to remove before `right`?

    >>> should_join("по вери-", "гата на доставките")
    True
    >>> should_join("по-добри и по-", "умни")
    False
    >>> should_join("H2020-ICT-", "2018-20")
    False
    >>> should_join("Телелинк Инфра-", "сървис", compounds=frozenset({"инфра-сървис"}))
    False
    >>> should_join("Българска търговско-", "промишлена палата")
    False
    >>> should_join("в т.ч. фир\u2010", "ми, научни"), should_join("по\u2010", "добри")
    (True, False)
    """
    left = left.rstrip()
    m = _WORD_BEFORE_HYPHEN.search(left, _last_token_start(left))
    n = _WORD_AFTER.match(right.lstrip())
    if not m or not n:
        return False
    head, tail = m.group(1), n.group(1)
    # codes and number ranges: any digit on either side, or Latin capitals (ICT, VET)
    if any(c.isdigit() for c in head + tail):
        return False
    if head.isupper() and len(head) > 1 and head.isascii():
        return False
    if not tail[0].islower():
        return False
    if head.lower() in _KEEP_PREFIXES:
        return False
    pair = f"{head}-{tail}".lower()
    if pair in compounds:
        return False
    joined = (head + tail).lower()
    if joined in words:
        return True
    # a word-initial capital before the hyphen and a known hyphenless tail suggests a name
    # compound ("Инфра-сървис" seen nowhere else still reads as two words when both halves
    # are words of the document on their own)
    if head[0].isupper() and head.lower() in words and tail.lower() in words:
        return False
    # compound adjectives join two stems with a hyphen after an adverbial -о form
    # ("търговско-промишлена", "научно-технически"); a hyphenation break leaving
    # such a long -ско/-но head is rare, so keep the hyphen unless the joined word is known
    if _COMPOUND_HEAD.search(head.lower()) and len(tail) >= 4:
        return False
    return True


def _last_token_start(text: str) -> int:
    """Where the last space-free stretch of `text` starts: a pattern anchored at the end
    that matches no space is searched from there, not from the start of a paragraph
    (`left` is the whole paragraph so far when lines are joined).

    >>> _last_token_start("по вери-"), _last_token_start("вери-")
    (3, 0)
    """
    return text.rfind(" ") + 1


def join_lines(
    lines: list[str],
    compounds: frozenset[str] = frozenset(),
    words: frozenset[str] = frozenset(),
) -> str:
    """Join the lines of one paragraph into one line, de-hyphenating where it is safe."""
    return join_lines_with_offsets(lines, compounds, words)[0]


_LAST_PART = re.compile(r"([^\W_]+)[-\u2010\u00ad]$")


def _dash_before_number(left: str, right: str) -> bool:
    """'Digiskill-Retail-' then '2022-1-DE02-...': a dash set before a code, not a compound.

    A code's own parts are capitals or digits ('H2020-ICT-' + '2018-20' stays one code);
    a word in lower case before the hyphen and a number after it means the dash ended a
    name and a space was lost at the line break.

    >>> _dash_before_number("Digiskill-Retail-", "2022-1-DE02")
    True
    >>> _dash_before_number("H2020-ICT-", "2018-20")
    False
    >>> _dash_before_number("COVID-", "19")
    False
    """
    m = _LAST_PART.search(left, _last_token_start(left))
    return bool(
        m and right[:1].isdigit() and not m.group(1).isupper() and not any(c.isdigit() for c in m.group(1))
    )


def join_lines_with_offsets(
    lines: list[str],
    compounds: frozenset[str] = frozenset(),
    words: frozenset[str] = frozenset(),
) -> tuple[str, list[int]]:
    """join_lines, plus where each input line begins in the result.

    PDF ingest needs the offsets to keep the page of every character when a paragraph
    runs over a page break. A removed hyphen moves the next line's start one to the left.

    >>> join_lines_with_offsets(["по вери-", "гата на", "доставките"])
    ('по веригата на доставките', [0, 7, 15])
    >>> join_lines_with_offsets(["поддръж\u2010", "ници и по\u2010", "добри"])
    ('поддръжници и по\u2010добри', [0, 7, 17])
    """
    out = ""
    starts: list[int] = []
    for line in lines:
        line = line.strip()
        if not line:
            starts.append(len(out))
            continue
        if not out:
            starts.append(0)
            out = line
        elif ends_with_hyphen(out) and should_join(out, line, compounds, words):
            out = out[:-1]
            starts.append(len(out))
            out += line
        elif ends_with_hyphen(out) and out[-2:-1] != " " and not _dash_before_number(out, line):
            starts.append(len(out))
            out = out + line  # a real hyphen at the line end: keep it, no space
        else:
            starts.append(len(out) + 1)
            out = out + " " + line
    return out, starts
