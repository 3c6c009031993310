"""Pages read by OCR: codes in Bulgarian lines, ruled tables, text-layer pages beside scans.

The PDFs are made here with fpdf2 and DejaVu Serif (invented bulletin lines) and read with
`--ocr always`, as a PDF whose text layer is junk is read: every page rendered and read by
Tesseract. Skipped cleanly without Tesseract, fpdf2 or the DejaVu fonts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_extract.ingest import ocr, read_document
from bulletin_extract.ingest.layout import CELL_SEPARATOR

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

pytestmark = pytest.mark.skipif(ocr.tesseract_missing() is not None, reason="Tesseract bul+eng not installed")


def _pdf():  # type: ignore[no-untyped-def]
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVu fonts not installed")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("serif", "", str(FONT))
    pdf.set_font("serif", size=11)
    pdf.add_page()
    return pdf


@pytest.fixture(scope="module")
def codes_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Latin codes inside Bulgarian sentences, one to a line."""
    pdf = _pdf()
    for line in ("Сдружението изпълнява проект по процедура BG16RFOP002-3.002-0456.",
                 "Вторият договор е по процедура BG05M9OP001-1.001-0001 от миналата година.",
                 "Третият проект е по ERASMUS+ с номер 2022-1-BG01-KA220-ADU-000155555."):
        pdf.multi_cell(w=0, h=7, text=line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path_factory.mktemp("ocr-codes") / "codes.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("code", ["BG16RFOP002-3.002-0456", "BG05M9OP001-1.001-0001",
                                  "2022-1-BG01-KA220-ADU-000155555"])
def test_latin_code_in_a_bulgarian_line_is_read_as_the_code(codes_pdf: Path, code: str) -> None:
    # the Bulgarian model alone reads "BG16RFOP002" as "ВС16КЕОР002" (no G, R, F)
    assert code in read_document(codes_pdf, ocr="always").text


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A paragraph, a table ruled cell by cell (its header centred), a paragraph."""
    pdf = _pdf()
    pdf.multi_cell(w=0, h=7, text="Таблицата показва получените плащания по години и проекти на сдружението.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    rows = (("Година", "Проект", "Сума"), ("2022", "Каталог на занаятите", "120 000 лв."),
            ("2023", "Ремонт на читалището", "48 хил. евро"), ("2024", "Летен фестивал на занаятите", "75 хил. евро"))
    for n, (year, project, amount) in enumerate(rows):
        align = "C" if n == 0 else "L"
        pdf.cell(w=25, h=9, text=year, border=1, align=align)
        pdf.cell(w=80, h=9, text=project, border=1, align=align)
        pdf.cell(w=40, h=9, text=amount, border=1, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(w=0, h=7, text="Окончателното плащане се очаква до края на годината.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path_factory.mktemp("ocr-table") / "table.pdf"
    pdf.output(str(path))
    return path


def test_ruled_table_read_by_ocr_keeps_each_row_together(table_pdf: Path) -> None:
    # the PDF's drawn cells reach the layout code: a row's cells in order, not rows run together
    text = read_document(table_pdf, ocr="always").text
    assert CELL_SEPARATOR.join(["2024", "Летен фестивал на занаятите", "75 хил. евро"]) + "\n" in text
