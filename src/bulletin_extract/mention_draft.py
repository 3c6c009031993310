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
model's own value object (records hold it as is: `Project.budget`). Equal values are
one object (`ValuePool`): a bulletin names the same organisations, places and dates
again and again (in the corpus 120 mentions of a government plan hold 46 distinct
values, the sample issue 315 hold 191). No stage changes a value in place after the
finders (a relabelled name gets a new value), so sharing them is safe.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, TypeVar

from .models import LineBox, Mention, MentionKind, MentionSource, MentionValue

N = TypeVar("N", int, float)


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
    def of(cls, m: Mention, values: ValuePool | None = None) -> MentionDraft:
        """The draft of a finder's mention, its value taken from `values` when given.
        Texts and explanations (a few hundred templates) are interned: ~40,000 mentions
        share the strings instead of holding a copy each."""
        value = m.value if values is None else values.shared(m.value)
        confidence = m.confidence if values is None else values.number(m.confidence)
        return cls(m.kind, sys.intern(m.text), m.start, m.end, m.source, confidence, value,
                   sys.intern(m.explanation), m.id, m.page, m.section, tuple(m.boxes), m.furniture)

    def as_mention(self, boxes: list[LineBox] | None = None) -> Mention:
        """The output model of this draft, with `boxes` (else its own), validated.

        The fields the stages set after the finders (id, page, section, offsets) are
        checked here; the value and the boxes are models validated when they were made
        (no stage changes one in place) and are taken as they are. Raises
        pydantic.ValidationError, which `validate.valid_items` reports as it reports
        every record."""
        return Mention.model_validate(
            {"id": self.id, "kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
             "page": self.page, "section": self.section, "source": self.source, "confidence": self.confidence,
             "value": self.value, "explanation": self.explanation,
             "boxes": list(self.boxes) if boxes is None else boxes, "furniture": self.furniture}
        )


class ValuePool:
    """One object per distinct mention value, for one document's drafts.

    Values are equal when they are of one type with the same fields, floats compared by
    their exact bits (`float.hex`), so a shared value serialises as each of its copies did.
    Numbers too (`number`): a confidence is a float object of 24 bytes, and a page or
    section number above 256 an int object of 28 (CPython shares only -5..256), for each
    of ~40,000 mentions of a 500-page bulletin, with a few hundred distinct values.
    """

    def __init__(self) -> None:
        self._values: dict[tuple[Any, ...], MentionValue] = {}
        self._numbers: dict[tuple[type, Any], Any] = {}

    def shared(self, value: MentionValue) -> MentionValue:
        key = (type(value), *(x.hex() if type(x) is float else x for x in value.__dict__.values()))
        return self._values.setdefault(key, value)

    def number(self, x: N) -> N:
        """The pool's object equal to the int or float `x` (floats by their exact bits)."""
        return self._numbers.setdefault((type(x), x.hex() if type(x) is float else x), x)

    def __len__(self) -> int:
        return len(self._values)
