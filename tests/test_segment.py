"""Segmentation: headings, ALL-CAPS lines and numbered entries become sections with ranges."""

from __future__ import annotations

from pathlib import Path

from bulletin_extract.ingest import read_document
from bulletin_extract.segment import section_at, segment_sections


def _sections(tmp_path: Path, body: str, name: str = "b.md"):
    path = tmp_path / name
    path.write_text(body, "utf-8")
    doc = read_document(path)
    return doc, segment_sections(doc)


def test_markdown_headings_nest_by_level(tmp_path: Path) -> None:
    doc, sections = _sections(tmp_path, "# Бюлетин\n\nУвод.\n\n## Проекти\n\nТекст.\n\n## Събития\n\nДруг.\n")
    assert [(s.title, s.level) for s in sections] == [("Бюлетин", 1), ("Проекти", 2), ("Събития", 2)]
    assert sections[0].end == len(doc.text)  # the top heading spans its subsections
    assert doc.text[sections[1].start : sections[1].end].strip() == "Проекти\n\nТекст."


def test_numbered_entries_are_sections_inside_their_heading(tmp_path: Path) -> None:
    doc, sections = _sections(
        tmp_path,
        "## Проекти\n\n1. Укрепване на капацитета - ОПИК. Проектът е с бюджет.\n\n"
        "Втори абзац на първия.\n\n2. MediaMotorEurope - H2020. Проектът.\n",
    )
    entries = [s for s in sections if s.kind == "numbered_entry"]
    assert [s.title for s in entries] == ["Укрепване на капацитета - ОПИК", "MediaMotorEurope - H2020"]
    assert all(s.level == 3 for s in entries)
    assert "Втори абзац на първия." in doc.text[entries[0].start : entries[0].end]


def test_numbered_entry_set_as_heading_is_still_an_entry(tmp_path: Path) -> None:
    _, sections = _sections(tmp_path, "## Проекти\n\n1. Едно. Текст.\n\n### 5. Towards Green Transition - COSME.\n\nТекст.\n")
    assert [s.kind for s in sections] == ["heading", "numbered_entry", "numbered_entry"]


def test_all_caps_line_in_plain_text_is_a_heading(tmp_path: Path) -> None:
    _, sections = _sections(tmp_path, "Увод.\n\nСПОРАЗУМЕНИЯ ЗА СЪТРУДНИЧЕСТВО\n\nСофия Тех Парк;\n", "b.txt")
    assert [(s.title, s.kind) for s in sections] == [
        ("", "front_matter"),
        ("СПОРАЗУМЕНИЯ ЗА СЪТРУДНИЧЕСТВО", "heading"),
    ]


def test_section_at_finds_the_innermost_section(tmp_path: Path) -> None:
    doc, sections = _sections(tmp_path, "# A\n\n## Проекти\n\n1. Едно. Текст.\n")
    offset = doc.text.index("Текст")
    assert sections[section_at(sections, offset)].kind == "numbered_entry"


def test_sample_sections_have_titles_and_pages(sample_txt: Path) -> None:
    doc = read_document(sample_txt)
    titles = [s.title for s in segment_sections(doc) if s.kind == "heading"]
    for expected in ["Проекти", "Събития", "Историята в дати", "Бизнес мисии", "ЧЛЕНСТВО"]:
        assert expected in titles


def test_sections_are_held_as_drafts_and_written_as_the_output_model(tmp_path: Path) -> None:
    import sys

    from bulletin_extract.models import Section
    from bulletin_extract.pipeline import analyse
    from bulletin_extract.segment import SectionDraft

    doc, sections = _sections(tmp_path, "Уводен ред.\n\n# Бюлетин\n\nУвод.\n\n## Проекти\n\nТекст.\n")
    assert all(type(s) is SectionDraft for s in sections)
    written = [s.as_section() for s in sections]
    assert [Section.model_validate(w.model_dump()) for w in written] == [
        Section(title="", level=1, page=1, start=0, end=sections[1].start, kind="front_matter"),
        Section(title="Бюлетин", level=1, page=1, start=sections[1].start, end=len(doc.text), kind="heading"),
        Section(title="Проекти", level=2, page=1, start=sections[2].start, end=len(doc.text), kind="heading"),
    ]
    assert sys.getsizeof(sections[1]) * 4 < sys.getsizeof(written[1]) + sys.getsizeof(written[1].__dict__)
    bulletin = analyse(doc, use_ner=False).bulletin()
    assert [type(s) for s in bulletin.sections] == [Section] * 3
    assert [s.title for s in bulletin.sections] == ["", "Бюлетин", "Проекти"]
