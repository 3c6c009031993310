"""One-line, human-readable forms of normalised values, as a Bulgarian reviewer reads them.

Amounts use the Bulgarian convention (space between thousands, decimal comma) so
they can be checked against the document at a glance; dates are ISO, because a
reviewer must see which precision the extractor settled on.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from ..models import (
    CountValue,
    DateValue,
    EntityValue,
    MentionValue,
    MoneyValue,
    ProgrammeCodeValue,
    ProgrammeValue,
)
from ..rules.base import load_data


@cache
def labels() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = load_data("report_labels.json")
    return data


def format_amount(amount: float) -> str:
    """
    >>> format_amount(1250000)
    '1 250 000'
    >>> format_amount(639115.674)
    '639 115,67'
    """
    whole = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return whole[:-3] if whole.endswith(",00") else whole


def format_date(value: DateValue) -> str:
    """
    >>> format_date(DateValue(start=dt.date(2022, 12, 22), end=dt.date(2022, 12, 22), precision="day"))
    '2022-12-22'
    >>> format_date(DateValue(start=dt.date(2022, 9, 1), end=dt.date(2022, 10, 31), precision="month"))
    '2022-09 – 2022-10'
    """
    cut = {"day": 10, "month": 7, "year": 4}[value.precision]
    start, end = value.start.isoformat()[:cut], value.end.isoformat()[:cut]
    return start if start == end else f"{start} – {end}"


def format_money(value: MoneyValue) -> str:
    """
    >>> format_money(MoneyValue(amount=1250000, currency="BGN", qualifier="over", amount_eur=639115.67))
    'над 1 250 000 BGN (≈ 639 115,67 EUR)'
    """
    qualifier = labels()["qualifiers"].get(value.qualifier, "")
    text = f"{qualifier} {format_amount(value.amount)} {value.currency}".strip()
    if value.currency != "EUR":
        text += f" (≈ {format_amount(value.amount_eur)} EUR)"
    return text


def format_value(value: MentionValue | Any) -> str:
    """The normalised value of a mention (or a record field) as one line."""
    if value is None:
        return ""
    if isinstance(value, DateValue):
        return format_date(value)
    if isinstance(value, MoneyValue):
        return format_money(value)
    if isinstance(value, ProgrammeValue):
        return f"{value.programme} — {value.name}"
    if isinstance(value, ProgrammeCodeValue):
        extra = ", ".join(x for x in (value.scheme, value.programme) if x)
        return f"{value.code} ({extra})" if extra else value.code
    if isinstance(value, CountValue):
        names = labels()["counts"]
        parts = [f"{getattr(value, k)} {names[k]}" for k in names if getattr(value, k) is not None]
        return ", ".join(parts)
    if isinstance(value, EntityValue):
        abbr = f" ({value.abbreviation})" if value.abbreviation else ""
        return f"{value.name}{abbr} [{value.label}]"
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def value_key(value: MentionValue) -> str:
    """What two mentions must share to agree (the value without its wording)."""
    if isinstance(value, MoneyValue):
        return f"money:{value.amount_eur:.2f}"
    return value.model_dump_json()
