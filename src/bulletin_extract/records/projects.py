"""Projects: a numbered entry, list item, table row or paragraph that names a programme,
a programme code or an amount.

The title runs from the entry's start to its programme or code ("1. Укрепване на ...
- ОПИК, BG16RFOP002-2.009"), or is the quoted name after the word "проект". An amount
gets its role (budget, grant, co-financing, the publisher's share) from the words around
it ("бюджет от", "безвъзмездна помощ от", "в т.ч. ... за КСГЗ"): data/record_cues.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from ..models import DateValue, Mention, ProgrammeCodeValue, ProgrammeValue, Project
from ..rules.programmes import by_id as programme_by_id
from ..segment import NUMBERED_ENTRY
from .context import Intervals, RecordContext, Span, cues, sentence_end, words_pattern
from .tables import Columns, column_role, table_columns

_TITLE_TRIM = " \t-–—,;:.|по"
_ACRONYM_PAREN = re.compile(r"\s*\(([^()]{2,30})\)\s*$")
_ACRONYM_DASH = re.compile(r"\s+[-–—]\s+([A-Za-zА-Яа-я0-9][\w+-]{1,20})$")
_NAMED_PROJECT = re.compile(
    r"(?i)(?<!\w)проект(?:а|ът)?\s+(?:№\s*\S+\s+)?[„\"“«]([^„\"“”«»]{3,150})[“”\"»]\s*(?:\(([^()]{2,30})\))?"
)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        "project_word": re.compile(rf"(?i)(?<!\w)(?:{words_pattern('project_ref')})"),
        # a role named right after the amount: "2 087 263,43 лв. безвъзмездна финансова помощ"
        "role_after": re.compile(rf"\s*({words_pattern('grant_after')}|{words_pattern('co_financing_after')})"),
    }


def find_projects(ctx: RecordContext) -> list[Project]:
    """Entries of the projects sections, then projects told in paragraphs elsewhere."""
    text = ctx.text
    columns = table_columns(ctx.document)
    projects: list[Project] = []
    for span in ctx.spans("projects"):
        project = build_project(text, span, ctx, columns.get(span.start))
        if project is not None:
            projects.append(project)
    for span in _project_paragraphs_elsewhere(ctx, projects):
        project = build_project(text, span, ctx)
        if project is not None:
            projects.append(project)
    projects.sort(key=lambda p: p.start)
    return projects


def _project_paragraphs_elsewhere(ctx: RecordContext, found: list[Project]) -> Iterable[Span]:
    """Projects told in a paragraph of any other section ("Новини": "... спечели финансиране
    по програма Еразъм+ за проект „X“ с бюджет ..."): the word "проект" with a programme
    or a programme code. Event, mission and timeline sections are left to their records.
    """
    sections, roles = ctx.sections, ctx.roles
    taken = Intervals(
        [(sections[i].start, sections[i].end) for role in roles for i in roles[role]]
        + [(p.start, p.end_offset) for p in found]
    )
    locate = ctx.locate()
    word = _patterns()["project_word"]
    for block in ctx.document.blocks:
        if block.kind not in ("paragraph", "list_item") or taken.contains(block.start):
            continue
        if word.search(ctx.text, block.start, block.end) and ctx.index.within(
            block.start, block.end, "programme", "programme_code"
        ):
            yield Span(block.start, block.end, locate(block.start))


def build_project(text: str, span: Span, ctx: RecordContext, columns: Columns | None = None) -> Project | None:
    body = text[span.start : span.end]
    mentions = ctx.index.within(span.start, span.end)
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
    publisher = ctx.publisher_aliases
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
    for m in ctx.index.within(span.start, span.end, "count"):
        cv = m.value
        if getattr(cv, "partners", None) is not None and project.partners is None:
            project.partners = cv.partners  # type: ignore[union-attr]
            evidence.setdefault("partners", []).append(m.id)
        if getattr(cv, "countries", None) is not None and project.countries is None:
            project.countries = cv.countries  # type: ignore[union-attr]
            evidence.setdefault("countries", []).append(m.id)
    _project_dates(text, project, ctx.index.within(span.start, span.end, "date"), evidence, columns)
    project.status = _status(body)
    project.evidence = evidence
    return project


def _is_code(text: str, codes: list[Mention]) -> bool:
    return any(c.text == text or (isinstance(c.value, ProgrammeCodeValue) and c.value.code == text) for c in codes)


def _project_title(text: str, span: Span, offset: int, anchors: list[Mention]) -> tuple[str, str | None]:
    """The title runs from the entry number to the programme or code that follows it."""
    start = span.start + offset
    first_sentence_end = sentence_end(text, start, span.end)
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


def _money_role(text: str, m: Mention, publisher: list[str]) -> str | None:
    roles = cues()["money_roles"]
    before = text[max(0, m.start - 45) : m.start].lower()
    after = text[m.end : m.end + 40].lower()
    after_words = after.strip().split()
    if after_words[:1] == ["за"] and len(after_words) > 1:
        target = after_words[1].strip(".,;)")
        if any(target.startswith(p) or p.startswith(target) for p in publisher):
            return "publisher_share"
    follows = _patterns()["role_after"].match(after)
    if follows:
        grant_words = tuple(cues()["grant_after"])
        return "grant" if follows.group(1).startswith(grant_words) else "co_financing"
    # the nearest cue before the amount decides ("бюджет от X в т.ч. безвъзмездна помощ от Y")
    best: tuple[int, str] | None = None
    for role in ("grant", "co_financing", "budget"):
        for cue in roles[role]:
            pos = before.rfind(cue)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, role)
    if best and best[1] == "budget" and any(w in before[best[0] :] for w in cues()["includes_markers"]):
        return None
    return best[1] if best else None


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
        column = column_role(columns, m.start)
        if column == "period" and project.period is None:
            project.period = dv
            evidence["period"] = [m.id]
        elif (column == "end" or any(c in before for c in cues()["end_cues"])) and project.end is None:
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
    for status, words in cues()["status"].items():
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
