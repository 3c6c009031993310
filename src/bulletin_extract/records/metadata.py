"""The bulletin's own record: title, number, date, publisher and contact details.

They stand in the masthead (before the first real section) or, for contact details,
in the colophon on the back cover. Words that name a bulletin ("бюлетин", "newsletter")
or its number ("брой", "№") are in data/record_cues.json.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import DateValue, EntityValue, Metadata
from ..rules import gazetteer
from ..segment import SectionDraft
from .context import RecordContext, cues, words_pattern

_WEBSITE = re.compile(r"\b(?:https?://)?(?:www\.)[\w.-]+\.[a-z]{2,}(?:/[\w./-]*)?|\bhttps?://[\w.-]+\.[a-z]{2,}(?:/[\w./-]*)?")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_MASTHEAD_MAX = 2000
_COLOPHON_CHARS = 1500


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        # "брой 3", "бр. 12", "№ 5": the issue number
        "issue": re.compile(rf"(?i)(?<!\w)(?:{words_pattern('issue_words')})\s*(\d{{1,4}})(?!\d)"),
        "title_words": re.compile(rf"(?i){words_pattern('bulletin_title_words')}"),
        "title_end": re.compile(rf"(?i)\s*(?:[-–—,:]\s*)?(?:{words_pattern('issue_title_end')})"),
        "date_label": re.compile(rf"(?i)(?:{words_pattern('date_labels')})\s*:?\s*$"),
        # "ИНФОРМАЦИОНЕН бюлетин", "Юбилеен", "Електронен": the adjective of a bulletin's title
        "adjective": re.compile(rf"(?i)(?:{words_pattern('title_adjective_endings')})$"),
        "address": re.compile(
            r"(?:(?:гр\.\s*)?[А-Я][а-я]+(?:\s[А-Я][а-я]+)?\s\d{4},\s*)?"
            rf"(?:{words_pattern('address_prefixes')})\s*[^\n]+?"
            rf"(?=\s+(?:{words_pattern('contact_labels')})|\n|$)"
        ),
    }


def masthead_end(text: str, sections: list[SectionDraft]) -> int:
    """Where the masthead (title, number, date, publisher) ends: at the first real section.

    A leading level-1 heading is the bulletin's own title and belongs to the masthead.
    """
    for i, s in enumerate(sections):
        if s.kind == "front_matter" or (i == 0 and s.level == 1 and s.start == 0):
            continue
        if s.start > 0:
            return min(s.start, _MASTHEAD_MAX)
    return min(len(text), _MASTHEAD_MAX)


def build_metadata(ctx: RecordContext) -> Metadata:
    """Title, number, date and publisher come from the masthead; contact details from the
    masthead or, failing that, from the colophon at the end (back cover)."""
    text, index, p = ctx.text, ctx.index, _patterns()
    end = masthead_end(text, ctx.sections)
    front = text[:end]
    colophon = text[max(end, len(text) - _COLOPHON_CHARS) :]
    issue = p["issue"].search(front)
    dates = [m for m in index.within(0, end, "date") if isinstance(m.value, DateValue)]
    labelled = [m for m in dates if p["date_label"].search(text[max(0, m.start - 12) : m.start])]
    date_m = (labelled or dates)[0] if (labelled or dates) else None
    address = p["address"].search(front) or p["address"].search(colophon)
    website = _WEBSITE.search(front) or _WEBSITE.search(colophon)
    email = _EMAIL.search(front) or _EMAIL.search(colophon)
    return Metadata(
        title=_masthead_title(front, ctx.sections),
        issue_number=issue.group(1) if issue else None,
        date=date_m.value if date_m is not None else None,  # type: ignore[arg-type]
        publisher=_publisher(front, address, ctx, end),
        address=address.group(0).strip(" ,") if address else None,
        website=website.group(0) if website else None,
        email=email.group(0) if email else None,
    )


def _masthead_title(front: str, sections: list[SectionDraft]) -> str | None:
    """The line naming the bulletin ("ИНФОРМАЦИОНЕН БЮЛЕТИН № 12" -> "ИНФОРМАЦИОНЕН БЮЛЕТИН")."""
    p = _patterns()
    for line in front.splitlines():
        if p["title_words"].search(line):
            cut = p["title_end"].search(line)
            title = (line[: cut.start()] if cut else line).strip(" ,.-–—:")
            if title:
                return title
    for s in sections:
        if s.title:
            return s.title
    first = front.strip().split("\n", 1)[0].strip()
    return first or None


def _publisher(front: str, address: re.Match[str] | None, ctx: RecordContext, end: int) -> str | None:
    """Who publishes: the name before the postal address, an organisation in the masthead,
    or a masthead line opening with an organisation word ("ОБЩИНА ГАБРОВО")."""
    if address is not None:
        # the name stands before the address, on its line or on the line above
        where = address.string
        line_start = where.rfind("\n", 0, address.start()) + 1
        head = where[line_start : address.start()].strip(" ,")
        if not head and line_start > 0:
            head = where[where.rfind("\n", 0, line_start - 1) + 1 : line_start - 1].strip(" ,")
        head = head.split(",")[0].strip()
        if head:
            return head
    orgs = ctx.index.within(0, end, "org")
    if orgs and isinstance(orgs[0].value, EntityValue):
        return orgs[0].value.name
    heads = {h.casefold() for h in gazetteer.shapes()["org_heads"]}
    p = _patterns()
    for line in front.splitlines():
        title = p["title_words"].search(line)
        if title:  # "ОБЩИНА ГАБРОВО ИНФОРМАЦИОНЕН БЮЛЕТИН № 12": the name before the title
            before = line[: title.start()].split()
            if before and p["adjective"].search(before[-1]):
                before = before[:-1]
            line = " ".join(before)
        words = line.split()
        if words and words[0].casefold() in heads and len(words) <= 8:
            return line.strip()
    return None


def publisher_aliases(metadata: Metadata, text: str) -> list[str]:
    """Names a bulletin uses for its own organisation: its abbreviation, 'клъстера', ..."""
    aliases = list(cues()["publisher_share_words"])
    if metadata.publisher:
        aliases.append(metadata.publisher.lower())
        found = re.search(re.escape(metadata.publisher) + r"\s*\(([^)]{2,12})\)", text)
        if found:
            aliases.append(found.group(1).lower())
    return aliases
