"""Is a PDF's text layer junk? The share of tokens that cannot be words.

Some PDFs carry a text layer that maps glyphs to the wrong characters: a Ghostscript
re-save of a browser PDF turns "Проектът" into "?@>5:BJB", a font without a usable
unicode map gives "(cid:12)" or private-use code points. Every later stage would
extract confident nonsense from it, so the reader measures the layer first.

A token (a whitespace-free stretch, its edge punctuation stripped) is

- **junk** when it holds CID junk, private-use or replacement characters, letters of
  Cyrillic and Latin mixed in one word, letters with symbols inside (``A9?B9м6@и``,
  ``=D>@<0F8>=5=``), or four or more letters without a vowel;
- a **word** when it is letters of one script the tool reads (Cyrillic, Latin), joined
  at most by hyphens, apostrophes, dots or a slash;
- **neither** otherwise (numbers, codes and times mixing letters and digits, punctuation,
  e-mail and web addresses, a lone symbol-font bullet, words of scripts the tool does not
  read, such as Greek or Chinese): left out of the share.

    >>> round(garbled_share("Проектът е на стойност 250 000 лв. по H2020-ICT-2018-20".split()), 2)
    0.0
    >>> round(garbled_share("ИAB>@ияB4 6 84Bи Д4B4 Съ5иBи9 A9?B9м6@и CND6< Проект".split()), 2)
    0.83

The thresholds are shares of junk among words and junk: at `WARN_SHARE` the document
carries a `garbled_text_layer` warning with the share; at `FAIL_SHARE` and above it is
refused (exit 1, `GarbledTextLayer`): more than half unreadable is not a text layer to
extract from, it needs OCR. Real documents with a clean layer stay far below both
(measured on the project's corpus: under 3%), because names, codes and abbreviations
are words by these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ..errors import GarbledTextLayer
from ..models import ProblemNote

#: Share of junk tokens at which a document is warned about (garbled_text_layer).
WARN_SHARE = 0.15
#: Share of junk tokens at which a document is refused (exit 1): it needs OCR.
FAIL_SHARE = 0.5
#: Fewer classified tokens than this and the share says nothing (a title page, a form).
MIN_TOKENS = 30
#: At most this many tokens are judged, evenly spread over the document: the share of a
#: sample this size is within a few points of the whole, at a fixed cost per document.
SAMPLE_TOKENS = 2_000

_EDGE = "\"'.,;:!?()[]{}«»„“”‘’‚‹›*•·–—-‐…/\\|<>=+~`^_#%&$€@"
_CID = re.compile(r"\(cid:\d+\)")
_PRIVATE_OR_BAD = re.compile("[\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1f]")
_ADDRESS = re.compile(r"(?i)^(?:https?://|www\.)|^[^@\s]+@[^@\s]+\.[a-z]{2,}$|\.(?:bg|eu|com|org|net)(?:/|$)")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_VOWELS = set("аъоуеиюяѝэыёіїєaeiouyàáâäåèéêëìíîïòóôöùúûüýæœøåąęěőűůαάεέηήιίοόυύωώ")
_JOINERS = set("-‐–'’./")


@dataclass(frozen=True)
class TextLayerQuality:
    words: int
    junk: int

    @property
    def share(self) -> float:
        counted = self.words + self.junk
        return self.junk / counted if counted >= MIN_TOKENS else 0.0


#: The common case, decided by one match: letters of one script, maybe hyphenated, in
#: edge punctuation. Tokens that are not this shape go through the full rules below.
_PLAIN_WORD = re.compile(
    r"[\"'(\[«„“]*(?:[\u0400-\u04ff]+(?:[-‐'’][\u0400-\u04ff]+)*|[A-Za-z]+(?:[-‐'’][A-Za-z]+)*)[.,;:!?\"'”“»)\]]*"
)
_VOWEL = re.compile("[" + "".join(sorted(_VOWELS)) + "]", re.IGNORECASE)


def token_kind(token: str) -> str | None:
    """'word', 'junk' or None (not counted) for one token of `text_tokens`."""
    if _PLAIN_WORD.fullmatch(token) and (len(token) < 4 or token.isupper() or _VOWEL.search(token)):
        return "word"
    if _CID.search(token):
        return "junk"
    if _PRIVATE_OR_BAD.search(token):
        # one private-use glyph alone is a symbol-font bullet or dingbat, not text
        return None if len(token) == 1 and token != "\ufffd" else "junk"
    core = token.strip(_EDGE)
    if not core or _ADDRESS.search(core):
        return None
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return None
    cyrillic = bool(_CYRILLIC.search(core))
    latin = bool(_LATIN.search(core))
    if not (cyrillic or latin):
        return None  # a script the tool does not read: not evidence either way
    if cyrillic and latin:
        return "junk"
    if any(not (c.isalnum() or c in _JOINERS) for c in core):
        return "junk"
    if len(letters) != sum(c not in _JOINERS for c in core):
        return None  # letters with digits (a code, a time "08:00ч."): no evidence of a language
    if len(letters) >= 4 and not any(c.lower() in _VOWELS for c in letters) and not core.isupper():
        return "junk"  # ALL-CAPS runs without vowels are acronyms (КСГЗ, BG), not junk
    return "word"


def measure(tokens: Iterable[str]) -> TextLayerQuality:
    words = junk = 0
    for token in tokens:
        kind = token_kind(token)
        if kind == "word":
            words += 1
        elif kind == "junk":
            junk += 1
    return TextLayerQuality(words, junk)


#: A font's guessed text is kept with at least this many words and at most WARN_SHARE junk:
#: fewer words are no evidence that a guess is right ("BJB" is a word by shape alone).
GUESS_MIN_WORDS = 3


def guessed_text_reads(runs: Iterable[str]) -> bool:
    """Whether the text an engine guessed for a font without a unicode map reads as words.

    A font flagged as unmapped is not always junk: pdfium falls back to the font's own
    cmap or its glyph names, which for many producers (Type3 fonts of TeX, Identity-H
    fonts with a cmap pdfium does not trust) give the right letters. A guess from glyph
    ids comes out as junk tokens and is dropped.

    >>> guessed_text_reads(["Проектът", "е", "на", "стойност", "250", "лв."])
    True
    >>> guessed_text_reads(["?@>5:BJB", "=D>@<0F8>=5=", "Проект", "A9?B9м6@и"])
    False
    >>> guessed_text_reads(["BJB"])
    False
    >>> guessed_text_reads(["\x03\x04ñ\x05", "\x06É\x07\x08", "åç", "ÖÜ", "\x01\x02"])
    False
    """
    runs = list(runs)
    glyphs = sum(len(run) - sum(c.isspace() for c in run) for run in runs)
    bad = sum(len(_PRIVATE_OR_BAD.findall(run)) for run in runs)
    if bad > WARN_SHARE * glyphs:
        return False  # glyph ids taken as code points: control characters, not letters
    quality = measure(token for run in runs for token in text_tokens(_PRIVATE_OR_BAD.sub("", run)))
    counted = quality.words + quality.junk
    return quality.words >= GUESS_MIN_WORDS and quality.junk <= WARN_SHARE * counted


def garbled_share(tokens: Iterable[str]) -> float:
    """Share of junk among the tokens that are words or junk (however few)."""
    quality = measure(tokens)
    counted = quality.words + quality.junk
    return quality.junk / counted if counted else 0.0


#: Tokens end at whitespace, at commas and quotes typed without a space after them
#: ("Габрово,ул.”Априловска") and at dot leaders ("Въведение.....6").
_TOKEN = re.compile(r"[^\s,„“”«»\"()\[\]…]+")
_LEADER = re.compile(r"\.{2,}")


def text_tokens(text: str, sample: int | None = None) -> list[str]:
    """The text's tokens; with `sample`, at most that many, evenly spread over the text.

    A sample is taken without listing every token first: a 500-page text has ~300,000
    (~17 MiB as strings), at the moment ingest's memory peaks."""
    if sample is None:
        tokens = _TOKEN.findall(text)
    else:
        count = sum(1 for _ in _TOKEN.finditer(text))
        step = -(-count // sample) if count > sample else 1
        tokens = [m.group() for m in islice(_TOKEN.finditer(text), 0, None, step)]
    out: list[str] = []
    for token in tokens:
        if ".." in token:
            out.extend(t for t in _LEADER.split(token) if t)
        else:
            out.append(token)
    return out


def check_text_layer(path: str | Path, text: str) -> ProblemNote | None:
    """A `garbled_text_layer` warning, None when the layer reads, GarbledTextLayer when it is junk."""
    quality = measure(text_tokens(text, SAMPLE_TOKENS))
    share = quality.share
    if share >= FAIL_SHARE:
        raise GarbledTextLayer(
            f"{path}: garbled text layer: {share:.0%} of {quality.words + quality.junk} words unreadable "
            f"(limit {FAIL_SHARE:.0%}); the PDF needs OCR"
        )
    if share >= WARN_SHARE:
        return ProblemNote(
            code="garbled_text_layer",
            message=f"{path}: garbled text layer: {share:.0%} of {quality.words + quality.junk} words "
                    "unreadable; check the text",
            stage="ingest",
        )
    return None


@dataclass
class GlyphTally:
    """Glyphs a PDF engine kept and glyphs it dropped for having no unicode map.

    A text layer whose glyphs are mostly unmapped (a Ghostscript re-save that dropped the
    ToUnicode maps) leaves too few words for the token check above to judge, yet the page
    is full of text: the share of dropped glyphs says what the words cannot.
    """

    kept: int = 0
    unmapped: int = 0

    @property
    def share(self) -> float:
        total = self.kept + self.unmapped
        return self.unmapped / total if total else 0.0


def check_glyph_maps(path: str | Path, tally: GlyphTally) -> None:
    """GarbledTextLayer when at least FAIL_SHARE of the glyphs had no unicode map.

    >>> check_glyph_maps("брой.pdf", GlyphTally(kept=900, unmapped=100)) is None
    True
    >>> check_glyph_maps("брой.pdf", GlyphTally(kept=250, unmapped=4750))
    Traceback (most recent call last):
    ...
    bulletin_extract.errors.GarbledTextLayer: брой.pdf: garbled text layer: 95% of 5000 glyphs have no unicode map (limit 50%); the PDF needs OCR
    """
    if tally.share >= FAIL_SHARE:
        raise GarbledTextLayer(
            f"{path}: garbled text layer: {tally.share:.0%} of {tally.kept + tally.unmapped} glyphs have no "
            f"unicode map (limit {FAIL_SHARE:.0%}); the PDF needs OCR"
        )
