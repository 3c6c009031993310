"""Writing output files so that an interrupted run never leaves half a file behind,
and the one JSON text of a bulletin that every output carries."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Bulletin


def bulletin_json(bulletin: Bulletin, indent: int | None = 2) -> str:
    """The bulletin as JSON text, ending in a newline: what the command line prints, the
    batch writes per file and the service answers, so the three always agree.

    `indent` 0 or None puts it on one line.
    """
    return bulletin.model_dump_json(indent=indent or None, exclude_none=False) + "\n"


@contextmanager
def atomic_text(path: Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """A text file to write that appears at `path` only when the block ends without error.

    It is a temp file in the same folder, renamed into place: a rename is atomic on one
    file system, so readers see the old file or the new one, and Ctrl-C or a kill
    mid-write leaves only a temp file (removed here when we can; a batch sweeps the rest).
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
        # mkstemp makes the file private (0600); an output file gets the usual mode
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str) -> None:
    """Write `data` (UTF-8) to `path` through `atomic_text`."""
    with atomic_text(path) as fh:
        fh.write(data)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
