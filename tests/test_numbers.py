"""Bulgarian number words -> int (rules.numbers), shared by the money and count finders."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulletin_extract.rules.numbers import INTEGER_PATTERN, is_approximate, parse_integer, parse_number_words


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("един", 1),
        ("една", 1),
        ("едно", 1),
        ("два", 2),
        ("две", 2),
        ("двама", 2),
        ("трима", 3),
        ("четирима", 4),
        ("петима", 5),
        ("седем", 7),
        ("десет", 10),
        ("единадесет", 11),
        ("единайсет", 11),
        ("двадесет", 20),
        ("двайсет", 20),
        ("двадесет и пет", 25),
        ("тридесет", 30),
        ("сто", 100),
        ("сто и пет", 105),
        ("сто двадесет и три", 123),
        ("двеста", 200),
        ("петстотин", 500),
        ("хиляда", 1000),
        ("две хиляди", 2000),
        ("две хиляди петстотин", 2500),
        ("хиляда и петстотин", 1500),
        ("два милиона", 2_000_000),
        ("два милиона и триста хиляди", 2_300_000),
        ("един милион", 1_000_000),
    ],
)
def test_number_words_give_their_value(words: str, value: int) -> None:
    assert parse_number_words(words) == value


def test_number_words_are_case_insensitive_at_sentence_start() -> None:
    assert parse_number_words("Двадесет и пет") == 25


@pytest.mark.parametrize(
    "words",
    [
        "пет три",  # two units in a row
        "пет сто",  # rising order
        "десет пет",  # a teen takes no unit after it
        "хиляди",  # plural scale alone is vague ("хиляди хора")
        "хиляда хиляди",  # scales must fall
        "и пет",
        "двадесет и",
        "двете",  # definite form: refers back, not a count
        "двамата",
        "",
    ],
)
def test_word_salad_is_not_a_number(words: str) -> None:
    assert parse_number_words(words) is None


@pytest.mark.parametrize(
    ("token", "value"),
    [("7", 7), ("1 500", 1500), ("1\u00a0500", 1500), ("5-ма", 5), ("петима", 5), ("сто", 100)],
)
def test_integer_in_digits_or_words(token: str, value: int) -> None:
    assert parse_integer(token) == value


def test_integer_pattern_does_not_take_a_prefix_of_a_longer_word() -> None:
    found = [m.group() for m in re.finditer(INTEGER_PATTERN, "петимата и стотици", re.IGNORECASE)]
    assert found == []


def test_integer_pattern_skips_decimals_and_codes() -> None:
    found = [m.group() for m in re.finditer(INTEGER_PATTERN, "3,5 ет.2 ICT-2018", re.IGNORECASE)]
    assert found == []


@given(
    st.lists(st.sampled_from(["и", "пет", "сто", "двадесет", "хиляди", "хиляда", "милиона", "две", "x"])).map(
        " ".join
    )
)
def test_property_parse_never_raises_and_is_non_negative(words: str) -> None:
    value = parse_number_words(words)
    assert value is None or value >= 0


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("десетина", 10),
        ("двадесетина", 20),
        ("петдесетина", 50),
        ("стотина", 100),
        ("десетина хиляди", 10000),
    ],
)
def test_loose_round_numbers_give_their_round_value(words: str, value: int) -> None:
    assert parse_number_words(words) == value


@pytest.mark.parametrize("words", ["сто десетина", "двадесет и стотина", "пет десетина"])
def test_a_loose_round_number_never_ends_a_group(words: str) -> None:
    assert parse_number_words(words) is None


def test_a_loose_round_number_is_approximate_and_an_exact_one_is_not() -> None:
    assert (is_approximate("около стотина"), is_approximate("сто")) == (True, False)
