"""Linking org/person/location mentions within a document. (to be implemented)"""

from __future__ import annotations

from .models import Entity, Mention


def link_entities(mentions: list[Mention]) -> tuple[list[Entity], list[Entity], list[Entity]]:
    return [], [], []
