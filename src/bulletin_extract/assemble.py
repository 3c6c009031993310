"""Assembly: mentions within their sections and entries -> domain records.

Bulletins announce their structure with section titles ("Проекти", "Събития",
"Историята в дати", "Бизнес мисии") whose keywords live in data/sections.json. Inside
a section, one numbered entry, list item or paragraph is one record. An amount gets
its role (budget, grant, co-financing, the publisher's share) from the words around
it ("бюджет от", "безвъзмездна помощ от", "в т.ч. ... за КСГЗ"): data/record_cues.json.
Every record keeps `evidence`: which mention ids each field came from.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from .document import Block, Document
from .mention_index import MentionIndex
from .models import (
    DateValue,
    EntityValue,
    Event,
    Mention,
    Metadata,
    Mission,
    ProblemNote,
    ProgrammeCodeValue,
    ProgrammeValue,
    Project,
    Section,
    TimelineEntry,
)
from .rules import gazetteer
from .rules.base import load_data
from .rules.programmes import by_id as programme_by_id
from .segment import NUMBERED_ENTRY, SectionLocator


@dataclass
class Records:
    metadata: Metadata = field(default_factory=Metadata)
    projects: list[Project] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    warnings: list[ProblemNote] = field(default_factory=list)


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    return dict(load_data("record_cues.json"))


@lru_cache(maxsize=1)
def _section_words() -> dict[str, list[str]]:
    return {k: v for k, v in load_data("sections.json").items() if not k.startswith("_")}


@dataclass(frozen=True)
class Span:
    """A record candidate: a numbered entry, list item or paragraph of a section."""

    start: int
    end: int
    section: int | None


# --------------------------------------------------------------------------- entry point


def assemble_records(document: Document, sections: list[Section], mentions: list[Mention]) -> Records:
    index = MentionIndex(mentions)
    text = document.text
    records = Records()
    records.metadata = build_metadata(document, sections, index)
    publisher_aliases = _publisher_aliases(records.metadata, index, text)
    roles = _sections_by_role(sections)

    columns = table_columns(document)
    for span in _record_spans(document, sections, roles["projects"]):
        project = build_project(text, span, index, publisher_aliases, columns.get(span.start))
        if project is not None:
            records.projects.append(project)
    for span in _project_paragraphs_elsewhere(document, sections, roles, index, records.projects):
        project = build_project(text, span, index, publisher_aliases)
        if project is not None:
            records.projects.append(project)
    records.projects.sort(key=lambda p: p.start)
    for span in _record_spans(document, sections, roles["events"]):
        event = build_event(text, span, index)
        if event is not None and not _duplicate_event(event, records.events):
            records.events.append(event)
    for span in _record_spans(document, sections, roles["missions"]):
        mission = build_mission(text, span, index)
        if mission is not None:
            records.missions.append(mission)
    for span in _record_spans(document, sections, roles["timeline"]):
        entry = build_timeline_entry(text, span, index)
        if entry is not None:
            records.timeline.append(entry)
        elif records.timeline and span.start - records.timeline[-1].end_offset < 4:
            # a list item's wrapped continuation (a PDF line break inside the entry)
            last = records.timeline[-1]
            last.text = f"{last.text} {text[span.start:span.end].strip()}"
            last.end_offset = span.end
    return records


# --------------------------------------------------------------------------- sections


def _sections_by_role(sections: list[Section]) -> dict[str, list[int]]:
    """Section indexes per record role, from title keywords; a subsection inherits its parent's role."""
    words = _section_words()
    roles: dict[str, list[int]] = {role: [] for role in words}
    for i, s in enumerate(sections):
        if s.kind != "heading":
            continue
        title = s.title.lower()
        for role, keys in words.items():
            if any(k in title for k in keys):
                roles[role].append(i)
    return roles


def _record_spans(document: Document, sections: list[Section], section_ids: list[int]) -> Iterable[Span]:
    """Numbered entries of the sections when they have them; otherwise their paragraphs/items.

    A subsection with a role of its own (e.g. "Бизнес мисии" under "Международна дейност")
    is left to that role.
    """
    claimed = {i for i in section_ids}
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
        for block in _content_blocks(document, sec):
            if any(s.start <= block.start < s.end for s in sub_with_role):
                continue
            yield Span(block.start, block.end, sid)


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


_PROJECT_WORD = re.compile(r"(?i)(?<!\w)(?:проект|project)")


def _project_paragraphs_elsewhere(
    document: Document,
    sections: list[Section],
    roles: dict[str, list[int]],
    index: MentionIndex,
    found: list[Project],
) -> Iterable[Span]:
    """Projects told in a paragraph of any other section ("Новини": "... спечели финансиране
    по програма Еразъм+ за проект „X“ с бюджет ..."): the word "проект" with a programme
    or a programme code. Event, mission and timeline sections are left to their records.
    """
    taken = Intervals(
        [(sections[i].start, sections[i].end) for role in roles for i in roles[role]]
        + [(p.start, p.end_offset) for p in found]
    )
    locate = SectionLocator(sections)
    for block in document.blocks:
        if block.kind not in ("paragraph", "list_item") or taken.contains(block.start):
            continue
        if _PROJECT_WORD.search(document.text, block.start, block.end) and index.within(
            block.start, block.end, "programme", "programme_code"
        ):
            yield Span(block.start, block.end, locate(block.start))


def _content_blocks(document: Document, sec: Section) -> list[Block]:
    """Paragraphs, list items and table rows starting inside the section (blocks are in text order)."""
    starts = document.block_starts
    lo, hi = bisect_left(starts, sec.start), bisect_left(starts, sec.end)
    return [b for b in document.blocks[lo:hi] if b.kind in ("paragraph", "list_item", "table_row")]


# --------------------------------------------------------------------------- metadata

_ISSUE_NO = re.compile(r"(?i)(?<!\w)(?:брой|бр\.|issue|no\.?|№)\s*(\d{1,4})(?!\d)")
_WEBSITE = re.compile(r"\b(?:https?://)?(?:www\.)[\w.-]+\.[a-z]{2,}(?:/[\w./-]*)?|\bhttps?://[\w.-]+\.[a-z]{2,}(?:/[\w./-]*)?")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_ADDRESS = re.compile(
    r"(?:(?:гр\.\s*)?[А-Я][а-я]+(?:\s[А-Я][а-я]+)?\s\d{4},\s*)?(?:ул\.|бул\.|пл\.|ж\.к\.)\s*[^\n]+?(?=\s+(?:Интернет|Тел|тел\.|e-mail|E-mail|www\.|http)|\n|$)"
)
_MASTHEAD_MAX = 2000
_COLOPHON_CHARS = 1500
_TITLE_WORDS = re.compile(r"(?i)бюлетин|bulletin|newsletter|вестник|информационен лист")
_TITLE_END = re.compile(r"(?i)\s*(?:[-–—,:]\s*)?(?:№|брой|бр\.|issue|no\.)")


def masthead_end(text: str, sections: list[Section]) -> int:
    """Where the masthead (title, number, date, publisher) ends: at the first real section.

    A leading level-1 heading is the bulletin's own title and belongs to the masthead.
    """
    for i, s in enumerate(sections):
        if s.kind == "front_matter" or (i == 0 and s.level == 1 and s.start == 0):
            continue
        if s.start > 0:
            return min(s.start, _MASTHEAD_MAX)
    return min(len(text), _MASTHEAD_MAX)


def build_metadata(document: Document, sections: list[Section], index: MentionIndex) -> Metadata:
    """Title, number, date and publisher come from the masthead; contact details from the
    masthead or, failing that, from the colophon at the end (back cover)."""
    text = document.text
    end = masthead_end(text, sections)
    front = text[:end]
    colophon = text[max(end, len(text) - _COLOPHON_CHARS) :]
    issue = _ISSUE_NO.search(front)
    dates = [m for m in index.within(0, end, "date") if isinstance(m.value, DateValue)]
    labelled = [m for m in dates if re.search(r"(?i)дата\s*:?\s*$", text[max(0, m.start - 12) : m.start])]
    date_m = (labelled or dates)[0] if (labelled or dates) else None
    address = _ADDRESS.search(front) or _ADDRESS.search(colophon)
    website = _WEBSITE.search(front) or _WEBSITE.search(colophon)
    email = _EMAIL.search(front) or _EMAIL.search(colophon)
    return Metadata(
        title=_masthead_title(front, sections),
        issue_number=issue.group(1) if issue else None,
        date=date_m.value if date_m is not None else None,  # type: ignore[arg-type]
        publisher=_publisher(front, address, index, end),
        address=address.group(0).strip(" ,") if address else None,
        website=website.group(0) if website else None,
        email=email.group(0) if email else None,
    )


def _masthead_title(front: str, sections: list[Section]) -> str | None:
    """The line naming the bulletin ("ИНФОРМАЦИОНЕН БЮЛЕТИН № 12" -> "ИНФОРМАЦИОНЕН БЮЛЕТИН")."""
    for line in front.splitlines():
        if _TITLE_WORDS.search(line):
            cut = _TITLE_END.search(line)
            title = (line[: cut.start()] if cut else line).strip(" ,.-–—:")
            if title:
                return title
    for s in sections:
        if s.title:
            return s.title
    first = front.strip().split("\n", 1)[0].strip()
    return first or None


def _publisher(front: str, address: re.Match[str] | None, index: MentionIndex, end: int) -> str | None:
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
    orgs = index.within(0, end, "org")
    if orgs and isinstance(orgs[0].value, EntityValue):
        return orgs[0].value.name
    heads = {h.casefold() for h in gazetteer.shapes()["org_heads"]}
    for line in front.splitlines():
        title = _TITLE_WORDS.search(line)
        if title:  # "ОБЩИНА ГАБРОВО ИНФОРМАЦИОНЕН БЮЛЕТИН № 12": the name before the title
            before = line[: title.start()].split()
            if before and _ADJECTIVE.search(before[-1]):
                before = before[:-1]
            line = " ".join(before)
        words = line.split()
        if words and words[0].casefold() in heads and len(words) <= 8:
            return line.strip()
    return None


#: the adjective of a bulletin's title ("ИНФОРМАЦИОНЕН бюлетин", "Юбилеен", "Електронен")
_ADJECTIVE = re.compile(r"(?i)(?:ен|ски|ов|ни|на)$")


def _publisher_aliases(metadata: Metadata, index: MentionIndex, text: str) -> list[str]:
    """Names a bulletin uses for its own organisation: its abbreviation, 'клъстера', ..."""
    aliases = list(_cues()["publisher_share_words"])
    if metadata.publisher:
        aliases.append(metadata.publisher.lower())
        found = re.search(re.escape(metadata.publisher) + r"\s*\(([^)]{2,12})\)", text)
        if found:
            aliases.append(found.group(1).lower())
    return aliases


# --------------------------------------------------------------------------- projects

_TITLE_TRIM = " \t-–—,;:.|по"
_ACRONYM_PAREN = re.compile(r"\s*\(([^()]{2,30})\)\s*$")
_ACRONYM_DASH = re.compile(r"\s+[-–—]\s+([A-Za-zА-Яа-я0-9][\w+-]{1,20})$")


def build_project(
    text: str, span: Span, index: MentionIndex, publisher: list[str], columns: Columns | None = None
) -> Project | None:
    body = text[span.start : span.end]
    mentions = index.within(span.start, span.end)
    programmes = [m for m in mentions if m.kind == "programme"]
    codes = [m for m in mentions if m.kind == "programme_code"]
    money = [m for m in mentions if m.kind == "money"]
    if not (programmes or codes or money):
        return None
    number_m = NUMBERED_ENTRY.match(body)
    named = None if number_m else _NAMED_PROJECT.search(body)
    if named:
        # 'стартира проектът „Зелени коридори“ (ROBG-512)': the quoted name is the title
        title = " ".join(named.group(1).split())
        acronym = named.group(2) if named.group(2) and not _is_code(named.group(2), codes) else None
    else:
        title, acronym = _project_title(text, span, number_m.end() if number_m else 0, programmes + codes)
    evidence: dict[str, list[int]] = {}
    project = Project(
        number=int(number_m.group(1)) if number_m else None,
        title=title,
        acronym=acronym,
        start=span.start,
        end_offset=span.end,
        section=span.section,
    )
    if programmes:
        pv = programmes[0].value
        assert isinstance(pv, ProgrammeValue)
        project.programme = pv.name
        project.programme_id = pv.programme
        evidence["programme"] = [programmes[0].id]
    seen_codes: list[str] = []
    for c in codes:
        cv = c.value
        assert isinstance(cv, ProgrammeCodeValue)
        if cv.code not in seen_codes:
            seen_codes.append(cv.code)
            evidence.setdefault("codes", []).append(c.id)
        if project.programme_id is None and cv.programme:
            project.programme_id = cv.programme
            known = programme_by_id().get(cv.programme)
            project.programme = known.name if known else cv.programme
    project.codes = seen_codes
    for m in money:
        role = _money_role(text, m, publisher)
        if role and getattr(project, role) is None:
            setattr(project, role, m.value)
            evidence[role] = [m.id]
    if project.budget is None and money:
        first = next((m for m in money if _money_role(text, m, publisher) is None), None)
        if first is not None:
            project.budget = first.value  # type: ignore[assignment]
            evidence["budget"] = [first.id]
    for m in index.within(span.start, span.end, "count"):
        cv = m.value
        if getattr(cv, "partners", None) is not None and project.partners is None:
            project.partners = cv.partners  # type: ignore[union-attr]
            evidence.setdefault("partners", []).append(m.id)
        if getattr(cv, "countries", None) is not None and project.countries is None:
            project.countries = cv.countries  # type: ignore[union-attr]
            evidence.setdefault("countries", []).append(m.id)
    _project_dates(text, project, index.within(span.start, span.end, "date"), evidence, columns)
    project.status = _status(body)
    project.evidence = evidence
    return project


_NAMED_PROJECT = re.compile(
    r"(?i)(?<!\w)проект(?:а|ът)?\s+(?:№\s*\S+\s+)?[„\"“«]([^„\"“”«»]{3,150})[“”\"»]\s*(?:\(([^()]{2,30})\))?"
)


def _is_code(text: str, codes: list[Mention]) -> bool:
    return any(c.text == text or (isinstance(c.value, ProgrammeCodeValue) and c.value.code == text) for c in codes)


def _project_title(
    text: str, span: Span, offset: int, anchors: list[Mention]
) -> tuple[str, str | None]:
    """The title runs from the entry number to the programme or code that follows it."""
    start = span.start + offset
    first_sentence_end = _sentence_end(text, start, span.end)
    cut = first_sentence_end
    for m in anchors:
        if start < m.start < cut:
            cut = m.start
    title = text[start:cut].strip()
    while title and (title[-1] in _TITLE_TRIM or title.endswith(" по") or title.endswith(" - ")):
        title = title[:-3] if title.endswith(" по") else title[:-1]
        title = title.rstrip()
    acronym = None
    paren = _ACRONYM_PAREN.search(title)
    if (paren and " " not in paren.group(1).strip()) or (paren and len(paren.group(1)) <= 15):
        acronym = paren.group(1).strip()  # type: ignore[union-attr]
        title = title[: paren.start()].strip()  # type: ignore[union-attr]
    else:
        dash = _ACRONYM_DASH.search(title)
        if (dash and any(c.isupper() for c in dash.group(1)[1:])) or (dash and any(c.isdigit() for c in dash.group(1))):
            acronym = dash.group(1)  # type: ignore[union-attr]
            title = title[: dash.start()].strip()  # type: ignore[union-attr]
    return title or text[start:first_sentence_end].strip(), acronym


def _sentence_end(text: str, start: int, limit: int) -> int:
    m = re.compile(r"[.!?](?=\s+[А-ЯA-Z„\"]|\s*$)").search(text, start, limit)
    return m.start() if m else limit


_ROLE_AFTER = re.compile(r"\s*(безвъзмездн|собствено финансиране|собствен принос|съфинансиране)")


def _money_role(text: str, m: Mention, publisher: list[str]) -> str | None:
    roles = _cues()["money_roles"]
    before = text[max(0, m.start - 45) : m.start].lower()
    after = text[m.end : m.end + 40].lower()
    after_words = after.strip().split()
    if after_words[:1] == ["за"] and len(after_words) > 1:
        target = after_words[1].strip(".,;)")
        if any(target.startswith(p) or p.startswith(target) for p in publisher):
            return "publisher_share"
    # a role named right after the amount: "2 087 263,43 лв. безвъзмездна финансова помощ"
    follows = _ROLE_AFTER.match(after)
    if follows:
        return "grant" if follows.group(1).startswith("безвъзмездн") else "co_financing"
    # the nearest cue before the amount decides ("бюджет от X в т.ч. безвъзмездна помощ от Y")
    best: tuple[int, str] | None = None
    for role in ("grant", "co_financing", "budget"):
        for cue in roles[role]:
            pos = before.rfind(cue)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, role)
    if best and "в т.ч." in before[best[0] :] and best[1] == "budget":
        return None
    return best[1] if best else None


Columns = list[tuple[str, int, int]]
"""A table row's cells: (header, start, end) for each, offsets into the text."""

_CELL_SEP = " | "


def table_columns(document: Document) -> dict[int, Columns]:
    """Each table row (by its start) with its cells under their column headers.

    A run of table rows is one table; its first row names the columns ("Проект | Бюджет |
    Край"), so a date in the "Край" column is the project's end.
    """
    text = document.text
    out: dict[int, Columns] = {}
    header: list[str] = []
    previous_end = -10
    for block in document.blocks:
        if block.kind != "table_row":
            previous_end = -10
            continue
        row = text[block.start : block.end]
        if block.start - previous_end > 1:  # rows of one table are one newline apart
            header = [c.strip().lower() for c in row.split(_CELL_SEP)]
        else:
            cells: Columns = []
            start = block.start
            for i, cell in enumerate(row.split(_CELL_SEP)):
                cells.append((header[i] if i < len(header) else "", start, start + len(cell)))
                start += len(cell) + len(_CELL_SEP)
            out[block.start] = cells
        previous_end = block.end
    return out


def _column_role(columns: Columns | None, offset: int) -> str | None:
    for header, start, end in columns or []:
        if start <= offset < end:
            for role, words in _cues()["column_roles"].items():
                if any(w in header for w in words):
                    return str(role)
    return None


def _project_dates(
    text: str,
    project: Project,
    dates: list[Mention],
    evidence: dict[str, list[int]],
    columns: Columns | None = None,
) -> None:
    for m in dates:
        dv = m.value
        assert isinstance(dv, DateValue)
        before = text[max(0, m.start - 40) : m.start].lower()
        column = _column_role(columns, m.start)
        if column == "period" and project.period is None:
            project.period = dv
            evidence["period"] = [m.id]
        elif (column == "end" or any(c in before for c in _cues()["end_cues"])) and project.end is None:
            project.end = dv
            evidence["end"] = [m.id]
        elif is_range(dv) and project.period is None:
            project.period = dv
            evidence["period"] = [m.id]
    if project.end is None and project.period is not None:
        # "Реализиран е през 2018 - 2019 г.": the project ended in the period's last year
        project.end = last_unit(project.period)
        evidence["end"] = evidence["period"]


def is_range(dv: DateValue) -> bool:
    """More than one day, month or year at its precision ("2018 - 2019 г.", "28-29 септември")."""
    if dv.precision == "day":
        return dv.start != dv.end
    if dv.precision == "month":
        return (dv.start.year, dv.start.month) != (dv.end.year, dv.end.month)
    return dv.start.year != dv.end.year


def last_unit(dv: DateValue) -> DateValue:
    """The last day, month or year of a range, at the range's precision."""
    end = dv.end
    first = {"day": end, "month": end.replace(day=1), "year": end.replace(month=1, day=1)}[dv.precision]
    return DateValue(start=first, end=end, precision=dv.precision)


Status = Literal["completed", "ongoing", "planned"]


def _status(body: str) -> Status | None:
    low = body.lower()
    found: list[tuple[int, str]] = []
    for status, words in _cues()["status"].items():
        for w in words:
            pos = low.find(w)
            if pos >= 0:
                found.append((pos, status))
    # ongoing/planned verbs are more specific than the completed ones ("реализира се" vs "реализиран е")
    order: tuple[Status, ...] = ("planned", "ongoing", "completed")
    for status in order:
        if any(s == status for _, s in found):
            return status
    return None


# --------------------------------------------------------------------------- events

_QUOTED = re.compile(r"[„\"“«]([^„\"“”«»]{3,200})[“”\"»]")


def build_event(text: str, span: Span, index: MentionIndex) -> Event | None:
    body = text[span.start : span.end]
    dates = index.within(span.start, span.end, "date")
    kind = _event_kind(body)
    if not dates or kind is None:
        return None
    # the event's own date is usually the parenthesised one at the end of the entry
    date_m = dates[-1]
    quoted = _QUOTED.search(body)
    if quoted:
        title = f"{body[: quoted.start()].strip()} {quoted.group(0)}".strip()
    else:
        title = text[span.start : _sentence_end(text, span.start, span.end)].strip()
    if dates[0].start == span.start:
        # "14/03/2021 – Кръгла маса „...“": a calendar line opens with the date
        title = _AFTER_DATE.sub("", title[dates[0].end - span.start :], count=1) or title
    title = re.sub(r"\s+", " ", title)[:200]
    evidence: dict[str, list[int]] = {"date": [date_m.id]}
    orgs = []
    for m in index.within(span.start, span.end, "org"):
        name = m.value.name if isinstance(m.value, EntityValue) else m.text
        if name not in orgs:
            orgs.append(name)
            evidence.setdefault("organisations", []).append(m.id)
    place, place_ids = _event_place(text, span, index, date_m)
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


def _event_kind(body: str) -> str | None:
    low = body.lower()
    best: tuple[int, str] | None = None
    for kind, words in _cues()["event_kinds"].items():
        for w in words:
            m = re.search(r"(?<!\w)" + re.escape(w), low)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), kind)
    return best[1] if best else None


_VENUE = re.compile(
    r"\bв\s+((?:[А-ЯA-Z][\w.-]*\s){0,4}(?:Център|Центъра|Парк|Хотел|Зала|Експо|Expo|Center|Centre|Hall)"
    r"(?:\s(?:[А-ЯA-Z0-9][\w.-]*|No\s?\d+)){0,3})"
)


# 'Семинар „Инструменти ...“, София Тех Парк, в рамките на ...': a venue right after the title
_PLACE_AFTER_TITLE = re.compile(r"[“”\"»],\s+((?:[А-ЯA-Z][\w.-]*)(?:\s[А-ЯA-Z][\w.-]*){0,4}),")


def _event_place(text: str, span: Span, index: MentionIndex, date_m: Mention) -> tuple[str | None, list[int]]:
    """Where it happened: '(София Тех Парк, 26 ноември, 2018)', 'в Интер Експо Център', 'в София'."""
    open_br = text.rfind("(", span.start, date_m.start)
    if open_br >= 0 and text.find(")", open_br, date_m.start) < 0:
        inside = text[open_br + 1 : date_m.start].strip(" ,")
        if inside and len(inside) < 80 and not any(ch.isdigit() for ch in inside):
            return inside, []
    after_title = _PLACE_AFTER_TITLE.search(text, span.start, span.end)
    if after_title:
        return after_title.group(1), []
    venue = _VENUE.search(text, span.start, span.end)
    if venue:
        return venue.group(1).strip(), []
    for loc in index.within(span.start, span.end, "location"):
        if _PLACE_BEFORE.search(text, max(span.start, loc.start - 6), loc.start):
            name = loc.value.name if isinstance(loc.value, EntityValue) else loc.text
            return name, [loc.id]
    return None, []


#: "в София", "гр. Пловдив", "град Банско" right before a place name, or a table cell of its own
_PLACE_BEFORE = re.compile(r"(?:(?<!\w)в|гр\.|град|\|)\s*$")


def _duplicate_event(event: Event, events: list[Event]) -> bool:
    return any(e.title == event.title and e.date == event.date for e in events)


# --------------------------------------------------------------------------- missions

_PROJECT_REF = re.compile(r"(?i)\bпроект(?:а|ът)?\s+[„\"]?([A-Za-zА-Яа-я0-9][\w+-]{1,40})")


def build_mission(text: str, span: Span, index: MentionIndex) -> Mission | None:
    dates = index.within(span.start, span.end, "date")
    if not dates:
        return None
    body = text[span.start : span.end]
    first_end = _sentence_end(text, span.start, span.end)
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


# --------------------------------------------------------------------------- timeline

_AFTER_DATE = re.compile(r"^\s*[-–—:|]?\s*")


def build_timeline_entry(text: str, span: Span, index: MentionIndex) -> TimelineEntry | None:
    """A timeline entry starts with its date: '26.04.2016 г. - провеждане на семинар ...'."""
    dates = index.within(span.start, span.end, "date")
    lead = text[span.start : dates[0].start].strip(" -–—•*") if dates else "x"
    if not dates or lead:
        return None
    d = dates[0]
    rest = text[d.end : span.end]
    rest = rest[_AFTER_DATE.match(rest).end() :]  # type: ignore[union-attr]
    return TimelineEntry(
        date=d.value,  # type: ignore[arg-type]
        text=re.sub(r"\s+", " ", rest).strip(),
        section=span.section,
        start=span.start,
        end_offset=span.end,
        evidence={"date": [d.id]},
    )
