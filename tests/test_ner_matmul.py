"""The NER model multiplies through numpy's BLAS, and that changes no entity.

``ner.use_numpy_matmul`` swaps thinc's blis products for numpy's (3x faster where blis
falls back to its generic kernel); the products are the same up to summation order, so
the model must tag the same spans with the same labels as with blis.
"""

from __future__ import annotations

from pathlib import Path

from thinc.api import NumpyOps

from bulletin_extract.ner import add_ner, use_numpy_matmul
from bulletin_extract.nlp import load_pipeline, make_tokenizer_nlp
from model_marks import needs_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "issue8.txt"


def _entities(nlp, text: str) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    doc = nlp.get_pipe("ner")(nlp.make_doc(text))
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


@needs_model
def test_loaded_model_multiplies_with_numpy_not_blis() -> None:
    model = load_pipeline(use_ner=True).get_pipe("ner").model
    ops = {(type(node.ops).__name__, node.ops.use_blis) for node in model.walk()}
    assert ops == {("NumpyOps", False)}


@needs_model
def test_numpy_products_tag_the_sample_as_blis_does() -> None:
    text = SAMPLE.read_text("utf-8")
    nlp = make_tokenizer_nlp()
    add_ner(nlp)
    model = nlp.get_pipe("ner").model
    with_numpy = _entities(nlp, text)
    blis = NumpyOps(use_blis=True)
    for node in model.walk():
        node.ops = blis
    with_blis = _entities(nlp, text)
    use_numpy_matmul(model)
    assert _entities(nlp, text) == with_numpy
    assert with_numpy == with_blis
    assert len(with_blis) > 100  # the sample is full of names: the comparison is not of two empty lists
    start = text.index("Илия Левков")
    assert (start, start + len("Илия Левков"), "PER") in with_blis
