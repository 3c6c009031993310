"""Structured formats (DOCX, ODT, HTML): their readers yield blocks, this turns them into a Document.

A word processor or a web page already says what is a heading, a list item, a table row
or a text box, so these readers skip the layout guessing PDFs need. They only walk
their format's tree and yield `Piece`s; offsets and page starts are kept here, once,
by the same `DocumentBuilder` the text and PDF readers use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..document import BlockKind, Document, DocumentBuilder

#: Characters a word processor stores that carry no text: soft hyphen, zero-width marks.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


@dataclass(frozen=True)
class Piece:
    """One block as its format states it; `new_page` if a page break comes before it."""

    kind: BlockKind
    text: str
    level: int = 0
    bold: bool = False
    new_page: bool = False


def clean(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces -> one space per line; invisible marks dropped."""
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def build_document(pieces: Iterable[Piece], fmt: str, path: str | Path, data: bytes, sha: str,
                   encoding: str | None = None, engine: str | None = None) -> Document:
    builder = DocumentBuilder()
    builder.new_page()
    started = False
    for piece in pieces:
        text = clean(piece.text)
        if not text:
            continue
        if piece.new_page and started:
            builder.new_page()
        builder.add(piece.kind, text, piece.level, piece.bold)
        started = True
    return builder.build(format=fmt, path=path, sha256=sha, size_bytes=len(data),
                         encoding=encoding, engine=engine)


# ---------------------------------------------------------------- list numbering

_BG_LETTERS = "абвгдежзиклмнопрстуфхцчшщюя"


def roman(n: int) -> str:
    """A counter in Roman numerals (list labels "IV.", "xii)").

    >>> roman(14)
    'XIV'
    """
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int, alphabet: str) -> str:
    """1 -> a, 26 -> z, 27 -> aa (the word-processor convention: the letter repeated)."""
    k = len(alphabet)
    return alphabet[(n - 1) % k] * ((n - 1) // k + 1)


def format_number(n: int, style: str) -> str:
    """A list counter in the list's numbering style (Word and ODF names both accepted).

    >>> format_number(3, "lowerLetter"), format_number(2, "russianLower"), format_number(4, "I")
    ('c', 'б', 'IV')
    """
    if style in ("lowerLetter", "a"):
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if style in ("upperLetter", "A"):
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if style in ("lowerRoman", "i"):
        return roman(n).lower()
    if style in ("upperRoman", "I"):
        return roman(n)
    if style in ("russianLower", "а", "а, б, .., аа, аб, ... (ru)", "а, б, .., аа, бб, вв, ... (ru)"):
        return _letters(n, _BG_LETTERS)
    if style in ("russianUpper", "А", "А, Б, .., Аа, Аб, ... (ru)", "А, Б, .., Аа, Бб, Вв, ... (ru)"):
        return _letters(n, _BG_LETTERS.upper())
    if style in ("bullet", "none", ""):
        return ""
    return str(n)
