"""Mentions from a PDF keep the boxes of the lines they are drawn on (Mention.boxes)."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from bulletin_extract import extract
from bulletin_extract.document import DocumentBuilder, LineSpan, LineSpans
from bulletin_extract.ingest.layout import Char, PageChars, fill_builder, layout_pages

SIZE, CHAR_W = 10.0, 5.0


def words_at(text: str, x: float, baseline: float, page: int = 1) -> list[Char]:
    chars = []
    for word in text.split():
        chars.append(Char(word, x, x + CHAR_W * len(word), baseline - SIZE, baseline, SIZE, False, page))
        x += CHAR_W * (len(word) + 1)
    return chars


def spans_of(rows: list[tuple[str, float, float]]) -> tuple[str, list[LineSpan]]:
    chars = [c for text, x, y in rows for c in words_at(text, x, y)]
    builder, spans = DocumentBuilder(), []
    fill_builder(layout_pages([PageChars(1, 595, 842, chars)]), builder, 1, spans)
    return builder.text, spans


def test_each_line_of_the_text_has_its_span_and_page():
    text, spans = spans_of([("Проектът е с бюджет от", 50, 100), ("484 хил. лв.", 50, 112)])
    assert text == "Проектът е с бюджет от 484 хил. лв."
    assert [(text[s.start : s.end], s.page, s.top, s.bottom) for s in spans] == [
        ("Проектът е с бюджет от", 1, 90.0, 100.0),
        ("484 хил. лв.", 1, 102.0, 112.0),
    ]


def test_a_box_covers_only_the_mentions_characters():
    span = LineSpan(0, 12, 1, 90.0, 100.0, array("f", [0, 50, 65, 4, 70, 90, 9, 95, 110]))  # "484 хил. лв."
    box = span.box(0, 3)
    assert (box.page, box.x0, box.top, box.x1, box.bottom) == (1, 50.0, 90.0, 65.0, 100.0)


def test_a_word_in_brackets_is_boxed_without_them():
    span = LineSpan(0, 6, 1, 90.0, 100.0, array("f", [0, 50, 80]))  # "(КСГЗ)": 6 glyphs over 30 pt
    box = span.box(1, 5)
    assert (box.x0, box.x1) == (55.0, 75.0)


def test_line_spans_give_back_each_span_with_its_numbers():
    first = LineSpan(0, 12, 1, 90.25, 100.0, array("f", [0, 50, 65, 4, 70, 90, 9, 95, 110]))
    second = LineSpan(13, 19, 2, 102.125, 112.0, array("f", [0, 50, 80]))
    spans = LineSpans([first, second])
    assert len(spans) == 2
    assert (spans[0], spans[1], spans[-1]) == (first, second, second)
    assert list(spans) == [first, second]
    assert spans == LineSpans([first, second]) and spans != LineSpans([first])


def test_line_spans_box_a_mention_on_every_line_it_runs_over():
    spans = LineSpans([LineSpan(0, 13, 1, 90.0, 100.0, array("f", [0, 50, 65, 4, 70, 90, 9, 95, 110])),
                       LineSpan(13, 19, 1, 102.0, 112.0, array("f", [0, 50, 80]))])
    assert [(b.page, b.x0, b.top, b.x1, b.bottom) for b in spans.boxes_at(9, 18)] == [
        (1, 95.0, 90.0, 110.0, 100.0), (1, 50.0, 102.0, 75.0, 112.0)]
    assert spans.boxes_at(20, 25) == [] and LineSpans().boxes_at(0, 5) == []


def test_a_documents_lines_are_held_as_line_spans(sample_pdf: Path):
    from bulletin_extract.ingest import read_document

    document = read_document(sample_pdf)
    assert isinstance(document.lines, LineSpans) and len(document.lines) > 100
    line = document.lines[0]
    assert document.boxes_at(line.start, line.end) == [line.box(line.start, line.end)]


@pytest.fixture(scope="module")
def sample_bulletin(sample_pdf: Path):
    return extract(sample_pdf, use_ner=False)


def test_every_sample_mention_has_a_box_on_its_page(sample_bulletin):
    assert all(m.boxes and m.boxes[0].page == m.page for m in sample_bulletin.mentions)


def test_mention_box_matches_pdfplumbers_glyphs(sample_bulletin, sample_pdf: Path):
    import pdfplumber

    date = next(m for m in sample_bulletin.mentions if m.text == "22.12.2022 г.")
    with pdfplumber.open(sample_pdf) as pdf:
        found = pdf.pages[date.page - 1].search("22.12.2022 г.")[0]
    box = date.boxes[0]
    assert [round(v) for v in (box.x0, box.top, box.x1, box.bottom)] == [
        round(found[k]) for k in ("x0", "top", "x1", "bottom")
    ]


def test_mention_over_a_line_break_has_a_box_per_line(sample_bulletin):
    wrapped = [m for m in sample_bulletin.mentions if len(m.boxes) == 2]
    assert wrapped
    first, second = wrapped[0].boxes
    assert second.top > first.top or second.page > first.page


def test_text_input_mentions_have_no_boxes(sample_txt: Path):
    assert all(m.boxes == [] for m in extract(sample_txt, use_ner=False).mentions)


def test_report_draws_a_stored_box_in_percent_of_the_page():
    from bulletin_extract.models import CountValue, LineBox, Mention
    from bulletin_extract.report.pages import stored_box

    m = Mention(id=7, kind="count", text="6 партньора", start=0, end=11, source="rule", confidence=0.9,
                value=CountValue(partners=6))
    box = stored_box(m, LineBox(page=1, x0=59.5, top=84.2, x1=119.0, bottom=168.4), 595.0, 842.0)
    assert (box.mention_id, box.left, box.top, box.width, box.height) == (7, 10.0, 10.0, 10.0, 10.0)
