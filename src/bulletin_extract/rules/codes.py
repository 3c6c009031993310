"""Programme codes -> ProgrammeCodeValue mentions (code normalised to Latin, scheme, programme).

Every scheme lives in the registry ``data/code_schemes.json`` with its name, its pattern,
examples and the source of the shape; this module only knows how to run them. Schemes
(``scheme`` value, then examples):

``bg_eu_funds``
    Bulgarian EU-funds procedure/contract codes: ``BG16RFOP002-2.009`` (ОПИК),
    ``BG16RFOP002-2.009-0123-C01``, ``BG05M9OP001-1.003`` (ОПРЧР), ``BG05SFPR001-1.001``
    (Програма „Образование“), ``BG06RDNP001-4.001`` (ПРСР). The programme comes from the
    longest registered prefix (``BG16RFOP002`` -> OPIC); the letters alone are ambiguous.
``bg_recovery_plan``, ``eea_norway_grants``
    ``BG-RRP-2.004-0001`` (ПВУ), ``BGINNOVATION-1.001-0001``.
``horizon_call``, ``fp7_call``, ``eu_call``
    ``H2020-ICT-2018-20``, ``HORIZON-CL4-2021-DIGITAL-EMERGING-01``, ``FP7-ICT-2011-8``,
    ``DIGITAL-2021-EDIH-01``. Two calls joined by ``/`` are two mentions.
``erasmus_project``, ``llp_project``
    Erasmus+ numbers ``2020-1-BG01-KA202-079173``, ``613008-EPP-1-2019-1-BG-SPO-SCP``; the
    Lifelong Learning Programme before it: ``2012-1-BG1-LEO05-06845`` (Leonardo),
    ``-COM..`` (Comenius), ``-GRU..`` (Grundtvig), ``LLP-LdV/TOI/2008/BG/011``.
``phare_project``, ``ispa_measure``
    Pre-accession numbers: ``BG2005/017-353.10.01`` (PHARE), ``2000/BG/16/P/PE/003`` (ISPA).
``interreg_project``
    ``ROBG-416``, ``DTP3-555-2.1``, ``CB005.1.11.123`` (IPA cross-border), ``PGI05904``,
    ``BSB-165``, ``2(2i)-1.1-12`` (2007-2013 cross-border).
``grant_agreement`` (labelled)
    6-9 digits that are codes only because a label says so: ``Grant Agreement No 101036563``.
``contract_number`` (labelled)
    A token with a digit after ``Договор №`` / ``contract No``: ``Договор № РД-16-123``. A
    Bulgarian register number keeps its date (``Д01-123/15.05.2020``: index, serial and date
    together identify the document), but only after an index with a letter: ``№ 15/12.03.2020``
    is a serial and a date, not a code. A labelled ``BG16RFOP002-2.009-0123-C01/01.03.2017``
    stays the ``bg_eu_funds`` code without the date (the specific scheme wins).

A labelled number whose code has no registered prefix takes its programme from a
programme named in the same sentence (``договор № 265432 по Седмата рамкова програма``).

Typed codes often mix scripts: a Cyrillic ``В``, ``С``, ``О``... typed for the Latin letter
(``ВG16RFOP002-2.009-С05``), and a word processor turns the hyphen into an en dash
(``BG05M9OP001–1.003``). Matching runs on a same-length Latin transliteration of the
text, so offsets hold, the value carries the Latin code and the mention keeps the original
characters. A match must still contain a real Latin letter, so a Cyrillic word never
becomes a code. The sentence full stop after a code is never part of it, and shapes that
only look code-like (``Индустрия 4.0``, ``22.12.2022``, ``ул. Цар Калоян 8``, phone numbers,
ISBNs, IBANs, postcodes, years) match no scheme.

>>> [(m.text, m.value.code, m.value.programme) for m in find_codes("ОПИК, ВG16RFOP002-2.009-С05.")]
[('ВG16RFOP002-2.009-С05', 'BG16RFOP002-2.009-C05', 'OPIC')]
>>> [m.value.code for m in find_codes("H2020-ICT-2018-20/H2020-ICT-2019-2")]
['H2020-ICT-2018-20', 'H2020-ICT-2019-2']
>>> [m.value.code for m in find_codes("Проект n.2018-1-BG01-KA204-047871")]
['2018-1-BG01-KA204-047871']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..models import Mention, ProgrammeCodeValue
from .base import load_data, mention
from .overlap import resolve_overlaps
from .programmes import find_programmes, programme_for_code

#: Cyrillic capitals that look like Latin ones (and Ukrainian І), typed into codes by mistake.
HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХІЅЈ", "ABCEHKMOPTXISJ")
#: ... and the dashes a word processor puts for the hyphen ("BG05M9OP001–1.003": en dash,
#: non-breaking hyphen, minus sign). One character for one, so offsets hold.
_CODE_CHARACTERS = str.maketrans("АВСЕНКМОРТХІЅЈ‐‑‒–—−", "ABCEHKMOPTXISJ------")

_END = r"(?![\w])"  # codes end on a word boundary; a trailing "." stays outside
#: Not inside a longer token; a dot is allowed only after a letter, the abbreviated number
#: sign "n.", "No." ("Проект n.2018-1-BG01-..."), never after a digit ("1.2020-...").
_START = r"(?<![\w\-])(?<!\d\.)"
_NUMBER_SIGN = r"(?:No\.?|Nr\.?|n°|nº|n\.|№|number|номер)"


@dataclass(frozen=True)
class CodeScheme:
    """One registry entry: a code shape and what it tells."""

    scheme: str
    name: str
    regex: re.Pattern[str]
    confidence: float
    programme: str | None


@dataclass(frozen=True)
class LabelledScheme:
    """A value that is a code only after one of its labels."""

    scheme: str
    name: str
    regex: re.Pattern[str]
    confidence: float
    validate: str | None


@lru_cache(maxsize=1)
def _any_shape() -> re.Pattern[str]:
    """Where some scheme's shape matches: one scan of the text instead of one per scheme."""
    data = load_data("code_schemes.json")
    return re.compile(_START + "(?=" + "|".join(f"(?:{s['pattern']}){_END}" for s in data["schemes"]) + ")")


def _shape_matches(latin: str) -> Iterator[tuple[CodeScheme, re.Match[str]]]:
    """Each scheme's ``finditer`` over the text, scheme after scheme, tried only where some shape matches.

    A scheme's match starts where its own regex matches, so where ``_any_shape`` holds;
    from those places taken in order, skipping what its previous match covered, the
    scheme finds what its ``finditer`` finds.
    """
    places = [m.start() for m in _any_shape().finditer(latin)]
    for scheme in registry()[0]:
        resume = 0
        for pos in places:
            if pos < resume:
                continue
            m = scheme.regex.match(latin, pos)
            if m is not None:
                resume = max(m.end(), pos + 1)
                yield scheme, m


@lru_cache(maxsize=1)
def registry() -> tuple[tuple[CodeScheme, ...], tuple[LabelledScheme, ...]]:
    """The code-scheme registry (data/code_schemes.json), compiled once."""
    data = load_data("code_schemes.json")
    shaped = tuple(
        CodeScheme(
            scheme=s["scheme"],
            name=s["name"],
            regex=re.compile(_START + f"(?:{s['pattern']})" + _END),
            confidence=s["confidence"],
            programme=s["programme"],
        )
        for s in data["schemes"]
    )
    labelled = tuple(
        LabelledScheme(
            scheme=s["scheme"],
            name=s["name"],
            regex=re.compile(
                rf"(?<!\w)(?i:{s['label']})\s*{_NUMBER_SIGN}?\s*:?\s*(?P<code>{s['value']})(?![\w])"
            ),
            confidence=s["confidence"],
            validate=s["validate"],
        )
        for s in data["labelled"]
    )
    return shaped, labelled


#: "15.05.2020" / "15/05/20" anywhere in a labelled value.
_DATE_LIKE = re.compile(r"\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4})")
#: A register number with its date: an index holding a letter, "/", a full date.
_INDEX_WITH_DATE = re.compile(r"(?=[^/]*[^\W\d_])[^/]+/\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[А-ЯA-Z„\"])|\n\s*\n")
_CONTEXT = 160


def _has_latin(s: str) -> bool:
    return any("A" <= c <= "Z" or "a" <= c <= "z" for c in s)


def _contract_value(raw: str) -> str | None:
    """The code a contract label introduces, or None when the value is no code.

    >>> _contract_value("РД-16-123"), _contract_value("Д01-123/15.05.2020")
    ('РД-16-123', 'Д01-123/15.05.2020')
    >>> _contract_value("15/12.03.2020") is None, _contract_value("12.03.2020") is None
    (True, True)
    """
    if not any(c.isdigit() for c in raw) or len(raw) < 4:
        return None
    if _DATE_LIKE.search(raw) and not _INDEX_WITH_DATE.fullmatch(raw):
        return None
    return raw.translate(_CODE_CHARACTERS) if _has_latin(raw) else raw


def _programme_in_sentence(text: str, start: int, end: int) -> str | None:
    """The programme named nearest to a labelled number within its own sentence."""
    lo, hi = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    lo = before[-1] if before else lo
    after = _SENTENCE_END.search(text, end, hi)
    hi = after.start() + 1 if after else hi
    named = find_programmes(text[lo:hi])
    if not named:
        return None
    nearest = min(named, key=lambda m: abs(lo + m.start - start))
    return nearest.value.programme  # type: ignore[union-attr]


def find_codes(text: str) -> list[Mention]:
    """Every programme code in the text, in order of appearance.

    Overlapping readings are settled by ``rules.overlap``. One evidence rule comes first:
    a label vouches for a number only where no scheme shape reads a code, because a shape
    knows where its code ends and a label only where the characters stop
    (``Договор № BG05M9OP001-1.003-0001-C01/01.03.2017 г.``: the code, then the contract's
    date, which the date finder reads).
    """
    latin = text.translate(_CODE_CHARACTERS)
    labelled = registry()[1]
    by_shape: list[Mention] = []
    for scheme, m in _shape_matches(latin):
        if not _has_latin(text[m.start() : m.end()]):
            continue
        code = "".join(m.group().split())
        programme = programme_for_code(code) or scheme.programme
        why = f"{scheme.scheme} pattern ({scheme.name})"
        by_shape.append(_code(text, m.start(), m.end(), code, scheme.scheme, programme, scheme.confidence, why))
    by_shape = resolve_overlaps(by_shape)

    by_label: list[Mention] = []
    for label in labelled:
        for m in label.regex.finditer(text):
            start, end = m.span("code")
            if any(start < s.end and s.start < end for s in by_shape):
                continue  # the shape's reading stands
            raw = m.group("code")
            value = _contract_value(raw) if label.validate == "register_number" else raw
            if value is None:
                continue
            programme = programme_for_code(value) or _programme_in_sentence(text, start, end)
            why = f"number after a label ({label.name})"
            by_label.append(_code(text, start, end, value, label.scheme, programme, label.confidence, why))
    return resolve_overlaps([*by_shape, *by_label])


def _code(
    text: str, start: int, end: int, code: str, scheme: str, programme: str | None, conf: float, why: str
) -> Mention:
    if not text[start:end].isascii():
        why += "; Cyrillic look-alike letters or typographic dashes normalised"
    value = ProgrammeCodeValue(code=code, scheme=scheme, programme=programme)
    return mention(text, start, end, "programme_code", value, conf, f"codes: {why}")
