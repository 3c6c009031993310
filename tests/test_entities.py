"""Linking org/person/location mentions into entities within one document."""

from __future__ import annotations

import pytest

from bulletin_extract.entities import initials, link_entities, name_key, stem
from bulletin_extract.models import EntityValue, Mention

KIND = {"ORG": "org", "PER": "person", "LOC": "location"}


def mentions(*items: tuple[str, str] | tuple[str, str, str]) -> list[Mention]:
    """Mentions laid end to end; an optional third item is the bracketed abbreviation."""
    out, pos = [], 0
    for i, item in enumerate(items):
        text, label = item[0], item[1]
        abbr = item[2] if len(item) > 2 else None  # type: ignore[misc]
        out.append(
            Mention(
                id=i, kind=KIND[label], text=text, start=pos, end=pos + len(text), source="ner",  # type: ignore[arg-type]
                confidence=0.8, value=EntityValue(name=text, label=label, abbreviation=abbr),  # type: ignore[arg-type]
            )
        )
        pos += len(text) + 1
    return out


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Съюза", "Съюз"),
        ("Тайванския", "Тайвански"),
        ("Клъстерът", "Клъстер"),
        ("Европейската", "Европейска"),
        ("Съвета", "Съвет"),
        ("Платформата", "Платформа"),
    ],
)
def test_stem_joins_article_and_inflection_variants(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_stem_leaves_acronyms_uninflected() -> None:
    assert stem("БАН") == "бан"


def test_name_key_drops_titles() -> None:
    assert name_key("проф. Богдан Угърчински") == name_key("Богдан Угърчински")


def test_initials_skip_connectors() -> None:
    assert initials("Клъстер София град на знанието") == "КСГЗ"


def test_abbreviation_in_brackets_links_to_long_form() -> None:
    orgs, _, _ = link_entities(
        mentions(("Клъстер София град на знанието", "ORG", "КСГЗ"), ("КСГЗ", "ORG", "КСГЗ"), ("КСГЗ", "ORG"))
    )
    assert len(orgs) == 1
    assert orgs[0].name == "Клъстер София град на знанието"
    assert orgs[0].aliases == ["КСГЗ"]
    assert orgs[0].mentions == [0, 1, 2]


def test_abbreviation_matching_initials_links_without_brackets() -> None:
    orgs, _, _ = link_entities(mentions(("Индустриален клъстер Електромобили", "ORG"), ("ИКЕ", "ORG")))
    assert [o.name for o in orgs] == ["Индустриален клъстер Електромобили"]


def test_inflected_org_forms_are_one_organisation() -> None:
    orgs, _, _ = link_entities(
        mentions(("Съюза на изобретателите", "ORG"), ("Съюз на изобретателите", "ORG"), ("БАН", "ORG"), ("БАН", "ORG"))
    )
    assert [(o.name, o.mentions) for o in orgs] == [("Съюза на изобретателите", [0, 1]), ("БАН", [2, 3])]


def test_initial_and_surname_join_the_full_name() -> None:
    _, people, _ = link_entities(
        mentions(("проф. Богдан Угърчински", "PER"), ("Богдан Угърчински", "PER"), ("проф. Б. Угърчински", "PER"))
    )
    assert len(people) == 1
    assert people[0].name == "Богдан Угърчински"
    assert people[0].mentions == [0, 1, 2]


def test_different_initial_is_a_different_person() -> None:
    _, people, _ = link_entities(mentions(("Богдан Угърчински", "PER"), ("К. Угърчински", "PER")))
    assert len(people) == 2


def test_lone_surname_joins_its_only_owner() -> None:
    _, people, _ = link_entities(mentions(("Илия Левков", "PER"), ("Левков", "PER")))
    assert [(p.name, p.mentions) for p in people] == [("Илия Левков", [0, 1])]


def test_places_merge_case_variants() -> None:
    _, _, places = link_entities(mentions(("Сингапур", "LOC"), ("СИНГАПУР", "LOC"), ("Канада", "LOC")))
    assert [p.name for p in places] == ["Сингапур", "Канада"]
    assert places[0].aliases == ["СИНГАПУР"]


def test_non_entity_mentions_are_ignored() -> None:
    assert link_entities([]) == ([], [], [])
