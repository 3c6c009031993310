"""Errors a user can act on, each with its exit code (see README "When things go wrong").

Exit codes: 0 success (warnings allowed), 1 the input could not be processed,
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


class ModelError(BulletinError):
    exit_code = 3
    stage = "ner"


class ProcessingTimeout(BulletinError):
    stage = "timeout"
