"""Count finder: partners, countries and participants -> CountValue (rules.counts)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_extract.models import CountValue
from bulletin_extract.rules.counts import find_counts

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "issue8.txt"


def counts(text: str) -> list[tuple[int | None, int | None, int | None]]:
    out = []
    for m in find_counts(text):
        assert isinstance(m.value, CountValue)
        out.append((m.value.partners, m.value.countries, m.value.participants))
    return out


@pytest.mark.parametrize(
    ("text", "partners", "countries"),
    [
        ("Реализиран е от седем партньора от 6 европейски страни", 7, 6),
        ("Реализира се от 6 партньора от 5 европейски страни", 6, 5),
        ("Реализира се от четири партньора от четири европейски страни", 4, 4),
        ("Реализира се от шест партньора от четири европейски страни", 6, 4),
        ("проектът има 5 партньора", 5, None),
        ("консорциум от 9 организации", 9, None),
        ("консорциум от 9 организации от 5 държави", 9, 5),
        ("договор за консорциум по ЗЗД - 25 юридически лица", 25, None),
        ("с 12 чуждестранни партньори", 12, None),
    ],
)
def test_partners_and_countries(text: str, partners: int, countries: int | None) -> None:
    assert counts(text) == [(partners, countries, None)]


def test_partners_and_countries_are_one_mention_spanning_both() -> None:
    text = "Реализиран е от седем партньора от 6 европейски страни и приключи"
    [m] = find_counts(text)
    assert m.text == "седем партньора от 6 европейски страни"
    assert text[m.start : m.end] == m.text


def test_countries_without_partner_number() -> None:
    assert counts("партньори от 12 държави") == [(None, 12, None)]


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("Участие взеха двама членове на клъстера", 2),
        ("Участие взеха пет членове на клъстера", 5),
        ("Участва един член на клъстера", 1),
        ("с участие на 20 клъстерни членове", 20),
        ("над 100 участници", 100),
        ("150 души", 150),
        ("5 хил. души", 5000),
        ("пет хиляди души", 5000),
        ("5-ма представители", 5),
        ("с участието на 3 компании от Тайван", 3),
    ],
)
def test_participants(text: str, participants: int) -> None:
    assert counts(text) == [(None, None, participants)]


def test_qualifier_kept_in_mention_text() -> None:
    [m] = find_counts("присъстваха над 100 участници")
    assert m.text == "над 100 участници"
    assert "over" in m.explanation


def test_participation_cue_raises_confidence() -> None:
    with_cue = find_counts("Участие взеха пет членове на клъстера")[0].confidence
    without = find_counts("Клъстерът има пет членове")[0].confidence
    assert with_cue > without


@pytest.mark.parametrize(
    "text",
    [
        "навърши 6 години от създаването си",
        "по време на 7-то Изложение за Югоизточна Европа",
        "подпомагане на 60 високотехнологични стартапи",
        "съвместен проект на двете организации",
        "Легранд ЕООД, един от световните лидери",
        "от 6 европейски страни",  # countries with no partner noun before them
        "ет.2, офис 11-12",
        "484 хил. лв.",
    ],
)
def test_not_a_count(text: str) -> None:
    assert find_counts(text) == []


def test_every_count_in_the_sample_bulletin() -> None:
    assert counts(SAMPLE.read_text("utf-8")) == [
        (25, None, None),  # консорциум по ЗЗД - 25 юридически лица
        (7, 6, None),
        (6, 5, None),
        (7, 5, None),
        (5, 5, None),
        (6, 4, None),
        (4, 4, None),
        (None, None, 20),  # с участие на 20 клъстерни членове
        (None, None, 4),  # с участието на 4 компании от Тайван
        (None, None, 3),  # с участието на 3 компании от Тайван
        (None, None, 2),  # двама членове на клъстера
        (None, None, 5),  # пет членове на клъстера
        (None, None, 1),  # един член на клъстера
    ]


# ------------------------------------------------------------------ properties

_PIECES = st.sampled_from(
    [
        " ",
        "\n",
        "-",
        ",",
        ".",
        "от",
        "на",
        "и",
        "над",
        "6",
        "20",
        "1 500",
        "5-ма",
        "седем",
        "двама",
        "двадесет",
        "пет",
        "хил.",
        "партньора",
        "партньори",
        "европейски",
        "страни",
        "държави",
        "членове",
        "член",
        "клъстерни",
        "души",
        "участници",
        "консорциум",
        "организации",
        "участие",
    ]
)
_TEXTS = st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=25).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_property_any_text_gives_valid_anchored_counts(text: str) -> None:
    found = find_counts(text)
    for m in found:
        assert m.text == text[m.start : m.end]
        assert isinstance(m.value, CountValue)
        numbers = [m.value.partners, m.value.countries, m.value.participants]
        assert any(n is not None for n in numbers)
        assert all(n >= 0 for n in numbers if n is not None)
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert find_counts(text) == found


def test_countries_of_an_audience_are_not_partner_countries() -> None:
    assert counts("Над 200 участници от 15 държави") == [(None, None, 200)]


def test_partners_named_as_a_list_of_organisations() -> None:
    (m,) = find_counts("Партньори са девет организации от 7 европейски страни.")
    assert (m.value.partners, m.value.countries) == (9, 7)  # type: ignore[union-attr]


def test_consortium_members_after_a_verb() -> None:
    (m,) = find_counts("В консорциума участват 5 организации от 4 държави.")
    assert (m.value.partners, m.value.countries) == (5, 4)  # type: ignore[union-attr]
