"""NER stage: the project's trained Bulgarian model (models/ner-bg) after the rules.

The model is trained by ``make train`` (bulletin_extract.training) on SlavicNER and
WikiANN. Here it is loaded from disk only (never the network), its ``ner`` component is
sourced into the running pipeline after the rule components, and a final component
turns ``doc.ents`` into Mentions. Rules and the gazetteer are sure where they fire, so
the overlap policy (``rules.overlap``) drops any model hit that overlaps them.

Confidence of a model hit = the model's measured precision for that label on the
held-out SlavicNER test topic (models/ner-bg/scores.json), times evidence from the
span's shape (see ``shape_factor``): a name that looks like a name is believed more.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from .enumerations import list_items
from .errors import ModelError
from .models import EntityValue, Mention, MentionKind
from .ner_inference import embed_unique_tokens, max_pieces_with_numpy, normalise_in_place, use_numpy_matmul
from .rules.base import closing_quote_end, load_data, mention
from .rules.name_evidence import first_names, keep_names
from .rules.overlap import resolve_overlaps, unclaimed

MODEL_DIR_NAME = "ner-bg"
MENTION_COMPONENT = "be_ner_mentions"
KIND: dict[str, MentionKind] = {"ORG": "org", "PER": "person", "LOC": "location"}
#: Used when the model directory has no scores.json (an older or hand-made model).
DEFAULT_PRECISION = 0.7



SHAPES = load_data("entity_shapes.json")
#: Bulgarian surname endings (Левков, Угърчински, Симова): a person-shaped last word.
SURNAME_ENDINGS = tuple(SHAPES.get("surname_endings", []))
FIRST_NAMES = first_names()


def _cues() -> tuple[set[str], set[str], set[str], set[str]]:
    """Titles, legal forms, organisation words, 'attached to' words (data files, shared with rules)."""
    shapes = SHAPES
    extra = load_data("ner_cues.json")
    titles = {t.lower() for t in shapes.get("person_titles", [])} | {"председател", "председателят", "кмет", "кметът"}
    legal = set(shapes.get("legal_forms", []))
    org_words = {w.lower() for w in shapes.get("org_keywords", [])} | set(extra["org_words"])
    return titles, legal, org_words, set(extra["attached_to"])


# Titles precede Bulgarian names ("проф. Б. Угърчински", "г-н Добри Митрев") but are not
# part of them; a legal form ("ЕООД") or an organisation word makes a span a company.
TITLES, LEGAL_FORMS, ORG_WORDS, ATTACHED_TO = _cues()
#: An abbreviation in brackets right after a name: "(ITRI)", "(КСГЗ)", "(ИКЕМ)".
ABBREVIATION = re.compile(r"\s*\(([A-ZА-Я][A-ZА-Я0-9&\-]{1,11})\)")
#: Short lowercase words that may sit inside an organisation's long name.
CONNECTORS = {"за", "на", "и", "по", "към", "в", "с", "от", "&", "de", "di", "of", "and", "for", "the"}
OPEN_QUOTES = "„“\"«"
SENTENCE_END = {".", "!", "?", ";", ":"}
CLOSE_QUOTES = "“”\"»"


def repo_model_dir() -> Path:
    """models/ner-bg beside the src/ checkout (an editable install or a plain clone)."""
    return Path(__file__).resolve().parents[2] / "models" / MODEL_DIR_NAME


def locate_model(model_path: str | Path | None = None) -> Path:
    """Explicit path, else models/ner-bg of the checkout, else the package's installed data."""
    if model_path is not None:
        path = Path(model_path)
        if not path.is_dir():
            raise ModelError(f"NER model directory not found: {path} (run `make train` or use --no-ner)")
        return path
    candidates = [repo_model_dir(), Path(str(resources.files("bulletin_extract"))) / "data" / MODEL_DIR_NAME]
    for path in candidates:
        if (path / "meta.json").is_file():
            return path
    raise ModelError(
        f"NER model not found (looked in {candidates[0]}); run `make train` or use --no-ner"
    )


def load_model(path: Path) -> Language:
    """The trained pipeline, without its tokenizer (ours is tuned and lives in nlp.py)."""
    if not (path / "meta.json").is_file() or not (path / "ner").is_dir():
        raise ModelError(f"NER model at {path} is incomplete (no meta.json or ner/); run `make train`")
    try:
        return spacy.load(path, exclude=["tokenizer"])
    except Exception as err:  # any load failure is a broken model for the user
        raise ModelError(f"NER model at {path} is broken: {type(err).__name__}: {err}".splitlines()[0]) from err


def label_precision(path: Path) -> dict[str, float]:
    """Per-label precision measured on the held-out test topic, 0-1."""
    try:
        scores = json.loads((path / "scores.json").read_text("utf-8"))
        per_label = scores["slavicner_single_topic_out_test"]["per_label"]
        return {label: float(prf["p"]) / 100 for label, prf in per_label.items()}
    except (OSError, KeyError, ValueError, TypeError):
        return {}


def add_ner(nlp: Language, model_path: str | None = None) -> None:
    """Append the model's NER and the mention converter to ``nlp`` (after the rules)."""
    path = locate_model(model_path)
    source = load_model(path)
    if "ner" not in source.pipe_names:
        raise ModelError(f"NER model at {path} has no 'ner' component")
    if "tok2vec" in source.pipe_names and "ner" in source.get_pipe("tok2vec").listening_components:  # type: ignore[attr-defined]
        # give ner its own copy of the shared tok2vec, so it can be sourced alone
        source.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.add_pipe("ner", source=source)
    model = nlp.get_pipe("ner").model  # type: ignore[attr-defined]
    embed_unique_tokens(model)
    max_pieces_with_numpy(model)
    normalise_in_place(model)
    use_numpy_matmul(model)  # after: the layers embed_unique_tokens adds get numpy's ops too
    nlp.add_pipe(MENTION_COMPONENT, config={"precision": label_precision(path)})
    meta = source.meta
    nlp.meta["bulletin_extract_ner"] = meta.get("bulletin_extract_ner") or f"{meta.get('name')} {meta.get('version')}"


class NameMentions:
    """The mention component: the model's entities -> name mentions beside the rules' ones.

    Each entity's boundaries are repaired on its own Doc (`ner_mentions`); which hits are
    names is judged on the whole text (`names_only`: its lists, the rules' sure names),
    and a word's use mid-sentence anywhere in the text tells a name from a word capitalised
    by position. As a spaCy component it reads one Doc (`doc._.text` its text when set:
    `Doc.text` joins the tokens again); the pipeline hands it a chunk read in pieces
    (`read`), so no chunk Doc is joined from the pieces (`Doc.from_docs` cost as much as
    the component itself).
    """

    def __init__(self, precision: dict[str, float]) -> None:
        self.precision = precision

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.text or doc.text
        doc._.mentions = self.read(text, [(0, len(text), doc)], doc._.mentions or [])
        return doc

    def read(self, text: str, pieces: Sequence[tuple[int, int, Doc]], claimed: list[Mention]) -> list[Mention]:
        """`claimed` and the names the model tagged in `pieces` of `text`: each (start, end,
        Doc) the model's reading of text[start:end]; the pieces are whole blocks, in order."""
        mid_sentence = cache(lambda: set().union(*(_names_mid_sentence(doc) for _, _, doc in pieces)))
        holders = sorted((m for m in claimed if m.end > m.start), key=lambda m: m.start)  # none overlap (rules.overlap)
        starts = [m.start for m in holders]

        def held(piece_start: int) -> Callable[[int, int], bool]:
            def held_at(start: int, end: int) -> bool:
                i = bisect_right(starts, piece_start + start) - 1
                return i >= 0 and holders[i].end >= piece_start + end

            return held_at

        found: list[Mention] = []
        for start, end, doc in pieces:
            for m in ner_mentions(doc, self.precision, text[start:end], mid_sentence, held(start)):
                found.append(m.model_copy(update={"start": m.start + start, "end": m.end + start}) if start else m)
        kept, _removed = names_only(claimed, found, text)
        return resolve_overlaps([*claimed, *kept])


@Language.factory(MENTION_COMPONENT, default_config={"precision": {}})
def make_ner_mentions(nlp: Language, name: str, precision: dict[str, float]) -> NameMentions:
    return NameMentions(precision)


def names_only(
    claimed: list[Mention], found: list[Mention], text: str
) -> tuple[list[Mention], list[tuple[Mention, str]]]:
    """Model hits in `text` that are names (rules.name_evidence), and the others with the reason.

    A hit inside a comma list of names that also holds a sure (gazetteer or rule) name
    counts as supported: enumerations.harmonise_lists gives it the list's kind later.
    """
    found = unclaimed(found, claimed)  # a rule holds these characters already
    sure = [m for m in claimed if m.kind in KIND.values() and m.source in ("gazetteer", "rule")]
    lists = []
    for items in list_items(text):
        start, end = items[0].start, items[-1].end
        lists.append((start, end, any(start <= m.start and m.end <= end for m in sure)))
    return keep_names(text, found, lists)


# ------------------------------------------------------------------ boundary repair


def _split_runaway(span: Span) -> list[Span]:
    """Cut a span that runs past a sentence end or across a list of names.

    The transition-based model sometimes keeps an ORG open over a full stop ("Камарата
    на представителите и 33 места в Сената са предвидени ... . Най-важният") or joins
    a list ("ABC News, FOX News"). A name never contains a sentence end, a line break,
    or ", " before another capitalised name (except a legal form: "Co., Ltd").
    """
    doc = span.doc
    parts: list[Span] = []
    start = span.start
    tokens = list(span)  # one Token object each (doc[i] builds a new one per access)
    for i, tok in enumerate(tokens, start=span.start):
        if tok.text in SENTENCE_END or "\n" in tok.text or "\n" in tok.whitespace_:
            end = i + 1 if "\n" in tok.whitespace_ and tok.text not in SENTENCE_END else i
            if end > start:
                parts.append(Span(doc, start, end, label=span.label_))
            return parts  # what follows a sentence end is not part of this name
        nxt = tokens[i + 1 - span.start] if i + 1 < span.end else None
        if tok.text == "," and nxt is not None and nxt.text[:1].isupper() and nxt.text not in LEGAL_FORMS:
            if i > start:
                parts.append(Span(doc, start, i, label=span.label_))
            start = i + 1
    if span.end > start:
        parts.append(Span(doc, start, span.end, label=span.label_))
    return parts


def _strip_edges(span: Span) -> Span | None:
    """Drop leading titles and punctuation, trailing punctuation and dashes ("ХИРОН -")."""
    start, end = span.start, span.end
    doc = span.doc
    label = span.label_
    tokens = list(span)  # one Token object each, read below as often as needed
    first, last = 0, len(tokens)
    while first < last and ((tokens[first].is_punct and tokens[first].text not in OPEN_QUOTES) or tokens[first].is_space):
        first += 1
    while first < last and label == "PER" and tokens[first].lower_ in TITLES:
        first += 1
    while first < last and (tokens[last - 1].is_punct or tokens[last - 1].is_space or tokens[last - 1].text in "-–—"):
        last -= 1
    start, end = span.start + first, span.start + last
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _extend_to_quotes(span: Span) -> Span:
    """An entity that opens right after „ takes the quoted name whole: „Сиела Норма“ АД."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].text not in OPEN_QUOTES:
        return span
    for i in range(span.end, min(span.end + 6, len(doc))):
        if doc[i].text in CLOSE_QUOTES:
            return Span(doc, span.start, i, label=span.label_)
        if "\n" in doc[i].text:
            break
    return span


def _close_quote(span: Span, text: str) -> Span:
    """A span that opens a quote it does not close takes the closing quote right after it
    (rules.base.closing_quote_end): "Сдружение „Зелена долина“", not "... „Зелена долина"."""
    end = closing_quote_end(text, span.start_char, span.end_char)
    if end == span.end_char or span.end >= len(span.doc) or span.doc[span.end].idx + len(span.doc[span.end]) != end:
        return span  # no closing quote, or not a token of its own
    return Span(span.doc, span.start, span.end + 1, label=span.label_)


def _extend_to_abbreviation(span: Span, text: str) -> tuple[Span, str | None]:
    """An ORG followed by a bracketed abbreviation: link it; absorb lowercase name words before it.

    "Тайванския изследователски институт за индустриални технологии (ITRI)": the model
    may stop after "институт"; words up to the bracket that are lowercase name words or
    connectors still belong to the name, since the abbreviation names all of them.
    """
    doc = span.doc
    end = span.end
    for i in range(span.end, min(span.end + 6, len(doc))):
        if doc[i].text == "(":
            match = ABBREVIATION.match(text, doc[i].idx)
            if not match or (span.label_ != "ORG" and i > span.end):
                break
            return Span(doc, span.start, end, label=span.label_), match.group(1)
        if not (doc[i].is_lower or doc[i].lower_ in CONNECTORS) or "\n" in doc[i - 1].whitespace_:
            break
        end = i + 1
    return span, None


def _extend_attached(span: Span) -> Span:
    """"Съвет по инвестиции" + "към БТПП": a body attached to another carries the parent in its name."""
    doc = span.doc
    end = span.end
    if end + 1 < len(doc) and doc[end].lower_ in ATTACHED_TO and doc[end + 1].text.isupper() and len(doc[end + 1]) > 1:
        return Span(doc, span.start, end + 2, label=span.label_)
    return span


def _in_heading(span: Span, text: str) -> bool:
    """An all-capitals line is a heading ("ЮБИЛЕЕН БЮЛЕТИН"): its words look like acronyms but are not.

    `text` is doc.text, passed in: spaCy rebuilds that string on every access.
    """
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    line = text[start : end if end >= 0 else len(text)]
    # a lowercase letter settles it, usually within the first word: no list of the line's letters
    if span.end_char - span.start_char <= 5 or any(c.isalpha() and not c.isupper() for c in line):
        return False
    return sum(1 for c in line if c.isalpha()) > 8


def _at_sentence_start(doc: Doc, i: int) -> bool:
    return i == 0 or _opens_sentence(doc[i - 1].text)


def _opens_sentence(previous: str) -> bool:
    """Whether the token after ``previous`` starts a line, sentence or list item.

    (spaCy's whitespace after a token is one space or none: a line break is a token.)
    """
    return "\n" in previous or previous in SENTENCE_END or previous in "-–•*)#"


def _sentence_initial_word(span: Span) -> bool:
    """One word at the start of a line or sentence: capitalised by position, maybe not a name."""
    return len(span) == 1 and not span.text.isupper() and _at_sentence_start(span.doc, span.start)


def _names_mid_sentence(doc: Doc) -> set[str]:
    """Capitalised words the document also writes mid-sentence: names, not capitalised by position.

    "Байдън заяви ..." opens many sentences of a news text but also occurs mid-sentence;
    "Уебинар" opens every event entry of a bulletin and nowhere else.
    """
    words = _token_texts(doc)
    return {w for i, w in enumerate(words) if w[:1].isupper() and not (i == 0 or _opens_sentence(words[i - 1]))}


def _token_texts(doc: Doc) -> list[str]:
    """Every token's text, read from the Doc's arrays: no Python Token object per word."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array(ORTH).tolist()]


def _is_heading_line(span: Span, text: str) -> bool:
    """A heading or contents line that is just this span ("Събития 3", "## Международна дейност")."""
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    line = text[start : end if end >= 0 else len(text)]
    own = text[span.start_char : span.end_char]  # span.text, without building Token objects
    rest = line.replace(own, "", 1).strip(" \t#*0-9.")
    tail_lower = not any(w[:1].isupper() for w in own.split()[1:])
    return not rest and not line.lstrip().startswith(("-", "•")) and tail_lower and len(span) <= 3


def _relabel(span: Span) -> str:
    """Shape evidence the model cannot see reliably: company forms, organisation words, brand names."""
    words = [t.text for t in span]
    if any(w in LEGAL_FORMS for w in words):
        return "ORG"
    if span.label_ in ("PER", "LOC") and len(words) > 1 and any(w.lower() in ORG_WORDS for w in words):
        return "ORG"
    if span.label_ == "PER":
        # Bulgarian double surnames are capitalised on both sides ("Иванова-Петрова");
        # "Инфра-сървис" is a brand, so the span is a company, never a person
        if any("-" in w and not w.split("-")[-1][:1].isupper() for w in words):
            return "ORG"
        if any(w.isupper() and len(w) > 1 for w in words):
            return "ORG"
    return span.label_


def shape_factor(span: Span) -> float:
    """How much a span looks like a name of its label, 0-1 (multiplies the label's precision)."""
    words = [t for t in span if not t.is_punct]
    if not words:
        return 0.0
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    factor = 1.0
    if not capitalised:
        return 0.2
    if span.label_ == "PER":
        # two or three capitalised words is the normal shape of a person's name, and a
        # Bulgarian surname ending or a known first name is further evidence
        factor *= 1.0 if 2 <= len(words) <= 3 and capitalised == len(words) else 0.75
        if not (words[-1].text.lower().endswith(SURNAME_ENDINGS) or words[0].text in FIRST_NAMES):
            factor *= 0.7
    elif _sentence_initial_word(span):
        factor *= 0.6
    elif span.label_ == "ORG":
        factor *= 1.0 if words[0].text[:1].isupper() else 0.7
    if len(span.text) <= 2:
        factor *= 0.6
    return factor


#: Every quote a name may open or close (the repairs that extend a span read these).
_QUOTES = frozenset(OPEN_QUOTES + CLOSE_QUOTES + "«»„“”\"")


def _held_whole(ent: Span, text: str, held: Callable[[int, int], bool]) -> bool:
    """Whether the entity can only yield mentions a rule's mention outranks: a rule holds
    all its characters, and no repair can carry it past them.

    Rules and the gazetteer hold their characters against the model (rules.overlap), so
    any model mention inside a rule's mention is dropped (`names_only`); on bulletins most
    entities the model tags are names the gazetteer or a rule has found already (68% on the
    sample). Splitting and trimming only shrink a span; only quotes (any label) and an
    attached body or a bracketed abbreviation (organisations) extend it, so an entity
    with a quote beside or inside it, or tagged ORG, is repaired as always.
    """
    start, end = ent.start_char, ent.end_char
    return (ent.label_ != "ORG" and held(start, end)
            and not any(c in _QUOTES for c in text[max(0, start - 2) : end + 1]))


def ner_mentions(
    doc: Doc,
    precision: dict[str, float],
    text: str | None = None,
    names_mid_sentence: Callable[[], set[str]] | None = None,
    held: Callable[[int, int], bool] | None = None,
) -> list[Mention]:
    """doc.ents -> Mentions (org/person/location), boundaries repaired, confidence from evidence.

    ``text`` is doc.text when the caller has it already; ``names_mid_sentence`` gives the
    words written mid-sentence in the whole text the Doc is part of (else in the Doc),
    asked only when a one-word person opens a sentence. ``held(start, end)`` tells whether
    a rule's mention holds all those characters: such an entity is left out (`_held_whole`).
    """
    found: list[Mention] = []
    text = doc.text if text is None else text
    mid_sentence: set[str] | None = None
    pieces = [(ent, piece) for ent in doc.ents if ent.label_ in KIND and not (held and _held_whole(ent, text, held))
              for piece in _split_runaway(ent)]
    for ent, piece in pieces:
        span = _strip_edges(piece)
        if span is None:
            continue
        span = _close_quote(_extend_to_quotes(span), text)
        if _in_heading(span, text) or _is_heading_line(span, text):
            continue
        if span.label_ == "PER" and _sentence_initial_word(span):
            if mid_sentence is None:
                mid_sentence = names_mid_sentence() if names_mid_sentence else _names_mid_sentence(doc)
            if span.text not in mid_sentence:
                continue  # "Уебинар", "Семинар" opening an entry: not a person
        abbreviation = None
        if span.label_ == "ORG":
            span = _extend_attached(span)
            span, abbreviation = _extend_to_abbreviation(span, text)
        label = _relabel(span)
        span = Span(doc, span.start, span.end, label=label)
        own = text[span.start_char : span.end_char]  # span.text, without building Token objects
        if not any(c.isupper() for c in own):
            continue  # Bulgarian names are capitalised; a lowercase hit is a model slip
        evidence = shape_factor(span)
        base = precision.get(label, DEFAULT_PRECISION)
        if label != ent.label_:
            base = min(base, 0.8)
        name = " ".join(own.split())
        value = EntityValue(name=name, label=label, abbreviation=abbreviation)  # type: ignore[arg-type]
        why = f"ner model: {ent.label_}" + (f" relabelled {label}" if label != ent.label_ else "")
        why += f"; label precision {base:.2f} x shape {evidence:.2f}"
        found.append(mention(text, span.start_char, span.end_char, KIND[label], value, base * evidence, why, "ner"))
        if abbreviation:
            a_start = text.index(abbreviation, span.end_char)
            a_value = EntityValue(name=abbreviation, label=label, abbreviation=abbreviation)  # type: ignore[arg-type]
            found.append(
                mention(text, a_start, a_start + len(abbreviation), KIND[label], a_value, base * evidence,
                        f"abbreviation in brackets after {name}", "ner")
            )
    return resolve_overlaps(found)
