"""Compact lines (ingest.layout.Line.compact) and the pdfium reader's streaming: a long
PDF is held as numbers between pages, and nothing read from it may change for that."""

from pathlib import Path

import pytest

from bulletin_extract.ingest import pdf as pdf_module
from bulletin_extract.ingest.layout import Line, Word
from bulletin_extract.ingest.pdf import _visible_glyphs

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "issue8.pdf"


def _line() -> Line:
    words = [
        Word("Общината", 72.0, 118.25, 100.0, 111.5, 11.5, True, 3),
        Word("подписа", 121.5, 160.125, 100.5, 111.0, 10.5, False, 3),
        Word("договор.", 163.0, 201.75, 100.0, 111.5, 11.5, False, 3),
    ]
    return Line(words, 3)


def test_compact_line_gives_back_the_same_words() -> None:
    line, expected = _line(), _line().words
    line.compact()
    assert [(w.text, w.x0, w.x1, w.top, w.bottom, w.size, w.bold, w.page) for w in line.words] == [
        (w.text, w.x0, w.x1, w.top, w.bottom, w.size, w.bold, w.page) for w in expected
    ]


def test_compact_line_gives_word_offsets_and_x_without_words() -> None:
    line = _line()
    line.compact()
    assert line.word_extents() == [0, 72.0, 118.25, 9, 121.5, 160.125, 17, 163.0, 201.75]
    assert line.word_sizes() == [(11.5, 8), (10.5, 7), (11.5, 8)]
    assert line.n_words == 3


def _uniform_line() -> Line:
    return Line([Word("Общината", 72.0, 118.25, 100.0, 111.5, 11.5, False, 3),
                 Word("подписа", 121.5, 160.125, 100.0, 111.5, 11.5, False, 3)], 3)


def test_a_uniform_line_keeps_only_each_words_x() -> None:
    line = _uniform_line()
    line.compact()
    assert list(line._geometry or ()) == [72.0, 118.25, 121.5, 160.125]
    assert [(w.text, w.x0, w.x1, w.top, w.bottom, w.size, w.bold, w.page) for w in line.words] == [
        ("Общината", 72.0, 118.25, 100.0, 111.5, 11.5, False, 3),
        ("подписа", 121.5, 160.125, 100.0, 111.5, 11.5, False, 3),
    ]


def test_a_uniform_compact_line_gives_word_offsets_x_and_sizes() -> None:
    line = _uniform_line()
    line.compact()
    assert line.word_extents() == [0, 72.0, 118.25, 9, 121.5, 160.125]
    assert line.word_sizes() == [(11.5, 8), (11.5, 7)]
    assert line.n_words == 2


@pytest.mark.parametrize("make", [_line, _uniform_line], ids=["mixed", "uniform"])
def test_word_x_of_a_compact_line_is_each_words_left_and_right_edge(make) -> None:  # type: ignore[no-untyped-def]
    # the tables' cell cuts read word_x: a uniform line keeps 2 numbers a word, a mixed one 6
    line, expected = make(), make().words
    line.compact()
    x0, x1 = line.word_x()
    assert (list(x0), list(x1)) == ([w.x0 for w in expected], [w.x1 for w in expected])


def test_a_line_of_mixed_words_keeps_all_their_numbers() -> None:
    line = _line()
    line.compact()
    assert len(line._geometry or ()) == 3 * 6


def test_visible_glyphs_count_what_pdfium_left_out_of_the_text() -> None:
    # 6 characters asked for, 4 written (+ terminator): 2 control characters left out;
    # the zero padding after the written text is no glyph
    assert _visible_glyphs("аб в\x00\x00", 6, 5) == 3 + 2


@pytest.mark.skipif(not SAMPLE.is_file(), reason="samples/issue8.pdf missing")
def test_reopening_pdfium_between_pages_reads_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin_extract.ingest import read_document

    whole = read_document(SAMPLE, pdf_engine="pdfium")
    monkeypatch.setattr(pdf_module, "REOPEN_PAGES", 1)
    reopened = read_document(SAMPLE, pdf_engine="pdfium")
    assert whole.pages > 1
    assert (reopened.text, reopened.blocks, reopened.furniture) == (whole.text, whole.blocks, whole.furniture)
