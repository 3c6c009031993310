"""Rules find names they were never shown: the sample with its names replaced by other ordinary ones.

The gazetteer and the name shapes must not be a memory of the sample. Every person,
place and organisation below is renamed to an equally ordinary name that the sample does
not contain; the rules alone (no model) must still find each one with its label.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract.evaluate import normalise_name
from bulletin_extract.rules.gazetteer import find_entities

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "issue8.txt"

#: sample name -> replacement, and the label the replacement must be found with
RENAMES: list[tuple[str, str, str]] = [
    ("Илия Левков", "Калоян Стоянов", "PER"),
    ("Добри Митрев", "Боян Колев", "PER"),
    ("Румен Николов", "Благовест Данаилов", "PER"),
    ("Калина Дереджиева", "Цветана Костадинова", "PER"),
    ("Стефан Воденичаров", "Бисер Минчев", "PER"),
    ("Янко Янев", "Станимир Пеев", "PER"),
    ("Сингапур", "Финландия", "LOC"),
    ("Торонто", "Антверпен", "LOC"),
    ("Монреал", "Гьотеборг", "LOC"),
    ("Солун", "Тутракан", "LOC"),
    ("Итака", "Алкмар", "LOC"),  # after "град": a town no list holds
    ("Любляна", "Смядово", "LOC"),
    ("Легранд ЕООД", "Мелон ЕООД", "ORG"),
    ("Столична агенция за инвестиции", "Агенция по заетостта", "ORG"),
    ("Асоциация за развитие на София", "Община Тервел", "ORG"),
    ("Индустриален клъстер Електромобили", "Национален клъстер Мехатроника", "ORG"),
    ("Тайвански търговски център", "Гръцки търговски център", "ORG"),
    ("БАН", "УНСС", "ORG"),
]
#: other written forms of the renamed names in the sample
ALSO = [("ИКЕМ", "НКМ"), ("Левков", "Стоянов"), ("Митрев", "Колев")]


@pytest.fixture(scope="module")
def renamed() -> str:
    if not SAMPLE.is_file():
        pytest.skip("samples/issue8.txt is absent")
    text = SAMPLE.read_text("utf-8")
    for old, new, _ in RENAMES:
        text = text.replace(old, new)
    for old, new in ALSO:
        text = text.replace(old, new)
    return text


def test_replacements_are_not_in_the_sample() -> None:
    text = SAMPLE.read_text("utf-8")
    assert [new for _, new, _ in RENAMES if new in text] == []


@pytest.mark.parametrize(("old", "new", "label"), RENAMES, ids=[new for _, new, _ in RENAMES])
def test_renamed_name_is_found_by_rules_alone(renamed: str, old: str, new: str, label: str) -> None:
    assert new in renamed
    found = {(normalise_name(m.text), m.value.label) for m in find_entities(renamed)}  # type: ignore[union-attr]
    assert (normalise_name(new), label) in found
