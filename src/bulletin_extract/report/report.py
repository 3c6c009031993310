"""The HTML review report: one self-contained page per bulletin, and an index for a batch.

A reviewer trusts an extraction once they have seen each value where it came from,
so the page shows the normalised text with every mention highlighted in place, the
assembled records whose cells link to their evidence (and back), and, for a PDF,
the original pages with the mention boxes. Writers only read the Bulletin; every
string from the document goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .. import __version__
from ..files import write_atomic
from ..models import Bulletin, Mention, MentionKind
from .layout import furniture_views, section_views
from .pages import DEFAULT_RESOLUTION, PageImage, page_images
from .values import format_value, labels, value_key

#: Below this confidence a value is flagged for a second look.
LOW_CONFIDENCE = 0.6

KINDS: tuple[str, ...] = get_args(MentionKind)

#: The record tables and their columns, in reading order.
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "projects": (
        "number",
        "title",
        "acronym",
        "programme",
        "codes",
        "budget",
        "grant",
        "co_financing",
        "publisher_share",
        "partners",
        "countries",
        "end",
        "period",
        "status",
    ),
    "events": ("title", "kind", "date", "place", "organisations"),
    "missions": ("title", "destination", "dates", "participants", "project"),
    "timeline": ("date", "text"),
}

#: Columns shown even when every row leaves them empty (a missing budget is news).
ALWAYS_SHOWN = {"title", "budget", "date", "text"}


@dataclass
class Cell:
    anchor: str  # element id, the target of a mention's back-link
    text: str
    mention_ids: list[int]
    low: bool = False
    conflict: bool = False

    @property
    def flags(self) -> str:
        return _flags(self.low, self.conflict)


@dataclass
class Table:
    name: str
    label: str
    columns: list[tuple[str, str]]  # (field, label)
    rows: list[list[Cell]]


@dataclass
class MentionInfo:
    """What the tooltip, the mention list and the flags say about one mention."""

    id: int
    kind: str
    kind_label: str
    text: str
    value: str
    source: str
    source_label: str
    confidence: float
    page: int | None
    section: int | None
    explanation: str
    low: bool
    conflict: bool = False
    used_in: list[dict[str, str]] = field(default_factory=list)  # {"label", "href"}

    @property
    def flags(self) -> str:
        return _flags(self.low, self.conflict)


def _flags(low: bool, conflict: bool) -> str:
    """CSS classes that flag a value for a second look."""
    return " ".join(name for name, on in (("low", low), ("conflict", conflict)) if on)


# ------------------------------------------------------------------------ the report


def write_report(
    bulletin: Bulletin,
    path: str | Path,
    *,
    text: str | None = None,
    pdf_path: str | Path | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    password: str | None = None,
    index_href: str | None = None,
) -> Path:
    """Write the review page of one bulletin to `path` (atomically) and return the path.

    `text` is the normalised text the mentions index into; by default bulletin.text
    (extract with include_text=True). For a PDF the page images come from `pdf_path`,
    by default bulletin.source.path when that file exists; pass `resolution=0` to
    leave them out. `index_href` adds a link back to a batch's index page.
    """
    path = Path(path)
    html = render_report(
        bulletin,
        text=text,
        pdf_path=pdf_path,
        resolution=resolution,
        password=password,
        index_href=index_href,
    )
    write_atomic(path, html)
    return path


def render_report(
    bulletin: Bulletin,
    *,
    text: str | None = None,
    pdf_path: str | Path | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    password: str | None = None,
    index_href: str | None = None,
) -> str:
    """The review page of one bulletin as an HTML string (see write_report)."""
    text = bulletin.text if text is None else text
    if text is None:
        raise ValueError("the report needs the normalised text: extract with include_text=True")
    mentions = _with_ids(bulletin.mentions)
    infos = {m.id: _mention_info(m) for m in mentions}
    _flag_disagreements(mentions, infos)
    tables = record_tables(bulletin, infos)
    pages, page_note = _pages(bulletin, mentions, text, pdf_path, resolution, password)
    counts: Counter[str] = Counter(m.kind for m in mentions)
    names = labels()
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=bulletin.metadata.title or Path(bulletin.source.path).name,
            bulletin=bulletin,
            version=__version__,
            generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            kinds=[(k, names["kinds"][k], counts.get(k, 0)) for k in KINDS],
            sections=section_views(text, bulletin.sections, [m for m in mentions if m.furniture is None]),
            furniture=furniture_views(bulletin.furniture, mentions),
            mentions=mentions,
            infos=infos,
            mention_data=[vars(infos[m.id]) for m in mentions],
            tables=tables,
            pages=pages,
            page_note=page_note,
            low_count=sum(i.low for i in infos.values()),
            conflict_count=sum(i.conflict for i in infos.values()),
            low_threshold=LOW_CONFIDENCE,
            index_href=index_href,
        )
    )


def _with_ids(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions whose ids are unique anchors (the pipeline numbers them; a hand-built
    bulletin may not)."""
    ids = [m.id for m in mentions]
    if all(i >= 0 for i in ids) and len(set(ids)) == len(ids):
        return list(mentions)
    return [m.model_copy(update={"id": i}) for i, m in enumerate(mentions)]


def _mention_info(m: Mention) -> MentionInfo:
    names = labels()
    return MentionInfo(
        id=m.id,
        kind=m.kind,
        kind_label=names["kinds"].get(m.kind, m.kind),
        text=m.text,
        value=format_value(m.value),
        source=m.source,
        source_label=names["sources"].get(m.source, m.source),
        confidence=m.confidence,
        page=m.page,
        section=m.section,
        explanation=m.explanation,
        low=m.confidence < LOW_CONFIDENCE,
    )


def _flag_disagreements(mentions: Sequence[Mention], infos: dict[int, MentionInfo]) -> None:
    """Two mentions over the very same words that read them differently conflict."""
    by_span: dict[tuple[int | None, int, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_span[m.furniture, m.start, m.end].append(m)
    for group in by_span.values():
        if len({(m.kind, value_key(m.value)) for m in group}) > 1:
            for m in group:
                infos[m.id].conflict = True


def record_tables(bulletin: Bulletin, infos: dict[int, MentionInfo]) -> list[Table]:
    """The assembled records as tables whose cells know their evidence.

    A cell is flagged low when any of its evidence is, and conflicting when its
    evidence mentions disagree on the value (e.g. two different budgets).
    """
    names = labels()
    tables: list[Table] = []
    for name, fields in RECORD_FIELDS.items():
        records = getattr(bulletin, name)
        if not records:
            continue
        shown = [
            f
            for f in fields
            if f in ALWAYS_SHOWN or any(_present(getattr(r, f, None)) or r.evidence.get(f) for r in records)
        ]
        rows: list[list[Cell]] = []
        for n, record in enumerate(records):
            row: list[Cell] = []
            for f in shown:
                anchor = f"{name}-{n}-{f}"
                ids = [i for i in record.evidence.get(f, []) if i in infos]
                evidence = [infos[i] for i in ids]
                value = getattr(record, f, None)
                # A list field (codes, organisations) has many values by design.
                conflict = not isinstance(value, list) and len({e.value for e in evidence}) > 1
                cell = Cell(
                    anchor=anchor,
                    text=format_value(value),
                    mention_ids=ids,
                    low=any(e.low for e in evidence),
                    conflict=conflict,
                )
                row.append(cell)
                label = f"{names['records'][name]} {n + 1} · {names['fields'].get(f, f)}"
                for e in evidence:
                    e.used_in.append({"label": label, "href": f"#{anchor}"})
                    e.conflict = e.conflict or conflict
            rows.append(row)
        columns = [(f, names["fields"].get(f, f)) for f in shown]
        tables.append(Table(name, names["records"][name], columns, rows))
    return tables


def _present(value: Any) -> bool:
    return value not in (None, "", [])


def _pages(
    bulletin: Bulletin,
    mentions: Sequence[Mention],
    text: str,
    pdf_path: str | Path | None,
    resolution: int,
    password: str | None,
) -> tuple[list[PageImage], str | None]:
    if bulletin.source.format != "pdf" or resolution <= 0:
        return [], None
    path = Path(pdf_path or bulletin.source.path)
    if not path.is_file():
        return [], f"Страниците не са показани: {path} не е намерен."
    try:
        return page_images(path, mentions, text, resolution=resolution, password=password), None
    except Exception as err:  # the text report is still worth having without images
        return [], f"Страниците не са показани: {type(err).__name__}: {err}"


# ------------------------------------------------------------------------- the index


@dataclass
class IndexEntry:
    """One bulletin of a batch, as the index page lists it."""

    file: str  # the input file, as the user named it
    href: str | None = None  # its report page, relative to the index
    status: Literal["ok", "warnings", "error"] = "ok"
    message: str = ""  # the error, or the first warning
    counts: dict[str, int] = field(default_factory=dict)
    flagged: int = 0  # mentions below LOW_CONFIDENCE

    @classmethod
    def from_bulletin(cls, file: str, bulletin: Bulletin, href: str | None = None) -> IndexEntry:
        return cls(
            file=file,
            href=href,
            status="warnings" if bulletin.warnings else "ok",
            message=bulletin.warnings[0].message if bulletin.warnings else "",
            counts={
                "mentions": len(bulletin.mentions),
                **{name: len(getattr(bulletin, name)) for name in RECORD_FIELDS},
                "warnings": len(bulletin.warnings),
            },
            flagged=sum(m.confidence < LOW_CONFIDENCE for m in bulletin.mentions),
        )

    @classmethod
    def failed(cls, file: str, message: str) -> IndexEntry:
        return cls(file=file, status="error", message=message)


def write_index(entries: Sequence[IndexEntry], path: str | Path, *, title: str = "Бюлетини") -> Path:
    """Write the batch index page (one row per bulletin, linking its report) to `path`."""
    path = Path(path)
    write_atomic(path, render_index(entries, title=title))
    return path


def render_index(entries: Sequence[IndexEntry], *, title: str = "Бюлетини") -> str:
    names = labels()
    columns = [
        ("mentions", "Споменавания"),
        *((n, names["records"][n]) for n in RECORD_FIELDS),
        ("warnings", "Предупреждения"),
    ]
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            title=title,
            entries=entries,
            columns=columns,
            status_counts=Counter(e.status for e in entries),
            version=__version__,
            generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        )
    )


# ------------------------------------------------------------------------- plumbing


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bulletin_extract.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%"
    return env


