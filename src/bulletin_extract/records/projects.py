"""Projects, from the ways real documents tell them.

- **Entries of a projects section** ("Проекти"): a numbered entry, list item, table row
  or paragraph opens a project; its title runs from the entry's start to its programme or
  code ("1. Укрепване на ... - ОПИК, BG16RFOP002-2.009"), or is the quoted name after the
  word "проект". A paragraph that opens with a field label ("Обща стойност: ...") or goes
  on about the project ("Проектът се изпълнява ...") has no title of its own: it is the
  next line of the card above it.
- **Named projects anywhere** ("... по проект № BG-RRP-3.008-0244-C01 „Кръгова икономика“",
  "Наименование на проекта: ..."): one record per distinct title. A document about one
  project (a project page, a poster) gives it the whole document; several named projects
  share it out, each from its first mention to the next one's.
- **A poster's quoted heading** ("„АКТИВНО ПРИОБЩАВАНЕ ...“" set large) when nothing else
  names the project.

Fields come from the project's own paragraphs (loosely: an amount's role from the words
around it) and from the rest of its stretch only when labelled (the EU publicity labels of
data/project_labels.json: "Обща стойност на проекта", "БФП", "Край на проекта", ...).
A programming period ("2014-2020" after a programme's name) is never the project's end.
The programme is the named operational programme, else the code's prefix, else the fund.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from ..document import Block
from ..mention_draft import MentionDraft
from ..models import BGN_PER_EUR, DateValue, MoneyValue, ProgrammeCodeValue, ProgrammeValue, Project
from ..rules.programmes import by_id as programme_by_id
from ..segment import NUMBERED_ENTRY
from .context import Intervals, RecordContext, Span, cues, sentence_end, words_pattern
from .labels import alternation, date_label, duration_months, has_budget_label, label_start, project_labels
from .tables import Columns, column_role, table_columns

_TITLE_TRIM = " \t-–—,;:.|по"
_ACRONYM_PAREN = re.compile(r"\s*\(([^()]{2,30})\)\s*$")
_ACRONYM_DASH = re.compile(r"\s+[-–—]\s+([A-Za-zА-Яа-я0-9][\w+-]{1,20})$")
_OPEN, _CLOSE = "„\"“«", "“”\"»"
#: a name in quotes, over at most one line break, with one level of nested typographic
#: quotes ("„Ремонт на СУ „Иван Вазов““": schools and clubs are named in quotes too)
_NESTED = r"[„«][^„\"“”«»\n]{1,80}[“”»\"]"
_NAME_CHAR = rf"(?:[^„\"“”«»\n]|{_NESTED})"
_QUOTED_NAME = rf"[{_OPEN}]({_NAME_CHAR}{{3,200}}(?:\n{_NAME_CHAR}{{1,200}})?)[{_CLOSE}]"
#: a quoted name over two heading lines (blocks are a blank line apart)
_HEADING_NAME = re.compile(rf"[{_OPEN}]({_NAME_CHAR}{{3,200}}(?:\n\n?{_NAME_CHAR}{{1,200}})?)[{_CLOSE}]")
#: a field label opening a paragraph: "Обща стойност: ...", "Бенефициент: ..."
_FIELD_LABEL = re.compile(r"^\s*[^\s:.!?„\"“«]{2,30}(?:\s+[^\s:.!?„\"“«]{1,30}){0,5}\s*:\s")

Role = Literal["budget", "grant", "co_financing", "publisher_share"]


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    labels = project_labels()
    project = alternation(labels["project_words"])
    code = r"[A-Za-z0-9][\w.\-/]*\d[\w.\-/]*"
    titled = alternation(labels["title_labels"])
    return {
        "project_word": re.compile(rf"(?i)(?<!\w)(?:{words_pattern('project_ref')})"),
        # a role named right after the amount: "2 087 263,43 лв. безвъзмездна финансова помощ"
        "role_after": re.compile(rf"[ \t]*({words_pattern('grant_after')}|{words_pattern('co_financing_after')})"),
        # 'проект № BG-RRP-3.008-0244-C01 „Кръгова икономика“', 'Проектът е „X“', 'Проект: X „Y“ (ACR)',
        # 'ПРОЕКТ BG05M2OP001-5.001-0001 – REACT-EU – „X“' (a short tag between the code and the name)
        "named": re.compile(
            rf"(?i)(?<!\w)(?:{project})(?:\s+е|\s*:)?\s*(?:(?:№|No\.?|N\.?|n\.)\s*)?(?:({code})[^„\"“«\n.!?;]{{0,25}}?)?"
            rf"{_QUOTED_NAME}(?:\s*\(([^()]{{2,30}})\))?"
        ),
        # 'Наименование на проекта: Зелени училища' (to the end of the line)
        "labelled": re.compile(rf"(?im)^[ \t]*(?:{titled})[ \t]*[:–-][ \t]*(?:({code})\s*,?\s*)?(\S.*?)[ \t]*$"),
        # 'Наименование на проекта' over its value on the next line (a web page's field list)
        "labelled_above": re.compile(
            rf"(?im)^[ \t]*(?:{alternation([w for w in labels['title_labels'] if w not in labels['project_words']])})"
            r"[ \t]*:?[ \t]*\n+[ \t]*(\S.*?)[ \t]*$"
        ),
        "continuation": re.compile(rf"(?i)^\s*(?:{alternation(labels['continuation_openers'])})(?!\w)"),
        "programme_word": re.compile(rf"(?i)(?:{alternation(labels['programme_words'])})"),
        "period_cue": re.compile(rf"(?i)(?:{alternation(labels['period_cues'])})"),
        "procedure_before": re.compile(rf"(?i)(?<!\w)(?:{alternation(labels['procedure_words'])})\s*(?:№\s*)?$"),
        "start_verb": re.compile(rf"(?i)(?<!\w)(?:{alternation(labels['start_verbs'])})(?!\w)"),
    }


_QUOTES = re.compile(r"[„“”\"«»‘’'`]")


def normalise_name(text: str) -> str:
    """Two writings of one title share this key: case, quotes, dashes and spacing aside.

    >>> normalise_name("„Зелени  коридори“") == normalise_name("ЗЕЛЕНИ КОРИДОРИ")
    True
    """
    text = _QUOTES.sub("", text)
    text = re.sub(r"\s*[-‐‑–—]\s*", "-", text)
    return " ".join(text.split()).strip(" .,;:()").casefold()


# --------------------------------------------------------------------------- drafts


@dataclass
class Draft:
    """A project being gathered from one or more stretches of text."""

    project: Project
    evidence: dict[str, list[int]] = field(default_factory=dict)
    #: (0 named programme / 1 code prefix / 2 fund, from the project's own paragraph, id, name, mention id)
    programmes: list[tuple[int, bool, str, str, int]] = field(default_factory=list)
    start_date: DateValue | None = None
    duration: int | None = None

    @property
    def has_substance(self) -> bool:
        p = self.project
        return bool(self.programmes or p.codes or p.budget or p.grant or p.publisher_share)


def find_projects(ctx: RecordContext) -> list[Project]:
    """Entries of the projects sections, then projects named elsewhere, then a poster's title."""
    columns = table_columns(ctx.document)
    drafts = list(_section_projects(ctx, columns))
    drafts += _named_projects(ctx, drafts)
    projects = [_finish(d) for d in drafts if d.has_substance]
    projects.sort(key=lambda p: p.start)
    return projects


def _finish(draft: Draft) -> Project:
    p = draft.project
    _choose_programme(draft)
    if p.period is None and draft.start_date is not None and p.end is not None and p.end.end > draft.start_date.start:
        # "Начало: 01.03.2024 г." and "Край: 28.02.2026 г.": the period between them
        p.period = DateValue(start=draft.start_date.start, end=p.end.end, precision="day")
    elif p.period is None and draft.start_date is not None and draft.duration:
        # "Начало: 20.05.2024 г." + "Продължителност: 18 месеца": the period, not a stated end
        p.period = DateValue(
            start=draft.start_date.start,
            end=_add_months(draft.start_date.start, draft.duration) - dt.timedelta(days=1),
            precision="day",
        )
    p.evidence = draft.evidence
    return p


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------- section entries


def _column_title(text: str, columns: Columns | None) -> str | None:
    """A table row's title: the cell under a title header ("Проект", "Наименование"), else
    the first cell that is not a number ("1 | Зелени училища | ...")."""
    if not columns:
        return None
    cells = [(text[a:b].strip(), column_role(columns, a)) for _, a, b in columns]
    titled = [c for c, role in cells if role == "title" and c]
    plain = [c for c, _ in cells if c and not re.fullmatch(r"[\d.№ ]+", c)]
    if not (titled or plain):
        return None
    title = (titled or plain)[0]
    wrapped = re.fullmatch(_QUOTED_NAME, title)
    return " ".join((wrapped.group(1) if wrapped else title).split())


def _section_projects(ctx: RecordContext, columns: dict[int, Columns]) -> Iterable[Draft]:
    """One project per entry of a projects section; a titleless entry continues the card above.

    A sub-heading inside the section ("### „Зелени училища“", "### Ремонт на читалище")
    is a card's title: the paragraphs under it are that one project.
    """
    text, sections = ctx.text, ctx.sections
    locate = ctx.locate()
    current: Draft | None = None
    card_heading: int | None = None
    for span in ctx.spans("projects"):
        body = text[span.start : span.end]
        inner = locate(span.start)
        heading_title = _card_heading(ctx, inner) if inner is not None else None
        if heading_title is not None:
            if inner != card_heading:
                card_heading = inner
                sec = sections[inner]  # type: ignore[index]
                # the card's own paragraph may quote the project's full name: that is the title
                named = _named_in(ctx, span.start, span.end)
                title, acronym = (named[0][1], named[0][2]) if named else heading_title
                current = Draft(Project(title=title, acronym=acronym, start=sec.start, end_offset=span.end, section=inner))
                current.project.status = _status(body)
                yield current
            assert current is not None
            _gather(ctx, current, span, loose=True, columns=columns.get(span.start))
            current.project.end_offset = max(current.project.end_offset, span.end)
            continue
        card_heading = None
        heading = _entry_title(ctx, span)
        if heading is None:
            if current is not None and current.project.section == span.section:
                _gather(ctx, current, span, loose=True, columns=columns.get(span.start))
                current.project.end_offset = max(current.project.end_offset, span.end)
            continue
        number, title, acronym = heading
        column_title = _column_title(text, columns.get(span.start))
        if column_title:
            title, acronym = column_title, None
        if not ctx.index.within(span.start, span.end, "programme", "programme_code", "money") and not _is_title_line(
            body
        ):
            current = None
            continue
        current = Draft(
            Project(number=number, title=title, acronym=acronym, start=span.start, end_offset=span.end, section=span.section)
        )
        _gather(ctx, current, span, loose=True, columns=columns.get(span.start))
        current.project.status = _status(body)
        yield current


def _card_heading(ctx: RecordContext, section_id: int) -> tuple[str, str | None] | None:
    """(title, acronym) when a heading names one project: "Проект „Х“", "„Х“ (ACR)", or a
    plain heading under a projects section that is neither a section word ("Проекти")
    nor a card's sub-heading ("Описание", "Финансиране")."""
    sec = ctx.sections[section_id]
    if sec.kind != "heading":
        return None
    title = " ".join(sec.title.split())
    named = _patterns()["named"].search(title)
    if named:
        return " ".join(named.group(2).split()), named.group(3)
    quoted = re.fullmatch(_QUOTED_NAME + r"(?:\s*\(([^()]{2,30})\))?", title)
    if quoted:
        return " ".join(quoted.group(1).split()), quoted.group(2)
    low = title.casefold().strip(" .:")
    labels = project_labels()
    if section_id in ctx.roles.get("projects", []) or low in labels["card_subheadings"]:
        return None  # "Проекти", "Нашите проекти", "Описание"
    if any(section_id in ids for role, ids in ctx.roles.items() if role != "projects"):
        return None
    if len(title.split()) < 2 or len(title) > 200 or title.endswith((".", "!", "?")):
        return None
    return title, None


def _is_title_line(body: str) -> bool:
    """A card's first line names the project and nothing else ("Проект: „Зелени училища“")."""
    return bool(_patterns()["named"].match(body) or _patterns()["labelled"].match(body)) and "\n" not in body.strip()


def _entry_title(ctx: RecordContext, span: Span) -> tuple[int | None, str, str | None] | None:
    """(number, title, acronym) of an entry, or None when it only goes on about the card above."""
    text = ctx.text
    body = text[span.start : span.end]
    codes = ctx.index.within(span.start, span.end, "programme_code")
    number_m = NUMBERED_ENTRY.match(body)
    if number_m:
        anchors = ctx.index.within(span.start, span.end, "programme", "programme_code")
        title, acronym = _title_before_anchor(text, span, number_m.end(), anchors)
        return int(number_m.group(1)), title, acronym
    named = _named_in(ctx, span.start, span.end)
    if named:
        title, acronym = named[0][1], named[0][2]
        return None, title, acronym if acronym and not _is_code(acronym, codes) else None
    if _FIELD_LABEL.match(body) or _patterns()["continuation"].match(body):
        return None
    anchors = ctx.index.within(span.start, span.end, "programme", "programme_code")
    title, acronym = _title_before_anchor(text, span, 0, anchors)
    if _is_field_noun(title):
        return None  # "Договор № BG16RFOP001-...": a card's line, not a title
    return None, title, acronym


def _is_field_noun(title: str) -> bool:
    """'Договор №', 'Код на проекта', 'Рег. №': a field's name left before a code, no title."""
    low = title.casefold().strip(" :.-–—№")
    nouns = project_labels()["field_nouns"]
    return not low or title.rstrip().endswith("№") or (any(low == n or low.startswith(n + " ") for n in nouns) and len(
        low.split()
    ) <= 4)


def _is_code(text: str, codes: list[MentionDraft]) -> bool:
    return any(c.text == text or (isinstance(c.value, ProgrammeCodeValue) and c.value.code == text) for c in codes)


def _title_before_anchor(text: str, span: Span, offset: int, anchors: list[MentionDraft]) -> tuple[str, str | None]:
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
    wrapped = re.fullmatch(_QUOTED_NAME, title)
    if wrapped:
        title = " ".join(wrapped.group(1).split())  # "„Зелен град“ – ОПРР": the name without its quotes
    return title or text[start:first_sentence_end].strip(), acronym


# --------------------------------------------------------------------------- named projects


def _named_in(ctx: RecordContext, start: int, end: int) -> list[tuple[int, str, str | None]]:
    """(offset, title, acronym) of each project named in [start, end): quoted after "проект",
    or written after a title label ("Наименование на проекта: ...")."""
    text = ctx.text
    found: list[tuple[int, str, str | None]] = []
    for m in _patterns()["named"].finditer(text, start, end):
        title = " ".join(m.group(2).split())
        if not _is_programme_name(ctx, title):
            found.append((m.start(), title, m.group(3)))
    for code in ctx.index.within(start, end, "programme_code"):
        # "1. BG05SFPR001-1.003-0001 „СИЛЕН СТАРТ“": a project's own code right before its name
        after = re.match(rf"\s*[-–—,:]?\s*{_QUOTED_NAME}", text[code.end : min(end, code.end + 260)])
        if after is None or not _is_project_code(code) or _patterns()["procedure_before"].search(
            text, max(start, code.start - 25), code.start
        ):
            continue
        title = " ".join(after.group(1).split())
        if not _is_programme_name(ctx, title) and not any(normalise_name(f[1]) == normalise_name(title) for f in found):
            found.append((code.start, title, None))
    labelled = [(m.start(), m.group(2)) for m in _patterns()["labelled"].finditer(text, start, end)]
    # the value may stand in the next block (label and value a blank line apart)
    above = _patterns()["labelled_above"].finditer(text, start, min(len(text), end + 300))
    labelled += [(m.start(), m.group(1)) for m in above if m.start() < end]
    for at, value in labelled:
        if _FIELD_LABEL.match(value + " "):
            continue  # the next line is another field ("Код: ..."), not the title
        quoted = re.match(_QUOTED_NAME, value)
        title = " ".join((quoted.group(1) if quoted else value).split()).strip(" .;")
        if len(title) >= 3 and not any(abs(at - f[0]) < 80 and normalise_name(f[1]) == normalise_name(title) for f in found):
            if not _is_programme_name(ctx, title) and (quoted or not re.search(r"[.!?]\s", value)):
                found.append((at, title, None))
    found.sort()
    return found


def _is_project_code(code: MentionDraft) -> bool:
    """A contract's or project's code has three parts or more ("BG05SFPR001-1.003-0001",
    "BG16RFOP002-2.073-6307-C01"); a procedure's has two ("BG16RFOP002-2.073")."""
    value = code.value
    return isinstance(value, ProgrammeCodeValue) and len([p for p in re.split(r"[-/]", value.code) if p]) >= 3


def _is_programme_name(ctx: RecordContext, title: str) -> bool:
    """A quoted programme name ("„Наука и образование за интелигентен растеж“") is no project title."""
    key = normalise_name(title)
    return any(key in name for name in _programme_texts(ctx))


def _programme_texts(ctx: RecordContext) -> list[str]:
    """The document's programme mentions, normalised once per document."""
    cached = ctx.cache.get("programme_texts")
    if cached is None:
        cached = ctx.cache["programme_texts"] = [normalise_name(m.text) for m in ctx.index.mentions if m.kind == "programme"]
    return cached  # type: ignore[no-any-return]


def _named_projects(ctx: RecordContext, found: list[Draft]) -> list[Draft]:
    """Projects named outside the projects sections, each over its own stretch of the document."""
    text, sections, roles = ctx.text, ctx.sections, ctx.roles
    # a projects section that gave no project (a poster's "Проект BG05..." heading) is free
    taken = Intervals(
        [(sections[i].start, sections[i].end) for role in roles for i in roles[role] if role != "projects"]
        + [(sections[d.project.section].start, sections[d.project.section].end) for d in found if d.project.section is not None]
        + [(d.project.start, d.project.end_offset) for d in found]
    )
    known = {normalise_name(d.project.title) for d in found}
    blocks = [b for b in ctx.document.blocks if b.kind != "sidebar" and not taken.contains(b.start)]
    firsts: dict[str, tuple[int, str, str | None]] = {}
    anchors: dict[str, list[int]] = {}
    for block in blocks:
        for offset, title, acronym in _named_in(ctx, block.start, block.end):
            key = normalise_name(title)
            if key in known:
                continue
            firsts.setdefault(key, (offset, title, acronym))
            anchors.setdefault(key, []).append(block.start)
    if not firsts and not found:
        poster = _poster_title(ctx, blocks)
        if poster is not None:
            firsts[normalise_name(poster[1])] = poster
            anchors[normalise_name(poster[1])] = [poster[0]]
    if not firsts:
        return []
    order = sorted(firsts, key=lambda k: firsts[k][0])
    locate = ctx.locate()
    whole = len(order) == 1 and not found
    drafts: list[Draft] = []
    for i, key in enumerate(order):
        offset, title, acronym = firsts[key]
        # several projects in one block (a web page's cards): the stretch opens on the anchor's line
        lo = 0 if whole else max(_block_start(blocks, offset), _sentence_start(text, offset))
        # the stretch ends at the next project's first mention, or with the section it is told in
        section = locate(offset)
        section_end = sections[section].end if section is not None else len(text)
        hi = len(text) if whole else section_end if i + 1 == len(order) else _block_start(blocks, firsts[order[i + 1]][0])
        scope = [b for b in blocks if lo < b.end and b.start < hi]
        if not scope:
            continue
        codes = ctx.index.within(scope[0].start, scope[-1].end, "programme_code")
        draft = Draft(
            Project(
                title=title,
                acronym=acronym if acronym and not _is_code(acronym, codes) else None,
                start=offset,
                end_offset=scope[-1].end,
                section=locate(offset),
            )
        )
        own = set(anchors[key])
        word = _patterns()["project_word"]
        for block in scope:
            start, end = max(block.start, lo), min(block.end, hi)
            loose = block.start in own or bool(word.search(text, start, end))
            _gather(ctx, draft, Span(start, end, draft.project.section), loose=loose)
        draft.project.status = _status(" ".join(text[b.start : b.end] for b in scope if b.start in own))
        drafts.append(draft)
    return drafts


def _sentence_start(text: str, offset: int) -> int:
    """Where the line or sentence holding `offset` starts."""
    line = text.rfind("\n", 0, offset) + 1
    stops = list(re.finditer(r"[.!?][\"“”»)]?\s+", text[line:offset]))
    return line + stops[-1].end() if stops else line


def _block_start(blocks: list[Block], offset: int) -> int:
    for b in blocks:
        if b.start <= offset < b.end:
            return b.start
    return offset


def _poster_title(ctx: RecordContext, blocks: list[Block]) -> tuple[int, str, None] | None:
    """A quoted title set as a heading (a poster, a leaflet) in a document about a project.

    The largest such heading wins; one may run over several heading lines. A quoted
    programme name is not it.
    """
    text = ctx.text
    if not _patterns()["project_word"].search(text) or not ctx.index.within(0, len(text), "programme", "programme_code"):
        return None
    best: tuple[int, int, str] | None = None
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "heading":
            i += 1
            continue
        j = i
        while j + 1 < len(blocks) and blocks[j + 1].kind == "heading":
            j += 1
        run = blocks[i : j + 1]
        for m in _HEADING_NAME.finditer(text[run[0].start : run[-1].end]):
            title = " ".join(m.group(1).split())
            at = run[0].start + m.start()
            level = min(b.level for b in run if b.start <= at + len(m.group(0)) and b.end > at)
            if len(title.split()) >= 2 and not _is_programme_name(ctx, title) and not _after_programme_word(text, at):
                if best is None or level < best[0]:
                    best = (level, at, title)
        i = j + 1
    return (best[1], best[2], None) if best else None


def _after_programme_word(text: str, offset: int) -> bool:
    """'ОПЕРАТИВНА ПРОГРАМА' on the line above a quoted name: the name is the programme's."""
    before = text[max(0, offset - 30) : offset].lower().rstrip()
    return any(before.endswith(w.strip()) for w in project_labels()["programme_words"])


# --------------------------------------------------------------------------- fields


def _gather(ctx: RecordContext, draft: Draft, span: Span, loose: bool, columns: Columns | None = None) -> None:
    """Fill the draft's empty fields from one stretch of text.

    `loose`: the stretch is about the project (its entry, or a paragraph naming it), so an
    unlabelled amount is its budget and dated verbs tell its end; otherwise only labelled
    values count.
    """
    text, index, p = ctx.text, ctx.index, draft.project
    mentions = index.within(span.start, span.end)
    for m in mentions:
        if m.kind == "programme" and isinstance(m.value, ProgrammeValue):
            fund = m.value.programme in project_labels()["fund_ids"]
            draft.programmes.append((2 if fund else 0, loose, m.value.programme, m.value.name, m.id))
        elif m.kind == "programme_code" and isinstance(m.value, ProgrammeCodeValue):
            if m.value.code not in p.codes:
                p.codes.append(m.value.code)
                draft.evidence.setdefault("codes", []).append(m.id)
            if m.value.programme:
                known = programme_by_id().get(m.value.programme)
                name = known.name if known else m.value.programme
                draft.programmes.append((1, loose, m.value.programme, name, m.id))
    _gather_money(ctx, draft, [m for m in mentions if m.kind == "money"], loose, columns)
    if loose:
        for m in index.within(span.start, span.end, "count"):
            cv = m.value
            if getattr(cv, "partners", None) is not None and p.partners is None:
                p.partners = cv.partners  # type: ignore[union-attr]
                draft.evidence.setdefault("partners", []).append(m.id)
            if getattr(cv, "countries", None) is not None and p.countries is None:
                p.countries = cv.countries  # type: ignore[union-attr]
                draft.evidence.setdefault("countries", []).append(m.id)
    _gather_dates(ctx, draft, span, index.within(span.start, span.end, "date"), loose, columns)
    if draft.duration is None:
        draft.duration = duration_months(text, span.start, span.end)


def _choose_programme(draft: Draft) -> None:
    """A named programme (from the project's own paragraphs first), else a code's prefix,
    else a fund. A programme named only away from the project yields to its code's."""
    candidates = draft.programmes
    if not candidates:
        return
    named = [c for c in candidates if c[0] == 0]
    own_named = [c for c in named if c[1]]
    code_ids = {c[2] for c in candidates if c[0] == 1}
    if own_named:
        best = own_named[0]
    elif named and (not code_ids or named[0][2] in code_ids):
        best = named[0]
    else:
        rest = [c for c in candidates if c[0] != 0] or candidates
        best = min(rest, key=lambda c: (c[0], not c[1]))
    draft.project.programme_id, draft.project.programme = best[2], best[3]
    draft.evidence["programme"] = [best[4]]


# --------------------------------------------------------------------------- money


def _gather_money(
    ctx: RecordContext, draft: Draft, money: list[MentionDraft], loose: bool, columns: Columns | None = None
) -> None:
    text, p = ctx.text, draft.project
    groups = _currency_pairs(text, money)
    public = _public_parts(text, groups)
    consumed = {m.id for pair in public for m in pair}
    roles: list[tuple[list[MentionDraft], Role | None]] = []
    for group in groups:
        if group[0].id in consumed:
            continue
        column = column_role(columns, group[0].start)
        role: Role | None = (
            column  # type: ignore[assignment]
            if column in ("budget", "grant", "co_financing")
            else _money_role(text, group[0], group[-1], ctx.publisher_aliases)
        )
        if not loose and role == "budget" and not has_budget_label(text, group[0].start):
            role = None  # "на стойност 20 000 лв." away from the project is no budget of it
        roles.append((group, role))
    for group, role in roles:
        if role and getattr(p, role) is None:
            setattr(p, role, group[0].value)
            draft.evidence[role] = [m.id for m in group]
    if public and p.grant is None:
        # "от които 127 500 лв. европейско и 22 500 лв. национално съфинансиране": the grant
        eu, national = public[0]
        assert isinstance(eu.value, MoneyValue) and isinstance(national.value, MoneyValue)
        amount = round(eu.value.amount + national.value.amount, 2)
        currency = eu.value.currency
        p.grant = MoneyValue(amount=amount, currency=currency, amount_eur=_eur(amount, currency))
        draft.evidence["grant"] = [eu.id, national.id]
    if loose and p.budget is None:
        first = next((g for g, role in roles if role is None), None)
        if first is not None:
            p.budget = first[0].value  # type: ignore[assignment]
            draft.evidence["budget"] = [m.id for m in first]


def _eur(amount: float, currency: str) -> float:
    return round(amount if currency == "EUR" else amount / BGN_PER_EUR, 2)


def _currency_pairs(text: str, money: list[MentionDraft]) -> list[list[MentionDraft]]:
    """Amounts grouped so a BGN/EUR pair ("97 791,50 лв. (50 000 евро)") is one amount.

    The second of a pair is in the other currency, worth the same at the fixed rate (to
    1 %), and written right after the first (a bracket, a slash, a dash or "или" between).
    """
    groups: list[list[MentionDraft]] = []
    for m in money:
        if groups and len(groups[-1]) == 1 and _same_value(groups[-1][0], m):
            gap = text[groups[-1][0].end : m.start]
            if _PAIR_GAP.fullmatch(gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


#: between the two writings of one amount: "97 791,50 лв. (50 000 евро)", "/ ", " или ", " = "
_PAIR_GAP = re.compile(r"[\s(/=–—-]{0,4}|\s*[,(]?\s*(?:или|т\.е\.|равни на|равностойност на)\s*")


def _same_value(a: MentionDraft, b: MentionDraft) -> bool:
    va, vb = a.value, b.value
    if not isinstance(va, MoneyValue) or not isinstance(vb, MoneyValue) or va.currency == vb.currency:
        return False
    return abs(va.amount_eur - vb.amount_eur) <= 0.01 * max(va.amount_eur, vb.amount_eur)


@lru_cache(maxsize=1)
def _part_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    parts = project_labels()["public_parts"]
    return (
        re.compile(rf"(?i)^[\s.,]*(?:лв\.?|лева|евро|€)?[\s.,]*(?:{alternation(parts['eu'])})"),
        re.compile(rf"(?i)^[\s.,]*(?:лв\.?|лева|евро|€)?[\s.,]*(?:{alternation(parts['national'])})"),
    )


def _public_parts(text: str, groups: list[list[MentionDraft]]) -> list[tuple[MentionDraft, MentionDraft]]:
    """(EU part, national part) pairs: "X лв. европейско и Y лв. национално съфинансиране"."""
    eu_word, national_word = _part_words()
    out: list[tuple[MentionDraft, MentionDraft]] = []
    for a, b in pairwise(groups):
        first, second = a[0], b[0]
        va, vb = first.value, second.value
        if not (isinstance(va, MoneyValue) and isinstance(vb, MoneyValue)) or va.currency != vb.currency:
            continue
        between = text[a[-1].end : second.start]
        if (
            eu_word.match(text[a[-1].end : a[-1].end + 40])
            and national_word.match(text[b[-1].end : b[-1].end + 40])
            and len(between) < 60
            and re.search(r"(?<!\w)и(?!\w)", between)
        ):
            out.append((first, second))
    return out


def _money_role(text: str, first: MentionDraft, last: MentionDraft, publisher: list[str]) -> Role | None:
    """The role of an amount (or a currency pair from `first` to `last`) from the words around it."""
    roles = cues()["money_roles"]
    # the words before it in its sentence (at most 120 characters back); "в размер на"
    # ("amounting to") names no role, the sentence's subject does ("Полученото финансиране ... е
    # в размер на X", "Общата стойност ... е в размер на Y")
    window = max(0, first.start - 120, min(_sentence_start(text, first.start), label_start(text, first.start)))
    before = _NEUTRAL.sub(lambda m: " " * len(m.group(0)), text[window : first.start].lower())
    after = text[last.end : last.end + 40].lower().split("\n", 1)[0]  # its own line only
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
    best: tuple[int, Role] | None = None
    for role in ("grant", "co_financing", "budget", "publisher_share"):
        for cue in roles.get(role, []):
            pos = _rfind_word(before, cue)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, role)  # type: ignore[assignment]
    if best and best[1] == "budget" and any(w in before[best[0] :] for w in cues()["includes_markers"]):
        return None
    return best[1] if best else None


_NEUTRAL = re.compile(r"(?<!\w)в размер(?:а)? на(?!\w)")


def _rfind_word(haystack: str, cue: str) -> int:
    """Last position of a cue that starts a word ("бфп" not inside another word)."""
    pos = haystack.rfind(cue)
    while pos > 0 and haystack[pos - 1].isalnum():
        pos = haystack.rfind(cue, 0, pos)
    return pos


# --------------------------------------------------------------------------- dates


def _gather_dates(
    ctx: RecordContext, draft: Draft, span: Span, dates: list[MentionDraft], loose: bool, columns: Columns | None
) -> None:
    text, p, ev = ctx.text, draft.project, draft.evidence
    for m in dates:
        dv = m.value
        assert isinstance(dv, DateValue)
        if _is_programming_period(ctx, m):
            continue
        label = date_label(text, m.start)
        column = column_role(columns, m.start)
        before = text[max(0, m.start - 40) : m.start].lower()
        if label == "start" and draft.start_date is None:
            draft.start_date = dv
        elif (label == "end" or column == "end") and is_range(dv):
            if p.period is None:  # a "Срок" column holding "01.2024 – 06.2025": the period
                p.period, ev["period"] = dv, [m.id]
        elif label == "end" or column == "end":
            if p.end is None:
                p.end, ev["end"] = dv, [m.id]
        elif label == "period" or column == "period":
            if is_range(dv) and p.period is None:
                p.period, ev["period"] = dv, [m.id]
            elif not is_range(dv) and label == "period" and re.search(r"(?<!\w)от\s*$", before):
                draft.start_date = draft.start_date or dv  # "Срок на изпълнение: от 15.05.2018 г. до ..."
            elif not is_range(dv) and p.end is None and label == "period":
                p.end, ev["end"] = dv, [m.id]  # "Срок на изпълнение: до 30.06.2026 г."
        elif loose and label is None and not is_range(dv) and _starts_after(ctx, m):
            draft.start_date = draft.start_date or dv
        elif loose and any(c in before for c in cues()["end_cues"]) and p.end is None:
            p.end, ev["end"] = dv, [m.id]
        elif is_range(dv) and p.period is None and (loose or _patterns()["period_cue"].search(before)):
            p.period, ev["period"] = dv, [m.id]
    if p.end is None and p.period is not None and "period" in ev:
        # "Реализиран е през 2018 - 2019 г.": the project ended in the period's last year
        p.end = last_unit(p.period)
        ev["end"] = ev["period"]


def _starts_after(ctx: RecordContext, m: MentionDraft) -> bool:
    """'На 02.07.2025 г. фирмата стартира изпълнението на проект ...': a start verb follows
    the date in its sentence (a day's date, not a year)."""
    dv = m.value
    if not isinstance(dv, DateValue) or dv.precision != "day":
        return False
    end = sentence_end(ctx.text, m.end, min(len(ctx.text), m.end + 80))
    return bool(_patterns()["start_verb"].search(ctx.text, m.end, end))


def _is_programming_period(ctx: RecordContext, m: MentionDraft) -> bool:
    """'Програма ... 2021-2027', 'за периода 2014–2020 г.': the programme's period, not the project's."""
    dv = m.value
    assert isinstance(dv, DateValue)
    if [dv.start.year, dv.end.year] not in project_labels()["programming_periods"]:
        return False
    if ctx.index.overlapping(m.start - 3, m.end, "programme"):
        return True
    before = ctx.text[max(0, m.start - 100) : m.start]
    return bool(_patterns()["programme_word"].search(before))


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
