"""Organisations, people and places: gazetteer hits, abbreviation definitions, shape rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_extract.rules.gazetteer import find_entities

SEPARATOR = "\n|\n"  # no rule reads across it


def ents(text: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.text, m.value.name) for m in find_entities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("представители на БСК", ("org", "БСК", "Българска стопанска камара")),
        ("представители на БТПП", ("org", "БТПП", "Българска търговско-промишлена палата")),
        ("с АИКБ", ("org", "АИКБ", "Асоциация на индустриалния капитал в България")),
        ("срещи в БАН между", ("org", "БАН", "Българска академия на науките")),
        ("Николов (УНИБИТ)", ("org", "УНИБИТ", "Университет по библиотекознание и информационни технологии")),
        ("и Столична община", ("org", "Столична община", "Столична община")),
        ("от Европейската комисия", ("org", "Европейската комисия", "Европейска комисия")),
        ("финансиране от EISMEA", ("org", "EISMEA", "European Innovation Council and SMEs Executive Agency")),
        ("среща в Община Тервел", ("org", "Община Тервел", "Община Тервел")),
        ("в Пловдивската област", ("location", "Пловдивската област", "Пловдивска област")),
        ("от гр. Тутракан", ("location", "Тутракан", "Тутракан")),
        ("от Пловдивската община", ("org", "Пловдивската община", "Община Пловдив")),
        ("на Агенцията по заетостта", ("org", "Агенцията по заетостта", "Агенция по заетостта")),
        ("в ТУ-София", ("org", "ТУ-София", "Технически университет - София")),
        ("от ИАНМСП", ("org", "ИАНМСП", "Изпълнителна агенция за насърчаване на малките и средните предприятия")),
        ("в Сингапур", ("location", "Сингапур", "Сингапур")),
        ("в САЩ", ("location", "САЩ", "САЩ")),
        ("в Ню Йорк", ("location", "Ню Йорк", "Ню Йорк")),
        ("Солун (2017)", ("location", "Солун", "Солун")),
        ("в Хонгконг", ("location", "Хонгконг", "Хонконг")),
        ("Cluj-Napoca, Romania", ("location", "Cluj-Napoca", "Клуж-Напока")),
    ],
)
def test_gazetteer_hit_maps_to_canonical_name(text: str, expected: tuple[str, str, str]) -> None:
    assert ents(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [("Partnership в СИНГАПУР - в", "Сингапур"), ("в КАНАДА - в", "Канада"), ("СТОЛИЧНА ОБЩИНА", "Столична община")],
)
def test_gazetteer_matches_upper_case_forms(text: str, name: str) -> None:
    assert [e[2] for e in ents(text)] == [name]


def test_gazetteer_hit_is_from_gazetteer_with_abbreviation() -> None:
    (m,) = find_entities("Поздрав от БТПП.")
    assert (m.source, m.value.label, m.value.abbreviation, m.confidence) == ("gazetteer", "ORG", "БТПП", 0.9)


def test_cyrillic_lookalike_abbreviation_matches_latin_entry() -> None:
    assert ents("данни на агенцията (ЕЕА)")[-1] == (
        "org",
        "ЕЕА",
        "European Environment Agency",
    )


@pytest.mark.parametrize("text", ["лом и бан", "Бан", "бяла стена", "лион"])
def test_wrong_case_is_not_a_gazetteer_hit(text: str) -> None:
    assert find_entities(text) == []


def test_abbreviation_defined_in_text_names_the_long_form_and_later_uses() -> None:
    text = (
        "празника с Индустриален клъстер Електромобили (ИКЕМ), подкрепени от фирма. "
        "Председателят на ИКЕМ откри тържеството."
    )
    found = [(m.text, m.value.name, m.value.abbreviation, m.confidence) for m in find_entities(text)]
    assert found == [
        ("Индустриален клъстер Електромобили", "Индустриален клъстер Електромобили", "ИКЕМ", 0.85),
        ("ИКЕМ", "Индустриален клъстер Електромобили", "ИКЕМ", 0.8),
        ("ИКЕМ", "Индустриален клъстер Електромобили", "ИКЕМ", 0.8),
    ]


def test_bare_abbreviation_before_its_definition_is_an_org() -> None:
    text = "Инициатива на КСГЗ.\nКлъстер София град на знанието (КСГЗ) навърши 6 години."
    assert ents(text)[0] == ("org", "КСГЗ", "Клъстер София град на знанието")


def test_abbreviation_of_a_non_organisation_is_not_an_org() -> None:
    assert find_entities("Development of green skills for better employability (DEGREBE) - проект") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("подкрепени от фирма Легранд ЕООД, един от", "Легранд ЕООД"),
        ("Техноком ООД", "Техноком ООД"),
        ("„Сиела Норма“ АД", "Сиела Норма АД"),
        ("и Хирон ЕАД", "Хирон ЕАД"),
        ("компании - Techman Robot Inc и", "Techman Robot Inc"),
        ("Chenlong Technology Co., Ltd и", "Chenlong Technology Co., Ltd"),
        ("Siemens GmbH", "Siemens GmbH"),
        ("и Mitac Information Technology Corporation (29", "Mitac Information Technology Corporation"),
    ],
)
def test_legal_form_makes_an_org(text: str, name: str) -> None:
    assert [(e[0], e[2]) for e in ents(text)] == [("org", name)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("учредено е сдружение „Зелена България“ през", "Зелена България"),
        ("подкрепа от фирма Легранд в", "Легранд"),
        ("партньорство с Асоциация за развитие на София, Телелинк", "Асоциация за развитие на София"),
        ("със Съвет по инвестиции към БТПП в рамките на", "Съвет по инвестиции към БТПП"),
        ("Клъстер Мехатроника и автоматизация подписа", "Клъстер Мехатроника"),
        ("с Taipei Computer Association и", "Taipei Computer Association"),
    ],
)
def test_shape_rules_find_organisations(text: str, name: str) -> None:
    assert [(e[0], e[2]) for e in ents(text)] == [("org", name)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("писмо от г-н Добри Митрев, Председател на", "Добри Митрев"),
        ("между академик Стефан Воденичаров и", "Стефан Воденичаров"),
        ("и проф. Богдан Угърчински. Зараждане", "Богдан Угърчински"),
        ("марка от проф. Б. Угърчински.", "Б. Угърчински"),
        ("д-р Иван Петров Директор", "Иван Петров"),
        ("инж. Мария Иванова", "Мария Иванова"),
        ("на ИКЕМ Илия Левков и", "Илия Левков"),
        ("колежка Радостина Симова от", "Радостина Симова"),
    ],
)
def test_people_after_titles_or_with_a_bulgarian_surname(text: str, name: str) -> None:
    assert ("person", name) in [(e[0], e[2]) for e in ents(text)]


def test_confidence_follows_evidence() -> None:
    text = "БТПП и Клъстер ИКТ (КИКТ) и Техноком ООД и Асоциация Дунав, гост."
    by_text = {m.text: m.confidence for m in find_entities(text)}
    assert by_text["БТПП"] > by_text["Клъстер ИКТ"] > by_text["Техноком ООД"] > by_text["Асоциация Дунав"]


def test_btpp_is_an_org_never_a_place() -> None:
    assert [m.kind for m in find_entities("Съвет по иновации към БТПП. БТПП")] == ["org", "org"]


def test_hyphenated_name_is_never_cut_at_the_hyphen() -> None:
    assert find_entities("участие на Телелинк Инфра-сървис и др.") == []
    assert find_entities("Тайван-ЕС") == []


@pytest.mark.parametrize(
    "text",
    [
        "Проектът е с бюджет от 484 хил. лв.",
        "Клъстерът разполага с изграден бранд, с графичен дизайн.",
        "Участие взеха двама членове на клъстера.",
        "Организиран е общ клъстерен щанд.",
    ],
)
def test_sentence_initial_capitalised_word_is_not_an_org(text: str) -> None:
    assert find_entities(text) == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=20))
def test_never_raises_and_is_offset_invariant(body: str, prefix: str) -> None:
    shifted_text = prefix + SEPARATOR + body
    offset = len(prefix) + len(SEPARATOR)
    plain = find_entities(body)
    shifted = [m for m in find_entities(shifted_text) if m.start >= offset]
    assert all(shifted_text[m.start : m.end] == m.text for m in shifted)
    # abbreviations defined in the prefix may add mentions; everything found alone stays found
    shifted_spans = {(m.start, m.end, m.text) for m in shifted}
    assert {(m.start + offset, m.end + offset, m.text) for m in plain} <= shifted_spans


def orgs(text: str) -> list[str]:
    return [m.text for m in find_entities(text) if m.kind == "org"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb after the proper name ends the organisation
        ("Вчера Община Елена обяви конкурс за кмет.", ["Община Елена"]),
        ("Днес Сдружение Балкан Трейл подписа договора с нас.", ["Сдружение Балкан Трейл"]),
        # a prepositional name keeps its noun, and an adjective takes its noun along
        ("Вчера Министерството на културата откри изложбата.", ["Министерството на културата"]),
        ("Вчера Асоциация на горските стопани проведе среща.", ["Асоциация на горските стопани"]),
        ("Вчера Съюз на пчеларите в България избра председател.", ["Съюз на пчеларите в България"]),
        # a one-capital name with lowercase words ends right there or is cut to its capital
        ("Партньор е Фондация Чиста вода, която ни помага.", ["Фондация Чиста вода"]),
        # a given name and a surname after the name are a person, not more of the name
        ("Кметът на Община Лом Пламен Стоянов приветства гостите.", ["Община Лом"]),
    ],
)
def test_an_organisation_name_stops_where_the_sentence_goes_on(text: str, expected: list[str]) -> None:
    assert orgs(text) == expected
