"""The one overlap policy (rules.overlap): which of two spans over the same characters stays."""

from __future__ import annotations

from bulletin_extract.models import CountValue, EntityValue, Mention, MoneyValue
from bulletin_extract.rules import COMPONENTS, FINDERS
from bulletin_extract.rules.base import mention
from bulletin_extract.rules.codes import find_codes
from bulletin_extract.rules.dates import find_dates
from bulletin_extract.rules.gazetteer import find_entities
from bulletin_extract.rules.overlap import KIND_PRIORITY, overlap, resolve_overlaps, unclaimed


def _org(text: str, part: str, confidence: float, source: str = "gazetteer") -> Mention:
    start = text.index(part)
    value = EntityValue(name=part, label="ORG")
    return mention(text, start, start + len(part), "org", value, confidence, "test", source)  # type: ignore[arg-type]


def _place(text: str, part: str, confidence: float = 0.9) -> Mention:
    start = text.index(part)
    value = EntityValue(name=part, label="LOC")
    return mention(text, start, start + len(part), "location", value, confidence, "test", "gazetteer")


def test_code_with_a_date_inside_is_one_code_mention() -> None:
    text = "Договор № Д01-123/15.05.2020 г. е подписан."
    kept = resolve_overlaps([*find_dates(text), *find_codes(text)])
    assert [(m.kind, m.text) for m in kept] == [("programme_code", "Д01-123/15.05.2020")]


def test_date_after_a_shaped_code_stays_a_date_of_its_own() -> None:
    text = "Договор № BG05M9OP001-1.003-0001-C01/01.03.2017 г."
    kept = resolve_overlaps([*find_dates(text), *find_codes(text)])
    assert [(m.kind, m.text) for m in kept] == [
        ("programme_code", "BG05M9OP001-1.003-0001-C01"),
        ("date", "01.03.2017 г."),
    ]


def test_money_beats_a_count_like_number_inside_it() -> None:
    text = "Безвъзмездна помощ от 1 500 хил. лв. за обучения."
    start = text.index("1 500")
    value = MoneyValue(amount=1_500_000, currency="BGN", amount_eur=766_938.01)
    money = mention(text, start, start + len("1 500 хил. лв."), "money", value, 0.6, "test")
    count = mention(text, start, start + len("1 500"), "count", CountValue(participants=1500), 0.9, "test")
    assert resolve_overlaps([count, money]) == [money]


def test_gazetteer_org_holds_the_place_name_inside_it() -> None:
    text = "Проектът на Община Хасково е одобрен."
    assert [(m.kind, m.text) for m in find_entities(text)] == [("org", "Община Хасково")]


def test_longer_name_beats_a_surer_shorter_one_of_the_same_kind() -> None:
    text = "Проектът на Община Хасково е одобрен."
    org, place = _org(text, "Община Хасково", 0.6), _place(text, "Хасково", 0.95)
    assert resolve_overlaps([place, org]) == [org]


def test_model_hit_loses_to_a_rule_hit_it_overlaps_even_when_longer() -> None:
    text = "Кметът на Община Хасково Станислав Дечев откри форума."
    rule = _org(text, "Община Хасково", 0.8)
    model = _org(text, "Община Хасково Станислав Дечев", 0.9, source="ner")
    assert unclaimed([model], [rule]) == []


def test_model_hit_apart_from_rule_hits_is_kept() -> None:
    text = "Кметът на Община Хасково Станислав Дечев откри форума."
    rule = _org(text, "Община Хасково", 0.8)
    model = _org(text, "Станислав Дечев", 0.9, source="ner")
    assert unclaimed([model], [rule]) == [model]


def test_equally_long_readings_go_to_the_surer() -> None:
    text = "Сдружение „Европейски пространства“ и Клъстер „Мехатроника“"
    sure, unsure = _org(text, "Клъстер „Мехатроника“", 0.9), _org(text, "Клъстер „Мехатроника“", 0.5)
    assert resolve_overlaps([unsure, sure]) == [sure]


def test_touching_spans_both_stay_in_text_order() -> None:
    text = "ХасковоСофия"
    first, second = _place(text, "Хасково"), _place(text, "София")
    assert not overlap(first, second)
    assert resolve_overlaps([second, first]) == [first, second]


def test_a_range_beats_the_dates_inside_it() -> None:
    (m,) = find_dates("Обученията са от 07.11 до 11.11.2022 г.")
    assert (m.text, str(m.value.start), str(m.value.end)) == ("от 07.11 до 11.11.2022 г.", "2022-11-07", "2022-11-11")  # type: ignore[union-attr]


def test_components_run_in_the_order_of_the_kind_table() -> None:
    # a later component only fills free characters, so its order must agree with the table
    emitted = {"be_codes": "programme_code", "be_dates": "date", "be_money": "money",
               "be_counts": "count", "be_programmes": "programme", "be_gazetteer": "org"}
    assert set(emitted) == set(FINDERS)
    ranks = [KIND_PRIORITY[emitted[c]] for c in COMPONENTS]
    assert ranks == sorted(ranks)


def test_in_a_long_text_every_outer_span_beats_the_one_nested_in_it() -> None:
    text = "Хасково, " * 20000
    places = [
        mention(text, i, i + 7, "location", EntityValue(name="Хасково", label="LOC"), 0.9, "t", "gazetteer")
        for i in range(0, len(text), 9)
    ]
    nested = [
        mention(text, i + 1, i + 4, "location", EntityValue(name="аск", label="LOC"), 0.9, "t", "gazetteer")
        for i in range(0, len(text), 9)
    ]
    assert resolve_overlaps([*nested, *places]) == places
