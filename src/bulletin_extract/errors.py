"""Errors a user can act on, each with its exit code (see README "When things go wrong").

Exit codes: 0 success (warnings allowed), 1 the input could not be processed (damaged,
encrypted, scanned, a garbled text layer, a timeout, or an internal error in a stage),
2 usage error (missing path, unknown file type, bad option), 3 model missing or broken,
130 interrupted.
"""

from __future__ import annotations


class BulletinError(Exception):
    """Base class: `str(err)` is the one-line message shown to the user."""

    exit_code = 1
    stage = "ingest"


class UsageError(BulletinError):
    exit_code = 2
    stage = "usage"


class UnsupportedFormat(UsageError):
    pass


class InputError(BulletinError):
    """The file exists but cannot be read as a bulletin (damaged, encrypted, scanned)."""


class EncryptedPdf(InputError):
    pass


class NoTextLayer(InputError):
    pass


class GarbledTextLayer(InputError):
    """The PDF has a text layer, but most of it is not words (wrong glyph maps): it needs OCR."""


class ModelError(BulletinError):
    exit_code = 3
    stage = "ner"


class ProcessingTimeout(BulletinError):
    stage = "timeout"


class InternalError(BulletinError):
    """An unexpected error inside a pipeline stage (a bug, or a library failing on odd input).

    The user sees one line, `internal error in STAGE: Type: message`; the full traceback
    travels along as text in `details` (text survives pickling from a --timeout child) and
    is shown only under --debug.
    """

    def __init__(self, stage: str, cause: str, details: str = "") -> None:
        super().__init__(stage, cause, details)
        self.stage = stage
        self.cause = cause
        self.details = details

    def __str__(self) -> str:
        return f"internal error in {self.stage}: {self.cause}"

    @classmethod
    def wrap(cls, stage: str, err: BaseException) -> InternalError:
        """The InternalError for `err` raised in `stage`, with err's traceback as details."""
        import traceback

        return cls(stage, describe(err), "".join(traceback.format_exception(err)).rstrip())


def describe(err: BaseException) -> str:
    """One line naming an unexpected exception: its type and its message's first line."""
    if isinstance(err, MemoryError):
        return "out of memory"
    lines = [line.strip() for line in str(err).strip().splitlines() if line.strip()]
    if not lines:
        return type(err).__name__
    # a traceback carried as text (limits.ChildCrash) ends with the line that names the error
    return lines[-1] if lines[0].startswith("Traceback") else f"{type(err).__name__}: {lines[0]}"
