"""Lists of names take one kind: the model's odd items are relabelled, unlabelled ones added."""

from __future__ import annotations

from bulletin_extract.enumerations import harmonise_lists, list_items
from bulletin_extract.models import EntityValue, Mention

TEXT = "Членове са Алфа Софт, Бета Консулт, Гама Инвест, БАН и Делта Систем и др."


def _entity(text: str, name: str, label: str, source: str) -> Mention:
    start = text.index(name)
    kind = {"ORG": "org", "PER": "person", "LOC": "location"}[label]
    return Mention(kind=kind, text=name, start=start, end=start + len(name), source=source,  # type: ignore[arg-type]
                   confidence=0.8, value=EntityValue(name=name, label=label))  # type: ignore[arg-type]


def test_list_items_are_split_at_commas_and_the_final_and() -> None:
    (items,) = list_items(TEXT)
    assert [TEXT[i.start : i.end] for i in items] == [
        "Членове са Алфа Софт", "Бета Консулт", "Гама Инвест", "БАН", "Делта Систем",
    ]
    assert [i.loose for i in items] == [True, False, False, False, False]


def test_model_items_disagreeing_with_the_list_are_relabelled() -> None:
    mentions = [
        _entity(TEXT, "Алфа Софт", "PER", "ner"),
        _entity(TEXT, "Бета Консулт", "ORG", "ner"),
        _entity(TEXT, "БАН", "ORG", "gazetteer"),
        _entity(TEXT, "Гама Инвест", "LOC", "ner"),
    ]
    out = {m.text: m for m in harmonise_lists(TEXT, mentions)}
    assert out["Алфа Софт"].kind == "org" and out["Алфа Софт"].value.label == "ORG"  # type: ignore[union-attr]
    assert out["Гама Инвест"].kind == "org"
    assert "relabelled PER->ORG" in out["Алфа Софт"].explanation
    assert out["Алфа Софт"].confidence <= 0.6


def test_unlabelled_items_of_an_organisation_list_are_added() -> None:
    mentions = [_entity(TEXT, "Бета Консулт", "ORG", "ner"), _entity(TEXT, "БАН", "ORG", "gazetteer")]
    added = [m for m in harmonise_lists(TEXT, mentions) if m.explanation.startswith("an unlabelled item")]
    # the first item may carry the words before the list, so it only votes
    assert [(m.text, m.kind, m.confidence) for m in added] == [
        ("Гама Инвест", "org", 0.5), ("Делта Систем", "org", 0.5),
    ]
    assert all(TEXT[m.start : m.end] == m.text for m in added)


def test_sure_items_are_never_relabelled() -> None:
    text = "Гости от София, Пловдив, Варна и БАН."
    mentions = [_entity(text, n, "LOC", "gazetteer") for n in ("София", "Пловдив", "Варна")]
    mentions.append(_entity(text, "БАН", "ORG", "gazetteer"))
    out = {m.text: m.kind for m in harmonise_lists(text, mentions)}
    assert out["БАН"] == "org"


def test_a_split_vote_changes_nothing() -> None:
    text = "Участваха Иван Петров, Алфа Софт, Бета Консулт, Мария Иванова."
    mentions = [
        _entity(text, "Иван Петров", "PER", "ner"), _entity(text, "Мария Иванова", "PER", "ner"),
        _entity(text, "Алфа Софт", "ORG", "ner"), _entity(text, "Бета Консулт", "ORG", "ner"),
    ]
    out = harmonise_lists(text, mentions)
    assert [m.kind for m in out] == ["person", "org", "org", "person"]


def test_a_list_with_dates_is_not_a_list_of_names() -> None:
    text = "Срещи: Пловдив, Май 2018, Варна, Бургас."
    assert list_items(text)  # it looks like a list ...
    start = text.index("Май 2018")
    date = Mention(kind="date", text="Май 2018", start=start, end=start + 8, source="rule", confidence=0.9,
                   value={"type": "date", "start": "2018-05-01", "end": "2018-05-31", "precision": "month"})  # type: ignore[arg-type]
    loc = _entity(text, "Пловдив", "LOC", "gazetteer")
    varna = _entity(text, "Варна", "LOC", "gazetteer")
    assert harmonise_lists(text, [loc, date, varna]) == [loc, date, varna]  # ... but holds a date
