"""Events: a dated entry of an events section whose words name a kind of event.

The kind comes from the first kind word ("семинар", "кръгла маса", "уебинар"; data/
record_cues.json), the date from the entry's last date (the parenthesised one at the end,
"(18 април 2024 г.)"), the place from a bracket before the date, a venue ("в Хотел
Балкан") or a place name after "в" / "гр.".
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import EntityValue, Event, Mention
from .context import AFTER_DATE, RecordContext, Span, cues, sentence_end, words_pattern

_QUOTED = re.compile(r"[„\"“«]([^„\"“”«»]{3,200})[“”\"»]")
# 'Семинар „Инструменти ...“, София Тех Парк, в рамките на ...': a venue right after the title
_PLACE_AFTER_TITLE = re.compile(r"[“”\"»],\s+((?:[А-ЯA-Z][\w.-]*)(?:\s[А-ЯA-Z][\w.-]*){0,4}),")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        "venue": re.compile(
            rf"\bв\s+((?:[А-ЯA-Z][\w.-]*\s){{0,4}}(?:{words_pattern('venue_heads')})"
            r"(?:\s(?:[А-ЯA-Z0-9][\w.-]*|No\s?\d+)){0,3})"
        ),
        # "в София", "гр. Пловдив", "град Банско" right before a place name, or a table cell of its own
        "place_before": re.compile(rf"(?:(?<!\w)(?:{words_pattern('place_prepositions')})|\|)\s*$"),
    }


def find_events(ctx: RecordContext) -> list[Event]:
    events: list[Event] = []
    for span in ctx.spans("events"):
        event = build_event(ctx, span)
        if event is not None and not _duplicate_event(event, events):
            events.append(event)
    return events


def build_event(ctx: RecordContext, span: Span) -> Event | None:
    text, index = ctx.text, ctx.index
    body = text[span.start : span.end]
    dates = index.within(span.start, span.end, "date")
    kind = event_kind(body)
    if not dates or kind is None:
        return None
    # the event's own date is usually the parenthesised one at the end of the entry
    date_m = dates[-1]
    quoted = _QUOTED.search(body)
    if quoted:
        title = f"{body[: quoted.start()].strip()} {quoted.group(0)}".strip()
    else:
        title = text[span.start : sentence_end(text, span.start, span.end)].strip()
    if dates[0].start == span.start:
        # "14/03/2021 – Кръгла маса „...“": a calendar line opens with the date
        title = AFTER_DATE.sub("", title[dates[0].end - span.start :], count=1) or title
    title = re.sub(r"\s+", " ", title)[:200]
    evidence: dict[str, list[int]] = {"date": [date_m.id]}
    orgs = []
    for m in index.within(span.start, span.end, "org"):
        name = m.value.name if isinstance(m.value, EntityValue) else m.text
        if name not in orgs:
            orgs.append(name)
            evidence.setdefault("organisations", []).append(m.id)
    place, place_ids = _event_place(ctx, span, date_m)
    if place_ids:
        evidence["place"] = place_ids
    return Event(
        title=title,
        kind=kind,  # type: ignore[arg-type]
        date=date_m.value,  # type: ignore[arg-type]
        place=place,
        organisations=orgs,
        section=span.section,
        start=span.start,
        end_offset=span.end,
        evidence=evidence,
    )


def event_kind(body: str) -> str | None:
    """The kind named first in the text ("Кръгла маса ..." -> meeting), or None."""
    low = body.lower()
    best: tuple[int, str] | None = None
    for kind, words in cues()["event_kinds"].items():
        for w in words:
            m = re.search(r"(?<!\w)" + re.escape(w), low)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), kind)
    return best[1] if best else None


def _event_place(ctx: RecordContext, span: Span, date_m: Mention) -> tuple[str | None, list[int]]:
    """Where it happened: '(София Тех Парк, 26 ноември, 2018)', 'в Интер Експо Център', 'в София'."""
    text = ctx.text
    open_br = text.rfind("(", span.start, date_m.start)
    if open_br >= 0 and text.find(")", open_br, date_m.start) < 0:
        inside = text[open_br + 1 : date_m.start].strip(" ,")
        if inside and len(inside) < 80 and not any(ch.isdigit() for ch in inside):
            return inside, []
    after_title = _PLACE_AFTER_TITLE.search(text, span.start, span.end)
    if after_title:
        return after_title.group(1), []
    venue = _patterns()["venue"].search(text, span.start, span.end)
    if venue:
        return venue.group(1).strip(), []
    for loc in ctx.index.within(span.start, span.end, "location"):
        if _patterns()["place_before"].search(text, max(span.start, loc.start - 6), loc.start):
            name = loc.value.name if isinstance(loc.value, EntityValue) else loc.text
            return name, [loc.id]
    return None, []


def _duplicate_event(event: Event, events: list[Event]) -> bool:
    return any(e.title == event.title and e.date == event.date for e in events)
