"""Columns whose gutter is no wider than a word gap (LibreOffice's few-millimetre spacing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract.document import DocumentBuilder
from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.columns import find_narrow_gutters
from bulletin_extract.ingest.layout import PageChars, build_segments, fill_builder, layout_pages
from synthetic_chars import words_at

W, H = 595.0, 842.0
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


_WORDS = ("клъстерът обединява фирми университети институти и общини за развитие на "
          "иновации в града чрез съвместни проекти обучения и мрежи от партньори").split()


def read(rows: list[tuple[str, float, float]]) -> str:
    chars = [c for text, x, y in rows for c in words_at(text, x, y)]
    builder = DocumentBuilder()
    fill_builder(layout_pages([PageChars(1, W, H, chars)]), builder, 1)
    return builder.text


LEFT = ["Клъстерът навърши шест години", "от създаването си и това", "е неговият юбилеен брой и",
        "На тържеството присъстваха", "членове, приятели и гости", "на организацията."]
RIGHT = ["Проектът е с бюджет от 484", "хил. лв. и се реализира от", "шест партньора от пет",
         "европейски страни до края", "на 2023 г. с помощта на", "общината."]


def test_columns_three_points_apart_are_read_one_after_the_other():
    # the left column's lines end at 50 + 5 * 29 = 195 at most; the right one starts at 198
    rows = [(t, 50, 100 + 12 * i) for i, t in enumerate(LEFT)] + [(t, 198, 100 + 12 * i) for i, t in enumerate(RIGHT)]
    assert read(rows) == " ".join(LEFT) + "\n\n" + " ".join(RIGHT)


def test_aligned_labels_and_values_are_rows_not_columns():
    labels = ["Бюджет:", "Безвъзмездна помощ:", "Собствено участие:", "Партньори:", "Страни:", "Край:"]
    values = ["484 хил. лв.", "387 хил. лв.", "97 хил. лв.", "шест организации", "пет", "декември 2023 г."]
    rows = [(t, 50, 100 + 12 * i) for i, t in enumerate(labels)] + [(t, 160, 100 + 12 * i) for i, t in enumerate(values)]
    segments = build_segments([c for text, x, y in rows for c in words_at(text, x, y)])
    assert find_narrow_gutters(segments) == []


def test_one_column_of_prose_has_no_narrow_gutter():
    rows = [(" ".join(_WORDS[(5 * i + k) % len(_WORDS)] for k in range(9)), 50, 100 + 12 * i) for i in range(12)]
    segments = build_segments([c for text, x, y in rows for c in words_at(text, x, y)])
    assert find_narrow_gutters(segments) == []


def _paragraph(n: int) -> str:
    return f"Абзац {n}: " + " ".join(_WORDS[(n + 3 * i) % len(_WORDS)] for i in range(45)) + f" край {n}."


@pytest.fixture(scope="module")
def narrow_two_columns(tmp_path_factory) -> Path:
    """Two justified columns 4 pt apart, lines on shared baselines, as LibreOffice sets them."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("dv", "", FONT)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("dv", "", 10)
    col_w = (595 - 2 * 50 - 4) / 2
    for col in range(2):
        pdf.set_xy(50 + col * (col_w + 4), 80)
        for n in (2 * col + 1, 2 * col + 2):
            pdf.set_x(50 + col * (col_w + 4))
            pdf.multi_cell(col_w, 12, _paragraph(n), align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(12)
    path = tmp_path_factory.mktemp("columns") / "narrow.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_narrow_gutter_pdf_reads_paragraph_by_paragraph(narrow_two_columns, engine):
    doc = read_document(narrow_two_columns, pdf_engine=engine)
    assert [doc.text[b.start : b.end] for b in doc.blocks] == [_paragraph(n) for n in range(1, 5)]


def _prose_rows(n: int, x: float, top: float, width_chars: int, seed: int) -> list[tuple[str, float, float]]:
    """n rows of varied words, at most width_chars long: one sentence."""
    rows = []
    k = seed
    for i in range(n):
        words: list[str] = []
        while len(" ".join(words)) < width_chars - 12:
            words.append(_WORDS[k % len(_WORDS)])
            k += 5
        text = " ".join(words) + ("." if i == n - 1 else "")
        rows.append((text[0].upper() + text[1:] if i == 0 else text, x, top + 12 * i))
    return rows


@pytest.mark.parametrize("right_x", [300.0, 252.0], ids=["wide gutter", "narrow gutter"])
def test_one_column_introduction_above_two_columns_does_not_hide_them(right_x):
    intro = _prose_rows(6, 50, 100, 90, 0)
    left = _prose_rows(8, 50, 200, 40, 3)
    right = _prose_rows(8, right_x, 200, 40, 5)
    text = read(intro + left + right)
    expected = [" ".join(t for t, _, _ in part) for part in (intro, left, right)]
    assert text == "\n\n".join(expected)
