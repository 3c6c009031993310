"""DocumentBuilder.build: the one place every ingester turns its blocks into a Document."""

from __future__ import annotations

from pathlib import Path

from bulletin_extract.document import DocumentBuilder


def _two_pages() -> DocumentBuilder:
    builder = DocumentBuilder()
    builder.new_page()
    builder.add("heading", "Бюлетин № 3")
    builder.new_page()
    builder.add("paragraph", "Среща в Пловдив на 5 юни 2024 г.")
    return builder


def test_built_document_has_the_builders_text_and_page_starts() -> None:
    doc = _two_pages().build(format="txt", path=Path("b.txt"), sha256="0" * 64, size_bytes=70)
    assert (doc.text, doc.page_starts) == ("Бюлетин № 3\n\nСреща в Пловдив на 5 юни 2024 г.", [0, 13])


def test_built_document_takes_the_readers_own_page_starts() -> None:
    doc = _two_pages().build(format="pdf", path="b.pdf", sha256="0" * 64, size_bytes=70, page_starts=[0, 20])
    assert doc.page_starts == [0, 20]


def test_built_document_carries_the_file_facts_and_optional_fields() -> None:
    doc = _two_pages().build(format="txt", path=Path("b.txt"), sha256="0" * 64, size_bytes=70, encoding="cp1251")
    assert (doc.format, doc.path, doc.size_bytes, doc.encoding) == ("txt", "b.txt", 70, "cp1251")
