"""Amounts of money in лв./евро -> MoneyValue mentions.

An amount is money only when a currency is written next to it ("484 хил. лв.",
"€ 1 500", "12 000 BGN"): "5 хил. души" and "Индустрия 4.0" are not money. The forms
of the currencies, the scale words and the qualifiers live in ``data/currencies.json``.

The decimal separator is decided by context, not by a locale (price-parser's trap):

* with a scale word (хил., млн., млрд.) a single comma or point is DECIMAL:
  "1,952 млн. евро" is 1 952 000 EUR, "42.5 хил. евро" is 42 500 EUR;
* when the integer part is grouped by spaces, the separator is decimal: "1 234,56 лв.";
* when both a comma and a point appear, the last one is decimal: "1,234.56 EUR",
  "1.234,56 лв.";
* a separator that repeats groups thousands: "1.500.000 лв.";
* otherwise a single comma or point followed by exactly three digits groups thousands
  ("1,952 лв." is 1952 BGN, the Bulgarian way of writing a round amount), and any other
  (",5", ",56") is decimal. The three-digit case is ambiguous, so its confidence is lower.

Confidence comes from evidence (Presidio's lesson: a fixed score says nothing):

====================================================  =====
evidence                                              score
====================================================  =====
currency word + scale word ("484 хил. лв.")           0.95
currency code or sign ("1500 EUR", "€ 1 500")         0.90
currency word alone ("12 000 лева")                   0.85
rare short scale "х." ("450 х. евро")                 0.85
amount in words ("два милиона лева")                  0.80
lower end of a range, currency borrowed ("от 50 до")  0.70
ambiguous "1,952 лв." read as thousands               -0.15
====================================================  =====

>>> [(m.value.amount, m.value.currency) for m in find_money("бюджет от 1,952 млн. евро")]
[(1952000.0, 'EUR')]
>>> [(m.value.amount, m.value.qualifier) for m in find_money("над 8,2 млн. лв.")]
[(8200000.0, 'over')]
>>> find_money("от 6 европейски страни")
[]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..models import Currency, Mention, MoneyValue, Qualifier, to_eur
from .alternation import initials, longest_first
from .base import load_data, mention
from .numbers import NUMBER_WORD_INITIALS, NUMBER_WORDS_PATTERN, parse_number_words
from .overlap import resolve_overlaps

_DATA = load_data("currencies.json")

_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"


def _forms(forms: list[str]) -> str:
    """Longest first; a form ending in a letter must end the word ("евро" vs "европейски").
    A form ending in a dot may be glued to what follows ("хил.лв.")."""
    return longest_first(  # every pattern here ignores case
        forms, ignore_case=True, space=r"\s+", after=lambda form: _NOT_LETTER_AFTER if form[-1].isalpha() else ""
    )


_CURRENCY_OF: dict[str, Currency] = {
    form.lower(): code for code, forms in _DATA["currencies"].items() for form in forms
}
_MULTIPLIER_OF: dict[str, int] = {form.lower(): value for form, value in _DATA["multipliers"].items()}
_QUALIFIER_OF: dict[str, Qualifier] = {form.lower(): q for form, q in _DATA["qualifiers"].items()}
_WEAK_MULTIPLIERS = frozenset({"х."})
_CODES = frozenset({"bgn", "eur", "euro", "€"})

_CURRENCY = _forms(list(_CURRENCY_OF))
_PREFIX_CURRENCY = _forms([f for forms in _DATA["prefix_currencies"].values() for f in forms])
_MULTIPLIER = _forms(list(_MULTIPLIER_OF))
_QUALIFIER = _NOT_LETTER_BEFORE + "(?:" + _forms(list(_QUALIFIER_OF)) + ")"

#: Where an amount may begin: not inside a word, a code ("ICT-2018") or another number.
_LEFT_EDGE = r"(?<![\w.,/])(?<![^\W\d_]-)"
_GROUP_SPACE = "[ \u00a0\u202f]"
_DIGITS = (
    rf"\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}}(?!\d))+(?:[.,]\d+)?"  # 1 234,56 / 12 000
    r"|\d{1,3}(?:\.\d{3}(?!\d))+(?:,\d+)?"  # 1.500.000 / 1.234,56
    r"|\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?"  # 1,234.56
    r"|\d+(?:[.,]\d+)?"  # 1500 / 294,5 / 42.5
)
_GAP = r"\s{0,3}"

#: What an amount may start with: a digit, a qualifier ("над"), a number word, a currency
#: sign before the number ("€ 500"). A look at one letter first: most places start none.
_SUFFIXED_START = rf"(?=[\d{initials(_QUALIFIER_OF)}{NUMBER_WORD_INITIALS}])"
_PREFIXED_START = rf"(?=[{initials(_QUALIFIER_OF)}{initials(f for forms in _DATA['prefix_currencies'].values() for f in forms)}])"

_SUFFIXED = re.compile(
    # (?<!\w) first: most positions are inside words, and this fails them at once.
    rf"{_SUFFIXED_START}(?<!\w)(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:{_LEFT_EDGE}(?P<digits>{_DIGITS})|(?P<words>{NUMBER_WORDS_PATTERN}))"
    rf"(?:{_GAP}(?P<mult>{_MULTIPLIER}))?"
    rf"{_GAP}(?P<cur>{_CURRENCY})",
    re.IGNORECASE,
)
_PREFIXED = re.compile(
    rf"{_PREFIXED_START}(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"{_NOT_LETTER_BEFORE}(?P<cur>{_PREFIX_CURRENCY})[ \u00a0\u202f]?"
    rf"(?P<digits>{_DIGITS})(?![\d])"
    rf"(?:{_GAP}(?P<mult>{_MULTIPLIER}))?",
    re.IGNORECASE,
)
#: The lower end of a range whose upper end carries the currency: "от 50 000 до 100 000 лв.",
#: "100 - 200 хил. лв.". Matched backwards from the upper amount.
_RANGE_LOW_BEFORE_DO = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?P<from>от)\s+{_LEFT_EDGE}(?P<digits>{_DIGITS})(?:{_GAP}(?P<mult>{_MULTIPLIER}))?\s+$",
    re.IGNORECASE,
)
_RANGE_LOW_BEFORE_DASH = re.compile(
    rf"(?:{_NOT_LETTER_BEFORE}(?P<from>от)\s+)?{_LEFT_EDGE}(?P<digits>{_DIGITS})"
    rf"(?:{_GAP}(?P<mult>{_MULTIPLIER}))?\s*[-–—]\s*$",
    re.IGNORECASE,
)
_RANGE_LOW_BEFORE_AND = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?P<from>между)\s+{_LEFT_EDGE}(?P<digits>{_DIGITS})(?:{_GAP}(?P<mult>{_MULTIPLIER}))?\s+и\s+$",
    re.IGNORECASE,
)
_RANGE_WINDOW = 40
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class _Amount:
    value: float
    ambiguous: bool


def parse_amount(digits: str, scaled: bool) -> _Amount:
    """The number in an amount, by the separator rules in the module docstring.

    >>> parse_amount("1,952", scaled=True).value
    1.952
    >>> parse_amount("1,952", scaled=False)
    _Amount(value=1952.0, ambiguous=True)
    >>> parse_amount("1 234,56", scaled=False).value
    1234.56
    >>> parse_amount("1,234.56", scaled=False).value
    1234.56
    >>> parse_amount("1.500.000", scaled=False).value
    1500000.0
    """
    space_grouped = _SPACES.search(digits) is not None
    s = _SPACES.sub("", digits)
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return _Amount(float(s.replace(thousands, "").replace(decimal, ".")), False)
    for sep in ",.":
        count = s.count(sep)
        if count > 1:
            return _Amount(float(s.replace(sep, "")), False)
        if count == 1:
            fraction = s.split(sep)[1]
            if space_grouped or scaled or len(fraction) != 3:
                return _Amount(float(s.replace(sep, ".")), False)
            return _Amount(float(s.replace(sep, "")), True)
    return _Amount(float(s), False)


def _money(
    text: str,
    start: int,
    end: int,
    amount: float,
    currency: Currency,
    qualifier: Qualifier,
    confidence: float,
    why: str,
) -> Mention | None:
    amount = round(amount, 2)
    if not math.isfinite(amount) or amount < 0:
        return None
    value = MoneyValue(
        amount=amount, currency=currency, qualifier=qualifier, amount_eur=to_eur(amount, currency)
    )
    return mention(text, start, end, "money", value, confidence, why)


def _from_match(text: str, m: re.Match[str], prefixed: bool) -> Mention | None:
    mult_form = (m.group("mult") or "").lower()
    multiplier = _MULTIPLIER_OF.get(_SPACES.sub(" ", mult_form), 1)
    currency = _CURRENCY_OF[m.group("cur").lower()]
    qual_form = _SPACES.sub(" ", (m.group("qual") or "").lower())
    qualifier: Qualifier = _QUALIFIER_OF.get(qual_form, "exact")
    ambiguous = False
    digits = m.group("digits")
    if digits is not None:
        parsed = parse_amount(digits, scaled=bool(mult_form))
        number, ambiguous = parsed.value, parsed.ambiguous
        evidence = "digits"
    else:
        words = parse_number_words(m.group("words"))
        if words is None:
            return None
        number, evidence = float(words), "number words"
    if evidence == "number words":
        confidence = 0.80
    elif mult_form and mult_form not in _WEAK_MULTIPLIERS:
        confidence = 0.95
    elif mult_form or m.group("cur").lower() not in _CODES:
        confidence = 0.85
    else:
        confidence = 0.90
    if ambiguous:
        confidence -= 0.15
    why = (
        f"money: {evidence} {number:g}"
        + (f" x {multiplier} ({mult_form})" if multiplier != 1 else "")
        + f" in {currency} ({'prefix' if prefixed else 'suffix'} {m.group('cur')!r})"
        + (f", qualifier {qualifier} ({qual_form!r})" if qualifier != "exact" else "")
        + (", comma+3 digits without scale read as thousands" if ambiguous else "")
    )
    return _money(text, m.start(), m.end(), number * multiplier, currency, qualifier, confidence, why)


def _range_low(text: str, upper: Mention, m: re.Match[str]) -> Mention | None:
    """The lower end of "от 50 000 до 100 000 лв.", "100 - 200 хил. лв." or
    "между 50 и 100 хил. лв.": it borrows the upper end's currency and, if it has none
    of its own, its scale word."""
    assert upper.value.type == "money"
    window = max(0, upper.start - _RANGE_WINDOW)
    by_do = m.group("qual") is not None and m.group("qual").lower() == "до"
    patterns = (_RANGE_LOW_BEFORE_DO,) if by_do else (_RANGE_LOW_BEFORE_DASH, _RANGE_LOW_BEFORE_AND)
    low = next((f for p in patterns if (f := p.search(text, window, upper.start))), None)
    if low is None or m.group("digits") is None:
        return None
    own_mult = (low.group("mult") or "").lower()
    upper_mult = (m.group("mult") or "").lower()
    multiplier = _MULTIPLIER_OF.get(own_mult or upper_mult, 1)
    number = parse_amount(low.group("digits"), scaled=bool(own_mult or upper_mult)).value * multiplier
    if number > upper.value.amount:
        return None  # "2019 - 500 лв." is a year before an amount, not a range
    end = low.end("mult") if low.group("mult") else low.end("digits")
    why = f"money: lower end of a range, currency {upper.value.currency} taken from {upper.text!r}"
    return _money(text, low.start(), end, number, upper.value.currency, "over", 0.70, why)


def find_money(text: str) -> list[Mention]:
    """Every amount with a currency, in text order, never two over the same characters."""
    found: list[Mention] = []
    for pattern, prefixed in ((_SUFFIXED, False), (_PREFIXED, True)):
        for m in pattern.finditer(text):
            upper = _from_match(text, m, prefixed)
            if upper is None:
                continue
            if not prefixed:
                low = _range_low(text, upper, m)
                if low is not None:
                    found.append(low)
                    if upper.value.type == "money" and upper.value.qualifier == "exact":
                        upper.value.qualifier = "under"
                        upper.explanation += ", upper end of a range"
            found.append(upper)
    return resolve_overlaps(found)
