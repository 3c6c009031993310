"""What every record builder shares: the document, its sections, its mentions and the cues.

A `RecordContext` is built once per document and handed to each record kind's module
(projects, events, missions, timeline, metadata), so none of them re-reads the data
files or re-indexes the mentions. Record candidates are `Span`s: a numbered entry,
list item, table row or paragraph of a section whose title names the record kind.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..document import Block, Document
from ..mention_draft import MentionDraft
from ..mention_index import MentionIndex
from ..rules.base import load_data
from ..segment import SectionDraft, SectionLocator


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """data/record_cues.json without its comment and sources."""
    return {k: v for k, v in load_data("record_cues.json").items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def section_words() -> dict[str, list[str]]:
    return {k: v for k, v in load_data("sections.json").items() if not k.startswith("_")}


def words_pattern(key: str) -> str:
    """An alternation of a cue list, longest first, each word escaped."""
    words: list[str] = cues()[key]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Span:
    """A record candidate: a numbered entry, list item or paragraph of a section."""

    start: int
    end: int
    section: int | None


class Intervals:
    """Character ranges merged and sorted: 'is this offset inside any of them' by bisection."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def contains(self, offset: int) -> bool:
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]


@dataclass
class RecordContext:
    """One document as the record builders see it."""

    document: Document
    sections: list[SectionDraft]
    index: MentionIndex
    roles: dict[str, list[int]] = field(default_factory=dict)
    publisher_aliases: list[str] = field(default_factory=list)
    #: values a builder computes once per document (e.g. the normalised programme names)
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, document: Document, sections: list[SectionDraft], mentions: list[MentionDraft]) -> RecordContext:
        return cls(document, sections, MentionIndex(mentions), sections_by_role(sections))

    @property
    def text(self) -> str:
        return self.document.text

    def locate(self) -> SectionLocator:
        return SectionLocator(self.sections)

    def spans(self, role: str) -> Iterable[Span]:
        """The record candidates of the sections titled for `role` ("projects", "events", ...)."""
        return record_spans(self.document, self.sections, self.roles[role])


def sections_by_role(sections: list[SectionDraft]) -> dict[str, list[int]]:
    """Section indexes per record role, from title keywords; a subsection inherits its parent's role."""
    words = section_words()
    roles: dict[str, list[int]] = {role: [] for role in words}
    for i, s in enumerate(sections):
        if s.kind != "heading":
            continue
        title = s.title.lower()
        for role, keys in words.items():
            if any(k in title for k in keys):
                roles[role].append(i)
    return roles


def record_spans(document: Document, sections: list[SectionDraft], section_ids: list[int]) -> Iterable[Span]:
    """Numbered entries of the sections when they have them; otherwise their paragraphs/items.

    A subsection with a role of its own (e.g. "Бизнес мисии" under "Международна дейност")
    is left to that role.
    """
    claimed = set(section_ids)
    for sid in section_ids:
        sec = sections[sid]
        inner = [
            (i, s) for i, s in enumerate(sections)
            if i != sid and sec.start <= s.start < sec.end and s.kind == "numbered_entry"
        ]
        if inner:
            for i, s in inner:
                yield Span(s.start, s.end, i)
            continue
        # no numbered entries: one paragraph (or list item) per record
        sub_with_role = [
            s for i, s in enumerate(sections)
            if i in claimed and i != sid and sec.start < s.start < sec.end
        ]
        for block in content_blocks(document, sec):
            if any(s.start <= block.start < s.end for s in sub_with_role):
                continue
            yield Span(block.start, block.end, sid)


def content_blocks(document: Document, sec: SectionDraft) -> list[Block]:
    """Paragraphs, list items and table rows starting inside the section (blocks are in text order)."""
    starts = document.block_starts
    lo, hi = bisect_left(starts, sec.start), bisect_left(starts, sec.end)
    return [b for b in document.blocks[lo:hi] if b.kind in ("paragraph", "list_item", "table_row")]


_SENTENCE_END = re.compile(r"[.!?](?=\s+[А-ЯA-Z„\"]|\s*$)")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """data/abbreviations.txt without "г." (a year often ends a sentence: "... 2024 г. Тогава")."""
    from importlib import resources

    lines = resources.files("bulletin_extract.data").joinpath("abbreviations.txt").read_text("utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#") and ln.strip() != "г.")


def sentence_end(text: str, start: int, limit: int) -> int:
    """Where the sentence starting at `start` ends (a stop before a capital), or `limit`.

    A stop after an abbreviation ends nothing: "в гр. Велико Търново", "проф. Иванов".

    >>> text = "Среща в гр. Велико Търново. Следва обед."
    >>> text[: sentence_end(text, 0, len(text))]
    'Среща в гр. Велико Търново'
    """
    for m in _SENTENCE_END.finditer(text, start, limit):
        if m.group(0) == ".":
            word = text[max(start, m.start() - 8) : m.start() + 1].split()[-1:]
            if word and word[0].lower().lstrip("(„\"") in _abbreviations():
                continue
        return m.start()
    return limit


#: "26.04.2016 г. - провеждане ...": the separator between a leading date and its text
AFTER_DATE = re.compile(r"^\s*[-–—:|]?\s*")
