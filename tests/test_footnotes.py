"""Footnotes at the foot of a page do not cut the paragraph that runs on to the next page."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract import rules
from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.footnotes import split_footnotes
from drawn_pdf import new_page

FILLER = [
    "Читалището отбеляза своята годишнина с концерт и изложба на",
    "местни художници, а настоятелството благодари на всички дарители.",
]
BREAKS_AT = "Новият салон ще бъде открит на"
GOES_ON = "15 септември 2026 г. с тържествена програма за жителите."
NOTE = "1 Програмата е одобрена от общинския съвет."
CAPTION = "Снимка: архив на читалището"


def _pdf(tmp_path: Path, note: str) -> Path:
    pdf = new_page(size=11)  # A4: 842 pt tall
    y = 80.0
    for i in range(40):
        pdf.text(60, y, FILLER[i % 2])
        y += 16.0
    pdf.text(60, y, BREAKS_AT)
    pdf.line(60, 770, 200, 770)
    pdf.set_font("dv", size=8)
    pdf.text(60, 785, note)
    pdf.add_page()
    pdf.set_font("dv", size=11)
    pdf.text(60, 80, GOES_ON)
    path = tmp_path / "note.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_paragraph_runs_on_past_the_footnote_and_the_footnote_follows_it(tmp_path, engine):
    text = read_document(_pdf(tmp_path, NOTE), pdf_engine=engine, ocr="never").text
    assert f"{BREAKS_AT} {GOES_ON}\n\n{NOTE}" in text
    assert [m.text for m in rules.find_all(text) if m.kind == "date"] == ["15 септември 2026 г."]


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_small_line_without_a_note_mark_stays_where_it_stands(tmp_path, engine):
    text = read_document(_pdf(tmp_path, CAPTION), pdf_engine=engine, ocr="never").text
    assert f"{BREAKS_AT}\n\n{CAPTION}\n\n15 септември" in text


class _Ln:
    def __init__(self, text: str, top: float, size: float) -> None:
        self.text, self.top, self.bottom, self.size = text, top, top + size, size


def test_notes_are_the_smaller_lowest_lines_each_opened_by_its_mark():
    body = [_Ln("Общината обяви конкурс за проекти на младежки организации.", 100 + 14 * i, 10) for i in range(30)]
    notes = [_Ln("1 Конкурсът е по наредба на общината.", 700, 8), _Ln("която е приета през 2024 г.", 710, 8),
             _Ln("2 Срокът може да бъде удължен.", 720, 8)]
    flow, found = split_footnotes([*body, *notes], height=842)
    assert flow == body
    assert [[ln.text for ln in note] for note in found] == [[notes[0].text, notes[1].text], [notes[2].text]]


def test_small_lines_in_the_upper_half_are_not_footnotes():
    lines = [_Ln("1 Въведение", 100, 8), *[_Ln("Текст на бюлетина с новини от региона.", 120 + 14 * i, 10) for i in range(3)]]
    lines.append(_Ln("2 Бележка", 300, 8))
    assert split_footnotes(lines, height=842)[1] == []
