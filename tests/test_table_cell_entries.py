"""A table cell that lists entries one per line keeps them apart; wrapped cell text is joined.

Read as wrapped text, "Подобряване на услугите" over "Повече прозрачност" becomes one
phrase, and the name finder took such phrases for organisation names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract.ingest import read_document
from drawn_pdf import new_page

LEFT, MIDDLE, RIGHT = 60.0, 200.0, 540.0
ROWS: list[tuple[str, list[str]]] = [
    ("Цели", ["Подобряване на обществените услуги", "Повече прозрачност в общината"]),
    ("Описание", ["Общината ще обнови сайта си и ще публикува",
                  "договорите си в срок от три дни след подписването им."]),
    ("Партньори", ["Читалище „Светлина“, Сливен", "Младежки център, Ямбол"]),
]


FILLER = ("проектът се изпълнява заедно с читалищата и училищата от няколко общини в областта "
          "както и с младежките организации от").split()
PLACE = "Велико Търново и Габрово.".split()


def _wrapped_before_a_capital(pdf) -> list[str]:  # type: ignore[no-untyped-def]
    """Greedy wrap at the cell's width, the words chosen so that a capitalised name opens line 2."""
    width = RIGHT - MIDDLE - 8.0
    for n in range(len(FILLER), 0, -1):
        lines: list[str] = []
        for word in [*FILLER[:n], *PLACE]:
            if lines and pdf.get_string_width(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if len(lines) == 2 and lines[1].startswith(PLACE[0]):
            return ["Проектът " + lines[0].split(" ", 1)[1], lines[1]]
    raise AssertionError("no wrap puts the name first on line 2")


def _pdf(tmp_path: Path) -> Path:
    pdf = new_page(size=10)
    pdf.text(LEFT, 60, "Общината представи плана си за следващата година.")
    top = 80.0
    for label, lines in [*ROWS, ("Място", _wrapped_before_a_capital(pdf))]:
        bottom = top + 14.0 * len(lines) + 8.0
        pdf.text(LEFT + 4, top + 14, label)
        for k, line in enumerate(lines):
            pdf.text(MIDDLE + 4, top + 14 + 14 * k, line)
        for x in (LEFT, MIDDLE, RIGHT):
            pdf.line(x, top, x, bottom)
        pdf.line(LEFT, top, RIGHT, top)
        top = bottom
    pdf.line(LEFT, top, RIGHT, top)
    pdf.text(LEFT, top + 24, "Планът е приет от общинския съвет.")
    path = tmp_path / "cells.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module", params=["pdfium", "pdfplumber"])
def rows(request, tmp_path_factory) -> list[str]:
    document = read_document(_pdf(tmp_path_factory.mktemp("cells")), pdf_engine=request.param, ocr="never")
    return [document.text[b.start : b.end] for b in document.blocks if b.kind == "table_row"]


def test_entries_one_per_line_are_kept_apart(rows):
    assert rows[0] == "Цели | Подобряване на обществените услуги. Повече прозрачност в общината"


def test_a_line_that_goes_on_in_lower_case_is_wrapped_text(rows):
    assert rows[1] == "Описание | Общината ще обнови сайта си и ще публикува договорите си в срок от три дни след подписването им."


def test_a_wrapped_line_opened_by_a_name_that_did_not_fit_above_is_joined(rows):
    label, text = rows[3].split(" | ")
    assert label == "Място"
    assert text.startswith("Проектът се изпълнява") and text.endswith(" от Велико Търново и Габрово.")
    assert ". Велико" not in text


def test_entries_stay_apart_when_each_holds_a_comma(rows):
    assert rows[2] == "Партньори | Читалище „Светлина“, Сливен. Младежки център, Ямбол"
