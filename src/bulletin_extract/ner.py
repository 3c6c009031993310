"""NER stage: the project's trained Bulgarian model (models/ner-bg). (to be implemented)"""

from __future__ import annotations

from spacy.language import Language

from .errors import ModelError


def add_ner(nlp: Language, model_path: str | None = None) -> None:
    raise ModelError("NER model not available yet; run with --no-ner")
