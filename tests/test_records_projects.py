"""Projects as real documents tell them: cards, labelled fields, list items, table rows,
narrative paragraphs and posters (bulletins invented for these tests, not copied).

Each test runs a small document through the whole pipeline (no NER) and checks one
behaviour of the project records.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bulletin_extract import extract
from bulletin_extract.models import Bulletin

D = dt.date


def _extract(tmp_path: Path, text: str, name: str = "doc.txt") -> Bulletin:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return extract(path, use_ner=False)


PROJECT_PAGE = """\
ДЪРВОДЕЛСКА РАБОТИЛНИЦА ЕТ „ИВАН ПЕТРОВ“
гр. Ловеч, ул. Търговска 15

Европейски проекти

Наименование на проекта: Модернизация на производствения процес в дървообработването

Програма „Конкурентоспособност и иновации в предприятията“ 2021-2027

Договор № BG16RFPR001-1.001-0123-C01

Обща стойност на проекта: 391 166,00 лв.

Размер на БФП: 273 816,20 лв.

Собствен принос: 117 349,80 лв.

Начало: 01.03.2024 г.
Край: 28.02.2026 г.

Проектът се изпълнява с финансовата подкрепа на Европейския съюз чрез Европейския фонд за регионално развитие.
"""


def test_a_labelled_title_field_is_the_title(tmp_path: Path) -> None:
    (project,) = _extract(tmp_path, PROJECT_PAGE).projects
    assert project.title == "Модернизация на производствения процес в дървообработването"


def test_publicity_labels_give_budget_grant_and_own_contribution(tmp_path: Path) -> None:
    (project,) = _extract(tmp_path, PROJECT_PAGE).projects
    assert project.budget is not None and (project.budget.amount, project.budget.currency) == (391_166.00, "BGN")
    assert project.grant is not None and project.grant.amount == 273_816.20
    assert project.co_financing is not None and project.co_financing.amount == 117_349.80


def test_start_and_end_labels_give_end_and_period(tmp_path: Path) -> None:
    (project,) = _extract(tmp_path, PROJECT_PAGE).projects
    assert project.end is not None and (project.end.start, project.end.precision) == (D(2026, 2, 28), "day")
    assert project.period is not None and (project.period.start, project.period.end) == (D(2024, 3, 1), D(2026, 2, 28))


def test_named_programme_wins_over_the_fund(tmp_path: Path) -> None:
    (project,) = _extract(tmp_path, PROJECT_PAGE).projects
    assert project.programme_id == "PCIP"
    assert project.codes == ["BG16RFPR001-1.001-0123-C01"]


def test_a_programming_period_is_never_the_project_end(tmp_path: Path) -> None:
    text = (
        "Общината изпълнява проект „Обновяване на читалище Светлина“ по Програма „Развитие на регионите“ "
        "2021-2027, с обща стойност на проекта 780 000 лв.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.title == "Обновяване на читалище Светлина"
    assert project.end is None and project.period is None


def test_eu_and_national_parts_make_the_grant(tmp_path: Path) -> None:
    text = (
        "Фирма Алфа ЕООД е бенефициент по проект BG16RFOP002-2.089-0456-C01 „Подкрепа за растеж на малкото "
        "предприятие“.\n\nОбщата стойност на проекта е 60 000,00 лв., от които 51 000,00 лв. европейско и "
        "9 000,00 лв. национално съфинансиране.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.budget is not None and project.budget.amount == 60_000
    assert project.grant is not None and (project.grant.amount, project.grant.currency) == (60_000, "BGN")
    assert project.co_financing is None


def test_a_bgn_eur_pair_is_one_amount(tmp_path: Path) -> None:
    text = (
        "Сдружение Бета реализира проект „Млади предприемачи“ по програма Еразъм+. Обща стойност: "
        "97 791,50 лв. (50 000 евро), от които БФП 83 122,78 лв. (42 500 евро).\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.budget is not None and (project.budget.amount, project.budget.currency) == (97_791.50, "BGN")
    assert project.grant is not None and (project.grant.amount, project.grant.currency) == (83_122.78, "BGN")
    assert project.co_financing is None and project.publisher_share is None


def test_a_duration_after_a_start_gives_the_period_but_no_stated_end(tmp_path: Path) -> None:
    text = (
        "Гама ООД изпълнява проект „Дигитален склад“ по Програма „Конкурентоспособност и "
        "иновации в предприятията“, договор BG16RFPR001-1.002-0077-C01.\n\nДата на стартиране: 15.04.2024 г.\n\nПродължителност на проекта: 18 месеца.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.end is None
    assert project.period is not None and (project.period.start, project.period.end) == (D(2024, 4, 15), D(2025, 10, 14))


CARDS_IN_A_PROJECTS_SECTION = """\
# Бюлетин на Община Примерно

## Проекти на общината

Проект „Ремонт на детска градина Слънце“

Код: BG16RFOP001-2.002-0031

Обща стойност: 1 250 000 лв.

Срок на изпълнение: 01.06.2023 – 30.11.2024

Проект „Улично осветление в квартал Изток“

Код: BG16RFOP001-1.034-0009

Обща стойност: 640 000 лв.
"""


def test_card_lines_join_the_project_they_follow(tmp_path: Path) -> None:
    projects = _extract(tmp_path, CARDS_IN_A_PROJECTS_SECTION, "cards.md").projects
    assert [p.title for p in projects] == ["Ремонт на детска градина Слънце", "Улично осветление в квартал Изток"]
    assert [p.codes for p in projects] == [["BG16RFOP001-2.002-0031"], ["BG16RFOP001-1.034-0009"]]
    assert [p.budget.amount for p in projects if p.budget] == [1_250_000, 640_000]


def test_an_execution_period_label_gives_period_and_end(tmp_path: Path) -> None:
    first, _ = _extract(tmp_path, CARDS_IN_A_PROJECTS_SECTION, "cards.md").projects
    assert first.period is not None and (first.period.start, first.period.end) == (D(2023, 6, 1), D(2024, 11, 30))
    assert first.end is not None and first.end.start == D(2024, 11, 30)


def test_two_named_projects_keep_their_own_codes_and_amounts(tmp_path: Path) -> None:
    text = (
        "Делта АД е краен получател по проект № BG-RRP-3.004-0101-C01 „Енергийна ефективност в цеха“. "
        "Общата стойност на проекта е 300 000 лв.\n\n"
        "Делта АД изпълнява и проект BG16RFOP002-3.002-0202-C01 „Нова сушилня“. Общата стойност на проекта е "
        "120 000 лв., от които безвъзмездно финансиране 84 000 лв.\n"
    )
    first, second = _extract(tmp_path, text).projects
    assert (first.title, first.codes, first.programme_id) == (
        "Енергийна ефективност в цеха", ["BG-RRP-3.004-0101-C01"], "NRRP",
    )
    assert first.budget is not None and first.budget.amount == 300_000 and first.grant is None
    assert (second.title, second.codes, second.programme_id) == (
        "Нова сушилня", ["BG16RFOP002-3.002-0202-C01"], "OPIC",
    )
    assert second.grant is not None and second.grant.amount == 84_000


def test_one_project_named_many_times_is_one_record(tmp_path: Path) -> None:
    text = (
        "12.02.2025\nПърва среща на екипа\nДнес стартира проектът „Пчели и билки“, който събира пчелари и учени.\n\n"
        "03.06.2025\nПолеви проучвания\nЕкипът на проекта „Пчели и билки“ посети пет пчелина.\n\n"
        "Проект № BG06RDNP001-16.005-0042, финансиран по Програма за развитие на селските райони за периода "
        "2014-2020 г.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert (project.title, project.programme_id) == ("Пчели и билки", "RDP")
    assert project.codes == ["BG06RDNP001-16.005-0042"]
    assert project.end is None


POSTER = """\
# ЕВРОПЕЙСКИ СЪЮЗ

## Проект BG16RFOP001-3.005-0044

## ОПЕРАТИВНА ПРОГРАМА

## „РЕГИОНИ В РАСТЕЖ“

# „ОБНОВЕНА ГРАДСКА СРЕДА

# В ЦЕНТЪРА НА ГРАДА“

Бюджет на проекта: 2 400 000 лв.
"""


def test_a_posters_quoted_heading_is_the_title(tmp_path: Path) -> None:
    (project,) = _extract(tmp_path, POSTER, "poster.md").projects
    assert project.title == "ОБНОВЕНА ГРАДСКА СРЕДА В ЦЕНТЪРА НА ГРАДА"
    assert project.codes == ["BG16RFOP001-3.005-0044"]
    assert project.programme_id == "OPRG"
    assert project.budget is not None and project.budget.amount == 2_400_000


def test_a_paragraph_about_an_unnamed_project_makes_no_record(tmp_path: Path) -> None:
    text = "ПРОЕКТЪТ Е ФИНАНСИРАН ОТ ОПЕРАТИВНА ПРОГРАМА „РЕГИОНИ В РАСТЕЖ“ 2014-2020.\n"
    assert _extract(tmp_path, text).projects == []


MUNICIPAL_PROJECTS_PAGE = """\
# Община Речица

## Изпълнявани проекти

### Ремонт и саниране на основно училище „Васил Левски“

Договор № BG16RFOP001-1.025-0007-C01

Бенефициент: Община Речица

Обща стойност: 1 955 830 лв., от които 1 662 455,50 лв. европейско и 293 374,50 лв. национално съфинансиране.

Срок на изпълнение: от 15.05.2018 г. до 15.05.2020 г.

### Описание

Проектът обновява сградата на училището.

### Проект „Зелени площи за всички“

Програма за развитие на селските райони, код BG06RDNP001-7.007-0101.

Обща стойност на проекта: 320 000 лв.

## Други проекти

- „Достъпна среда в кметствата“ – Оперативна програма „Региони в растеж“, 450 000 лв.
- Проект: Обновяване на парк Изгрев
"""


def test_sub_headings_under_a_projects_heading_are_card_titles(tmp_path: Path) -> None:
    projects = _extract(tmp_path, MUNICIPAL_PROJECTS_PAGE, "municipality.md").projects
    assert [p.title for p in projects] == [
        "Ремонт и саниране на основно училище „Васил Левски“",
        "Зелени площи за всички",
        "Достъпна среда в кметствата",
    ]


def test_a_contract_line_is_never_a_title(tmp_path: Path) -> None:
    first = _extract(tmp_path, MUNICIPAL_PROJECTS_PAGE, "municipality.md").projects[0]
    assert first.codes == ["BG16RFOP001-1.025-0007-C01"]
    assert not any(p.title.startswith("Договор") for p in _extract(tmp_path, MUNICIPAL_PROJECTS_PAGE, "m.md").projects)


def test_from_and_to_in_an_execution_period_give_period_and_end(tmp_path: Path) -> None:
    first = _extract(tmp_path, MUNICIPAL_PROJECTS_PAGE, "municipality.md").projects[0]
    assert first.end is not None and first.end.start == D(2020, 5, 15)
    assert first.period is not None and (first.period.start, first.period.end) == (D(2018, 5, 15), D(2020, 5, 15))


def test_a_list_item_quoted_name_loses_its_quotes(tmp_path: Path) -> None:
    last = _extract(tmp_path, MUNICIPAL_PROJECTS_PAGE, "municipality.md").projects[-1]
    assert (last.title, last.programme_id) == ("Достъпна среда в кметствата", "OPRG")
    assert last.budget is not None and last.budget.amount == 450_000


PROJECTS_TABLE = """\
# Бюлетин на Община Примерно

## Проекти на общината

| № | Наименование | Програма | Обща стойност | БФП | Край на проекта |
|---|---|---|---|---|---|
| 1 | Саниране на детска градина „Зора“ | ОПРР | 800 000 лв. | 680 000 лв. | 31.12.2023 г. |
| 2 | „Зелен парк“ | ПРСР | 250 000 лв. | 250 000 лв. | юни 2024 г. |
"""


def test_a_table_rows_title_is_its_name_cell(tmp_path: Path) -> None:
    projects = _extract(tmp_path, PROJECTS_TABLE, "table.md").projects
    assert [p.title for p in projects] == ["Саниране на детска градина „Зора“", "Зелен парк"]


def test_table_headers_give_the_amounts_their_roles(tmp_path: Path) -> None:
    first, second = _extract(tmp_path, PROJECTS_TABLE, "table.md").projects
    assert (first.budget.amount, first.grant.amount) == (800_000, 680_000)  # type: ignore[union-attr]
    assert (second.budget.amount, second.grant.amount) == (250_000, 250_000)  # type: ignore[union-attr]
    assert first.end is not None and first.end.start == D(2023, 12, 31)


def test_a_programme_named_away_from_the_project_yields_to_its_codes(tmp_path: Path) -> None:
    text = (
        "Читалище „Искра“ изпълнява проект BG05SFOP001-2.025-0011-C01 „Добро управление в читалището“.\n\n"
        "В селото има и земеделци, кандидатствали по Програма за развитие на селските райони.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.programme_id == "OPGG"


def test_a_title_may_hold_a_quoted_school_name(tmp_path: Path) -> None:
    text = (
        "Общината спечели проект „Модернизация на СУ „Иван Вазов““ по Програма „Развитие на регионите“, "
        "с обща стойност на проекта 2 100 000 лв.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.title == "Модернизация на СУ „Иван Вазов“"
    assert project.budget is not None and project.budget.amount == 2_100_000


def test_an_ascii_quoted_title_stops_at_its_closing_quote(tmp_path: Path) -> None:
    text = 'Сдружението изпълнява проект "Чиста река", финансиран по ОП "Околна среда", с бюджет 90 000 лв.\n'
    (project,) = _extract(tmp_path, text).projects
    assert project.title == "Чиста река"


def test_a_start_verb_after_a_date_starts_the_period(tmp_path: Path) -> None:
    text = (
        "На 01.09.2025 г. Делта ЕООД стартира изпълнението на проект „Соларен покрив“ по договор "
        "BG16RFPR001-2.001-0301-C01. Проектът е с продължителност 6 месеца.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.period is not None and (project.period.start, project.period.end) == (D(2025, 9, 1), D(2026, 2, 28))
    assert project.end is None


def test_a_short_tag_may_stand_between_the_code_and_the_name(tmp_path: Path) -> None:
    text = "ОТНОСНО: ПРОЕКТ BG05M2OP001-2.012-0001 – РЕАКТ – „ПОДКРЕПА ЗА УСПЕХ“\n\nПолученото финансиране е 5 000 лв.\n"
    (project,) = _extract(tmp_path, text).projects
    assert (project.title, project.codes) == ("ПОДКРЕПА ЗА УСПЕХ", ["BG05M2OP001-2.012-0001"])


def test_received_funding_is_the_publishers_share_whatever_it_amounts_to(tmp_path: Path) -> None:
    text = (
        "Проект BG05M2OP001-2.012-0001 „Подкрепа за успех“.\n\n"
        "Полученото финансиране по проекта за нашето училище е в размер на 14 500,00 лв.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.publisher_share is not None and project.publisher_share.amount == 14_500
    assert project.budget is None


def test_the_total_value_amounting_to_is_the_budget(tmp_path: Path) -> None:
    text = "Проект BG05M2OP001-2.012-0001 „Подкрепа за успех“. Общата стойност на проекта е в размер на 80 000 лв.\n"
    (project,) = _extract(tmp_path, text).projects
    assert project.budget is not None and project.budget.amount == 80_000


def test_a_project_code_before_a_quoted_name_names_a_project(tmp_path: Path) -> None:
    text = "УЧИЛИЩНИ ПРОЕКТИ 2025\n\nУчастваме в BG05SFPR001-1.002-0014 „Успех за всеки ученик“ от септември.\n"
    (project,) = _extract(tmp_path, text).projects
    assert (project.title, project.codes) == ("Успех за всеки ученик", ["BG05SFPR001-1.002-0014"])


def test_a_procedure_code_before_a_quoted_name_names_no_project(tmp_path: Path) -> None:
    text = "Фирмата кандидатства по процедура BG16RFPR001-1.003 „Подкрепа за малките предприятия“.\n"
    assert _extract(tmp_path, text).projects == []


def test_a_cards_quoted_project_name_wins_over_its_heading(tmp_path: Path) -> None:
    text = (
        "## Проекти\n\n### Ремонт на училището\n\n"
        "Общината изпълнява проект „Ремонт на СУ „Христо Ботев“ в град Примерно“, код BG16RFOP001-3.002-0077.\n"
    )
    (project,) = _extract(tmp_path, text, "card.md").projects
    assert project.title == "Ремонт на СУ „Христо Ботев“ в град Примерно"


def test_a_range_in_a_deadline_column_is_the_period(tmp_path: Path) -> None:
    text = (
        "## Проекти\n\n| Проект | Код | Срок |\n|---|---|---|\n"
        "| Нова библиотека | BG16RFOP001-4.002-0101 | 01.03.2023 – 30.06.2025 |\n"
    )
    (project,) = _extract(tmp_path, text, "deadline.md").projects
    assert project.period is not None and (project.period.start, project.period.end) == (D(2023, 3, 1), D(2025, 6, 30))
    assert project.end is not None and project.end.start == D(2025, 6, 30)


FIELD_LIST_PAGE = """\
Наименование на проекта

Енергийно обновяване на цех за хляб

Номер на договора

BG16RFPR001-1.003-0555-C01

Обща стойност на проекта:

250 000,00 лв.

Край на проекта:

31.12.2025 г.
"""


def test_labels_over_their_values_on_the_next_line(tmp_path: Path) -> None:
    (project,) = _extract(tmp_path, FIELD_LIST_PAGE).projects
    assert project.title == "Енергийно обновяване на цех за хляб"
    assert project.codes == ["BG16RFPR001-1.003-0555-C01"]
    assert project.budget is not None and project.budget.amount == 250_000
    assert project.end is not None and project.end.start == D(2025, 12, 31)


def test_an_amount_and_its_equivalent_after_or_are_one_amount(tmp_path: Path) -> None:
    text = (
        "Проект BG16RFOP002-2.040-0900-C01 „Нова линия“. Бюджет: 195 583 лв. или 100 000 евро, собствен принос "
        "39 116,60 лв.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.budget is not None and (project.budget.amount, project.budget.currency) == (195_583, "BGN")
    assert project.co_financing is not None and project.co_financing.amount == 39_116.60
    assert project.grant is None


def test_a_pair_takes_the_role_named_after_its_second_amount(tmp_path: Path) -> None:
    text = (
        "Клъстерът е партньор по проект „Умни градове“ по програма Еразъм+. Общ бюджет 1 000 000 евро, "
        "от които 97 791,50 лв. или 50 000 евро за клъстера.\n"
    )
    (project,) = _extract(tmp_path, text).projects
    assert project.budget is not None and (project.budget.amount, project.budget.currency) == (1_000_000, "EUR")
    share = project.publisher_share
    assert share is not None and (share.amount, share.currency) == (97_791.50, "BGN")
