"""Outputs a batch leaves in OUT_DIR besides the per-file JSON and the manifest.

Choice for consistency after an interrupted run: the aggregates (bulletins.jsonl,
projects.csv, events.csv, mentions.csv) are never appended to during the run. They
are rebuilt at the end of every run from the per-file JSONs the manifest lists,
streaming one bulletin at a time (memory stays flat), each into a temp file renamed
into place. So they always describe exactly the files in the manifest: a killed run
leaves the previous, complete set; the resumed run rebuilds them. The cost is one
read of every JSON per run, a fraction of the extraction time.
"""

from __future__ import annotations

import csv
import json
import types
import typing
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..files import atomic_text, write_atomic
from ..models import Event, Mention, Project
from .manifest import Entry, iter_outputs

JSONL = "bulletins.jsonl"
#: Each flat table: file name, the record model (its fields are the columns), the
#: Bulletin list it comes from. A field added to the model becomes a column.
TABLES: dict[str, tuple[type[BaseModel], str]] = {
    "projects.csv": (Project, "projects"),
    "events.csv": (Event, "events"),
    "mentions.csv": (Mention, "mentions"),
}
#: The first column of every table: the archive-relative file the row came from.
FILE_COLUMN = "source_file"


def write_bulletin_json(path: Path, payload: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, payload)


def columns(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Flat column names: nested models (budget: MoneyValue) become budget.amount, ...;
    lists and unions of models (Mention.value) stay one JSON column."""
    names: list[str] = []
    for name, field in model.model_fields.items():
        inner = _single_model(field.annotation)
        if inner is not None:
            names.extend(columns(inner, f"{prefix}{name}."))
        else:
            names.append(prefix + name)
    return names


def _single_model(annotation: Any) -> type[BaseModel] | None:
    """The model in `Model` or `Model | None`, else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            return args[0]
    return None


def flat_row(record: dict[str, Any], names: list[str]) -> list[str]:
    """One CSV row: dotted names looked up in the record's JSON form."""
    row: list[str] = []
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row.append(_cell(value))
    return row


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, dict | list):
        return _compact_json(value)
    return str(value)


def _compact_json(value: Any) -> str:
    """JSON on one line without spaces: a CSV cell, a bulletins.jsonl line."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_aggregates(out_dir: Path, entries: Iterable[Entry], *, bom: bool = False) -> dict[str, int]:
    """Rebuild bulletins.jsonl and the CSV tables; returns the row count of each file."""
    csv_encoding = "utf-8-sig" if bom else "utf-8"
    counts = {JSONL: 0, **{name: 0 for name in TABLES}}
    tables = {name: columns(model) for name, (model, _) in TABLES.items()}
    # ExitStack: if anything fails, every temp file is removed and no target is replaced
    with ExitStack() as stack:
        jsonl = stack.enter_context(atomic_text(out_dir / JSONL, "utf-8", newline=""))
        writers = {
            name: csv.writer(stack.enter_context(atomic_text(out_dir / name, csv_encoding, newline="")))
            for name in TABLES
        }
        for name, writer in writers.items():
            writer.writerow([FILE_COLUMN, *tables[name]])
        for entry, path in iter_outputs(out_dir, entries):
            record = json.loads(path.read_text("utf-8"))
            jsonl.write(_compact_json(record) + "\n")
            counts[JSONL] += 1
            for name, (_, key) in TABLES.items():
                for item in record.get(key, []):
                    writers[name].writerow([entry.path, *flat_row(item, tables[name])])
                    counts[name] += 1
    return counts


def sweep_temp_files(out_dir: Path) -> int:
    """Remove temp files a killed run left behind (they never have a .json name)."""
    removed = 0
    for tmp in out_dir.rglob(".*.tmp"):
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed

