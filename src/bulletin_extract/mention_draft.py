"""A mention as the pipeline holds it between the finders and the writer.

The finders (rules, gazetteer, NER) return validated `models.Mention`s; the pipeline
keeps each as a `MentionDraft` from then on, and the output model is built again only
when the mention is written (`as_mention`). A Pydantic model instance carries its own
field dict and a set of the fields set (on CPython about 1.4 KB for a mention before
its value); a slotted dataclass carries its fields only (about 150 bytes). A 500-page
bulletin holds ~40,000 mentions through assembly, so the output model's shape cost
~50 MiB that the flat-memory target (issue 14) could not afford.

The fields and their names are the output model's, so every later stage reads a
draft as it read a `Mention` (`m.kind`, `m.value.amount`); the value stays the output
model's own value object (records hold it as is: `Project.budget`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .models import LineBox, Mention, MentionKind, MentionSource, MentionValue


@dataclass(slots=True)
class MentionDraft:
    """`models.Mention`'s fields, unvalidated and without boxes (see the module docstring)."""

    kind: MentionKind
    text: str
    start: int
    end: int
    source: MentionSource
    confidence: float
    value: MentionValue
    explanation: str = ""
    id: int = -1
    page: int | None = None
    section: int | None = None
    #: PDF body mentions get their boxes when written (from the document's line spans);
    #: a furniture mention is boxed when found, in its running line
    boxes: tuple[LineBox, ...] = ()
    furniture: int | None = None

    @classmethod
    def of(cls, m: Mention) -> MentionDraft:
        """The draft of a finder's mention. Explanations come from a few hundred templates
        and are interned, so ~40,000 mentions share them instead of holding a copy each."""
        return cls(m.kind, m.text, m.start, m.end, m.source, m.confidence, m.value, sys.intern(m.explanation),
                   m.id, m.page, m.section, tuple(m.boxes), m.furniture)

    def as_mention(self, boxes: list[LineBox] | None = None) -> Mention:
        """The output model of this draft, with `boxes` (else its own), not yet validated:
        `validate.valid_items` judges it as it judges every record, field by field."""
        return Mention.model_construct(
            id=self.id, kind=self.kind, text=self.text, start=self.start, end=self.end, page=self.page,
            section=self.section, source=self.source, confidence=self.confidence, value=self.value,
            explanation=self.explanation, boxes=list(self.boxes) if boxes is None else boxes,
            furniture=self.furniture,
        )
