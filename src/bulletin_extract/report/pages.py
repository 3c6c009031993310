"""PDF page images with the mention boxes drawn on them, for the review report.

Mentions from a PDF carry their boxes (`Mention.boxes`, one per line, kept from ingest),
and those are drawn as they are. Only a bulletin without stored boxes (an older JSON)
has them found again here, best effort: on the mention's page, pdfplumber's
`page.search` looks for the mention text with any run of whitespace allowed between
its words (the normalised text joins lines and collapses spaces) and a line-end
hyphen allowed inside them (the normaliser re-joins hyphenated words). When the words
occur several times on the page, the n-th match is taken, where n counts the earlier
occurrences in the normalised text since the page began, as far as the mentions'
own page numbers let us place that beginning. Words wrapped inside one column of a
two-column page are searched for in each half of the page in turn. Text the
normaliser changed otherwise
(a ligature, a quote mark, a heading split over columns) is not found and gets no
box; every page says how many of its mentions were located.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import LineBox, Mention

#: Pixels per inch of the embedded page images: legible beside the text, and an
#: A4 page stays around 100 kB once quantised.
DEFAULT_RESOLUTION = 90

#: Colours kept in the PNG palette: page images are mostly text, so 64 are plenty.
PALETTE_COLOURS = 64

#: Characters whose tops differ by less than this (in PDF points) sit on one line.
LINE_TOLERANCE = 3.0


@dataclass(frozen=True)
class Box:
    """A mention's rectangle on its page, in percent of the page (scales with the image)."""

    mention_id: int
    kind: str
    left: float
    top: float
    width: float
    height: float


@dataclass
class PageImage:
    number: int  # 1-based
    width: int  # pixels
    height: int
    data_uri: str
    boxes: list[Box] = field(default_factory=list)
    mentions: int = 0  # mentions anchored on this page
    located: int = 0  # of which a box was found


def page_images(
    pdf_path: str | Path,
    mentions: Sequence[Mention],
    text: str,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    password: str | None = None,
) -> list[PageImage]:
    """Render every page of the PDF and locate the mentions anchored on it."""
    import pdfplumber

    floors = page_floors(mentions)
    stored = any(m.boxes for m in mentions)
    pages: list[PageImage] = []
    with pdfplumber.open(str(pdf_path), password=password) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            image = page.to_image(resolution=resolution).original
            if stored:
                on_page = [m for m in mentions if m.page == number or any(b.page == number for b in m.boxes)]
                boxes: list[Box] = [stored_box(m, b, page.width, page.height) for m in on_page for b in m.boxes if b.page == number]
                located = sum(any(b.page == number for b in m.boxes) for m in on_page)
            else:
                on_page = [m for m in mentions if m.page == number]
                boxes = []
                located = 0
                regions = _regions(page)
                words = _scanned_words(pdf_path, number, password) if on_page and not page.chars else None
                for m in on_page:
                    if words is not None:  # a scanned page: the boxes of the OCR words
                        found = locate_in_words(words, m, page.width, page.height)
                    else:
                        found = locate(page, m, text, floors.get(number, 0), regions)
                    located += bool(found)
                    boxes.extend(found)
            pages.append(
                PageImage(
                    number=number,
                    width=image.width,
                    height=image.height,
                    data_uri=png_data_uri(image),
                    boxes=boxes,
                    mentions=len(on_page),
                    located=located,
                )
            )
    return pages


def stored_box(mention: Mention, box: LineBox, width: float, height: float) -> Box:
    """A stored box (PDF points from the page's top-left corner) in percent of the page."""
    return Box(
        mention_id=mention.id,
        kind=mention.kind,
        left=round(100 * box.x0 / width, 3),
        top=round(100 * box.top / height, 3),
        width=round(100 * (box.x1 - box.x0) / width, 3),
        height=round(100 * (box.bottom - box.top) / height, 3),
    )


def png_data_uri(image: Any) -> str:
    """A PIL image as an embedded, palette-quantised PNG."""
    buf = io.BytesIO()
    image.convert("RGB").quantize(colors=PALETTE_COLOURS).save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def page_floors(mentions: Sequence[Mention]) -> dict[int, int]:
    """For each page, an offset its text cannot begin before: the end of the last
    mention anchored on an earlier page.

    >>> from bulletin_extract.models import Mention, CountValue
    >>> ms = [Mention(kind="count", text="x", start=s, end=s + 1, page=p, source="rule",
    ...               confidence=1, value=CountValue()) for s, p in [(5, 1), (40, 2), (90, 3)]]
    >>> page_floors(ms)
    {1: 0, 2: 6, 3: 41}
    """
    last_end: dict[int, int] = {}
    for m in mentions:
        if m.page is not None and m.furniture is None:  # furniture offsets index their own line
            last_end[m.page] = max(last_end.get(m.page, 0), m.end)
    floors: dict[int, int] = {}
    floor = 0
    for page in sorted(last_end):
        floors[page] = floor
        floor = max(floor, last_end[page])
    return floors


#: Between two letters of a word the page may break the line with a hyphen, which
#: the normaliser removed (Електромо- / били -> Електромобили).
LINE_HYPHEN = r"(?:[-\u00ad]\s+)?"


def search_pattern(mention_text: str) -> str:
    r"""A regex for the mention's words with any whitespace between them, and a
    line-end hyphen allowed inside a word.

    >>> bool(re.fullmatch(search_pattern("Легранд ЕООД"), "Ле-\nгранд\n ЕООД"))
    True
    >>> bool(re.fullmatch(search_pattern("22.12.2022 г."), "22.12.2022 г."))
    True
    """
    return r"\s+".join(LINE_HYPHEN.join(map(re.escape, word)) for word in mention_text.split())


def locate(
    page: Any, mention: Mention, text: str, floor: int = 0, regions: Sequence[Any] | None = None
) -> list[Box]:
    """The mention's boxes (one per line it spans) on a pdfplumber page, or [].

    `regions` (the page and its halves, see _regions) can be passed in so that the
    page's text map is built once per page, not once per mention.
    """
    pattern = search_pattern(mention.text)
    if not pattern:
        return []
    matches: list[dict[str, Any]] = []
    for region in regions or _regions(page):
        try:
            matches = region.search(pattern, regex=True, case=True, return_chars=True)
        except Exception:  # a malformed page must not cost the whole report
            return []
        if matches:
            break
    if not matches:
        return []
    before = len(re.findall(pattern, text[floor : mention.start]))
    match = matches[min(before, len(matches) - 1)]
    chars = match.get("chars") or [match]
    return [_box(mention, line, page.width, page.height) for line in _lines(chars)]


def _regions(page: Any) -> list[Any]:
    """The whole page, then its halves: pdfplumber reads a two-column page line by
    line across both columns, so words wrapped within one column are only adjacent
    in that column's half."""
    middle = page.bbox[0] + page.width / 2
    x0, top, x1, bottom = page.bbox
    return [page, page.crop((x0, top, middle, bottom)), page.crop((middle, top, x1, bottom))]


def _lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(lines[-1][0]["top"] - ch["top"]) < LINE_TOLERANCE:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return lines


def _box(mention: Mention, chars: list[dict[str, Any]], width: float, height: float) -> Box:
    x0 = min(c["x0"] for c in chars)
    x1 = max(c["x1"] for c in chars)
    top = min(c["top"] for c in chars)
    bottom = max(c["bottom"] for c in chars)
    return Box(
        mention_id=mention.id,
        kind=mention.kind,
        left=round(100 * x0 / width, 3),
        top=round(100 * top / height, 3),
        width=round(100 * (x1 - x0) / width, 3),
        height=round(100 * (bottom - top) / height, 3),
    )


def _scanned_words(pdf_path: str | Path, number: int, password: str | None) -> list[Any]:
    """OCR words of a page without a text layer (ingest/ocr.py), [] if they cannot be had."""
    try:
        from ..ingest.ocr import page_words

        return page_words(pdf_path, number, password)
    except Exception:  # no Tesseract, a damaged page: that page gets no boxes, the report stands
        return []


def locate_in_words(words: Sequence[Any], mention: Mention, width: float, height: float) -> list[Box]:
    """The mention's boxes from OCR words (layout Chars in points): the first run of words
    whose texts are the mention's words (punctuation around a word aside: OCR reads "(КСГЗ)"
    and "г.," as one word each), one box per line it spans."""
    wanted = [_bare(w) for w in mention.text.split()]
    k = len(wanted)
    bare = [_bare(w.text) for w in words]
    for i in range(len(words) - k + 1):
        if bare[i : i + k] == wanted:
            chars = [{"x0": w.x0, "x1": w.x1, "top": w.top, "bottom": w.bottom} for w in words[i : i + k]]
            return [_box(mention, line, width, height) for line in _lines(chars)]
    return []


_PUNCT = ".,;:!?()[]{}„“”\"'«»‘’"


def _bare(word: str) -> str:
    return word.strip(_PUNCT)
