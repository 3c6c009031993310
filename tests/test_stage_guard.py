"""One guard around every stage: an unexpected error is one line naming its stage, exit 1.

The traceback is kept for `--debug`; batch records the same line as the file's reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin_extract import pipeline
from bulletin_extract.batch.work import Task, process_file
from bulletin_extract.cli import main
from bulletin_extract.errors import InternalError, describe
from bulletin_extract.limits import run_with_timeout

BULLETIN = "Общината получи 120 000 лв. по програмата на 3 април 2024 г.\n"


def _broken_segmenter(document):  # type: ignore[no-untyped-def]
    return 1 / 0


@pytest.fixture
def bulletin(tmp_path: Path) -> Path:
    path = tmp_path / "брой.txt"
    path.write_text(BULLETIN, encoding="utf-8")
    return path


def test_an_unexpected_error_in_a_stage_names_the_stage(bulletin, monkeypatch):
    monkeypatch.setattr(pipeline, "segment_sections", _broken_segmenter)
    with pytest.raises(InternalError) as info:
        pipeline.extract(bulletin, use_ner=False)
    assert str(info.value) == "internal error in segment: ZeroDivisionError: division by zero"
    assert info.value.exit_code == 1
    assert "Traceback" in info.value.details and "_broken_segmenter" in info.value.details


def test_a_user_error_passes_the_guard_unchanged(tmp_path):
    with pytest.raises(Exception) as info:
        pipeline.extract(tmp_path / "няма.txt", use_ner=False)
    assert type(info.value).__name__ == "UsageError"


def test_cli_shows_one_line_and_exit_1_for_an_internal_error(bulletin, monkeypatch):
    monkeypatch.setattr(pipeline, "segment_sections", _broken_segmenter)
    result = CliRunner().invoke(main, [str(bulletin), "--no-ner", "-q"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "bulletin-extract: error: internal error in segment: ZeroDivisionError: division by zero"


def test_cli_debug_adds_the_traceback_above_the_line(bulletin, monkeypatch):
    monkeypatch.setattr(pipeline, "segment_sections", _broken_segmenter)
    result = CliRunner().invoke(main, [str(bulletin), "--no-ner", "-q", "--debug"])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-1] == "bulletin-extract: error: internal error in segment: ZeroDivisionError: division by zero"


def test_an_internal_error_crosses_the_timeout_child_with_its_traceback():
    def broken() -> None:
        raise InternalError.wrap("assemble", KeyError("партньори"))

    with pytest.raises(InternalError) as info:
        run_with_timeout(broken, seconds=30, label="x")
    assert str(info.value) == "internal error in assemble: KeyError: 'партньори'"
    assert info.value.details.endswith("KeyError: 'партньори'")


def test_batch_records_the_internal_error_as_the_failure_reason(bulletin, monkeypatch):
    monkeypatch.setattr(pipeline, "segment_sections", _broken_segmenter)
    outcome = process_file(Task(rel="брой.txt", path=str(bulletin), sha256="0" * 64))
    assert (outcome.status, outcome.stage) == ("failed", "segment")
    assert outcome.reason == "internal error in segment: ZeroDivisionError: division by zero"


def test_out_of_memory_is_described_in_words():
    assert describe(MemoryError()) == "out of memory"


def test_a_traceback_carried_as_text_is_described_by_its_last_line():
    err = RuntimeError("Traceback (most recent call last):\n  File \"x.py\", line 1\nIndexError: list index out of range")
    assert describe(err) == "IndexError: list index out of range"
