"""Lay mentions out over the text as a tree of highlight spans, one section at a time.

HTML elements must nest, but mentions need not: a programme name can contain a
code, and an organisation found by the gazetteer can cross a date the rules found.
So the text is cut into paragraphs and every mention becomes one *primary* span
(the first piece, the one a reviewer focuses and records link to) plus, where it
crosses a paragraph or another span's end, *continuation* pieces drawn alike but
not counted, focused or linked. One mention, one highlight, whatever the overlap.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import FurnitureLine, Mention, Section

#: A blank line separates blocks in the normalised text (see document.DocumentBuilder).
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

#: A section's first paragraph reads as its heading only when it is this short.
HEADING_MAX_CHARS = 160


@dataclass
class Span:
    """One highlighted piece of a mention, with what nests inside it."""

    mention: Mention
    start: int
    end: int
    primary: bool
    children: list[Node] = field(default_factory=list)


Node = str | Span


@dataclass
class Paragraph:
    start: int
    end: int
    nodes: list[Node]


@dataclass
class SectionView:
    """A run of text from one section start to the next, ready to render."""

    index: int | None  # index into bulletin.sections; None for text before the first
    title: str
    level: int
    page: int | None
    start: int
    end: int
    heading: Paragraph | None  # the first paragraph when it *is* the heading
    paragraphs: list[Paragraph]


def paragraph_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank [start, end) runs of text between blank lines."""
    ranges: list[tuple[int, int]] = []
    pos = start
    for brk in PARAGRAPH_BREAK.finditer(text, start, end):
        ranges.append((pos, brk.start()))
        pos = brk.end()
    ranges.append((pos, end))
    return [(a, b) for a, b in ranges if text[a:b].strip()]


def layout_range(
    text: str, mentions: Sequence[Mention], start: int, end: int, placed: set[int] | None = None
) -> list[Node]:
    """The text in [start, end) with every mention that touches it as nested spans.

    `placed` holds the id()s of mentions whose primary span is already out (in an
    earlier paragraph); it is updated, so a mention is primary exactly once.

    >>> from bulletin_extract.models import Mention, CountValue
    >>> m = Mention(kind="count", text="25 партньора", start=3, end=15, source="rule",
    ...             confidence=0.9, value=CountValue(partners=25))
    >>> nodes = layout_range("с  25 партньора", [m], 0, 15)
    >>> nodes[0], nodes[1].mention.text, nodes[1].children
    ('с  ', '25 партньора', ['25 партньора'])
    """
    placed = set() if placed is None else placed
    pieces: list[tuple[int, int, int, Mention]] = []  # (start, -end, order, mention): a heap
    for order, m in enumerate(mentions):
        a, b = max(m.start, start), min(m.end, end)
        if a < b:
            heapq.heappush(pieces, (a, -b, order, m))
    root = Span(mention=None, start=start, end=end, primary=False)  # type: ignore[arg-type]
    stack: list[Span] = [root]
    spans: list[tuple[Span, Span]] = []  # (parent, child) in document order
    while pieces:
        a, neg_b, order, m = heapq.heappop(pieces)
        b = -neg_b
        while stack[-1] is not root and stack[-1].end <= a:
            stack.pop()
        parent = stack[-1]
        if b > parent.end:
            # Crosses the end of the span it starts in: keep what fits, defer the rest.
            heapq.heappush(pieces, (parent.end, -b, order, m))
            b = parent.end
        span = Span(mention=m, start=a, end=b, primary=id(m) not in placed)
        placed.add(id(m))
        spans.append((parent, span))
        stack.append(span)
    for parent, span in spans:
        parent.children.append(span)
    _fill_text(text, root)
    return root.children


def _fill_text(text: str, span: Span) -> None:
    """Interleave the plain text between a span's child spans."""
    nodes: list[Node] = []
    pos = span.start
    for child in span.children:
        assert isinstance(child, Span)
        if child.start > pos:
            nodes.append(text[pos : child.start])
        _fill_text(text, child)
        nodes.append(child)
        pos = child.end
    if pos < span.end:
        nodes.append(text[pos : span.end])
    span.children = nodes


def section_views(text: str, sections: Sequence[Section], mentions: Sequence[Mention]) -> list[SectionView]:
    """Cut the text at every section start (sections nest, the views do not)."""
    starts: dict[int, int] = {}
    for i, s in enumerate(sections):
        if s.start < len(text):
            # At a shared start the deepest section names the run (it is listed last).
            starts[s.start] = i
    cuts = sorted(starts)
    views: list[SectionView] = []
    if not cuts or cuts[0] > 0:
        first_end = cuts[0] if cuts else len(text)
        if text[:first_end].strip():
            views.append(SectionView(None, "", 1, 1 if text else None, 0, first_end, None, []))
    for n, cut in enumerate(cuts):
        s = sections[starts[cut]]
        end = cuts[n + 1] if n + 1 < len(cuts) else len(text)
        views.append(SectionView(starts[cut], s.title, s.level, s.page, cut, end, None, []))
    by_start = sorted(mentions, key=lambda m: m.start)
    placed: set[int] = set()
    for view in views:
        inside = [m for m in by_start if m.start < view.end and m.end > view.start]
        paragraphs = [
            Paragraph(a, b, layout_range(text, inside, a, b, placed))
            for a, b in paragraph_ranges(text, view.start, view.end)
        ]
        if paragraphs and view.index is not None and _is_heading(text, paragraphs[0], view.title):
            view.heading = paragraphs.pop(0)
        view.paragraphs = paragraphs
    return views


def _is_heading(text: str, paragraph: Paragraph, title: str) -> bool:
    line = text[paragraph.start : paragraph.end].strip()
    return len(line) <= HEADING_MAX_CHARS and bool(title) and line.startswith(title.strip())


@dataclass
class FurnitureView:
    """A running header/footer line that carries facts, its mentions highlighted."""

    page: int
    nodes: list[Node]


def furniture_views(lines: Sequence[FurnitureLine], mentions: Sequence[Mention]) -> list[FurnitureView]:
    """The furniture lines with mentions (whose offsets index the line), in line order.

    Lines without a fact (page numbers, a repeated title) are only counted by the page:
    showing the same header on every page would bury the text under it.
    """
    by_line: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.furniture is not None and m.furniture < len(lines):
            by_line.setdefault(m.furniture, []).append(m)
    return [
        FurnitureView(lines[i].box.page, layout_range(lines[i].text, found, 0, len(lines[i].text)))
        for i, found in sorted(by_line.items())
    ]
