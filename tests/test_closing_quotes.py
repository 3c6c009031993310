"""A name is quoted whole or not at all: a span that opens „ takes the “ right after it."""

from __future__ import annotations

from bulletin_extract.rules.base import closing_quote_end
from bulletin_extract.rules.gazetteer import find_entities
from model_marks import needs_model


def test_closing_quote_end_only_moves_for_an_unclosed_quote() -> None:
    text = "Фондация „Добро утро“ и ДЗЗД \"Пример\" са партньори"
    assert closing_quote_end(text, 0, text.index("“")) == text.index("“") + 1
    assert closing_quote_end(text, 0, text.index("“") + 1) == text.index("“") + 1  # closed already
    assert closing_quote_end(text, 0, len("Фондация")) == len("Фондация")  # no quote opened
    ascii_end = text.rindex('"')
    assert closing_quote_end(text, text.index("ДЗЗД"), ascii_end) == ascii_end + 1
    assert closing_quote_end(text, 0, len(text)) == len(text)  # at the end of the text


def test_gazetteer_name_written_with_quotes_keeps_its_closing_quote() -> None:
    text = "Отчетът е внесен в Държавна агенция „Електронно управление“ през март."
    names = [m.text for m in find_entities(text) if m.kind == "org"]
    assert "Държавна агенция „Електронно управление“" in names


@needs_model
def test_model_name_with_an_opened_quote_is_closed() -> None:
    from bulletin_extract import pipeline
    from bulletin_extract.nlp import load_pipeline

    text = "Кметът откри форума в Пловдив.\n\nСдружение „Зелена долина“ е партньор."
    found = pipeline._model_mentions(load_pipeline(use_ner=True), text, [], [])
    orgs = [m.text for m in found if m.kind == "org"]
    assert orgs and all(m.count("„") == m.count("“") for m in orgs)
    assert "Сдружение „Зелена долина“" in orgs
