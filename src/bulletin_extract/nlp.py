"""The spaCy pipeline: a Bulgarian tokenizer tuned for bulletins, plus our components.

The blank `bg` tokenizer splits "хил." into "хил" + "." and cuts codes like
"BG16RFOP002-2.009" at the hyphen; rule spans must align with tokens, so the
abbreviations (a data file) become special cases and codes one token.
"""

from __future__ import annotations

import gc
import re
from functools import lru_cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

# A code: Latin/Cyrillic capitals and digits joined by -, ., / or _ , with at least one
# digit and one letter (BG16RFOP002-2.009-C05, H2020-ICT-2018-20, 2022-1-DE02-KA220-VET-000089396).
CODE_TOKEN = re.compile(
    r"^(?=[^\s]*\d)(?=[^\s]*[A-ZА-Я])[A-ZА-Я0-9][A-ZА-Яa-z0-9]*(?:[-./_][A-ZА-Яa-z0-9]+)+$"
)


def _abbreviations() -> list[str]:
    text = resources.files("bulletin_extract.data").joinpath("abbreviations.txt").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _tune_tokenizer(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)  # a blank pipeline's own, not a custom callable
    for abbr in _abbreviations():
        for form in {abbr, abbr.upper(), abbr.capitalize()}:
            tokenizer.add_special_case(form, [{"ORTH": form}])
    # keep hyphens inside words and codes: drop the infix rule that splits on "-" between
    # a digit and a letter so "H2020-ICT-2018-20" stays whole, and let token_match win
    infixes = [p for p in nlp.Defaults.infixes or [] if isinstance(p, str) and ("-" not in p or "{a}" in p)]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # the compiled pattern's own match method: no Python call per token (a code never
    # ends in "." by the pattern, so a sentence's final stop still splits off)
    tokenizer.token_match = CODE_TOKEN.match


def register_extensions() -> None:
    if not Span.has_extension("mention"):
        Span.set_extension("mention", default=None)
    if not Doc.has_extension("mentions"):
        Doc.set_extension("mentions", default=None)
    if not Doc.has_extension("text"):
        # the text the caller made the Doc from, when it set it: spaCy's Doc.text joins
        # it again token by token (a Token object each) on every access
        Doc.set_extension("text", default=None)


def make_tokenizer_nlp() -> Language:
    """A blank Bulgarian pipeline with the tuned tokenizer and no components."""
    nlp = spacy.blank("bg")
    _tune_tokenizer(nlp)
    register_extensions()
    return nlp


#: A line that wakes every finder: regexes compile and data files load at start-up (the
#: gazetteer compiles each form when a text first holds its first word),
#: not inside the first document's timing.
_WARM_UP = "На 15.03.2024 г. асоциацията получи 120 хил. лв. по ОПИК, BG16RFOP002-1.001, от 5 партньора в Пловдив."


def load_pipeline(use_ner: bool = True, model_path: str | None = None) -> Language:
    """Load once per process: tokenizer, rule components, optional NER model.

    Component order is the spec: rules first (they are sure), then the statistical
    model, whose hits never override a rule span. However it is called (positional,
    keyword, Path or str), the same arguments give the same cached pipeline.
    """
    return _load_pipeline(bool(use_ner), str(model_path) if model_path else None)


@lru_cache(maxsize=4)
def _load_pipeline(use_ner: bool, model_path: str | None) -> Language:
    from . import rules

    nlp = make_tokenizer_nlp()
    for name in rules.COMPONENTS:
        nlp.add_pipe(name)
    if use_ner:
        from .ner import add_ner

        add_ner(nlp, model_path)
    nlp(_WARM_UP)
    # What is alive now (the interpreter's modules, spaCy, the model, our data) lives as
    # long as the process. Freezing it keeps the cyclic collector from walking it again
    # at every full collection: with spaCy and thinc imported one walk costs ~70-90 ms
    # (thinc's and spaCy's registries), and a long document triggers several (make
    # bench, 80 pages: the whole pipeline ~0.3-0.5 s faster). Objects freed by their
    # reference count are freed as before; only cyclic garbage alive at this moment
    # would stay (a dozen objects after loading, measured). Frozen once per process.
    gc.freeze()
    return nlp
