"""Count, per rule, the name candidates that rules.name_evidence removes from gold documents.

    PYTHONPATH=src python bench/name_evidence.py ../shared/corpus/gold

For each removed candidate it says whether the gold lists it (and the output no longer
holds it anywhere: a true name lost) or not (a false hit removed), so every rule's
precision gain and recall cost is a number.
"""

from __future__ import annotations

import sys
from collections import Counter

from bulletin_extract import ner
from bulletin_extract.errors import BulletinError
from bulletin_extract.evaluate import gold_files, load_gold, normalise_name, resolve_source
from bulletin_extract.pipeline import extract
from bulletin_extract.rules import gazetteer

removed: list[tuple[str, str, str]] = []  # (text, label, reason) of the document being read


def _recording_names_only(claimed, found, text):  # type: ignore[no-untyped-def]
    kept, dropped = _names_only(claimed, found, text)
    removed.extend((m.text, m.value.label, reason) for m, reason in dropped)
    return kept, dropped


def _recording_not_a_name(text, start, end, **kw):  # type: ignore[no-untyped-def]
    reason = _not_a_name(text, start, end, **kw)
    if reason is not None:
        removed.append((text[start:end], "rule", reason))
    return reason


_names_only, _not_a_name = ner.names_only, gazetteer.not_a_name
ner.names_only = _recording_names_only  # type: ignore[assignment]
gazetteer.not_a_name = _recording_not_a_name  # type: ignore[assignment]


def main(gold_dir: str) -> None:
    false_removed: Counter[str] = Counter()
    true_removed: Counter[str] = Counter()
    for path in gold_files(gold_dir):
        gold = load_gold(path)
        names = {normalise_name(e.text) for e in gold.entities}
        removed.clear()
        try:
            bulletin = extract(resolve_source(path, gold), use_ner=True)
        except BulletinError:
            continue
        output = {normalise_name(m.text) for m in bulletin.mentions if m.value.type == "entity"}
        for text, _, reason in {(t, lb, r) for t, lb, r in removed}:
            rule = reason.split(" for ")[0] if reason.startswith("no evidence") else reason
            key = normalise_name(text)
            if key not in names:
                false_removed[rule] += 1
            elif key not in output:  # a gold name the document no longer yields anywhere
                true_removed[rule] += 1
    print(f"{'rule':<24} {'false hits removed':>18} {'gold names lost':>16}")
    for rule in sorted(set(false_removed) | set(true_removed), key=lambda r: -false_removed[r]):
        print(f"{rule:<24} {false_removed[rule]:>18} {true_removed[rule]:>16}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/gold")
