"""Programme names: registry aliases, case rules, word boundaries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_extract.rules.programmes import find_programmes, programme_for_code, registry

SEPARATOR = "\n|\n"  # no rule reads across it


def ids(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.value.programme) for m in find_programmes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ОПИК, BG16RFOP002-2.009", ("ОПИК", "OPIC")),
        ('по ОП "Иновации и конкурентоспособност".', ('ОП "Иновации и конкурентоспособност"', "OPIC")),
        (
            "ОП „Иновации и конкурентоспособност“ 2014-2020 финансира",
            ("ОП „Иновации и конкурентоспособност“", "OPIC"),
        ),
        ("по ОПРЧР", ("ОПРЧР", "OPHRD")),
        ("по ОПРР", ("ОПРР", "OPRG")),
        ("по ОПОС", ("ОПОС", "OPE")),
        ("по ОПНОИР", ("ОПНОИР", "OPSESG")),
        ("по ПНИИДИТ", ("ПНИИДИТ", "PRIDST")),
        ("по ПКИП", ("ПКИП", "PCIP")),
        ("по ПРЧР", ("ПРЧР", "PHRD")),
        ("по ПРР", ("ПРР", "PRD")),
        ("по ПОС", ("ПОС", "PEnv")),
        ("по ПВУ", ("ПВУ", "NRRP")),
        ("по Плана за възстановяване и устойчивост", ("Плана за възстановяване и устойчивост", "NRRP")),
        ("по ПРСР", ("ПРСР", "RDP")),
        ("по ERASMUS+.", ("ERASMUS+", "ERASMUS_PLUS")),
        ("по Erasmus+", ("Erasmus+", "ERASMUS_PLUS")),
        ("по Еразъм +", ("Еразъм +", "ERASMUS_PLUS")),
        ("по програма ЕРАЗЪМ+", ("ЕРАЗЪМ+", "ERASMUS_PLUS")),
        ("Facility - COSME.", ("COSME", "COSME")),
        ("по КОЗМЕ", ("КОЗМЕ", "COSME")),
        ("по H2020", ("H2020", "H2020")),
        ("по Хоризонт 2020", ("Хоризонт 2020", "H2020")),
        ("по Horizon Europe", ("Horizon Europe", "HORIZON_EUROPE")),
        ("ХОРИЗОНТ ЕВРОПА", ("ХОРИЗОНТ ЕВРОПА", "HORIZON_EUROPE")),
        ("по Interreg Europe", ("Interreg Europe", "INTERREG_EUROPE")),
        ("Interreg V-A Румъния - България", ("Interreg V-A Румъния - България", "INTERREG_RO_BG")),
        ("по Interreg BG-GR", ("Interreg BG-GR", "INTERREG_GR_BG")),
        ("Interreg Danube", ("Interreg Danube", "INTERREG_DANUBE")),
        ("Interreg-IPA CBC Bulgaria-Serbia", ("Interreg-IPA CBC Bulgaria-Serbia", "INTERREG_IPA_BG_RS")),
        ("по програма „Цифрова Европа“", ("програма „Цифрова Европа“", "DIGITAL_EUROPE")),
        ("Digital Europe", ("Digital Europe", "DIGITAL_EUROPE")),
        ("по програма LIFE.", ("програма LIFE", "LIFE")),
        ("проект по LIFE, одобрен", ("LIFE", "LIFE")),
        ("Творческа Европа", ("Творческа Европа", "CREATIVE_EUROPE")),
        ("Single Market Programme (SMP)", ("Single Market Programme", "SMP")),
        ("по ЕСФ+", ("ЕСФ+", "ESF_PLUS")),
        ("от ЕФРР", ("ЕФРР", "ERDF")),
        ("Фонд на фондовете", ("Фонд на фондовете", "FOF")),
        ("Норвежкия финансов механизъм", ("Норвежкия финансов механизъм", "EEA_NORWAY_GRANTS")),
        ("ФМ на ЕИП", ("ФМ на ЕИП", "EEA_NORWAY_GRANTS")),
        ("Национален иновационен фонд", ("Национален иновационен фонд", "NIF")),
        ("по НИФ", ("НИФ", "NIF")),
    ],
)
def test_alias_maps_to_programme_id(text: str, expected: tuple[str, str]) -> None:
    assert ids(text)[0] == expected


def test_registry_holds_at_least_thirty_programmes() -> None:
    assert len(registry()) >= 30


def test_longest_alias_wins_esf_plus_over_esf() -> None:
    assert ids("ЕСФ+ и ЕСФ") == [("ЕСФ+", "ESF_PLUS"), ("ЕСФ", "ESF")]


def test_quotes_around_the_whole_name_stay_outside() -> None:
    assert ids('"Цифрова Европа"') == [("Цифрова Европа", "DIGITAL_EUROPE")]


@pytest.mark.parametrize(
    "text",
    [
        "ПОСТ и ПОСОКА",  # ПОС inside a word
        "lifelong learning, life",  # LIFE in lower case
        "QUALITY OF LIFE",  # LIFE inside an ALL-CAPS headline
        "H2020-ICT-2018-20",  # the head of a code belongs to rules.codes
        "Опикът",
    ],
)
def test_never_matches_inside_words_or_codes(text: str) -> None:
    assert find_programmes(text) == []


@pytest.mark.parametrize(
    ("code", "programme"),
    [
        ("BG16RFOP002-2.009", "OPIC"),
        ("BG05M9OP001-1.003", "OPHRD"),
        ("BG-RRP-2.004-0001", "NRRP"),
        ("BG05SFPR001-1.003-0001", "PE"),  # CCI 2021BG05SFPR001 is Програма „Образование“
        ("BG05SFPR002-2.001", "PHRD"),  # CCI 2021BG05SFPR002 is ПРЧР 2021-2027
        ("CB005.1.11.123", "INTERREG_IPA_BG_TR"),
        ("CB007.2.13.185", "INTERREG_IPA_BG_RS"),
        ("LLP-LdV/TOI/2008/BG/011", "LLP"),
        ("FP7-ICT-2011-8", "FP7"),
        ("КП-06-Н57/12", "BNSF"),
    ],
)
def test_programme_for_code_uses_longest_prefix(code: str, programme: str) -> None:
    assert programme_for_code(code) == programme


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=20))
def test_never_raises_and_is_offset_invariant(body: str, prefix: str) -> None:
    shifted_text = prefix + SEPARATOR + body
    offset = len(prefix) + len(SEPARATOR)
    plain = [(m.start + offset, m.end + offset, m.text) for m in find_programmes(body)]
    shifted = [(m.start, m.end, m.text) for m in find_programmes(shifted_text) if m.start >= offset]
    assert plain == shifted
    assert all(shifted_text[s:e] == t for s, e, t in shifted)


def test_programming_period_stays_outside_the_mention_so_the_date_keeps_it() -> None:
    from bulletin_extract.rules.dates import find_dates

    text = "Проектът е по Оперативна програма Иновации и конкурентоспособност 2014-2020, съфинансирана от ЕС."
    (programme,) = find_programmes(text)
    assert programme.text == "Оперативна програма Иновации и конкурентоспособност"
    assert "2014-2020" in programme.explanation
    assert all(programme.end <= d.start for d in find_dates(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("финансиран по Програма ФАР на ЕС", ("Програма ФАР", "PHARE")),
        ("средства от ИСПА за пречиствателна станция", ("ИСПА", "ISPA")),
        ("одобрен по програма САПАРД", ("програма САПАРД", "SAPARD")),
        ("по Седмата рамкова програма на ЕС", ("Седмата рамкова програма", "FP7")),
        ("партньорство по програма Леонардо да Винчи", ("програма Леонардо да Винчи", "LLP")),
    ],
)
def test_earlier_eu_programmes_are_named(text: str, expected: tuple[str, str]) -> None:
    assert ids(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Картината на Леонардо да Винчи",  # the painter, not the programme
        "ФАРЪТ НА ВАРНА СВЕТИ",  # a lighthouse in a headline
        "КРАЙБРЕЖЕН ФАР И ПРИСТАН",
    ],
)
def test_earlier_programme_names_that_are_ordinary_words_are_not_programmes(text: str) -> None:
    assert find_programmes(text) == []


def test_every_registry_entry_says_where_it_comes_from() -> None:
    assert all(p.source for p in registry())


def test_between_words_is_spaces_and_quotes_of_either_range() -> None:
    # the separator is written as two classes (Latin-1, U+201x) so it compiles fast; it
    # must still be exactly "spaces and/or quotes"
    from bulletin_extract.rules.programmes import _BETWEEN_WORDS, QUOTES

    between = re.compile(_BETWEEN_WORDS)
    assert all(between.fullmatch(q) for q in QUOTES + " \t\n\u00a0")
    assert between.fullmatch(" „ ") is not None
    assert between.fullmatch("-") is None and between.fullmatch("a") is None
