"""Per-label precision/recall/F1 of a pipeline on a DocBin, plus speed.

Exact-span matching (label and both boundaries), the BSNLP/CoNLL convention; spaCy's
Scorer computes it, we only reshape the numbers for the model card.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example

LABELS = ("ORG", "PER", "LOC")


def evaluate(nlp: Language, docbin: Path) -> dict[str, Any]:
    """Scores on one test set: micro P/R/F1, per label, and words per second."""
    gold = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    started = time.perf_counter()
    predicted = list(nlp.pipe(nlp.make_doc(d.text) for d in gold))
    seconds = time.perf_counter() - started
    examples = []
    for pred, ref in zip(predicted, gold, strict=True):
        eg = Example(pred, ref)
        examples.append(eg)
    scores = nlp.get_pipe("ner").score(examples)
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
