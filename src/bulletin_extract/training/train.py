"""`make train`: corpora -> DocBin -> spaCy training -> evaluation -> models/ner-bg.

Reproducible: fixed seed in the config, the dev cut is seeded, one thread (the
machine is shared; also keeps float summation order stable).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

from .corpus import DEV_TOPIC, CorpusOptions, convert
from .evaluate import SCORER_NAME, evaluate, evaluate_pipeline, format_table
from .tokenizer import TOKENIZER_NAME  # importing it registers the tuned tokenizer for the config

CONFIG = Path(__file__).with_name("config.cfg")
REPO = Path(__file__).resolve().parents[3]
#: Where `make train` finds the corpora: shared/ beside the repository checkout.
DEFAULT_DATA = REPO.parent / "shared" / "data" / "ner"
DEFAULT_MODEL = REPO / "models" / "ner-bg"
MODEL_NAME = "bg_bulletin_ner"
MODEL_VERSION = "1.0.0"


#: The shipped model's data handling (the variant table in the model card says why).
SHIPPED_OPTIONS = CorpusOptions(dev="random")
#: The row of the variant table (variants.py) that config.cfg + SHIPPED_OPTIONS reproduce.
SHIPPED_VARIANT: str | None = None  # 1.0.0 is v12's recipe with width 96; no row trained it


def train_model(
    data_dir: Path,
    model_dir: Path,
    work_dir: Path,
    *,
    options: CorpusOptions = SHIPPED_OPTIONS,
    overrides: dict[str, Any] | None = None,
    use_gpu: int = -1,
) -> dict[str, Any]:
    """Run the whole recipe; returns the scores written to model_dir/scores.json."""
    best, corpus, minutes, stats = fit(data_dir, work_dir, options, overrides or {}, use_gpu=use_gpu)
    return package_model(best, model_dir, corpus, minutes, stats)


def fit(
    data_dir: Path, work_dir: Path, options: CorpusOptions, overrides: dict[str, Any], *, use_gpu: int = -1
) -> tuple[Path, Path, float, Any]:
    """Convert the corpora and train; returns (model-best dir, corpus dir, minutes, stats)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from spacy.cli.train import train as spacy_train

    if not (data_dir / "slavicner_bg").is_dir() or not (data_dir / "wikiann_bg").is_dir():
        raise FileNotFoundError(f"{data_dir}: expected slavicner_bg/ and wikiann_bg/ (see its README.md)")
    corpus = work_dir / "corpus"
    stats = convert(data_dir, corpus, options)
    started = time.perf_counter()
    config = CONFIG
    if options.pretrain_epochs:
        from .pretrain import pretrain_tok2vec

        weights, config = pretrain_tok2vec(CONFIG, data_dir, corpus, work_dir, overrides, options.pretrain_epochs)
        overrides = {**overrides, "paths.init_tok2vec": str(weights)}
    spacy_train(
        config,
        work_dir / "output",
        use_gpu=use_gpu,
        overrides={"paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy"), **overrides},
    )
    minutes = (time.perf_counter() - started) / 60
    return work_dir / "output" / "model-best", corpus, minutes, stats


def package_model(best: Path, model_dir: Path, corpus: Path, minutes: float, stats: Any = None) -> dict[str, Any]:
    import spacy

    nlp = spacy.load(best)
    nlp.meta["name"] = MODEL_NAME
    nlp.meta["version"] = MODEL_VERSION
    nlp.meta["bulletin_extract_ner"] = f"{MODEL_NAME} {MODEL_VERSION}"
    scores: dict[str, Any] = {
        "model": f"{MODEL_NAME} {MODEL_VERSION}",
        "date": date.today().isoformat(),
        "training_minutes": round(minutes, 1),
        "variant": SHIPPED_VARIANT,
        "slavicner_single_topic_out_test": evaluate(nlp, corpus / "test.spacy"),
        "wikiann_dev": evaluate(nlp, corpus / "wikiann_dev.spacy"),
        "slavicner_dev": evaluate(nlp, corpus / "dev.spacy"),
    }
    if stats:
        scores["conversion"] = {k: vars(v) for k, v in stats.items()}
    nlp.meta["performance"] = {"slavicner_single_topic_out_test": scores["slavicner_single_topic_out_test"]}
    if model_dir.exists():
        shutil.rmtree(model_dir)
    # the tuned tokenizer is the project's own (nlp.py) and is not shipped with the model:
    # at run time only the ner component is sourced into the running pipeline, whose
    # vocab it uses (hash embeddings need no stored strings), so vocab/ is left out too
    nlp.to_disk(model_dir, exclude=["tokenizer", "vocab"])
    config = model_dir / "config.cfg"
    # the shipped config names only spaCy's own registered functions, so it loads anywhere
    shipped = config.read_text("utf-8").replace(TOKENIZER_NAME, "spacy.Tokenizer.v1")
    config.write_text(shipped.replace(SCORER_NAME, "spacy.ner_scorer.v1"), "utf-8")
    (model_dir / "scores.json").write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", "utf-8")
    # the whole bulletin pipeline on the same test: what rules + gazetteer + repair add
    from ..nlp import load_pipeline

    pipeline = load_pipeline(use_ner=True, model_path=str(model_dir))
    scores["pipeline_slavicner_single_topic_out_test"] = evaluate_pipeline(pipeline, corpus / "test.spacy")
    size = sum(f.stat().st_size for f in model_dir.rglob("*") if f.is_file())
    scores["size_mb"] = round(size / 1e6, 1)
    (model_dir / "scores.json").write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (model_dir / "README.md").write_text(model_card(scores), "utf-8")
    print(format_table("SlavicNER us_election_2020 (single-topic-out test)", scores["slavicner_single_topic_out_test"]))
    print(format_table("WikiANN dev", scores["wikiann_dev"]))
    print(f"training {scores['training_minutes']} min, model {scores['size_mb']} MB")
    return scores


def run_training(data_dir: Path | None, model_dir: Path | None, work_dir: Path | None) -> dict[str, Any]:
    """The `bulletin-extract train` / `make train` entry: defaults resolved, temp work dir cleaned."""
    import tempfile

    data = data_dir or DEFAULT_DATA
    target = model_dir or DEFAULT_MODEL
    if work_dir is not None:
        return train_model(data, target, work_dir)
    with tempfile.TemporaryDirectory(prefix="ner-train-") as tmp:
        return train_model(data, target, Path(tmp))


#: What the shipped model gets wrong on the test topic (read off its errors by hand).
ERROR_NOTES = """Most ORG misses are US institutions written in lowercase or inflected
("избирателната колегия", "Върховния съд", "Сената"); most false ORG hits are media
that SlavicNER labels PRO ("Twitter", "CNN")."""


#: Every look at the test topic besides the shipped model's (honesty: they were looked at).
TEST_LOOKS = """Test topic scores seen for models that were not shipped (exact span, ORG/PER/LOC):
- v8 (best on the held-out dev topic): micro 69.9 (P 78.1 / R 63.2), ORG 52.1, PER 69.5,
  LOC 76.7, far below the shipped model. The likely reason (not isolated by a run) is that
  v8 never trained on covid-19 (151 documents from 2020, with US politicians and agencies,
  close to the us_election_2020 test); so the held-out topic serves to compare
  configurations, and a shipped model should train on all topics (as v12 did).
- v12 (v8's configuration, all topics; beat the shipped model on both dev sets: in-topic
  micro 94.2 vs 93.6, ORG 90.2 vs 88.6; WikiANN dev micro 80.6 vs 77.9, ORG 63.8 vs 60.6):
  test micro 77.7 (P 85.4 / R 71.3), ORG 51.3 (P 64.3 / R 42.6), PER 79.5, LOC 84.4; whole
  pipeline micro 75.7; in-domain sample F1 92.2 (this model: 93.1); 12.5 MB; 9.1k words/s
  alone. Not shipped: no better on the test topic or the sample, bigger and slower, and its
  dev gain is within the checkpoint-to-checkpoint noise seen in training (about 2 F1)."""


#: What the cheaper-model search of issue 14 found (the table above it is measured by cost.py).
COST_NOTES = """Model CPU time is the ner component alone (its tok2vec copy included, tokenizing left
out) on the sample text repeated as `make bench` does (20 copies, about 46k words, in the
pipeline's 20k-character chunks), best of 5 rounds taken in turn with 1.0.0 on a shared
2-core machine: compare the "vs 1.0.0" column, not seconds across rows. The entity F1 are
the whole pipeline's (`bulletin-extract eval --model`); variants are scored with 1.0.0's
label-precision table, so only the model differs. Untrained copies of each architecture
timed the same way (speed does not depend on the weights), relative to 1.0.0: CNN depth 3
0.86, depth 2 0.72, CNN maxout 2 0.83, maxout 1 0.79, NER hidden 32 0.89, half the hash
rows 0.98 (the table lookups are not the cost), width 64 0.72, depth 3 + maxout 2 0.74,
depth 2 + maxout 2 0.68, depth 2 + NER hidden 32 0.66, depth 2 + maxout 2 + NER 32 x 1
0.60. Width 64 (v13/v14) had lost 2.4 corpus entity F1
points before. v15 (depth 2) kept the in-topic dev scores within 1 F1 but, seeing only
2 words either side, labels company names in enumerations as people or places on the
sample ("фирмите X, Y и Z" style lists): sample entity F1 0.886 -> 0.812; not shipped. v17 (depth 4 kept, CNN maxout 2, NER hidden
32 without maxout) trained unsteadily (in-topic dev F1 swinging 72-88 between checkpoints)
and lost everywhere: in-topic dev micro 87.7 (1.0.0: 93.6), corpus ORG 0.798; not shipped.
v18 (CNN maxout 2 only, 0.86x the time) matched 1.0.0 on the in-topic dev cut (micro 93.4
vs 93.6, ORG 87.7 vs 88.6, PER 94.7, LOC 96.6), beat it on WikiANN dev (79.2 vs 77.9) and
scored exactly 1.0.0's corpus figures, but dropped on the sample (entity F1 0.886 -> 0.826,
ORG 0.830 -> 0.757, PER 1.0 -> 0.889): not shipped, as no sample score may drop. Every
retrained model so far loses 6-7 sample points whatever its size, so part of 1.0.0's
sample score may be its particular run. v19 tests that: 1.0.0's recipe and architecture
with seed 1 instead of 0 scores like 1.0.0 on both dev sets (in-topic micro 93.5, WikiANN
80.7) yet moves corpus ORG 0.877 -> 0.814, LOC 0.978 -> 0.936 and sample entities 0.886 ->
0.853. A retrain alone moves the pipeline's ORG F1 by about 6 points, more than the 1-point
bar: one run per architecture cannot show a cheaper model equal, nor rule it out. v18 is
the candidate to retry with several seeds (its one run matched 1.0.0 on the corpus)."""


def model_card(scores: dict[str, Any]) -> str:
    """models/ner-bg/README.md, written from the measured scores so it cannot drift from them."""
    test = scores["slavicner_single_topic_out_test"]
    org_f, micro_f = test["per_label"]["ORG"]["f"], test["micro"]["f"]
    verdict = "met" if org_f >= 70 and micro_f >= 82 else "missed"
    from .cost import cost_table
    from .variants import variants_table

    options = SHIPPED_OPTIONS
    policy = (
        "SlavicNER EVT (events) and PRO (products, media such as CNN, Twitter) are trained as "
        "labels of their own and dropped at prediction (`ner.py` keeps ORG/PER/LOC), so media "
        "names have a label to go to other than ORG."
        if options.keep_evt_pro
        else 'SlavicNER EVT (events) and PRO (products, media) are dropped to "outside".'
    )
    if options.dev == "random":
        dev_use = "train topics minus a seeded 8% dev cut (checkpoint selection)"
        dev_title = "SlavicNER dev (seeded 8% cut of the training topics, in-topic)"
    else:
        dev_use = f"the training topics minus `{DEV_TOPIC}`, held out whole as the dev set"
        dev_title = f"SlavicNER dev (topic `{DEV_TOPIC}`, held out of training)"
    if options.wikiann != "all":
        policy += f" WikiANN train: {options.wikiann}."
    return f"""# {scores["model"]}: Bulgarian NER for bulletin-extract

A small spaCy 3.8 pipeline (`tok2vec` + `ner`, CNN hash embeddings, no vectors) that
tags organisations (ORG), people (PER) and places (LOC) in Bulgarian text. The package
sources its `ner` component into its own pipeline after the rule stages
(`bulletin_extract/ner.py`); the tokenizer is the project's own, so it is not shipped.

Trained {scores["date"]} by `make train` (= `bulletin-extract train`) from
`../shared/data/ner/`, with `src/bulletin_extract/training/config.cfg` (seed 0, one thread).

## Data
| corpus | use | licence as stated upstream |
|---|---|---|
| SlavicNER (BSNLP 2017-2023 shared tasks, Bulgarian part; github.com/SlavicNLP/SlavicNER commit 2c72947) | official single-topic-out split: {dev_use}; test topic `us_election_2020` never trained on | no licence file upstream; the authors ask to cite Piskorski, Marcinczuk, Yangarber, LREC-COLING 2024 |
| WikiANN / PAN-X Bulgarian (bgGLUE copy) | train split added to training; dev split used as a second test set | bgGLUE code MIT; WikiANN data licence not stated upstream (Wikipedia-derived, silver labels) |

Label policy: {policy} The scores below are over ORG, PER and LOC only.
Corpora are converted with the project's tuned tokenizer (`bulletin_extract.nlp`).

## Scores (exact span and label)
{format_table("SlavicNER `us_election_2020` (single-topic-out test)", test)}

{format_table("WikiANN dev", scores["wikiann_dev"])}

{format_table(dev_title, scores["slavicner_dev"])}

Project target on this test (ORG F1 >= 70, micro F1 >= 82): **{verdict}** (ORG {org_f},
micro {micro_f}). spaCy's default efficiency config with EVT/PRO kept scored micro 78 / ORG 59
here; 1.0.0 (this recipe with width 96 and a random in-topic dev cut) scored micro 77.9 / ORG 54.7.
{ERROR_NOTES}

The whole bulletin pipeline (rules + gazetteer + this model + boundary repair, see
`bulletin_extract/ner.py`) on the same single-topic-out test, by character span:

{format_table("pipeline on `us_election_2020`", scores["pipeline_slavicner_single_topic_out_test"])}

## Variants tried (chosen on dev only)
Each variant trained once (seed 0, one thread, 3000 steps, mostly with another variant
training beside it on the second core, so minutes vary) by `python -m
bulletin_extract.training.variants NAME`; scored on the dev topic `{DEV_TOPIC}` (held out of
training; v12 on the in-topic cut instead) and WikiANN dev. The test topic was scored for
the shipped model (tables above) and for v8 and v12 (below), no other.

{variants_table(scores.get("variant"))}

{TEST_LOOKS}

## Cheaper models (issue 14): cost and accuracy inside the pipeline
{cost_table()}

{COST_NOTES}

## Cost
- training: {scores["training_minutes"]} min on one thread of a 2-core machine that other
  jobs were sharing (corpus conversion adds about 20 s); deterministic with seed 0
- size on disk: {scores.get("size_mb", "?")} MB
- speed, one thread: model alone {test["words_per_second"]} words/s, whole pipeline
  {scores["pipeline_slavicner_single_topic_out_test"]["words_per_second"]} words/s (SlavicNER test texts; the machine was
  shared, so these vary by a factor of 2-3 between runs)

## Loading
`bulletin_extract.ner.add_ner(nlp)` sources the `ner` component into the project's
pipeline. Standalone: `spacy.load("models/ner-bg", exclude=["tokenizer"])` (no
tokenizer is shipped; feed it text tokenized by `bulletin_extract.nlp.make_tokenizer_nlp()`
for the boundaries it was trained on). `add_ner` also runs it faster without changing a
number it computes (`bulletin_extract/ner_inference.py`: numpy's BLAS for the products,
the embedding computed once per distinct token of a batch, numpy's maximum in the Maxout
layers, layer norm in place); loaded standalone, spaCy runs it as it was trained.

## Limits
News-trained: bulletin organisations (clusters, councils "към БТПП", foreign companies
in Latin script) are harder than news ones; the pipeline adds the gazetteer, rules and
boundary repair on top. Confidence of a hit is this table's per-label precision times
shape evidence (see `bulletin_extract/ner.py`).
"""
