"""The streamed JSON (json_writer + validate.bulletin_fields): the same bytes as the
Bulletin's model dump, written record by record, each validated as it is written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from bulletin_extract import pipeline
from bulletin_extract.files import bulletin_json
from bulletin_extract.ingest import read_document
from bulletin_extract.json_writer import write_json
from bulletin_extract.models import Bulletin, Project
from bulletin_extract.pipeline import analyse, extract_to_json, write_extraction

BULLETIN = (
    "Проектът „Зелени клъстери“ по програма Хоризонт 2020 е на стойност 250 000 лв.\n\n"
    "Срещата се проведе на 12 март 2021 г. в София с 25 участници от 7 държави.\n"
)


def _streamed(path: Path, tmp_path: Path, **options: Any) -> str:
    target = tmp_path / "streamed.json"
    extract_to_json(path, target, use_ner=False, **options)
    return target.read_text("utf-8")


@pytest.mark.parametrize("indent", [2, 0, 4])
def test_streamed_json_is_the_model_dump_byte_for_byte(sample_txt: Path, tmp_path: Path, indent: int) -> None:
    dumped = bulletin_json(pipeline.extract(sample_txt, use_ner=False), indent)
    assert _streamed(sample_txt, tmp_path, indent=indent) == dumped


def test_streamed_json_of_a_pdf_carries_the_same_boxes_and_text(sample_pdf: Path, tmp_path: Path) -> None:
    """Boxes are attached as each mention is written: they must come out as the Bulletin has them."""
    bulletin = pipeline.extract(sample_pdf, use_ner=False, include_text=True)
    streamed = _streamed(sample_pdf, tmp_path, include_text=True)
    assert streamed == bulletin_json(bulletin)
    assert json.loads(streamed)["mentions"][0]["boxes"] == [b.model_dump() for b in bulletin.mentions[0].boxes]
    assert bulletin.mentions[0].boxes


def test_fields_are_written_in_the_schemas_order(sample_txt: Path, tmp_path: Path) -> None:
    written = json.loads(_streamed(sample_txt, tmp_path))
    assert list(written) == list(Bulletin.model_fields)
    assert list(written)[-1] == "warnings"  # last: every record has been judged by then


class _Lists(BaseModel):
    empty: list[Project]
    projects: list[Project]
    nothing: None
    text: str


@pytest.mark.parametrize("indent", [2, 0])
def test_empty_lists_nested_records_and_escapes_are_laid_out_as_pydantic_does(tmp_path: Path, indent: int) -> None:
    projects = [Project(title="Първи „проект“", start=0, end_offset=1, evidence={"title": [1, 2]}),
                Project(title="Втори", start=2, end_offset=3)]
    whole = _Lists(empty=[], projects=projects, nothing=None, text="ред\nдва\t„три“ \\ \u2028")
    out = tmp_path / "out.json"
    with out.open("w", encoding="utf-8") as fh:
        write_json(iter([("empty", iter([])), ("projects", iter(projects)), ("nothing", None),
                         ("text", whole.text)]), fh, indent)
    assert out.read_text("utf-8") == whole.model_dump_json(indent=indent or None) + "\n"


def test_a_record_failing_validation_is_dropped_with_its_warning_in_the_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.assemble_records

    def with_a_bad_project(*args, **kwargs):  # type: ignore[no-untyped-def]
        records = real(*args, **kwargs)
        bad = Project(title="Лош проект", start=0, end_offset=10)
        bad.partners = -2  # no validate_assignment: only the final validation sees it
        records.projects[:0] = [Project(title="Добър проект", start=0, end_offset=10, partners=3), bad]
        return records

    monkeypatch.setattr(pipeline, "assemble_records", with_a_bad_project)
    source = tmp_path / "a.txt"
    source.write_text(BULLETIN, "utf-8")
    target = tmp_path / "a.json"
    warnings = extract_to_json(source, target, use_ner=False)
    written = json.loads(target.read_text("utf-8"))
    assert [p["title"] for p in written["projects"]][:1] == ["Добър проект"]
    assert "Лош проект" not in [p["title"] for p in written["projects"]]
    message = "projects[1] dropped: field 'partners': Input should be greater than or equal to 0"
    assert [w["message"] for w in written["warnings"] if w["code"] == "invalid_record"] == [message]
    assert [w.message for w in warnings if w.code == "invalid_record"] == [message]  # what the CLI prints
    assert target.read_text("utf-8") == bulletin_json(pipeline.extract(source, use_ner=False))


def test_a_mention_failing_validation_is_dropped_and_its_id_left_out(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(BULLETIN, "utf-8")
    found = analyse(read_document(source), use_ner=False)
    found.mentions[1].confidence = 1.5
    target = tmp_path / "a.json"
    write_extraction(found, target)
    written = json.loads(target.read_text("utf-8"))
    assert 1 not in [m["id"] for m in written["mentions"]]
    assert [m["id"] for m in written["mentions"]][:2] == [0, 2]
    assert written["warnings"][-1]["message"] == (
        "mentions[1] dropped: field 'confidence': Input should be less than or equal to 1"
    )


def test_an_error_mid_write_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.txt"
    source.write_text(BULLETIN, "utf-8")
    target = tmp_path / "a.json"
    target.write_text("the previous output\n", "utf-8")
    found = analyse(read_document(source), use_ner=False)

    def failing_after_two(items: list[Any]) -> Iterator[Any]:
        yield from items[:2]
        raise RuntimeError("disk trouble")

    fields = found.fields

    def broken_fields():  # type: ignore[no-untyped-def]
        for name, value in fields():
            yield name, failing_after_two(list(value)) if name == "mentions" else value

    monkeypatch.setattr(found, "fields", broken_fields)
    with pytest.raises(RuntimeError, match="disk trouble"):
        write_extraction(found, target)
    assert target.read_text("utf-8") == "the previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.txt"]  # no temp file left


def test_cli_output_file_is_the_streamed_json(sample_txt: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bulletin_extract.cli import main

    out = tmp_path / "out.json"
    to_file = CliRunner().invoke(main, [str(sample_txt), "--no-ner", "-q", "-o", str(out)])
    to_stdout = CliRunner().invoke(main, [str(sample_txt), "--no-ner", "-q"])
    assert to_file.exit_code == 0 and to_stdout.exit_code == 0
    expected = bulletin_json(pipeline.extract(sample_txt, use_ner=False))
    assert out.read_text("utf-8") == expected
    assert to_stdout.stdout == expected
