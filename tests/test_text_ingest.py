"""Text and markdown ingest: encodings, markdown structure, repair of PDF-conversion scars."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bulletin_extract.errors import UnsupportedFormat, UsageError
from bulletin_extract.ingest import read_document
from bulletin_extract.ingest.text import decode

PARAGRAPH = "Клъстерът е бизнес инициатива за трансформация на град София в град на знанието."


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (PARAGRAPH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PARAGRAPH.encode("utf-8"), "utf-8-sig"),
        (PARAGRAPH.encode("utf-16"), "utf-16"),
        (PARAGRAPH.encode("cp1251"), "cp1251"),
        (PARAGRAPH.encode("koi8_r"), "koi8_r"),
    ],
)
def test_decode_detects_bulgarian_encodings(encoded: bytes, encoding: str) -> None:
    text, found = decode(encoded)
    assert text == PARAGRAPH
    assert found == encoding


def test_cp1251_file_is_recorded_in_source(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(("Бюлетин\n\n" + PARAGRAPH + "\n").encode("cp1251"))
    doc = read_document(path)
    assert PARAGRAPH in doc.text
    assert doc.encoding == "cp1251"


def test_markdown_headings_become_heading_blocks(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text("# Бюлетин\n\n## Проекти\n\nТекст на **проекта** с [връзка](http://x.bg).\n", "utf-8")
    doc = read_document(path)
    headings = [(doc.text[b.start : b.end], b.level) for b in doc.blocks if b.kind == "heading"]
    assert headings == [("Бюлетин", 1), ("Проекти", 2)]
    assert "Текст на проекта с връзка." in doc.text


def test_list_items_are_kept_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text("- юни 2016 - първо\n- 25.10.2016 - второ\n", "utf-8")
    doc = read_document(path)
    assert doc.text == "юни 2016 - първо\n25.10.2016 - второ"
    assert [b.kind for b in doc.blocks] == ["list_item", "list_item"]


def test_word_hyphenated_across_a_column_cut_is_joined(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("продукти и бизнес модели по вери-\n\nгата на доставките.\n", "utf-8")
    assert read_document(path).text == "продукти и бизнес модели по веригата на доставките."


def test_real_hyphen_compound_at_line_end_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("Участие на Телелинк Инфра-\nсървис и на Телелинк Инфра-сървис.\n", "utf-8")
    assert read_document(path).text == "Участие на Телелинк Инфра-сървис и на Телелинк Инфра-сървис."


def test_sidebar_inside_a_paragraph_is_moved_after_it(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(
        "Проект с наименование „Междуклъстерен\n\n### В този брой\n\nПроекти\t2\nСъбития\t3\n\n"
        "център за иновации“.\n\nСледващ абзац.\n",
        "utf-8",
    )
    doc = read_document(path)
    assert doc.text.startswith("Проект с наименование „Междуклъстерен център за иновации“.")
    sidebar = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "sidebar"]
    assert sidebar == ["В този брой", "Проекти 2", "Събития 3"]


def test_sentence_cut_before_a_year_is_rejoined(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text(
        "Реализиран е от седем партньора от 6 европейски страни и приключи през април\n\n2022 г. Успешно.\n",
        "utf-8",
    )
    assert "приключи през април 2022 г. Успешно." in read_document(path).text


def test_control_characters_do_not_shift_offsets(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes("Дата:\x00 22.12.2022 г.\u200f\n".encode())
    doc = read_document(path)
    assert "\x00" not in doc.text and "\u200f" not in doc.text
    assert "22.12.2022 г." in doc.text


def test_every_character_of_a_text_file_is_on_page_one(sample_txt: Path) -> None:
    doc = read_document(sample_txt)
    assert doc.pages == 1
    assert doc.page_at(len(doc.text) - 1) == 1


def test_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    path.write_text("x", "utf-8")
    with pytest.raises(UnsupportedFormat, match=r"unsupported file type '\.xlsx'"):
        read_document(path)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_capitalised_word_broken_at_a_line_end_is_joined(tmp_path: Path) -> None:
    # the halves "Кит-" / "чън" are not words of the document, so they do not make a compound
    path = tmp_path / "b.txt"
    path.write_text("се състоя тържество в Хотел Кит-\nчън в центъра на София.\n", "utf-8")
    assert "в Хотел Китчън в центъра" in read_document(path).text


def test_dash_before_a_code_at_a_line_end_keeps_its_space(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("8. Digiskill-Retail-\n2022-1-DE02-KA220-VET-000089396 ERASMUS+.\n", "utf-8")
    assert "Digiskill-Retail- 2022-1-DE02-KA220-VET-000089396" in read_document(path).text


def test_markdown_table_rows_are_blocks_with_their_cells_apart(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text("## Проекти\n\n| Проект | Бюджет |\n|---|---:|\n| Алфа | 100 хил. лв. |\n", "utf-8")
    doc = read_document(path)
    rows = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "table_row"]
    assert rows == ["Проект | Бюджет", "Алфа | 100 хил. лв."]
    assert not [b for b in doc.blocks if b.kind == "sidebar"]  # a table under a heading is no sidebar
