"""A junk text layer is measured, warned about, and refused above the documented share."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract.errors import GarbledTextLayer, NoTextLayer
from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.garbled import FAIL_SHARE, WARN_SHARE, check_text_layer, text_tokens, token_kind
from bulletin_extract.ingest.ocr import tesseract_missing

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CLEAN = ("Проектът „Зелени клъстери“ по програма Хоризонт 2020 е на стойност 250 000 лв. "
         "Срещата се проведе на 12 март 2021 г. в София с участници от седем държави. ")
JUNK = "?@>5:BJB =D>@<0F8>=5= 1N;5B8= 7=0=85B> A9?B9м6@и ИAB>@ияB4 Съ5иBи9 "


@pytest.mark.parametrize("token", ["Проектът", "лв.", "по-добри", "ERASMUS", "КСГЗ", "и/или", "O'Neill"])
def test_bulgarian_and_latin_words_are_words(token):
    assert token_kind(token) == "word"


@pytest.mark.parametrize("token", ["=D>@<0F8>=5=", "1N;5B8=", "ИAB>@ияB4", "(cid:12)", "зр\ue01aх", "Пзрвнкл"])
def test_symbols_inside_mixed_scripts_cid_private_use_and_no_vowels_are_junk(token):
    assert token_kind(token) == "junk"


@pytest.mark.parametrize("token", ["250", "H2020-ICT-2018-20", "www.eufunds.bg", "\uf0b7", "Αθήνα", "—"])
def test_numbers_codes_addresses_bullets_and_other_scripts_are_not_counted(token):
    assert token_kind(token) is None


def test_dot_leaders_and_commas_without_a_space_split_tokens():
    assert list(text_tokens("Въведение.....6 София,ул.„Раковски“")) == ["Въведение", "6", "София", "ул.", "Раковски"]


def test_a_clean_text_layer_gives_no_warning():
    assert check_text_layer("брой.pdf", CLEAN * 5) is None


def test_a_partly_garbled_layer_is_warned_with_its_share():
    text = CLEAN * 4 + JUNK * 3  # 21 junk tokens among 92 words
    note = check_text_layer("брой.pdf", text)
    assert note is not None and note.code == "garbled_text_layer"
    assert note.message == "брой.pdf: garbled text layer: 19% of 113 words unreadable; check the text"
    assert WARN_SHARE < 21 / 113 < FAIL_SHARE


def test_a_mostly_garbled_layer_is_refused_with_one_line():
    with pytest.raises(GarbledTextLayer, match=r"^брой\.pdf: garbled text layer: \d+% of \d+ words unreadable "
                                                  r"\(limit 50%\); the PDF needs OCR$"):
        check_text_layer("брой.pdf", CLEAN + JUNK * 6)


def test_a_short_text_is_not_judged():
    assert check_text_layer("брой.pdf", JUNK) is None


@pytest.mark.parametrize("case", ["ex6_gs_redistilled_chromium.pdf", "part1/gs+chromium_issue8.pdf"])
def test_ghostscript_resaved_browser_pdfs_are_refused_without_ocr(case):
    path = SHARED / "pdf-cases" / case
    if not path.exists():
        pytest.skip("../shared/pdf-cases not available")
    with pytest.raises(GarbledTextLayer):
        read_document(path, ocr="never")


@pytest.mark.skipif(tesseract_missing() is not None, reason="Tesseract bul+eng not installed")
def test_a_garbled_text_layer_is_read_by_ocr_and_says_so():
    path = SHARED / "pdf-cases" / "ex6_gs_redistilled_chromium.pdf"
    if not path.exists():
        pytest.skip("../shared/pdf-cases not available")
    document = read_document(path)
    assert document.ocr_pages == [1]
    assert [w.code for w in document.warnings][:1] == ["garbled_text_layer"]
    assert check_text_layer(path, document.text) is None  # junk glyph maps, readable words on the page


def test_no_corpus_pdf_with_a_text_layer_is_taken_for_garbled():
    pdfs = sorted((SHARED / "corpus").glob("*.pdf"))
    if not pdfs:
        pytest.skip("../shared/corpus not available")
    for path in pdfs:
        try:
            document = read_document(path)
        except NoTextLayer:
            continue
        assert "garbled_text_layer" not in [w.code for w in document.warnings], path.name


# A font flagged as having no unicode map: pdfium's guessed text is kept only when it reads.

def test_a_guess_that_reads_as_bulgarian_words_is_kept():
    from bulletin_extract.ingest.garbled import guessed_text_reads

    assert guessed_text_reads(["Общината", "обяви", "конкурс", "за", "млади", "предприемачи"])


def test_a_guess_of_glyph_ids_as_control_characters_is_dropped():
    from bulletin_extract.ingest.garbled import guessed_text_reads

    # glyph ids 1..40 of a subset font taken as code points: control characters and a few Latin-1 letters
    assert not guessed_text_reads(["\x03\x04\x05é\x06", "\x07\x08Ö\x11", "\x12\x13ñ\x14", "àç", "ÄÜ"])


def test_a_guess_of_symbols_between_letters_is_dropped():
    from bulletin_extract.ingest.garbled import guessed_text_reads

    assert not guessed_text_reads(["=D>@<0F8>=5=", "1N;5B8=", "?@>5:BJB", "Общината", "обяви"])


def test_two_words_are_no_proof_that_a_guess_is_right():
    from bulletin_extract.ingest.garbled import guessed_text_reads

    assert not guessed_text_reads(["Общината", "обяви"])


PEER = SHARED / "pdf-corpora"


@pytest.mark.skipif(not PEER.is_dir(), reason="../shared/pdf-corpora absent")
@pytest.mark.parametrize("name", ["pdfminer.six/samples__contrib__issue-625-identity-cmap.pdf",
                                  "pdf.js/test__pdfs__issue918.pdf"])
def test_fonts_flagged_unmapped_whose_guess_reads_are_read_by_pdfium(name):
    """Identity-H fonts pdfium flags although their cmap is right, Type3 fonts named by glyph
    names: pdfium's text is the same words pdfplumber reads, not a refusal."""
    path = PEER / name
    pdfium = read_document(path, pdf_engine="pdfium", ocr="never").text.split()
    plumber = set(read_document(path, pdf_engine="pdfplumber", ocr="never").text.split())
    assert len(pdfium) > 100
    assert sum(w in plumber for w in pdfium) / len(pdfium) > 0.9


def test_a_token_sample_is_every_kth_token_of_the_whole_list():
    from bulletin_extract.ingest.garbled import _TOKEN

    text = " ".join(f"дума{i} проект" for i in range(1_000))
    every = _TOKEN.findall(text)
    assert len(every) == 2_000
    assert text_tokens(text, 300) == every[::7]  # ceil(2000 / 300) = 7
    assert text_tokens(text, 2_000) == every == text_tokens(text)
