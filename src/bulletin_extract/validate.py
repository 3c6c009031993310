"""Validation: the Bulletin's fields in their documented order, record by record.

A record that fails validation is dropped with a warning naming the field; the rest
of the document stands (one bad amount must not cost the analyst the whole issue).

`bulletin_fields` is the one place that order and that rule are written: it yields the
fields one by one, each list of records as a generator that validates an item when it
is asked for it. `validate_bulletin` gathers them into one `Bulletin` (the Python API);
the JSON writer (`json_writer.write_json`) writes each item as it comes and forgets it,
so a long document's output is never held whole (the command line's path). The
warnings come last, when every record has been judged, in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .models import (
    SCHEMA_VERSION,
    Bulletin,
    Entity,
    FurnitureLine,
    Mention,
    NerInfo,
    ProblemNote,
    Section,
    Source,
)
from .records import Records

T = TypeVar("T", bound=BaseModel)


def valid_items(
    items: Iterable[Any], what: str, warnings: list[ProblemNote], build: Callable[[Any], T] | None = None
) -> Iterator[T]:
    """The items that validate, one at a time; each dropped one adds its warning to `warnings`.

    By default an item is a model whose fields stages set after construction, unchecked:
    it is kept once a copy of it validates (the copy is thrown away, so a long document's
    records are not held twice). With `build`, an item is what `build` makes a validated
    model of (a mention draft: `MentionDraft.as_mention`), or the ValidationError it raises.
    """
    for i, raw in enumerate(items):
        try:
            item = build(raw) if build is not None else _checked(raw)
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
            continue
        yield item


def _checked(item: T) -> T:
    type(item).model_validate(item.model_dump())
    return item


def bulletin_fields(
    *,
    source: Source,
    sections: Iterable[Section],
    mentions: Iterable[Any],
    records: Records,
    organisations: list[Entity],
    people: list[Entity],
    places: list[Entity],
    ner: NerInfo,
    warnings: list[ProblemNote],
    text: str | None,
    furniture: list[FurnitureLine] | None = None,
    mention_of: Callable[[Any], Mention] | None = None,
) -> Iterator[tuple[str, Any]]:
    """(name, value) of every Bulletin field, in the model's order; the validated lists
    are generators, to be consumed before the next field is asked for (their dropped
    records join `warnings`, the last field). With `mention_of`, `mentions` yields what
    it makes a validated Mention of (the pipeline's drafts), else Mentions."""
    notes: list[ProblemNote] = [*warnings, *records.warnings]
    yield "schema_version", SCHEMA_VERSION
    yield "source", source
    yield "metadata", records.metadata
    yield "sections", valid_items(sections, "sections", notes)
    yield "mentions", valid_items(mentions, "mentions", notes, mention_of)
    yield "projects", valid_items(records.projects, "projects", notes)
    yield "events", valid_items(records.events, "events", notes)
    yield "missions", valid_items(records.missions, "missions", notes)
    yield "timeline", valid_items(records.timeline, "timeline", notes)
    yield "organisations", organisations
    yield "people", people
    yield "places", places
    yield "ner", ner
    yield "text", text
    yield "furniture", furniture or []
    yield "warnings", notes


def validate_bulletin(fields: Iterable[tuple[str, Any]]) -> Bulletin:
    """The whole Bulletin (every record in memory): `bulletin_fields` gathered in order."""
    data: dict[str, Any] = {name: list(value) if isinstance(value, Iterator) else value for name, value in fields}
    return Bulletin(**data)
