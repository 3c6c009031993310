"""Heading levels rank the document's real heading sizes and stay in the schema's 1..6."""

from __future__ import annotations

from bulletin_extract.ingest.heading_levels import HeadingLevels, size_styles
from bulletin_extract.ingest.layout import Char, PageChars, layout_pages


def test_sizes_differing_by_rounding_are_one_style():
    assert size_styles([14.0, 13.9, 14.1, 18.0]) == [18.0, 14.1]


def test_largest_size_is_level_one_and_each_smaller_style_one_deeper():
    levels = HeadingLevels([24.0, 18.0, 14.0])
    assert [levels.of(s) for s in (24.0, 18.0, 14.0)] == [1, 2, 3]


def test_body_size_headings_rank_below_every_larger_size():
    assert HeadingLevels([24.0, 18.0]).below_sizes() == 3


def test_more_sizes_than_levels_clamp_to_the_deepest_level():
    levels = HeadingLevels([48, 40, 36, 32, 28, 24, 20, 16])
    assert [levels.of(s) for s in (48, 40, 24, 20, 16)] == [1, 2, 6, 6, 6]
    assert levels.below_sizes() == 6


def _flyer_pages() -> list[PageChars]:
    """A flyer: eight title sizes from 40 pt down to 13 pt over 10 pt body text."""
    chars: list[Char] = []
    y = 60.0
    titles = [(40.0, "Празник"), (34.0, "на града"), (29.0, "Концерт"), (25.0, "Изложба"),
              (21.0, "Базар"), (18.0, "Игри"), (15.5, "Томбола"), (13.0, "Награди")]
    for size, word in titles:
        y += size * 1.6
        chars.append(Char(word, 50, 50 + 0.6 * size * len(word), y - size, y, size, True, 1))
        for _ in range(3):
            y += 14
            x = 50.0
            for body_word in "Заповядайте на площада в събота от десет часа".split():
                chars.append(Char(body_word, x, x + 5 * len(body_word), y - 10, y, 10.0, False, 1))
                x += 5 * (len(body_word) + 1)
    return [PageChars(1, 595.0, 1600.0, chars, [])]


def test_a_flyer_with_eight_title_sizes_gives_heading_levels_1_to_6():
    levels = [b.level for b in layout_pages(_flyer_pages()) if b.kind == "heading"]
    assert levels == [1, 2, 3, 4, 5, 6, 6, 6]
