"""samples/issue8.pdf read by both engines: reading order, hyphens, furniture, pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin_extract.document import Document
from bulletin_extract.ingest import read_document

ENGINES = ["pdfium", "pdfplumber"]


@pytest.fixture(scope="module", params=ENGINES)
def doc(request, sample_pdf: Path) -> Document:
    return read_document(sample_pdf, pdf_engine=request.param)


@pytest.fixture(scope="module")
def txt_doc(sample_txt: Path) -> Document:
    return read_document(sample_txt)


def paragraph_with(doc: Document, needle: str) -> str:
    for b in doc.blocks:
        if needle in doc.text[b.start : b.end]:
            return doc.text[b.start : b.end]
    raise AssertionError(f"no block contains {needle!r}")


def test_document_metadata(doc):
    assert doc.format == "pdf"
    assert 4 <= doc.pages <= 6
    assert [w.code for w in doc.warnings] == ["page_furniture"]


def test_running_header_kept_as_furniture_on_every_page(doc):
    headers = [f for f in doc.furniture if f.text == "Юбилеен бюлетин · Брой 8"]
    assert [f.box.page for f in headers] == list(range(1, doc.pages + 1))
    assert "Юбилеен бюлетин · Брой 8" not in doc.text


def test_paragraph_cut_by_the_sidebar_reads_whole(doc):
    assert "с наименование „Междуклъстерен център за иновации и компетенции за интелигентни градове“." in doc.text


def test_sidebar_is_its_own_blocks_after_the_paragraph(doc):
    para = paragraph_with(doc, "Междуклъстерен")
    assert "В този брой" not in para
    kinds = [b.kind for b in doc.blocks]
    first_sidebar = kinds.index("sidebar")
    assert doc.text[doc.blocks[first_sidebar].start : doc.blocks[first_sidebar].end] == "В този брой"
    assert "Междуклъстерен" in doc.text[doc.blocks[first_sidebar - 1].start : doc.blocks[first_sidebar - 1].end]


@pytest.mark.parametrize(
    "kept",
    ["Инфра-сървис", "H2020-ICT-2018-20/H2020-ICT-2019-2", "г-н Добри Митрев", "по-добри", "най-вече",
     "търговско-промишлена", "научно-технически", "BG16RFOP002-2.009"],
)
def test_real_hyphens_and_codes_are_kept(doc, kept):
    assert kept in doc.text


@pytest.mark.parametrize("joined", ["веригата на доставките", "Стратегията", "Нидерландия", "стойност"])
def test_hyphenated_words_are_joined(doc, joined):
    assert joined in doc.text


def test_no_word_is_left_split_by_a_line_end_hyphen(doc):
    """Every lower-case "xx-yy" left in the text also exists in the text sample."""
    txt = Path(doc.path).with_suffix(".txt").read_text(encoding="utf-8")
    left = {m.group() for m in re.finditer(r"\b[а-я]+-[а-я]+\b", doc.text)}
    assert {w for w in left if w not in txt} == set()


def test_running_header_footer_and_page_numbers_are_gone(doc):
    blocks = [doc.text[b.start : b.end] for b in doc.blocks]
    assert "Юбилеен бюлетин · Брой" not in doc.text
    assert not [b for b in blocks if b.startswith("Клъстер София град на знанието") and "," not in b]
    assert not [b for b in blocks if re.search(r"\n\d{1,2}$|^\d{1,2}$", b)]


@pytest.mark.parametrize(
    ("needle", "page"),
    [("Юбилей на сдружението", 1), ("септември - октомври 2015", 2), ("MediaMotorEurope", 2),
     ("Digiskill-Retail", 3), ("СПОРАЗУМЕНИЯ ЗА СЪТРУДНИЧЕСТВО", 4)],
)
def test_page_of_known_words(doc, needle, page):
    assert doc.page_at(doc.text.index(needle)) == page


def test_headings_have_levels(doc):
    headings = {doc.text[b.start : b.end]: b.level for b in doc.blocks if b.kind == "heading"}
    assert headings["ЮБИЛЕЕН БЮЛЕТИН"] == 1
    assert headings["Проекти"] == 2
    assert headings["Бизнес мисии"] == 3


def test_both_engines_give_the_same_text(sample_pdf):
    pdfium = read_document(sample_pdf, pdf_engine="pdfium")
    plumber = read_document(sample_pdf, pdf_engine="pdfplumber")
    assert pdfium.text == plumber.text
    assert pdfium.page_starts == plumber.page_starts


@pytest.mark.parametrize(
    "needle",
    ["Проектът е с бюджет от 484 хил. лв.", "Проектът е с бюджет от 1,952 млн. евро", "Проектът е с бюджет от 190 хил. евро",
     "Проектът е с бюджет от 294,5 хил. евро", "Проектът е с бюджет от 315,6 хил. евро",
     "Проектът е с бюджет от 250 хил. евро", "на обща стойност над 8,2 млн. лв."],
)
def test_money_sentences_read_as_in_the_text_sample(doc, txt_doc, needle):
    def sentence(d: Document) -> str:
        para = paragraph_with(d, needle)
        start = para.index(needle)
        return para[start : para.index(".", para.index(needle) + len(needle) + 1) + 1]

    assert sentence(doc) == sentence(txt_doc)


def test_generator_is_deterministic(tmp_path, sample_txt, sample_pdf):
    out = tmp_path / "again.pdf"
    script = Path(__file__).resolve().parent.parent / "samples" / "make_sample_pdf.py"
    subprocess.run([sys.executable, str(script), str(sample_txt), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == sample_pdf.read_bytes()
