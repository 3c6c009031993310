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


def load_data(name: str) -> Any:
    """A JSON data file shipped in bulletin_extract/data."""
    import json

    return json.loads(resources.files("bulletin_extract.data").joinpath(name).read_text("utf-8"))
