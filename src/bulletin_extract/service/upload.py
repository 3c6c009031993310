"""Receiving an upload: the multipart body streamed into a private folder, size checked
as the bytes arrive (never after), the client's file name used only for its suffix.

A client may send anything as a file name ("../../etc/passwd", "a\\x00.pdf", 4 KB of
text); the file on disk is always `upload<suffix>` inside a folder only we can read,
and the name goes back to the client only as a label (source.path), cleaned.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from python_multipart.multipart import MultipartParser, parse_options_header

FIELD = "file"
#: Form fields other than `file` are ignored, but their bytes still count, up to this.
OTHER_FIELDS_LIMIT = 64 * 1024
#: A label is cut to this many characters.
NAME_CHARS = 200


class BadUpload(Exception):
    """Not a multipart body with a `file` part (400)."""


class UploadTooLarge(Exception):
    """The file is larger than the limit (413); raised as soon as the limit is crossed."""


class UnsupportedUpload(Exception):
    """The file's type is not one we read (415); raised before its bytes are stored."""


@dataclass(frozen=True)
class Upload:
    path: Path
    client_name: str
    size: int


def client_label(filename: str) -> str:
    r"""The last component of the client's file name, without control characters.

    >>> client_label("../../etc/бюлетин 3.pdf")
    'бюлетин 3.pdf'
    >>> client_label("C:\\Users\\ana\\issue8.PDF")
    'issue8.PDF'
    >>> client_label("a\x00b.txt")
    'ab.txt'
    """
    name = PureWindowsPath(PurePosixPath(filename).name).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[:NAME_CHARS] or "upload"


def upload_suffix(filename: str, supported: tuple[str, ...]) -> str:
    """
    >>> upload_suffix("Бюлетин.PDF", (".pdf", ".txt"))
    '.pdf'
    """
    suffix = PurePosixPath(client_label(filename)).suffix.lower()
    if suffix not in supported:
        raise UnsupportedUpload(
            f"unsupported file type '{suffix or '(none)'}' (expected {', '.join(supported)})"
        )
    return suffix


async def receive_upload(
    chunks: AsyncIterator[bytes], content_type: str, folder: Path, *, limit: int,
    supported: tuple[str, ...],
) -> Upload:
    """Stream the body's `file` part to folder/upload<suffix>; stop reading at the limit."""
    mime, params = parse_options_header(content_type)
    if mime != b"multipart/form-data" or not params.get(b"boundary"):
        raise BadUpload("send the document as multipart/form-data with a field named 'file'")
    sink = _PartSink(folder, limit, supported)
    parser = MultipartParser(params[b"boundary"], sink.callbacks())
    try:
        async for chunk in chunks:
            parser.write(chunk)  # callbacks raise UploadTooLarge / UnsupportedUpload
            if sink.pending:
                await asyncio.to_thread(sink.flush)  # disk writes off the event loop
        parser.finalize()
    except (UploadTooLarge, UnsupportedUpload):
        raise
    except Exception as err:  # the parser's own errors: a malformed body
        raise BadUpload(f"malformed multipart body ({type(err).__name__})") from None
    finally:
        sink.close()
    if sink.path is None or sink.name is None:
        raise BadUpload("no file in the form field 'file'")
    return Upload(sink.path, client_label(sink.name), sink.size)


class _PartSink:
    """The parser's callbacks: headers per part, the `file` part's bytes to disk."""

    def __init__(self, folder: Path, limit: int, supported: tuple[str, ...]) -> None:
        self.folder, self.limit, self.supported = folder, limit, supported
        self.path: Path | None = None
        self.name: str | None = None
        self.size = 0
        self.other = 0
        self.pending = bytearray()
        self._fh: object | None = None
        self._writing = False
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}

    def callbacks(self) -> Any:  # python_multipart's MultipartCallbacks TypedDict
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field_data,
            "on_header_value": self._header_value_data,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers, self._writing = {}, False

    def _header_field_data(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field = self._header_value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        field = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if field != FIELD or filename is None or self.path is not None:
            return
        self.name = filename.decode("utf-8", "replace")
        self.path = self.folder / f"upload{upload_suffix(self.name, self.supported)}"
        self._fh = self.path.open("xb")
        self._writing = True

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if not self._writing:
            self.other += end - start
            if self.other > OTHER_FIELDS_LIMIT:
                raise UploadTooLarge(f"form fields besides 'file' exceed {OTHER_FIELDS_LIMIT // 1024} KiB")
            return
        self.size += end - start
        if self.size > self.limit:
            raise UploadTooLarge(f"the file is larger than {self.limit / 2**20:g} MB (--max-upload-mb)")
        self.pending += data[start:end]

    def _part_end(self) -> None:
        self._writing = False

    def flush(self) -> None:
        if self._fh is not None and self.pending:
            self._fh.write(self.pending)  # type: ignore[attr-defined]
        self.pending = bytearray()

    def close(self) -> None:
        if self._fh is not None:
            self.flush()
            self._fh.close()  # type: ignore[attr-defined]
            self._fh = None
