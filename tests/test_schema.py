"""The committed JSON Schema is the published contract: it must match the models."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from bulletin_extract.cli import main
from bulletin_extract.schema import bulletin_schema

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "schema" / "bulletin.schema.json"


def test_committed_schema_matches_the_models() -> None:
    assert json.loads(COMMITTED.read_text("utf-8")) == bulletin_schema(), "run `make schema`"


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["properties"]["schema_version"]["const"] == "1.0"


def test_output_contract_field_names() -> None:
    props = bulletin_schema()["properties"]
    for name in ["schema_version", "source", "metadata", "sections", "mentions", "projects",
                 "events", "missions", "timeline", "warnings"]:
        assert name in props
    mention = bulletin_schema()["$defs"]["Mention"]["properties"]
    assert {"kind", "text", "start", "end", "page", "section", "source", "confidence", "value"} <= set(mention)


def test_sample_output_validates_against_committed_schema(sample_txt: Path) -> None:
    result = CliRunner().invoke(main, [str(sample_txt), "--no-ner"])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(result.stdout), json.loads(COMMITTED.read_text("utf-8")))
