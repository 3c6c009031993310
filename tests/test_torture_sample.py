"""A deterministic sample of other PDF projects' test files: JSON or one clear line, never a bug.

`make torture` runs all 399 files of ../shared/pdf-corpora through the CLI, each in its
own process. Here every SAMPLE_EVERY-th file (sorted by path) runs through the pipeline
in a forked child (`limits.run_with_timeout`: the spaCy pipeline is loaded once, a hang
or a crash costs only the child), so the sample fits the test suite's time budget.
Passing: a Bulletin whose JSON parses, or a BulletinError with a one-line message that
is not an internal error (an internal error is a bug that the stage guard only hides).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bulletin_extract.errors import BulletinError, InternalError
from bulletin_extract.limits import run_with_timeout
from bulletin_extract.nlp import load_pipeline
from bulletin_extract.pipeline import extract

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from torture import TIMEOUT_S, pdf_files

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "pdf-corpora"
#: One file in SAMPLE_EVERY, sorted by path (see the module docstring for the budget).
SAMPLE_EVERY = 3
SAMPLE = pdf_files([CORPORA], SAMPLE_EVERY) if CORPORA.is_dir() else []


def _extract_json(path: Path) -> str:
    return extract(path, use_ner=False).model_dump_json()


@pytest.fixture(scope="module", autouse=True)
def _pipeline_loaded_once() -> None:
    load_pipeline(use_ner=False)  # forked children inherit it


@pytest.mark.slow
@pytest.mark.skipif(not SAMPLE, reason="../shared/pdf-corpora not available")
@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_peer_pdf_gives_json_or_one_clear_line(path: Path) -> None:
    try:
        payload = run_with_timeout(_extract_json, path, seconds=TIMEOUT_S, label=str(path))
    except InternalError as err:
        pytest.fail(f"a bug behind the stage guard: {err}")
    except BulletinError as err:
        assert "\n" not in str(err).strip() and err.exit_code in (1, 2, 3)
    else:
        assert isinstance(json.loads(payload), dict)


def test_pdfminer_log_lines_stay_off_stderr() -> None:
    """pdfminer logs what it skips in a damaged file; the CLI's stderr is for its own lines."""
    import subprocess

    path = CORPORA / "pdfminer.six" / "samples__contrib__issue-1113-evil-xobjects.pdf"
    if not path.exists():
        pytest.skip("../shared/pdf-corpora not available")
    result = subprocess.run(
        [sys.executable, "-m", "bulletin_extract", str(path), "--no-ner", "-q", "--pdf-engine", "pdfplumber"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0
    assert result.stderr == ""
