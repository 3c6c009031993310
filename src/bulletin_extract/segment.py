"""Segmentation: blocks -> sections with title, level and character range.

Headings come from the ingester (markdown '#', PDF font size/weight). Two more
signals are Bulgarian-bulletin conventions: a short ALL-CAPS line is a heading even
in plain text ("СПОРАЗУМЕНИЯ ЗА СЪТРУДНИЧЕСТВО"), and a paragraph opening with
"1. " / "2. " inside a section is a numbered entry (a project, an event) of its own.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .document import Block, Document
from .models import Section

SectionKind = Literal["heading", "numbered_entry", "front_matter"]

NUMBERED_ENTRY = re.compile(r"^\s*(\d{1,2})\.\s+(?=\S)")
_TITLE_MAX = 90
#: The deepest level a section may have (models.Section.level). Ingest ranks PDF heading
#: sizes into this range already; a numbered entry under a deepest heading stays there.
DEEPEST_LEVEL = 6


def _level(level: int) -> int:
    return max(1, min(DEEPEST_LEVEL, level))


def _is_caps_heading(text: str) -> bool:
    """A short line in capitals, not ending as a sentence or a list item does.

    >>> _is_caps_heading("ЮБИЛЕЕН БЮЛЕТИН"), _is_caps_heading("Юбилеен бюлетин"), _is_caps_heading("ЕС, ЕИСК,")
    (True, False, False)
    >>> _is_caps_heading("КЛЪСТЕР " * 12)  # as long as a paragraph
    False
    """
    if len(text) > _TITLE_MAX:  # a paragraph: not read letter by letter
        return False
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and not text.rstrip().endswith((".", ",", ";"))
        and "\n" not in text
    )


def _entry_title(text: str) -> str:
    first = NUMBERED_ENTRY.sub("", text.split("\n", 1)[0], count=1)
    sentence = re.split(r"(?<=[.!?])\s+(?=[А-ЯA-Z])", first, maxsplit=1)[0]
    return sentence[:_TITLE_MAX].rstrip(" .")


@dataclass(slots=True)
class SectionDraft:
    """`models.Section`'s fields as the pipeline holds them until they are written.

    A Pydantic model carries a field dict and a set of the fields set (~1.3 KB a section
    with its title); a 500-page bulletin has ~2,600 sections, held from segmentation to
    the writer. The output model is made again when the section is validated and written
    (`as_section`), as mentions are (`mention_draft`)."""

    title: str
    level: int
    page: int | None
    start: int
    end: int
    kind: SectionKind = "heading"

    def as_section(self) -> Section:
        """The output model, not yet validated (`validate.valid_items` judges it)."""
        return Section.model_construct(title=self.title, level=self.level, page=self.page, start=self.start,
                                       end=self.end, kind=self.kind)


def segment_sections(document: Document) -> list[SectionDraft]:
    """Sections in text order; a section spans until the next one of its level or above."""
    text = document.text
    heads: list[tuple[Block, int, str, str]] = []  # block, level, title, kind
    current_level = 1
    for block in document.blocks:
        body = text[block.start : block.end]
        if block.kind == "heading" and NUMBERED_ENTRY.match(body) and heads:
            # "### 5. Towards Green Transition Facility": a numbered entry set as a heading
            heads.append((block, _level(current_level + 1), _entry_title(body), "numbered_entry"))
        elif block.kind == "heading":
            current_level = _level(block.level)
            heads.append((block, current_level, body.strip(), "heading"))
        elif block.kind == "paragraph" and _is_caps_heading(body):
            # plain-text bulletins mark their sections with capitals: a second-level heading
            current_level = 2
            heads.append((block, current_level, body.strip(), "heading"))
        elif block.kind == "paragraph" and NUMBERED_ENTRY.match(body):
            level = _level((current_level if heads else 1) + 1)
            heads.append((block, level, _entry_title(body), "numbered_entry"))

    sections: list[SectionDraft] = []
    first_start = heads[0][0].start if heads else len(text)
    if text[:first_start].strip():
        sections.append(SectionDraft(title="", level=1, page=1, start=0, end=first_start, kind="front_matter"))
    for i, (block, level, title, kind) in enumerate(heads):
        end = len(text)
        for later, later_level, _, later_kind in heads[i + 1 :]:
            if later_level <= level or (kind == "numbered_entry" and later_kind == "numbered_entry"):
                end = later.start
                break
        sections.append(
            SectionDraft(
                title=title,
                level=level,
                page=document.page_at(block.start),
                start=block.start,
                end=end,
                kind=kind,  # type: ignore[arg-type]
            )
        )
    return sections


class SectionLocator:
    """Which section holds an offset, answered by binary search.

    Sections are in text order and nest, so the innermost one holding an offset is the
    last to start at or before it that still covers it.
    """

    def __init__(self, sections: Sequence[SectionDraft | Section]) -> None:
        self.sections = sections
        self._starts = [s.start for s in sections]

    def __call__(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0:
            s = self.sections[i]
            if s.start <= offset < s.end:
                return i
            i -= 1
        return None


def section_at(sections: Sequence[SectionDraft | Section], offset: int) -> int | None:
    """Index of the innermost section containing offset (one-off; use SectionLocator in loops)."""
    return SectionLocator(sections)(offset)
