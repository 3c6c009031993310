"""Reading order on synthetic pages: lists, frames, tables, columns (ingest.layout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract.document import DocumentBuilder
from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.layout import Box, Char, PageChars, fill_builder, layout_pages

W, H, SIZE, CHAR_W = 595.0, 842.0, 10.0, 5.0


def words_at(text: str, x: float, baseline: float, size: float = SIZE, page: int = 1) -> list[Char]:
    chars = []
    for word in text.split():
        chars.append(Char(word, x, x + CHAR_W * len(word), baseline - size, baseline, size, False, page))
        x += CHAR_W * (len(word) + 1)
    return chars


def read(rows: list[tuple[str, float, float]], boxes: list[Box] | None = None) -> tuple[str, list[str]]:
    chars = [c for text, x, y in rows for c in words_at(text, x, y)]
    builder = DocumentBuilder()
    fill_builder(layout_pages([PageChars(1, W, H, chars, boxes or [])]), builder, 1)
    return builder.text, [b.kind for b in builder.blocks]


# ---------------------------------------------------------------- lists


def test_numbered_items_with_a_hanging_indent_are_one_entry_each():
    rows = [
        ("1.", 84, 100), ("Проектът за укрепване на капацитета", 108, 100),
        ("е по ОПИК с бюджет от 484 хил. лв.", 108, 112),
        ("2.", 84, 124), ("Проектът MediaMotorEurope е с бюджет", 108, 124), ("от 1,952 млн. евро.", 108, 136),
    ]
    text, kinds = read(rows)
    assert text == (
        "1. Проектът за укрепване на капацитета е по ОПИК с бюджет от 484 хил. лв.\n\n"
        "2. Проектът MediaMotorEurope е с бюджет от 1,952 млн. евро."
    )
    assert kinds == ["paragraph", "paragraph"]


def test_numbered_entry_with_an_indented_first_line_runs_on_at_the_column_edge():
    rows = [("1. Укрепване на капацитета на", 62, 100), ("клъстера по ОПИК с бюджет 484 хил. лв.", 50, 112),
            ("Проектът приключи.", 50, 124)]
    text, kinds = read(rows)
    assert text == "1. Укрепване на капацитета на клъстера по ОПИК с бюджет 484 хил. лв. Проектът приключи."
    assert kinds == ["paragraph"]


def test_word_bullet_from_the_private_use_area_is_removed():
    rows = [("\uf0b7 първа точка на списъка", 50, 100), ("\uf0b7 втора точка", 50, 112)]
    text, kinds = read(rows)
    assert text == "първа точка на списъка\nвтора точка"
    assert kinds == ["list_item", "list_item"]


def test_lettered_items_lose_their_marker_like_a_text_file():
    rows = [("Целите са:", 50, 100), ("а) обучение на младежи;", 60, 112), ("б) нови работни места.", 60, 124)]
    text, kinds = read(rows)
    assert text == "Целите са:\n\nобучение на младежи;\nнови работни места."
    assert kinds == ["paragraph", "list_item", "list_item"]


def test_number_wrapped_to_a_line_start_inside_a_sentence_is_not_an_item():
    rows = [("Бюлетинът излиза в брой", 50, 100), ("8. за тази година.", 50, 112)]
    text, _ = read(rows)
    assert text == "Бюлетинът излиза в брой 8. за тази година."


def test_enumerator_of_an_inline_enumeration_wrapped_to_a_line_start_is_not_an_item():
    rows = [("Членовете посетиха три събития: 1) панаир в Пловдив; 2) среща", 50, 100),
            ("в Русе;", 50, 112), ("3) семинар във Варна; 4) обучение в Бургас.", 50, 124)]
    text, kinds = read(rows)
    assert text == ("Членовете посетиха три събития: 1) панаир в Пловдив; 2) среща в Русе; "
                    "3) семинар във Варна; 4) обучение в Бургас.")
    assert kinds == ["paragraph"]


def test_word_broken_at_a_line_end_continues_past_a_wide_gap():
    """A float pushed the rest of the word down: no paragraph ends inside a word."""
    rows = [("Фирмите работят заедно по вери-", 50, 100), ("гата на доставките в града.", 50, 124)]
    text, kinds = read(rows)
    assert text == "Фирмите работят заедно по веригата на доставките в града."
    assert kinds == ["paragraph"]


# ---------------------------------------------------------------- frames


def test_frame_around_the_whole_page_text_is_background_not_a_sidebar():
    rows = [("Клъстерът навърши шест години от", 50, 100), ("В този брой", 260, 104), ("създаването си и", 50, 112),
            ("Проекти 2", 260, 116), ("празнува с гости.", 50, 124)]
    boxes = [Box(10, 10, 585, 200), Box(255, 85, 380, 125)]
    text, kinds = read(rows, boxes)
    assert text == "Клъстерът навърши шест години от създаването си и празнува с гости.\n\nВ този брой\n\nПроекти 2"
    assert kinds == ["paragraph", "sidebar", "sidebar"]


# ---------------------------------------------------------------- tables


def ruled_grid(xs: list[float], ys: list[float]) -> list[Box]:
    """Cell borders drawn as thin rectangles, as Chromium draws a collapsed table border."""
    rules = [Box(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in xs]
    return rules + [Box(xs[0], y - 0.25, xs[-1], y + 0.25) for y in ys]


def test_wrapped_table_cells_read_row_by_row_in_column_order():
    rows = [
        ("септември -", 70, 110), ("първи срещи в БАН между", 155, 110),
        ("октомври", 70, 122), ("академик Стефан Воденичаров", 155, 122),
        ("2015 г.", 70, 134),
        ("декември", 70, 160), ("оформяне на концепцията", 155, 160),
        ("2015 г.", 70, 172),
    ]
    text, kinds = read(rows, ruled_grid([63, 147, 375], [98, 146, 184]))
    assert text == (
        "септември - октомври 2015 г. | първи срещи в БАН между академик Стефан Воденичаров\n"
        "декември 2015 г. | оформяне на концепцията"
    )
    assert kinds == ["table_row", "table_row"]


def test_table_is_read_in_its_place_between_paragraphs():
    rows = [("Историята в дати:", 63, 80), ("2016 г.", 70, 110), ("учредяване", 155, 110),
            ("2022 г.", 70, 132), ("юбилей", 155, 132), ("След това растем.", 63, 200)]
    text, kinds = read(rows, ruled_grid([63, 147, 375], [98, 120, 142]))
    assert text == "Историята в дати:\n\n2016 г. | учредяване\n2022 г. | юбилей\n\nСлед това растем."
    assert kinds == ["paragraph", "table_row", "table_row", "paragraph"]


def test_cell_spanning_two_rows_is_read_with_its_first_row():
    rows = [("Цел", 70, 110), ("обучение", 155, 110), ("заетост", 155, 132), ("Край", 70, 154), ("2023 г.", 155, 154)]
    rules = [Box(62.75, 98, 63.25, 164), Box(146.75, 98, 147.25, 164), Box(374.75, 98, 375.25, 164)]
    rules += [Box(63, 97.75, 375, 98.25), Box(147, 119.75, 375, 120.25), Box(63, 141.75, 375, 142.25),
              Box(63, 163.75, 375, 164.25)]
    text, _ = read(rows, rules)
    assert text == "Цел | обучение\nзаетост\nКрай | 2023 г."


def test_shading_inside_a_cell_does_not_split_the_table():
    rows = [("Бюджет", 70, 110), ("484 хил. лв.", 155, 110), ("Помощ", 70, 132), ("387 хил. лв.", 155, 132)]
    shading = [Box(66, 100, 144, 118), Box(66, 122, 144, 140)]
    text, _ = read(rows, ruled_grid([63, 147, 375], [98, 120, 142]) + shading)
    assert text == "Бюджет | 484 хил. лв.\nПомощ | 387 хил. лв."


def test_table_inside_a_page_border_is_still_read_by_rows():
    """A background rectangle around the page (Chromium, wkhtmltopdf) is a frame, not a cell."""
    rows = [("Година", 70, 110), ("Сума", 155, 110), ("2021", 70, 132), ("640 лв.", 155, 132)]
    page_border = [Box(20, 20, W - 20, H - 20)]
    text, kinds = read(rows, page_border + ruled_grid([63, 147, 375], [98, 120, 142]))
    assert text == "Година | Сума\n2021 | 640 лв."
    assert kinds == ["table_row", "table_row"]


def test_short_rule_near_a_cell_side_does_not_cut_the_cell():
    """A small mark elsewhere on the page, 1.5 pt beside a column rule, adds no second side."""
    rows = [("Година", 70, 110), ("Сума", 155, 110), ("Място", 250, 110),
            ("2021", 70, 132), ("640 лв.", 155, 132), ("Враца", 250, 132)]
    mark = [Box(239.5, 300, 245.5, 306)]  # a bullet square far below, its left side at x 239.5
    text, _ = read(rows, ruled_grid([63, 147, 241, 375], [98, 120, 142]) + mark)
    assert text == "Година | Сума | Място\n2021 | 640 лв. | Враца"


def test_shading_on_every_line_of_a_cell_does_not_make_the_cell_a_frame():
    """Word shades a cell line by line: two stacked boxes in one cell are its shading."""
    rows = [("Основна", 70, 110), ("обучение на младежи", 155, 110), ("цел", 70, 122), ("Срок", 70, 154), ("2025 г.", 155, 154)]
    line_shading = [Box(66, 100, 144, 112), Box(66, 112, 144, 124)]
    text, _ = read(rows, ruled_grid([63, 147, 375], [98, 142, 164]) + line_shading)
    assert text == "Основна цел | обучение на младежи\nСрок | 2025 г."


def test_table_without_its_right_border_is_closed_by_the_row_rules():
    rows = [("Година", 70, 110), ("Сума", 155, 110), ("2021", 70, 132), ("640 лв.", 155, 132)]
    grid = [b for b in ruled_grid([63, 147, 375], [98, 120, 142]) if b.x0 < 370]  # no rule at x 375
    text, _ = read(rows, grid)
    assert text == "Година | Сума\n2021 | 640 лв."


# ---------------------------------------------------------------- tables without rules


def test_unruled_table_between_paragraphs_reads_row_by_row():
    rows = [
        ("Постъпленията по години са следните за целия период на проекта:", 63, 80),
        ("Година", 63, 100), ("Дейност", 150, 100), ("Сума", 330, 100),
        ("2021", 63, 114), ("Обучения", 150, 114), ("640 лв.", 330, 114),
        ("2022", 63, 128), ("Семинар за млади хора", 150, 128), ("1 200 лв.", 330, 128),
        ("Отчетът е приет от общото събрание на сдружението през март.", 63, 150),
    ]
    text, kinds = read(rows)
    assert text == (
        "Постъпленията по години са следните за целия период на проекта:\n\n"
        "Година | Дейност | Сума\n2021 | Обучения | 640 лв.\n2022 | Семинар за млади хора | 1 200 лв.\n\n"
        "Отчетът е приет от общото събрание на сдружението през март."
    )
    assert kinds == ["paragraph", "table_row", "table_row", "table_row", "paragraph"]


def test_unruled_cell_wrapped_to_a_second_line_stays_in_its_row():
    rows = [
        ("Постъпленията по години са следните за целия период на проекта:", 63, 80),
        ("Година", 63, 100), ("Дейност", 150, 100), ("Сума", 330, 100),
        ("2021", 63, 114), ("Обучения за", 150, 114), ("640 лв.", 330, 114),
        ("доброволци", 150, 128),
        ("2022", 63, 142), ("Семинар", 150, 142), ("1 200 лв.", 330, 142),
    ]
    text, _ = read(rows)
    assert text.splitlines()[3:] == ["2021 | Обучения за доброволци | 640 лв.", "2022 | Семинар | 1 200 лв."]


def test_two_text_columns_below_a_full_line_are_not_an_unruled_table():
    """Column lines run to the column's edge (here 300 - 18 pt gutter); table cells are ragged."""
    left = ["Сдружението работи с местните училища и с", "общината по три програми за обучение на", "младежи и по една програма за възрастни"]
    right = ["Второто направление обхваща курсове за", "възрастни хора и консултации за малки", "фирми от региона и от съседните общини"]
    rows = [("Заглавна линия на бюлетина, която минава през цялата страница отляво надясно", 63, 80)]
    rows += [(t, 63, 100 + 12 * i) for i, t in enumerate(left)] + [(t, 300, 100 + 12 * i) for i, t in enumerate(right)]
    _, kinds = read(rows)
    assert "table_row" not in kinds


def test_a_lone_frame_is_a_sidebar_not_a_one_cell_table():
    from bulletin_extract.ingest.tables import find_tables

    assert find_tables([Box(255, 85, 380, 125)]) == []


@pytest.fixture(scope="module")
def lined_table_pdf(tmp_path_factory) -> Path:
    """A table whose rules are drawn as single lines (as LibreOffice draws cell borders)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("dv", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_page()
    pdf.set_font("dv", "", 10)
    xs, ys = [60, 160, 400], [100, 130, 160]
    for x in xs:
        pdf.line(x, ys[0], x, ys[-1])
    for y in ys:
        pdf.line(xs[0], y, xs[-1], y)
    for (a, b), y in zip([("Бюджет", "484 хил. лв."), ("Помощ", "387 хил. лв.")], ys, strict=False):
        pdf.text(66, y + 18, a)
        pdf.text(166, y + 18, b)
    path = tmp_path_factory.mktemp("tables") / "lined.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_table_drawn_with_lines_reads_by_rows_in_both_engines(lined_table_pdf, engine):
    doc = read_document(lined_table_pdf, pdf_engine=engine)
    assert doc.text == "Бюджет | 484 хил. лв.\nПомощ | 387 хил. лв."
