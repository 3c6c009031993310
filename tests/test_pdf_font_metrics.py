"""Font sizes and line geometry must not depend on a producer's font descriptor.

LibreOffice 7.4 writes /Ascent 0 /Descent 0; pdfium then gives tight ink boxes, so a
size measured from glyph boxes changes word by word ("Юлия" is taller than "ооо").
The same PDF before and after the two values are patched must read the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.pdf import _pdfium_pages

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SHARED_CASES = Path(__file__).resolve().parents[1] / ".." / "shared" / "pdf-cases" / "part1"

HEADING = "Юбилейна среща в Пловдив"
BODY = [
    "Общината подписа договор за 120 000 лв. по програмата.",
    "Проектът ще приключи до 31 май 2025 г. според плана.",
    "В него участват още три училища и една библиотека.",
]


def _bulletin_pdf() -> bytes:
    """One page: a 16 pt heading over 10 pt body lines, fonts uncompressed so they can be patched."""
    fpdf = pytest.importorskip("fpdf")
    if not Path(FONT).exists():
        pytest.skip("DejaVu fonts not installed")
    pdf = fpdf.FPDF()
    pdf.set_compression(False)
    pdf.add_font("dv", "", FONT)
    pdf.add_page()
    pdf.set_font("dv", size=16)
    pdf.cell(text=HEADING, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("dv", size=10)
    for line in BODY:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _zero_ascent_descent(data: bytes) -> bytes:
    """The LibreOffice 7.4 descriptor: /Ascent 0 /Descent 0 (same length, so the xref stays valid)."""
    def zero(m: re.Match[bytes]) -> bytes:
        return m.group(1) + b"0".ljust(len(m.group(2)))

    patched, n = re.subn(rb"(/(?:Ascent|Descent) )(-?\d+)", zero, data)
    assert n == 2
    return patched


@pytest.fixture(scope="module")
def pdf_pair(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("metrics")
    original = _bulletin_pdf()
    (folder / "original.pdf").write_bytes(original)
    (folder / "zeroed.pdf").write_bytes(_zero_ascent_descent(original))
    return folder / "original.pdf", folder / "zeroed.pdf"


def _sizes(path: Path) -> set[float]:
    return {c.size for p in _pdfium_pages(path, path.read_bytes(), None, []) for c in p.chars}


def test_sizes_are_the_set_font_sizes_when_the_descriptor_says_ascent_and_descent_0(pdf_pair):
    assert _sizes(pdf_pair[1]) == {16.0, 10.0}


def test_zeroed_descriptor_gives_the_same_text_and_headings(pdf_pair):
    original, zeroed = (read_document(p) for p in pdf_pair)
    assert zeroed.text == original.text
    assert [(b.kind, b.level) for b in zeroed.blocks] == [(b.kind, b.level) for b in original.blocks]
    assert original.text.startswith(HEADING + "\n")


def test_libreoffice_export_reads_the_same_before_and_after_the_descriptor_patch():
    plain = SHARED_CASES / "lo-odt_issue8.pdf"
    patched = SHARED_CASES / "lo-odt_issue8_ascent_descent_patched.pdf"
    if not (plain.exists() and patched.exists()):
        pytest.skip("../shared/pdf-cases not available")
    # pdfium (the default engine) is the one whose glyph boxes follow the descriptor
    assert read_document(plain).text == read_document(patched).text
