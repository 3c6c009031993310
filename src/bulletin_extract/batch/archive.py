"""A batch run from start to end: discover, skip what is done, extract the rest in
workers, write each result as it arrives, then rebuild the aggregates.

The parent process is the only writer of OUT_DIR. Order per file: its JSON is
renamed into place, then its manifest line is appended, so a run killed between
the two merely redoes that one file on resume.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .. import __version__
from ..errors import UsageError
from ..ingest import OCR_MODES
from ..versioning import rules_version
from .discover import discover, output_path
from .manifest import Entry, Fingerprint, ManifestLog, compact, read_manifest
from .progress import BatchProgress
from .runner import Work, run_local
from .work import Outcome, Task, one_line, process_file
from .writers import sweep_temp_files, write_aggregates, write_bulletin_json


@dataclass
class BatchOptions:
    archive: Path
    out_dir: Path
    globs: tuple[str, ...] = ()
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float | None = None
    max_tasks: int | None = 50
    force: bool = False
    use_ner: bool = True
    pdf_engine: str = "auto"
    ocr: str = "auto"
    model_path: str | None = None
    bom: bool = False
    quiet: bool = False
    scheduler: str | None = None


@dataclass
class BatchSummary:
    counts: Counter[str]
    entries: list[Entry]
    tables: dict[str, int]
    seconds: float
    pages: int

    @property
    def exit_code(self) -> int:
        """0 when every file is ok, partial or skipped; 1 when any failed."""
        return 1 if self.counts["failed"] else 0


def process_archive(
    opts: BatchOptions, *, work: Work = process_file, stream: IO[str] | None = None
) -> BatchSummary:
    archive, out_dir = _check_paths(opts)
    if opts.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {opts.workers}")
    if opts.timeout is not None and opts.timeout <= 0:
        raise UsageError(f"--timeout must be positive, not {opts.timeout:g}")
    if opts.ocr not in OCR_MODES:
        raise UsageError(f"unknown --ocr mode '{opts.ocr}' (expected {', '.join(OCR_MODES)})")
    rels = discover(archive, opts.globs, exclude=out_dir)
    if not rels:
        pattern = f" matching {', '.join(opts.globs)}" if opts.globs else ""
        raise UsageError(f"{archive}: no bulletin files (.pdf, .txt, .md, .docx, .odt, .html, images){pattern}")
    out_dir.mkdir(parents=True, exist_ok=True)
    sweep_temp_files(out_dir)

    fingerprint = Fingerprint(
        tool_version=__version__,
        rules_version=rules_version(opts.use_ner, opts.model_path),
        options={"use_ner": opts.use_ner, "pdf_engine": opts.pdf_engine, "ocr": opts.ocr},
    )
    previous = read_manifest(out_dir)
    progress = BatchProgress(len(rels), quiet=opts.quiet, stream=stream)
    log = ManifestLog(out_dir)
    hashes: dict[str, str] = {}  # sha256 of the files in flight

    def record(entry: Entry) -> None:
        log.append(entry)
        progress.update(entry)

    def tasks() -> Iterator[Task]:
        ship = opts.scheduler is not None  # Dask workers may not see our disk
        for rel in rels:
            path = archive / rel
            try:
                sha, data = _sha256(path, keep=ship)
            except OSError as err:
                record(_entry(rel, "failed", fingerprint, stage="ingest",
                              reason=one_line(f"{path}: cannot read: {err.strerror or err}")))
                continue
            before = previous.get(rel)
            if not opts.force and before is not None and before.can_skip(sha, fingerprint, out_dir):
                record(before.as_skipped())
                continue
            hashes[rel] = sha
            yield Task(rel, str(path), sha, opts.use_ner, opts.pdf_engine, opts.model_path, data, ocr=opts.ocr)

    try:
        for outcome in _execute(opts, tasks(), work):
            record(_write(out_dir, outcome, hashes.pop(outcome.rel, None), fingerprint))
    finally:
        log.close()
        progress.close()

    selected = set(rels)
    kept = [e for p, e in previous.items() if p not in selected and (archive / p).is_file()]
    entries = compact(out_dir, rels, keep=kept)
    tables = write_aggregates(out_dir, entries, bom=opts.bom)
    this_run = [e for e in entries if e.path in selected]
    progress.summary(this_run)
    return BatchSummary(
        Counter(e.status for e in this_run), entries, tables, progress.elapsed, progress.pages
    )


def _check_paths(opts: BatchOptions) -> tuple[Path, Path]:
    archive = Path(opts.archive)
    if not archive.exists():
        raise UsageError(f"{archive}: no such folder")
    if not archive.is_dir():
        raise UsageError(f"{archive}: not a folder (use 'bulletin-extract FILE' for one bulletin)")
    out_dir = Path(opts.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: output exists and is not a folder")
    parent = out_dir.resolve().parent
    if not out_dir.exists() and not parent.is_dir():
        raise UsageError(f"{out_dir}: parent folder {parent} does not exist")
    if not os.access(out_dir if out_dir.exists() else parent, os.W_OK):
        raise UsageError(f"{out_dir}: not writable")
    return archive, out_dir


def _execute(opts: BatchOptions, tasks: Iterator[Task], work: Work) -> Iterator[Outcome]:
    if opts.scheduler:
        from .dask_runner import run_dask

        return run_dask(tasks, scheduler=opts.scheduler, timeout=opts.timeout, work=work)
    return run_local(
        tasks,
        workers=opts.workers,
        timeout=opts.timeout,
        max_tasks=opts.max_tasks,
        use_ner=opts.use_ner,
        model_path=opts.model_path,
        work=work,
    )


def _write(out_dir: Path, outcome: Outcome, sha: str | None, fingerprint: Fingerprint) -> Entry:
    """Put the file's JSON in place (or remove a stale one), then describe it."""
    target = output_path(out_dir, outcome.rel)
    if outcome.payload is not None:
        write_bulletin_json(target, outcome.payload)
    else:
        target.unlink(missing_ok=True)  # an old result of a file that now fails would mislead
    entry = _entry(outcome.rel, outcome.status, fingerprint, stage=outcome.stage, reason=outcome.reason)
    entry.sha256 = sha
    entry.output = target.relative_to(out_dir).as_posix() if outcome.payload is not None else None
    entry.pages, entry.seconds = outcome.pages, outcome.seconds
    entry.projects, entry.events, entry.mentions = outcome.projects, outcome.events, outcome.mentions
    return entry


def _entry(rel: str, status: str, fp: Fingerprint, *, stage: str | None, reason: str | None) -> Entry:
    return Entry(
        path=rel,
        status=status,  # type: ignore[arg-type]
        result=status,  # type: ignore[arg-type]
        stage=stage,
        reason=reason,
        tool_version=fp.tool_version,
        rules_version=fp.rules_version,
        options=dict(fp.options),
    )


def _sha256(path: Path, keep: bool) -> tuple[str, bytes | None]:
    """Hash in chunks (an archive may hold 200 MB scans); keep the bytes only to ship them."""
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            if keep:
                chunks.append(chunk)
    return digest.hexdigest(), b"".join(chunks) if keep else None
