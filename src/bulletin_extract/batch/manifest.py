"""OUT_DIR/manifest.jsonl: what happened to each file, and whether a re-run may skip it.

During a run the manifest is an append-only log, one line per finished file,
flushed as soon as the file's JSON is in place. A run killed at any moment
therefore leaves a log whose every complete line is true; a torn last line is
ignored on reading, and the latest line for a path wins. At the end of a run the
log is compacted (atomically) to one line per file in archive order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from ..files import write_atomic

MANIFEST = "manifest.jsonl"

Status = Literal["ok", "partial", "failed", "skipped"]
#: A skipped file keeps the outcome of the run that really processed it in `result`.
Result = Literal["ok", "partial", "failed"]


@dataclass
class Fingerprint:
    """Everything besides the file's bytes that the output depends on."""

    tool_version: str
    rules_version: str
    options: dict[str, object] = field(default_factory=dict)


@dataclass
class Entry:
    path: str  # relative to the archive, POSIX separators
    status: Status
    result: Result
    stage: str | None = None
    reason: str | None = None
    sha256: str | None = None
    tool_version: str | None = None
    rules_version: str | None = None
    options: dict[str, object] = field(default_factory=dict)
    output: str | None = None  # relative to OUT_DIR
    pages: int = 0
    projects: int = 0
    events: int = 0
    mentions: int = 0
    seconds: float = 0.0

    def to_line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Entry:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]

    def can_skip(self, sha256: str, fingerprint: Fingerprint, out_dir: Path) -> bool:
        """Unchanged input, tool, rules/model and options, and its JSON still there.

        Failed files are always retried: a failure may have been a timeout on a
        busy machine, and a file that fails fast costs little to try again.
        """
        return (
            self.sha256 == sha256
            and self.tool_version == fingerprint.tool_version
            and self.rules_version == fingerprint.rules_version
            and self.options == fingerprint.options
            and self.output_file(out_dir) is not None
        )

    def output_file(self, out_dir: Path) -> Path | None:
        """Its JSON, when the run that processed it wrote one (ok or partial) and it is still there."""
        if self.result in ("ok", "partial") and self.output:
            path = out_dir / self.output
            if path.is_file():
                return path
        return None

    def as_skipped(self) -> Entry:
        reason = f"unchanged since the last run (result: {self.result})"
        return Entry(**{**asdict(self), "status": "skipped", "reason": reason})


def read_manifest(out_dir: Path) -> dict[str, Entry]:
    """The latest entry per path; torn or foreign lines (a killed run) are ignored."""
    entries: dict[str, Entry] = {}
    path = out_dir / MANIFEST
    if not path.is_file():
        return entries
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                entry = Entry.from_dict(json.loads(line))
            except (ValueError, TypeError):
                continue
            entries[entry.path] = entry
    return entries


class ManifestLog:
    """Appends one line per finished file, flushed at once (see the module docstring)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST
        self._fh = self.path.open("a", encoding="utf-8")
        # a previous run killed mid-line left no newline: start on a fresh line
        if self._fh.tell() > 0:
            with self.path.open("rb") as raw:
                raw.seek(-1, 2)
                if raw.read(1) != b"\n":
                    self._fh.write("\n")

    def append(self, entry: Entry) -> None:
        self._fh.write(entry.to_line())
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def compact(out_dir: Path, order: Iterable[str], keep: Iterable[Entry] = ()) -> list[Entry]:
    """Rewrite the manifest as one line per file: this run's files in order, then `keep`."""
    latest = read_manifest(out_dir)
    entries = [latest[p] for p in order if p in latest]
    entries.extend(keep)
    write_atomic(out_dir / MANIFEST, "".join(e.to_line() for e in entries))
    return entries


def iter_outputs(out_dir: Path, entries: Iterable[Entry]) -> Iterator[tuple[Entry, Path]]:
    """The per-file JSONs the aggregates are built from: results ok or partial."""
    for entry in entries:
        if (path := entry.output_file(out_dir)) is not None:
            yield entry, path
