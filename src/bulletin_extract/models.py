"""The output contract: Pydantic records every writer and consumer reads.

Field names here are the public contract (schema_version "1.0"): add fields, never
rename or remove them. Stages produce these objects; writers only read them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Literal["1.0"] = "1.0"

MentionKind = Literal[
    "date", "money", "programme", "programme_code", "count", "org", "person", "location"
]
MentionSource = Literal["rule", "gazetteer", "ner"]
Precision = Literal["day", "month", "year"]
Currency = Literal["BGN", "EUR"]
Qualifier = Literal["exact", "over", "under", "about"]

#: The fixed conversion rate of the Bulgarian lev to the euro (currency board).
BGN_PER_EUR = 1.95583


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


# --------------------------------------------------------------------------- values


class DateValue(_Record):
    """A calendar interval: a single day has start == end; a month spans its days."""

    type: Literal["date"] = "date"
    start: dt.date
    end: dt.date
    precision: Precision

    @model_validator(mode="after")
    def _ordered(self) -> DateValue:
        if self.end < self.start:
            raise ValueError(f"date range ends before it starts: {self.start} > {self.end}")
        return self


class MoneyValue(_Record):
    type: Literal["money"] = "money"
    amount: float = Field(ge=0, allow_inf_nan=False)
    currency: Currency
    qualifier: Qualifier = "exact"
    amount_eur: float = Field(ge=0, allow_inf_nan=False)


class ProgrammeValue(_Record):
    type: Literal["programme"] = "programme"
    programme: str = Field(description="canonical programme id from the registry, e.g. 'OPIC'")
    name: str = Field(description="canonical programme name")


class ProgrammeCodeValue(_Record):
    type: Literal["programme_code"] = "programme_code"
    code: str = Field(description="the code normalised to Latin letters, no spaces")
    scheme: str = Field(description="which code system: bg_eu_funds, horizon_call, erasmus_project, ...")
    programme: str | None = Field(default=None, description="programme id the code belongs to")


class CountValue(_Record):
    type: Literal["count"] = "count"
    partners: int | None = Field(default=None, ge=0)
    countries: int | None = Field(default=None, ge=0)
    participants: int | None = Field(default=None, ge=0)


class EntityValue(_Record):
    type: Literal["entity"] = "entity"
    name: str = Field(description="the name as it should be shown (whitespace normalised)")
    label: Literal["ORG", "PER", "LOC"]
    abbreviation: str | None = None


MentionValue = Annotated[
    DateValue | MoneyValue | ProgrammeValue | ProgrammeCodeValue | CountValue | EntityValue,
    Field(discriminator="type"),
]


class LineBox(_Record):
    """Where one line of a mention is drawn on a PDF page (provenance, like Docling's)."""

    page: int = Field(ge=1, description="1-based page number")
    x0: float = Field(description="left edge, PDF points from the page's left edge")
    top: float = Field(description="top edge, PDF points down from the page's top edge (origin top-left, y downwards)")
    x1: float = Field(description="right edge, PDF points from the page's left edge")
    bottom: float = Field(description="bottom edge, PDF points down from the page's top edge")


class Mention(_Record):
    """One extracted fact, anchored where it was read: text == text[start:end] of the
    normalised text, or of `Bulletin.furniture[furniture].text` for a fact printed in a
    running header or footer (page furniture is kept out of the text, its facts are not lost).
    """

    id: int = Field(default=-1, description="index of the mention in the document's list")
    kind: MentionKind
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = Field(default=None, description="1-based page of the mention's first character")
    section: int | None = Field(default=None, description="index into sections")
    source: MentionSource
    confidence: float = Field(ge=0, le=1)
    value: MentionValue
    explanation: str = Field(default="", description="which rule or model produced it, and why")
    boxes: list[LineBox] = Field(
        default_factory=list,
        description="PDF only: one box per line the mention spans, in PDF points with the origin at the "
        "page's top-left corner and y growing downwards; empty for text input",
    )
    furniture: int | None = Field(
        default=None,
        ge=0,
        description="set when the mention was read in a running header/footer: index into "
        "Bulletin.furniture, and start/end index that line's text, not the normalised text; "
        "such a mention has no section and is never evidence of a record",
    )


class FurnitureLine(_Record):
    """A running header, footer or page number set apart from the text (PDF), as printed.

    Page furniture is not prose, so it stays out of the text, the sections and the records;
    it is kept here, one item per occurrence, so nothing on the page is silently lost.
    """

    text: str
    box: LineBox = Field(description="where the line is drawn (its page is box.page)")


# ------------------------------------------------------------------------- document


class Source(_Record):
    path: str
    sha256: str
    format: Literal["pdf", "txt", "md", "docx", "odt", "html", "image"]
    pages: int = Field(ge=0)
    encoding: str | None = None
    engine: str | None = Field(default=None, description="PDF character source used")
    size_bytes: int | None = None
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages read by OCR (Tesseract)")


class Metadata(_Record):
    title: str | None = None
    issue_number: str | None = None
    date: DateValue | None = None
    publisher: str | None = None
    address: str | None = None
    website: str | None = None
    email: str | None = None


class Section(_Record):
    title: str
    level: int = Field(ge=1, le=6)
    page: int | None = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: Literal["heading", "numbered_entry", "front_matter"] = "heading"


Evidence = dict[str, list[int]]
"""Field name -> ids of the mentions the value came from (for reviewers)."""


class Project(_Record):
    number: int | None = None
    title: str
    acronym: str | None = None
    programme: str | None = Field(default=None, description="canonical programme name")
    programme_id: str | None = Field(default=None, description="programme id in the registry")
    codes: list[str] = Field(default_factory=list)
    budget: MoneyValue | None = None
    grant: MoneyValue | None = None
    co_financing: MoneyValue | None = None
    publisher_share: MoneyValue | None = None
    partners: int | None = Field(default=None, ge=0)
    countries: int | None = Field(default=None, ge=0)
    end: DateValue | None = None
    period: DateValue | None = None
    status: Literal["completed", "ongoing", "planned"] | None = None
    section: int | None = None
    start: int = Field(ge=0, description="character range of the entry in the text")
    end_offset: int = Field(ge=0)
    evidence: Evidence = Field(default_factory=dict)


class Event(_Record):
    title: str
    kind: Literal["conference", "seminar", "webinar", "exhibition", "meeting", "other"]
    date: DateValue | None = None
    place: str | None = None
    organisations: list[str] = Field(default_factory=list)
    section: int | None = None
    start: int = Field(ge=0)
    end_offset: int = Field(ge=0)
    evidence: Evidence = Field(default_factory=dict)


class Mission(_Record):
    destination: str | None = None
    dates: DateValue | None = None
    participants: int | None = Field(default=None, ge=0)
    project: str | None = None
    title: str | None = None
    section: int | None = None
    start: int = Field(ge=0)
    end_offset: int = Field(ge=0)
    evidence: Evidence = Field(default_factory=dict)


class TimelineEntry(_Record):
    date: DateValue
    text: str
    section: int | None = None
    start: int = Field(ge=0)
    end_offset: int = Field(ge=0)
    evidence: Evidence = Field(default_factory=dict)


class Entity(_Record):
    """A linked organisation, person or place: all its mentions under one name."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[int] = Field(default_factory=list)


class ProblemNote(_Record):
    """A warning: something was odd or dropped, but the rest of the document stands."""

    code: str
    message: str
    stage: str
    page: int | None = None


class NerInfo(_Record):
    enabled: bool
    model: str | None = None
    note: str | None = None


class Bulletin(_Record):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    source: Source
    metadata: Metadata = Field(default_factory=Metadata)
    sections: list[Section] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    missions: list[Mission] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    organisations: list[Entity] = Field(default_factory=list)
    people: list[Entity] = Field(default_factory=list)
    places: list[Entity] = Field(default_factory=list)
    ner: NerInfo = Field(default_factory=lambda: NerInfo(enabled=False))
    text: str | None = Field(default=None, description="the normalised text (with --include-text)")
    furniture: list[FurnitureLine] = Field(
        default_factory=list,
        description="PDF only: running headers, footers and page numbers kept apart from the text, "
        "one item per occurrence in reading order; mentions read in them point here (Mention.furniture)",
    )
    warnings: list[ProblemNote] = Field(default_factory=list)


def to_eur(amount: float, currency: Currency) -> float:
    """BGN is pegged: convert at the fixed rate, rounded to cents."""
    return round(amount if currency == "EUR" else amount / BGN_PER_EUR, 2)
