"""Peak memory and time of the CLI on very long documents (issue 5, "very long document").

Generates the inputs in a temporary folder, runs `bulletin-extract --no-ner` on each in
its own process and reads that process's peak RSS from os.wait4 (Linux: ru_maxrss in KiB).

    python fuzz/big_inputs.py            # 500-page PDFs, 5 MB texts, a 50 MB text
    python fuzz/big_inputs.py --quick    # skip the 50 MB text
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PROSE = (
    "Участниците в клъстера обсъдиха плановете за развитие на сектора и договориха нови срещи "
    "с партньорите от региона, като подчертаха значението на иновациите и обучението.\n\n"
)
FACTS = (
    "Проектът „Зелени клъстери“ по програма Хоризонт 2020 е на стойност 1 250 000 лв. "
    "Срещата се проведе на 12 март 2021 г. в София с 25 участници от 7 държави.\n\n"
)


def pdf(path: Path, pages: int, paragraph: str, repeat: int) -> None:
    doc = FPDF()
    doc.add_font("body", "", FONT)
    doc.set_font("body", size=10)
    for i in range(pages):
        doc.add_page()
        doc.set_y(30 + (i % 7) * 10)
        doc.multi_cell(0, 5, f"Раздел {i + 1}. " + paragraph.strip() * repeat)
    doc.output(str(path))


def text(path: Path, megabytes: float, block: str) -> None:
    path.write_text(block * int(megabytes * 1_000_000 // len(block.encode())), "utf-8")


def measure(path: Path) -> tuple[int, float, float]:
    """(exit code, seconds, peak RSS in MB) of one CLI run on path."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bulletin_extract.cli", str(path), "--no-ner", "-o", os.devnull],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), time.monotonic() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 50 MB text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="big-inputs-") as tmp:
        folder = Path(tmp)
        cases = [
            ("500-page PDF, one short paragraph a page", "light.pdf", lambda p: pdf(p, 500, PROSE, 1)),
            ("500-page PDF, full pages of facts", "dense.pdf", lambda p: pdf(p, 500, FACTS, 8)),
            ("5 MB text, prose with a fact every 50 paragraphs", "prose5.txt",
             lambda p: text(p, 5, PROSE * 50 + FACTS)),
            ("5 MB text, facts in every sentence", "facts5.txt", lambda p: text(p, 5, FACTS)),
        ]
        if not args.quick:
            cases.append(("50 MB text, prose with a fact every 50 paragraphs", "prose50.txt",
                          lambda p: text(p, 50, PROSE * 50 + FACTS)))
        print(f"{'input':55} {'size':>9} {'exit':>4} {'seconds':>8} {'peak RSS':>9}")
        for label, name, make in cases:
            path = folder / name
            make(path)
            code, seconds, mb = measure(path)
            size = path.stat().st_size / 1e6
            print(f"{label:55} {size:7.1f}MB {code:>4} {seconds:8.1f} {mb:7.0f}MB", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
