"""Which mentions lie in a stretch of text: answered by binary search, not by a scan.

Later stages ask this once per section, entry, list item or block; a scan of all
mentions each time is quadratic in the length of the document.
"""

from __future__ import annotations

from bisect import bisect_left

from .mention_draft import MentionDraft


class MentionIndex:
    """Mentions sorted by start."""

    def __init__(self, mentions: list[MentionDraft]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._longest = max((m.end - m.start for m in self.mentions), default=0)

    def within(self, start: int, end: int, *kinds: str) -> list[MentionDraft]:
        """Mentions wholly inside [start, end), of the given kinds (all kinds if none)."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and (not kinds or m.kind in kinds):
                out.append(m)
            i += 1
        return out

    def overlapping(self, start: int, end: int, *kinds: str) -> list[MentionDraft]:
        """Mentions sharing at least one character with [start, end)."""
        i = bisect_left(self._starts, start - self._longest)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end > start and (not kinds or m.kind in kinds):
                out.append(m)
            i += 1
        return out
