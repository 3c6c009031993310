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

from .corpus import CorpusOptions
from .evaluate import evaluate, format_table
from .train import DEFAULT_DATA, fit

#: name -> (what it changes, corpus options, config overrides)
VARIANTS: dict[str, tuple[str, CorpusOptions, dict[str, Any]]] = {
    "v0_previous": ("shipped 1.0.0 recipe: EVT/PRO dropped to outside, SlavicNER + WikiANN",
                    CorpusOptions(keep_evt_pro=False), {}),
    "v1_evt_pro_labels": ("EVT/PRO trained as labels, dropped at prediction", CorpusOptions(), {}),
    "v2_no_wikiann": ("v1, SlavicNER only", CorpusOptions(wikiann="none"), {}),
    "v3_wikiann_no_org": ("v1, WikiANN sentences with an ORG left out", CorpusOptions(wikiann="per_loc"), {}),
    "v4_whole_docs": ("v1, whole SlavicNER documents (no paragraph cut)", CorpusOptions(whole_documents=True), {}),
    "v5_width128": ("v1, tok2vec width 128", CorpusOptions(),
                    {"components.tok2vec.model.encode.width": 128}),
    "v6_no_wikiann_width128": ("v2, tok2vec width 128", CorpusOptions(wikiann="none"),
                               {"components.tok2vec.model.encode.width": 128}),
    "v7_no_wikiann_depth6": ("v2, tok2vec depth 6, rows 10000/2500/5000/5000", CorpusOptions(wikiann="none"),
                             {"components.tok2vec.model.encode.depth": 6,
                              "components.tok2vec.model.embed.rows": [10000, 2500, 5000, 5000]}),
}


def run_variant(name: str, data_dir: Path, work_root: Path) -> dict[str, Any]:
    import spacy

    description, options, overrides = VARIANTS[name]
    work = work_root / name
    started = time.perf_counter()
    best, corpus, minutes, _ = fit(data_dir, work, options, overrides)
    nlp = spacy.load(best)
    result = {
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="+", choices=sorted(VARIANTS))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ner-variants"))
    args = parser.parse_args()
    for name in args.names:
        run_variant(name, args.data, args.work)


if __name__ == "__main__":
    main()
