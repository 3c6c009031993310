"""Training data handling (label policy, dev topic, WikiANN filter) and the project scorer."""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Span
from spacy.training import Example

from bulletin_extract.nlp import make_tokenizer_nlp
from bulletin_extract.training.corpus import (
    LABELS,
    ConversionStats,
    read_wikiann,
    slavicner_doc,
    topic_of,
)
from bulletin_extract.training.evaluate import make_project_scorer, project_labels

TEXT = "Според CNN Байдън спечели изборите в САЩ."
SPANS = [(7, 10, "PRO"), (11, 17, "PER"), (36, 39, "LOC")]


def test_media_are_trained_as_pro_when_evt_pro_are_kept() -> None:
    doc = slavicner_doc(make_tokenizer_nlp(), TEXT, SPANS, ConversionStats(), (*LABELS, "EVT", "PRO"))
    assert [(e.text, e.label_) for e in doc.ents] == [("CNN", "PRO"), ("Байдън", "PER"), ("САЩ", "LOC")]


def test_media_are_outside_in_the_scored_labels() -> None:
    stats = ConversionStats()
    doc = slavicner_doc(make_tokenizer_nlp(), TEXT, SPANS, stats)
    assert [(e.text, e.label_) for e in doc.ents] == [("Байдън", "PER"), ("САЩ", "LOC")]
    assert stats.dropped_label == 1


def test_predicted_pro_is_neither_hit_nor_false_alarm() -> None:
    nlp = make_tokenizer_nlp()
    gold = slavicner_doc(nlp, TEXT, SPANS, ConversionStats())
    predicted = nlp.make_doc(TEXT)
    predicted.ents = [Span(predicted, 1, 2, "PRO"), Span(predicted, 2, 3, "PER"), Span(predicted, 6, 7, "LOC")]
    scores = make_project_scorer()([Example(predicted, gold)])
    assert (scores["ents_p"], scores["ents_r"]) == (1.0, 1.0)
    assert [e.label_ for e in project_labels(predicted).ents] == ["PER", "LOC"]


def test_topic_is_read_from_the_split_path() -> None:
    assert topic_of("raw/covid-19/bg/covid-19_bg.txt_file_10.txt") == "covid-19"


def test_wikiann_sentences_with_an_org_can_be_left_out(tmp_path: Path) -> None:
    iob = tmp_path / "train"
    iob.write_text("bg:Гьоте\tB-PER\nbg:в\tO\nbg:Германия\tB-LOC\n\nbg:БАН\tB-ORG\nbg:в\tO\nbg:София\tB-LOC\n", "utf-8")
    docs = read_wikiann(iob, make_tokenizer_nlp(), ConversionStats(), drop_org_sentences=True)
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [[("Гьоте", "PER"), ("Германия", "LOC")]]


def test_cost_sample_is_cut_at_paragraph_ends_within_the_chunk_length() -> None:
    from bulletin_extract.training.cost import sample_chunks

    text = "Фирма „Алфа“ ООД от Варна.\n\nИван Петров, управител.\n\nОбщина Русе."
    chunks = sample_chunks(text, copies=4, chunk_chars=60)
    assert chunks[0] == "Фирма „Алфа“ ООД от Варна.\n\nИван Петров, управител.\n\n"
    assert all(len(c) <= 60 for c in chunks)
    assert "".join(chunks).count("Община Русе.") == 4
