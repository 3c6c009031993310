"""The project's tuned tokenizer, registered so a spaCy config can name it.

Training with it (``[nlp.tokenizer] @tokenizers = "bulletin_extract.bg_tokenizer.v1"``)
means the model learns on exactly the tokens it will see at run time: "проф.",
"Инфра-сървис" and programme codes stay one token in both places.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from ..nlp import CODE_TOKEN, _tune_tokenizer

TOKENIZER_NAME = "bulletin_extract.bg_tokenizer.v1"


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_bg_tokenizer() -> Callable[[Language], Tokenizer]:
    def make(nlp: Language) -> Tokenizer:
        tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        # _tune_tokenizer only reads .tokenizer and .Defaults: hand it a stand-in, since
        # the Language object has no tokenizer yet while it is being built
        _tune_tokenizer(SimpleNamespace(tokenizer=tokenizer, Defaults=nlp.Defaults))  # type: ignore[arg-type]
        if nlp.Defaults.token_match is None:
            # the tuned token_match is a closure spaCy cannot serialise when it saves a
            # checkpoint; with no default to fall back on it equals CODE_TOKEN.match (the
            # pattern cannot end in "."), a bound regex method spaCy does serialise
            tokenizer.token_match = CODE_TOKEN.match
        return tokenizer

    return make
