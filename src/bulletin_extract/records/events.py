"""Events: a dated entry of an events section whose words name a kind of event, or a
dated announcement anywhere else.

Outside an events section an event needs more: a sentence with a kind word, an
announcing verb ("ще се проведе", "се състоя", "организира"; data/record_cues.json) and
a date ("На 12.03.2025 г. в Ловеч ще се проведе информационна среща ..."), or a news item
whose first line is only its date and whose headline names the kind
("09.05.2024" / "Работна среща на партньорите").

The kind comes from the first kind word ("семинар", "кръгла маса", "уебинар"; data/
record_cues.json), the date from the entry's last date (the parenthesised one at the end,
"(18 април 2024 г.)"), the place from a bracket before the date, a venue ("в Хотел
Балкан") or a place name after "в" / "гр.".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..mention_draft import MentionDraft
from ..models import EntityValue, Event
from .context import AFTER_DATE, Intervals, RecordContext, Span, cues, sentence_end, words_pattern

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
        "date_label": re.compile(
            rf"(?im)^[ \t]*(?:{'|'.join(re.escape(w) for w in sorted(cues()['event_field_labels']['date'], key=len, reverse=True))})\s*:\s*$"
        ),
        "place_label": re.compile(
            rf"(?im)^[ \t]*(?:{'|'.join(re.escape(w) for w in sorted(cues()['event_field_labels']['place'], key=len, reverse=True))})\s*:\s*(.+?)\s*$"
        ),
        "announcement": re.compile(rf"(?i)(?<!\w)(?:{words_pattern('announcement_verbs')})(?!\w)"),
        "kind": re.compile(
            rf"(?i)(?<!\w)(?:{'|'.join(re.escape(w) for ws in cues()['event_kinds'].values() for w in sorted(ws, key=len, reverse=True))})"
        ),
        # "в зала „Тракия“", "в хотел „Родина“": a venue named in quotes
        "quoted_venue": re.compile(
            rf"(?i)(?<!\w)в\s+((?:{words_pattern('venue_heads')})\s+[„\"“«][^„\"“”«»]{{2,60}}[“”\"»])"
        ),
    }


def find_events(ctx: RecordContext) -> list[Event]:
    """The entries of the events sections, then dated announcements elsewhere."""
    events: list[Event] = []
    for span in ctx.spans("events"):
        event = build_event(ctx, span)
        if event is not None and not _duplicate_event(event, events):
            events.append(event)
    sections, roles = ctx.sections, ctx.roles
    taken = Intervals([(sections[i].start, sections[i].end) for role in roles for i in roles[role]])
    locate = ctx.locate()
    for block in ctx.document.blocks:
        if block.kind not in ("paragraph", "list_item") or taken.contains(block.start):
            continue
        for event in _announcements(ctx, Span(block.start, block.end, locate(block.start))):
            if not _duplicate_event(event, events):
                events.append(event)
    events.sort(key=lambda e: e.start)
    return events


def _announcements(ctx: RecordContext, span: Span) -> list[Event]:
    """Events announced or reported in a paragraph outside the events sections."""
    text, p = ctx.text, _patterns()
    out: list[Event] = []
    headline = _dated_headline(ctx, span)
    if headline is not None:
        out.append(headline)
    for start, end in _sentences(text, span.start, span.end):
        kind_m = p["kind"].search(text, start, end)
        if kind_m is None or not p["announcement"].search(text, start, end):
            continue
        kind = event_kind(text[kind_m.start() : end])
        dates = ctx.index.within(start, end, "date")
        title = _title_from(text, kind_m.start(), end, dates)
        if kind is None:
            continue
        if dates:
            out.append(_event(ctx, Span(start, end, span.section), title, kind, dates[0]))
            continue
        # an invitation: "... кани на информационен ден ..." over "Дата: ..." and "Място: ..." lines
        fields_end = _notice_end(ctx, end)
        labelled = [d for d in ctx.index.within(end, fields_end, "date") if p["date_label"].search(_line_before(text, d.start))]
        if labelled:
            event = _event(ctx, Span(start, end, span.section), title, kind, labelled[0])
            place = p["place_label"].search(text, end, fields_end)
            if place:
                event.place = place.group(1).strip(" .;")
            event.end_offset = fields_end
            out.append(event)
    return out


#: how far after an invitation's sentence its "Дата:" and "Място:" lines may stand
_NOTICE_CHARS = 400


def _notice_end(ctx: RecordContext, offset: int) -> int:
    """The invitation's labelled lines end at the next heading, or after a few lines."""
    limit = min(len(ctx.text), offset + _NOTICE_CHARS)
    blocks = ctx.document.blocks
    for i in range(bisect_right(ctx.document.block_starts, offset), len(blocks)):
        if blocks[i].start >= limit:
            break
        if blocks[i].kind == "heading":
            return blocks[i].start
    return limit


def _line_before(text: str, offset: int) -> str:
    return text[text.rfind("\n", 0, offset) + 1 : offset]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of a paragraph; a line break ends one too (a headline over its text)."""
    out = []
    while start < end:
        line_end = text.find("\n", start, end)
        limit = end if line_end < 0 else line_end
        stop = min(sentence_end(text, start, limit) + 1, limit)
        out.append((start, stop))
        start = stop
        while start < end and text[start].isspace():
            start += 1
    return out


def _dated_headline(ctx: RecordContext, span: Span) -> Event | None:
    """A news item: a line holding only its date, then a headline naming a kind of event."""
    text = ctx.text
    first_end = text.find("\n", span.start, span.end)
    if first_end < 0:
        return None
    dates = ctx.index.within(span.start, first_end, "date")
    if len(dates) != 1 or text[span.start : first_end].strip() != dates[0].text.strip():
        return None
    line_end = text.find("\n", first_end + 1, span.end)
    line_end = span.end if line_end < 0 else line_end
    headline = text[first_end + 1 : line_end].strip()
    kind = event_kind(headline)
    if kind is None or len(headline) > 150 or headline.endswith((".", "!", "?")):
        return None
    return _event(ctx, Span(span.start, line_end, span.section), headline, kind, dates[0])


#: where an announced event's name ends: a relative clause, the verb, a date or a place
_TITLE_STOP = re.compile(
    r",\s+(?:която|който|които|в|на|с|от)\s|\s+(?:ще|се)\s|\s+(?:в|на|от|през)\s+(?=\d)"
    r"|\s+в\s+(?:гр\.|град|с\.|село)?\s*(?=[А-ЯA-Z][а-яa-z])"
)
_TRAILING_PREPOSITION = re.compile(r"(?:\s+(?:на|в|от|до|с|за|през|по))+$")


def _title_from(text: str, start: int, end: int, dates: list[MentionDraft]) -> str:
    """From the kind word to the clause's end: before a date, a place or a relative clause."""
    cut = end
    for d in dates:
        if d.start > start:
            cut = min(cut, d.start)
    m = _TITLE_STOP.search(text, start, cut)
    if m:
        cut = m.start()
    title = " ".join(text[start:cut].split()).strip(" ,;:-–—.")
    title = _TRAILING_PREPOSITION.sub("", title)
    return title[:1].upper() + title[1:200]


def _event(ctx: RecordContext, span: Span, title: str, kind: str, date_m: MentionDraft) -> Event:
    evidence: dict[str, list[int]] = {"date": [date_m.id]}
    orgs: list[str] = []
    for m in ctx.index.within(span.start, span.end, "org"):
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
    return _event(ctx, span, title, kind, date_m)


@lru_cache(maxsize=1)
def _kind_words() -> tuple[re.Pattern[str], list[str]]:
    """Every kind's words in one search: a group per kind, kinds and words in the cue file's
    order, so at the first place any word stands the first listed word there decides."""
    kinds = list(cues()["event_kinds"].items())
    groups = ("|".join(re.escape(w) for w in words) or "(?!)" for _, words in kinds)
    pattern = r"(?<!\w)(?:" + "|".join(f"({g})" for g in groups) + ")"
    return re.compile(pattern), [kind for kind, _ in kinds]


def event_kind(body: str) -> str | None:
    """The kind named first in the text ("Кръгла маса ..." -> meeting), or None."""
    regex, kinds = _kind_words()
    m = regex.search(body.lower())
    return kinds[m.lastindex - 1] if m and m.lastindex else None


def _event_place(ctx: RecordContext, span: Span, date_m: MentionDraft) -> tuple[str | None, list[int]]:
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
    venue = _patterns()["venue"].search(text, span.start, span.end) or _patterns()["quoted_venue"].search(
        text, span.start, span.end
    )
    if venue:
        return venue.group(1).strip(), []
    for loc in ctx.index.within(span.start, span.end, "location"):
        if _patterns()["place_before"].search(text, max(span.start, loc.start - 6), loc.start):
            name = loc.value.name if isinstance(loc.value, EntityValue) else loc.text
            return name, [loc.id]
    town = _TOWN.search(text, span.start, span.end)
    if town:
        return town.group(1), []
    return None, []


#: "гр. Велико Търново", "с. Желява": a settlement's name after its abbreviation
_TOWN = re.compile(r"(?<!\w)(?:гр\.|град|с\.|село)\s*([А-Я][а-я]+(?:[\s-][А-Я][а-я]+)?)")


def _duplicate_event(event: Event, events: list[Event]) -> bool:
    return any(e.title == event.title and e.date == event.date for e in events)
