"""The model reads several chunks at once, and no chunk's names depend on its neighbours.

``pipeline.find_mentions`` hands the NER model ``MODEL_BATCH`` chunks per ``nlp.pipe``
call (the greedy decoder steps them together: cheaper per token). A Doc's entities must
not depend on which other Docs share its batch, on the batch size, or on where the batch
boundaries fall; and the text the pipeline hands the mention component (``doc._.text``)
must be the Doc's own text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract import pipeline
from bulletin_extract.ingest import read_document
from bulletin_extract.ner import locate_model
from bulletin_extract.nlp import load_pipeline

try:
    locate_model()
    HAVE_MODEL = True
except Exception:
    HAVE_MODEL = False
needs_model = pytest.mark.skipif(not HAVE_MODEL, reason="no NER model (run `make train`)")


def _found(document, monkeypatch: pytest.MonkeyPatch, batch: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pipeline, "MODEL_BATCH", batch)
    nlp = load_pipeline(use_ner=True)
    return [(m.start, m.end, m.kind, m.source, round(m.confidence, 6), m.value)
            for m in pipeline.find_mentions(nlp, document)]


@needs_model
def test_names_are_the_same_whatever_the_batch(sample_txt: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    text = sample_txt.read_text("utf-8")
    path = tmp_path / "long.txt"
    # two copies, the second cut short; small chunks: chunks of different lengths in a batch
    path.write_text("\n\n".join([text, text[: len(text) // 2]]), "utf-8")
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 4_000)
    document = read_document(path)
    chunks = list(pipeline._chunks(document))
    assert len(chunks) >= 5  # several chunks, or batching is not exercised
    one_by_one = _found(document, monkeypatch, 1)
    assert sum(1 for f in one_by_one if f[3] == "ner") > 30  # the model found names: not two empty lists
    assert _found(document, monkeypatch, 2) == one_by_one  # batch boundaries inside the document
    assert _found(document, monkeypatch, len(chunks)) == one_by_one  # all chunks in one batch


@needs_model
def test_mention_component_is_handed_the_docs_own_text() -> None:
    nlp = load_pipeline(use_ner=True)
    text = "Кметът на Община Пловдив Иван Петров откри форума в Пловдив.\n\nСдружение „Зелена долина“ е партньор."
    by_pipeline = pipeline._model_mentions(nlp, [text], [[]])[0]
    doc = nlp.make_doc(text)
    doc._.mentions = []
    assert doc._.text is None  # unset unless the caller sets it: the component falls back to Doc.text
    by_doc_text = list(nlp(doc, disable=pipeline.rules.COMPONENTS)._.mentions or [])
    assert [(m.start, m.end, m.kind, m.text) for m in by_pipeline] == [
        (m.start, m.end, m.kind, m.text) for m in by_doc_text]
    assert ("Община Пловдив", "org") in [(m.text, m.kind) for m in by_pipeline]
