"""Properties of the whole rule stage that must hold for any input (issue 5).

Inputs are arbitrary Unicode mixed with Bulgarian fragments the rules react to (dates,
amounts, codes, counts), so the properties are exercised on real mentions and on their
neighbourhood with hostile characters (control codes, NUL, RTL marks, combining marks).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin_extract.models import DateValue, Mention, MoneyValue
from bulletin_extract.nlp import load_pipeline
from bulletin_extract.pipeline import extract

FRAGMENTS = [
    "12 март 2021 г.", "от 3 до 5 май 2022 г.", "1–3.10.2019", "през април 2020", "31.12.2023 г.",
    "250 000 лв.", "1,952 млн. евро", "над 3 млн. лв.", "между 10 и 20 хил. евро", "0 лв.",
    "ВG16RFOP002-2.009-С05", "BG16RFOP002-2.009-C05", "H2020-ICT-2018-20", "2022-1-DE02-KA220-VET-000089396",
    "ОП „Иновации и конкурентоспособност“", "Хоризонт 2020", "Еразъм+",
    "25 участници от 7 държави", "Партньори са 12 организации", "двадесет и пет",
    "Проектът", "Срещата се проведе в София", "\n\n", "\n", " ", ".", ",", "-", "–", "(", ")", "„", "“",
    "\x00", "\u200f", "\u202e", "\ufeff", "\u0301", "\t", "\r\n", "9" * 40, "г.", "лв.", "евро",
]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30).map("".join)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline(use_ner=False)


def rule_mentions(nlp, text: str) -> list[Mention]:  # type: ignore[no-untyped-def]
    return list(nlp(text)._.mentions or [])


def assert_sound(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text)
        assert m.text == text[m.start : m.end], m
        if isinstance(m.value, MoneyValue):
            assert math.isfinite(m.value.amount) and m.value.amount >= 0
            assert math.isfinite(m.value.amount_eur) and m.value.amount_eur >= 0
        if isinstance(m.value, DateValue):
            assert m.value.start <= m.value.end


@SETTINGS
@given(text=texts)
def test_rule_stage_never_raises_and_mentions_are_sound(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert_sound(text, rule_mentions(nlp, text))


@SETTINGS
@given(text=st.text(max_size=300))
def test_rule_stage_on_any_unicode(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert_sound(text, rule_mentions(nlp, text))


@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_rule_stage_is_deterministic(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    first = [m.model_dump() for m in rule_mentions(nlp, text)]
    assert [m.model_dump() for m in rule_mentions(nlp, text)] == first


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_extract_on_any_text_file_is_sound_and_repeatable(tmp_path: Path, text: str) -> None:
    """The whole flow (ingest, segment, rules, assemble, validate) on a .txt file."""
    path = tmp_path / "any.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    first = extract(path, use_ner=False, include_text=True)
    assert first.text is not None
    assert_sound(first.text, first.mentions)
    for record in (*first.projects, *first.events, *first.missions, *first.timeline):
        assert 0 <= record.start <= record.end_offset <= len(first.text)
    again = extract(path, use_ner=False, include_text=True)
    assert again.model_dump() == first.model_dump()


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("На 12 март 2021 г.\x00 се проведе", "date", "12 март 2021 г."),
        ("\u200fбюджет 250 000 лв.\u202e", "money", "250 000 лв."),
        ("\ufeffкод ВG16RFOP002-2.009-С05\x07", "programme_code", "ВG16RFOP002-2.009-С05"),
    ],
)
def test_hostile_neighbours_do_not_shift_offsets(nlp, text: str, kind: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    found = [m for m in rule_mentions(nlp, text) if m.kind == kind]
    assert [m.text for m in found] == [expected]
    assert text[found[0].start : found[0].end] == expected
