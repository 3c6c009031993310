"""OpenDocument bulletins (.odt) are read from the ODF XML and give the text's facts (issue 12)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bulletin_extract import extract
from bulletin_extract.errors import InputError
from bulletin_extract.ingest import read_document
from bulletin_extract.models import Bulletin
from format_inputs import FACT_KINDS, recall, sample_odt

pytest.importorskip("odf")  # odfpy writes the test inputs; the reader needs only the standard library


@pytest.fixture(scope="module")
def odt_run(sample_txt: Path, tmp_path_factory: pytest.TempPathFactory) -> Bulletin:
    path = tmp_path_factory.mktemp("odt") / "issue8.odt"
    path.write_bytes(sample_odt(sample_txt))
    return extract(path, use_ner=False)


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_sample_as_odt_gives_the_text_facts(odt_run: Bulletin, sample_txt: Path, kind: str) -> None:
    assert odt_run.source.format == "odt"
    assert recall(odt_run, extract(sample_txt, use_ner=False), kind) >= 0.95


def _odt(tmp_path: Path, body: str) -> Path:
    """A minimal ODT: the mimetype, a manifest and content.xml with the given office:text body."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">'
        '<office:automatic-styles><text:list-style style:name="L1">'
        '<text:list-level-style-number text:level="1" style:num-format="а" style:num-suffix=")"/>'
        "</text:list-style></office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
    path = tmp_path / "t.odt"
    path.write_bytes(out.getvalue())
    return path


def _blocks(path: Path) -> list[tuple[str, int, str]]:
    doc = read_document(path)
    return [(b.kind, b.level, doc.text[b.start:b.end]) for b in doc.blocks]


def test_outline_level_is_the_heading_level(tmp_path: Path) -> None:
    body = '<text:h text:outline-level="1">Проекти</text:h><text:h text:outline-level="2">Бизнес мисии</text:h>'
    assert _blocks(_odt(tmp_path, body)) == [("heading", 1, "Проекти"), ("heading", 2, "Бизнес мисии")]


def test_list_numbering_in_cyrillic_letters_is_kept(tmp_path: Path) -> None:
    body = ('<text:list text:style-name="L1"><text:list-item><text:p>първо заседание</text:p></text:list-item>'
            "<text:list-item><text:p>второ заседание</text:p></text:list-item></text:list>")
    assert _blocks(_odt(tmp_path, body)) == [("list_item", 0, "а) първо заседание"),
                                             ("list_item", 0, "б) второ заседание")]


def test_encoded_spaces_and_line_breaks_are_text(tmp_path: Path) -> None:
    body = "<text:p>Бюджет:<text:s/>120<text:s/>000 лв.<text:line-break/>Срок: 2024 г.</text:p>"
    assert _blocks(_odt(tmp_path, body)) == [("paragraph", 0, "Бюджет: 120 000 лв.\nСрок: 2024 г.")]


def test_table_rows_keep_their_cells_apart(tmp_path: Path) -> None:
    body = ("<table:table><table:table-row><table:table-cell><text:p>Проект</text:p></table:table-cell>"
            "<table:table-cell><text:p>250 хил. евро</text:p></table:table-cell></table:table-row></table:table>")
    assert _blocks(_odt(tmp_path, body)) == [("table_row", 0, "Проект | 250 хил. евро")]


def test_frame_text_box_is_a_sidebar_after_its_paragraph(tmp_path: Path) -> None:
    body = ('<text:p>Клъстерът навърши 6 години.<draw:frame><draw:text-box><text:p>В този брой</text:p>'
            "</draw:text-box></draw:frame></text:p><text:p>Следва текст.</text:p>")
    assert _blocks(_odt(tmp_path, body)) == [("paragraph", 0, "Клъстерът навърши 6 години."),
                                             ("sidebar", 0, "В този брой"), ("paragraph", 0, "Следва текст.")]


def test_footnote_goes_to_the_end_not_into_the_number(tmp_path: Path) -> None:
    body = ('<text:p>Бюджет 450 хил. евро<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            "<text:note-body><text:p>По данни на МРРБ.</text:p></text:note-body></text:note>, одобрен.</text:p>")
    assert _blocks(_odt(tmp_path, body)) == [("paragraph", 0, "Бюджет 450 хил. евро, одобрен."),
                                             ("paragraph", 0, "[1] По данни на МРРБ.")]


def test_soft_page_break_starts_a_page(tmp_path: Path) -> None:
    doc = read_document(_odt(tmp_path, "<text:p>Първа.</text:p><text:soft-page-break/><text:p>Втора.</text:p>"))
    assert doc.pages == 2 and doc.page_at(doc.text.index("Втора")) == 2


def test_zip_without_content_is_a_one_line_input_error(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    path = tmp_path / "empty.odt"
    path.write_bytes(out.getvalue())
    with pytest.raises(InputError, match="not a readable OpenDocument file"):
        read_document(path)
