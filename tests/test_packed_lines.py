"""Packed lines (ingest.lines.PackedLines): a page's or a block's lines wait as one text and
arrays of numbers, and must read back exactly as they were packed; the vocabulary
(ingest.hyphenation.Vocabulary) is gathered block by block, across the blocks' edges."""

from collections import Counter
from pathlib import Path

import pytest

from bulletin_extract.ingest.hyphenation import Vocabulary
from bulletin_extract.ingest.layout import _is_bullet_glyph, lay_out, segment_pages
from bulletin_extract.ingest.lines import (
    Line,
    PackedLines,
    Word,
    bolds_of,
    letters_by_size,
    pages_of,
    sizes_of,
    texts_of,
)
from bulletin_extract.ingest.pdf import _pdfium_pages

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "issue8.pdf"


def _state(ln: Line) -> tuple:
    words = [(w.text, w.x0, w.x1, w.top, w.bottom, w.size, w.bold, w.page) for w in ln.words]
    return (ln.text, ln.page, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold, ln.mixed, words)


def _lines() -> list[Line]:
    uniform = Line([Word("Проектът", 72.0, 120.5, 100.0, 112.0, 11.0, False, 2),
                    Word("стартира", 123.25, 170.0, 100.0, 112.0, 11.0, False, 2)], 2)
    mixed = Line([Word("Резюме:", 72.0, 110.0, 120.0, 133.0, 12.0, True, 2),
                  Word("обучения", 113.0, 160.0, 121.0, 132.5, 10.0, False, 2),
                  Word("и", 163.0, 167.0, 121.0, 132.5, 10.0, False, 2)], 2)
    single = Line([Word("ЗАГЛАВИЕ", 200.0, 300.0, 40.0, 60.0, 18.0, True, 3)], 3)
    return [uniform, mixed, single]


def test_packed_lines_read_back_as_the_lines_packed() -> None:
    expected = [_state(ln) for ln in _lines()]
    packed = PackedLines(_lines())
    assert len(packed) == 3
    assert [_state(ln) for ln in packed] == expected
    assert _state(packed[1]) == expected[1]
    assert _state(packed[-1]) == expected[2]
    assert [_state(ln) for ln in packed[1:]] == expected[1:]
    with pytest.raises(IndexError):
        packed[3]


def test_packed_views_need_no_line_objects() -> None:
    packed = PackedLines(_lines())
    assert texts_of(packed) == ["Проектът стартира", "Резюме: обучения и", "ЗАГЛАВИЕ"]
    assert pages_of(packed) == [2, 2, 3]
    assert sizes_of(packed) == [11.0, 10.0, 18.0]  # the mixed line: the size of most of its letters
    assert bolds_of(packed) == [False, False, True]
    assert list(letters_by_size(packed)) == list(letters_by_size(_lines())) == [
        (11.0, 16), (12.0, 7), (10.0, 8), (10.0, 1), (18.0, 8)]


def test_a_line_that_cannot_be_compact_is_kept_as_it_is() -> None:
    odd = Line([Word("две думи", 72.0, 130.0, 10.0, 20.0, 10.0, False, 1)], 1)  # a space inside a word
    packed = PackedLines([_lines()[0], odd, _lines()[2]])
    assert packed[1] is odd
    assert texts_of(packed) == ["Проектът стартира", "две думи", "ЗАГЛАВИЕ"]
    assert pages_of(packed) == [2, 1, 3]
    assert [_state(ln) for ln in packed][::2] == [_state(_lines()[0]), _state(_lines()[2])]


def test_no_lines_pack_to_nothing() -> None:
    packed = PackedLines([])
    assert len(packed) == 0 and list(packed) == [] and texts_of(packed) == []


def test_lay_out_lets_go_of_each_page_and_keeps_every_line_of_the_sample() -> None:
    segmented = segment_pages(_pdfium_pages(SAMPLE, SAMPLE.read_bytes(), None, []))
    packed_texts = [t for _, lines in segmented for t in texts_of(lines)]
    laid = lay_out(segmented)
    assert segmented == []
    assert all(isinstance(b.lines, PackedLines) for b in laid.blocks)
    laid_texts = [t for b in laid.blocks for t in texts_of(b.lines)] + [ln.text for ln in laid.furniture]
    # lines are merged and split on the way (sidebar rows, gutters), never lost: every
    # letter a page held is in a block or in the furniture, but for list markers ("•", "5)")
    held, laid_out = Counter("".join(packed_texts).replace(" ", "")), Counter("".join(laid_texts).replace(" ", ""))
    missing = held - laid_out
    assert not laid_out - held
    assert missing["•"] == 16 and all(_is_bullet_glyph(ch) or ch.isdigit() or ch in ")." for ch in missing)
    assert sum(missing.values()) <= 20
    assert len(laid_texts) >= 400


def test_vocabulary_gathered_block_by_block_skips_the_halves_of_broken_words() -> None:
    lines = ["Съвместно с Инфра-сървис и научно-", "технически център, по вери-", "гата на доставки",
             "", "H2020-ICT-", "2018-20 и други", "по-добри резултати"]
    vocabulary = Vocabulary()
    for part in (lines[:2], lines[2:5], lines[5:]):  # in blocks, as fill_builder adds them
        vocabulary.add(part)
    assert vocabulary.compounds == {"инфра-сървис", "h2020-ict", "2018-20", "по-добри"}
    # the halves of broken words are not words: научно-/технически, вери-/гата, H2020-ICT-/2018-20
    assert vocabulary.words == {"съвместно", "с", "инфра", "сървис", "и", "център", "по", "на", "доставки",
                                "други", "добри", "резултати"}
    assert "вери" not in vocabulary.words and "гата" not in vocabulary.words
    assert "инфра-сървис" in vocabulary.compounds
