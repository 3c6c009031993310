"""`spacy pretrain` (characters objective) of the tok2vec on the training topics' raw text.

Why: the labelled data is small (about 1,000 news articles); predicting word prefixes and
suffixes from context first gives the CNN some Bulgarian morphology before it learns
entities. Only the texts of the training documents are used (split_train.txt from
corpus.convert, plus WikiANN train sentences): never the dev or test topic, even unlabelled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PRETRAIN_CONFIG = Path(__file__).with_name("pretrain.cfg")


def write_raw_text(data_dir: Path, corpus_dir: Path, out: Path) -> int:
    """JSONL {"text": ...} of the training documents' paragraphs and WikiANN train sentences."""
    slav = data_dir / "slavicner_bg"
    lines: list[str] = []
    for rel in (corpus_dir / "split_train.txt").read_text("utf-8").split():
        lines += [p.strip() for p in (slav / rel).read_text("utf-8").split("\n") if p.strip()]
    for block in (data_dir / "wikiann_bg" / "train").read_text("utf-8").split("\n\n"):
        words = [ln.split("\t")[0].removeprefix("bg:") for ln in block.splitlines() if "\t" in ln]
        if words:
            lines.append(" ".join(words))
    out.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in lines), "utf-8")
    return len(lines)


def pretrain_tok2vec(config_path: Path, data_dir: Path, corpus_dir: Path, work: Path,
                     overrides: dict[str, Any], epochs: int) -> tuple[Path, Path]:
    """Run the pretraining; returns (weights file, training config that loads it).

    spaCy only loads ``init_tok2vec`` when the training config has a [pretraining]
    section naming the component, so training uses the merged config written here.
    A work dir that already holds the weights of a finished run is reused: pretraining
    is seeded, so the file would come out the same.
    """
    from spacy.cli.pretrain import pretrain
    from spacy.util import load_config

    raw = work / "raw_text.jsonl"
    write_raw_text(data_dir, corpus_dir, raw)
    arch = {k: v for k, v in overrides.items() if not k.startswith("paths.")}
    config = load_config(config_path, overrides=arch, interpolate=False)
    config = config.merge(load_config(PRETRAIN_CONFIG, interpolate=False))
    config["paths"]["raw_text"] = str(raw)
    config["pretraining"]["max_epochs"] = epochs
    out = work / "pretrain"
    weights = out / "model-last.bin"
    if not weights.exists():
        out.mkdir(parents=True, exist_ok=True)
        pretrain(config.interpolate(), out, silent=False)
    merged = work / "config_pretrained.cfg"
    config.to_disk(merged)
    return weights, merged
