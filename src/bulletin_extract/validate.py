"""Validation: build the Bulletin model record by record.

A record that fails validation is dropped with a warning naming the field; the rest
of the document stands (one bad amount must not cost the analyst the whole issue).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .models import Bulletin, Entity, FurnitureLine, Mention, NerInfo, ProblemNote, Section, Source
from .records import Records

T = TypeVar("T", bound=BaseModel)


def _revalidated(items: Sequence[T], what: str, warnings: list[ProblemNote]) -> list[T]:
    """The items that still validate (stages set fields after construction, unchecked).

    The validated copy is thrown away and the item itself kept, so a long document's
    mentions are not held twice.
    """
    kept: list[T] = []
    for i, item in enumerate(items):
        try:
            type(item).model_validate(item.model_dump())
            kept.append(item)
        except ValidationError as err:
            first = err.errors()[0]
            field = ".".join(str(p) for p in first.get("loc", ())) or "?"
            warnings.append(
                ProblemNote(
                    code="invalid_record",
                    message=f"{what}[{i}] dropped: field '{field}': {first.get('msg', 'invalid')}",
                    stage="validate",
                )
            )
    return kept


def validate_bulletin(
    *,
    source: Source,
    sections: list[Section],
    mentions: list[Mention],
    records: Records,
    organisations: list[Entity],
    people: list[Entity],
    places: list[Entity],
    ner: NerInfo,
    warnings: list[ProblemNote],
    text: str | None,
    furniture: list[FurnitureLine] | None = None,
) -> Bulletin:
    notes: list[ProblemNote] = [*warnings, *records.warnings]
    data: dict[str, Any] = {
        "source": source,
        "metadata": records.metadata,
        "sections": _revalidated(sections, "sections", notes),
        "mentions": _revalidated(mentions, "mentions", notes),
        "projects": _revalidated(records.projects, "projects", notes),
        "events": _revalidated(records.events, "events", notes),
        "missions": _revalidated(records.missions, "missions", notes),
        "timeline": _revalidated(records.timeline, "timeline", notes),
        "organisations": organisations,
        "people": people,
        "places": places,
        "ner": ner,
        "text": text,
        "furniture": furniture or [],
    }
    data["warnings"] = notes
    return Bulletin(**data)
