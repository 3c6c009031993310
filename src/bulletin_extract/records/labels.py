"""Labelled project fields: the EU publicity labels that name a title, an amount or a date.

Real project pages, posters and cards write their facts as "Label: value" lines
("Обща стойност на проекта: 555 555 лв.", "Край на проекта: 04.11.2020 г.",
"Продължителност: 18 месеца"). The labels are in data/project_labels.json.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..rules.base import load_data


@lru_cache(maxsize=1)
def project_labels() -> dict[str, Any]:
    return {k: v for k, v in load_data("project_labels.json").items() if not k.startswith("_")}


def alternation(words: list[str]) -> str:
    """Longest first, so "край на проекта" wins over "край"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def label_start(text: str, offset: int) -> int:
    """Where the label of a value at `offset` may start: its line, or the line above when the
    value stands alone on its line under a label line ("Край на проекта:" / "04.11.2020 г.")."""
    line = text.rfind("\n", 0, offset) + 1
    if text[line:offset].strip(" \t-–•*:") or line == 0:
        return line
    above_end = line - 1
    while above_end > 0 and text[above_end - 1] == "\n":
        above_end -= 1  # blank lines between the label and its value
    above = text.rfind("\n", 0, above_end) + 1
    return above if text[above:above_end].rstrip().endswith(":") or len(text[above:above_end]) <= 60 else line


def line_before(text: str, offset: int, limit: int = 80) -> str:
    r"""The text from the value's label line (at most `limit` chars back) to `offset`, lower case.

    >>> line_before("Край на проекта:\n04.11.2020 г.", 17)
    'край на проекта:\n'
    """
    start = max(label_start(text, offset), offset - limit)
    return text[start:offset].lower()


@lru_cache(maxsize=1)
def _date_label_patterns() -> dict[str, re.Pattern[str]]:
    return {
        role: re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)")
        for role, words in project_labels()["date_labels"].items()
    }


def date_label(text: str, offset: int) -> str | None:
    """Which date label ("start", "end", "period") stands last before `offset` on its line.

    >>> date_label("Начало на проекта: 04.08.2020 г.", 19)
    'start'
    >>> date_label("Край: 30.06.2026", 6)
    'end'
    >>> date_label("Подписан на 04.08.2020 г.", 12) is None
    True
    """
    before = line_before(text, offset)
    best: tuple[int, str] | None = None
    for role, pattern in _date_label_patterns().items():
        for m in pattern.finditer(before):
            if best is None or m.start() > best[0]:
                best = (m.start(), role)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _budget_label() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(project_labels()['budget_labels'])})(?!\w)")


def has_budget_label(text: str, offset: int, window: int = 60) -> bool:
    """A total-value label in the same sentence before an amount ("Обща стойност на проекта: ...")."""
    before = text[max(0, offset - window) : offset].lower()
    return bool(_budget_label().search(before))


@lru_cache(maxsize=1)
def _duration() -> re.Pattern[str]:
    units = project_labels()["duration_units"]
    return re.compile(rf"(?i)(?<!\d)(\d{{1,3}})\s*({alternation(list(units))})(?!\w)")


def duration_months(text: str, start: int, end: int) -> int | None:
    """A duration written after a period label: "Продължителност: 18 месеца" -> 18; years count 12.

    >>> duration_months("Продължителност на проекта: 18 месеца.", 0, 40)
    18
    >>> duration_months("Срок на изпълнение: 2 години", 0, 28)
    24
    >>> duration_months("с 18 служители", 0, 14) is None
    True
    """
    units = project_labels()["duration_units"]
    periods = _date_label_patterns()["period"]
    # lowercase only the project's own stretch: lowering the whole text per project was
    # quadratic on long documents (str.lower keeps offsets for Cyrillic and Latin)
    for label in periods.finditer(text[start:end].lower()):
        m = _duration().search(text, start + label.end(), min(end, start + label.end() + 40))
        if m:
            unit = units[m.group(2).lower()]
            n = int(m.group(1))
            if unit == "month":
                return n
            if unit == "year":
                return 12 * n
    return None
