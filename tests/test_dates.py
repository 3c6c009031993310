"""The date finder: Bulgarian input and the expected interval side by side."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_extract.rules.dates import find_dates

D = dt.date


def only(text: str):
    """The one date mention found in text (fails if there are none or several)."""
    found = find_dates(text)
    assert len(found) == 1, [(m.text, m.value) for m in found]
    return found[0]


def interval(text: str) -> tuple[dt.date, dt.date, str]:
    v = only(text).value
    return v.start, v.end, v.precision


# ------------------------------------------------------------------ single dates


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("22.12.2022 г.", D(2022, 12, 22), D(2022, 12, 22), "day"),
        ("ДАТА: 22.12.2022 Г.", D(2022, 12, 22), D(2022, 12, 22), "day"),
        ("На 19.12.2016г. учредиха", D(2016, 12, 19), D(2016, 12, 19), "day"),
        ("(25 март, 2021)", D(2021, 3, 25), D(2021, 3, 25), "day"),
        ("(София Тех Парк, 26 ноември, 2018).", D(2018, 11, 26), D(2018, 11, 26), "day"),
        ("на 17 април 2019 по време", D(2019, 4, 17), D(2019, 4, 17), "day"),
        ("юни 2016 - създаване", D(2016, 6, 1), D(2016, 6, 30), "month"),
        ("юни 2016 г.", D(2016, 6, 1), D(2016, 6, 30), "month"),
        ("приключи през април 2022 г.", D(2022, 4, 1), D(2022, 4, 30), "month"),
        ("приключва през 2025 г. Проектът", D(2025, 1, 1), D(2025, 12, 31), "year"),
        ("14/03/2019", D(2019, 3, 14), D(2019, 3, 14), "day"),
        ("14.03.2019", D(2019, 3, 14), D(2019, 3, 14), "day"),
        ("1.3.2019", D(2019, 3, 1), D(2019, 3, 1), "day"),
        ("м. октомври 2004 г.", D(2004, 10, 1), D(2004, 10, 31), "month"),
        ("2023 година", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("2023 г.", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("25.10.2016 - подписан е договор", D(2016, 10, 25), D(2016, 10, 25), "day"),
        ("февруари 2016", D(2016, 2, 1), D(2016, 2, 29), "month"),
        ("2019-03-14", D(2019, 3, 14), D(2019, 3, 14), "day"),
        ("15.IX.2021 г.", D(2021, 9, 15), D(2021, 9, 15), "day"),
        ("1-ви март 2022 г.", D(2022, 3, 1), D(2022, 3, 1), "day"),
    ],
)
def test_single_date(text: str, start: dt.date, end: dt.date, precision: str) -> None:
    assert interval(text) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("28 Септември 2017", 9),
        ("28 СЕПТЕМВРИ 2017", 9),
        ("28 септ. 2017", 9),
        ("28 сеп 2017", 9),
        ("28 септемврий 2017", 9),
        ("3 ян. 2017", 1),
        ("3 февр. 2017", 2),
        ("3 Окт. 2017", 10),
        ("3 ноем. 2017", 11),
        ("3 ДЕК 2017", 12),
    ],
)
def test_month_name_in_any_case_full_or_abbreviated(text: str, month: int) -> None:
    assert only(text).value.start.month == month


def test_month_mention_may_leave_out_the_preposition() -> None:
    m = only("приключи през април 2022 г.")
    assert m.text == "април 2022 г."


def test_month_prefix_m_dot_is_part_of_the_mention() -> None:
    assert only("от м. октомври 2004 г. насам").text == "м. октомври 2004 г."


@pytest.mark.parametrize(
    ("text", "mention_text"),
    [
        ("12 май 2022 г. (четвъртък)", "12 май 2022 г. (четвъртък)"),
        ("12 май 2022, четвъртък", "12 май 2022, четвъртък"),
        ("Четвъртък, 12 май 2022 г.", "Четвъртък, 12 май 2022 г."),
    ],
)
def test_weekday_beside_the_date_joins_the_mention(text: str, mention_text: str) -> None:
    m = only(text)
    assert (m.text, m.value.start, m.value.end) == (mention_text, D(2022, 5, 12), D(2022, 5, 12))
    assert "weekday agrees" in m.explanation


def test_weekday_that_disagrees_lowers_confidence() -> None:
    right, wrong = only("12 май 2022 г. (четвъртък)"), only("12 май 2022 г. (понеделник)")
    assert wrong.value.start == D(2022, 5, 12)
    assert wrong.confidence < right.confidence - 0.2


# ------------------------------------------------------------------------ ranges


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("(28-29 Септември 2017 г.)", D(2017, 9, 28), D(2017, 9, 29), "day"),
        ("(16-18 април 2019 г.)", D(2019, 4, 16), D(2019, 4, 18), "day"),
        ("проект eT4S от 17.10 до 21.10.2022. Участие", D(2022, 10, 17), D(2022, 10, 21), "day"),
        ("от 1 до 6 Май, 2022 г.", D(2022, 5, 1), D(2022, 5, 6), "day"),
        ("от 07.11 до 11.11. 2022.", D(2022, 11, 7), D(2022, 11, 11), "day"),
        ("септември - октомври 2015 г.", D(2015, 9, 1), D(2015, 10, 31), "month"),
        ("през 2018 - 2019 г.", D(2018, 1, 1), D(2019, 12, 31), "year"),
        ("За периода 2018-2022 г.", D(2018, 1, 1), D(2022, 12, 31), "year"),
        ("за периода от 2018 г. до 2022 г.", D(2018, 1, 1), D(2022, 12, 31), "year"),
        ("01.03.2022 - 15.04.2022", D(2022, 3, 1), D(2022, 4, 15), "day"),
        ("01.03.2022 – 15.04.2022", D(2022, 3, 1), D(2022, 4, 15), "day"),
        ("1 март – 15 април 2022 г.", D(2022, 3, 1), D(2022, 4, 15), "day"),
        ("30 ноември - 2 декември 2022", D(2022, 11, 30), D(2022, 12, 2), "day"),
        ("28.12.2022 - 03.01.2023", D(2022, 12, 28), D(2023, 1, 3), "day"),
        ("28.12 - 03.01.2023", D(2022, 12, 28), D(2023, 1, 3), "day"),
        ("ноември 2022 – март 2023 г.", D(2022, 11, 1), D(2023, 3, 31), "month"),
        ("между 2018 и 2020 г.", D(2018, 1, 1), D(2020, 12, 31), "year"),
        ("28 и 29 септември 2017 г.", D(2017, 9, 28), D(2017, 9, 29), "day"),
        ("от 15 декември 2022 до 15 януари 2023 г.", D(2022, 12, 15), D(2023, 1, 15), "day"),
        ("28 декември - 3 януари 2023", D(2022, 12, 28), D(2023, 1, 3), "day"),
        ("7-11.11.2022 г.", D(2022, 11, 7), D(2022, 11, 11), "day"),
        ("2018/2019 г.", D(2018, 1, 1), D(2019, 12, 31), "year"),
    ],
)
def test_range(text: str, start: dt.date, end: dt.date, precision: str) -> None:
    assert interval(text) == (start, end, precision)


def test_two_days_that_are_not_consecutive_are_not_a_range() -> None:
    assert [m.text for m in find_dates("на 5 и 12 май 2022")] == ["12 май 2022"]


def test_range_mention_covers_both_ends() -> None:
    assert only("в рамките на проект от 17.10 до 21.10.2022. Участие").text == "от 17.10 до 21.10.2022"


def test_list_items_on_separate_lines_are_not_one_range() -> None:
    found = find_dates("- 2015 г.\n- 2016 г. - създаване")
    assert [(m.value.start.year, m.value.end.year) for m in found] == [(2015, 2015), (2016, 2016)]


# ----------------------------------------------------------------- multi-line text


def test_offsets_in_a_multi_line_text() -> None:
    text = "Брой 8\n\nДата: 22.12.2022 г.\n\nНа 19.12.2016 г. двадесет и пет лица."
    found = find_dates(text)
    assert [(m.text, m.start) for m in found] == [
        ("22.12.2022 г.", text.index("22.12")),
        ("19.12.2016 г.", text.index("19.12")),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_month_and_year_wrapped_onto_the_next_line_join() -> None:
    text = "приключи през април\n2022 г. Успешно"
    m = only(text)
    assert (m.text, m.value.start, m.value.end) == ("април\n2022 г.", D(2022, 4, 1), D(2022, 4, 30))


def test_month_and_year_split_by_a_blank_line_join_with_lower_confidence() -> None:
    split = only("приключи през април\n\n2022 г. Успешно")
    joined = only("приключи през април 2022 г. Успешно")
    assert split.value == joined.value
    assert split.confidence < joined.confidence


# --------------------------------------------------------------------- bare years


@pytest.mark.parametrize("text", ["(2018)", "Брюксел (2018), Лион", "Лондон, 2018)"])
def test_bare_year_in_brackets_is_a_year(text: str) -> None:
    m = only(text)
    assert (m.text, m.value.start, m.value.end, m.value.precision) == (
        "2018",
        D(2018, 1, 1),
        D(2018, 12, 31),
        "year",
    )


def test_bare_year_is_less_sure_than_a_year_with_g() -> None:
    assert (
        only("Брюксел (2018)").confidence < only("през 2018 г.").confidence < only("2.10.2018 г.").confidence
    )


def test_confidence_scale_orders_evidence() -> None:
    assert only("22.12.2022 г.").confidence > only("25.10.2016").confidence
    assert only("25.10.2016").confidence > only("юни 2016").confidence > only("2018-2022").confidence


def test_bare_year_after_a_temporal_word() -> None:
    assert interval("мониторинг през 2022 от УО") == (D(2022, 1, 1), D(2022, 12, 31), "year")


# ----------------------------------------------------------------- hard negatives


@pytest.mark.parametrize(
    "text",
    [
        "H2020-ICT-2018-20",
        "2022-1-DE02-KA220-VET-000089396",
        "BG16RFOP002-2.009",
        "по време на 7-то Изложение",
        "навърши 6 години",
        "6 години",
        "съгласно чл. 25",
        "бюджет от 484 хил. лв.",
        "бюджет от 1,952 млн. евро",
        "42.5 хил. евро",
        "тел. 02 987 65 43",
        "начало 10:30 ч.",
        "Индустрия 4.0",
        "ул. Цар Калоян 8, ет.2, офис 11-12",
        "Хотел Китчън No 59",
        "София 1000",
        "31.02.2022",
        "30.02.2022 г.",
        "1212 г.",
        "(3021)",
        "от 1950 до 2000 лв.",
        "2000 евро",
        "№ 2019",
        "12 май",
        "април",
        "0888 2020 30",
        "г-н Петров",
        "Ян 2022",
        "Брой 8/2022",
        "2020-2021-2022",
    ],
)
def test_not_a_date(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize("number", [str(n) for n in range(1, 32)])
def test_bare_day_number_is_not_a_date(number: str) -> None:
    assert find_dates(f"точка {number} от списъка") == []


def test_register_number_before_a_date_is_not_part_of_it() -> None:
    m = only("регистрацията от СГС № 1/25.01.2017 г.")
    assert (m.text, m.value.start) == ("25.01.2017 г.", D(2017, 1, 25))


def test_codes_next_to_dates_leave_the_dates_alone() -> None:
    text = "H2020-ICT-2018-20 приключи на 12.05.2022 г."
    assert [m.text for m in find_dates(text)] == ["12.05.2022 г."]


# ------------------------------------------------------------------ the sample


def test_sample_bulletin_dates(sample_txt: Path) -> None:
    text = sample_txt.read_text("utf-8")
    found = {(m.text, str(m.value.start), str(m.value.end), m.value.precision) for m in find_dates(text)}
    for expected in [
        ("22.12.2022 г.", "2022-12-22", "2022-12-22", "day"),
        ("22.12.2022 Г.", "2022-12-22", "2022-12-22", "day"),
        ("25.01.2017 г.", "2017-01-25", "2017-01-25", "day"),
        ("септември - октомври 2015 г.", "2015-09-01", "2015-10-31", "month"),
        ("април\n\n2022 г.", "2022-04-01", "2022-04-30", "month"),
        ("28-29 Септември 2017 г.", "2017-09-28", "2017-09-29", "day"),
        ("от 1 до 6 Май, 2022 г.", "2022-05-01", "2022-05-06", "day"),
        ("от 07.11 до 11.11. 2022", "2022-11-07", "2022-11-11", "day"),
        ("от 2018 г. до 2022 г.", "2018-01-01", "2022-12-31", "year"),
    ]:
        assert expected in found
    codes = text.index("H2020-ICT-2018-20/H2020-ICT-2019-2")
    assert not [m.text for m in find_dates(text) if codes <= m.start < codes + 34]


# ------------------------------------------------------------------- invariants


def test_mentions_carry_explanation_and_rule_source() -> None:
    m = only("28-29 Септември 2017 г.")
    assert m.kind == "date" and m.source == "rule"
    assert m.explanation.startswith("named_range")


_ALPHABET = st.sampled_from(
    [
        *"0123456789 .-–/,()\n:гГ",
        "май",
        "септември",
        "септ.",
        "от ",
        " до ",
        "г.",
        "2022",
        "1999",
        "(вторник)",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=80))
def test_any_text_gives_valid_anchored_mentions(text: str) -> None:
    for m in find_dates(text):
        assert m.text == text[m.start : m.end]
        assert m.value.start <= m.value.end
        assert 0 <= m.confidence <= 1
