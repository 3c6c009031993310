"""Records: mentions within their sections and entries -> domain records.

Bulletins announce their structure with section titles ("Проекти", "Събития",
"Историята в дати", "Бизнес мисии") whose keywords live in data/sections.json. Inside a
section, one numbered entry, list item or paragraph is one record. One module per record
kind (metadata, projects, events, missions, timeline), all reading one `RecordContext`.
Every record keeps `evidence`: which mention ids each field came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..mention_draft import MentionDraft
from ..models import Event, Metadata, Mission, ProblemNote, Project, TimelineEntry
from ..segment import SectionDraft
from .context import RecordContext
from .events import find_events
from .metadata import build_metadata, publisher_aliases
from .missions import find_missions
from .projects import find_projects
from .timeline import find_timeline


@dataclass
class Records:
    metadata: Metadata = field(default_factory=Metadata)
    projects: list[Project] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    warnings: list[ProblemNote] = field(default_factory=list)


def assemble_records(document: Document, sections: list[SectionDraft], mentions: list[MentionDraft]) -> Records:
    """The bulletin's metadata first (projects need the publisher's names), then each kind."""
    ctx = RecordContext.build(document, sections, mentions)
    metadata = build_metadata(ctx)
    ctx.publisher_aliases = publisher_aliases(metadata, ctx.text)
    return Records(
        metadata=metadata,
        projects=find_projects(ctx),
        events=find_events(ctx),
        missions=find_missions(ctx),
        timeline=find_timeline(ctx),
    )


__all__ = ["Records", "assemble_records"]
