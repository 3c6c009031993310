"""Assembly on bulletins written differently from the sample (invented, not copied).

Each test feeds a small bulletin through the whole pipeline (no NER) and checks the
records: this is the behaviour on issues nobody here has seen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bulletin_extract import extract

D = dt.date

OTHER_BULLETIN = """\
# Информационен бюлетин на Асоциация Зелена Енергия

бр. 3 / 15.03.2024 г.

Асоциация Зелена Енергия, гр. Пловдив 4000, бул. Марица 12, www.greenenergy-bg.org, info@greenenergy-bg.org

## Нашите проекти

1. Енергийна ефективност в малките общини (EEMO) - Interreg Europe. Общият бюджет е 1,2 млн. евро, от които 180 хил. евро за асоциацията. Партньори са девет организации от 7 европейски страни. Проектът стартира през март 2023 г. и ще приключи през февруари 2026 г.

2. Дигитални умения за енергетици по Програма за развитие на човешките ресурси, BG05SFPR002-1.001. Бюджет: 390 000 лв., в т.ч. безвъзмездна финансова помощ 351 000 лв. и собствен принос 39 000 лв. Проектът приключи успешно през 2023 г.

## Предстоящи събития

Кръгла маса „Соларни общности в България“, гр. Пловдив (18 април 2024 г.).

Уебинар „Финансиране на ВЕИ проекти“, онлайн, 7 май 2024 г.
"""


def _bulletin(tmp_path: Path, text: str = OTHER_BULLETIN, name: str = "other.md"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return extract(path, use_ner=False)


def test_metadata_of_another_masthead(tmp_path: Path) -> None:
    m = _bulletin(tmp_path).metadata
    assert m.issue_number == "3"
    assert m.date is not None and (m.date.start, m.date.precision) == (D(2024, 3, 15), "day")
    assert m.website == "www.greenenergy-bg.org"
    assert m.email == "info@greenenergy-bg.org"


def test_projects_of_another_bulletin(tmp_path: Path) -> None:
    projects = _bulletin(tmp_path).projects
    assert [p.number for p in projects] == [1, 2]
    first, second = projects
    assert first.title == "Енергийна ефективност в малките общини"
    assert first.acronym == "EEMO"
    assert first.programme_id == "INTERREG_EUROPE" or (first.programme or "").startswith("Interreg")
    assert (first.budget.amount, first.budget.currency) == (1_200_000, "EUR")  # type: ignore[union-attr]
    assert first.publisher_share is not None and first.publisher_share.amount == 180_000
    assert (first.partners, first.countries) == (9, 7)
    assert first.end is not None and (first.end.start, first.end.end) == (D(2026, 2, 1), D(2026, 2, 28))
    assert first.status == "ongoing"

    assert second.codes == ["BG05SFPR002-1.001"]
    assert (second.budget.amount, second.budget.currency) == (390_000, "BGN")  # type: ignore[union-attr]
    assert second.grant is not None and second.grant.amount == 351_000
    assert second.co_financing is not None and second.co_financing.amount == 39_000
    assert second.status == "completed"


def test_events_of_another_bulletin(tmp_path: Path) -> None:
    events = _bulletin(tmp_path).events
    assert [(e.kind, e.date.start) for e in events if e.date] == [
        ("meeting", D(2024, 4, 18)),
        ("webinar", D(2024, 5, 7)),
    ]
    assert events[0].title == "Кръгла маса „Соларни общности в България“"


def test_bulletin_without_sections_gives_no_records_and_no_error(tmp_path: Path) -> None:
    b = _bulletin(tmp_path, "Кратко съобщение без раздели от 12.05.2023 г.\n", "plain.txt")
    assert b.projects == [] and b.events == []
    assert [m.kind for m in b.mentions] == ["date"]


def test_empty_file_gives_valid_empty_output(tmp_path: Path) -> None:
    b = _bulletin(tmp_path, "", "empty.txt")
    assert b.mentions == [] and b.projects == [] and b.sections == []


MUNICIPAL_BULLETIN = """\
ОБЩИНА ГАБРОВО
ИНФОРМАЦИОНЕН БЮЛЕТИН № 12, ноември 2023 г.

НОВИНИ ПО ПРОЕКТИТЕ

Общината подписа договор № BG16RFOP001-1.003-0007-C01 по Оперативна програма „Региони в растеж“ \
2014-2020 за проект „Енергийна ефективност на общински сгради“. Общата стойност на проекта е \
2 456 780,50 лв., от които 2 087 263,43 лв. безвъзмездна финансова помощ. Срокът за изпълнение е \
24 месеца, до 30.11.2025 г.

По програма Interreg V-A Румъния – България стартира проектът „Зелени коридори“ (ROBG-512) с бюджет \
845 000 евро. Партньори са три общини от 2 държави. Проектът ще продължи до 31 май 2025 г.

ПРЕДСТОЯЩИ СЪБИТИЯ

Семинар „Иновации в местното самоуправление“ ще се състои на 12-13 декември 2023 г. в Хотел Балкан, Габрово.
"""


def test_plain_text_masthead_gives_title_number_month_and_publisher(tmp_path: Path) -> None:
    m = _bulletin(tmp_path, MUNICIPAL_BULLETIN, "gabrovo.txt").metadata
    assert m.title == "ИНФОРМАЦИОНЕН БЮЛЕТИН"
    assert m.issue_number == "12"
    assert m.date is not None and (m.date.start, m.date.end) == (D(2023, 11, 1), D(2023, 11, 30))
    assert m.publisher == "Община Габрово"  # a known municipality: its canonical name (data/places_bg.json)


def test_unnumbered_projects_take_their_quoted_names(tmp_path: Path) -> None:
    first, second = _bulletin(tmp_path, MUNICIPAL_BULLETIN, "gabrovo.txt").projects
    assert first.title == "Енергийна ефективност на общински сгради"
    assert first.programme_id == "OPRG"
    assert first.codes == ["BG16RFOP001-1.003-0007-C01"]
    assert first.budget is not None and first.budget.amount == 2_456_780.50
    assert first.grant is not None and first.grant.amount == 2_087_263.43  # role named after the amount
    assert first.end is not None and first.end.start == D(2025, 11, 30)
    assert second.title == "Зелени коридори"
    assert second.codes == ["ROBG-512"] and second.acronym is None  # a code in brackets is no acronym
    assert (second.budget.amount, second.budget.currency) == (845_000, "EUR")  # type: ignore[union-attr]
    assert (second.partners, second.countries) == (3, 2)
    assert second.status == "ongoing"


def test_event_at_a_hotel(tmp_path: Path) -> None:
    (event,) = _bulletin(tmp_path, MUNICIPAL_BULLETIN, "gabrovo.txt").events
    assert event.kind == "seminar"
    assert event.date is not None and (event.date.start, event.date.end) == (D(2023, 12, 12), D(2023, 12, 13))
    assert event.place == "Хотел Балкан"


NGO_BULLETIN = """\
# Бюлетин на Фондация „Заедно в час“ – брой 5/2021

*София, 15 юни 2021 г.*

## Новини

Фондацията спечели финансиране по програма Еразъм+ за проект № 2021-1-BG01-KA220-SCH-000032451 \
„Учители за бъдещето“ с бюджет 250 000 €. В консорциума участват 5 организации от 4 държави.

Проект „Дигитални класни стаи“, финансиран от Норвежкия финансов механизъм, приключи успешно през \
март 2021 г. Общият бюджет беше 98 500 лева (50 362 евро).

## Календар

- 14/03/2021 – Кръгла маса „Образованието след пандемията“, гр. Пловдив
- 22-24 април 2021 г. – Обучение за учители в Банско
- 10 май 2021, понеделник – Онлайн конференция „EdTech 2021“
"""


def test_projects_told_in_a_news_section(tmp_path: Path) -> None:
    b = _bulletin(tmp_path, NGO_BULLETIN, "ngo.md")
    assert b.metadata.publisher == "Фондация „Заедно в час“"
    assert b.metadata.issue_number == "5"
    first, second = b.projects
    assert (first.title, first.programme_id) == ("Учители за бъдещето", "ERASMUS_PLUS")
    assert first.codes == ["2021-1-BG01-KA220-SCH-000032451"]
    assert (first.budget.amount, first.budget.currency) == (250_000, "EUR")  # type: ignore[union-attr]
    assert (first.partners, first.countries) == (5, 4)
    assert (second.title, second.programme_id, second.status) == (
        "Дигитални класни стаи", "EEA_NORWAY_GRANTS", "completed",
    )
    assert (second.budget.amount, second.budget.currency) == (98_500, "BGN")  # type: ignore[union-attr]
    assert second.end is not None and (second.end.start, second.end.end) == (D(2021, 3, 1), D(2021, 3, 31))


def test_calendar_lines_give_events_with_places(tmp_path: Path) -> None:
    events = _bulletin(tmp_path, NGO_BULLETIN, "ngo.md").events
    assert [(e.kind, e.date.start, e.date.end, e.place) for e in events if e.date] == [
        ("meeting", D(2021, 3, 14), D(2021, 3, 14), "Пловдив"),
        ("seminar", D(2021, 4, 22), D(2021, 4, 24), "Банско"),
        ("conference", D(2021, 5, 10), D(2021, 5, 10), None),
    ]
    assert events[0].title == "Кръгла маса „Образованието след пандемията“"


def test_publisher_named_before_the_title_on_one_line(tmp_path: Path) -> None:
    text = "ОБЩИНА ГАБРОВО ИНФОРМАЦИОНЕН БЮЛЕТИН № 12, ноември 2023 г.\n\nНОВИНИ\n\nТекст.\n"
    m = _bulletin(tmp_path, text, "one-line.txt").metadata
    assert (m.publisher, m.title, m.issue_number) == ("Община Габрово", "ОБЩИНА ГАБРОВО ИНФОРМАЦИОНЕН БЮЛЕТИН", "12")


TABLE_BULLETIN = """\
# Бюлетин на Сдружение „Зелена Варна“, брой 2

## Проекти

| Проект | Програма | Бюджет | Край |
|---|---|---:|---|
| Чиста Черноморска зона | Interreg NEXT Черноморски басейн | 420 000 евро | декември 2025 г. |
| Зелени училища | ОПОС, BG16M1OP002-3.010 | 1 250 000 лв. | 2024 г. |

## Събития

| Дата | Събитие | Място |
|---|---|---|
| 12.05.2024 г. | Семинар „Кръгова икономика“ | Варна |
| 20-21 юни 2024 г. | Конференция „Зелен град“ | Бургас |
"""


def test_markdown_tables_give_a_record_per_row(tmp_path: Path) -> None:
    b = _bulletin(tmp_path, TABLE_BULLETIN, "table.md")
    assert [(p.title, p.codes) for p in b.projects] == [
        ("Чиста Черноморска зона", []),
        ("Зелени училища", ["BG16M1OP002-3.010"]),
    ]
    assert [(p.budget.amount, p.budget.currency) for p in b.projects if p.budget] == [
        (420_000, "EUR"), (1_250_000, "BGN"),
    ]
    assert [(e.kind, e.date.start, e.place) for e in b.events if e.date] == [
        ("seminar", D(2024, 5, 12), "Варна"),
        ("conference", D(2024, 6, 20), "Бургас"),
    ]
    assert b.events[0].title == "Семинар „Кръгова икономика“"


def test_a_date_in_the_end_column_is_the_project_end(tmp_path: Path) -> None:
    first, second = _bulletin(tmp_path, TABLE_BULLETIN, "table.md").projects
    assert first.end is not None and (first.end.start, first.end.end) == (D(2025, 12, 1), D(2025, 12, 31))
    assert second.end is not None and (second.end.start, second.end.precision) == (D(2024, 1, 1), "year")
