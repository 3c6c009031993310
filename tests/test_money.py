"""Money finder: Bulgarian amounts in лв./евро -> MoneyValue (rules.money)."""

from __future__ import annotations

import math
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_extract.models import BGN_PER_EUR, MoneyValue
from bulletin_extract.rules.money import find_money

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "issue8.txt"


def values(text: str) -> list[tuple[float, str, str]]:
    out = []
    for m in find_money(text):
        assert isinstance(m.value, MoneyValue)
        out.append((m.value.amount, m.value.currency, m.value.qualifier))
    return out


def only(text: str) -> MoneyValue:
    found = find_money(text)
    assert len(found) == 1, found
    assert isinstance(found[0].value, MoneyValue)
    return found[0].value


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("484 хил. лв.", 484_000, "BGN"),
        ("1,952 млн. евро", 1_952_000, "EUR"),  # with a scale word the comma is decimal
        ("42.5 хил. евро", 42_500, "EUR"),
        ("450 х. евро", 450_000, "EUR"),
        ("294,5 хил. евро", 294_500, "EUR"),
        ("3 млн. евро", 3_000_000, "EUR"),
        ("1,5 млрд. лв.", 1_500_000_000, "BGN"),
        ("25 000 евро", 25_000, "EUR"),
        ("12 000 лева", 12_000, "BGN"),
        ("12 000 BGN", 12_000, "BGN"),
        ("€ 1 500", 1_500, "EUR"),
        ("1 500 €", 1_500, "EUR"),
        ("1500 EUR", 1_500, "EUR"),
        ("EUR 1 500", 1_500, "EUR"),
        ("12\u00a0000 лв.", 12_000, "BGN"),  # non-breaking space groups thousands
        ("12\u202f000 лв.", 12_000, "BGN"),  # thin space too
        ("1.500.000 лв.", 1_500_000, "BGN"),
        ("1 234,56 лв.", 1234.56, "BGN"),
        ("1,234.56 EUR", 1234.56, "EUR"),
        ("1.234,56 лв.", 1234.56, "BGN"),
        ("500лв.", 500, "BGN"),
        ("484хил.лв.", 484_000, "BGN"),
        ("484 хил.лв.", 484_000, "BGN"),
        ("500 ЛВ.", 500, "BGN"),
        ("50 хиляди лева", 50_000, "BGN"),
        ("2 милиона евро", 2_000_000, "EUR"),
        ("два милиона лева", 2_000_000, "BGN"),
        ("сто двадесет и три евро", 123, "EUR"),
    ],
)
def test_amount_and_currency(text: str, amount: float, currency: str) -> None:
    value = only(text)
    assert (value.amount, value.currency, value.qualifier) == (amount, currency, "exact")


def test_comma_and_three_digits_without_scale_groups_thousands() -> None:
    """The documented rule: "1,952 лв." is 1952 лв., read with lower confidence."""
    found = find_money("1,952 лв.")
    assert [m.value.amount for m in found] == [1952]
    assert found[0].confidence < find_money("1 952 лв.")[0].confidence


def test_comma_and_two_digits_without_scale_is_decimal() -> None:
    assert only("1,95 лв.").amount == 1.95


def test_comma_with_scale_is_decimal_even_with_three_digits() -> None:
    assert only("1,952 млн. лв.").amount == 1_952_000


@pytest.mark.parametrize(
    ("text", "qualifier", "amount"),
    [
        ("над 8,2 млн. лв.", "over", 8_200_000),
        ("повече от 5 000 лв.", "over", 5000),
        ("до 50 000 лв.", "under", 50_000),
        ("не повече от 5 000 лв.", "under", 5000),
        ("около 2 млн. евро", "about", 2_000_000),
        ("приблизително 300 хил. евро", "about", 300_000),
    ],
)
def test_qualifier_before_amount(text: str, qualifier: str, amount: float) -> None:
    value = only(text)
    assert (value.qualifier, value.amount) == (qualifier, amount)


def test_qualifier_is_part_of_the_mention_text() -> None:
    assert find_money("обща стойност над 8,2 млн. лв., от които")[0].text == "над 8,2 млн. лв."


def test_amount_in_both_currencies_gives_two_mentions() -> None:
    assert values("97 791,50 лева (50 000 евро)") == [(97791.5, "BGN", "exact"), (50000, "EUR", "exact")]


def test_range_lower_end_borrows_currency() -> None:
    assert values("от 50 000 до 100 000 лв.") == [(50_000, "BGN", "over"), (100_000, "BGN", "under")]


def test_range_lower_end_borrows_scale_word() -> None:
    assert values("100 - 200 хил. лв.") == [(100_000, "BGN", "over"), (200_000, "BGN", "under")]


def test_year_before_amount_is_not_a_range() -> None:
    assert values("през 2019 - 500 лв.") == [(500, "BGN", "exact")]


def test_bgn_converted_to_eur_at_the_fixed_rate() -> None:
    value = only("1 955,83 лв.")
    assert value.amount_eur == round(1955.83 / BGN_PER_EUR, 2) == 1000.0


def test_eur_amount_is_its_own_eur_value() -> None:
    assert only("248 хил. евро").amount_eur == 248_000


def test_mention_text_is_the_text_slice() -> None:
    text = "Проектът е с бюджет от 484 хил. лв. в т.ч. безвъзмездна помощ от 387 хил. лв."
    for m in find_money(text):
        assert text[m.start : m.end] == m.text
    assert [m.text for m in find_money(text)] == ["484 хил. лв.", "387 хил. лв."]


def test_scale_word_and_currency_is_the_strongest_evidence() -> None:
    strong = find_money("484 хил. лв.")[0].confidence
    plain = find_money("484 лв.")[0].confidence
    words = find_money("два милиона лева")[0].confidence
    assert strong > plain > words


@pytest.mark.parametrize(
    "text",
    [
        "от 6 европейски страни",
        "2018 - 2019 г.",
        "22.12.2022 г.",
        "19.12.2016 г.",
        "BG16RFOP002-2.009",
        "H2020-ICT-2018-20/H2020-ICT-2019-2",
        "2022-1-DE02-KA220-VET-000089396",
        "60 високотехнологични стартапи",
        "20 клъстерни членове",
        "ул. Цар Калоян 8, ет.2, офис 11-12",
        "50 %",
        "Индустрия 4.0",
        "5 хил. души",
        "Илия Левков",
        "еврото и европейските фондове",
        "хиляди лева",  # vague, no number
    ],
)
def test_not_money(text: str) -> None:
    assert find_money(text) == []


def test_every_amount_in_the_sample_bulletin() -> None:
    text = SAMPLE.read_text("utf-8")
    assert values(text) == [
        (8_200_000, "BGN", "over"),
        (1_300_000, "BGN", "over"),
        (484_000, "BGN", "exact"),
        (387_000, "BGN", "exact"),
        (97_000, "BGN", "exact"),
        (1_952_000, "EUR", "exact"),
        (248_000, "EUR", "exact"),
        (190_000, "EUR", "exact"),
        (32_000, "EUR", "exact"),
        (294_500, "EUR", "exact"),
        (42_500, "EUR", "exact"),
        (450_000, "EUR", "exact"),
        (62_000, "EUR", "exact"),
        (315_600, "EUR", "exact"),
        (40_200, "EUR", "exact"),
        (250_000, "EUR", "exact"),
        (45_600, "EUR", "exact"),
    ]


# ------------------------------------------------------------------ properties

_PIECES = st.sampled_from(
    [
        " ",
        "\u00a0",
        "\u202f",
        "\n",
        ",",
        ".",
        "-",
        "–",
        "(",
        ")",
        "%",
        "€",
        "1",
        "5",
        "000",
        "952",
        "лв.",
        "лв",
        "лева",
        "евро",
        "EUR",
        "BGN",
        "хил.",
        "х.",
        "млн.",
        "млрд.",
        "милиона",
        "хиляди",
        "над",
        "до",
        "около",
        "от",
        "два",
        "двадесет",
        "и",
        "пет",
        "сто",
        "европейски",
        "ЛВ.",
        "г.",
    ]
)
_TEXTS = st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=25).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_property_any_text_gives_valid_anchored_amounts(text: str) -> None:
    found = find_money(text)
    for m in found:
        assert m.text == text[m.start : m.end]
        assert isinstance(m.value, MoneyValue)
        assert math.isfinite(m.value.amount) and m.value.amount >= 0
        assert math.isfinite(m.value.amount_eur) and m.value.amount_eur >= 0
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert find_money(text) == found


def test_range_with_mezhdu_borrows_currency_and_scale() -> None:
    assert values("между 50 и 100 хил. лв.") == [(50_000, "BGN", "over"), (100_000, "BGN", "under")]
