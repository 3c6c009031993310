"""Running headers and footers: set apart only when the pages prove they repeat."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract.document import DocumentBuilder
from bulletin_extract.ingest.layout import Char, PageChars, build_segments, lay_out

W, H, SIZE, CHAR_W = 595.0, 842.0, 10.0, 5.0


def page(number: int, rows: list[tuple[str, float, float]]) -> PageChars:
    chars = []
    for text, x, baseline in rows:
        for word in text.split():
            chars.append(Char(word, x, x + CHAR_W * len(word), baseline - SIZE, baseline, SIZE, False, number))
            x += CHAR_W * (len(word) + 1)
    return PageChars(number, W, H, chars)


def laid(pages: list[PageChars]):
    return lay_out([(p, build_segments(p.chars)) for p in pages])


def text_of(layout) -> str:
    return "\n".join(" ".join(ln.text for ln in b.lines) for b in layout.blocks)


def test_single_page_keeps_its_page_top_and_bottom_lines():
    layout = laid([page(1, [("250 000", 50, 40), ("Текст на страницата.", 50, 300), ("3", 540, 820)])])
    assert layout.furniture == []
    assert text_of(layout) == "250 000\nТекст на страницата.\n3"


def test_footer_with_page_number_repeated_on_every_page_is_set_apart():
    pages = [page(n, [(f"Текст {n}.", 50, 300), (f"Бюлетин Брой 8 - стр. {n}", 50, 820)]) for n in (1, 2, 3, 4)]
    layout = laid(pages)
    assert [(ln.page, ln.text) for ln in layout.furniture] == [(n, f"Бюлетин Брой 8 - стр. {n}") for n in (1, 2, 3, 4)]
    assert "Бюлетин" not in text_of(layout)


def test_page_top_numbers_at_different_heights_are_body_text():
    pages = [page(n, [(f"{n}5 000", 50, 30 * n - 10), (f"Текст {n}.", 50, 300)]) for n in (1, 2, 3)]
    layout = laid(pages)
    assert layout.furniture == []
    assert "15 000" in text_of(layout)


def test_text_repeated_on_fewer_than_half_of_the_pages_is_kept():
    header = [("Съдържание на броя", 50, 40)]
    pages = [page(n, (header if n <= 2 else []) + [(f"Текст {n}.", 50, 300)]) for n in (1, 2, 3, 4, 5)]
    layout = laid(pages)
    assert layout.furniture == []


@pytest.fixture(scope="module")
def sample_doc(sample_pdf: Path):
    from bulletin_extract.ingest import read_document

    return read_document(sample_pdf)


def test_set_apart_lines_are_counted_in_a_warning(sample_doc):
    warning = next(w for w in sample_doc.warnings if w.code == "page_furniture")
    assert f"{len(sample_doc.furniture)} running header/footer lines" in warning.message


def test_builder_never_receives_furniture():
    pages = [page(n, [(f"Текст {n}.", 50, 300), ("Бюлетин", 50, 30)]) for n in (1, 2)]
    layout = laid(pages)
    from bulletin_extract.ingest.layout import fill_builder

    builder = DocumentBuilder()
    fill_builder(layout.blocks, builder, 2)
    assert builder.text == "Текст 1.\n\nТекст 2."
