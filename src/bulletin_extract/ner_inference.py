"""How the loaded NER model is run: the same numbers as spaCy computes them, less work.

Four changes to the sourced model's layers, all for inference only and all leaving what
the model predicts as it was (tests/test_ner_inference.py compares the tok2vec's output
arrays and the entities on the sample):

- `use_numpy_matmul`: the matrix products go through numpy's BLAS, not thinc's blis.
- `embed_unique_tokens`: the embedding stage reads each distinct token once a batch.
- `max_pieces_with_numpy`: a Maxout layer takes the maximum of its pieces with numpy.
- `normalise_in_place`: a LayerNorm layer reuses its mean and its arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from thinc.api import Model, NumpyOps, chain, with_array


def use_numpy_matmul(model: Model) -> None:
    """Run the model's matrix products through numpy's BLAS (OpenBLAS), not thinc's blis.

    Half the NER time is the tok2vec's products (tokens x 288 by 288 x 288). The blis
    wheel thinc ships chooses its portable 'generic' kernel on CPUs it does not know (it
    does on the AMD EPYC the bench runs on): 3x slower than OpenBLAS, which numpy picks
    per CPU at run time. The same products in another summation order: the entities
    found are the same (checked on the sample and the corpus, tests/test_ner_inference.py).
    Only this model's layers change; thinc's process-wide default (training) keeps blis.
    The parser's per-token step stays in spaCy's compiled loop whatever the ops.
    """
    ops = NumpyOps(use_blis=False)
    for node in model.walk():
        node.ops = ops


def embed_unique_tokens(model: Model) -> bool:
    """Make the tok2vec's embedding stage compute each distinct token of a batch once.

    spaCy's MultiHashEmbed looks each token's features (NORM, PREFIX, SUFFIX, SHAPE) up
    in hash tables and mixes them through a Maxout layer with layer norm: a function of
    those four ids alone, the only stage of the tok2vec that sees no neighbour. A chunk
    of Bulgarian prose repeats its words (prepositions, conjunctions, punctuation, the
    organisation it is about): about 27% of a chunk's tokens are distinct (the bench's
    PDFs and the corpus' long documents alike), so the stage computes 27% of the rows
    and copies the rest. Every row is computed as before (row by row: the lookups, the
    products, the norm), so the tok2vec's output is bit for bit what it was.

    Returns whether the model had that stage (a model with static vectors or another
    embedding is left as it is).
    """
    for node in model.walk():
        parts = _chained(node)
        names = [p.name for p in parts]
        if len(parts) == 5 and names[:2] == ["extract_features", "list2ragged"] and names[4] == "ragged2list" \
                and names[2].startswith("with_array(") and names[3].startswith("with_array(maxout"):
            features, to_ragged, lookups, mixer, to_list = parts
            embed: Model = chain(lookups.layers[0], mixer.layers[0])
            model.replace_node(node, chain(features, to_ragged, with_array(_unique_rows(embed)), to_list))
            return True
    return False


def _chained(node: Model) -> list[Model]:
    """The layers of a chain in order (thinc nests `chain(a, b, c)` as `chain(chain(a, b), c)`).

    A chain is named for its layers joined by ">>"; `with_array(a>>b)` holds a chain but is none."""
    if len(node.layers) < 2 or node.name != ">>".join(layer.name for layer in node.layers):
        return [node]
    return [leaf for layer in node.layers for leaf in _chained(layer)]


def _unique_rows(layer: Model) -> Model:
    """`layer` computed on the distinct rows of its input only (thinc's `uniqued` keys on one
    column; a token is its four feature ids together)."""
    return Model(f"unique_rows({layer.name})", _unique_rows_forward, layers=[layer],
                 dims={"nI": layer.maybe_get_dim("nI"), "nO": layer.maybe_get_dim("nO")})


def _unique_rows_forward(model: Model, X: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    layer = model.layers[0]
    if is_train or len(X) < 2:  # training keeps spaCy's own path and its gradient
        return layer(X, is_train)
    rows = np.ascontiguousarray(X)
    keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    Y = layer.predict(rows[first])
    return Y[inverse.ravel()], _no_backprop


def max_pieces_with_numpy(model: Model) -> int:
    """Run each Maxout layer of the model with numpy's `maximum` over its pieces.

    thinc's maxout kernel also records which piece won each unit (for the gradient) and
    takes ~4x the time of numpy's element-wise maximum over the 3 pieces; with 4 CNN
    layers and the embedding's mixer it was 6% of the NER time. The product and the bias
    are thinc's own calls; the maximum of the same numbers is the same number (the first
    of equal pieces wins in both), so the output is bit for bit thinc's. Returns how many
    layers were wrapped.
    """
    return _wrap_layers(model, "maxout", "W", "maxout(numpy maximum)", _maxout_forward)


def _maxout_forward(model: Model, X: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    layer = model.layers[0]
    if is_train:
        return layer(X, is_train)
    nO, nP, nI = layer.get_dim("nO"), layer.get_dim("nP"), layer.get_dim("nI")
    ops = layer.ops
    Y = ops.gemm(X, ops.reshape2f(layer.get_param("W"), nO * nP, nI), trans2=True)
    Y += ops.reshape1f(layer.get_param("b"), nO * nP)
    Z: Any = ops.reshape3f(Y, Y.shape[0], nO, nP)
    if nP == 1:
        return Z[:, :, 0].copy(), _no_backprop
    best = np.maximum(Z[:, :, 0], Z[:, :, 1])
    for piece in range(2, nP):
        np.maximum(best, Z[:, :, piece], out=best)
    return best, _no_backprop


def normalise_in_place(model: Model) -> int:
    """Run each LayerNorm layer of the model with one pass and two arrays fewer.

    thinc's layer norm takes the row means, then the variances (which sum the rows again
    for their own mean), and makes a new array at every step. The same numpy calls with
    the mean handed to `var` (numpy >= 2: it computes the variance's mean exactly so) and
    the steps after it done in place give the same numbers, bit for bit. Returns how
    many layers were wrapped (none with an older numpy).
    """
    if np.lib.NumpyVersion(np.__version__) < "2.0.0":
        return 0
    return _wrap_layers(model, "layernorm", "G", "layernorm(in place)", _layer_norm_forward)


def _wrap_layers(model: Model, name: str, param: str, wrapper: str, forward: Callable[..., Any]) -> int:
    """Put each `name` layer of the model (one with its `param`) inside a `wrapper` layer
    running `forward`; the wrapped layer keeps its weights and runs itself in training."""
    found = [node for node in model.walk() if node.name == name and node.has_param(param)]
    for node in found:
        model.replace_node(node, Model(wrapper, forward, layers=[node]))
    return len(found)


def _layer_norm_forward(model: Model, X: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    layer = model.layers[0]
    if is_train:
        return layer(X, is_train)
    mu = X.mean(axis=1, keepdims=True)
    var = X.var(axis=1, keepdims=True, mean=mu) + 1e-08  # thinc's moments (layernorm._get_moments)
    Y = X - mu
    Y *= var ** (-1.0 / 2.0)
    Y *= layer.get_param("G")
    Y += layer.get_param("b")
    return Y, _no_backprop


def _no_backprop(dY: Any) -> Any:
    raise NotImplementedError("an inference layer: training runs thinc's own layer")
