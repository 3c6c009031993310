"""The command line: one clear line on stderr and a documented exit code, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin_extract import __version__
from bulletin_extract.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bulletin_extract.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "schema" in result.output and "extract" in result.output


def test_ocr_choices_of_the_commands_are_the_ingest_modes() -> None:
    from bulletin_extract import cli, ingest

    assert cli.OCR_MODES == ingest.OCR_MODES


def test_json_goes_to_stdout_without_output_option(sample_txt: Path) -> None:
    result = CliRunner().invoke(main, [str(sample_txt), "--no-ner"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"]["format"] == "txt"


def test_dash_output_means_stdout(sample_txt: Path) -> None:
    result = CliRunner().invoke(main, [str(sample_txt), "--no-ner", "-o", "-"])
    assert json.loads(result.stdout)["schema_version"] == "1.0"


def test_output_file_is_written(sample_txt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, [str(sample_txt), "--no-ner", "-o", str(out)])
    assert result.exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["source"]["sha256"] and data["ner"]["enabled"] is False
    assert not list(tmp_path.glob(".out.json.*"))  # no temp file left behind


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["/nonexistent/issue.pdf"], 2, "no such file"),
        (["."], 2, "is a directory"),
        (["pyproject.toml"], 2, "unsupported file type '.toml'"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code(args: list[str], code: int, message: str) -> None:
    proc = run(*args, "--no-ner")
    assert proc.returncode == code
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bulletin-extract: error: ")
    assert message in lines[0]
    assert "Traceback" not in proc.stderr


def test_missing_output_folder_is_refused_before_work(sample_txt: Path, tmp_path: Path) -> None:
    proc = run(str(sample_txt), "--no-ner", "-o", str(tmp_path / "missing" / "out.json"))
    assert proc.returncode == 2
    assert "output folder" in proc.stderr and "does not exist" in proc.stderr


def test_output_file_gets_the_usual_permissions(sample_txt: Path, tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "out.json"
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(main, [str(sample_txt), "--no-ner", "-o", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
