"""Seed inputs for the ingest fuzzer: small valid files the mutations start from.

Generated, not committed: a one-page PDF (Cyrillic TrueType font), an encrypted PDF, a
PDF with an image only, and the same Bulgarian text in UTF-8, UTF-16 and Windows-1251.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TEXT = "Проектът BG16RFOP002-2.009-С05 е на стойност 250 000 лв. и започна на 12 март 2021 г."


def pdf(password: str | None = None, text: str | None = TEXT) -> bytes:
    doc = FPDF()
    doc.set_compression(False)  # readable streams give the mutator more to work with
    doc.add_font("body", "", FONT)
    if password:
        doc.set_encryption(owner_password="owner", user_password=password)
    doc.add_page()
    doc.set_font("body", size=11)
    if text:
        doc.multi_cell(0, 6, text)
    else:
        doc.rect(10, 10, 50, 50)
    return bytes(doc.output())


def write_seeds(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    seeds = {
        "text.pdf": pdf(),
        "encrypted.pdf": pdf(password="secret"),
        "no-text.pdf": pdf(text=None),
        "utf8.txt": f"# Бюлетин\n\n{TEXT}\n".encode(),
        "utf16.txt": TEXT.encode("utf-16"),
        "cp1251.txt": TEXT.replace("С05", "C05").encode("cp1251"),
    }
    paths = []
    for name, data in seeds.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write_seeds(Path(sys.argv[1])):
        print(p)
