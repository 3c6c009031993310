"""Programme codes: each scheme, the programme it maps to, mixed scripts, hard negatives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_extract.rules.base import load_data
from bulletin_extract.rules.codes import find_codes

SEPARATOR = "\n|\n"  # no rule reads across it


def codes(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.value.code, m.value.scheme, m.value.programme) for m in find_codes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ОПИК, BG16RFOP002-2.009.", ("BG16RFOP002-2.009", "bg_eu_funds", "OPIC")),
        ("BG16RFOP002-2.009-0123-C01", ("BG16RFOP002-2.009-0123-C01", "bg_eu_funds", "OPIC")),
        ("процедура BG05M9OP001-1.003", ("BG05M9OP001-1.003", "bg_eu_funds", "OPHRD")),
        ("BG05SFPR001-1.001", ("BG05SFPR001-1.001", "bg_eu_funds", "PE")),
        ("BG16FFPR003-2.001-0005", ("BG16FFPR003-2.001-0005", "bg_eu_funds", "PRD")),
        ("BG16RFOP001-1.001", ("BG16RFOP001-1.001", "bg_eu_funds", "OPRG")),
        ("мярка BG06RDNP001-4.001", ("BG06RDNP001-4.001", "bg_eu_funds", "RDP")),
        ("по ПВУ BG-RRP-2.004-0001", ("BG-RRP-2.004-0001", "bg_recovery_plan", "NRRP")),
        ("BGINNOVATION-1.001-0001", ("BGINNOVATION-1.001-0001", "eea_norway_grants", "EEA_NORWAY_GRANTS")),
        ("H2020-ICT-2018-20", ("H2020-ICT-2018-20", "horizon_call", "H2020")),
        (
            "HORIZON-CL4-2021-DIGITAL-EMERGING-01",
            ("HORIZON-CL4-2021-DIGITAL-EMERGING-01", "horizon_call", "HORIZON_EUROPE"),
        ),
        ("DIGITAL-2021-EDIH-01", ("DIGITAL-2021-EDIH-01", "eu_call", "DIGITAL_EUROPE")),
        ("SMP-COSME-2021-CLUSTER", ("SMP-COSME-2021-CLUSTER", "eu_call", "SMP")),
        ("COS-CLUSINT-2019-3-01", ("COS-CLUSINT-2019-3-01", "eu_call", "COSME")),
        (
            "Digiskill-Retail- 2022-1-DE02-KA220-VET-000089396 ERASMUS+.",
            ("2022-1-DE02-KA220-VET-000089396", "erasmus_project", "ERASMUS_PLUS"),
        ),
        ("2020-1-BG01-KA202-079155", ("2020-1-BG01-KA202-079155", "erasmus_project", "ERASMUS_PLUS")),
        ("проект ROBG-416", ("ROBG-416", "interreg_project", "INTERREG_RO_BG")),
        ("grant agreement No 101017045", ("101017045", "grant_agreement", None)),
        ("Grant Agreement n° 825618.", ("825618", "grant_agreement", None)),
        ("Договор № РД-16-123 от 15.03.2020", ("РД-16-123", "contract_number", None)),
    ],
)
def test_each_scheme_normalises_code_and_programme(text: str, expected: tuple) -> None:
    assert codes(text) == [expected]


def test_labelled_contract_keeps_the_specific_scheme() -> None:
    found = find_codes("Договор № BG16RFOP002-2.009-0123-C01 е подписан.")
    assert [(m.text, m.value.scheme, m.value.programme) for m in found] == [
        ("BG16RFOP002-2.009-0123-C01", "bg_eu_funds", "OPIC")
    ]


def test_two_horizon_calls_joined_by_slash_are_two_mentions() -> None:
    found = find_codes("MediaMotorEurope - H2020-ICT-2018-20/H2020-ICT-2019-2. Проектът")
    assert [m.text for m in found] == ["H2020-ICT-2018-20", "H2020-ICT-2019-2"]


def test_cyrillic_lookalikes_are_normalised_but_text_kept() -> None:
    (m,) = find_codes("по ВG16RFOP002-2.009-С05.")
    assert m.text == "ВG16RFOP002-2.009-С05"
    assert m.value.code == "BG16RFOP002-2.009-C05"
    assert m.value.programme == "OPIC"
    assert "Cyrillic" in m.explanation


def test_trailing_full_stop_is_not_part_of_the_code() -> None:
    (m,) = find_codes("Кодът е BG05M9OP001-1.003.")
    assert m.text == "BG05M9OP001-1.003"


@pytest.mark.parametrize(
    "text",
    [
        "Дата: 22.12.2022 г.",
        "2022-12-22",
        "над 8,2 млн. лв.",
        "Интернационализация на Индустрия 4.0 - Тайван-ЕС",
        "София 1000, ул. Цар Калоян 8, ет.2, офис 11-12",
        "тел. +359 2 981 12 34, 0888 123 456",
        "през 2018 - 2019 г.",
        "версия 4.0",
        "Публикувана е регистрацията от СГС № 1/25.01.2017 г.",
        "Договор № 15/12.03.2020",
        "ВС16 и КА220",
    ],
)
def test_hard_negatives_are_not_codes(text: str) -> None:
    assert find_codes(text) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="BGHRFOPКАСВ0123456789-./ №\nДоговор", max_size=60), st.text(max_size=20))
def test_never_raises_and_is_offset_invariant(body: str, prefix: str) -> None:
    shifted_text = prefix + SEPARATOR + body
    offset = len(prefix) + len(SEPARATOR)
    plain = [(m.start + offset, m.end + offset, m.text) for m in find_codes(body)]
    shifted = [(m.start, m.end, m.text) for m in find_codes(shifted_text) if m.start >= offset]
    assert plain == shifted
    assert all(shifted_text[s:e] == t for s, e, t in shifted)


# ------------------------------------------------------------- the scheme registry


def _registry_examples() -> list[tuple[str, str]]:
    data = load_data("code_schemes.json")
    return [(s["scheme"], ex) for s in data["schemes"] + data["labelled"] for ex in s["examples"]]


@pytest.mark.parametrize(("scheme", "example"), _registry_examples())
def test_every_registry_example_gives_one_code_of_its_scheme(scheme: str, example: str) -> None:
    assert [m.value.scheme for m in find_codes(example)] == [scheme]


def test_every_registry_scheme_has_name_example_and_source() -> None:
    data = load_data("code_schemes.json")
    for s in data["schemes"] + data["labelled"]:
        assert s["name"] and s["examples"] and s["source"].startswith("general knowledge")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "партньорство по Леонардо да Винчи № 2012-1-BG1-LEO05-06845",
            ("2012-1-BG1-LEO05-06845", "llp_project", "LLP"),
        ),
        ("Коменски, проект 2013-1-BG1-COM06-07110.", ("2013-1-BG1-COM06-07110", "llp_project", "LLP")),
        ("проект LLP-LdV/TOI/2008/BG/011 приключи", ("LLP-LdV/TOI/2008/BG/011", "llp_project", "LLP")),
        ("мярка BG2005/017-353.10.01 по ФАР", ("BG2005/017-353.10.01", "phare_project", "PHARE")),
        ("ИСПА мярка 2000/BG/16/P/PE/003", ("2000/BG/16/P/PE/003", "ispa_measure", "ISPA")),
        ("проект CB005.1.11.123 по програмата", ("CB005.1.11.123", "interreg_project", "INTERREG_IPA_BG_TR")),
        ("код на проекта 2(2i)-1.1-12", ("2(2i)-1.1-12", "interreg_project", None)),
        ("покана FP7-ICT-2011-8", ("FP7-ICT-2011-8", "fp7_call", "FP7")),
        ("Grant Agreement No 101036563", ("101036563", "grant_agreement", None)),
        (
            "Проект n.2018-1-BG01-KA204-047871",
            ("2018-1-BG01-KA204-047871", "erasmus_project", "ERASMUS_PLUS"),
        ),
        (
            "Проект No.2020-1-BG01-KA202-079173",
            ("2020-1-BG01-KA202-079173", "erasmus_project", "ERASMUS_PLUS"),
        ),
    ],
)
def test_schemes_beyond_the_operational_programmes(text: str, expected: tuple) -> None:
    assert codes(text) == [expected]


def test_register_number_keeps_its_date_after_a_contract_label() -> None:
    assert codes("сключен Договор № Д01-123/15.05.2020 г. с министерството") == [
        ("Д01-123/15.05.2020", "contract_number", None)
    ]


def test_eu_funds_contract_with_a_date_is_the_code_without_the_date() -> None:
    (m,) = find_codes("Договор № BG05M9OP001-1.003-0001-C01/01.03.2017 г.")
    assert (m.text, m.value.programme) == ("BG05M9OP001-1.003-0001-C01", "OPHRD")


def test_labelled_number_takes_the_programme_named_in_its_sentence() -> None:
    found = find_codes("По Седмата рамкова програма е сключен договор № 265432 с Комисията.")
    assert [(m.value.code, m.value.programme) for m in found] == [("265432", "FP7")]


def test_programme_of_another_sentence_is_not_taken() -> None:
    found = find_codes("Работим по Седмата рамкова програма. Наемът е по договор № 4512 с общината.")
    assert [(m.value.code, m.value.programme) for m in found] == [("4512", None)]


@pytest.mark.parametrize(
    "text",
    [
        "ISBN 978-954-8923-12-4",
        "IBAN: BG80 BNBG 9661 1020 3456 78",
        "IBAN BG80BNBG96611020345678, BIC BNBGBGSF",
        "гр. Пловдив 4000, ул. Гладстон 12",
        "тел.: 032/62 45 71, факс 032/63 12 00",
        "Заповед № РД-09-123/15.05.2020 г. на министъра",  # an order, not a contract
        "в периода 2007/2013 г. и 2014/2020 г.",
        "ЕИК 123456789, ДДС № BG123456789",
        "стр. 12-15, т. 3",
    ],
)
def test_more_hard_negatives_are_not_codes(text: str) -> None:
    assert find_codes(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("по процедура BG05M9OP001–1.003 (ОПРЧР)", "BG05M9OP001-1.003"),  # en dash
        ("договор BG16RFOP002‑2.009‑0123‑C01", "BG16RFOP002-2.009-0123-C01"),  # non-breaking hyphens
    ],
)
def test_typographic_dashes_inside_a_code_are_hyphens(text: str, code: str) -> None:
    assert [m.value.code for m in find_codes(text)] == [code]


def test_an_agreement_label_introduces_a_register_number() -> None:
    assert codes("Споразумение № РД50-17/02.08.2023 г. за финансиране") == [
        ("РД50-17/02.08.2023", "contract_number", None)
    ]


@pytest.mark.parametrize("text", ["в периода 2014–2020 г.", "стр. 12–15", "тел. 02–981–12–34"])
def test_ranges_with_en_dashes_are_not_codes(text: str) -> None:
    assert find_codes(text) == []


def test_each_scheme_finds_from_the_shared_scan_what_its_own_scan_finds() -> None:
    from bulletin_extract.rules.codes import _CODE_CHARACTERS, _shape_matches, registry

    text = (
        "Договор BG16RFOP002-2.009-0123-C01 по H2020-ICT-2018-20/H2020-ICT-2019-2, "
        "проект 2020-1-BG01-KA202-079173 и ROBG-416; не е код: 22.12.2022, BG-RRP-2.004-0001."
    ).translate(_CODE_CHARACTERS)
    own = [(s.scheme, m.span()) for s in registry()[0] for m in s.regex.finditer(text)]
    shared = [(s.scheme, m.span()) for s, m in _shape_matches(text)]
    assert shared == own
    assert len(own) >= 5
