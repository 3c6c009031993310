"""Damaged PDFs rewritten by Ghostscript, when it is installed, and said so.

A truncated download or a file with a broken object table may still hold readable
pages. Ghostscript's `pdfwrite` re-reads what it can and writes a fresh, consistent PDF;
both engines then read that copy, and the document carries a `repaired_pdf` warning so
nobody takes the text for a faithful reading of the original. Without Ghostscript the
damaged file is a one-line "not a readable PDF" error, as before: the behaviour is
defined either way, it just differs by what is installed.

A re-distilled PDF may come back with a junk text layer (Ghostscript re-encodes fonts);
the garbled-text check (`ingest.garbled`) sees to that.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..models import ProblemNote

#: What Ghostscript says when it found no document in the file (it writes a blank page anyway).
_NOTHING_READ = (b"Couldn't initialise file", b"No pages will be processed")

#: Seconds Ghostscript may take to rewrite one file before the repair is given up.
REPAIR_SECONDS = 30.0


def ghostscript() -> str | None:
    """The Ghostscript executable, or None when it is not installed."""
    return shutil.which("gs")


def repaired_pdf(data: bytes, password: str | None = None, seconds: float = REPAIR_SECONDS) -> bytes | None:
    """The PDF rewritten by Ghostscript, or None (no Ghostscript, or it could not read it either)."""
    gs = ghostscript()
    if gs is None:
        return None
    cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sstdout=%stderr", "-sDEVICE=pdfwrite",
           "-o", "-"]
    if password:
        cmd.append(f"-sPDFPassword={password}")
    try:
        proc = subprocess.run([*cmd, "-"], input=data, capture_output=True, timeout=seconds, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = proc.stdout
    # With nothing to read, Ghostscript still writes a blank page and exits 0, saying so
    if proc.returncode != 0 or not out.startswith(b"%PDF") or any(sign in proc.stderr for sign in _NOTHING_READ):
        return None
    return out


def repaired_warning(path: str | Path) -> ProblemNote:
    return ProblemNote(
        code="repaired_pdf",
        message=f"{path}: damaged PDF, read from a copy repaired by Ghostscript (check the text)",
        stage="ingest",
    )
