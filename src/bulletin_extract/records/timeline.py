"""Timeline entries: lines of a history section that open with their date.

'26.04.2016 г. - провеждане на семинар ...' is one entry; a list item without a date
right after one is its wrapped continuation (a PDF line break inside the entry).
"""

from __future__ import annotations

import re

from ..models import TimelineEntry
from .context import AFTER_DATE, RecordContext, Span

#: a continuation starts this close to the previous entry's end (one line break)
_CONTINUATION_GAP = 4


def find_timeline(ctx: RecordContext) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    text = ctx.text
    for span in ctx.spans("timeline"):
        entry = build_timeline_entry(ctx, span)
        if entry is not None:
            entries.append(entry)
        elif entries and span.start - entries[-1].end_offset < _CONTINUATION_GAP:
            last = entries[-1]
            last.text = f"{last.text} {text[span.start:span.end].strip()}"
            last.end_offset = span.end
    return entries


def build_timeline_entry(ctx: RecordContext, span: Span) -> TimelineEntry | None:
    """A timeline entry starts with its date: '26.04.2016 г. - провеждане на семинар ...'."""
    text = ctx.text
    dates = ctx.index.within(span.start, span.end, "date")
    lead = text[span.start : dates[0].start].strip(" -–—•*") if dates else "x"
    if not dates or lead:
        return None
    d = dates[0]
    rest = text[d.end : span.end]
    rest = rest[AFTER_DATE.match(rest).end() :]  # type: ignore[union-attr]
    return TimelineEntry(
        date=d.value,  # type: ignore[arg-type]
        text=re.sub(r"\s+", " ", rest).strip(),
        section=span.section,
        start=span.start,
        end_offset=span.end,
        evidence={"date": [d.id]},
    )
