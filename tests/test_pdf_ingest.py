"""PDF ingest: layout decisions on synthetic pages, and the errors a user can act on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bulletin_extract.document import DocumentBuilder
from bulletin_extract.errors import EncryptedPdf, InputError, NoTextLayer
from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.furniture import find_furniture, furniture_key
from bulletin_extract.ingest.hyphenation import join_lines_with_offsets, should_join
from bulletin_extract.ingest.layout import (
    Box,
    Char,
    PageChars,
    build_segments,
    fill_builder,
    find_gutters,
    layout_pages,
    remove_furniture,
)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
W, H = 595.0, 842.0
SIZE = 10.0
CHAR_W = 5.0  # synthetic monospace advance


def line_chars(text: str, x: float, baseline: float, page: int = 1, size: float = SIZE, bold: bool = False) -> list[Char]:
    """One Char per word (a run, as pdfium delivers), words one space apart."""
    chars = []
    for word in text.split():
        chars.append(Char(word, x, x + CHAR_W * len(word), baseline - size, baseline, size, bold, page))
        x += CHAR_W * (len(word) + 1)
    return chars


def page(number: int, rows: list[tuple[str, float, float]], boxes: list[Box] | None = None, **kw) -> PageChars:
    chars = [c for text, x, y in rows for c in line_chars(text, x, y, number, **kw)]
    return PageChars(number, W, H, chars, boxes or [])


def text_of(pages: list[PageChars]) -> tuple[str, DocumentBuilder, list[int]]:
    builder = DocumentBuilder()
    starts = fill_builder(layout_pages(pages), builder, len(pages))
    return builder.text, builder, starts


# ---------------------------------------------------------------- words, lines, columns


def test_words_split_at_spaces_and_columns_at_the_gutter():
    chars = line_chars("лява колона", 50, 100) + line_chars("дясна колона", 320, 100)
    segments = build_segments(chars)
    assert [s.text for s in segments] == ["лява колона", "дясна колона"]


def test_gutter_found_between_two_columns_despite_a_centred_title():
    rows = [("ЦЕНТРИРАН ЗАГЛАВЕН РЕД НА БЮЛЕТИНА", 200, 80)]
    rows += [("текст на лявата колона тук", 50, 120 + 12 * i) for i in range(20)]
    rows += [("текст на дясната колона тук", 320, 120 + 12 * i) for i in range(20)]
    gutters = find_gutters(build_segments(page(1, rows).chars))
    assert len(gutters) == 1
    g0, g1 = gutters[0]
    assert 180 <= g0 and g1 <= 320


def test_two_columns_are_read_column_by_column():
    left = ["първа колона първи ред", "първа колона втори ред"]
    right = ["втора колона първи ред", "втора колона втори ред"]
    rows = [(t, 50, 100 + 12 * i) for i, t in enumerate(left)] + [(t, 320, 100 + 12 * i) for i, t in enumerate(right)]
    text, _, _ = text_of([page(1, rows)])
    assert text == "първа колона първи ред първа колона втори ред втора колона първи ред втора колона втори ред"


def test_sentence_cut_by_the_column_break_reads_whole():
    rows = [("Проектът е с бюджет от 250 хил.", 50, 100), ("евро и приключва", 50, 112)]
    rows += [("през 2024 г.", 320, 100)]
    text, _, _ = text_of([page(1, rows)])
    assert text == "Проектът е с бюджет от 250 хил. евро и приключва през 2024 г."


# ---------------------------------------------------------------- running headers and footers


def test_running_header_and_page_number_removed_on_every_page():
    pages = [
        page(n, [("Юбилеен бюлетин Брой 8", 50, 40), (f"Текст на страница {n}.", 50, 200), (str(n), 540, 820)])
        for n in (1, 2, 3)
    ]
    text, _, _ = text_of(pages)
    assert "бюлетин" not in text.lower()
    assert text == "Текст на страница 1.\n\nТекст на страница 2.\n\nТекст на страница 3."


@pytest.mark.parametrize(
    ("footer", "key"),
    [("Клъстер София - стр. 3", "клъстер софия - стр. #"), ("Page 12 of 40", "page # of #")],
)
def test_furniture_key_normalises_page_numbers(footer, key):
    assert furniture_key(footer) == key


def test_text_seen_in_the_band_of_one_page_only_is_kept():
    pages = [page(1, [("Заглавие само тук", 50, 40), ("Тяло.", 50, 200)]), page(2, [("Тяло две.", 50, 200)])]
    segs = [(p.height, build_segments(p.chars)) for p in pages]
    furniture = find_furniture(segs)
    assert furniture == {}
    assert [ln.text for ln in remove_furniture(segs[0][1], H, furniture)] == ["Заглавие само тук", "Тяло."]


# ---------------------------------------------------------------- sidebars, headings, lists


def test_sidebar_lifted_out_of_the_paragraph_it_interrupts():
    rows = [("Обявихме проект с наименование", 50, 100), ("„Междуклъстерен", 50, 112)]
    rows += [("В този брой", 60, 140), ("Проекти 2", 60, 152), ("Събития 3", 60, 164)]
    rows += [("център за иновации“.", 50, 200)]
    box = Box(45, 125, 280, 175, 1)
    text, builder, _ = text_of([page(1, rows, [box])])
    assert text.startswith("Обявихме проект с наименование „Междуклъстерен център за иновации“.")
    assert [b.kind for b in builder.blocks] == ["paragraph", "sidebar", "sidebar", "sidebar"]
    assert text.endswith("В този брой\n\nПроекти 2\n\nСъбития 3")


def test_larger_font_line_becomes_a_heading():
    chars = line_chars("Проекти", 50, 100, size=14, bold=True) + line_chars("Текст на проекта.", 50, 130)
    _, builder, _ = text_of([PageChars(1, W, H, chars)])
    assert [(b.kind, b.level) for b in builder.blocks] == [("heading", 1), ("paragraph", 0)]


def test_short_all_caps_line_becomes_a_heading():
    rows = [("Текст преди.", 50, 100), ("ЧЛЕНСТВО", 50, 130), ("Текст след.", 50, 160)]
    _, builder, _ = text_of([page(1, rows)])
    assert [b.kind for b in builder.blocks] == ["paragraph", "heading", "paragraph"]


def test_bullets_become_list_items_and_a_dash_inside_a_sentence_does_not():
    rows = [("• първа точка на списъка, която", 50, 100), ("- продължава тук", 60, 112), ("• втора точка", 50, 124)]
    text, builder, _ = text_of([page(1, rows)])
    assert [b.kind for b in builder.blocks] == ["list_item", "list_item"]
    assert text == "първа точка на списъка, която - продължава тук\nвтора точка"


# ---------------------------------------------------------------- de-hyphenation and pages


def test_word_hyphenated_across_a_page_break_is_joined_and_keeps_both_pages():
    pages = [page(1, [("бизнес модели по вери-", 50, 800)]), page(2, [("гата на доставките.", 50, 100)])]
    text, _, starts = text_of(pages)
    assert text == "бизнес модели по веригата на доставките."
    assert starts == [0, text.index("гата")]


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("по вери-", "гата на доставките", True),
        ("Телелинк Инфра-", "сървис", False),  # both halves are words: a name compound
        ("H2020-ICT-", "2018-20", False),
        ("ще бъде по-", "добре", False),
        ("уважаемият г-", "н Митрев", False),
        ("Българска търговско-", "промишлена палата", False),
    ],
)
def test_dehyphenation_decisions(left, right, joined):
    words = frozenset({"телелинк", "инфра", "сървис"})
    assert should_join(left, right, words=words) is joined


def test_join_offsets_track_removed_hyphens():
    assert join_lines_with_offsets(["по вери-", "гата на", "доставките"]) == ("по веригата на доставките", [0, 7, 15])


# ---------------------------------------------------------------- errors


@pytest.fixture(scope="module")
def broken_pdfs(tmp_path_factory, sample_pdf: Path) -> dict[str, Path]:
    from fpdf import FPDF

    d = tmp_path_factory.mktemp("pdfs")
    out = {}
    enc = FPDF()
    enc.set_encryption(owner_password="owner", user_password="secret")
    enc.add_page()
    enc.add_font("dv", "", FONT)
    enc.set_font("dv", "", 12)
    enc.text(20, 20, "Проектът е с бюджет от 250 хил. евро.")
    out["encrypted"] = d / "encrypted.pdf"
    enc.output(str(out["encrypted"]))
    scan = FPDF()
    scan.add_page()
    scan.rect(20, 20, 80, 120)
    out["no_text"] = d / "scanned.pdf"
    scan.output(str(out["no_text"]))
    out["random"] = d / "random.pdf"
    out["random"].write_bytes(os.urandom(4096))
    data = sample_pdf.read_bytes()
    out["truncated"] = d / "truncated.pdf"
    out["truncated"].write_bytes(data[: len(data) // 3])
    return out


ENGINES = ["pdfium", "pdfplumber"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("password", [None, "wrong"])
def test_encrypted_pdf_without_the_right_password(broken_pdfs, engine, password):
    path = broken_pdfs["encrypted"]
    with pytest.raises(EncryptedPdf, match=r"^.*encrypted\.pdf: encrypted PDF \(use --password\)$"):
        read_document(path, pdf_engine=engine, password=password)


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_pdf_opens_with_its_password(broken_pdfs, engine):
    doc = read_document(broken_pdfs["encrypted"], pdf_engine=engine, password="secret")
    assert doc.text == "Проектът е с бюджет от 250 хил. евро."
    assert (doc.format, doc.engine) == ("pdf", engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_without_text_layer(broken_pdfs, engine):
    with pytest.raises(NoTextLayer, match=r"scanned\.pdf: no text layer \(scanned\?\), 1 pages$"):
        read_document(broken_pdfs["no_text"], pdf_engine=engine, ocr="never")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", ["random", "truncated"])
def test_unreadable_pdf_without_ghostscript(broken_pdfs, engine, kind, monkeypatch):
    monkeypatch.setattr("bulletin_extract.ingest.repair.ghostscript", lambda: None)
    with pytest.raises(InputError, match=rf"{kind}\.pdf: not a readable PDF: \S") as info:
        read_document(broken_pdfs[kind], pdf_engine=engine)
    assert "\n" not in str(info.value)


def pdf_without_unicode_map() -> bytes:
    """A hand-written PDF whose Identity-H font has no ToUnicode map (text "(cid:65)...")."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontBBox [0 0 500 700] /DW 500 >>",
    ]
    stream = b"BT /F1 12 Tf 72 700 Td <0041004200430044> Tj ET"
    objs[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("engine", ENGINES)
def test_glyphs_without_unicode_map_are_not_emitted(tmp_path, engine):
    path = tmp_path / "cid.pdf"
    path.write_bytes(pdf_without_unicode_map())
    with pytest.raises(NoTextLayer, match=r"cid\.pdf: only glyphs without a unicode map, 1 pages$"):
        read_document(path, pdf_engine=engine, ocr="never")


# ---------------------------------------------------------------- PDFs drawn unlike our sample

# Words for generated paragraphs: each paragraph gets its own number, so order is checkable.
_WORDS = ("проектът", "клъстерът", "партньори", "иновации", "общината", "финансиране", "обучение", "науката",
          "бизнесът", "регионът", "мрежата", "изследване", "развитие", "технологии", "център", "столицата")


def _paragraph(n: int, words: int = 60) -> str:
    body = " ".join(_WORDS[(n * 7 + i * 3) % len(_WORDS)] for i in range(words))
    return f"Абзац {n} започва тук и {body} край {n}."


@pytest.fixture(scope="module")
def three_column_pdf(tmp_path_factory) -> Path:
    """fpdf2 pages laid out unlike samples/issue8.pdf: three justified columns written with
    multi_cell (one text object per line, bold runs from markdown inside a line) and a title
    drawn glyph by glyph (one text object per glyph, as some converters do)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("dv", "", FONT)
    pdf.add_font("dv", "B", FONT.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    n = 0
    for page in range(2):
        pdf.add_page()
        pdf.set_font("dv", "B", 16)
        x = 40.0
        for glyph in "Бюлетин за иновации" if page == 0 else "":  # on one page: not a running header
            pdf.text(x, 60, glyph)
            x += pdf.get_string_width(glyph)
        pdf.set_font("dv", "", 9)
        for col in range(3):
            pdf.set_xy(40 + col * 180, 90)
            for _ in range(2):
                n += 1
                pdf.set_x(40 + col * 180)
                text = _paragraph(n).replace("финансиране", "**финансиране**", 1)
                pdf.multi_cell(160, 11, text, align="J", markdown=True, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(8)
    path = tmp_path_factory.mktemp("layouts") / "three-columns.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_three_justified_columns_read_paragraph_by_paragraph_in_column_order(three_column_pdf, engine):
    doc = read_document(three_column_pdf, pdf_engine=engine)
    paragraphs = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
    expected = [_paragraph(n) for n in range(1, 13)]
    assert paragraphs == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_title_drawn_glyph_by_glyph_reads_as_words(three_column_pdf, engine):
    doc = read_document(three_column_pdf, pdf_engine=engine)
    first = doc.blocks[0]
    assert (first.kind, doc.text[first.start : first.end]) == ("heading", "Бюлетин за иновации")


def test_both_engines_agree_on_a_pdf_drawn_by_lines_and_glyphs(three_column_pdf):
    pdfium = read_document(three_column_pdf, pdf_engine="pdfium")
    plumber = read_document(three_column_pdf, pdf_engine="pdfplumber")
    assert pdfium.text == plumber.text
    assert pdfium.page_starts == plumber.page_starts
    assert [(b.kind, b.level) for b in pdfium.blocks] == [(b.kind, b.level) for b in plumber.blocks]


def _pdf_with_content(stream: bytes, font: bytes = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>") -> bytes:
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        font,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("engine", ENGINES)
def test_size_set_by_the_text_matrix_not_tf(tmp_path, engine):
    """Some producers write "/F1 1 Tf" and scale the text matrix to the visible size."""
    stream = (
        b"BT /F1 1 Tf 18 0 0 18 72 760 Tm (Annual report) Tj ET "
        b"BT /F1 1 Tf 10 0 0 10 72 730 Tm (The cluster met its partners in May and) Tj ET "
        b"BT /F1 1 Tf 10 0 0 10 72 718 Tm (agreed on a plan for the coming year.) Tj ET"
    )
    path = tmp_path / "scaled.pdf"
    path.write_bytes(_pdf_with_content(stream))
    doc = read_document(path, pdf_engine=engine)
    blocks = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]
    assert blocks == [
        ("heading", "Annual report"),
        ("paragraph", "The cluster met its partners in May and agreed on a plan for the coming year."),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_glyphs_outside_the_basic_plane_keep_later_words_in_place(tmp_path, engine):
    """pdfium counts a surrogate pair as two characters; later words must not shift."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dv", "", FONT)
    pdf.set_font("dv", "", 12)
    x = 20.0
    for word in ["Проект", "\U00010300\U00010301код", "бюджет", "250", "хил.", "евро"]:  # one text object a word
        pdf.text(x, 20, word)
        x += pdf.get_string_width(word + " ")
    path = tmp_path / "wide.pdf"
    pdf.output(str(path))
    assert read_document(path, pdf_engine=engine).text == "Проект \U00010300\U00010301код бюджет 250 хил. евро"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.6\n<< /Encrypt 16 0 R >>", r"x\.pdf: encrypted PDF \(use --password\)$"),
        (b"%PDF-1.6\n<< /Root 1 0 R >>", r"x\.pdf: not a readable PDF: pdfium found no valid document structure"),
    ],
)
def test_pdfium_failing_with_success_gets_a_meaningful_line(monkeypatch, data, expected):
    import pypdfium2 as pdfium

    from bulletin_extract.ingest.pdf import _pdfium_open

    def fails_silently(*args, **kwargs):
        raise pdfium.PdfiumError("Failed to load document (PDFium: Success).")

    monkeypatch.setattr(pdfium, "PdfDocument", fails_silently)
    with pytest.raises(InputError, match=expected):
        _pdfium_open("x.pdf", data, None)
