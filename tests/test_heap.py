"""Free C-heap memory is given back to the OS between stages (bulletin_extract.heap), so
what ingest and the NER model freed does not stay in the resident size under the later
stages: the peak of a long document then grows less than its pages."""

import platform
from pathlib import Path

import pytest

from bulletin_extract import heap, pipeline
from bulletin_extract.ingest import read_document

SAMPLE = Path(__file__).resolve().parent.parent / "samples"
GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def _resident_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_freed_heap_pages_leave_the_resident_size() -> None:
    heap.give_back()
    # 32 MiB in pieces below glibc's mmap threshold (so on its heap), then one piece
    # after them still alive: glibc cannot trim the freed ones from the top
    pieces = [bytearray(b"x" * 65_536) for _ in range(512)]
    pin = bytearray(b"y" * 65_536)
    before = _resident_mib()
    del pieces
    freed = _resident_mib()
    assert heap.give_back() is True
    after = _resident_mib()
    assert before - freed < 8  # free() alone leaves them resident
    assert freed - after > 24  # malloc_trim gives them back
    assert pin[0] == ord("y")


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_glibc_has_the_call() -> None:
    assert heap._malloc_trim() is not None


def test_where_there_is_no_call_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "_malloc_trim", lambda: None)
    assert heap.give_back() is False
    assert heap._malloc_trim() is None


def test_analyse_gives_back_after_ingest_and_after_the_mentions(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    found = pipeline.find_mentions

    def counted_find(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(0)  # marks where the mentions were found among the calls
        return found(*args, **kwargs)

    monkeypatch.setattr(pipeline, "give_back", lambda: calls.append(1) or True)
    monkeypatch.setattr(pipeline, "find_mentions", counted_find)
    extraction = pipeline.analyse(read_document(SAMPLE / "issue8.txt"), use_ner=False)
    assert calls == [1, 0, 1]
    assert extraction.mentions  # the document was analysed as before


def test_pdf_layout_gives_back_what_the_lines_held_before_the_text_is_joined(monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin_extract.document import DocumentBuilder
    from bulletin_extract.ingest import layout

    events: list[str] = []
    joined = DocumentBuilder.text.fget  # type: ignore[attr-defined]

    monkeypatch.setattr(layout, "give_back", lambda: events.append("give back") or True)
    monkeypatch.setattr(DocumentBuilder, "text", property(lambda self: events.append("join") or joined(self)))
    document = read_document(SAMPLE / "issue8.pdf")
    assert events[:2] == ["give back", "join"]  # once, before the text's parts become one string
    assert events.count("give back") == 1
    assert "Клъстер" in document.text


def test_finding_mentions_in_a_long_document_gives_back_every_few_chunks(monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    from bulletin_extract.nlp import load_pipeline

    text = (SAMPLE / "issue8.txt").read_text("utf-8")
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join([text] * 20), "utf-8")
    document = read_document(path)
    chunks = len(pipeline._chunks(document))
    assert chunks >= 2 * pipeline.TRIM_EVERY  # long enough for two
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "give_back", lambda: calls.append(1) or True)
    found = pipeline.find_mentions(load_pipeline(use_ner=False), document)
    assert len(calls) == chunks // pipeline.TRIM_EVERY
    assert found  # the mentions are found as before
