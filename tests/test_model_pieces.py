"""The model reads each chunk in pieces, batched, and finds the names it found reading it whole.

``pipeline.find_mentions`` cuts a chunk into runs of whole blocks (``PIECE_CHARS``),
runs the NER component over them in one ``pipe`` batch (spaCy's greedy decoder steps
the pieces together, and the model's working memory follows the tokens of a batch, not
their number), and the mention component reads the pieces as one chunk
(``ner.NameMentions.read``). The pieces must change nothing in the output: the same
mentions with any piece size, exact offsets, the chunk's evidence across its pieces.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract import pipeline
from bulletin_extract.ingest import read_document
from bulletin_extract.nlp import load_pipeline
from model_marks import needs_model


def _found(document, monkeypatch: pytest.MonkeyPatch, piece_chars: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pipeline, "PIECE_CHARS", piece_chars)
    nlp = load_pipeline(use_ner=True)
    return [(m.start, m.end, m.kind, m.source, round(m.confidence, 6), m.value)
            for m in pipeline.find_mentions(nlp, document)]


@pytest.fixture
def long_document(sample_txt: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    text = sample_txt.read_text("utf-8")
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join([text, text[: len(text) // 2]]), "utf-8")  # two chunks, the second shorter
    return read_document(path)


def test_chunks_are_cut_into_pieces_of_whole_blocks(long_document, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 2_000)
    chunks = pipeline._chunks(long_document)
    assert len(chunks) >= 2
    assert sum(len(cuts) for _o, _t, cuts in chunks) >= 5  # ~35k characters: several pieces
    block_starts = {b.start for b in long_document.blocks}
    for offset, text, cuts in chunks:
        assert text == long_document.text[offset : offset + len(text)]
        assert cuts == sorted(cuts)
        assert all(offset + c in block_starts for c in cuts)  # a piece starts where a block does
        for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
            assert b - a <= 2_000 or not any(a < c - offset < b for c in block_starts)  # longer: one block


@needs_model
def test_names_are_the_same_whatever_the_piece_size(long_document, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    whole = _found(long_document, monkeypatch, 10**9)  # one piece per chunk: the model reads each chunk whole
    assert sum(1 for f in whole if f[3] == "ner") > 30  # the model found names: not two empty lists
    assert _found(long_document, monkeypatch, 2_500) == whole
    assert _found(long_document, monkeypatch, 600) == whole  # a piece a paragraph or two


@needs_model
def test_offsets_hold_across_pieces(long_document, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 1_000)
    mentions = pipeline.find_mentions(load_pipeline(use_ner=True), long_document)
    text = long_document.text
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert any(m.source == "ner" for m in mentions)


@needs_model
def test_mention_component_is_handed_the_docs_own_text() -> None:
    nlp = load_pipeline(use_ner=True)
    text = "Кметът на Община Пловдив Иван Петров откри форума в Пловдив.\n\nСдружение „Зелена долина“ е партньор."
    by_pipeline = pipeline._model_mentions(nlp, text, [], [text.index("Сдружение")])
    doc = nlp.make_doc(text)
    doc._.mentions = []
    assert doc._.text is None  # unset unless the caller sets it: the component falls back to Doc.text
    by_doc_text = list(nlp(doc, disable=pipeline.rules.COMPONENTS)._.mentions or [])
    assert [(m.start, m.end, m.kind, m.text) for m in by_pipeline] == [
        (m.start, m.end, m.kind, m.text) for m in by_doc_text]
    assert ("Община Пловдив", "org") in [(m.text, m.kind) for m in by_pipeline]


def test_a_word_used_mid_sentence_in_one_piece_is_evidence_in_another() -> None:
    """A one-word person opening a sentence is kept only when the chunk also writes the
    word mid-sentence; that evidence is the chunk's, not the piece's (no model needed:
    the entities are set on the pieces by hand)."""
    from spacy.tokens import Span

    from bulletin_extract.ner import NameMentions
    from bulletin_extract.nlp import make_tokenizer_nlp

    nlp = make_tokenizer_nlp()
    first, second = "Петрунов откри срещата.\n\n", "Домакин беше кметът Петрунов от Бургас."
    text = first + second

    def tagged(piece: str):  # type: ignore[no-untyped-def]
        doc = nlp.make_doc(piece)
        doc.ents = [Span(doc, i, i + 1, label="LOC" if t.text == "Бургас" else "PER")
                    for i, t in enumerate(doc) if t.text in ("Петрунов", "Бургас")]
        return doc

    names = NameMentions({"PER": 0.9, "LOC": 0.9, "ORG": 0.9})
    found = names.read(text, [(0, len(first), tagged(first)), (len(first), len(text), tagged(second))], [])
    assert [(m.start, m.text, m.kind) for m in found] == [
        (0, "Петрунов", "person"), (len(first) + 20, "Петрунов", "person"), (len(first) + 32, "Бургас", "location")]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert names.read(first, [(0, len(first), tagged(first))], []) == []  # alone, it opens a sentence only
