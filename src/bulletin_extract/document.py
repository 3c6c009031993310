"""The document every ingester produces and every later stage reads.

Ingest turns a file (PDF or text) into one normalised string plus structure hints:
blocks (heading / paragraph / list item / sidebar) with character ranges and the page
each character came from. Later stages only see this, never the PDF library.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from .models import LineBox, ProblemNote

BlockKind = Literal["heading", "paragraph", "list_item", "sidebar", "table_row"]


@dataclass(frozen=True)
class Block:
    """A run of text with a layout role; start/end index into Document.text."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0  # heading level (1 = top); 0 for non-headings
    bold: bool = False  # whole block set in bold (PDF) or **…** (markdown)


@dataclass(frozen=True)
class PageBox:
    """Where a line of text is drawn: 1-based page, bounds in PDF points.

    The origin is the page's top-left corner with y growing downwards (as pdfplumber
    and the HTML report draw), not PDF user space's bottom-left.
    """

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class LineSpan:
    """One PDF line's place in Document.text and on its page.

    `words` holds, for each word of the line, its first character (relative to `start`)
    and its left and right x, flattened (an array: a long PDF has tens of thousands of
    lines), so a mention's box covers its own words, not the whole line.
    """

    start: int
    end: int
    page: int
    top: float
    bottom: float
    words: array  # [offset, x0, x1] * n_words, as floats

    def box(self, start: int, end: int) -> LineBox:
        """The box of the characters [start, end) (document offsets) of this line; inside
        a word the x is interpolated by character count ("(КСГЗ)" -> "КСГЗ")."""
        return _line_box(self.words, 0, len(self.words), self.start, self.end, self.page, self.top, self.bottom,
                         start, end)


def _line_box(w: array, first: int, stop: int, line_start: int, line_end: int, page: int, top: float,
              bottom: float, start: int, end: int) -> LineBox:
    """`LineSpan.box` of the line whose words are w[first:stop] ([offset, x0, x1] each):
    `LineSpans.boxes_at` reads them in place, without making the line's `LineSpan`."""
    lo, hi = start - line_start, end - line_start
    left = right = None
    for k in range(first, stop, 3):
        off, x0, x1 = w[k], w[k + 1], w[k + 2]
        if off >= hi:
            break  # the words are in text order: none further on is in the span
        size = (w[k + 3] - 1 if k + 3 < stop else line_end - line_start) - off
        if off + size <= lo:
            continue
        per_char = (x1 - x0) / size if size > 0 else 0.0
        if left is None:
            left = x0 + per_char * max(0.0, lo - off)
        right = x1 - per_char * max(0.0, off + size - hi)
    if left is None or right is None:
        if stop <= first:  # as w[1] of an empty array did: every line has a word
            raise IndexError("a PDF line without words")
        left, right = w[first + 1], w[stop - 1]
    return LineBox(page=page, x0=round(left, 2), top=round(top, 2), x1=round(right, 2), bottom=round(bottom, 2))


class LineSpans:
    """Every PDF line of the text, in text order: `LineSpan`s kept column by column.

    A 500-page PDF has ~50,000 lines; as objects (a span, its word array, its floats and
    ints) they weighed ~300 bytes each, in eight arrays ~130 (mostly the words' own
    numbers), and they are held from ingest to the last mention written. A `LineSpan`
    is made again, with the same numbers, when a line is asked for.
    """

    __slots__ = ("_bottoms", "_ends", "_pages", "_starts", "_tops", "_word_ends", "_words")

    def __init__(self, spans: Iterable[LineSpan] = ()) -> None:
        self._starts, self._ends, self._pages = array("q"), array("q"), array("l")
        self._tops, self._bottoms = array("d"), array("d")
        self._word_ends = array("q")  # line i's words are _words[_word_ends[i - 1]:_word_ends[i]]
        self._words = array("f")  # [offset, x0, x1] per word, as LineSpan.words
        self.extend(spans)

    def append(self, span: LineSpan) -> None:
        self._starts.append(span.start)
        self._ends.append(span.end)
        self._pages.append(span.page)
        self._tops.append(span.top)
        self._bottoms.append(span.bottom)
        self._words.extend(span.words)
        self._word_ends.append(len(self._words))

    def extend(self, spans: Iterable[LineSpan]) -> None:
        for span in spans:
            self.append(span)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, i: int) -> LineSpan:
        if i < 0:
            i += len(self)
        first = self._word_ends[i - 1] if i else 0
        return LineSpan(self._starts[i], self._ends[i], self._pages[i], self._tops[i], self._bottoms[i],
                        self._words[first : self._word_ends[i]])

    def __iter__(self) -> Iterator[LineSpan]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LineSpans):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        return f"LineSpans({len(self)} lines)"

    def boxes_at(self, start: int, end: int) -> list[LineBox]:
        """The boxes of the lines the text [start, end) runs over, one per line."""
        starts, ends, word_ends = self._starts, self._ends, self._word_ends
        i = max(0, bisect.bisect_right(starts, start) - 1)
        out = []
        while i < len(starts) and starts[i] < end:
            if ends[i] > start:
                out.append(_line_box(self._words, word_ends[i - 1] if i else 0, word_ends[i], starts[i], ends[i],
                                     self._pages[i], self._tops[i], self._bottoms[i], start, end))
            i += 1
        return out


@dataclass(frozen=True)
class FurnitureLine:
    """A running header, footer or page number set apart from the reading flow."""

    text: str
    box: PageBox


@dataclass
class Document:
    text: str
    blocks: list[Block]
    page_starts: list[int]  # page_starts[i] = offset where page i+1 begins
    format: Literal["pdf", "txt", "md", "docx", "odt", "html", "image"]
    path: str
    sha256: str
    size_bytes: int
    encoding: str | None = None
    engine: str | None = None
    warnings: list[ProblemNote] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages read by OCR
    #: per OCR'd page, its words' (text, confidence 0..1), for the mentions' confidence
    ocr_words: dict[int, list[tuple[str, float]]] = field(default_factory=dict)
    furniture: list[FurnitureLine] = field(default_factory=list)  # PDF only: lines not in `text`
    lines: LineSpans = field(default_factory=LineSpans)  # PDF only: every line of `text`, in text order

    def boxes_at(self, start: int, end: int) -> list[LineBox]:
        """The boxes of the PDF lines the text [start, end) runs over (none for text input)."""
        return self.lines.boxes_at(start, end)

    @cached_property
    def block_starts(self) -> list[int]:
        """Start offsets of the blocks (in text order), for bisection."""
        return [b.start for b in self.blocks]

    @property
    def pages(self) -> int:
        return len(self.page_starts)

    def page_at(self, offset: int) -> int:
        """1-based page of the character at offset."""
        if not self.page_starts:
            return 1
        return max(1, bisect.bisect_right(self.page_starts, offset))


class DocumentBuilder:
    """Accumulates blocks into one text, keeping offsets and page starts exact.

    Blocks are separated by a blank line (consecutive list items and table rows by a
    single newline), so paragraph boundaries survive in the normalised text.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self.blocks: list[Block] = []
        self.page_starts: list[int] = []
        self._pending_pages = 0
        self._last_kind: BlockKind | None = None

    def new_page(self) -> None:
        """The next block added begins a new page (empty pages still count)."""
        self._pending_pages += 1

    def _separator(self, kind: BlockKind) -> str:
        if not self._len:
            return ""
        if kind in ("list_item", "table_row") and self._last_kind == kind:
            return "\n"
        return "\n\n"

    def add(self, kind: BlockKind, text: str, level: int = 0, bold: bool = False) -> Block | None:
        text = text.strip()
        if not text:
            return None
        sep = self._separator(kind)
        self._parts.append(sep)
        self._len += len(sep)
        self._flush_pages()
        block = Block(kind, self._len, self._len + len(text), level, bold)
        self._parts.append(text)
        self._len += len(text)
        self.blocks.append(block)
        self._last_kind = kind
        return block

    def _flush_pages(self) -> None:
        self.page_starts.extend([self._len] * self._pending_pages)
        self._pending_pages = 0

    @property
    def length(self) -> int:
        """len(self.text), without joining the parts."""
        return self._len

    @property
    def text(self) -> str:
        if len(self._parts) > 1:  # joined once: the parts become the one string (appends go on after it)
            self._parts[:] = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def finish_pages(self) -> list[int]:
        """Page starts, with trailing empty pages placed at the end of the text."""
        self._flush_pages()
        return self.page_starts

    def build(self, *, format: str, path: str | Path, sha256: str, size_bytes: int,
              page_starts: list[int] | None = None, **extra: Any) -> Document:
        """The Document of the blocks added so far: every ingester's last step.

        `page_starts` replaces the builder's own when the reader knows better (a PDF
        paragraph running over a page break starts the page in its middle); `extra`
        are the Document's optional fields (encoding, engine, warnings, ...).
        """
        return Document(
            text=self.text,
            blocks=self.blocks,
            page_starts=self.finish_pages() if page_starts is None else page_starts,
            format=format,  # type: ignore[arg-type]
            path=str(path),
            sha256=sha256,
            size_bytes=size_bytes,
            **extra,
        )
