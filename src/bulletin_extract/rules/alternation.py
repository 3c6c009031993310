"""One regex for a list of literal words, longest first: the policy every finder's word list uses.

A word list becomes an alternation in which a longer form wins over its own prefix
(``ЕСФ+`` over ``ЕСФ``, ``участниците`` over ``участници``). Written as ``a|b|c...`` with
the longest first, Python's ``re`` tries every alternative at every position it reaches:
with a thousand given names that is a thousand comparisons per word of the text.

:func:`longest_first` writes the same alternation as a letter tree (``Иван(?:ка|)|Мария``):
one comparison per letter. It matches exactly what the flat list matches, and backtracks
into the same forms in the same order, because

* two forms that differ at some letter can never both match at one position, so their
  relative order never matters; only forms that are prefixes of one another compete;
* of those, the tree tries the longer continuation before ending the shorter form
  (the empty alternative comes last), just as the flat list tries the longer form first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

try:  # re's own case folding (CPython 3.11+), so the index agrees with IGNORECASE letter for letter
    from _sre import unicode_tolower as _tolower  # type: ignore[import-not-found]
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
except ImportError:  # another Python: str.lower, which differs only on rare letters ("ſ", "K")
    def _tolower(code: int) -> int:
        return ord(chr(code).lower()[0])

    _EXTRA_CASES = {}


#: A node of the letter tree: next letter -> child node, and under the key ``_END`` what
#: follows a form that ends here (the regex written after it, "" for nothing). Plain dicts,
#: rendered leaves-up in one pass: the trees of every word list are built at start-up.
_Node = dict[str, Any]
_END = ""  # never a letter: every other key is one character


def longest_first(
    words: Iterable[str],
    *,
    ignore_case: bool = False,
    space: str | None = None,
    after: Callable[[str], str] | None = None,
) -> str:
    """A regex alternation (no outer group) of ``words``, as if longest first, as a letter tree.

    ``ignore_case``: the pattern will run under ``re.IGNORECASE`` (letters that differ only
    in case share a branch). ``space``: what a space inside a form becomes (``r"\\s+"``:
    "any run of whitespace"); by default a literal space. ``after``: a regex to write right
    after each form (a word-boundary look-ahead), as the flat list ``form + after(form)``.

    >>> longest_first(["ЕСФ", "ЕСФ+", "ЕФРР"])
    'Е(?:СФ(?:\\\\+|)|ФРР)'
    >>> longest_first(["по-малко от", "по"], space=r"\\s+")
    'по(?:\\\\-малко\\\\s+от|)'
    >>> re.fullmatch(longest_first(["среща", "СРЕЩИ"], ignore_case=True), "Срещи", re.IGNORECASE) is not None
    True
    """
    tree: _Node = {}
    for word in set(words):
        node = tree
        for char in map(fold, word) if ignore_case else word:
            child = node.get(char)
            if child is None:
                child = node[char] = {}
            node = child
        end = after(word) if after else ""
        if node.get(_END, end) != end:
            raise ValueError(f"{word!r}: forms equal but for case must be followed alike")
        node[_END] = end
    return _render(tree, {}, space)[0]


def initials(words: Iterable[str]) -> str:
    """The first letters of ``words`` as a class body (escaped): a cheap look-ahead that lets
    the regex engine pass over most places before it tries a long alternation there.

    >>> initials(["лв.", "евро", "EUR"])
    'Eел'
    """
    return "".join(re.escape(c) for c in sorted({w[0] for w in words if w}))


def _render(node: _Node, tokens: dict[str, str], space: str | None) -> tuple[str, int]:
    """The node's regex and the length of its longest form below it, leaves up (each node once).

    Siblings are ordered longest form first, then by letter: only forms that are prefixes
    of one another compete, so the order among siblings only keeps the output stable.
    ``tokens`` remembers each letter's escape (a few dozen letters, thousands of edges)."""
    rendered = []
    end = None
    for key, child in node.items():
        if key == _END:
            end = child
            continue
        pattern, depth = _render(child, tokens, space)
        token = tokens.get(key)
        if token is None:
            token = tokens[key] = _token(key, space)
        rendered.append((-depth - 1, key, token + pattern))
    rendered.sort()
    parts = [part for _, _, part in rendered]
    if end is not None:
        parts.append(end)  # the shorter form is tried after every longer one
    depth = -rendered[0][0] if rendered else 0
    if len(parts) == 1:
        return parts[0], depth
    return "(?:" + "|".join(parts) + ")", depth


def _token(char: str, space: str | None) -> str:
    if char == " " and space is not None:
        return space
    return re.escape(char)


@cache
def fold(char: str) -> str:
    """One letter for every letter ``re.IGNORECASE`` matches alike ("О", "о" -> "о"; "ſ" -> "s").

    >>> fold("Ц"), fold("s") == fold("ſ"), fold("7")
    ('ц', True, '7')
    """
    lower = _tolower(ord(char))  # the simple case mapping re uses ("İ" -> "i")
    return chr(min((lower, *_EXTRA_CASES.get(lower, ()))))


class InitialIndex:
    """``finditer`` of one long alternation that tries, at each place, only the alternatives
    whose first letter stands there.

    ``alternatives``: (first letter, pattern, ignores case) in the order of the flat
    alternation. ``wrap(alternation)`` is the whole pattern; it must begin with ``gate`` (a
    zero-width test, e.g. a look-behind) and then the alternation itself, so a match starts
    at an alternative's first letter. The matches are exactly those of
    ``re.compile(wrap("|".join(patterns))).finditer(text)``: a match can only start where
    the gate holds and one of the first letters stands, and there only alternatives with
    that letter can match, in their own order. One pass of a letter-class scan in C
    replaces trying every alternative at every word.

    >>> index = InitialIndex([("О", "(?i:ОП[ ]Регионы)", True), ("П", "ПОС", False), ("О", "ОП", False)],
    ...                      wrap=lambda alt: rf"(?<!\\w)(?:{alt})(?!\\w)", gate=r"(?<!\\w)")
    >>> [m.group() for m in index.finditer("по оп регионы, ОП и ПОС")]
    ['оп регионы', 'ОП', 'ПОС']
    """

    def __init__(self, alternatives: list[tuple[str, str, bool]], *, wrap: Callable[[str], str], gate: str) -> None:
        buckets: dict[str, list[str]] = {}
        for first, pattern, _ignore_case in alternatives:
            buckets.setdefault(fold(first), []).append(pattern)
        self._buckets = {key: re.compile(wrap("|".join(patterns))) for key, patterns in buckets.items()}
        self._by_letter: dict[str, re.Pattern[str] | None] = {}
        folded = "".join(sorted({first for first, _, ignore_case in alternatives if ignore_case}))
        exact = "".join(sorted({first for first, _, ignore_case in alternatives if not ignore_case}))
        letters = [f"(?i:[{re.escape(folded)}])"] if folded else []
        letters += [f"[{re.escape(exact)}]"] if exact else []
        self._candidates = re.compile(f"{gate}(?={'|'.join(letters) or '(?!)'})")

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        resume = 0
        by_letter = self._by_letter
        for candidate in self._candidates.finditer(text):
            pos = candidate.start()
            if pos < resume:
                continue
            letter = text[pos]
            if letter not in by_letter:  # a few dozen letters: fold each once
                by_letter[letter] = self._buckets.get(fold(letter))
            regex = by_letter[letter]
            match = regex.match(text, pos) if regex is not None else None
            if match is not None:
                resume = match.end() if match.end() > pos else pos + 1
                yield match
