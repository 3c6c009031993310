"""Raised small figures: footnote references leave the text, powers stay as Unicode superscripts.

A Word or LibreOffice footnote reference sits right after the word it annotates; read as
an ordinary figure it joins that word and breaks the fact ("2023¹ г." would be the year
20231, "80 000² лв." an amount of 2 лв.).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract import rules
from bulletin_extract.ingest import read_document
from drawn_pdf import new_page

BODY, SMALL, RAISE = 11.0, 7.0, 3.5  # pt; a word processor's superscript is ~65% size, raised ~33%

# each line: (text, raised?) pieces drawn one after another on one baseline
LINES = [
    [("Споразумението е подписано през 2022", False), ("1", True), (" г. в Русе.", False)],
    [("Общината отпусна 80 000", False), ("2", True), (" лв. за ремонта на залата.", False)],
    [("Залата има площ от 450 м", False), ("2", True), (" и сцена от 60 м", False), ("2", True), (".", False)],
    [("Наемът е 1 200 евро на месец", False), ("*", True), (" за всички участници.", False)],
    [("1 Договор с Министерството на културата.", False)],  # the footnote itself, at the foot
]


def _pdf(tmp_path: Path) -> Path:
    pdf = new_page()
    y = 80.0
    for pieces in LINES:
        x = 60.0
        for text, raised in pieces:
            pdf.set_font("dv", size=SMALL if raised else BODY)
            pdf.text(x, y - (RAISE if raised else 0.0), text)
            x += pdf.get_string_width(text)
        y += 18.0
    path = tmp_path / "superscripts.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module", params=["pdfium", "pdfplumber"])
def text(request, tmp_path_factory) -> str:
    return read_document(_pdf(tmp_path_factory.mktemp("sup")), pdf_engine=request.param, ocr="never").text


def test_a_footnote_reference_after_a_year_leaves_the_year_and_its_date_whole(text):
    assert "през 2022 г. в Русе" in text
    assert [m.text for m in rules.find_all(text) if m.kind == "date"] == ["2022 г."]


def test_a_footnote_reference_after_an_amount_does_not_change_the_amount(text):
    money = [m for m in rules.find_all(text) if m.kind == "money"]
    assert [(m.text, m.value.amount) for m in money] == [("80 000 лв.", 80000.0), ("1 200 евро", 1200.0)]


def test_a_reference_sign_is_left_out_too(text):
    assert "на месец за всички" in text


def test_a_power_of_a_unit_is_kept_as_a_superscript(text):
    assert "площ от 450 м² и сцена от 60 м²." in text


def test_the_footnote_itself_stays_in_the_text(text):
    assert "1 Договор с Министерството на културата." in text
