"""Word bulletins (.docx) are read structurally and give the same facts as the text (issue 12)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bulletin_extract import extract
from bulletin_extract.ingest import read_document
from bulletin_extract.models import Bulletin
from format_inputs import FACT_KINDS, recall, sample_docx

docx = pytest.importorskip("docx")


@pytest.fixture(scope="module")
def text_run(sample_txt: Path) -> Bulletin:
    return extract(sample_txt, use_ner=False)


def _write(tmp_path: Path, data: bytes, name: str = "issue8.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("columns,table", [(1, False), (2, True)], ids=["one-column", "two-columns-table"])
@pytest.mark.parametrize("kind", FACT_KINDS)
def test_sample_as_docx_gives_the_text_facts(tmp_path: Path, sample_txt: Path, text_run: Bulletin,
                                              columns: int, table: bool, kind: str) -> None:
    got = extract(_write(tmp_path, sample_docx(sample_txt, columns, table)), use_ner=False)
    assert got.source.format == "docx"
    assert recall(got, text_run, kind) >= 0.95


def _docx(build) -> bytes:  # type: ignore[no-untyped-def]
    doc = docx.Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_heading_level_comes_from_the_style(tmp_path: Path) -> None:
    data = _docx(lambda d: (d.add_heading("Проекти", level=1), d.add_heading("Бизнес мисии", level=2)))
    doc = read_document(_write(tmp_path, data))
    assert [(b.kind, b.level, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("heading", 1, "Проекти"), ("heading", 2, "Бизнес мисии")]


def test_numbered_list_keeps_its_numbers_as_text(tmp_path: Path) -> None:
    def build(d) -> None:  # type: ignore[no-untyped-def]
        d.add_paragraph("Първа среща с партньорите", style="List Number")
        d.add_paragraph("Втора среща в София", style="List Number")

    doc = read_document(_write(tmp_path, _docx(build)))
    assert [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("list_item", "1. Първа среща с партньорите"), ("list_item", "2. Втора среща в София")]


def test_table_rows_keep_their_cells_apart(tmp_path: Path) -> None:
    def build(d) -> None:  # type: ignore[no-untyped-def]
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "Проект", "Бюджет"
        t.cell(1, 0).text, t.cell(1, 1).text = "Зелени умения", "315 600 евро"

    doc = read_document(_write(tmp_path, _docx(build)))
    assert [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("table_row", "Проект | Бюджет"), ("table_row", "Зелени умения | 315 600 евро")]


def test_header_and_footer_are_left_out_as_furniture(tmp_path: Path) -> None:
    def build(d) -> None:  # type: ignore[no-untyped-def]
        d.sections[0].header.paragraphs[0].text = "Бюлетин на клъстера"
        d.sections[0].footer.paragraphs[0].text = "стр. 3"
        d.add_paragraph("Срещата се състоя на 12.12.2022 г.")

    assert read_document(_write(tmp_path, _docx(build))).text == "Срещата се състоя на 12.12.2022 г."


def test_text_box_is_a_sidebar(tmp_path: Path, sample_txt: Path) -> None:
    doc = read_document(_write(tmp_path, sample_docx(sample_txt)))
    sidebar = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "sidebar"]
    assert sidebar[0] == "В този брой"


def test_page_break_starts_a_new_page(tmp_path: Path) -> None:
    def build(d) -> None:  # type: ignore[no-untyped-def]
        d.add_paragraph("Първа страница.")
        d.add_page_break()
        d.add_paragraph("Втора страница.")

    doc = read_document(_write(tmp_path, _docx(build)))
    assert doc.pages == 2
    assert doc.page_at(doc.text.index("Втора")) == 2


def test_damaged_docx_is_a_one_line_input_error(tmp_path: Path) -> None:
    from bulletin_extract.errors import InputError

    with pytest.raises(InputError, match="not a readable Word file"):
        read_document(_write(tmp_path, b"PK\x03\x04 broken"))


def test_legacy_doc_without_libreoffice_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin_extract.errors import InputError
    from bulletin_extract.ingest import docx as docx_module

    monkeypatch.setattr(docx_module.shutil, "which", lambda name: None)
    with pytest.raises(InputError, match=r"needs LibreOffice .*apt-get install libreoffice-writer"):
        read_document(_write(tmp_path, b"\xd0\xcf\x11\xe0 old word file", "old.doc"))


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice not installed")
def test_legacy_doc_is_converted_by_libreoffice(tmp_path: Path) -> None:
    import subprocess

    data = _docx(lambda d: (d.add_heading("Проекти", level=1), d.add_paragraph("Бюджет 450 хил. евро.")))
    src = _write(tmp_path, data, "new.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True,
                   timeout=180)
    doc = read_document(tmp_path / "new.doc")
    assert (doc.format, doc.text) == ("docx", "Проекти\n\nБюджет 450 хил. евро.")
