"""A blank PDF page in points with DejaVu Sans as font "dv", for tests that draw their own PDFs.

fpdf2 (a dev dependency) draws text at exact positions, sizes and baselines, which is what
layout tests need; the test is skipped where fpdf2 or the DejaVu fonts are missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def new_page(size: float = 10.0) -> Any:
    """An fpdf2 document (unit pt, A4: 595 x 842) with one page and font "dv" at `size` set."""
    fpdf = pytest.importorskip("fpdf")
    if not Path(FONT).exists():
        pytest.skip("DejaVu fonts not installed")
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_font("dv", "", FONT)
    pdf.add_page()
    pdf.set_font("dv", size=size)
    return pdf
