"""A numbered item typed as "5) ..." whose lines wrap back to the margin (the "N)" marker
is not kept in the item's text).

Word and LibreOffice paragraphs that start with a typed number have no hanging indent: the
item's second line starts at the margin, not under its text. Such a line ends the list
only when it starts a new sentence; a line going on in lower case, or the year of a date
broken after its dot, goes on with the item.
"""

from __future__ import annotations

from bulletin_extract.document import DocumentBuilder
from bulletin_extract.ingest.layout import PageChars, fill_builder, layout_pages
from synthetic_chars import words_at

W, H, LEFT, STEP = 595.0, 842.0, 60.0, 14.0


def read(lines: list[str]) -> list[str]:
    """The blocks of a page whose lines all start at the margin, one under the other."""
    chars = [c for i, text in enumerate(lines) for c in words_at(text, LEFT, 100.0 + STEP * i)]
    builder = DocumentBuilder()
    fill_builder(layout_pages([PageChars(1, W, H, chars)]), builder, 1)
    return [builder.text[b.start : b.end] for b in builder.blocks]


def test_an_item_going_on_in_lower_case_at_the_margin_is_one_item():
    assert read(["1) Среща с кмета на общината и с представители на",
                 "местния бизнес за новите индустриални зони."]) == [
        "Среща с кмета на общината и с представители на местния бизнес за новите индустриални зони."]


def test_a_date_broken_after_its_dot_stays_one_date():
    assert read(["2) Посещение в Торонто от 07.11 до 11.11.", "2022 г. с трима членове на клъстера."]) == [
        "Посещение в Торонто от 07.11 до 11.11. 2022 г. с трима членове на клъстера."]


def test_a_new_sentence_at_the_margin_ends_the_list():
    assert read(["3) Обучение за млади предприемачи.", "Общината благодари на всички участници."]) == [
        "Обучение за млади предприемачи.", "Общината благодари на всички участници."]


def test_a_lettered_sub_item_is_not_taken_for_the_items_sentence():
    assert read(["4) Предложения за промени в закона:", "а. по-широко публикуване на данни;"]) == [
        "Предложения за промени в закона:", "а. по-широко публикуване на данни;"]
