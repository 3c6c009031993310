"""Ingest: any supported file -> Document (normalised text, blocks, page map)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..document import Document, DocumentBuilder
from ..errors import GarbledTextLayer, InputError, NoTextLayer, UnsupportedFormat, UsageError
from ..models import ProblemNote
from .text import DecodeError, decode, parse_text

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}
#: Word, OpenDocument and web pages: read structurally by their own modules
STRUCTURED_SUFFIXES = (".docx", ".doc", ".odt", ".html", ".htm", ".xhtml")
#: photographed or scanned pages, one page per file, read by OCR
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUPPORTED = (".pdf", *TEXT_SUFFIXES, *STRUCTURED_SUFFIXES, *IMAGE_SUFFIXES)
OCR_MODES = ("never", "auto", "always")


def read_document(path: str | Path, pdf_engine: str = "auto", password: str | None = None,
                  ocr: str = "auto") -> Document:
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory (use 'bulletin-extract batch' for folders)")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(
            f"{path}: unsupported file type '{suffix or '(none)'}' (expected .pdf, .txt, .md, .docx, .doc, .odt, .html or an image)"
        )
    if ocr not in OCR_MODES:
        raise UsageError(f"unknown --ocr mode '{ocr}' (expected {', '.join(OCR_MODES)})")
    if suffix == ".pdf":
        return _read_pdf(path, _file_sha256(path), pdf_engine, password, ocr)
    data = file_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    if suffix in STRUCTURED_SUFFIXES or suffix in IMAGE_SUFFIXES:
        return _read_other(path, suffix, data, sha, ocr)
    fmt = TEXT_SUFFIXES[suffix]
    try:
        text, encoding = decode(data)
    except DecodeError as err:
        raise InputError(f"{path}: {err}") from err
    builder = DocumentBuilder()
    parse_text(text, markdown=True, builder=builder)
    return builder.build(format=fmt, path=path, sha256=sha, size_bytes=len(data), encoding=encoding)


def file_bytes(path: str | Path) -> bytes:
    """The file's bytes; an unreadable file is an InputError (one line, exit code of bad input)."""
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise _unreadable(path, err) from err


def _file_sha256(path: Path) -> str:
    """The file's SHA-256, read in pieces: a PDF's bytes are not held while it is read
    (pdfium reads the file itself; see `_read_pdf`)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            while piece := f.read(1 << 20):
                digest.update(piece)
    except OSError as err:
        raise _unreadable(path, err) from err
    return digest.hexdigest()


def _unreadable(path: str | Path, err: OSError) -> InputError:
    return InputError(f"{path}: cannot read: {err.strerror or err}")


def _read_pdf(path: Path, sha: str, engine: str, password: str | None, ocr: str) -> Document:
    """The text layer; with --ocr auto, OCR when there is none; with --ocr always, OCR only.

    The text layer is read from the file (pdfium opens the path), not from its bytes in
    memory: a 500-page PDF's 10 MiB would otherwise be held beside its laid-out pages, the
    largest thing ingest holds. The bytes are read only for OCR and for a repair."""
    from . import ocr as ocr_module
    from .pdf import read_pdf

    if ocr == "always":
        return ocr_module.read_scanned_pdf(path, file_bytes(path), sha, password=password)
    try:
        document = read_pdf(path, None, sha, engine=engine, password=password)
    except NoTextLayer as err:
        data = file_bytes(path)
        if ocr == "never" or not ocr_module.renders(data, password):
            raise  # a damaged PDF read only from a repaired copy: its own reason says more
        return ocr_module.read_scanned_pdf(path, data, sha, password=password, reason=str(err))
    except GarbledTextLayer as err:
        # junk glyph maps (a Ghostscript re-save): the pages still look right, so OCR reads
        # them when it can; without Tesseract the one-line refusal stands
        data = file_bytes(path)
        if ocr == "never" or ocr_module.tesseract_missing() is not None or not ocr_module.renders(data, password):
            raise
        document = ocr_module.read_scanned_pdf(path, data, sha, password=password, reason=str(err))
        message = str(err).replace("the PDF needs OCR", "its pages were read by OCR instead")
        document.warnings.insert(0, ProblemNote(code="garbled_text_layer", message=message, stage="ingest"))
        return document
    scanned = ocr_module.scanned_pages(document, path, password) if ocr == "auto" else []
    if scanned:  # a born-digital bulletin with scanned pages in it
        missing = ocr_module.tesseract_missing()
        if missing is None:
            return ocr_module.read_partly_scanned_pdf(path, file_bytes(path), sha, scanned, engine=engine,
                                                      password=password)
        document.warnings.append(ProblemNote(
            code="scanned_pages", stage="ingest", page=scanned[0],
            message=f"{path}: pages {', '.join(map(str, scanned))} are scans, not read; {missing}: "
                    f"{ocr_module.INSTALL_HINT}"))
    return document


def _read_other(path: Path, suffix: str, data: bytes, sha: str, ocr: str) -> Document:
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(path, data, sha)
    if suffix == ".doc":
        from .docx import read_doc

        return read_doc(path, data, sha)
    if suffix == ".odt":
        from .odt import read_odt

        return read_odt(path, data, sha)
    if suffix in (".html", ".htm", ".xhtml"):
        from .html import read_html

        return read_html(path, data, sha)
    if ocr == "never":
        raise NoTextLayer(f"{path}: an image has no text layer (use --ocr auto to read it by OCR)")
    from .ocr import read_image

    return read_image(path, data, sha)
