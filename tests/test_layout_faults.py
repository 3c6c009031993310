"""Odd geometry from real PDFs must never crash the layout code."""

from __future__ import annotations

from bulletin_extract.ingest.layout import Char, build_segments, find_gutters


def test_rotated_text_ending_left_of_its_start_does_not_break_gutter_search():
    upright = [Char("Таблица", 100, 135, 90, 100, 10.0, False, 1)]
    rotated = [Char("клетка", 715.2, 682.8, 200, 210, 10.0, False, 1)]  # x1 < x0, as pdfium gives it
    lines = build_segments(upright + rotated)
    assert find_gutters(lines) == [(135, 682)]
