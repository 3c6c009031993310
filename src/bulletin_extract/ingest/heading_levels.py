"""Heading levels from the ranks of a document's heading sizes, never beyond the schema.

A document has as many heading sizes as its designer chose: a bulletin two or three,
a flyer seven. The level of a heading is the rank of its size among the document's
heading sizes (largest = 1), after sizes that differ only by rounding noise are taken
as one (13.9 and 14.0 pt are one style). Ranks past the schema's deepest level all
become that level: the order of the big titles is what matters, a seventh size is as
deep as a sixth. Bold or capitalised headings at body size rank below every larger
size.

    >>> levels = HeadingLevels([20.0, 14.0, 13.9, 12.0])
    >>> levels.of(20.0), levels.of(13.9), levels.of(12.0), levels.below_sizes()
    (1, 2, 3, 4)
    >>> HeadingLevels([40, 36, 32, 28, 24, 20, 18, 16]).of(16)
    6
"""

from __future__ import annotations

from collections.abc import Iterable

#: The deepest section level the output schema allows (models.Section.level).
MAX_LEVEL = 6
#: Sizes within this share of each other are one heading style (rounding, not design).
SAME_SIZE_SHARE = 0.03


def size_styles(sizes: Iterable[float], same_share: float = SAME_SIZE_SHARE) -> list[float]:
    """The distinct heading sizes, largest first; a size within `same_share` of the
    previous style's largest size joins that style.

    >>> size_styles([12.0, 20.0, 14.0, 13.9, 14.1])
    [20.0, 14.1, 12.0]
    """
    styles: list[float] = []
    for size in sorted(set(sizes), reverse=True):
        if not styles or size < styles[-1] * (1 - same_share):
            styles.append(size)
    return styles


class HeadingLevels:
    """Level of a heading from its size, ranked among the document's heading sizes."""

    def __init__(self, sizes: Iterable[float], max_level: int = MAX_LEVEL,
                 same_share: float = SAME_SIZE_SHARE) -> None:
        self.styles = size_styles(sizes, same_share)
        self.max_level = max_level
        self.same_share = same_share

    def of(self, size: float) -> int:
        """1 for the largest style, one more per smaller style, at most max_level."""
        rank = len(self.styles) + 1  # smaller than every style: below them all
        for i, style in enumerate(self.styles):
            if size >= style * (1 - self.same_share):
                rank = i + 1
                break
        return self._clamp(rank)

    def below_sizes(self) -> int:
        """The level of a body-size heading (bold or capitals): under every larger size."""
        return self._clamp(len(self.styles) + 1)

    def _clamp(self, rank: int) -> int:
        return max(1, min(self.max_level, rank))
