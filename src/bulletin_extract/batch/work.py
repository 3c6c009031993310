"""One file, inside a worker: extract it and describe the outcome in a few fields.

This module is what a worker process (local or Dask) imports; it must stay light
and never touch OUT_DIR: the parent writes every output, so a worker on another
machine needs no shared disk.
"""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..errors import BulletinError, InputError, InternalError, ModelError
from ..files import bulletin_json
from ..ingest.furniture import FURNITURE_CODE

#: Which stage a module belongs to, for errors that are not our own BulletinErrors.
STAGE_OF_MODULE = {
    "ingest": "ingest",
    "document": "ingest",
    "segment": "segment",
    "rules": "rules",
    "nlp": "rules",
    "ner": "ner",
    "enumerations": "lists",
    "assemble": "assemble",
    "entities": "assemble",
    "validate": "validate",
    "models": "validate",
}

REASON_CHARS = 300


@dataclass
class Task:
    rel: str  # relative path (the manifest key)
    path: str  # the path handed to extract(); also what source.path says
    sha256: str
    use_ner: bool = False
    pdf_engine: str = "auto"
    model_path: str | None = None
    data: bytes | None = None  # the file's bytes, for workers that do not share our disk
    ocr: str = "auto"  # never / auto / always, as the single-file --ocr


@dataclass
class Outcome:
    rel: str
    status: str  # ok / partial / failed
    stage: str | None
    reason: str | None
    payload: str | None  # the Bulletin JSON (ok / partial)
    pages: int = 0
    projects: int = 0
    events: int = 0
    mentions: int = 0
    seconds: float = 0.0
    worker: str = ""


#: Set once per worker when the NER model cannot be loaded, so later files go
#: straight to rules-only instead of failing to load it again.
_ner_unavailable: str | None = None


def warm_up(use_ner: bool, model_path: str | None = None) -> None:
    """Load the spaCy pipeline before the first file, so its timeout covers only the file."""
    global _ner_unavailable
    from ..nlp import load_pipeline

    load_pipeline(use_ner=False, model_path=None)
    if use_ner:
        try:
            load_pipeline(use_ner=True, model_path=model_path)
        except ModelError as err:
            _ner_unavailable = str(err)


def process_file(task: Task) -> Outcome:
    """Never raises for a bad file: every failure becomes an Outcome with a stage and reason."""
    started = time.perf_counter()
    with _local_copy(task) as path:
        try:
            outcome = _extract(task, path)
        except BulletinError as err:
            outcome = Outcome(task.rel, "failed", err.stage, one_line(str(err)), None)
        except Exception as err:  # a bug outside the pipeline's stage guard must not stop the batch
            wrapped = InternalError.wrap(stage_of(err), err)
            outcome = Outcome(task.rel, "failed", wrapped.stage, one_line(str(wrapped)), None)
    if outcome.reason and path != task.path:
        outcome.reason = outcome.reason.replace(path, task.path)  # not the worker's temp copy
    outcome.seconds = round(time.perf_counter() - started, 3)
    outcome.worker = f"pid {os.getpid()}"
    return outcome


#: Warnings that report what was done, not what was lost: a file with only these is ok.
NOTICE_CODES = frozenset({FURNITURE_CODE})


def _extract(task: Task, path: str) -> Outcome:
    global _ner_unavailable
    from ..pipeline import extract

    use_ner = task.use_ner and _ner_unavailable is None
    try:
        bulletin = extract(path, use_ner=use_ner, pdf_engine=task.pdf_engine, model_path=task.model_path,
                           ocr=task.ocr)
    except ModelError as err:
        # No model is no reason to lose the rules' output: keep it, mark it partial.
        _ner_unavailable = str(err)
        use_ner = False
        bulletin = extract(path, use_ner=False, pdf_engine=task.pdf_engine, ocr=task.ocr)
    bulletin.source.path = task.path
    if not bulletin.sections and not bulletin.mentions:
        # an empty or blank file "succeeds" with nothing in it; in an archive that is a bad file
        raise InputError(f"{task.path}: no text to extract (empty file)")
    status, stage, reason = "ok", None, None
    if task.use_ner and not use_ner:
        status, stage, reason = "partial", "ner", one_line(f"rules only: {_ner_unavailable}")
    elif problems := [w for w in bulletin.warnings if w.code not in NOTICE_CODES]:
        first = problems[0]
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        status, stage, reason = "partial", first.stage, one_line(first.message + more)
    return Outcome(
        task.rel,
        status,
        stage,
        reason,
        bulletin_json(bulletin),
        pages=bulletin.source.pages,
        projects=len(bulletin.projects),
        events=len(bulletin.events),
        mentions=len(bulletin.mentions),
    )


class _local_copy:
    """The path to extract: the file itself, or a temp copy of shipped bytes (same name)."""

    def __init__(self, task: Task) -> None:
        self.task = task
        self.tmpdir: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> str:
        if self.task.data is None:
            return self.task.path
        self.tmpdir = tempfile.TemporaryDirectory(prefix="bulletin-batch-")
        local = Path(self.tmpdir.name) / Path(self.task.path).name
        local.write_bytes(self.task.data)
        return str(local)

    def __exit__(self, *exc: object) -> None:
        if self.tmpdir is not None:
            self.tmpdir.cleanup()


def stage_of(err: BaseException) -> str:
    """The pipeline stage whose code raised err: the innermost frame in our package."""
    stage = "internal"
    for frame, _ in traceback.walk_tb(err.__traceback__):
        module = frame.f_globals.get("__name__", "")
        if module.startswith("bulletin_extract.") and not module.startswith("bulletin_extract.batch"):
            part = module.split(".")[1]
            stage = STAGE_OF_MODULE.get(part, stage)
    return stage


def one_line(message: str) -> str:
    line = " ".join(message.split())
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 1] + "…"
