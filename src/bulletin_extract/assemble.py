"""Assembly: mentions within their sections -> domain records. (to be implemented)"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .models import Event, Metadata, Mention, Mission, ProblemNote, Project, Section, TimelineEntry


@dataclass
class Records:
    metadata: Metadata = field(default_factory=Metadata)
    projects: list[Project] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    warnings: list[ProblemNote] = field(default_factory=list)


def assemble_records(document: Document, sections: list[Section], mentions: list[Mention]) -> Records:
    return Records()
