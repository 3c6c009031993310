"""Programme codes: each scheme, the programme it maps to, mixed scripts, hard negatives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        ("BG05SFPR001-1.001", ("BG05SFPR001-1.001", "bg_eu_funds", "PHRD")),
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
