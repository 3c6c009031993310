"""Language data says where it comes from and covers Bulgaria's administrative division."""

from __future__ import annotations

from bulletin_extract.rules.base import load_data


def test_every_gazetteer_entry_has_a_source() -> None:
    data = load_data("gazetteer.json")
    assert [e["name"] for e in data["orgs"] + data["places"] if not e.get("source")] == []


def test_every_given_name_has_a_source() -> None:
    names = load_data("given_names.json")["names"]
    assert len(names) >= 300
    assert [n["name"] for n in names if not n.get("source")] == []


def test_all_28_provinces_and_265_municipalities_are_listed() -> None:
    data = load_data("places_bg.json")
    municipalities = [m["name"] for m in data["municipalities"]]
    assert len(data["provinces"]) == 28
    assert len(municipalities) == 265
    assert len(set(municipalities)) == 264  # Бяла is a municipality of Varna and of Ruse provinces
    assert all(m["source"] for m in data["municipalities"] + data["provinces"])


def test_bulgarian_legal_forms_are_known() -> None:
    forms = set(load_data("entity_shapes.json")["legal_forms"])
    assert {"ЕООД", "ООД", "АД", "ЕАД", "ЕТ", "КД", "СД", "КДА", "ДЗЗД"} <= forms
