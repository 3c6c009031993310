"""Corpus conversion: SlavicNER (char offsets) and WikiANN (IOB tokens) -> spaCy DocBin.

Both are tokenized with ``nlp.make_tokenizer_nlp()``: the model must see the same
tokens at training and at run time, or hyphenated names and abbreviations like
"проф." would be split differently and entity boundaries would drift.

Label policy (why): bulletins need organisations, people and places. SlavicNER's
EVT (events: "Брекзит", elections) and PRO (products, media titles) are dropped to
"outside", so the model learns that they are *not* ORG/LOC instead of confusing them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from ..nlp import make_tokenizer_nlp

#: SlavicNER label -> model label (None: dropped, the tokens become "outside").
LABEL_MAP: dict[str, str | None] = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "EVT": None, "PRO": None}
LABELS = ("ORG", "PER", "LOC")
TEST_TOPIC = "us_election_2020"
#: Share of the SlavicNER training documents held out as the dev set that picks the best model.
DEV_SHARE = 0.08


@dataclass
class ConversionStats:
    docs: int = 0
    entities: int = 0
    dropped_label: int = 0
    misaligned: int = 0
    overlapping: int = 0


def _annotation_path(root: Path, raw_rel: str) -> Path:
    # raw/<topic>/bg/X.txt -> ner/<topic>/bg/X.tsv; a few topics name it X.txt.tsv
    raw = Path(raw_rel)
    folder = root / "ner" / raw.parent.relative_to("raw")
    plain = folder / (raw.stem + ".tsv")
    return plain if plain.exists() else folder / (raw.name + ".tsv")


def _read_spans(tsv: Path) -> list[tuple[int, int, str]]:
    spans = []
    for line in tsv.read_text("utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 5 and cols[0].isdigit() and cols[1].isdigit():
            spans.append((int(cols[0]), int(cols[1]), cols[4].strip()))
    return spans


def slavicner_doc(nlp: Language, text: str, spans: list[tuple[int, int, str]], stats: ConversionStats) -> Doc:
    doc = nlp.make_doc(text)
    ents: list[Span] = []
    for start, end, raw_label in spans:
        label = LABEL_MAP.get(raw_label)
        if label is None:
            stats.dropped_label += 1
            continue
        span = doc.char_span(start, end, label=label) or doc.char_span(
            start, end, label=label, alignment_mode="expand"
        )
        if span is None:
            stats.misaligned += 1
            continue
        ents.append(span)
    kept = filter_spans(ents)
    stats.overlapping += len(ents) - len(kept)
    stats.entities += len(kept)
    stats.docs += 1
    doc.ents = kept
    return doc


def _paragraphs(doc: Doc) -> Iterator[Doc]:
    """Cut a news article at blank-ish lines: shorter docs train faster, no entity spans a newline."""
    start = 0
    for tok in doc:
        if "\n" in tok.text and tok.i > start:
            if any(e.start < tok.i + 1 < e.end for e in doc.ents):
                continue
            yield doc[start : tok.i].as_doc()
            start = tok.i + 1
    if start < len(doc):
        yield doc[start:].as_doc()


def read_slavicner(root: Path, files: list[str], nlp: Language, stats: ConversionStats) -> list[Doc]:
    """SlavicNER documents (paths relative to root, as in the SPLIT_* files), cut into paragraphs."""
    docs: list[Doc] = []
    for rel in files:
        text = (root / rel).read_text("utf-8")
        doc = slavicner_doc(nlp, text, _read_spans(_annotation_path(root, rel)), stats)
        docs.extend(d for d in _paragraphs(doc) if len(d) and d.text.strip())
    return docs


def read_wikiann(path: Path, nlp: Language, stats: ConversionStats) -> list[Doc]:
    """IOB sentences -> Docs: tokens are joined by spaces and re-tokenized by our tokenizer."""
    docs: list[Doc] = []
    for block in path.read_text("utf-8").split("\n\n"):
        rows = [ln.split("\t") for ln in block.splitlines() if "\t" in ln]
        if not rows:
            continue
        words = [w.split(":", 1)[1] if w.startswith("bg:") else w for w, _ in rows]
        tags = [t.strip() for _, t in rows]
        offsets, pos = [], 0
        for w in words:
            offsets.append((pos, pos + len(w)))
            pos += len(w) + 1
        spans: list[tuple[int, int, str]] = []
        for i, tag in enumerate(tags):
            if tag.startswith("B-") or (tag.startswith("I-") and (i == 0 or tags[i - 1][2:] != tag[2:])):
                spans.append((offsets[i][0], offsets[i][1], tag[2:]))
            elif tag.startswith("I-") and spans:
                s, _, lab = spans[-1]
                spans[-1] = (s, offsets[i][1], lab)
        docs.append(slavicner_doc(nlp, " ".join(words), spans, stats))
    return docs


def convert(data_dir: Path, out_dir: Path, seed: int = 0) -> dict[str, ConversionStats]:
    """Write train/dev/test DocBins; return conversion statistics per split."""
    nlp = make_tokenizer_nlp()
    slav = data_dir / "slavicner_bg"
    wiki = data_dir / "wikiann_bg"
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = {name: ConversionStats() for name in ("train", "dev", "test", "wikiann_dev")}

    train_files = (slav / "SPLIT_single_out_topic_train.txt").read_text("utf-8").split()
    rng = random.Random(seed)
    shuffled = sorted(train_files)
    rng.shuffle(shuffled)
    n_dev = int(len(shuffled) * DEV_SHARE)
    # the split files are written to out_dir so the dev/train cut is reproducible and visible
    (out_dir / "split_dev.txt").write_text("\n".join(sorted(shuffled[:n_dev])) + "\n", "utf-8")
    (out_dir / "split_train.txt").write_text("\n".join(sorted(shuffled[n_dev:])) + "\n", "utf-8")

    def slavic(split_path: Path, st: ConversionStats) -> list[Doc]:
        return read_slavicner(slav, split_path.read_text("utf-8").split(), nlp, st)

    train = slavic(out_dir / "split_train.txt", stats["train"])
    train += read_wikiann(wiki / "train", nlp, stats["train"])
    dev = slavic(out_dir / "split_dev.txt", stats["dev"])
    test = slavic(slav / "SPLIT_single_out_topic_test.txt", stats["test"])
    wiki_dev = read_wikiann(wiki / "dev", nlp, stats["wikiann_dev"])
    for name, docs in (("train", train), ("dev", dev), ("test", test), ("wikiann_dev", wiki_dev)):
        DocBin(docs=docs, store_user_data=False).to_disk(out_dir / f"{name}.spacy")
    return stats
