"""Ingest: any supported file -> Document (normalised text, blocks, page map)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..document import Document, DocumentBuilder
from ..errors import InputError, UnsupportedFormat, UsageError
from .text import DecodeError, decode, parse_text

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}
SUPPORTED = (".pdf", *TEXT_SUFFIXES)


def read_document(path: str | Path, pdf_engine: str = "auto", password: str | None = None) -> Document:
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory (use 'bulletin-extract batch' for folders)")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(
            f"{path}: unsupported file type '{suffix or '(none)'}' (expected .pdf, .txt or .md)"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from err
    sha = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(path, data, sha, engine=pdf_engine, password=password)
    fmt = TEXT_SUFFIXES[suffix]
    try:
        text, encoding = decode(data)
    except DecodeError as err:
        raise InputError(f"{path}: {err}") from err
    builder = DocumentBuilder()
    parse_text(text, markdown=True, builder=builder)
    return Document(
        text=builder.text,
        blocks=builder.blocks,
        page_starts=builder.finish_pages(),
        format=fmt,  # type: ignore[arg-type]
        path=str(path),
        sha256=sha,
        size_bytes=len(data),
        encoding=encoding,
    )
