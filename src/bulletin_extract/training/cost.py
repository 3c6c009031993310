"""What a candidate NER model costs and keeps inside the bulletin pipeline (issue 14).

The dev scores (variants.py) say how well a model tags news; this says what the tool gains
or loses with it: the model's CPU time on the sample text, and the entity F1 of the whole
pipeline on the corpus gold and the sample gold. A cheaper model is shipped only if it keeps
the corpus ORG/PER/LOC F1 within a point and no sample score drops.

`python -m bulletin_extract.training.cost NAME MODEL_DIR [--reference DIR]` measures one
model and adds its row to ``variants_cost.json``; the model card renders the table.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from .train import DEFAULT_MODEL, REPO

#: Committed figures of every model measured here; the model card renders them.
COSTS = Path(__file__).with_name("variants_cost.json")
SAMPLE_TEXT = REPO / "samples" / "issue8.txt"
SAMPLE_GOLD = REPO / "samples" / "gold"
CORPUS_GOLD = REPO.parent / "shared" / "corpus" / "gold"
#: `make bench` repeats the sample to 80 pages: 20 copies, about 46k words
COPIES = 20
#: pipeline.CHUNK_CHARS: the model sees the text in chunks of whole paragraphs this long
CHUNK_CHARS = 20_000


def sample_chunks(text: str, copies: int = COPIES, chunk_chars: int = CHUNK_CHARS) -> list[str]:
    """The sample repeated, cut at paragraph ends into chunks of at most ``chunk_chars``."""
    chunks, current = [], ""
    for paragraph in [p for p in text.split("\n\n") if p.strip()] * copies:
        if current and len(current) + len(paragraph) + 2 > chunk_chars:
            chunks.append(current)
            current = ""
        current += paragraph + "\n\n"
    return [*chunks, current] if current else chunks


def model_cpu_seconds(model_dirs: list[Path], chunks: list[str], rounds: int = 5) -> dict[Path, float]:
    """Best-of-``rounds`` CPU seconds of each model's ner component (its own tok2vec copy).

    The models take turns within each round, so a busy machine slows them alike; tokenizing
    is left out (it is the same for every model).
    """
    from ..nlp import load_pipeline

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    pipes = {path: load_pipeline(use_ner=True, model_path=str(path)) for path in model_dirs}
    best = {path: float("inf") for path in model_dirs}
    for _ in range(rounds):
        for path, nlp in pipes.items():
            ner = nlp.get_pipe("ner")
            docs = [nlp.make_doc(chunk) for chunk in chunks]
            started = time.process_time()
            for doc in docs:
                ner(doc)
            best[path] = min(best[path], time.process_time() - started)
    return best


def entity_f1(gold_dir: Path, model_dir: Path) -> dict[str, float]:
    """Entity F1 (all, ORG, PER, LOC) of the whole pipeline with this model."""
    from ..evaluate import evaluate_dir, report_json

    total = report_json(evaluate_dir(gold_dir, use_ner=True, model_path=str(model_dir)))["total"]
    labels = total["entity_labels"]
    return {"entities": total["entities"]["f1"]} | {label: labels[label]["f1"] for label in ("ORG", "PER", "LOC")}


def measure(model_dir: Path, reference: Path) -> dict[str, Any]:
    chunks = sample_chunks(SAMPLE_TEXT.read_text("utf-8"))
    seconds = model_cpu_seconds([reference, model_dir], chunks)
    return {
        "model_cpu_s_80_pages": round(seconds[model_dir], 2),
        "vs_reference": round(seconds[model_dir] / seconds[reference], 2),
        "reference_cpu_s_80_pages": round(seconds[reference], 2),
        "corpus": entity_f1(CORPUS_GOLD, model_dir),
        "sample": entity_f1(SAMPLE_GOLD, model_dir),
    }


def record(name: str, row: dict[str, Any]) -> None:
    table = json.loads(COSTS.read_text("utf-8")) if COSTS.exists() else {}
    table[name] = row
    COSTS.write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n", "utf-8")


def cost_table() -> str:
    """Markdown table of the measured models (model CPU time, pipeline entity F1)."""
    if not COSTS.exists():
        return "(no model measured)"
    lines = [
        "| model | model CPU s / 80 pages | vs 1.0.0 same run | corpus ORG / PER / LOC F1 | corpus entities F1 "
        "| sample ORG / PER / LOC F1 | sample entities F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in json.loads(COSTS.read_text("utf-8")).items():
        c, s = r["corpus"], r["sample"]
        lines.append(
            f"| {name} | {r['model_cpu_s_80_pages']} | {r['vs_reference']} | {c['ORG']} / {c['PER']} / {c['LOC']} "
            f"| {c['entities']} | {s['ORG']} / {s['PER']} / {s['LOC']} | {s['entities']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name", help="the row's name (a variant of variants.py, or the shipped model)")
    parser.add_argument("model", type=Path, help="model folder (with a scores.json for the label precision)")
    parser.add_argument("--reference", type=Path, default=DEFAULT_MODEL, help="timed in the same rounds")
    args = parser.parse_args()
    row = measure(args.model, args.reference)
    record(args.name, row)
    print(json.dumps(row, indent=2))


if __name__ == "__main__":
    main()
