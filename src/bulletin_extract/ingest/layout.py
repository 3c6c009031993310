"""Page layout -> reading-order blocks, independent of the PDF library.

A character source (pdfium, pdfplumber) only produces `Char`s and `Box`es per page in
top-down coordinates (points, y grows downwards). Everything a bulletin's layout does
to its prose is undone here, in this order, each step a small function with its
thresholds as keyword arguments:

1. chars -> lines -> segments (`build_segments`): words on one baseline, cut where a
   gap is wider than a column gutter could be narrow;
2. running headers/footers and page numbers are found ACROSS pages and removed
   (`find_furniture`) before anything else looks at the page, or a footer line would
   join the last paragraph of every page;
3. framed sidebars ("В този брой") are lifted out (`find_sidebars`);
4. columns are split at vertical whitespace gutters (`find_gutters`, `reading_order`);
5. lines become paragraphs, list items and headings (`build_blocks`), paragraphs are
   carried over column and page breaks and across an interrupting sidebar, which is
   emitted after the paragraph it interrupted;
6. words hyphenated at line, column and page ends are joined (`ingest.hyphenation`).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..document import BlockKind, DocumentBuilder
from .heading_levels import HeadingLevels
from .hyphenation import join_lines_with_offsets, known_compounds, known_words, unbroken_text


class Char(NamedTuple):
    """One glyph, or a run of glyphs drawn by one text operation (pdfium text objects).

    The layout code never assumes len(text) == 1: a run containing spaces is split
    into words with positions interpolated along its width. A named tuple, not a
    frozen dataclass: a page has thousands and a tuple is built three times faster.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    page: int = 1


@dataclass(frozen=True, slots=True)
class Box:
    """A drawn rectangle (path bounds); frames sidebars."""

    x0: float
    top: float
    x1: float
    bottom: float
    page: int = 1

    def contains(self, x0: float, top: float, x1: float, bottom: float, slack: float = 1.0) -> bool:
        return (
            x0 >= self.x0 - slack and x1 <= self.x1 + slack and top >= self.top - slack and bottom <= self.bottom + slack
        )


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


class Line:
    """Words on one baseline (a segment: not across a column gutter).

    Geometry is computed once, in one pass over the words: layout code asks for it
    many times per line, and a document has thousands of lines. `mixed` says whether
    the words differ in size (then `size` is the size of most of the text).
    """

    __slots__ = ("bold", "bottom", "mixed", "page", "size", "text", "top", "words", "x0", "x1")

    def __init__(self, words: list[Word], page: int) -> None:
        self.words, self.page = words, page
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

    def __repr__(self) -> str:
        return f"Line(p{self.page} {self.x0:.0f},{self.top:.0f} {self.text!r})"


@dataclass
class PageChars:
    """What a character source delivers for one page."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    boxes: list[Box] = field(default_factory=list)


@dataclass
class LaidBlock:
    kind: BlockKind
    lines: list[Line]
    level: int = 0
    bold: bool = False


# ---------------------------------------------------------------- chars -> lines

SPACE_RATIO = 0.18  # a gap wider than this x font size separates words (DejaVu space = 0.32 em)
SEGMENT_RATIO = 1.6  # a gap wider than this x font size may be a column gutter
BASELINE_RATIO = 0.35  # chars whose vertical centres differ less than this x size share a line


_SPACE = re.compile(r"\s")


def _split_run(c: Char) -> Iterable[Char]:
    """Split a multi-glyph run at whitespace, interpolating x positions by glyph count."""
    if not _SPACE.search(c.text):
        yield c
        return
    step = (c.x1 - c.x0) / len(c.text)
    for m in re.finditer(r"\S+", c.text):
        yield Char(m.group(), c.x0 + step * m.start(), c.x0 + step * m.end(), c.top, c.bottom, c.size, c.bold, c.page)


def group_baselines(chars: Sequence[Char], baseline_ratio: float = BASELINE_RATIO) -> list[list[Char]]:
    """Chars sharing a baseline, top to bottom (both columns of a row together)."""
    ordered = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    rows: list[list[Char]] = []
    row_mid = -math.inf
    for c in ordered:
        mid = (c.top + c.bottom) / 2
        if rows and mid - row_mid <= baseline_ratio * c.size:
            rows[-1].append(c)
        else:
            rows.append([c])
            row_mid = mid
    return rows


def build_segments(
    chars: Sequence[Char],
    space_ratio: float = SPACE_RATIO,
    segment_ratio: float = SEGMENT_RATIO,
    baseline_ratio: float = BASELINE_RATIO,
) -> list[Line]:
    """Chars -> words -> line segments: a row is cut wherever a gap could be a gutter."""
    segments: list[Line] = []
    split: list[Char] = []
    has_space = _SPACE.search
    for c in chars:  # most chars are single glyphs or words: no generator for them
        if has_space(c.text):
            split.extend(_split_run(c))
        else:
            split.append(c)
    for row in group_baselines(split, baseline_ratio):
        row.sort(key=lambda c: c.x0)
        words: list[Word] = []
        for c in row:
            w = words[-1] if words else None
            if w is not None and c.x0 - w.x1 <= space_ratio * c.size:
                w.text += c.text
                w.x1 = max(w.x1, c.x1)
                w.top, w.bottom = min(w.top, c.top), max(w.bottom, c.bottom)
                w.bold = w.bold and c.bold
                continue
            if w is not None and c.x0 - w.x1 > segment_ratio * c.size:
                segments.append(Line(words, c.page))
                words = []
            words.append(Word(c.text, c.x0, c.x1, c.top, c.bottom, c.size, c.bold, c.page))
        if words:
            segments.append(Line(words, words[0].page))
    return segments


# ---------------------------------------------------------------- running headers / footers

FURNITURE_BAND = 0.10  # top and bottom tenth of the page
FURNITURE_SHARE = 0.5  # text repeated in the band of at least half of the pages
_PAGE_NUMBER = re.compile(r"^\W*(?:(?:стр|с|page|p)\.?\s*)?\d{1,4}(?:\s*(?:/|от|of)\s*\d{1,4})?\W*$", re.I)


def furniture_key(text: str) -> str:
    """Running text with page numbers normalised: "Бюлетин 8 - стр. 3" ~ "... стр. 4"."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _in_band(line: Line, height: float, band: float) -> bool:
    return line.bottom <= band * height or line.top >= (1 - band) * height


def find_furniture(
    pages: Sequence[tuple[float, list[Line]]],
    band: float = FURNITURE_BAND,
    share: float = FURNITURE_SHARE,
) -> frozenset[str]:
    """Keys of header/footer lines: same normalised text in the band of most pages.

    One page gives no evidence of repetition; then only bare page numbers count.
    """
    seen: Counter[str] = Counter()
    for height, lines in pages:
        seen.update({furniture_key(ln.text) for ln in lines if _in_band(ln, height, band)})
    need = max(2, math.ceil(share * len(pages)))
    return frozenset(k for k, n in seen.items() if n >= need)


def remove_furniture(
    lines: list[Line], height: float, furniture: frozenset[str], band: float = FURNITURE_BAND
) -> list[Line]:
    return [
        ln
        for ln in lines
        if not (
            _in_band(ln, height, band) and (furniture_key(ln.text) in furniture or _PAGE_NUMBER.match(ln.text))
        )
    ]


# ---------------------------------------------------------------- sidebars

SIDEBAR_MIN_SIDE = 36.0  # pt; thinner paths are rules and underlines, not frames


def find_sidebars(boxes: Sequence[Box], lines: Sequence[Line], min_side: float = SIDEBAR_MIN_SIDE) -> list[Box]:
    """Frames that enclose at least two lines of text; nested frames count once."""
    frames = [
        b for b in boxes if b.x1 - b.x0 >= min_side and b.bottom - b.top >= min_side
        and sum(b.contains(ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines) >= 2
    ]
    frames.sort(key=lambda b: -(b.x1 - b.x0) * (b.bottom - b.top))
    outer: list[Box] = []
    for b in frames:
        if not any(o.contains(b.x0, b.top, b.x1, b.bottom) for o in outer):
            outer.append(b)
    return outer


def merge_row_segments(lines: Sequence[Line], baseline_ratio: float = BASELINE_RATIO) -> list[Line]:
    """Segments on one baseline -> one line (a wide justified gap, a TOC row's page number)."""
    merged: list[Line] = []
    for ln in sorted(lines, key=lambda s: ((s.top + s.bottom) / 2, s.x0)):
        prev = merged[-1] if merged else None
        if prev is not None and abs((ln.top + ln.bottom) / 2 - (prev.top + prev.bottom) / 2) <= baseline_ratio * ln.size:
            merged[-1] = Line(sorted(prev.words + ln.words, key=lambda w: w.x0), prev.page)
        else:
            merged.append(ln)  # lines are never changed in place: no copy needed
    return merged


# ---------------------------------------------------------------- columns

GUTTER_MIN = 6.0  # pt; narrower white runs are word spaces
GUTTER_NOISE = 0.1  # x positions covered by fewer than this share of the busiest position count as white


def find_gutters(lines: Sequence[Line], min_gutter: float = GUTTER_MIN, noise: float = GUTTER_NOISE) -> list[tuple[float, float]]:
    """Vertical white runs between columns, from how many lines cover each x position.

    A few lines crossing the gutter (a centred title, a full-width masthead) stay
    below `noise` and do not hide it; they are read as spanning lines.
    """
    if not lines:
        return []
    # rotated text can end left of where it starts (x1 < x0): cover from its lesser edge
    left = math.floor(min(min(ln.x0, ln.x1) for ln in lines))
    right = math.ceil(max(max(ln.x0, ln.x1) for ln in lines))
    diff = [0] * (right - left + 2)
    for ln in lines:
        diff[math.floor(min(ln.x0, ln.x1)) - left] += 1
        diff[math.ceil(max(ln.x0, ln.x1)) - left] -= 1
    cover, run = [], 0
    for d in diff[:-1]:
        run += d
        cover.append(run)
    limit = max(cover) * noise
    gutters: list[tuple[float, float]] = []
    start = None
    for x, c in enumerate(cover):
        if c <= limit and start is None:
            start = x
        elif c > limit and start is not None:
            if start > 0 and x - start >= min_gutter:
                gutters.append((left + start, left + x))
            start = None
    return gutters


@dataclass
class Region:
    """Lines read together: one column of a columnar band, or a spanning band."""

    lines: list[Line]
    column: int  # -1 for a spanning band
    x0: float
    x1: float


def reading_order(lines: Sequence[Line], gutters: Sequence[tuple[float, float]]) -> list[Region]:
    """Top-to-bottom bands; inside a columnar band, column by column."""
    def column_of(ln: Line) -> int:
        col = 0
        for g0, g1 in gutters:
            if ln.x0 < g0 - 1 and ln.x1 > g1 + 1:
                return -1
            if ln.x0 >= g1 - 1:
                col += 1
        return col

    bands: list[tuple[int, list[Line]]] = []  # (kind -1 spanning / 0 columnar, lines)
    for ln in sorted(lines, key=lambda s: (s.top, s.x0)):
        kind = -1 if column_of(ln) == -1 else 0
        if bands and bands[-1][0] == kind:
            bands[-1][1].append(ln)
        else:
            bands.append((kind, [ln]))
    regions: list[Region] = []
    for kind, band_lines in bands:
        if kind == -1:
            rows = merge_row_segments(band_lines)
            regions.append(Region(rows, -1, min(r.x0 for r in rows), max(r.x1 for r in rows)))
            continue
        for col in range(len(gutters) + 1):
            rows = merge_row_segments([ln for ln in band_lines if column_of(ln) == col])
            if rows:
                regions.append(Region(rows, col, min(r.x0 for r in rows), max(r.x1 for r in rows)))
    return regions


# ---------------------------------------------------------------- blocks

MAX_LEADING = 2.0  # baseline steps wider than this x font size are never plain line spacing
PARA_GAP = 1.25  # a baseline step this many times the usual one starts a paragraph
INDENT_RATIO = 0.6  # first-line indent of at least this x font size starts a paragraph
SIZE_STEP = 0.12  # relative size change that separates a heading from body text
HEADING_RATIO = 1.12  # larger than body by this factor -> heading
SHORT_HEADING = 80  # chars; bold or ALL-CAPS lines up to this long may be headings
GLYPH_BULLETS = frozenset("•▪◦●■")
DASH_BULLETS = frozenset({"-", "–", "—", "*"})
_TERMINAL = ".!?:;"


@dataclass
class _Flow:
    """An item of the reading flow: a line, a column/page break or a sidebar."""

    line: Line | None = None
    region: Region | None = None
    sidebar: list[Line] | None = None
    brk: bool = False


def _is_bullet(line: Line, prev: Line | None = None) -> bool:
    """A list marker opens the line. A dash only counts after a finished sentence:
    "- Иновационен мениджмънт" inside a paragraph is a dash, not an item."""
    first = line.words[0].text
    if first in GLYPH_BULLETS or (len(first) > 1 and first[0] in GLYPH_BULLETS and first[1:2].isalnum()):
        return True
    return first in DASH_BULLETS and len(line.words) > 1 and (prev is None or prev.text[-1:] in _TERMINAL)


def _strip_bullet(line: Line) -> Line:
    first = line.words[0]
    if first.text in GLYPH_BULLETS or first.text in DASH_BULLETS:
        return Line(line.words[1:], line.page) if len(line.words) > 1 else line
    if first.text[0] in GLYPH_BULLETS:
        return Line([Word(first.text[1:], *_geom(first)), *line.words[1:]], line.page)
    return line


def _geom(w: Word) -> tuple[float, float, float, float, float, bool, int]:
    return (w.x0, w.x1, w.top, w.bottom, w.size, w.bold, w.page)


def _pitch(region: Region) -> float:
    """Usual baseline step of the region as a multiple of the font size (leading)."""
    steps = [
        (b.bottom - a.bottom) / b.size
        for a, b in zip(region.lines, region.lines[1:], strict=False)
        if abs(a.size - b.size) < 0.5 and b.bottom > a.bottom and b.size > 0  # Tf 0: invisible text
    ]
    steps = [s for s in steps if s <= MAX_LEADING]  # wider steps are gaps, not leading
    return statistics.median(steps) if steps else 1.25


def _starts_block(prev: Line, line: Line, region: Region, pitch: float, current: LaidBlock) -> bool:
    """Geometry says `line` opens a new block inside one region."""
    size = max(prev.size, line.size)
    if abs(prev.size - line.size) > SIZE_STEP * size or (prev.bold != line.bold and (prev.bold or line.bold) and current.kind == "heading"):
        return True
    if line.bottom - prev.bottom > PARA_GAP * pitch * line.size:
        return True
    indent = line.x0 - region.x0
    if current.kind == "list_item":
        hang = current.lines[0].x0 - region.x0
        if abs(indent - hang) < INDENT_RATIO * line.size:
            return False  # text under the item's text, whatever it starts with
    if _is_bullet(line, prev):
        return True
    if current.kind == "list_item":
        return True
    if indent >= INDENT_RATIO * line.size and not (prev.x0 - region.x0 >= INDENT_RATIO * line.size and abs(prev.x0 - line.x0) < 1):
        return True  # indented first line (a centred run of lines keeps going)
    # no indent, no gap: a short last line that ends a sentence closes the paragraph
    return prev.text[-1:] in _TERMINAL and prev.x1 < region.x1 - 2 * line.size and line.text[:1].isupper()


def _continues_after_break(block: LaidBlock, line: Line, region: Region) -> bool:
    """Does `line`, first in a new column/page or after a sidebar, carry on `block`?"""
    last = block.lines[-1]
    if block.kind not in ("paragraph", "list_item") or _is_bullet(line, last):
        return False
    if abs(last.size - line.size) > SIZE_STEP * max(last.size, line.size):
        return False
    if line.x0 - region.x0 >= INDENT_RATIO * line.size and block.kind == "paragraph":
        return False
    tail = last.text.rstrip()
    return tail.endswith("-") or line.text[:1].islower() or tail[-1:] not in _TERMINAL


def build_blocks(flow: Sequence[_Flow]) -> list[LaidBlock]:
    """Reading flow -> blocks; sidebars wait until the paragraph they cut has ended."""
    blocks: list[LaidBlock] = []
    pending: list[LaidBlock] = []
    current: LaidBlock | None = None
    prev: Line | None = None
    region: Region | None = None
    pitch = 12.0
    broken = True

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append(current)
        blocks.extend(pending)
        pending.clear()
        current = None

    for item in flow:
        if item.region is not None:
            region, pitch, broken = item.region, _pitch(item.region), True
            continue
        if item.brk:
            broken = True
            continue
        if item.sidebar is not None:
            pending.extend(LaidBlock("sidebar", [ln], bold=ln.bold) for ln in item.sidebar)
            if current is None:
                close()
            broken = True
            continue
        line = item.line
        assert line is not None and region is not None
        if current is not None and broken:
            joins = _continues_after_break(current, line, region)
        elif current is not None and prev is not None:
            joins = not _starts_block(prev, line, region, pitch, current)
        else:
            joins = False
        broken = False
        if joins and current is not None:
            current.lines.append(line)
        else:
            close()
            if _is_bullet(line, prev):
                current = LaidBlock("list_item", [_strip_bullet(line)])
            else:
                current = LaidBlock("paragraph", [line])
        prev = line
    close()
    return blocks


def body_size(blocks: Iterable[LaidBlock]) -> float:
    weights: Counter[float] = Counter()
    for b in blocks:
        for ln in b.lines:
            if ln.mixed:
                for w in ln.words:
                    weights[round(w.size, 1)] += len(w.text)
            else:  # one size: the line's letters are its text less the joining spaces
                weights[round(ln.size, 1)] += len(ln.text) - len(ln.words) + 1
    return weights.most_common(1)[0][0] if weights else 10.0


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def classify_headings(
    blocks: list[LaidBlock], heading_ratio: float = HEADING_RATIO, short: int = SHORT_HEADING
) -> list[LaidBlock]:
    """Larger-than-body blocks, and short bold or ALL-CAPS blocks, become headings.

    Levels follow size: the largest heading size is level 1; bold or capitalised
    body-size headings come one level below the smallest larger size.
    """
    body = body_size(blocks)
    sizes = sorted(
        {round(b.lines[0].size, 1) for b in blocks if b.kind == "paragraph" and b.lines[0].size >= body * heading_ratio},
        reverse=True,
    )
    levels = HeadingLevels(sizes)
    out = []
    for b in blocks:
        if b.kind != "paragraph":
            out.append(b)
            continue
        text = " ".join(ln.text for ln in b.lines)
        size = round(b.lines[0].size, 1)
        if size >= body * heading_ratio and len(b.lines) <= 3:
            out.append(LaidBlock("heading", b.lines, levels.of(size), all(ln.bold for ln in b.lines)))
        elif len(text) <= short and len(b.lines) <= 2 and text[-1:] not in ".,;" and size >= body * 0.95 and (
            all(ln.bold for ln in b.lines) or _all_caps(text)
        ):
            out.append(LaidBlock("heading", b.lines, levels.below_sizes(), all(ln.bold for ln in b.lines)))
        else:
            b.bold = all(ln.bold for ln in b.lines)
            out.append(b)
    return out


# ---------------------------------------------------------------- the whole document


def page_flow(page: PageChars, lines: list[Line]) -> list[_Flow]:
    """One page's reading flow: regions in order, sidebars at their place in a column."""
    frames = find_sidebars([b for b in page.boxes], lines)
    inside: dict[int, list[Line]] = {i: [] for i in range(len(frames))}
    body: list[Line] = []
    for ln in lines:
        for i, f in enumerate(frames):
            if f.contains(ln.x0, ln.top, ln.x1, ln.bottom):
                inside[i].append(ln)
                break
        else:
            body.append(ln)
    flow: list[_Flow] = [_Flow(brk=True)]
    placed: set[int] = set()
    for region in reading_order(body, find_gutters(body)):
        flow.append(_Flow(region=region))
        for ln in region.lines:
            for i, f in enumerate(frames):
                if i not in placed and f.top < ln.top and f.x0 <= ln.x1 and f.x1 >= ln.x0:
                    flow.append(_Flow(sidebar=merge_row_segments(inside[i])))
                    placed.add(i)
            flow.append(_Flow(line=ln))
    for i in range(len(frames)):
        if i not in placed and inside[i]:
            flow.append(_Flow(sidebar=merge_row_segments(inside[i])))
    return flow


def segment_pages(pages: Iterable[PageChars]) -> list[tuple[PageChars, list[Line]]]:
    """Each page's characters -> line segments, page by page.

    The characters are dropped as soon as a page's lines exist: the cross-page steps
    (furniture, de-hyphenation) need only lines, and lines of words weigh a fraction of
    the glyphs, so a long PDF does not hold all its glyphs at once.
    """
    return [(replace(p, chars=[]), build_segments(p.chars)) for p in pages]


def layout_pages(pages: Iterable[PageChars]) -> list[LaidBlock]:
    """All pages -> blocks in reading order (furniture removed, headings classified)."""
    return layout_segments(segment_pages(pages))


def layout_segments(segmented: Sequence[tuple[PageChars, list[Line]]]) -> list[LaidBlock]:
    """Segmented pages -> blocks in reading order (furniture removed, headings classified)."""
    furniture = find_furniture([(p.height, lines) for p, lines in segmented])
    flow: list[_Flow] = []
    for page, lines in segmented:
        flow.extend(page_flow(page, remove_furniture(lines, page.height, furniture)))
    return classify_headings(build_blocks(flow))


def fill_builder(blocks: Sequence[LaidBlock], builder: DocumentBuilder, n_pages: int) -> list[int]:
    """Add blocks to builder; return page_starts so every character keeps its page.

    A paragraph running over a page break starts the new page in its middle, which
    DocumentBuilder.new_page cannot express, so the offsets come from the lines.
    """
    all_lines = [ln.text for b in blocks for ln in b.lines]
    compounds = known_compounds(["\n".join(all_lines)])
    words = known_words(unbroken_text(all_lines))
    first: dict[int, int] = {}
    for b in blocks:
        texts = [ln.text for ln in b.lines]
        text, starts = join_lines_with_offsets(texts, compounds, words)
        added = builder.add(b.kind, text, b.level, b.bold)
        if added is None:
            continue
        for ln, off in zip(b.lines, starts, strict=True):
            first.setdefault(ln.page, added.start + off)
            first[ln.page] = min(first[ln.page], added.start + off)
    end = len(builder.text)
    page_starts = [0] * n_pages
    nxt = end
    for p in range(n_pages, 0, -1):
        nxt = first.get(p, nxt)
        page_starts[p - 1] = nxt
    page_starts[0] = 0
    for i in range(1, n_pages):
        page_starts[i] = max(page_starts[i], page_starts[i - 1])
    return page_starts
