"""Odd geometry from real PDFs must never crash the layout code."""

from __future__ import annotations

from bulletin_extract.ingest.layout import Char, build_segments, find_gutters


def test_rotated_text_ending_left_of_its_start_does_not_break_gutter_search():
    upright = [Char("Таблица", 100, 135, 90, 100, 10.0, False, 1)]
    rotated = [Char("клетка", 715.2, 682.8, 200, 210, 10.0, False, 1)]  # x1 < x0, as pdfium gives it
    lines = build_segments(upright + rotated)
    assert find_gutters(lines) == [(135, 682)]


def test_lines_of_size_zero_do_not_break_the_leading_estimate():
    from bulletin_extract.ingest.layout import PageChars, layout_pages

    chars = [Char("невидим", 50, 80, 100, 100, 0.0, False, 1), Char("текст", 50, 80, 112, 112, 0.0, False, 1),
             Char("Видим", 50, 80, 130, 140, 10.0, False, 1)]
    blocks = layout_pages([PageChars(1, 595.0, 842.0, chars, [])])
    assert "Видим" in [w.text for b in blocks for ln in b.lines for w in ln.words]
