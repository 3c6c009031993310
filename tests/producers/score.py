"""Scores of a PDF run against the text run of the same source.

Facts recall, per kind: the mention values of the text run, as a multiset, and the share
of them that the PDF run finds too (``min`` of the two counts per value). A kind the
text run has none of scores 1.0: nothing could be lost.

Reading order: **word-bigram recall**. Both texts are cut into lower-cased words (runs
of letters and digits); the score is the share of the source's consecutive word pairs
(as a multiset) that are also consecutive in the PDF's text. It is 1.0 when every line
follows the line it follows in the source, whatever the order of whole blocks (a
sidebar printed before or after the body loses only the two pairs at its edges); columns
read line by line across the gutter lose about one pair per line, a word broken at a
line-end hyphen loses two, a dropped line loses all of its own. Text a producer adds
(running headers, page numbers) costs nothing: it is a recall.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

FACT_KINDS = ("money", "programme_code", "count", "date")

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased words of a text (letters and digits; punctuation and spacing dropped).

    >>> words("Проектът е с бюджет от 1,952 млн. евро.")
    ['проектът', 'е', 'с', 'бюджет', 'от', '1', '952', 'млн', 'евро']
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def bigrams(seq: list[str]) -> Counter[tuple[str, str]]:
    return Counter(pairwise(seq))


def order_score(source: str, extracted: str) -> float:
    """Word-bigram recall of ``extracted`` against ``source`` (see the module doc).

    >>> order_score("едно две три четири", "едно две три четири")
    1.0
    >>> order_score("едно две три четири", "три четири едно две")
    0.6666666666666666
    """
    want = bigrams(words(source))
    if not want:
        return 1.0
    got = bigrams(words(extracted))
    return sum((want & got).values()) / sum(want.values())


def recall(expected: Iterable[str], found: Iterable[str]) -> float:
    """Share of the expected values (a multiset) that were found.

    >>> recall(["a", "a", "b"], ["a", "b", "c"])
    0.6666666666666666
    >>> recall([], ["a"])
    1.0
    """
    want, got = Counter(expected), Counter(found)
    total = sum(want.values())
    return 1.0 if total == 0 else sum((want & got).values()) / total
