"""OCR words put back in shape: codes held to the code schemes, month names, table rules.

Pure functions on invented strings: no Tesseract needed.
"""

from __future__ import annotations

import pytest

from bulletin_extract.ingest.layout import Box, Char
from bulletin_extract.ingest.ocr import best_reading, deskew_angle, drop_rule_readings
from bulletin_extract.ingest.ocr_codes import code_strength, looks_like_code, repair_to_scheme
from bulletin_extract.ingest.ocr_months import repair_month
from bulletin_extract.rules.base import load_data


@pytest.mark.parametrize("read,meant", [
    ("H2O2O-SC5-2O17-1", "H2020-SC5-2017-1"),  # Horizon 2020 call: O for 0 in its digit groups
    ("ROBG-4l7", "ROBG-417"),  # Interreg Romania-Bulgaria: l for 1
    ("PGIOS9O4", "PGI05904"),  # Interreg Europe: O and S for 0 and 5 after the letters
    ("2O21-l-BGOl-KA122-OO4567", "2021-1-BG01-KA122-004567"),  # Erasmus+: both ways in one word
])
def test_code_misread_by_ocr_is_put_in_its_schemes_shape(read: str, meant: str) -> None:
    assert repair_to_scheme(read) == meant


def test_code_repair_keeps_the_closing_full_stop() -> None:
    assert repair_to_scheme("ROBG-4l7.") == "ROBG-417."


def test_word_in_a_schemes_shape_already_is_left_alone() -> None:
    assert repair_to_scheme("BG16RFOP002-2.009") == "BG16RFOP002-2.009"


@pytest.mark.parametrize("word", ["ИСУН2020-ОБЩ", "МРРБ-2019", "Договор-2019", "OBSHTINA-2O2"])
def test_word_no_confusion_makes_a_code_of_stays_as_read(word: str) -> None:
    assert repair_to_scheme(word) == word


def test_word_needing_more_repairs_than_allowed_stays_as_read() -> None:
    # "ROBG-" and four digits: every digit read as a letter is five changes from the shape
    assert repair_to_scheme("RO8G-IlSZ", max_repairs=4) == "RO8G-IlSZ"


@pytest.mark.parametrize("word,strength", [
    ("BG16RFOP002-3.002-0456.", 2),  # a registered programme's prefix
    ("BG16RFOPO002-3.002-0456", 1),  # the EU-funds shape, no programme: a letter too many
    ("ВС16КЕОР002-3.002-0456", 0),  # G, R, F read as Cyrillic С, К, Е
    ("ROBG-417/ROBG-418", 2),  # two codes joined by "/"
])
def test_code_strength_says_how_surely_a_word_is_a_code(word: str, strength: int) -> None:
    assert code_strength(word) == strength


@pytest.mark.parametrize("word,looks", [
    ("ВС16КЕОР002-3.002-0456.", True), ("BGO5M9OP001", True),
    ("19.12.2016г.", False), ("ЗЮЛНЦ", False), ("2018-2022", False), ("eT4S", False),
])
def test_words_worth_a_second_reading_are_capitals_with_digits(word: str, looks: bool) -> None:
    assert looks_like_code(word) is looks


def test_second_reading_that_is_a_known_programmes_code_wins() -> None:
    votes = [("ВС16КЕОР002-3.002-0456.", 0.8), ("BG16RFOPO002-3.002-0456.", 0.9),
             ("BG16RFOP002-3.002-0456.", 0.7), ("BG16RFOPO002-3.002-0456.", 0.9)]
    assert best_reading(votes) == ("BG16RFOP002-3.002-0456.", 0.7)


def test_among_equally_sure_readings_the_most_frequent_wins() -> None:
    votes = [("HORIZON-CL5-2O23-D3-O1", 0.6), ("HORIZON-CL6-2023-D3-01", 0.8),
             ("HORIZON-CL5-2023-D3-01", 0.9), ("HORIZON-CL5-2023-D3-01", 0.9)]
    assert best_reading(votes)[0] == "HORIZON-CL5-2023-D3-01"


def test_first_reading_stands_when_no_reading_is_a_code() -> None:
    # however often the English model agrees with itself on a Cyrillic word
    votes = [("ИСУН2020", 0.9), ("MCYH2020", 0.5), ("MCYH2020", 0.5), ("MCYH2020", 0.5)]
    assert best_reading(votes) == ("ИСУН2020", 0.9)


def test_month_read_in_latin_beside_a_number_is_put_back() -> None:
    assert repair_month(["Срещата", "е", "на", "12", "Mau", "2025", "г."]) == \
        ["Срещата", "е", "на", "12", "Май", "2025", "г."]


def test_month_read_in_latin_keeps_its_comma() -> None:
    assert repair_month(["от", "3", "до", "7", "Mau,", "2024", "г."])[4] == "Май,"


def test_latin_word_without_a_number_beside_it_is_no_month() -> None:
    words = ["Фирмата", "Mau", "ще", "участва"]
    assert repair_month(words) == words


def test_month_repair_leaves_a_latin_line_alone() -> None:
    words = ["Meeting", "on", "12", "Mau", "2025"]
    assert repair_month(words) == words


def _word(text: str, x0: float, x1: float) -> Char:
    return Char(text, x0, x1, 100.0, 111.0, 11.0, False, 1)


def test_bar_read_from_a_drawn_cell_edge_is_dropped() -> None:
    cell = Box(72.0, 95.0, 200.0, 115.0, 1)
    chars = [_word("Ремонт", 80.0, 120.0), _word("|", 199.0, 201.0), _word("48", 210.0, 222.0)]
    kept, words = drop_rule_readings(chars, [(c.text, 0.9) for c in chars], (cell,))
    assert ([c.text for c in kept], [w for w, _ in words]) == (["Ремонт", "48"], ["Ремонт", "48"])


def test_bar_away_from_any_drawn_rule_stays() -> None:
    cell = Box(72.0, 95.0, 200.0, 115.0, 1)
    chars = [_word("Брой", 300.0, 330.0), _word("|", 335.0, 337.0), _word("8", 342.0, 348.0)]
    kept, _ = drop_rule_readings(chars, [(c.text, 0.9) for c in chars], (cell,))
    assert [c.text for c in kept] == ["Брой", "|", "8"]


def test_level_page_of_text_is_not_turned() -> None:
    # an A4 page at 300 dpi of level lines: turns of 0 and 0.1 degree score alike, the smaller wins
    from PIL import Image, ImageDraw, ImageFont

    font_file = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
    try:
        font = ImageFont.truetype(font_file, 42)
    except OSError:
        pytest.skip("DejaVu fonts not installed")
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    for n, y in enumerate(range(300, 3200, 70)):
        draw.text((300, y), "Проектът за обучение на младежи започна през март" + " и продължава" * (n % 3),
                  font=font, fill=0)
    assert deskew_angle(page) == 0.0


def test_every_code_confusion_has_its_source() -> None:
    pairs = load_data("ocr_confusables.json")["code_confusions"]
    assert pairs and all(len(p["read"]) == 1 and len(p["meant"]) == 1 and p["source"] for p in pairs)
