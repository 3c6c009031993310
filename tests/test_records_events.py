"""Events from dated announcements outside an events section (texts invented for these tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bulletin_extract import extract
from bulletin_extract.models import Bulletin

D = dt.date

NEWS = """\
Новини по проекта

На 12.03.2025 г. в Стара Загора ще се проведе информационна среща по проект „Зелен двор“.

Заключителна пресконференция по проекта се състоя на 28 ноември 2024 г. в зала „Тракия“ на общината.

12.02.2025
Работна среща на партньорите
Екипът обсъди графика на дейностите.

Общината отчете ръст на туристите през 2024 г.
"""


def _extract(tmp_path: Path, text: str = NEWS) -> Bulletin:
    path = tmp_path / "news.txt"
    path.write_text(text, "utf-8")
    return extract(path, use_ner=False)


def test_an_announced_meeting_has_its_date_and_place(tmp_path: Path) -> None:
    first = _extract(tmp_path).events[0]
    assert (first.kind, first.title) == ("meeting", "Информационна среща по проект „Зелен двор“")
    assert first.date is not None and first.date.start == D(2025, 3, 12)
    assert first.place == "Стара Загора"


def test_a_press_conference_is_an_other_event_at_its_venue(tmp_path: Path) -> None:
    second = _extract(tmp_path).events[1]
    assert (second.kind, second.title) == ("other", "Заключителна пресконференция по проекта")
    assert second.date is not None and second.date.start == D(2024, 11, 28)
    assert second.place == "зала „Тракия“"


def test_a_dated_headline_is_an_event(tmp_path: Path) -> None:
    third = _extract(tmp_path).events[2]
    assert (third.kind, third.title) == ("meeting", "Работна среща на партньорите")
    assert third.date is not None and third.date.start == D(2025, 2, 12)


def test_a_dated_sentence_without_an_event_is_no_event(tmp_path: Path) -> None:
    assert len(_extract(tmp_path).events) == 3


def test_an_event_word_without_an_announcing_verb_is_no_event(tmp_path: Path) -> None:
    text = "Семинарите по проекта са описани в доклада от 15.01.2025 г.\n"
    assert _extract(tmp_path, text).events == []


INVITATION = """\
ПОКАНА

Община Белица кани всички заинтересовани на информационен ден по проект „Чиста вода за Белица“.

Дата: 15.04.2025 г.

Място: Заседателна зала на Общината, ул. Главна 1

Лице за контакт: Мария Петрова
"""


def test_an_invitation_takes_its_labelled_date_and_place(tmp_path: Path) -> None:
    (event,) = _extract(tmp_path, INVITATION).events
    assert (event.kind, event.title) == ("meeting", "Информационен ден по проект „Чиста вода за Белица“")
    assert event.date is not None and event.date.start == D(2025, 4, 15)
    assert event.place == "Заседателна зала на Общината, ул. Главна 1"


REPORTS = """\
Новини

Обществено обсъждане на бюджета ще се проведе на 20.02.2025 г. от 17:00 ч. в зала 1 на общината.

Проведе се обучение на служители на 12 и 13 май 2024 г. в гр. Велико Търново.
"""


def test_an_announced_events_name_stops_before_its_verb(tmp_path: Path) -> None:
    first = _extract(tmp_path, REPORTS).events[0]
    assert (first.kind, first.title) == ("meeting", "Обществено обсъждане на бюджета")
    assert first.date is not None and first.date.start == D(2025, 2, 20)


def test_a_reported_training_takes_the_town_after_its_abbreviation(tmp_path: Path) -> None:
    second = _extract(tmp_path, REPORTS).events[1]
    assert (second.kind, second.title, second.place) == ("seminar", "Обучение на служители", "Велико Търново")
    assert second.date is not None and (second.date.start, second.date.end) == (D(2024, 5, 12), D(2024, 5, 13))
