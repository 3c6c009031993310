"""Entities that are names: model hits need evidence, headings, labels and addresses are never names."""

from __future__ import annotations

import pytest

from bulletin_extract.models import EntityValue, Mention
from bulletin_extract.rules.gazetteer import find_entities
from bulletin_extract.rules.name_evidence import keep_names, model_evidence, not_a_name

KIND = {"ORG": "org", "PER": "person", "LOC": "location"}


def hit(text: str, surface: str, label: str, abbreviation: str | None = None) -> Mention:
    start = text.index(surface)
    return Mention(
        kind=KIND[label],  # type: ignore[arg-type]
        text=surface, start=start, end=start + len(surface), source="ner", confidence=0.6,
        value=EntityValue(name=surface, label=label, abbreviation=abbreviation),  # type: ignore[arg-type]
    )  # fmt: skip


def kept(text: str, surface: str, label: str) -> bool:
    names, _ = keep_names(text, [hit(text, surface, label)])
    return bool(names)


# ---------------------------------------------------------------- model evidence


def test_table_heading_from_the_model_is_no_organisation() -> None:
    assert not kept("Очаквани резултати и срок на проекта", "Очаквани резултати", "ORG")


def test_model_organisation_with_an_organisation_word_is_kept() -> None:
    text = "Решението подкрепи Регионален център за развитие на Добруджа."
    assert model_evidence(text, hit(text, "Регионален център за развитие", "ORG")) == "organisation word"


def test_model_abbreviation_is_kept() -> None:
    assert kept("Консултации с НАП и общините.", "НАП", "ORG")


def test_abbreviation_of_a_law_is_no_organisation() -> None:
    text = "Законът за защита на личните данни (ЗЗЛД) се прилага. Според ЗЗЛД всеки има право."
    assert not kept(text, "ЗЗЛД", "ORG")


def test_person_needs_a_person_shape() -> None:
    text = "Ценности: Прозрачност Отчетност. Говори Боян Колев."
    assert not kept(text, "Прозрачност Отчетност", "PER")
    assert kept(text, "Боян Колев", "PER")


def test_lone_surname_is_a_person() -> None:
    assert kept("Уважаема госпожо Стоянова, благодарим.", "Стоянова", "PER")


def test_place_from_the_model_needs_a_place_word() -> None:
    text = "Виж Стратегия за развитие; среща в град Алкмар."
    assert not kept(text, "Стратегия", "LOC")
    assert kept(text, "Алкмар", "LOC")


def test_item_of_a_list_with_a_sure_name_is_kept() -> None:
    text = "Членове: Алфа Софт, Бета Консулт, БАН."
    lists = [(text.index("Алфа"), len(text) - 1, True)]
    assert model_evidence(text, hit(text, "Бета Консулт", "ORG"), lists) == "item of a list of names"


# --------------------------------------------------------------- never a name


@pytest.mark.parametrize(
    ("text", "surface", "reason"),
    [
        ("Обособена позиция 2 – доставка на оборудване", "Обособена позиция 2", "numbered heading"),
        ("Приоритетна ос 3: Регионална политика", "Приоритетна ос 3", "numbered heading"),
        ("Дейност 4 – информиране", "Дейност 4", "numbered heading"),
        ("Бенефициент: Община Тервел", "Бенефициент", "field label"),
        ("Офис: бул. „Христо Ботев“ 12, Пловдив", "Христо Ботев", "address"),
        ("адрес: ул. Васил Левски 3", "Васил Левски", "address"),
        ("Г. Заключение и препоръки", "Г. Заключение", "lettered heading"),
        ("Обща рамка ........................ 12", "Обща рамка", "contents line"),
    ],
)
def test_headings_labels_and_addresses_are_never_names(text: str, surface: str, reason: str) -> None:
    start = text.index(surface)
    assert not_a_name(text, start, start + len(surface)) == reason


def test_initial_mid_sentence_is_not_a_heading() -> None:
    text = "Лекция изнесе проф. Б. Иванов от института."
    start = text.index("Б. Иванов")
    assert not_a_name(text, start, start + len("Б. Иванов")) is None


def test_numbered_school_is_a_name() -> None:
    assert not_a_name("ДЕТСКА ГРАДИНА № 4", 0, 18) is None


# --------------------------------------------------------------- rule finders


def ents(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.value.label) for m in find_entities(text)]  # type: ignore[union-attr]


def test_street_named_for_a_place_is_no_place() -> None:
    assert ents("Офисът е на бул. България 51.") == []


def test_sentence_run_on_is_not_part_of_an_organisation() -> None:
    assert ents("Община Русе в рамките на своята дейност подкрепя") == [("Община Русе", "ORG")]


def test_capitalised_adjective_and_organisation_noun_open_a_name() -> None:
    assert ents("Писмо от Български център за нестопанско право, София") == [
        ("Български център за нестопанско право", "ORG"), ("София", "LOC"),
    ]


def test_ordinal_adjective_opens_no_name() -> None:
    assert ents("Първият център за деца отвори врати.") == []


def test_kindergarten_number_closes_its_name() -> None:
    assert ents("Директорът на ДГ № 4 Слънце") == [("ДГ № 4", "ORG")]


def test_heading_in_capitals_wraps_at_a_joining_word() -> None:
    text = "ЦЕНТЪР ЗА ПОДКРЕПА НА ДЕЦАТА\n\nИ СЕМЕЙСТВАТА ОТ РЕГИОНА\n\nОПЕРАТИВНА ПРОГРАМА"
    assert ents(text) == [("ЦЕНТЪР ЗА ПОДКРЕПА НА ДЕЦАТА\n\nИ СЕМЕЙСТВАТА ОТ РЕГИОНА", "ORG")]


def test_company_name_starts_after_a_heading_in_capitals() -> None:
    assert ents("ПАРТНЬОРИ ПО ПРОЕКТА Брезово Агро ЕООД") == [("Брезово Агро ЕООД", "ORG")]


def test_person_in_capitals() -> None:
    assert ents("Подпис: БОЯН КОЛЕВ, директор") == [("БОЯН КОЛЕВ", "PER")]


def test_village_after_its_place_word() -> None:
    assert ents("фермата в с. Горно Поле днес") == [("Горно Поле", "LOC")]


def test_town_that_is_also_a_given_name_needs_a_place_word() -> None:
    assert ents("Елена прочете доклада.") == []
    assert ents("Среща в гр. Елена.") == [("Елена", "LOC")]


def test_foreign_town_after_a_locative_preposition_is_a_place() -> None:
    assert kept("Екипът пътува до Алкмар през май.", "Алкмар", "LOC")


def test_document_word_after_a_preposition_is_no_place() -> None:
    text = "Мерките са описани в Доклада. Този доклад е одобрен."
    assert not kept(text, "Доклада", "LOC")


def test_quoted_title_is_no_organisation() -> None:
    assert ents("проект с наименование „Регионален център за дигитални умения“ стартира") == []
