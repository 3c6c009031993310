"""Business missions: a dated entry of a missions section ("Бизнес мисии").

The destination is the first place of the entry's first sentence (or the capitalised
words after "в"), the participants the entry's participant count, the project the name
after "в рамките на проект".
"""

from __future__ import annotations

import re

from ..models import EntityValue, Mission
from .context import RecordContext, Span, sentence_end

_PROJECT_REF = re.compile(r"(?i)\bпроект(?:а|ът)?\s+[„\"]?([A-Za-zА-Яа-я0-9][\w+-]{1,40})")


def find_missions(ctx: RecordContext) -> list[Mission]:
    return [m for span in ctx.spans("missions") if (m := build_mission(ctx, span)) is not None]


def build_mission(ctx: RecordContext, span: Span) -> Mission | None:
    text, index = ctx.text, ctx.index
    dates = index.within(span.start, span.end, "date")
    if not dates:
        return None
    body = text[span.start : span.end]
    first_end = sentence_end(text, span.start, span.end)
    evidence: dict[str, list[int]] = {"dates": [dates[0].id]}
    destination = None
    locs = index.within(span.start, first_end, "location")
    if locs:
        v = locs[0].value
        destination = v.name if isinstance(v, EntityValue) else locs[0].text
        evidence["destination"] = [locs[0].id]
    else:
        m = re.search(r"\bв\s+([А-ЯA-Z][\w-]+(?:\s[А-ЯA-Z][\w-]+)?)", text[span.start : first_end])
        destination = m.group(1) if m else None
    participants = None
    for c in index.within(span.start, span.end, "count"):
        if getattr(c.value, "participants", None) is not None:
            participants = c.value.participants  # type: ignore[union-attr]
            evidence["participants"] = [c.id]
            break
    project_m = _PROJECT_REF.search(body)
    title = re.split(r"\s+[-–—]\s+", text[span.start : first_end], maxsplit=1)[0].strip()
    title = re.sub(r"^\d+\)\s*", "", title)
    return Mission(
        destination=destination,
        dates=dates[0].value,  # type: ignore[arg-type]
        participants=participants,
        project=project_m.group(1) if project_m else None,
        title=title[:200] or None,
        section=span.section,
        start=span.start,
        end_offset=span.end,
        evidence=evidence,
    )
