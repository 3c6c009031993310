"""Page layout -> reading-order blocks, independent of the PDF library.

A character source (pdfium, pdfplumber) only produces `Char`s and `Box`es per page in
top-down coordinates (points, y grows downwards). Everything a bulletin's layout does
to its prose is undone here, in this order, each step a small function with its
thresholds as keyword arguments:

1. chars -> lines -> segments (`build_segments`): words on one baseline, cut where a
   gap is wider than a column gutter could be narrow;
2. running headers/footers and page numbers are found ACROSS pages and set apart
   (`ingest.furniture`) before anything else looks at the page, or a footer line would
   join the last paragraph of every page; they are kept as the document's furniture;
3. ruled tables are read cell by cell, a row's cells together (`ingest.tables`), and
   framed sidebars ("В този брой") are lifted out (`find_sidebars`);
4. columns are split at vertical whitespace gutters: wide ones between segments
   (`find_gutters`), narrow ones through them (`ingest.columns`), per horizontal band
   when a one-column part hides them (`column_bands`); then `reading_order`;
5. lines become paragraphs, list items (bullets, numbered entries) and headings
   (`build_blocks`), paragraphs are carried over column and page breaks and across an
   interrupting sidebar, which is emitted after the paragraph it interrupted;
6. words hyphenated at line, column and page ends are joined (`ingest.hyphenation`),
   and every line's place in the text and on its page is kept (`fill_builder`).
"""

from __future__ import annotations

import math
import re
import statistics
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, pairwise
from typing import Any, Literal, NamedTuple, TypeVar

import numpy as np

from ..document import BlockKind, Document, DocumentBuilder, FurnitureLine, LineSpan, LineSpans, PageBox
from ..heap import give_back
from ..models import ProblemNote
from .columns import GUTTER_ROWS, column_index, find_narrow_gutters, split_words_at, white_runs
from .footnotes import split_footnotes
from .furniture import FURNITURE_CODE, FurnitureKey, find_furniture, is_furniture
from .heading_levels import HeadingLevels
from .hyphenation import Vocabulary, ends_with_hyphen, join_lines_with_offsets
from .lines import (
    Line,
    PackedLines,
    Word,
    bolds_of,
    bottoms_of,
    extents_of,
    letters_by_size,
    pages_of,
    placed_of,
    sizes_of,
    texts_of,
    tops_of,
)
from .superscripts import without_footnote_marks
from .tables import Table, find_aligned_tables, find_tables


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
    """A block in reading order; its `lines` are a list while it grows, `PackedLines` once it is done."""

    kind: BlockKind
    lines: Sequence[Line]
    level: int = 0
    bold: bool = False
    hang: float | None = None  # list entries: the x their text starts at
    cells: list[int] | None = None  # table rows: how many of `lines` each cell has, left to right
    cell_right: list[float] | None = None  # table rows: the right edge of each of those cells


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
    if not has_space("".join([c.text for c in chars])):  # the usual page: glyphs or words only
        split = list(chars)
    else:
        for c in chars:
            if has_space(c.text):
                split.extend(_split_run(c))
            else:
                split.append(c)
    for row in group_baselines(split, baseline_ratio):
        row.sort(key=lambda c: c.x0)
        row = without_footnote_marks(row)
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


def remove_furniture(lines: list[Line], height: float, furniture: dict[FurnitureKey, float]) -> list[Line]:
    """The page's lines less its running headers/footers (`ingest.furniture`)."""
    return [ln for ln in lines if not is_furniture(ln, height, furniture)]


# ---------------------------------------------------------------- sidebars

SIDEBAR_MIN_SIDE = 36.0  # pt; thinner paths are rules and underlines, not frames


def find_sidebars(boxes: Sequence[Box], lines: Sequence[Line], min_side: float = SIDEBAR_MIN_SIDE) -> list[Box]:
    """Frames that enclose at least two lines of text; nested frames count once.

    A frame around every line of the page (a page background, a border round the whole
    text) sets nothing apart: it is decoration, and the frames inside it are the sidebars.
    """
    frames = []
    for b in boxes:
        if b.x1 - b.x0 >= min_side and b.bottom - b.top >= min_side:
            inside = sum(b.contains(ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines)
            if 2 <= inside < len(lines):
                frames.append(b)
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
        if prev is not None and abs((ln.top + ln.bottom) / 2 - (prev.top + prev.bottom) / 2) <= baseline_ratio * ln.size \
                and not (ln.text.startswith(_TABLE_MARK) or prev.text.startswith(_TABLE_MARK)):
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
    x0 = np.fromiter((ln.x0 for ln in lines), dtype=np.float64, count=len(lines))
    x1 = np.fromiter((ln.x1 for ln in lines), dtype=np.float64, count=len(lines))
    return white_runs(x0, x1, min_gutter, noise, step=1.0)


def split_columns(lines: list[Line]) -> tuple[list[Line], list[tuple[float, float]]]:
    """Lines cut at every gutter, and the gutters: wide ones between segments or, on a
    page without them, narrow ones running through segments (`ingest.columns`)."""
    wide = find_gutters(lines)
    if wide:
        return lines, wide
    narrow = find_narrow_gutters(lines)
    return (split_columns_at(lines, narrow), narrow) if narrow else (lines, narrow)


BAND_GAP = 0.8  # x font size: a white band this tall across the page may part two layouts


def horizontal_bands(lines: Sequence[Line], gap: float = BAND_GAP) -> list[list[Line]]:
    """Lines cut into bands at horizontal white stripes that cross the whole page (the
    horizontal cut of an XY-cut): a one-column introduction above two columns, say."""
    bands: list[list[Line]] = []
    bottom = -math.inf
    for ln in sorted(lines, key=lambda s: s.top):
        if bands and ln.top - bottom <= gap * ln.size:
            bands[-1].append(ln)
        else:
            bands.append([ln])
        bottom = max(bottom, ln.bottom) if len(bands[-1]) > 1 else ln.bottom
    return bands


def _may_have_columns(lines: Sequence[Line]) -> bool:
    """Cheap test before looking for gutters in a band: enough rows for a narrow gutter,
    or two segments side by side on one row (a wide one)."""
    if len(lines) >= GUTTER_ROWS:
        return True
    rows = sorted(lines, key=lambda ln: ln.top + ln.bottom)
    return any(abs(b.top + b.bottom - a.top - a.bottom) / 2 <= BASELINE_RATIO * b.size for a, b in pairwise(rows))


def _fits(lines: Sequence[Line], gutters: Sequence[tuple[float, float]]) -> bool:
    """No word of the lines lies in a gutter: they can be read in those columns."""
    return bool(gutters) and not any(
        w.x0 < g1 and w.x1 > g0 for ln in lines for w in ln.words for g0, g1 in gutters
    )


def column_bands(lines: list[Line]) -> list[tuple[list[Line], list[tuple[float, float]]]]:
    """The page's lines as bands, each with its own column gutters.

    Columns are looked for on the whole page first. A page where none show may still
    have them in part of it (the lines of a one-column part cross the gutter and hide
    it), so it is cut into horizontal bands and each band is looked at on its own; a
    band whose words all keep out of a neighbour's gutters joins that neighbour (a
    stripe that happens to cross both columns does not cut them).
    """
    whole, gutters = split_columns(lines)
    if gutters or len(lines) < 2:
        return [(whole, gutters)]
    bands = horizontal_bands(lines)
    if len(bands) < 2:
        return [(whole, gutters)]
    found = [split_columns(b) if _may_have_columns(b) else (b, []) for b in bands]
    if not any(cols for _, cols in found):
        return [(whole, gutters)]
    merged: list[tuple[list[Line], list[tuple[float, float]]]] = []
    for band, (split, cols) in zip(bands, found, strict=True):
        if merged and not cols and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + split, cols)  # one column running on
        elif merged and not cols and _fits(band, merged[-1][1]):
            merged[-1] = (merged[-1][0] + split_columns_at(band, merged[-1][1]), merged[-1][1])
        elif merged and cols and not merged[-1][1] and _fits(merged[-1][0], cols):
            merged[-1] = (split_columns_at(merged[-1][0], cols) + split, cols)
        elif merged and cols and cols == merged[-1][1]:
            merged[-1] = (merged[-1][0] + split, cols)
        else:
            merged.append((split, cols))
    return merged


def split_columns_at(lines: Sequence[Line], gutters: Sequence[tuple[float, float]]) -> list[Line]:
    """Lines cut where they run through one of the gutters."""
    out: list[Line] = []
    for ln in lines:
        if any(ln.x0 < g0 and ln.x1 > g1 for g0, g1 in gutters):
            out.extend(Line(part, ln.page) for part in split_words_at(ln.words, gutters))
        else:
            out.append(ln)
    return out


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
        return column_index(ln.x0, ln.x1, gutters)

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
#: Bullet glyphs as Unicode sets them; Word and LibreOffice draw theirs from Symbol or
#: Wingdings, which text layers report in the Private Use Area (U+F0B7, U+F0A7, U+F076...).
GLYPH_BULLETS = frozenset("•▪◦●■□○◆◇►▸▶➢➤✓✔∙")
DASH_BULLETS = frozenset({"-", "–", "—", "*"})
#: Enumerators that open a numbered entry ("1." stays in the text: sections and records
#: are numbered by it) or a lettered/bracketed item ("а)", "2)", "(3)": the marker goes,
#: as a text file's "1)" does).
NUMBERED_ENTRY_MARK = re.compile(r"^\d{1,2}\.$")
ITEM_MARK = re.compile(r"^(?:\d{1,2}\)|\(\d{1,2}\)|[а-яa-z]\)|[IVX]{1,4}\.)$")
_TERMINAL = ".!?:;"
_NUMBER_DOT_END = re.compile(r"\d\.$")  # "... до 11.11." : the year may follow on the next line
_LETTER_ITEM = re.compile(r"[a-zа-я][.)]\s")  # "a. разширяване ...", "б) ...": a lettered item, not a sentence going on

Marker = Literal["bullet", "numbered", "item"]


def _is_bullet_glyph(ch: str) -> bool:
    return ch in GLYPH_BULLETS or "\ue000" <= ch <= "\uf8ff"


@dataclass
class _Flow:
    """An item of the reading flow: a line, a column/page break or a sidebar."""

    line: Line | None = None
    region: Region | None = None
    sidebar: list[Line] | None = None
    notes: list[list[Line]] | None = None  # the page's footnotes, each its lines
    table: list[LaidBlock] | None = None
    brk: bool = False


def _marker(line: Line, prev: Line | None = None) -> Marker | None:
    """The list marker opening the line, if any.

    A dash or an enumerator only counts after a finished sentence (or a colon):
    "- Иновационен мениджмънт" inside a paragraph is a dash, and a sentence wrapped
    before "2." ("... в брой" / "2. ...") is not an item.
    """
    words = line.text.split(" ")  # a word's text holds no space: cheaper than the Word objects
    first = words[0]
    if _is_bullet_glyph(first[0]) and (len(first) == 1 or first[1:2].isalnum()):
        return "bullet"
    if len(words) < 2 or (prev is not None and prev.text[-1:] not in _TERMINAL):
        return None
    if first in DASH_BULLETS:
        return "bullet"
    if NUMBERED_ENTRY_MARK.match(first):
        return "numbered"
    if not ITEM_MARK.match(first) or _runs_inline(first, line, prev):
        return None
    return "item"


_ENUMERATOR = re.compile(r"^(\(?)(\d{1,2}|[а-яa-z])(\))$")


def _neighbour_enumerator(mark: str, step: int) -> str | None:
    """'3)' -> '4)' (step 1) or '2)' (step -1); 'б)' -> 'в)'; None for Roman numerals."""
    m = _ENUMERATOR.match(mark)
    if m is None:
        return None
    open_, value, close = m.groups()
    if value.isdigit():
        n = int(value) + step
        return f"{open_}{n}{close}" if n > 0 else None
    return f"{open_}{chr(ord(value) + step)}{close}"


def _runs_inline(mark: str, line: Line, prev: Line | None) -> bool:
    """Is a line-initial '3)' one enumerator of a sentence's inline enumeration?

    "... събития: 1) ITAP; 2) ЕССР;" / "3) АМЕС - посещения; 4) Програма ...": when the
    line holds the next enumerator inside it, or the line before holds the previous one
    inside it, the enumeration runs in the text and the wrap before "3)" is a line end
    like any other. A list puts each enumerator at the start of its own entry.
    """
    following, preceding = _neighbour_enumerator(mark, 1), _neighbour_enumerator(mark, -1)
    if following is not None and following in line.text.split(" ")[1:]:
        return True
    return prev is not None and preceding is not None and preceding in prev.text.split(" ")[1:]


def _is_bullet(line: Line, prev: Line | None = None) -> bool:
    return _marker(line, prev) is not None


def _strip_bullet(line: Line) -> Line:
    """The line without its bullet glyph or item marker."""
    first = line.words[0]
    if len(first.text) > 1 and _is_bullet_glyph(first.text[0]):
        return Line([Word(first.text[1:], *_geom(first)), *line.words[1:]], line.page)
    return Line(line.words[1:], line.page) if len(line.words) > 1 else line


def _open_item(line: Line, marker: Marker) -> LaidBlock:
    """A list entry; `hang` is where its text starts, under which its next lines run."""
    if marker == "numbered":
        return LaidBlock("paragraph", [line], hang=line.words[1].x0)
    item = _strip_bullet(line)
    return LaidBlock("list_item", [item], hang=item.x0)


def _geom(w: Word) -> tuple[float, float, float, float, float, bool, int]:
    return (w.x0, w.x1, w.top, w.bottom, w.size, w.bold, w.page)


def _pitch(region: Region) -> float:
    """Usual baseline step of the region as a multiple of the font size (leading)."""
    steps = [
        (b.bottom - a.bottom) / b.size
        for a, b in zip(region.lines, region.lines[1:], strict=False)
        if abs(a.size - b.size) < 0.5 and b.bottom > a.bottom and b.size > 0  # size 0: glyphs drawn invisibly small
    ]
    steps = [s for s in steps if s <= MAX_LEADING]  # wider steps are gaps, not leading
    return statistics.median(steps) if steps else 1.25


def _starts_block(prev: Line, line: Line, region: Region, pitch: float, current: LaidBlock) -> bool:
    """Geometry says `line` opens a new block inside one region."""
    size = max(prev.size, line.size)
    if abs(prev.size - line.size) > SIZE_STEP * size or (prev.bold != line.bold and (prev.bold or line.bold) and current.kind == "heading"):
        return True
    if _word_broken_before(prev, line):
        return False  # the rest of a broken word is on this line, however far below (a float between)
    if line.bottom - prev.bottom > PARA_GAP * pitch * line.size:
        return True
    indent = line.x0 - region.x0
    if current.hang is not None and abs(line.x0 - current.hang) < INDENT_RATIO * line.size:
        return False  # text under the item's text, whatever it starts with
    if _is_bullet(line, prev):
        return True
    if current.kind == "list_item":
        # not under the item's text: the list ended, unless the line plainly goes on with the
        # item's sentence (an item typed as "5) ..." wraps back to the margin): it starts in
        # lower case (not as a lettered item "a. ..."), or it is the rest of a number or date
        # broken after a dot ("11.11." / "2022")
        goes_on = line.text[:1].islower() and not _LETTER_ITEM.match(line.text)
        return not (goes_on or (line.text[:1].isdigit() and _NUMBER_DOT_END.search(prev.text)))
    # a numbered entry ("1." kept) whose next lines run back under its marker or to the
    # column's edge (an indented first line) reads on like any paragraph
    if indent >= INDENT_RATIO * line.size and not (prev.x0 - region.x0 >= INDENT_RATIO * line.size and abs(prev.x0 - line.x0) < 1):
        return True  # indented first line (a centred run of lines keeps going)
    # no indent, no gap: a short last line that ends a sentence closes the paragraph
    return prev.text[-1:] in _TERMINAL and prev.x1 < region.x1 - 2 * line.size and line.text[:1].isupper()


def _word_broken_before(prev: Line, line: Line) -> bool:
    """Does `prev` end in a word broken at a line-end hyphen that `line` finishes?

    'вери-' / 'гата на доставките': a letter before the hyphen, a lower-case letter
    after it. No paragraph ends inside a word.
    """
    return ends_with_hyphen(prev.text) and prev.text[-2:-1].isalpha() and line.text[:1].islower()


def _continues_after_break(block: LaidBlock, line: Line, region: Region) -> bool:
    """Does `line`, first in a new column/page or after a sidebar, carry on `block`?"""
    last = block.lines[-1]
    if block.kind not in ("paragraph", "list_item") or _is_bullet(line, last):
        return False
    if abs(last.size - line.size) > SIZE_STEP * max(last.size, line.size):
        return False
    under_item = block.hang is not None and abs(line.x0 - block.hang) < INDENT_RATIO * line.size
    if line.x0 - region.x0 >= INDENT_RATIO * line.size and block.kind == "paragraph" and not under_item:
        return False
    tail = last.text.rstrip()
    return ends_with_hyphen(tail) or line.text[:1].islower() or tail[-1:] not in _TERMINAL


def build_blocks(flow: Iterable[_Flow]) -> list[LaidBlock]:
    """Reading flow -> blocks; sidebars and footnotes wait until the paragraph they cut has ended."""
    blocks: list[LaidBlock] = []
    pending: list[LaidBlock] = []
    current: LaidBlock | None = None
    prev: Line | None = None
    region: Region | None = None
    pitch = 12.0
    broken = True

    def close() -> None:
        nonlocal current
        done = len(blocks)
        if current is not None:
            blocks.append(current)
        blocks.extend(pending)
        pending.clear()
        current = None
        for b in blocks[done:]:  # a finished block's lines wait packed for the whole document
            b.lines = PackedLines(b.lines)

    for item in flow:
        if item.region is not None:
            region, pitch, broken = item.region, _pitch(item.region), True
            continue
        if item.brk:
            broken = True
            continue
        if item.table is not None:
            close()
            for b in item.table:
                b.lines = PackedLines(b.lines)
            blocks.extend(item.table)
            broken = True
            continue
        if item.sidebar is not None or item.notes is not None:
            pending.extend(LaidBlock("sidebar", [ln], bold=ln.bold) for ln in item.sidebar or ())
            pending.extend(LaidBlock("paragraph", note) for note in item.notes or ())
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
            assert isinstance(current.lines, list)  # packed only once closed
            current.lines.append(line)
        else:
            close()
            marker = _marker(line)  # the line opens a block: a marker needs no finished sentence before it
            if marker is not None:
                current = _open_item(line, marker)
            else:
                current = LaidBlock("paragraph", [line])
        prev = line
    close()
    return blocks


def body_size(blocks: Iterable[LaidBlock]) -> float:
    weights: Counter[float] = Counter()
    for b in blocks:
        for size, letters in letters_by_size(b.lines):
            weights[round(size, 1)] += letters
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
    firsts = [sizes_of(b.lines)[0] for b in blocks if b.kind == "paragraph"]
    sizes = sorted({round(size, 1) for size in firsts if size >= body * heading_ratio}, reverse=True)
    levels = HeadingLevels(sizes)
    out = []
    for b in blocks:
        if b.kind != "paragraph":
            out.append(b)
            continue
        text = " ".join(texts_of(b.lines))
        size = round(sizes_of(b.lines)[0], 1)
        bold = all(bolds_of(b.lines))
        if size >= body * heading_ratio and len(b.lines) <= 3:
            out.append(LaidBlock("heading", b.lines, levels.of(size), bold))
        elif len(text) <= short and len(b.lines) <= 2 and text[-1:] not in ".,;" and size >= body * 0.95 and (
            bold or _all_caps(text)
        ):
            out.append(LaidBlock("heading", b.lines, levels.below_sizes(), bold))
        else:
            b.bold = bold
            out.append(b)
    return out


# ---------------------------------------------------------------- the whole document


TABLE_STRAY_SHARE = 0.1  # a table with more of its words outside every cell is left to the column logic
_TABLE_MARK = "\uffff"  # text of the stand-in line a table occupies in the reading order


def _table_rows(table: Table, lines: Sequence[Line]) -> list[LaidBlock]:
    """A table's lines cut at its cell rules -> one block per row, cells left to right.

    A segment may run over a cell rule (the gap between cells is narrower than a gutter),
    so words, not lines, are put in cells, each by its centre.
    """
    rows: list[LaidBlock] = []
    for row in table.rows:
        cells: list[list[Line]] = [[] for _ in row]
        for ln in lines:
            mid = (ln.top + ln.bottom) / 2
            for i, cell in enumerate(row):
                words = [w for w in ln.words if cell.holds((w.x0 + w.x1) / 2, mid)]
                if words:
                    cells[i].append(Line(words, ln.page))
        right = [cell.x1 for cell, c in zip(row, cells, strict=True) if c]
        cells = [c for c in cells if c]
        if cells:
            rows.append(LaidBlock("table_row", [ln for c in cells for ln in c], cells=[len(c) for c in cells],
                                  cell_right=right))
    held = {id(w) for b in rows for ln in b.lines for w in ln.words}
    stray = [Line(ws, ln.page) for ln in lines if (ws := [w for w in ln.words if id(w) not in held])]
    rows.extend(LaidBlock("paragraph", [ln]) for ln in stray)  # inside the frame, outside every cell
    return rows


def _stand_in(index: int, table: Table, page: int, size: float) -> Line:
    return Line([Word(f"{_TABLE_MARK}{index}", table.x0, table.x1, table.top, table.bottom, size, False, page)], page)


def _centre_in(table: Table, ln: Line) -> bool:
    return table.holds((ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2)


def unruled_tables(lines: list[Line]) -> tuple[list[Table], list[Line]]:
    """Tables without rules (`find_aligned_tables`), each within one text column.

    Set in one of two columns, a table shares its baselines with the other column's
    lines: across the page each of its rows has a line of the other column beside it,
    and the gutter lines up like the gap between two cells, so what shows there is the
    table and the column beside it read as one grid, or nothing. So each column of a
    columnar band (`column_bands`) is searched on its own too, and a table found across
    the page that overlaps one found inside a column gives way to it. A band that a table
    found across the page holds whole is that table (the gaps between its cells are the
    band's only "gutters") and is not searched by column. Inside a column the lines of
    running text are single segments, so a column's cells may fill it (a narrow column's
    cells wrap because they are full): the fill test of prose set in columns is not made
    there. Where a table is found inside a column, the lines come back cut at the column
    gutters, so that none holds words of both columns.
    """
    across = find_aligned_tables(lines)
    bands = column_bands(lines) if lines else []
    searched = [(band, gutters) for band, gutters in bands
                if gutters and not any(all(_centre_in(t, ln) for ln in band) for t in across)]
    in_columns = [t for band, gutters in searched for col in range(len(gutters) + 1)
                  for t in find_aligned_tables([ln for ln in band if column_index(ln.x0, ln.x1, gutters) == col], max_fill=1.0)]
    if not in_columns:
        return across, lines
    across = [t for t in across if not any(_overlap(t, c) for c in in_columns)]
    held = [ln for ln in lines if any(_centre_in(t, ln) for t in across)]
    cut = [ln for band, _ in bands for ln in band if not any(_centre_in(t, ln) for t in across)]
    return across + in_columns, held + cut


def _overlap(a: Table, b: Table) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def page_flow(page: PageChars, lines: list[Line]) -> list[_Flow]:
    """One page's reading flow: regions in order, tables and sidebars at their place in a column.

    A table (ruled, or aligned without rules) enters the column logic as one stand-in line as wide and tall as the
    table, so it is read where it stands (in its column, or as a spanning band).
    """
    tables = find_tables(page.boxes) if len(page.boxes) >= 3 else []
    in_table: dict[int, list[Line]] = {i: [] for i in range(len(tables))}
    rest: list[Line] = [] if tables else lines
    for ln in lines if tables else ():
        mid = (ln.top + ln.bottom) / 2
        t = next((i for i, t in enumerate(tables) if t.holds((ln.x0 + ln.x1) / 2, mid)), None)
        (in_table[t] if t is not None else rest).append(ln)
    for i, held in list(in_table.items()):
        cells = [c for row in tables[i].rows for c in row]
        words = [((w.x0 + w.x1) / 2, (ln.top + ln.bottom) / 2) for ln in held for w in ln.words]
        outside = sum(not any(c.holds(x, y) for c in cells) for x, y in words)
        if outside > TABLE_STRAY_SHARE * len(words):
            rest += in_table.pop(i)  # much text outside every cell: not a grid we can read by cells
    aligned, rest = unruled_tables(rest)
    for table in aligned:  # tables without rules, read by the same virtual cells
        held = [ln for ln in rest if table.holds((ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2)]
        if held:
            in_table[len(tables)] = held
            tables.append(table)
            rest = [ln for ln in rest if all(ln is not h for h in held)]
    frames = find_sidebars(page.boxes, rest)
    inside: dict[int, list[Line]] = {i: [] for i in range(len(frames))}
    body: list[Line] = []
    for ln in rest:
        for i, f in enumerate(frames):
            if f.contains(ln.x0, ln.top, ln.x1, ln.bottom):
                inside[i].append(ln)
                break
        else:
            body.append(ln)
    body, notes = split_footnotes(body, page.height)
    body += [_stand_in(i, tables[i], page.number, held[0].size) for i, held in in_table.items() if held]
    regions = [r for band, gutters in column_bands(body) for r in reading_order(band, gutters)]
    flow: list[_Flow] = [_Flow(brk=True)]
    placed: set[int] = set()
    for region in regions:
        flow.append(_Flow(region=region))
        for ln in region.lines:
            for i, f in enumerate(frames):
                if i not in placed and f.top < ln.top and f.x0 <= ln.x1 and f.x1 >= ln.x0:
                    flow.append(_Flow(sidebar=merge_row_segments(inside[i])))
                    placed.add(i)
            if ln.text.startswith(_TABLE_MARK):
                index = int(ln.text[1:])
                flow.append(_Flow(table=_table_rows(tables[index], in_table[index])))
            else:
                flow.append(_Flow(line=ln))
    for i in range(len(frames)):
        if i not in placed and inside[i]:
            flow.append(_Flow(sidebar=merge_row_segments(inside[i])))
    if notes:
        flow.append(_Flow(notes=notes))
    return flow


def segment_pages(pages: Iterable[PageChars]) -> list[tuple[PageChars, Sequence[Line]]]:
    """Each page's characters -> line segments, packed, page by page.

    A page's characters are dropped, and its lines packed (`PackedLines`), before the
    next page is read: the running headers need every page before any page can be laid
    out, and packed lines (text, boxes, sizes, bold) weigh a fraction of the glyphs and
    word objects, so a long PDF never holds more than one page of them.
    """
    return [(replace(p, chars=[]), PackedLines(build_segments(p.chars))) for p in pages]


def layout_pages(pages: Iterable[PageChars]) -> list[LaidBlock]:
    """All pages -> blocks in reading order (furniture removed, headings classified)."""
    return lay_out(segment_pages(pages)).blocks


@dataclass
class Layout:
    """A document's reading flow, and the running lines set apart from it."""

    blocks: list[LaidBlock]
    furniture: list[Line]


T = TypeVar("T")


def _taken(items: list[T]) -> Iterator[T]:
    """The items in order, each dropped from the list as it is taken (the list ends empty)."""
    items.reverse()
    while items:
        yield items.pop()


def lay_out(segmented: list[tuple[PageChars, Sequence[Line]]]) -> Layout:
    """Segmented pages -> blocks in reading order, headings classified, furniture apart.

    `segmented` is emptied page by page as the pages are laid out: a page's lines are
    objects only while it is laid out, and packed again in their blocks when those end.
    """
    running = find_furniture([(p.height, placed_of(lines)) for p, lines in segmented])
    furniture: list[Line] = []

    def flow() -> Iterator[_Flow]:
        for page, lines in _taken(segmented):
            body: list[Line] = []
            for ln in lines:
                (furniture if running and is_furniture(ln, page.height, running) else body).append(ln)
            del lines
            yield from page_flow(page, body)

    blocks = build_blocks(flow())
    return Layout(classify_headings(blocks), furniture)


def laid_out_document(
    segmented: list[tuple[PageChars, Sequence[Line]]],
    warnings: Sequence[ProblemNote],
    *,
    check_text: Callable[[str], ProblemNote | None] | None = None,
    **fields: Any,
) -> Document:
    """Segmented pages -> the Document: text, blocks, page starts, line boxes, and running
    lines kept apart as furniture with their warning. Every PDF reader (text layer, OCR,
    both) ends here, so a page read either way is laid out alike.

    `check_text` judges the finished text before the Document is made (the garbled-layer
    check: it may raise, or give a warning placed before the furniture warning);
    `fields` are the Document's own (format, path, sha256, size_bytes, engine, ...).

    Memory: the lines are the largest thing ingest holds, and they wait twice, packed
    (`PackedLines`): every page's for the running headers, then every block's for the
    heading ranks and the document's vocabulary. `segmented` is emptied page by page as
    the pages are laid out, and the blocks are let go of one by one as the text grows,
    so the text is built in the memory the lines held.
    """
    n_pages = len(segmented)
    laid = lay_out(segmented)
    builder = DocumentBuilder()
    lines = LineSpans()
    page_starts = fill_builder(laid.blocks, builder, n_pages, lines, release=True)
    furniture = furniture_lines(laid)
    del laid  # the text and line spans hold all later stages read: the lines go before the check
    give_back()  # what the lines held, before the text's parts are joined (heap.py)
    notes = list(warnings)
    judged = check_text(builder.text) if check_text is not None else None
    if judged is not None:
        notes.append(judged)
    return builder.build(page_starts=page_starts, lines=lines, furniture=furniture,
                         warnings=[*notes, *furniture_warning(furniture)], **fields)


def furniture_lines(laid: Layout) -> list[FurnitureLine]:
    return [FurnitureLine(ln.text, PageBox(ln.page, ln.x0, ln.top, ln.x1, ln.bottom)) for ln in laid.furniture]


def furniture_warning(furniture: Sequence[FurnitureLine]) -> list[ProblemNote]:
    """Running lines are never dropped silently: one warning says how many were set apart.

    The message names no path: batch runs read a temporary copy of the file."""
    if not furniture:
        return []
    pages = sorted({f.box.page for f in furniture})
    return [ProblemNote(
        code=FURNITURE_CODE,
        message=f"{len(furniture)} running header/footer lines on {len(pages)} pages kept apart "
        "from the text (repeated at the same place on at least half of the pages)",
        stage="ingest",
        page=pages[0],
    )]


CELL_SEPARATOR = " | "  # as a text file's markdown table row reads


#: between two entries of one table cell ("Прозрачност. Отчетност"): a sentence end, which
#: no name, date or amount runs over; not "; ", which joins names into a list
ENTRY_SEPARATOR = ". "
#: a word space, as a share of the font size, for "would the word have fit on the line above"
SPACE_WIDTH = 0.3
#: a cell's text keeps this far (x font size) from its right edge: more than any producer's padding
CELL_PADDING = 1.0


def cell_entries(lines: Sequence[Line], cell_right: float | None = None) -> list[list[Line]]:
    """A table cell's lines (top to bottom) grouped into the entries the cell lists.

    A cell often holds several short entries, one per line ("Подобряване на услугите" /
    "Повече прозрачност"); joined like wrapped text they read as one phrase, and a name
    finder takes the phrase across the break for one name. A line is wrapped text when
    its first word could not fit at the end of the line above, inside the cell (its right
    edge less `CELL_PADDING`, or its widest line); a line whose capitalised first word would
    have fit there was broken on purpose: it starts a new entry.
    """
    right = max(ln.x1 for ln in lines)
    if cell_right is not None:
        right = max(right, cell_right - CELL_PADDING * max(ln.size for ln in lines))
    entries = [[lines[0]]]
    for prev, line in pairwise(lines):
        if _starts_entry(prev, line, right):
            entries.append([line])
        else:
            entries[-1].append(line)
    return entries


def _starts_entry(prev: Line, line: Line, right: float) -> bool:
    if not line.text[:1].isupper() or line.top < prev.top + 0.5 * line.size:
        return False
    tail = prev.text.rstrip()
    if ends_with_hyphen(tail) or tail.endswith(","):
        return False
    extents = line.word_extents()  # [offset, x0, x1] of each word
    return prev.x1 + SPACE_WIDTH * line.size + (extents[2] - extents[1]) <= right + 1.0


def _joined(parts: Iterable[tuple[str, list[int]]], separator: Callable[[str], str]) -> tuple[str, list[int]]:
    """Texts with their lines' offsets -> one text and the offsets in it;
    `separator(text so far)` goes between two parts."""
    text, starts = "", []
    for part, offsets in parts:
        sep = separator(text) if text else ""
        base = len(text) + len(sep)
        text += sep + part
        starts += [base + o for o in offsets]
    return text, starts


def _entry_separator(text: str) -> str:
    return " " if text[-1] in _TERMINAL else ENTRY_SEPARATOR


def _cell_text(lines: Sequence[Line], cell_right: float | None, compounds: frozenset[str],
               words: frozenset[str]) -> tuple[str, list[int]]:
    """A table cell's text: each entry's lines joined as wrapped text, entries apart."""
    return _joined((join_lines_with_offsets([ln.text for ln in entry], compounds, words)
                    for entry in cell_entries(lines, cell_right)), _entry_separator)


def _block_text(b: LaidBlock, compounds: frozenset[str], words: frozenset[str]) -> tuple[str, list[int]]:
    """A block's text and where each of its lines starts in it; a table row's cells apart."""
    if not b.cells:
        return join_lines_with_offsets(texts_of(b.lines), compounds, words)
    ends = list(accumulate(b.cells))
    rights: Sequence[float | None] = b.cell_right or [None] * len(b.cells)
    return _joined((_cell_text(b.lines[end - n : end], right, compounds, words)
                    for n, end, right in zip(b.cells, ends, rights, strict=True)), lambda _: CELL_SEPARATOR)


def _line_spans(lines: Sequence[Line], starts: Sequence[int], end: int) -> list[LineSpan]:
    """Each line's [start, end) in the text (up to the next line's start) and word boxes."""
    spans = []
    last = len(starts) - 1
    columns = zip(texts_of(lines), pages_of(lines), tops_of(lines), bottoms_of(lines), extents_of(lines), strict=True)
    for i, (text, page, top, bottom, extents) in enumerate(columns):
        start = starts[i]
        stop = min(start + len(text), starts[i + 1] if i < last else end)
        spans.append(LineSpan(start, stop if stop > start else start, page, top, bottom, array("f", extents)))
    return spans


def fill_builder(
    blocks: Sequence[LaidBlock], builder: DocumentBuilder, n_pages: int,
    spans: list[LineSpan] | LineSpans | None = None, *, release: bool = False,
) -> list[int]:
    """Add blocks to builder; return page_starts so every character keeps its page.

    A paragraph running over a page break starts the new page in its middle, which
    DocumentBuilder.new_page cannot express, so the offsets come from the lines.
    With `spans`, every line's place in the text and on its page is appended to it
    (the provenance of mentions' boxes). With `release` (`blocks` a list), each block is
    let go of once its text is built and the list ends empty: the text grows into the
    memory the blocks held.
    """
    vocabulary = Vocabulary()
    for b in blocks:
        vocabulary.add(texts_of(b.lines))
    compounds, words = vocabulary.compounds, vocabulary.words
    first: dict[int, int] = {}
    for b in _taken(blocks) if release and isinstance(blocks, list) else blocks:
        text, starts = _block_text(b, compounds, words)
        added = builder.add(b.kind, text, b.level, b.bold)
        if added is None:
            continue
        for page, off in zip(pages_of(b.lines), starts, strict=True):
            first.setdefault(page, added.start + off)
            first[page] = min(first[page], added.start + off)
        if spans is not None:
            spans.extend(_line_spans(b.lines, [added.start + off for off in starts], added.end))
    end = builder.length
    page_starts = [0] * n_pages
    nxt = end
    for p in range(n_pages, 0, -1):
        nxt = first.get(p, nxt)
        page_starts[p - 1] = nxt
    page_starts[0] = 0
    for i in range(1, n_pages):
        page_starts[i] = max(page_starts[i], page_starts[i - 1])
    return page_starts
