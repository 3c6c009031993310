"""Shared fixtures: paths of the shipped samples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def sample_txt() -> Path:
    return SAMPLES / "issue8.txt"


@pytest.fixture(scope="session")
def sample_pdf() -> Path:
    path = SAMPLES / "issue8.pdf"
    if not path.exists():
        pytest.fail("samples/issue8.pdf missing: run `make samples`")
    return path
