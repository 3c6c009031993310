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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class _Node:
    """A node of the letter tree: the next letters, and what follows a form that ends here."""

    children: dict[str, _Node] = field(default_factory=dict)
    end: str | None = None  # None: no form ends here; else the regex written after it ("" for nothing)

    def depth(self) -> int:
        """Length of the longest form below this node (only orders siblings, which never compete)."""
        return max((1 + child.depth() for child in self.children.values()), default=0)


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
    tree = _Node()
    for word in set(words):
        node = tree
        for char in word:
            key = char.lower() if ignore_case and len(char.lower()) == 1 else char
            node = node.children.setdefault(key, _Node())
        end = after(word) if after else ""
        if node.end is not None and node.end != end:
            raise ValueError(f"{word!r}: forms equal but for case must be followed alike")
        node.end = end
    return _render(tree, space)


def _render(node: _Node, space: str | None) -> str:
    ordered = sorted(node.children.items(), key=lambda item: (-item[1].depth(), item[0]))
    parts = [_token(key, space) + _render(child, space) for key, child in ordered]
    if node.end is not None:
        parts.append(node.end)  # the shorter form is tried after every longer one
    if len(parts) == 1:
        return parts[0]
    return "(?:" + "|".join(parts) + ")"


def _token(char: str, space: str | None) -> str:
    if char == " " and space is not None:
        return space
    return re.escape(char)
