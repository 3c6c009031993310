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
        ("Концертът събра 150 души", 150),
        ("Фестивалът посетиха 5 хил. души", 5000),
        ("във форума се включиха пет хиляди души", 5000),
        ("на срещата присъстваха 5-ма представители", 5),
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
    without = find_counts("По проекта работят пет членове на клъстера")[0].confidence
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
        (25, None, None),  # двадесет и пет юридически лица ... учредиха сдружението
        (25, None, None),  # консорциум по ЗЗД - 25 юридически лица
        (7, 6, None),
        (6, 5, None),
        (7, 5, None),
        (5, 5, None),
        (6, 4, None),
        (4, 4, None),
        (None, None, 20),  # с участие на 20 клъстерни членове
        (None, None, 4),  # с участието на 4 компании от Тайван
        (None, None, 4),  # ... и 4 фирми от Европа (same sentence: they take part too)
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


# ------------------------------------------------- the general rule: number + head noun


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("В обучението участваха 32 ученици от трите паралелки.", 32),
        ("На форума присъстваха над 120 участници от цялата страна.", 120),
        ("Чрез проекта ще бъдат обучени 40 безработни лица.", 40),
        ("В лагера по проекта се включиха 15 младежи.", 15),
        ("Двадесет доброволци почистиха парка.", 20),
        ("На откриването дойдоха около 50 души.", 50),
        ("Консултациите по проекта обхванаха 18 възрастни хора.", 18),
        ("Семинарът събра 25 учители от региона.", 25),
        ("В кампанията се включиха петнадесет медицински сестри.", 15),
        ("По проекта ще бъдат наети 12 лица с увреждания.", 12),
        ("Обучението завършиха 2 500 служители на общината.", 2500),
        ("На информационния ден дойдоха повече от 60 земеделски производители.", 60),
        ("В обменa участваха 30 студенти и 6 преподаватели.", 30),
    ],
)
def test_people_taking_part_are_participants(text: str, participants: int) -> None:
    assert counts(text)[0] == (None, None, participants)


def test_two_groups_of_people_in_one_sentence_are_two_counts() -> None:
    assert counts("В обменa участваха 30 студенти и 6 преподаватели.") == [(None, None, 30), (None, None, 6)]


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("Проектът се изпълнява в партньорство с 5 университета.", 5),
        ("Мрежата обединява 12 общини от Северозападна България.", 12),
        ("Партньори по проекта са седем организации.", 7),
        ("В проекта участват три училища и една детска градина.", 3),
        ("Споразумение за сътрудничество подписаха 4 читалища.", 4),
        ("Проектът се реализира от 6 неправителствени организации.", 6),
        ("Осем общини-партньори ще изградят общ туристически маршрут.", 8),
    ],
)
def test_institutions_joined_in_a_project_are_partners(text: str, partners: int) -> None:
    assert counts(text) == [(partners, None, None)]


def test_institutions_from_several_countries_give_partners_and_countries() -> None:
    assert counts("Консорциумът включва 9 университета от 5 държави.") == [(9, 5, None)]


def test_institutions_at_an_event_are_participants() -> None:
    assert counts("В изложението участваха 14 фирми от шест държави.") == [(None, None, 14)]


@pytest.mark.parametrize(
    "text",
    [
        "Услугата се предоставя в 12 общини.",  # place
        "Закупено е оборудване за 30 училища.",  # purpose
        "Пет компании тестват нова ваксина.",  # neither a project nor an event
        "Майка на четири деца получи награда.",  # a parent's children
        "Общината е с население от 8 000 души.",  # population
        "Починалите за денонощието са 12 души.",  # casualties
        "Всяка община изпраща по 2 представители.",  # distributive
        "9 от 10 души одобряват мярката.",  # a denominator
        "Заболеваемостта е 120 на 100 000 души.",  # a rate
        "Залата побира 150 души.",  # capacity, no event or project
        "Клъстерът има 45 членове.",  # a membership, not an audience
        "Кандидатът получи гласовете на 306 делегати.",  # an election
        "Един участник сподели впечатленията си.",  # the indefinite article
        "Учебната година започна в 2-ри клас.",  # an ordinal
        "Обучението продължи 3 месеца и 5 дни.",  # durations
        "Стойността е 25 000 лв., от които 20 % съфинансиране.",  # money and a share
        "Вижте стр. 12 участници в таблицата.",  # a page reference
        "През 2019 г. бяха 2020 посетителите на сайта.",  # a year and a definite noun
        "Проектът продължава 24 месеца.",  # a duration
        "През 5 години участници от цяла Европа идват тук.",  # years are not an adjective
    ],
)
def test_not_a_count_of_people_or_institutions(text: str) -> None:
    assert find_counts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Брой участници: 45", (None, None, 45)),
        ("Общият брой на участниците е 120.", (None, None, 120)),
        ("Брой партньори – 6", (6, None, None)),
        ("брой на обучените безработни лица: 38", (None, None, 38)),
    ],
)
def test_labelled_count_fields(text: str, expected: tuple) -> None:
    assert counts(text) == [expected]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("На срещата присъстваха над 40 представители.", "over"),
        ("В обучението участваха повече от 30 учители.", "over"),
        ("На събитието дойдоха около 50 души.", "about"),
        ("Във всяко обучение участват до 20 участници.", "under"),
        ("Лагерът събра близо стотина деца.", "about"),
    ],
)
def test_qualifier_is_explained(text: str, qualifier: str) -> None:
    (m,) = find_counts(text)
    assert qualifier in m.explanation


def test_approximate_number_words_count() -> None:
    assert counts("В работилницата се включиха десетина младежи.") == [(None, None, 10)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Продължителност: 12 месеца\nУчастници: 45\nМясто: Габрово", (None, None, 45)),
        ("- Партньори: 6", (6, None, None)),
        ("Училища: 12", (12, None, None)),
    ],
)
def test_a_field_line_with_only_a_number_is_a_count(text: str, expected: tuple) -> None:
    assert counts(text) == [expected]


def test_a_field_line_listing_names_is_no_count() -> None:
    assert find_counts("Партньори: Община Габрово, Сдружение „Бъдеще“") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Участниците в обучението бяха 25.", (None, None, 25)),
        ("Участниците във форума са над 300 от 12 държави.", (None, None, 300)),
        ("Партньорите по проекта са седем.", (7, None, None)),
    ],
)
def test_people_named_first_and_counted_after_the_verb(text: str, expected: tuple) -> None:
    assert counts(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Участниците бяха 5 пъти повече от миналата година.",  # a ratio
        "Служителите на фирмата са 120.",  # staff, no event or project
        "Учениците са 3 групи по 12.",  # groups
    ],
)
def test_a_number_after_the_verb_that_is_no_head_count(text: str) -> None:
    assert find_counts(text) == []


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        ("Целева група: 30 безработни лица над 50-годишна възраст", 30),
        ("Консултирани бяха 85 земеделски стопани.", 85),
        ("Подкрепени са 40 възрастни хора в домовете им.", 40),
    ],
)
def test_a_target_group_counts_its_people(text: str, participants: int) -> None:
    assert counts(text) == [(None, None, participants)]


def test_a_labelled_multi_word_head_takes_the_article_on_its_first_word() -> None:
    assert counts("Брой на безработните лица: 38") == [(None, None, 38)]


def test_a_team_made_of_experts_in_a_project_counts_them() -> None:
    assert counts("Екипът на проекта се състои от 5 експерти.") == [(None, None, 5)]


def test_registered_people_are_participants() -> None:
    assert counts("В програмата са регистрирани 1 200 младежи.") == [(None, None, 1200)]


def test_a_sentence_ending_like_an_abbreviation_is_no_reference() -> None:
    # "бюджет." ends in "ет." as "ет. 3" (floor) does; only the abbreviation refers
    assert counts("Общината одобри бюджет. 12 общини участват в проекта.") == [(12, None, None)]
