"""Bulgarian dates and date ranges -> DateValue mentions.

Bulletins write dates many ways: ``22.12.2022 г.``, ``19.12.2016г.``, ``25 март, 2021``,
``м. октомври 2004 г.``, ``28-29 Септември 2017 г.``, ``от 07.11 до 11.11. 2022``,
``септември - октомври 2015 г.``, ``2018-2022 г.``, ``Брюксел (2018)``. Each form is one
precompiled regex (``_RULES``); all of them run over the text, every hit that builds a valid
calendar interval becomes a candidate, and ``rules.overlap`` gives the characters to the
longest candidates (a range beats the single date inside it, ``12 май 2022 г.`` beats the
bare year ``2022``).

Why no dateparser: every part of a date is already a named regex group, so building the
``datetime.date`` ourselves is exact, never fills a missing day or month from today's date,
and costs nothing per match (dateparser would cost milliseconds per call). dateparser's
Bulgarian locale is the reference instead: tests/test_months_reference.py checks that every
month form it knows is a month here.

Month names come from ``data/months.json`` (full, old and abbreviated forms, matched in any
case); weekdays from ``data/weekdays.json``. A weekday written next to a day date
(``12 май 2022 г. (четвъртък)``) joins the mention and is checked against the calendar.

Confidence scale (evidence, not a constant):

====================================================  =====
full date, numeric or with a month name, with "г."     0.95
full date without "г." (``25.10.2016``)                0.90
range of days (``28-29 Септември 2017 г.``)            0.90 (+0.04 with "г.")
month + year, month range (``юни 2016``)               0.85 (+0.04 with "г.")
year with "г."/"година" (``2023 г.``), year range      0.80
year range without "г." (``2018-2022``)                0.65
bare year in brackets (``Брюксел (2018)``)             0.55
bare year after a temporal word (``през 2022 от``)     0.50
bare year opening a line (``2018: ...``)               0.45
====================================================  =====

Adjustments: hyphen-separated numeric dates (``14-03-2019``, code-like) -0.05; a weekday that
agrees with the date +0.04, one that disagrees -0.30; month and year split by a blank line
(page or column break: ``през април\\n\\n2022 г.``) -0.20.

What is never a date: a year outside 1800..2100 (1900..2100 for a bare year), an impossible
day (``31.02.2022``), numbers glued into codes (``H2020-ICT-2018-20``,
``2022-1-DE02-KA220-VET-000089396``), decimals, times, versions, and a bare year that reads as
an amount (``от 1950 до 2000 лв.``) or a number after ``№``, ``ул.``, ``тел.``...
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..models import DateValue, Mention, Precision
from .alternation import longest_first
from .base import load_data, mention
from .overlap import resolve_overlaps

YEAR_MIN, YEAR_MAX = 1800, 2100
BARE_YEAR_MIN, BARE_YEAR_MAX = 1900, 2100


# ----------------------------------------------------------------------------- data


def _alternation(words: list[str], ignore_case: bool = True) -> str:
    """Longest first, so 'септември' is tried before 'септ' and 'сеп' (the patterns ignore case)."""
    return longest_first(words, ignore_case=ignore_case)


def _load_months() -> tuple[dict[str, int], str, dict[str, int], str]:
    data = load_data("months.json")
    lookup: dict[str, int] = {}
    full: list[str] = []
    abbr: list[str] = []
    for month in data["months"]:
        for name in month["names"]:
            lookup[name] = month["number"]
            full.append(name)
        for short in month["abbreviations"]:
            lookup[short] = month["number"]
            abbr.append(short)
    # A full name must end the word ('май' not in 'майка'); an abbreviation may carry its dot.
    # Two-letter abbreviations need their dot: a bare "Ян" is a given name before it is January.
    dotted = [a for a in abbr if len(a) <= 2]
    undotted = [a for a in abbr if len(a) > 2]
    forms = [rf"(?:{_alternation(full)})(?!\w)"]
    if undotted:
        forms.append(rf"(?:{_alternation(undotted)})(?:\.|(?!\w))")
    if dotted:
        forms.append(rf"(?:{_alternation(dotted)})\.")
    pattern = f"(?:{'|'.join(forms)})"
    roman = {r: i for i, r in enumerate(data["roman"], start=1)}
    # Roman months are upper case only: a lower-case 'v' or 'x' in running text is no month.
    roman_pattern = rf"(?-i:{_alternation(list(roman), ignore_case=False)})"
    return lookup, pattern, roman, roman_pattern


def _load_weekdays() -> tuple[dict[str, int], str]:
    data = load_data("weekdays.json")
    lookup = {name: index for index, names in enumerate(data["weekdays"]) for name in names}
    return lookup, rf"(?:{_alternation(list(lookup))})(?!\w)"


_MONTHS, _MONTH, _ROMAN_MONTHS, _ROMAN = _load_months()
_WEEKDAYS, _WEEKDAY = _load_weekdays()


# ------------------------------------------------------------------------- grammar

_H = r"[ \t\u00a0]"
# Text is often wrapped: a date may continue on the next line, but never across a blank line
# (that is a new paragraph), so the gaps allow at most one line break.
_SP = rf"{_H}*(?:\r?\n{_H}*)?"
_SP1 = rf"(?:{_H}+(?:\r?\n{_H}*)?|\r?\n{_H}*)"
_DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"
# A dash may end a line but not start one: "2015 г.\n- 2016 г." is two list items, not a range.
_CONN = rf"(?:{_H}*{_DASH}{_SP}|{_SP1}до{_SP1})"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_MON = r"(?:1[0-2]|0?[1-9])"
_YEAR = r"[12]\d\d\d"
# "г." (година), also "гг.", "год.", "година", a dot-less "г" (but not "г-н", господин).
_SUFFIX = rf"{_SP}(?:гг?\.|год\.|година(?!\w)|г(?![\w-]))"
_ORD = r"(?:-?(?:ви|ри|ти|ми|во|ро|то|мо))?"  # "1-ви март"
_MY = rf"(?:,{_SP}|{_SP1})"  # month -> year: "Май, 2022", "април 2019", "април\n2022"
_M_PREFIX = rf"(?:м\.{_SP})?"  # "м. октомври" (месец)
# Not glued to a word, a decimal or a code ("2.009", "ICT-2018"). A single numeric date may
# follow "/": a register number "№ 1/25.01.2017 г." carries its date after the slash.
_NB = rf"(?<![\w.,/]|{_DASH})"
_NB_NUM = rf"(?<![\w.,]|{_DASH})"
_NE = rf"(?!\d)(?![.,/]\d)(?!{_DASH}\d)"


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: DateValue
    confidence: float
    explanation: str


Builder = Callable[[str, re.Match[str]], _Candidate | None]


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    build: Builder


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# ------------------------------------------------------------------- date helpers


def _year(raw: str, low: int = YEAR_MIN, high: int = YEAR_MAX) -> int:
    year = int(raw)
    if not low <= year <= high:
        raise ValueError(f"year out of range: {year}")
    return year


def _month(raw: str) -> int:
    return _MONTHS[raw.lower().rstrip(".")]


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _value(start: dt.date, end: dt.date, precision: Precision) -> DateValue:
    if end < start:
        raise ValueError("range ends before it starts")
    return DateValue(start=start, end=end, precision=precision)


def _opt_int(raw: str | None) -> int | None:
    return int(raw) if raw else None


def _has(m: re.Match[str], *groups: str) -> bool:
    return any(m.group(g) for g in groups)


def _candidate(m: re.Match[str], value: DateValue, confidence: float, explanation: str) -> _Candidate:
    return _Candidate(m.start(), m.end(), value, min(confidence, 0.99), explanation)


def _suffix_note(m: re.Match[str], *groups: str) -> tuple[float, str]:
    return (0.04, " + 'г.'") if _has(m, *groups) else (0.0, "")


def _day_range(d1: int, m1: int | None, y1: int | None, d2: int, m2: int, y2: int) -> DateValue:
    """A range whose start may omit its month and year: they are shared with the end.

    >>> _day_range(28, 12, None, 3, 1, 2023).start   # "28.12 - 03.01.2023"
    datetime.date(2022, 12, 28)
    """
    end = dt.date(y2, m2, d2)
    start = dt.date(y1 or y2, m1 or m2, d1)
    if start > end and y1 is None and m1 is not None:
        # The shared year belongs to the end; a start month after the end month is the year before.
        start = dt.date(y2 - 1, m1, d1)
    return _value(start, end, "day")


# ------------------------------------------------------------------------ builders


def _build_numeric(text: str, m: re.Match[str]) -> _Candidate:
    day = dt.date(_year(m["y"]), int(m["m"]), int(m["d"]))
    bonus, note = (0.05, " + 'г.'") if m["suf"] else (0.0, "")
    penalty = 0.05 if m["sep"] == "-" else 0.0
    return _candidate(
        m, _value(day, day, "day"), 0.9 + bonus - penalty, f"numeric date d{m['sep']}m{m['sep']}yyyy{note}"
    )


def _build_iso(text: str, m: re.Match[str]) -> _Candidate:
    day = dt.date(_year(m["y"]), int(m["m"]), int(m["d"]))
    return _candidate(m, _value(day, day, "day"), 0.9, "ISO date yyyy-mm-dd")


def _build_roman(text: str, m: re.Match[str]) -> _Candidate:
    day = dt.date(_year(m["y"]), _ROMAN_MONTHS[m["m"]], int(m["d"]))
    bonus, note = (0.05, " + 'г.'") if m["suf"] else (0.0, "")
    return _candidate(m, _value(day, day, "day"), 0.9 + bonus, f"date with a Roman month{note}")


def _build_named(text: str, m: re.Match[str]) -> _Candidate:
    day = dt.date(_year(m["y"]), _month(m["m"]), int(m["d"]))
    bonus, note = (0.05, " + 'г.'") if m["suf"] else (0.0, "")
    return _candidate(m, _value(day, day, "day"), 0.9 + bonus, f"day + month name + year{note}")


def _build_numeric_range(text: str, m: re.Match[str]) -> _Candidate:
    y1 = _year(m["y1"]) if m["y1"] else None
    value = _day_range(int(m["d1"]), _opt_int(m["m1"]), y1, int(m["d2"]), int(m["m2"]), _year(m["y2"]))
    bonus, note = _suffix_note(m, "s1", "s2")
    return _candidate(m, value, 0.9 + bonus, f"numeric day range{note}")


def _build_named_range(text: str, m: re.Match[str]) -> _Candidate | None:
    y1 = _year(m["y1"]) if m["y1"] else None
    m1 = _month(m["m1"]) if m["m1"] else None
    value = _day_range(int(m["d1"]), m1, y1, int(m["d2"]), _month(m["m2"]), _year(m["y2"]))
    bonus, note = _suffix_note(m, "s1", "s2")
    if m["and"]:
        # "28 и 29 септември" lists two days; only consecutive ones are exactly an interval.
        if (value.end - value.start).days != 1:
            return None
        note += ", two consecutive days"
    return _candidate(m, value, 0.9 + bonus, f"day range with month names{note}")


def _build_month_range(text: str, m: re.Match[str]) -> _Candidate:
    y2 = _year(m["y2"])
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    y1 = _year(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
    start, _ = _month_span(y1, m1)
    _, end = _month_span(y2, m2)
    bonus, note = _suffix_note(m, "s1", "s2")
    return _candidate(m, _value(start, end, "month"), 0.85 + bonus, f"month range{note}")


def _build_month_year(text: str, m: re.Match[str]) -> _Candidate | None:
    start, end = _month_span(_year(m["y"]), _month(m["m"]))
    bonus, note = _suffix_note(m, "suf")
    if m["split"]:
        if not m["suf"]:
            return None
        bonus, note = bonus - 0.2, note + ", split by a blank line"
    return _candidate(m, _value(start, end, "month"), 0.85 + bonus, f"month name + year{note}")


_UNIT_AFTER = re.compile(
    r"[ \t\u00a0]*(?:лв|лева|bgn|eur|евро|€|\$|%|хил|млн|млрд|души|човек|участни|бр\.|броя|км|кг|тона)",
    re.IGNORECASE,
)


def _build_year_range(text: str, m: re.Match[str]) -> _Candidate | None:
    connector = text[m.end("y1") if not m["s1"] else m.end("s1") : m.start("y2")].strip().lower()
    if connector == "и" and (m["fr"] or "").lower() != "между":
        return None  # "2018 и 2019 г." are two years, not a range
    suffixed = _has(m, "s1", "s2")
    if not suffixed and _UNIT_AFTER.match(text, m.end()):
        return None  # "от 1950 до 2000 лв." is an amount
    y1, y2 = _year(m["y1"]), _year(m["y2"])
    value = _value(dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year")
    if suffixed:
        return _candidate(m, value, 0.8, "year range + 'г.'")
    return _candidate(m, value, 0.65, "year range")


def _build_year(text: str, m: re.Match[str]) -> _Candidate:
    y = _year(m["y"])
    return _candidate(m, _value(dt.date(y, 1, 1), dt.date(y, 12, 31), "year"), 0.8, "year + 'г.'")


_TEMPORAL_BEFORE = re.compile(
    r"(?<!\w)(?:през|от|до|в|във|след|преди|към|since|in|дата:?)[ \t\u00a0]+$", re.IGNORECASE
)
_LINE_START_BEFORE = re.compile(r"(?:^|\n)[ \t\u00a0]*(?:[-\u2013\u2014\u2022*]+[ \t\u00a0]*)?$")
_NUMBER_RANGE_AFTER = _compile(rf"{_CONN}\d")
_NOT_YEAR_BEFORE = re.compile(
    r"(?:№|\bno\.?|\bnr\.?|\bбр\.|\bул\.|\bчл\.|\bал\.|\bстр\.|\bтел\.?|\bп\.\s?к\.|\bпк|\bкод"
    r"|\bофис|\bет\.|\bкв\.|\bбл\.)[ \t\u00a0]*$",
    re.IGNORECASE,
)


def _build_bare_year(text: str, m: re.Match[str]) -> _Candidate | None:
    """A year with no "г." is only believed in a telling context, never after a city name
    alone ("София 1934" is a postcode) or before a unit ("2000 лв.")."""
    start, end = m.start(), m.end()
    before = text[max(0, start - 16) : start]
    after = text[end : end + 1]
    if _NOT_YEAR_BEFORE.search(before) or _UNIT_AFTER.match(text, end):
        return None
    if _NUMBER_RANGE_AFTER.match(text, end):
        return None  # one end of "от 1950 до 2000 лв.", which the year_range rule turned down
    if re.search(r"\d[ \t\u00a0]*$", before) or re.match(r"[ \t\u00a0]*\d", text[end : end + 3]):
        return None  # a digit group of a phone number or an amount: "0888 2020 30"
    if after == ")" and (before.endswith("(") or before.endswith(", ")):
        confidence, why = 0.55, "bare year in brackets"
    elif _TEMPORAL_BEFORE.search(before):
        confidence, why = 0.5, "bare year after a temporal word"
    elif _LINE_START_BEFORE.search(before) and not after.isalpha():
        confidence, why = 0.45, "bare year opening a line"
    else:
        return None
    y = _year(m["y"], BARE_YEAR_MIN, BARE_YEAR_MAX)
    return _candidate(m, _value(dt.date(y, 1, 1), dt.date(y, 12, 31), "year"), confidence, why)


# --------------------------------------------------------------------------- rules

_FROM = rf"(?:(?P<fr>от){_SP1})?"
# Cheap first-character gate for the rules that open with a word: the regex engine rejects most
# positions on one character-class test instead of trying every month name there.
_WORD_GATE = "(?=[" + "".join(sorted({w[0] for w in [*_MONTHS, "от", "м."]})) + "])"

_RULES: list[_Rule] = [
    _Rule(
        "numeric_range",
        _compile(
            rf"(?=[\dоО]){_NB}{_FROM}(?P<d1>{_DAY})(?:(?P<sa>[./]){_H}?(?P<m1>{_MON})"
            rf"(?:(?P=sa){_H}?(?P<y1>{_YEAR})(?P<s1>{_SUFFIX})?)?)?\.?{_CONN}"
            rf"(?P<d2>{_DAY})(?P<sb>[./]){_H}?(?P<m2>{_MON})(?P=sb){_H}?(?P<y2>{_YEAR})"
            rf"(?P<s2>{_SUFFIX})?{_NE}"
        ),
        _build_numeric_range,
    ),
    _Rule(
        "named_range",
        _compile(
            rf"(?=[\dоО]){_NB}{_FROM}(?P<d1>{_DAY}){_ORD}(?:{_SP1}(?P<m1>{_MONTH})"
            rf"(?:{_MY}(?P<y1>{_YEAR})(?P<s1>{_SUFFIX})?)?)?(?:{_CONN}|(?P<and>{_SP1}и{_SP1}))"
            rf"(?P<d2>{_DAY}){_ORD}{_SP1}(?P<m2>{_MONTH}){_MY}(?P<y2>{_YEAR})(?P<s2>{_SUFFIX})?{_NE}"
        ),
        _build_named_range,
    ),
    _Rule(
        "month_range",
        _compile(
            rf"{_WORD_GATE}(?<!\w){_FROM}{_M_PREFIX}(?P<m1>{_MONTH})(?:{_MY}(?P<y1>{_YEAR})(?P<s1>{_SUFFIX})?)?"
            rf"{_CONN}{_M_PREFIX}(?P<m2>{_MONTH}){_MY}(?P<y2>{_YEAR})(?P<s2>{_SUFFIX})?{_NE}"
        ),
        _build_month_range,
    ),
    _Rule(
        "year_range",
        _compile(
            rf"(?=[\dоОмМ]){_NB}(?:(?P<fr>от|между){_SP1})?(?P<y1>{_YEAR})(?P<s1>{_SUFFIX})?"
            rf"(?:{_CONN}|{_SP}/{_SP}|{_SP1}и{_SP1})(?P<y2>{_YEAR})(?P<s2>{_SUFFIX})?{_NE}"
        ),
        _build_year_range,
    ),
    _Rule(
        "numeric_date",
        _compile(
            rf"(?=\d){_NB_NUM}(?P<d>{_DAY})(?P<sep>[./-]){_H}?(?P<m>{_MON})(?P=sep){_H}?(?P<y>{_YEAR})"
            rf"(?P<suf>{_SUFFIX})?{_NE}"
        ),
        _build_numeric,
    ),
    _Rule(
        "iso_date",
        _compile(rf"(?=\d){_NB}(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])"),
        _build_iso,
    ),
    _Rule(
        "roman_date",
        _compile(
            rf"(?=\d){_NB}(?P<d>{_DAY})(?:\.{_H}?|{_H}+)(?P<m>{_ROMAN})(?:\.{_H}?|{_H}+)(?P<y>{_YEAR})"
            rf"(?P<suf>{_SUFFIX})?{_NE}"
        ),
        _build_roman,
    ),
    _Rule(
        "named_date",
        _compile(
            rf"(?=\d){_NB}(?P<d>{_DAY}){_ORD}{_SP1}(?P<m>{_MONTH}){_MY}(?P<y>{_YEAR})(?P<suf>{_SUFFIX})?{_NE}"
        ),
        _build_named,
    ),
    _Rule(
        "month_year",
        # A blank line between month and year is a page or column break inside "през април |
        # 2022 г." when the month ends its line; taken only with "г.", which vouches for the year.
        _compile(
            rf"{_WORD_GATE}(?<!\w){_M_PREFIX}(?P<m>{_MONTH})(?:{_MY}|(?P<split>{_H}*\r?\n{_H}*\r?\n{_H}*))"
            rf"(?P<y>{_YEAR})(?P<suf>{_SUFFIX})?{_NE}"
        ),
        _build_month_year,
    ),
    _Rule("year", _compile(rf"(?=\d){_NB}(?P<y>{_YEAR})(?P<suf>{_SUFFIX}){_NE}"), _build_year),
    _Rule("bare_year", _compile(rf"(?=\d){_NB}(?P<y>{_YEAR})(?!\w){_NE}"), _build_bare_year),
]

_WEEKDAY_AFTER = _compile(rf"{_H}*\({_SP}(?P<w>{_WEEKDAY}){_SP}\)|,{_SP}(?P<v>{_WEEKDAY})")
_WEEKDAY_BEFORE = _compile(rf"(?<!\w)(?P<w>{_WEEKDAY}),?{_H}+$")


def _with_weekday(text: str, c: _Candidate) -> _Candidate:
    """Fold a weekday written beside a single day into the mention and let it vote:
    agreement with the calendar is evidence, disagreement a warning sign."""
    if c.value.precision != "day" or c.value.start != c.value.end:
        return c
    start, end, name = c.start, c.end, None
    after = _WEEKDAY_AFTER.match(text, end)
    if after:
        end, name = after.end(), after["w"] or after["v"]
    else:
        window_start = max(0, start - 14)
        before = _WEEKDAY_BEFORE.search(text[window_start:start])
        if before:
            start, name = window_start + before.start(), before["w"]
    if name is None:
        return c
    if _WEEKDAYS[name.lower()] == c.value.start.weekday():
        return _Candidate(
            start, end, c.value, min(c.confidence + 0.04, 0.99), c.explanation + ", weekday agrees"
        )
    return _Candidate(start, end, c.value, c.confidence - 0.3, c.explanation + ", weekday DISAGREES")


# -------------------------------------------------------------------------- finder


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for rule in _RULES:
        for m in rule.regex.finditer(text):
            try:
                c = rule.build(text, m)
            except (ValueError, KeyError):
                continue  # an impossible date ("31.02.2022") or an out-of-range year is no date
            if c is not None:
                c = replace(c, explanation=f"{rule.name}: {c.explanation}")
                found.append(_with_weekday(text, c))
    return found


def find_dates(text: str) -> list[Mention]:
    """Every date, month, year or range in ``text``, in text order, none overlapping.

    >>> [(m.text, str(m.value.start), str(m.value.end)) for m in find_dates("от 07.11 до 11.11. 2022")]
    [('от 07.11 до 11.11. 2022', '2022-11-07', '2022-11-11')]
    >>> [m.value.precision for m in find_dates("септември - октомври 2015 г.")]
    ['month']
    >>> find_dates("H2020-ICT-2018-20, 31.02.2022, 42.5, 10:30")
    []
    """
    # rules.overlap: a range beats the dates inside it (longer wins); rule order breaks ties
    chosen = resolve_overlaps(_candidates(text))
    return [mention(text, c.start, c.end, "date", c.value, c.confidence, c.explanation) for c in chosen]
