"""atheris target: raw bytes -> the PDF readers (pdfium, pdfplumber) and the text reader.

Each input is written to a temporary .pdf and .txt file and read with
`ingest.read_document`, exactly as the CLI does. Anything that is not a BulletinError
(a clear, user-facing error) is a crash: libFuzzer stops and saves the input.

    python fuzz/fuzz_ingest.py -runs=12000 -max_total_time=240 SEED_DIR   (see fuzz/run.py)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

# instrument our code and the pure-Python parsers, so coverage guides the mutations
with atheris.instrument_imports(include=["bulletin_extract", "pdfminer", "pdfplumber", "charset_normalizer"]):
    from bulletin_extract.errors import BulletinError
    from bulletin_extract.ingest import read_document

WORK = Path(tempfile.mkdtemp(prefix="fuzz-ingest-"))
PDF, TXT = WORK / "input.pdf", WORK / "input.txt"


def one_input(data: bytes) -> None:
    PDF.write_bytes(data)
    TXT.write_bytes(data)
    for path, engine in ((PDF, "pdfium"), (PDF, "pdfplumber"), (TXT, "auto")):
        try:
            read_document(path, pdf_engine=engine, password=None)
        except BulletinError:
            pass  # a clear one-line error for the user: the expected answer to garbage


def main() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
