"""Scanned bulletins read by OCR (Tesseract bul+eng), issue 12.

The scan is made here from the sample PDF: pages rendered at 150 dpi, turned by 0.8
degrees, blurred, saved as an image-only PDF; it must give the sample's facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin_extract import extract
from bulletin_extract.cli import main
from bulletin_extract.document import Document
from bulletin_extract.errors import NoTextLayer
from bulletin_extract.ingest import ocr, read_document
from bulletin_extract.ingest.ocr import deskew_angle, ocr_confidence, parse_hocr, snap_sizes
from bulletin_extract.ingest.scripts import fix_line
from bulletin_extract.models import Bulletin, CountValue, Mention
from format_inputs import recall, sample_scan

needs_tesseract = pytest.mark.skipif(ocr.tesseract_missing() is not None, reason="Tesseract bul+eng not installed")


@pytest.fixture(scope="module")
def scan_path(sample_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "issue8-scan.pdf"
    path.write_bytes(sample_scan(sample_pdf, dpi=150, angle=0.8, blur=0.6))
    return path


@pytest.fixture(scope="module")
def scan_run(scan_path: Path) -> Bulletin:
    return extract(scan_path, use_ner=False)


@needs_tesseract
@pytest.mark.parametrize("kind,least", [("money", 0.9), ("count", 0.9), ("date", 0.9), ("programme_code", 0.75)])
def test_scanned_sample_gives_the_sample_facts(scan_run: Bulletin, sample_txt: Path, kind: str, least: float) -> None:
    assert recall(scan_run, extract(sample_txt, use_ner=False), kind) >= least


@needs_tesseract
def test_every_scanned_page_says_it_was_read_by_ocr(scan_run: Bulletin) -> None:
    assert (scan_run.source.format, scan_run.source.ocr_pages) == ("pdf", [1, 2, 3, 4])
    assert scan_run.source.engine == "tesseract (bul+eng)"


def test_ocr_never_keeps_the_no_text_layer_error(scan_path: Path) -> None:
    with pytest.raises(NoTextLayer, match="no text layer"):
        read_document(scan_path, ocr="never")


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """As on a machine without Tesseract (the availability check is cached per process)."""
    ocr.tesseract_missing.cache_clear()
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    yield
    ocr.tesseract_missing.cache_clear()


@pytest.mark.usefixtures("no_tesseract")
def test_without_tesseract_a_scan_says_how_to_install_it(scan_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(scan_path), "--no-ner"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "no text layer (scanned?)" in lines[0] and "apt-get install tesseract-ocr tesseract-ocr-bul" in lines[0]


@needs_tesseract
def test_png_photo_of_a_page_is_one_ocr_page(sample_pdf: Path, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(sample_pdf))
    image = pdf[0].render(scale=200 / 72).to_pil().convert("L")
    pdf.close()
    top = image.crop((0, 0, image.width, image.height // 5))  # the masthead: title, issue, date
    path = tmp_path / "masthead.png"
    top.save(path, dpi=(200, 200))
    doc = read_document(path)
    assert (doc.format, doc.ocr_pages, doc.pages) == ("image", [1], 1)
    assert "22.12.2022" in doc.text


def _lines_image(angle: float):  # type: ignore[no-untyped-def]
    """Dark bars like lines of text on a white page, turned by `angle` degrees."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(page)
    for y in range(150, 1450, 45):
        draw.rectangle((120, y, 1080, y + 18), fill=0)
    return page.rotate(angle, fillcolor=255)


@pytest.mark.parametrize("angle", [2.0, -1.5])
def test_deskew_finds_the_turn_that_levels_the_lines(angle: float) -> None:
    assert deskew_angle(_lines_image(angle)) == pytest.approx(-angle, abs=0.2)


HOCR = """<div class='ocr_page' title='bbox 0 0 1240 1754'>
<span class='ocr_line' id='line_1_1' title="bbox 100 200 700 240; baseline 0 -8; x_size 30; x_descenders 6; x_ascenders 8">
<span class='ocrx_word' id='word_1_1' title='bbox 100 200 260 232; x_wconf 93'>Бюджет</span>
<span class='ocrx_word' id='word_1_2' title='bbox 280 204 330 232; x_wconf 61'>450</span>
<span class='ocrx_word' id='word_1_3' title='bbox 350 216 420 232; x_wconf 88'>хил.</span>
<span class='ocrx_word' id='word_1_4' title='bbox 440 204 540 240; x_wconf 90'>eвро</span>
</span></div>"""


def test_hocr_words_get_point_boxes_on_their_line_and_confidence() -> None:
    chars, words = parse_hocr(HOCR, page=2, dpi=150)
    assert [c.text for c in chars] == ["Бюджет", "450", "хил.", "евро"]  # Latin "e" repaired
    first = chars[0]
    assert (first.x0, first.x1, first.page) == (48.0, 124.8, 2)
    # one baseline (bbox bottom 240 px + baseline offset -8 px = 232 px = 111.36 pt) and one size
    # for all words of the line, whatever their own box: its x-height word "хил." is 16 px tall,
    # x 1.8 = 28.8 px = 13.8 pt, in half points
    assert {(round(c.top, 2), round(c.bottom, 2), c.size) for c in chars} == {(97.36, 111.36, 14.0)}
    assert words[1] == ("450", 0.61)


def _hocr_lines(*lines: tuple[str, str]) -> str:
    """hOCR of lines given as (line title, words as "text top bottom" separated by "|")."""
    spans = []
    for n, (title, words) in enumerate(lines):
        boxes = "".join(f"<span class='ocrx_word' title='bbox {100 + 80 * i} {w.split()[1]} {160 + 80 * i} {w.split()[2]}; "
                        f"x_wconf 90'>{w.split()[0]}</span>" for i, w in enumerate(words.split("|")))
        spans.append(f"<span class='ocr_line' id='line_1_{n}' title=\"{title}\">{boxes}</span>")
    return "<div class='ocr_page' title='bbox 0 0 1240 1754'>" + "".join(spans) + "</div>"


def test_line_size_comes_from_its_lowercase_words_when_tesseracts_row_fit_fails() -> None:
    # the second line's row fit is a default (x-height 14.4 - 3.4 - 3.4 = 7.6 px), its words
    # "на" and "като" are 12 px tall like the first line's: both lines are one font
    hocr = _hocr_lines(
        ("bbox 100 200 700 230; baseline 0 -4; x_size 22.5; x_descenders 5.5; x_ascenders 5.5",
         "Проектът 200 226|на 214 226|като 214 226|бюджет 200 230"),
        ("bbox 100 240 700 270; baseline 0 -4; x_size 14.4; x_descenders 3.4; x_ascenders 3.4",
         "Договорът 240 266|на 254 266|като 254 266|цена 254 270"),
    )
    chars, _ = parse_hocr(hocr, page=1, dpi=150)
    assert {c.size for c in chars} == {10.5}  # 12 px x 1.8 = 21.6 px = 10.4 pt


def test_line_sizes_near_the_page_body_size_take_it() -> None:
    # 10.1 and 10.9 pt measured: one body font; 14 pt is a heading and keeps its size
    assert snap_sizes([10.1, 10.9, 10.4, 14.0], [40, 40, 40, 12], [(0.1, 0.1)] * 4) == [10.5, 10.5, 10.5, 14.0]


def test_tesseract_row_fit_below_the_body_size_snaps_to_it_more_loosely() -> None:
    # a line without lowercase words ("PACIFIC (ITAP) 2022") measured 16% small by the row fit
    assert snap_sizes([10.4, 8.7], [80, 7], [(0.1, 0.1), (0.2, 0.1)]) == [10.5, 10.5]
    assert snap_sizes([10.4, 8.7], [80, 7], [(0.1, 0.1), (0.1, 0.1)]) == [10.5, 8.5]


def test_row_fit_above_the_body_size_stays_a_heading() -> None:
    # an all-capitals heading ("ДЕТСКА ГРАДИНА") 18% above the body
    assert snap_sizes([10.4, 12.3], [80, 14], [(0.1, 0.1), (0.2, 0.1)]) == [10.5, 12.5]


def test_one_letter_word_does_not_measure_the_line() -> None:
    # "о" is a round bullet read as a letter: the line's size is its row fit (11 px x-height)
    hocr = _hocr_lines(("bbox 100 200 700 230; baseline 0 -4; x_size 20; x_descenders 4; x_ascenders 5",
                        "о 200 218|Материали 196 230"))
    chars, _ = parse_hocr(hocr, page=1, dpi=150)
    assert {c.size for c in chars} == {9.5}  # 11 px x 1.8 = 19.8 px = 9.5 pt


def test_words_with_descenders_measure_the_line_from_its_baseline() -> None:
    # "през април": no word of x-height letters alone; both rise 12 px above the baseline (y 230),
    # while the row fit says 7 px
    hocr = _hocr_lines(("bbox 100 218 700 235; baseline 0 -5; x_size 14; x_descenders 3.5; x_ascenders 3.5",
                        "през 218 235|април 218 235"))
    chars, _ = parse_hocr(hocr, page=1, dpi=150)
    assert {c.size for c in chars} == {10.5}  # 12 px x 1.8 = 21.6 px = 10.4 pt


def test_a_lone_word_with_a_descender_keeps_the_row_fit() -> None:
    # Tesseract puts a lone "др."'s baseline near the foot of its "р": its rise would read 15 px
    hocr = _hocr_lines(("bbox 100 200 130 216; baseline 0 -1; x_size 22; x_descenders 5.5; x_ascenders 5.5",
                        "др. 200 216"))
    chars, _ = parse_hocr(hocr, page=1, dpi=150)
    assert {c.size for c in chars} == {9.5}  # row fit 11 px x 1.8 = 19.8 px = 9.5 pt


@pytest.mark.parametrize("mark", [".", "+", "«", "©"])
def test_a_lone_mark_before_a_line_is_a_bullet_read_wrong(mark: str) -> None:
    hocr = _hocr_lines(("bbox 100 200 700 230; baseline 0 -4; x_size 22; x_descenders 5.5; x_ascenders 5.5",
                        f"{mark} 212 218|Съвет 200 226|по 214 226|иновации 200 226"))
    chars, _ = parse_hocr(hocr, page=1, dpi=150)
    assert [c.text for c in chars] == ["•", "Съвет", "по", "иновации"]


def test_a_full_stop_inside_a_line_stays() -> None:
    hocr = _hocr_lines(("bbox 100 200 700 230; baseline 0 -4; x_size 22; x_descenders 5.5; x_ascenders 5.5",
                        "Съвет 200 226|. 222 226|по 214 226"))
    chars, _ = parse_hocr(hocr, page=1, dpi=150)
    assert [c.text for c in chars] == ["Съвет", ".", "по"]


def test_mention_confidence_is_scaled_by_its_least_sure_word() -> None:
    doc = Document(text="Участваха 25 партньори", blocks=[], page_starts=[0], format="image", path="x.png",
                   sha256="", size_bytes=0, ocr_pages=[1], ocr_words={1: [("25", 0.5), ("партньори", 0.9)]})
    m = Mention(kind="count", text="25 партньори", start=10, end=22, page=1, source="rule", confidence=0.9,
                value=CountValue(partners=25))
    ocr_confidence(doc, [m])
    assert m.confidence == 0.45


def test_code_read_with_a_cyrillic_letter_is_put_back_in_latin() -> None:
    assert fix_line(["Договор", "№", "ВG16RFOP002-1.001"]) == ["Договор", "№", "BG16RFOP002-1.001"]


def test_unreadable_image_is_a_one_line_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8 not really a jpeg")
    if ocr.tesseract_missing():
        pytest.skip("Tesseract bul+eng not installed")
    from bulletin_extract.errors import InputError

    with pytest.raises(InputError, match="not a readable image"):
        read_document(path)




@pytest.fixture(scope="module")
def partly_scanned(sample_pdf: Path, scan_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Page 2 of the sample with its text layer, then page 1 of the sample as a scan."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(sample_pdf)), [1])
    out.import_pages(pdfium.PdfDocument(str(scan_path)), [0])
    path = tmp_path_factory.mktemp("mixed") / "mixed.pdf"
    out.save(str(path))
    return path


@needs_tesseract
def test_scanned_page_in_a_text_pdf_is_read_by_ocr(partly_scanned: Path) -> None:
    doc = read_document(partly_scanned)
    assert (doc.ocr_pages, doc.engine) == ([2], "pdfium + tesseract (bul+eng)")
    assert "1,952 млн. евро" in doc.text[: doc.page_starts[1]]  # page 1: the text layer
    assert "22.12.2022" in doc.text[doc.page_starts[1]:]  # page 2: OCR


@needs_tesseract
def test_text_layer_page_beside_a_scan_is_laid_out_like_any_pdf_page(partly_scanned: Path) -> None:
    # the same layout path as a text-layer PDF: every line of both pages keeps its box
    doc = read_document(partly_scanned)
    assert {ln.page for ln in doc.lines} == {1, 2}


@pytest.mark.usefixtures("no_tesseract")
def test_scanned_page_in_a_text_pdf_without_tesseract_is_a_warning(partly_scanned: Path) -> None:
    doc = read_document(partly_scanned)
    assert doc.ocr_pages == []
    assert [(w.code, w.page) for w in doc.warnings] == [("scanned_pages", 2)]


@needs_tesseract
def test_review_report_draws_boxes_on_a_scanned_page(partly_scanned: Path) -> None:
    from bulletin_extract.report.pages import page_images

    bulletin = extract(partly_scanned, use_ner=False, include_text=True)
    scanned = page_images(partly_scanned, bulletin.mentions, bulletin.text or "")[1]
    assert scanned.mentions and scanned.located >= 0.8 * scanned.mentions


def test_mention_box_from_ocr_words_spans_its_lines() -> None:
    from bulletin_extract.ingest.layout import Char
    from bulletin_extract.report.pages import locate_in_words

    words = [Char("бюджет", 100, 150, 100, 112, 12), Char("250", 155, 175, 100, 112, 12),
             Char("хил.", 72, 95, 116, 128, 12), Char("евро", 98, 126, 116, 128, 12)]
    m = Mention(id=3, kind="money", text="250 хил. евро", start=0, end=13, page=1, source="rule",
                confidence=0.9, value=CountValue())
    boxes = locate_in_words(words, m, width=200, height=400)
    assert [(b.left, b.top, b.width) for b in boxes] == [(77.5, 25.0, 10.0), (36.0, 29.0, 27.0)]
