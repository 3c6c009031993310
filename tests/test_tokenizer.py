"""The bg tokenizer, tuned for bulletins: abbreviations and codes are one token each."""

from __future__ import annotations

import pytest

from bulletin_extract.nlp import make_tokenizer_nlp

NLP = make_tokenizer_nlp()


def tokens(text: str) -> list[str]:
    return [t.text for t in NLP(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("бюджет от 484 хил. лв.", ["бюджет", "от", "484", "хил.", "лв."]),
        ("в т.ч. 248 хил. евро", ["в", "т.ч.", "248", "хил.", "евро"]),
        ("1,952 млн. евро", ["1,952", "млн.", "евро"]),
        ("22.12.2022 Г.", ["22.12.2022", "Г."]),
        ("19.12.2016г.", ["19.12.2016", "г."]),
        ("ОПИК, BG16RFOP002-2.009. Проектът", ["ОПИК", ",", "BG16RFOP002-2.009", ".", "Проектът"]),
        ("H2020-ICT-2018-20 и", ["H2020-ICT-2018-20", "и"]),
        ("2022-1-DE02-KA220-VET-000089396 ERASMUS+.", ["2022-1-DE02-KA220-VET-000089396", "ERASMUS+", "."]),
        ("г-н Добри Митрев", ["г-н", "Добри", "Митрев"]),
        ("Телелинк Инфра-сървис", ["Телелинк", "Инфра-сървис"]),
        ("по-добри условия", ["по-добри", "условия"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected
