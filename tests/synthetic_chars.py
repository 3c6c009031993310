"""Characters of a synthetic page for the layout tests: words on a baseline, fixed width per letter."""

from __future__ import annotations

from bulletin_extract.ingest.layout import Char

SIZE, CHAR_W = 10.0, 5.0


def words_at(text: str, x: float, baseline: float) -> list[Char]:
    """One Char per word of `text`, left to right from `x`, one space between words."""
    chars = []
    for word in text.split():
        chars.append(Char(word, x, x + CHAR_W * len(word), baseline - SIZE, baseline, SIZE, False, 1))
        x += CHAR_W * (len(word) + 1)
    return chars
