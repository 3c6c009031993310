"""Tables without rules set inside one of two text columns (ingest.tables, ingest.layout).

A table in the left column shares its baselines with the right column's lines: each of
its rows has prose beside it on the page, so it shows as a table only inside its column.
The PDFs are built here with fpdf2 (DejaVu Serif, 10 pt): an invented bulletin page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract.document import DocumentBuilder
from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.layout import PageChars, build_segments, fill_builder, layout_pages
from bulletin_extract.ingest.tables import find_aligned_tables
from synthetic_chars import words_at

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LEADING = 13.0

BEFORE = ["Сдружението отчете постъпилите плащания",
          "по своите проекти за изминалата година:"]
HEADER = ("Година", "Проект", "Сума")
ROWS = [("2022", ["Дигитален каталог"], "120 000 лв."),
        ("2023", ["Обучение на млади", "майстори"], "48 хил. евро"),
        ("2024", ["Занаятчийски маршрут"], "75 хил. евро")]
AFTER = ["Окончателното плащане се очаква до края",
         "на септември 2025 г. според договора."]
RIGHT = ["Панаирът на занаятите ще се проведе в",
         "Широка лъка от 12 до 14 юли 2024 г. През",
         "тези три дни майсторите ще покажат своите",
         "изделия и ще проведат открити уроци за",
         "деца и младежи от целия регион. За",
         "участие са се записали над шестдесет",
         "изложители от цялата страна, а общината",
         "осигурява шатрите и озвучаването на",
         "сцената в центъра на селото. Входът за",
         "посетителите е свободен през всички дни",
         "на панаира, а програмата ще бъде обявена",
         "на страницата на сдружението в началото",
         "на юни, заедно с картата на щандовете."]

EXPECTED_ROWS = ["Година | Проект | Сума",
                 "2022 | Дигитален каталог | 120 000 лв.",
                 "2023 | Обучение на млади майстори | 48 хил. евро",
                 "2024 | Занаятчийски маршрут | 75 хил. евро"]


def _two_columns_with_a_table(path: Path, left: float, cells: tuple[float, float, float], right: float) -> Path:
    """Left column: two prose lines, the table (no rules), two prose lines; right column:
    prose on the same baselines all the way down."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("dv", "", FONT)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("dv", "", 10)
    y = 100.0
    for text in BEFORE:
        pdf.text(left, y, text)
        y += LEADING
    y += 6
    for x, text in zip(cells, HEADER, strict=True):
        pdf.text(x, y, text)
    y += LEADING
    for year, project, amount in ROWS:
        pdf.text(cells[0], y, year)
        pdf.text(cells[2], y, amount)
        for line in project:
            pdf.text(cells[1], y, line)
            y += LEADING
    y += 6
    for text in AFTER:
        pdf.text(left, y, text)
        y += LEADING
    for i, text in enumerate(RIGHT):
        pdf.text(right, 100.0 + i * LEADING, text)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def table_in_left_column(tmp_path_factory) -> Path:
    """Columns 50-289 and 312-551 (a 23 pt gutter); the project cell "Занаятчийски
    маршрут" ends 6 pt before its amount, closer than a gutter: one segment holds both."""
    return _two_columns_with_a_table(tmp_path_factory.mktemp("cols") / "left.pdf", 50, (50, 92, 224), 312)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_unruled_table_in_the_left_column_reads_row_by_row_in_column_order(table_in_left_column, engine):
    doc = read_document(table_in_left_column, pdf_engine=engine)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [doc.text[b.start : b.end] for b in rows] == EXPECTED_ROWS


def test_unruled_table_beside_a_column_11_points_away_keeps_to_its_column(tmp_path):
    """The gutter (289-300) lines up like a cell gap: read across the page, the right
    column's lines would be a fourth column of the table."""
    doc = read_document(_two_columns_with_a_table(tmp_path / "narrow.pdf", 50, (50, 92, 224), 300))
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [doc.text[b.start : b.end] for b in rows] == EXPECTED_ROWS


def test_unruled_table_in_the_left_column_is_read_before_the_right_column(table_in_left_column):
    text = read_document(table_in_left_column).text
    assert text == "\n\n".join([" ".join(BEFORE), "\n".join(EXPECTED_ROWS), " ".join(AFTER), " ".join(RIGHT)])


# ---------------------------------------------------------------- synthetic pages



def _table_rows(cells: tuple[float, float, float]) -> list[tuple[str, float, float]]:
    y = 126.0
    rows = [(t, x, y) for x, t in zip(cells, HEADER, strict=True)]
    for year, project, amount in ROWS:
        y += 12
        rows += [(year, cells[0], y), (amount, cells[2], y)]
        for i, line in enumerate(project):
            rows.append((line, cells[1], y + 12 * i))
        y += 12 * (len(project) - 1)
    return rows


def test_unruled_table_in_the_right_column_reads_after_the_left_column():
    left = [(t, 50, 100 + 12 * i) for i, t in enumerate(RIGHT)]
    right = [(BEFORE[0], 300, 100), (BEFORE[1], 300, 112), *_table_rows((300, 340, 450)),
             (AFTER[0], 300, 200), (AFTER[1], 300, 212)]
    chars = [c for text, x, y in left + right for c in words_at(text, x, y)]
    builder = DocumentBuilder()
    fill_builder(layout_pages([PageChars(1, 595.0, 842.0, chars)]), builder, 1)
    assert builder.text == "\n\n".join([" ".join(RIGHT), " ".join(BEFORE), "\n".join(EXPECTED_ROWS), " ".join(AFTER)])


def test_cells_closer_than_a_gutter_are_cut_where_the_column_start_is_seen():
    """"Занаятчийски маршрут" ends 10 pt before "75 хил. евро" (one segment); the header
    "Сума" and the short cells start the amounts' column apart."""
    rows = [(BEFORE[0], 50, 100), *_table_rows((50, 90, 200)), (AFTER[0], 50, 200)]
    segments = build_segments([c for text, x, y in rows for c in words_at(text, x, y)])
    assert "Занаятчийски маршрут 75 хил. евро" in [s.text for s in segments]
    (table,) = find_aligned_tables(segments)
    assert [round(c.x0) for c in table.rows[0]] == [50, 85, 195]
    assert len(table.rows) == 4


def test_a_word_space_lined_up_from_row_to_row_is_not_a_cell_gap():
    """"Дигитален каталог" twice, one under the other: no cell starts at "каталог"."""
    rows = [(BEFORE[0], 50, 100), ("Година", 50, 126), ("Проект", 90, 126), ("Сума", 200, 126),
            ("2022", 50, 138), ("Дигитален каталог", 90, 138), ("120 000 лв.", 200, 138),
            ("2023", 50, 150), ("Дигитален каталог", 90, 150), ("154 300 лв.", 200, 150),
            (AFTER[0], 50, 176)]
    segments = build_segments([c for text, x, y in rows for c in words_at(text, x, y)])
    (table,) = find_aligned_tables(segments)
    assert [round(c.x0) for c in table.rows[0]] == [50, 85, 195]
