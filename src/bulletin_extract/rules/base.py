"""What every rule finder shares: building a mention anchored in the text."""

from __future__ import annotations

from importlib import resources
from typing import Any

from ..models import Mention, MentionKind, MentionSource, MentionValue


def mention(
    text: str,
    start: int,
    end: int,
    kind: MentionKind,
    value: MentionValue,
    confidence: float,
    explanation: str,
    source: MentionSource = "rule",
) -> Mention:
    """A mention whose text is exactly text[start:end] (the invariant every consumer relies on)."""
    return Mention(
        kind=kind,
        text=text[start:end],
        start=start,
        end=end,
        source=source,
        confidence=round(confidence, 3),
        value=value,
        explanation=explanation,
    )


#: Bulgarian quotes open with „ (or «) and close with “ (or ”, »); the ASCII " does both.
_OPENING, _CLOSING = "„«", "“”»"


def closing_quote_end(text: str, start: int, end: int) -> int:
    """`end`, or one past it when text[start:end] opens a quote it does not close and the
    closing quote comes right after: a name is quoted whole ("Сдружение „Зелена долина“")
    or not at all.

    >>> t = "Сдружение „Зелена долина“ е партньор"
    >>> t[:closing_quote_end(t, 0, 24)]
    'Сдружение „Зелена долина“'
    >>> closing_quote_end(t, 0, 9), closing_quote_end('ДЗЗД "Мляко" е', 0, 11)
    (9, 12)
    """
    if end >= len(text):
        return end
    span = text[start:end]
    unclosed = sum(span.count(q) for q in _OPENING) > sum(span.count(q) for q in _CLOSING)
    if (unclosed and text[end] in _CLOSING) or (span.count('"') % 2 == 1 and text[end] == '"'):
        return end + 1
    return end


def load_data(name: str) -> Any:
    """A JSON data file shipped in bulletin_extract/data."""
    import json

    return json.loads(resources.files("bulletin_extract.data").joinpath(name).read_text("utf-8"))
