"""Words and lines of a laid-out page, and lines packed for the wait between pages.

A `Line` is the unit of the layout code (`ingest.layout`): words on one baseline, with
its box, size and boldness computed once. A document's lines wait twice: every page must
be read before running headers can be told apart, and every block must be built before
headings can be ranked and words broken at line ends joined by the document's own
vocabulary. A long PDF's lines as objects weigh hundreds of bytes each; `PackedLines`
keeps a page's or a block's lines as one string and two arrays, and gives back equal
`Line`s when the layout reads them again.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise
from typing import NamedTuple, overload


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int


#: Numbers a compact line keeps per word: x0, x1, top, bottom, size, bold (1.0 or 0.0).
_WORD_FIELDS = 6


class Line:
    """Words on one baseline (a segment: not across a column gutter).

    Geometry is computed once, in one pass over the words: layout code asks for it
    many times per line, and a document has thousands of lines. `mixed` says whether
    the words differ in size (then `size` is the size of most of the text).

    A line can be made compact (`compact`): its words go into one array of numbers
    (their texts are the line's text split at its single spaces) and come back as new
    `Word`s when asked for. Every page must be read before running headers can be told
    apart, and a long PDF's words as objects would weigh hundreds of MiB; compact they
    weigh a fifth. Only identity of words is lost, which nothing after a page's layout uses.
    Most lines are uniform (every word with the line's top, bottom, size and boldness):
    theirs keep only each word's x0 and x1, a third of the numbers.
    """

    __slots__ = ("_geometry", "_uniform", "_words", "bold", "bottom", "mixed", "page", "size", "text", "top",
                 "x0", "x1")

    def __init__(self, words: list[Word], page: int) -> None:
        self._words: list[Word] | None = words
        self._geometry: array | None = None
        self._uniform = False
        self.page = page
        first = words[0]
        self.x0, self.x1 = first.x0, words[-1].x1
        top, bottom, bold, size, mixed = first.top, first.bottom, first.bold, first.size, False
        for w in words:
            if w.top < top:
                top = w.top
            if w.bottom > bottom:
                bottom = w.bottom
            bold = bold and w.bold
            mixed = mixed or w.size != size
        self.top, self.bottom, self.bold, self.mixed = top, bottom, bold, mixed
        self.text = " ".join([w.text for w in words]) if len(words) > 1 else first.text
        if mixed:
            # size of most of the line's text (a bold run-in title keeps body size)
            weights: dict[float, int] = {}
            for w in words:
                weights[w.size] = weights.get(w.size, 0) + len(w.text)
            size = max(weights, key=weights.__getitem__)
        self.size = size

    @property
    def words(self) -> list[Word]:
        """The words, as objects again if the line was compact (until it is compacted again)."""
        words = self._words
        if words is None:
            words = self._words = self._unpack()
        return words

    @property
    def n_words(self) -> int:
        words = self._words
        return len(words) if words is not None else len(self._geometry or ()) // self._stride

    def compact(self) -> None:
        """Keep the words as numbers only (see the class docstring); a no-op when a word's
        text holds a space (never made by the layout). A line's words are on its page."""
        words = self._words
        if words is None:
            return
        if self._geometry is None:
            if self.text.count(" ") != len(words) - 1:
                return
            top, bottom, size, bold = self.top, self.bottom, self.size, self.bold
            self._uniform = all(w.top == top and w.bottom == bottom and w.size == size and w.bold is bold
                                for w in words)
            flat: list[float] = []
            if self._uniform:
                for w in words:
                    flat += (w.x0, w.x1)
            else:
                for w in words:
                    flat += (w.x0, w.x1, w.top, w.bottom, w.size, w.bold)
            # through struct: array.extend converts a float at a time through PyArg_Parse
            geometry = array("d")
            geometry.frombytes(struct.pack(f"{len(flat)}d", *flat))
            self._geometry = geometry
        self._words = None

    @property
    def _stride(self) -> int:
        """Numbers a compact line keeps per word: x0 and x1 when uniform, else _WORD_FIELDS."""
        return 2 if self._uniform else _WORD_FIELDS

    def _unpack(self) -> list[Word]:
        page, it = self.page, iter(self._geometry or ())
        if self._uniform:
            top, bottom, size, bold = self.top, self.bottom, self.size, self.bold
            return [Word(text, x0, x1, top, bottom, size, bold, page)
                    for text, x0, x1 in zip(self.text.split(" "), it, it, strict=True)]
        return [
            Word(text, x0, x1, top, bottom, size, bold == 1.0, page)
            for text, x0, x1, top, bottom, size, bold in zip(self.text.split(" "), it, it, it, it, it, it, strict=True)
        ]

    def word_sizes(self) -> list[tuple[float, int]]:
        """(size, letters) per word (no `Word` built for a compact line)."""
        if self._words is not None or self._geometry is None:
            return [(w.size, len(w.text)) for w in self.words]
        g = self._geometry
        if self._uniform:
            return [(self.size, len(text)) for text in self.text.split(" ")]
        return [(g[_WORD_FIELDS * k + 4], len(text)) for k, text in enumerate(self.text.split(" "))]

    def word_x(self) -> tuple[Sequence[float], Sequence[float]]:
        """The words' left and right edges (no `Word` built for a compact line)."""
        words = self._words
        if words is not None or self._geometry is None:
            return [w.x0 for w in self.words], [w.x1 for w in self.words]
        g, stride = self._geometry, self._stride
        return g[0::stride], g[1::stride]

    def word_extents(self) -> list[float]:
        """[offset of the word in `text`, x0, x1] per word, flattened (no `Word` built)."""
        if self._words is not None or self._geometry is None:
            flat: list[float] = []
            offset = 0
            for w in self.words:
                flat += (offset, w.x0, w.x1)
                offset += len(w.text) + 1
            return flat
        return _extents(self.text, self._geometry, self._stride)

    def __repr__(self) -> str:
        return f"Line(p{self.page} {self.x0:.0f},{self.top:.0f} {self.text!r})"


def _extents(text: str, geometry: Sequence[float], stride: int) -> list[float]:
    """A compact line's [offset of the word in `text`, x0, x1] per word, flattened."""
    offsets = accumulate([len(word) + 1 for word in text.split(" ")], initial=0)  # one past the last word
    return list(chain.from_iterable(zip(offsets, geometry[0::stride], geometry[1::stride], strict=False)))


#: Numbers `PackedLines` keeps per line before its words' geometry: page, x0, x1, top,
#: bottom, size, bold, mixed, uniform (see `Line.compact`).
_LINE_FIELDS = 9
_PAGE, _TOP, _BOTTOM, _SIZE, _BOLD, _MIXED, _UNIFORM = 0, 3, 4, 5, 6, 7, 8  # their places
_pack_fields = struct.Struct(f"{_LINE_FIELDS}d").pack
_unpack_fields = struct.Struct(f"{_LINE_FIELDS}d").unpack_from
_new_line = object.__new__


class PackedLines(Sequence[Line]):
    """Lines as one text and arrays of numbers; reads back as `Line`s equal to the packed ones.

    The texts are joined by newlines (a line's text never holds one: words come from
    whitespace-free glyph runs); every number a compact line holds (its box, size, page,
    flags and its words' geometry) goes into one array, and two index arrays say where
    each line's text and numbers start. The bench's 500-page PDF's ~51,000 lines weighed
    32.7 MiB as compact `Line`s (tracemalloc) and weigh 17.2 packed. A line that cannot be
    compact (a word whose text holds a space, which the layout never makes) is kept as it is.

    The cheap views (`texts`, `pages`, `sizes`, `bolds`, `tops`, `bottoms`, `word_extents`,
    `letters_by_size`) read the arrays without building a `Line`; indexing and iteration
    build new `Line`s (in compact form) each time, so identity is not kept: nothing reads a
    line's identity once its block or page is done.
    """

    __slots__ = ("_kept", "_numbers", "_starts", "_text", "_text_starts")

    def __init__(self, lines: Iterable[Line] = ()) -> None:
        texts: list[str] = []
        numbers = array("d")
        add, pack = numbers.frombytes, _pack_fields  # bytes, not a tuple: array.extend converts item by item
        starts, text_starts = array("q", [0]), array("q", [0])
        kept: dict[int, Line] = {}
        offset = 0
        for i, ln in enumerate(lines):
            ln.compact()
            geometry = ln._geometry
            text = ln.text
            if ln._words is not None or geometry is None or "\n" in text:
                kept[i] = ln
                text = ""
            else:
                add(pack(ln.page, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold, ln.mixed, ln._uniform))
                numbers.extend(geometry)
            texts.append(text)
            offset += len(text) + 1
            starts.append(len(numbers))
            text_starts.append(offset)
        self._text = "\n".join(texts)
        self._numbers, self._starts, self._text_starts = numbers, starts, text_starts
        self._kept = kept or None

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, i: int) -> Line: ...

    @overload
    def __getitem__(self, i: slice) -> list[Line]: ...

    def __getitem__(self, i: int | slice) -> Line | list[Line]:
        if isinstance(i, slice):
            return [self._line(k, self._text[self._text_starts[k]:self._text_starts[k + 1] - 1])
                    for k in range(*i.indices(len(self)))]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("line index out of range")
        return self._line(i, self._text[self._text_starts[i]:self._text_starts[i + 1] - 1])

    def __iter__(self) -> Iterator[Line]:
        return map(self._line, range(len(self)), self.texts)

    def __repr__(self) -> str:
        return f"PackedLines({len(self)} lines)"

    @property
    def texts(self) -> list[str]:
        """Each line's text, without building the lines."""
        if not len(self):
            return []
        texts = self._text.split("\n")
        for i, ln in (self._kept or {}).items():
            texts[i] = ln.text
        return texts

    def _field(self, k: int) -> list[float]:
        numbers, starts, kept = self._numbers, self._starts, self._kept
        values = [numbers[s + k] if s < e else 0.0 for s, e in pairwise(starts)]
        for i, ln in (kept or {}).items():
            values[i] = (ln.page, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold)[k]
        return values

    @property
    def tops(self) -> list[float]:
        return self._field(_TOP)

    @property
    def bottoms(self) -> list[float]:
        return self._field(_BOTTOM)

    def word_extents(self) -> Iterator[list[float]]:
        """`Line.word_extents` of each line, without building the lines."""
        numbers, starts, kept = self._numbers, self._starts, self._kept or {}
        for i, text in enumerate(self.texts):
            if i in kept:
                yield kept[i].word_extents()
                continue
            s = starts[i]
            stride = 2 if numbers[s + _UNIFORM] == 1.0 else _WORD_FIELDS
            yield _extents(text, numbers[s + _LINE_FIELDS:starts[i + 1]], stride)

    @property
    def pages(self) -> list[int]:
        return [int(p) for p in self._field(_PAGE)]

    @property
    def sizes(self) -> list[float]:
        return self._field(_SIZE)

    @property
    def bolds(self) -> list[bool]:
        return [b == 1.0 for b in self._field(_BOLD)]

    def letters_by_size(self) -> Iterator[tuple[float, int]]:
        """As `letters_by_size` of the lines, building a `Line` only where one mixes sizes."""
        numbers, starts, kept = self._numbers, self._starts, self._kept or {}
        for i, text in enumerate(self.texts):
            if i in kept:
                yield from letters_by_size([kept[i]])
            elif numbers[starts[i] + _MIXED] == 1.0:
                yield from self._line(i, text).word_sizes()
            else:  # a packed line is compact: its words are its text split at single spaces
                yield numbers[starts[i] + _SIZE], len(text) - text.count(" ")

    def _line(self, i: int, text: str) -> Line:
        kept = self._kept
        if kept is not None and i in kept:
            return kept[i]
        numbers, s = self._numbers, self._starts[i]
        page, x0, x1, top, bottom, size, bold, mixed, uniform = _unpack_fields(numbers, 8 * s)
        ln = _new_line(Line)
        ln._words = None
        ln._geometry = numbers[s + _LINE_FIELDS:self._starts[i + 1]]
        ln._uniform = uniform == 1.0
        ln.page, ln.x0, ln.x1, ln.top, ln.bottom, ln.size = int(page), x0, x1, top, bottom, size
        ln.bold, ln.mixed, ln.text = bold == 1.0, mixed == 1.0, text
        return ln


def texts_of(lines: Sequence[Line]) -> list[str]:
    """The lines' texts (packed lines give them without building a `Line`)."""
    return lines.texts if isinstance(lines, PackedLines) else [ln.text for ln in lines]


def pages_of(lines: Sequence[Line]) -> list[int]:
    return lines.pages if isinstance(lines, PackedLines) else [ln.page for ln in lines]


def sizes_of(lines: Sequence[Line]) -> list[float]:
    return lines.sizes if isinstance(lines, PackedLines) else [ln.size for ln in lines]


def bolds_of(lines: Sequence[Line]) -> list[bool]:
    return lines.bolds if isinstance(lines, PackedLines) else [ln.bold for ln in lines]


def letters_by_size(lines: Sequence[Line]) -> Iterator[tuple[float, int]]:
    """(size, letters) of the lines' text: per line, or per word where a line mixes sizes."""
    if isinstance(lines, PackedLines):
        yield from lines.letters_by_size()
        return
    for ln in lines:
        if ln.mixed:
            yield from ln.word_sizes()
        else:  # one size: the line's letters are its text less the joining spaces
            yield ln.size, len(ln.text) - ln.n_words + 1


def tops_of(lines: Sequence[Line]) -> list[float]:
    return lines.tops if isinstance(lines, PackedLines) else [ln.top for ln in lines]


def bottoms_of(lines: Sequence[Line]) -> list[float]:
    return lines.bottoms if isinstance(lines, PackedLines) else [ln.bottom for ln in lines]


def extents_of(lines: Sequence[Line]) -> Iterable[list[float]]:
    """`Line.word_extents` of each line."""
    return lines.word_extents() if isinstance(lines, PackedLines) else (ln.word_extents() for ln in lines)


class Placed(NamedTuple):
    """Where a line is, and what it says: all that running headers are found by."""

    text: str
    top: float
    bottom: float


def placed_of(lines: Sequence[Line]) -> list[Placed]:
    if isinstance(lines, PackedLines):
        return list(map(Placed, lines.texts, lines.tops, lines.bottoms))
    return [Placed(ln.text, ln.top, ln.bottom) for ln in lines]
