"""Per-label precision/recall/F1 of a pipeline on a DocBin, plus speed.

Exact-span matching (label and both boundaries), the BSNLP/CoNLL convention; spaCy's
Scorer computes it, we only reshape the numbers for the model card.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry

from .corpus import LABELS

SCORER_NAME = "bulletin_extract.ner_scorer.v1"


def project_labels(doc: Doc) -> Doc:
    """Keep only ORG/PER/LOC entities: the model may also predict EVT/PRO, which the
    pipeline drops (ner.py), so they count neither as hits nor as false alarms."""
    doc.ents = [e for e in doc.ents if e.label_ in LABELS]
    return doc


@registry.scorers(SCORER_NAME)
def make_project_scorer() -> Callable[..., dict[str, Any]]:
    """spaCy's NER scorer over the project's labels: picks the checkpoint during training."""

    def score(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        kept = [Example(project_labels(eg.predicted.copy()), project_labels(eg.reference.copy())) for eg in examples]
        return get_ner_prf(kept, **kwargs)

    return score


def evaluate(nlp: Language, docbin: Path) -> dict[str, Any]:
    """Scores on one test set: micro P/R/F1, per label, and words per second."""
    gold = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    started = time.perf_counter()
    predicted = list(nlp.pipe(nlp.make_doc(d.text) for d in gold))
    seconds = time.perf_counter() - started
    examples = [Example(project_labels(pred), ref) for pred, ref in zip(predicted, gold, strict=True)]
    scores = get_ner_prf(examples)
    per_type = scores.get("ents_per_type") or {}
    words = sum(len(d) for d in gold)
    return {
        "micro": _pct({"p": scores["ents_p"], "r": scores["ents_r"], "f": scores["ents_f"]}),
        "per_label": {label: _pct(per_type.get(label, {"p": 0, "r": 0, "f": 0})) for label in LABELS},
        "gold_entities": sum(len(d.ents) for d in gold),
        "words": words,
        "words_per_second": round(words / seconds) if seconds else None,
    }


def _pct(prf: dict[str, float]) -> dict[str, float]:
    return {k: round(100 * float(v), 1) for k, v in prf.items()}


def format_table(name: str, result: dict[str, Any]) -> str:
    lines = [f"| {name} | P | R | F1 |", "|---|---|---|---|"]
    for label, prf in result["per_label"].items():
        lines.append(f"| {label} | {prf['p']} | {prf['r']} | {prf['f']} |")
    m = result["micro"]
    lines.append(f"| micro | {m['p']} | {m['r']} | {m['f']} |")
    return "\n".join(lines)


KIND_LABEL = {"org": "ORG", "person": "PER", "location": "LOC"}


def evaluate_pipeline(nlp: Language, docbin: Path) -> dict[str, Any]:
    """The full bulletin pipeline (rules + gazetteer + model + repair) scored like the model.

    Mentions are compared to the gold entities by character span and label; this is the
    figure for "combining the model with the gazetteer and rules" on news text.
    """
    gold_docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    gold = {(i, e.start_char, e.end_char, e.label_) for i, d in enumerate(gold_docs) for e in d.ents}
    started = time.perf_counter()
    predicted = set()
    for i, doc in enumerate(nlp.pipe(d.text for d in gold_docs)):
        for m in doc._.mentions or []:
            if m.kind in KIND_LABEL:
                predicted.add((i, m.start, m.end, KIND_LABEL[m.kind]))
    seconds = time.perf_counter() - started
    words = sum(len(d) for d in gold_docs)
    per_label = {label: _prf({x for x in predicted if x[3] == label}, {x for x in gold if x[3] == label}) for label in LABELS}
    return {
        "micro": _prf(predicted, gold),
        "per_label": per_label,
        "gold_entities": len(gold),
        "words": words,
        "words_per_second": round(words / seconds) if seconds else None,
    }


def _prf(predicted: set[Any], gold: set[Any]) -> dict[str, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    return _pct({"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0})
