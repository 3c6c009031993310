"""The cyclic collector is paused while pdfium's pages are read (bulletin_extract.cyclic_gc):
that is only sound while reading a PDF makes no reference cycles, whose garbage would
otherwise wait for the next collection and grow with the pages."""

import gc
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bulletin_extract.cyclic_gc import paused
from bulletin_extract.ingest.pdf import read_pdf

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "issue8.pdf"


def _cyclic_garbage_of_reading(pdf: Path) -> int:
    """Objects only the cyclic collector frees, left by one pdfium read of `pdf`."""
    read_pdf(pdf, None, "x", engine="pdfium")  # warm: imports, data files, caches
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        read_pdf(pdf, None, "x", engine="pdfium")
        return gc.collect()
    finally:
        if was:
            gc.enable()


def test_reading_a_pdf_leaves_no_cycles_per_page(tmp_path: Path) -> None:
    long = tmp_path / "long.pdf"
    out, one = pdfium.PdfDocument.new(), pdfium.PdfDocument(SAMPLE)
    for _ in range(4):
        out.import_pages(one)
    out.save(long)
    pages = len(out)
    out.close()
    one.close()
    assert pages >= 16
    short, repeated = _cyclic_garbage_of_reading(SAMPLE), _cyclic_garbage_of_reading(long)
    # a few objects per document (the reader's ctypes buffer type), none per page: a
    # ctypes.cast between pointer types left 7 per page
    assert repeated <= 40
    assert repeated - short < pages


def test_paused_restores_the_collector_as_it_was() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused():
        raise RuntimeError("a stage fails")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
