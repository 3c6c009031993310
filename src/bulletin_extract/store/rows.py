"""A validated Bulletin -> the rows of each table. Pure: no database here.

Entities are shared between bulletins, so their rows are returned apart (kind, name,
aliases, mention ids) and the loader turns names into ids inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..models import Bulletin, DateValue, Entity, Event, Mention, Mission, MoneyValue, Project, TimelineEntry
from .schema import money_names

Row = dict[str, Any]

#: Bulletin list -> entities.kind
ENTITY_KINDS = {"organisations": "organisation", "people": "person", "places": "place"}


@dataclass
class EntityRows:
    kind: str
    name: str
    idx: int
    aliases: list[str]
    mention_ids: list[int]
    project_idxs: list[int] = field(default_factory=list)


def date_columns(prefix: str, value: DateValue | None) -> Row:
    """
    >>> date_columns("end", DateValue(start="2024-03-01", end="2024-03-31", precision="month"))
    {'end_start': datetime.date(2024, 3, 1), 'end_end': datetime.date(2024, 3, 31), 'end_precision': 'month'}
    """
    return {
        f"{prefix}_start": value.start if value else None,
        f"{prefix}_end": value.end if value else None,
        f"{prefix}_precision": value.precision if value else None,
    }


def money_columns(prefix: str, value: MoneyValue | None) -> Row:
    """
    >>> money_columns("grant", MoneyValue(amount=500000, currency="BGN", amount_eur=255645.94))
    {'grant_amount': 500000.0, 'grant_currency': 'BGN', 'grant_eur': 255645.94, 'grant_qualifier': 'exact'}
    """
    amount, currency, eur, qualifier = money_names(prefix)
    return {
        amount: value.amount if value else None,
        currency: value.currency if value else None,
        eur: value.amount_eur if value else None,
        qualifier: value.qualifier if value else None,
    }


def span_columns(record: Project | Event | Mission | TimelineEntry) -> Row:
    """Where a record sits in the bulletin (the columns of `schema._span`)."""
    return {"section": record.section, "start": record.start, "end_offset": record.end_offset}


def bulletin_row(b: Bulletin, *, file: str, output_sha256: str, tool_version: str) -> Row:
    date = b.metadata.date
    return {
        "file": file,
        "source_path": b.source.path,
        "sha256": b.source.sha256,
        "output_sha256": output_sha256,
        "tool_version": tool_version,
        "schema_version": b.schema_version,
        "format": b.source.format,
        "pages": b.source.pages,
        "size_bytes": b.source.size_bytes,
        "engine": b.source.engine,
        "encoding": b.source.encoding,
        "title": b.metadata.title,
        "issue_number": b.metadata.issue_number,
        **date_columns("date", date),
        "year": date.start.year if date else None,
        "publisher": b.metadata.publisher,
        "ner_enabled": b.ner.enabled,
        "ner_model": b.ner.model,
        "warnings": [w.model_dump(mode="json") for w in b.warnings],
        "loaded_at": dt.datetime.now(dt.timezone.utc),
    }


def mention_row(m: Mention) -> Row:
    v = m.value
    row: Row = {
        "idx": m.id, "kind": m.kind, "text": m.text, "source": m.source, "confidence": m.confidence,
        "page": m.page, "section": m.section, "start": m.start, "end_offset": m.end,
        "furniture": m.furniture,
        **date_columns("date", v if isinstance(v, DateValue) else None),
        **money_columns("", v if isinstance(v, MoneyValue) else None),
        "programme_id": None, "code": None, "name": None,
        "value": v.model_dump(mode="json"), "explanation": m.explanation,
    }
    if v.type == "programme":
        row.update(programme_id=v.programme, name=v.name)
    elif v.type == "programme_code":
        row.update(code=v.code, programme_id=v.programme)
    elif v.type == "entity":
        row.update(name=v.name)
    return row


def project_row(idx: int, p: Project) -> Row:
    return {
        "idx": idx, "number": p.number, "title": p.title, "acronym": p.acronym,
        "programme_id": p.programme_id, "programme": p.programme, "codes": list(p.codes),
        **money_columns("budget", p.budget),
        **money_columns("grant", p.grant),
        **money_columns("co_financing", p.co_financing),
        **money_columns("publisher_share", p.publisher_share),
        "partners": p.partners, "countries": p.countries,
        **date_columns("end", p.end),
        **date_columns("period", p.period),
        "status": p.status, **span_columns(p), "evidence": p.evidence,
    }


def record_rows(b: Bulletin) -> dict[str, list[Row]]:
    """Table name -> rows, without bulletin_id (the loader adds it)."""
    return {
        "sections": [
            {"idx": i, "title": s.title, "level": s.level, "kind": s.kind, "page": s.page,
             "start": s.start, "end_offset": s.end}
            for i, s in enumerate(b.sections)
        ],
        "mentions": [mention_row(m) for m in b.mentions],
        "projects": [project_row(i, p) for i, p in enumerate(b.projects)],
        "events": [
            {"idx": i, "title": e.title, "kind": e.kind, **date_columns("date", e.date), "place": e.place,
             "organisations": list(e.organisations), **span_columns(e), "evidence": e.evidence}
            for i, e in enumerate(b.events)
        ],
        "missions": [
            {"idx": i, "title": m.title, "destination": m.destination, **date_columns("dates", m.dates),
             "participants": m.participants, "project": m.project, **span_columns(m), "evidence": m.evidence}
            for i, m in enumerate(b.missions)
        ],
        "timeline": [
            {"idx": i, **date_columns("date", t.date), "text": t.text, **span_columns(t), "evidence": t.evidence}
            for i, t in enumerate(b.timeline)
        ],
    }


def entity_rows(b: Bulletin) -> list[EntityRows]:
    """One item per (kind, name) of the bulletin, with the projects whose text holds a mention of it.

    A name listed twice under one kind (two spellings linked to the same name) is merged.
    """
    starts = {m.id: m.start for m in b.mentions if m.furniture is None}  # furniture: not text offsets
    merged: dict[tuple[str, str], EntityRows] = {}
    for attr, kind in ENTITY_KINDS.items():
        items: list[Entity] = getattr(b, attr)
        for idx, e in enumerate(items):
            row = merged.setdefault((kind, e.name), EntityRows(kind, e.name, idx, [], []))
            row.aliases += [a for a in e.aliases if a not in row.aliases]
            row.mention_ids += [i for i in e.mentions if i not in row.mention_ids]
    for row in merged.values():
        offsets = [starts[i] for i in row.mention_ids if i in starts]
        row.project_idxs = [
            i for i, p in enumerate(b.projects) if any(p.start <= o < p.end_offset for o in offsets)
        ]
    return list(merged.values())
