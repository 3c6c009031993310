"""The NER model is run faster (ner_inference) and tags exactly what spaCy's own run tags.

``use_numpy_matmul`` swaps thinc's blis products for numpy's (3x faster where blis
falls back to its generic kernel); the products are the same up to summation order, so
the model must tag the same spans with the same labels as with blis.
``embed_unique_tokens`` computes the embedding of each distinct token of a batch once,
``max_pieces_with_numpy`` takes a Maxout layer's maximum with numpy and
``normalise_in_place`` runs layer norm with fewer passes and arrays: every number is
computed as before, so the tok2vec's output is the same to the bit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from thinc.api import LayerNorm, Linear, Maxout, Model, NumpyOps, chain

from bulletin_extract.ner import add_ner, load_model, locate_model
from bulletin_extract.ner_inference import (
    _unique_rows,
    embed_unique_tokens,
    max_pieces_with_numpy,
    normalise_in_place,
    use_numpy_matmul,
)
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


@needs_model
def test_loaded_model_embeds_each_distinct_token_once() -> None:
    model = load_pipeline(use_ner=True).get_pipe("ner").model
    assert [node.name for node in model.walk() if node.name.startswith("unique_rows(")] == [
        "unique_rows(ints-getitem>>hashembed|ints-getitem>>hashembed|ints-getitem>>hashembed|"
        "ints-getitem>>hashembed>>maxout>>layernorm>>dropout)"
    ]


def _spacy_as_shipped():  # type: ignore[no-untyped-def]
    """The model's ner component as spaCy runs it (numpy products; embedding, maxout, layer norm not changed)."""
    source = load_model(locate_model())
    if "tok2vec" in source.pipe_names:
        source.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    ner = source.get_pipe("ner")
    use_numpy_matmul(ner.model)
    return ner


def _tok2vec(ner) -> Model:  # type: ignore[no-untyped-def]
    return next(node for node in ner.model.walk() if node.name.startswith("extract_features>>") and "residual" in node.name)


@needs_model
def test_the_faster_layers_change_no_bit_of_the_tok2vec_output() -> None:
    nlp = make_tokenizer_nlp()
    add_ner(nlp)
    ours, spacys = nlp.get_pipe("ner"), _spacy_as_shipped()
    text = SAMPLE.read_text("utf-8")
    docs = [nlp.make_doc(part) for part in text.split("\n\n") if part.strip()]
    tokens = sum(len(doc) for doc in docs)
    distinct = len({tuple(row) for doc in docs for row in doc.to_array(["NORM", "PREFIX", "SUFFIX", "SHAPE"]).tolist()})
    assert distinct < 0.5 * tokens  # the sample repeats its words: the saving is real
    got, want = _tok2vec(ours).predict(docs), _tok2vec(spacys).predict(docs)
    assert len(got) == len(want) == len(docs)
    assert all(g.shape == w.shape and np.array_equal(g, w) for g, w in zip(got, want, strict=True))
    ents = lambda ner: [(e.start_char, e.end_char, e.label_) for doc in ner.pipe(  # noqa: E731
        [nlp.make_doc(d.text) for d in docs]) for e in doc.ents]
    assert ents(ours) == ents(spacys)


def test_unique_rows_computes_each_distinct_row_once_and_puts_every_row_back() -> None:
    seen: list[int] = []

    def count(model, X, is_train):  # type: ignore[no-untyped-def]
        seen.append(len(X))
        return X.astype("float32"), lambda dY: dY

    inner = chain(Model("count", count), Linear(2, 3))
    inner.initialize(X=np.zeros((1, 3), dtype="float32"))
    X = np.array([[1, 2, 3], [4, 5, 6], [1, 2, 3], [1, 2, 4], [4, 5, 6]], dtype="uint64")
    Y = _unique_rows(inner).predict(X)
    assert seen[-1] == 3  # (1,2,3), (4,5,6), (1,2,4)
    assert np.array_equal(Y, inner.predict(X))
    assert np.array_equal(Y[0], Y[2]) and np.array_equal(Y[1], Y[4]) and not np.array_equal(Y[0], Y[3])


def test_a_model_without_spacys_hash_embedding_is_left_alone() -> None:
    model = chain(Linear(4, 3), Linear(2, 4))
    before = [node.name for node in model.walk()]
    assert embed_unique_tokens(model) is False
    assert [node.name for node in model.walk()] == before


@needs_model
def test_loaded_model_takes_every_maxout_maximum_with_numpy() -> None:
    model = load_pipeline(use_ner=True).get_pipe("ner").model
    names = [node.name for node in model.walk()]
    assert names.count("maxout(numpy maximum)") == 5  # the embedding's mixer and 4 CNN layers
    assert all(node.name == "maxout(numpy maximum)" for node in model.walk() if any(
        layer.name == "maxout" for layer in node.layers))  # no Maxout left unwrapped


def test_numpy_maximum_gives_thincs_maxout_to_the_bit() -> None:
    rng = np.random.default_rng(7)
    X = rng.normal(size=(50, 6)).astype("float32")
    X[3] = 0.0  # ties: every piece of row 3 equals its bias
    model = chain(Maxout(4, 6, nP=3), Linear(2, 4))
    model.initialize(X=X)
    want = model.get_ref("maxout") if model.has_ref("maxout") else model.layers[0]
    thincs = want.predict(X)
    before = model.predict(X)
    assert max_pieces_with_numpy(model) == 1
    assert model.layers[0].name == "maxout(numpy maximum)"
    assert np.array_equal(model.layers[0].predict(X), thincs)
    assert np.array_equal(model.predict(X), before)


@needs_model
def test_loaded_model_normalises_every_layer_in_place() -> None:
    model = load_pipeline(use_ner=True).get_pipe("ner").model
    assert [node.name for node in model.walk()].count("layernorm(in place)") == 5
    assert not any(layer.name == "layernorm" for node in model.walk() if node.name != "layernorm(in place)"
                   for layer in node.layers)


def test_layer_norm_in_place_gives_thincs_numbers_to_the_bit() -> None:
    rng = np.random.default_rng(11)
    X = (rng.normal(size=(300, 16)) * 5 + 3).astype("float32")
    X[7] = 2.5  # a constant row: variance 0, the epsilon alone
    model = chain(Linear(16, 16), LayerNorm(16))
    model.initialize(X=X)
    norm = model.layers[1]
    norm.set_param("G", rng.normal(size=16).astype("float32"))
    norm.set_param("b", rng.normal(size=16).astype("float32"))
    thincs = model.predict(X)
    assert normalise_in_place(model) == 1
    assert model.layers[1].name == "layernorm(in place)"
    assert np.array_equal(model.predict(X), thincs)
