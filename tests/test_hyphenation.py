"""Line-end hyphens of every producer go through the same join rules."""

from __future__ import annotations

import pytest

from bulletin_extract.ingest.hyphenation import join_lines_with_offsets

HYPHEN_MINUS, HYPHEN, SOFT_HYPHEN = "-", "\u2010", "\u00ad"


@pytest.mark.parametrize("mark", [HYPHEN_MINUS, HYPHEN, SOFT_HYPHEN], ids=["U+002D", "U+2010", "U+00AD"])
def test_word_broken_at_the_line_end_is_joined_whatever_the_hyphen(mark):
    text, _ = join_lines_with_offsets([f"приятели и поддръж{mark}", "ници на сдружението"])
    assert text == "приятели и поддръжници на сдружението"


@pytest.mark.parametrize("mark", [HYPHEN_MINUS, HYPHEN], ids=["U+002D", "U+2010"])
def test_comparative_hyphen_at_the_line_end_is_kept_with_its_glyph(mark):
    text, _ = join_lines_with_offsets([f"ще работим по{mark}", "добре"])
    assert text == f"ще работим по{mark}добре"


def test_code_broken_after_a_u2010_hyphen_stays_one_code():
    text, _ = join_lines_with_offsets(["по програма H2020\u2010ICT\u2010", "2018\u201020"])
    assert text == "по програма H2020\u2010ICT\u20102018\u201020"


def test_compound_seen_mid_line_with_u2010_keeps_its_hyphen_at_a_break():
    from bulletin_extract.ingest.hyphenation import Vocabulary

    vocabulary = Vocabulary()
    vocabulary.add(["фирмата Инфра\u2010сървис ООД"])
    compounds = vocabulary.compounds
    text, _ = join_lines_with_offsets(["Телелинк Инфра\u2010", "сървис"], compounds)
    assert text == "Телелинк Инфра\u2010сървис"


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("по процедура BG16RFOP002-2.073-", "0045 за малки фирми", "по процедура BG16RFOP002-2.073-0045 за малки фирми"),
        ("по процедура BG16RFOP002-", "2.073-0045 за малки", "по процедура BG16RFOP002-2.073-0045 за малки"),
        ("проект 2022-2-BG01-KA210-", "YOU-000087 на сдружението", "проект 2022-2-BG01-KA210-YOU-000087 на сдружението"),
        ("по ПВУ BG-RRP-", "3.012-0051, одобрен", "по ПВУ BG-RRP-3.012-0051, одобрен"),
    ],
    ids=["after-dotted-part", "after-programme", "before-capitals", "after-capitals"],
)
def test_code_wrapped_after_one_of_its_own_hyphens_keeps_it_without_a_space(left, right, joined):
    text, _ = join_lines_with_offsets([left, right])
    assert text == joined
