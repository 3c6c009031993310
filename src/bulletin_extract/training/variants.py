"""The configurations tried for models/ner-bg, each scored on the dev sets only.

`python -m bulletin_extract.training.variants NAME [NAME...]` trains each named variant
(seed 0, one thread) and writes its dev scores (held-out training topic ``DEV_TOPIC`` and
WikiANN dev) to ``<work>/variants/NAME.json``. The test topic is never read here: the
shipped configuration is chosen on these numbers, and only it is scored on the test
(train.py).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from .corpus import DEV_TOPIC, CorpusOptions
from .evaluate import evaluate, format_table
from .train import DEFAULT_DATA, fit

#: name -> (what it changes, corpus options, config overrides)
VARIANTS: dict[str, tuple[str, CorpusOptions, dict[str, Any]]] = {
    "v0_previous": ("shipped 1.0.0 recipe: EVT/PRO dropped to outside, SlavicNER + WikiANN",
                    CorpusOptions(), {}),
    "v1_evt_pro_labels": ("EVT/PRO trained as labels, dropped at prediction", CorpusOptions(keep_evt_pro=True), {}),
    "v2_no_wikiann": ("v1, SlavicNER only", CorpusOptions(keep_evt_pro=True, wikiann="none"), {}),
    "v5_width128": ("v1, tok2vec width 128", CorpusOptions(keep_evt_pro=True),
                    {"components.tok2vec.model.encode.width": 128}),
    "v9_width128_pretrain": ("v5 + `spacy pretrain` characters objective, 3 epochs on the training texts",
                             CorpusOptions(keep_evt_pro=True, pretrain_epochs=3),
                             {"components.tok2vec.model.encode.width": 128}),
    "v8_previous_width128": ("v0 (EVT/PRO outside), tok2vec width 128", CorpusOptions(),
                             {"components.tok2vec.model.encode.width": 128}),
    "v12_width128_all_topics": ("v8 trained on every training topic (covid-19 included), checkpoint "
                                "picked on 1.0.0's random 8% document cut; its dev scores are in-topic",
                                CorpusOptions(dev="random"), {"components.tok2vec.model.encode.width": 128}),
    "v11_previous_width128_pretrain": ("v8 + `spacy pretrain` characters objective, 3 epochs on the training texts",
                                       CorpusOptions(pretrain_epochs=3),
                                       {"components.tok2vec.model.encode.width": 128}),
    "v13_previous_width64": ("v0 (EVT/PRO outside), tok2vec width 64: about half the model's arithmetic "
                             "per token (issue 14, speed)", CorpusOptions(),
                             {"components.tok2vec.model.encode.width": 64}),
    "v14_previous_width64_all_topics": ("v13 trained on every training topic (covid-19 included), checkpoint "
                                        "picked on 1.0.0's random 8% document cut (the shipping recipe of v13); "
                                        "its dev scores are in-topic", CorpusOptions(dev="random"),
                                        {"components.tok2vec.model.encode.width": 64}),
    # issue 14, a cheaper model at equal accuracy: the shipped recipe (width 96, every training
    # topic, checkpoint on the random 8% cut; dev scores in-topic) with less arithmetic per token
    "v15_depth2_all_topics": ("1.0.0's recipe with 2 CNN layers instead of 4 (receptive field 5 tokens, "
                              "not 9): about a third less arithmetic per token; dev scores in-topic",
                              CorpusOptions(dev="random"), {"components.tok2vec.model.encode.depth": 2}),
    "v17_maxout2_ner32_all_topics": ("1.0.0's recipe (4 CNN layers kept: receptive field 9 tokens) with 2 maxout "
                                     "pieces in the CNN instead of 3, and an NER hidden layer of 32 units without "
                                     "maxout (64 x 2 before); dev scores in-topic", CorpusOptions(dev="random"),
                                     {"components.tok2vec.model.encode.maxout_pieces": 2,
                                      "components.ner.model.hidden_width": 32,
                                      "components.ner.model.maxout_pieces": 1}),
    "v18_maxout2_all_topics": ("1.0.0's recipe with 2 maxout pieces in the CNN instead of 3 (4 layers and "
                               "the NER layer kept); dev scores in-topic", CorpusOptions(dev="random"),
                               {"components.tok2vec.model.encode.maxout_pieces": 2}),
    "v19_seed1_all_topics": ("1.0.0's recipe and architecture, seed 1 instead of 0: how much a retrain alone "
                             "moves the scores; dev scores in-topic", CorpusOptions(dev="random"),
                             {"system.seed": 1}),
}


def run_variant(name: str, data_dir: Path, work_root: Path) -> dict[str, Any]:
    import spacy

    description, options, overrides = VARIANTS[name]
    work = work_root / name
    started = time.perf_counter()
    best, corpus, minutes, _ = fit(data_dir, work, options, overrides)
    nlp = spacy.load(best)
    result: dict[str, Any] = {
        "name": name,
        "description": description,
        "training_minutes": round(minutes, 1),
        "wall_minutes": round((time.perf_counter() - started) / 60, 1),
        "dev_topic": evaluate(nlp, corpus / "dev.spacy"),
        "wikiann_dev": evaluate(nlp, corpus / "wikiann_dev.spacy"),
    }
    out = work_root / "variants"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(format_table(f"{name} dev topic", result["dev_topic"]))
    print(format_table(f"{name} WikiANN dev", result["wikiann_dev"]))
    return result


#: Committed summary of every variant's dev scores; the model card renders it.
RESULTS = Path(__file__).with_name("variants_dev_scores.json")


def record(result: dict[str, Any]) -> None:
    """Add one variant's dev scores to the committed summary (kept sorted by name)."""
    table = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
    table[result["name"]] = result
    RESULTS.write_text(json.dumps(dict(sorted(table.items(), key=_order)), indent=2) + "\n", "utf-8")


def _order(item: tuple[str, Any]) -> int:
    """v2 before v11: by the variant's number."""
    return int(item[0].split("_")[0].lstrip("v"))


def variants_table(shipped: str | None = None) -> str:
    """Markdown table of the recorded variants' dev F1 (dev topic and WikiANN dev)."""
    if not RESULTS.exists():
        return "(no variants recorded)"
    lines = [
        f"| variant | what changes | dev `{DEV_TOPIC}` micro F1 | dev ORG F1 (P/R) | dev PER F1 | dev LOC F1 "
        "| WikiANN dev micro F1 | WikiANN ORG F1 | train min |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in json.loads(RESULTS.read_text("utf-8")).items():
        dev, wiki = r["dev_topic"], r["wikiann_dev"]
        org = dev["per_label"]["ORG"]
        mark = " (shipped)" if name == shipped else ""
        lines.append(
            f"| {name}{mark} | {r['description']} | {dev['micro']['f']} | {org['f']} ({org['p']}/{org['r']}) "
            f"| {dev['per_label']['PER']['f']} | {dev['per_label']['LOC']['f']} | {wiki['micro']['f']} "
            f"| {wiki['per_label']['ORG']['f']} | {r['training_minutes']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=", ".join(VARIANTS))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ner-variants"))
    parser.add_argument("--record", nargs="*", type=Path, default=None,
                        help="only add these <work>/variants/NAME.json results to the committed summary")
    parser.add_argument("--ship", metavar="NAME", default=None,
                        help="package the trained variant NAME (its model-best) into models/ner-bg, as make train does")
    args = parser.parse_args()
    if args.ship:
        from .train import DEFAULT_MODEL, package_model

        work = args.work / args.ship
        result = json.loads((args.work / "variants" / f"{args.ship}.json").read_text("utf-8"))
        package_model(work / "output" / "model-best", DEFAULT_MODEL, work / "corpus", result["training_minutes"])
        return
    if args.record is not None:
        for path in args.record:
            record(json.loads(path.read_text("utf-8")))
        return
    unknown = [n for n in args.names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants {unknown}; known: {', '.join(VARIANTS)}")
    for name in args.names:
        record(run_variant(name, args.data, args.work))


if __name__ == "__main__":
    main()
