"""One extraction inside a service worker: a Job in, a JobResult out, never an exception.

The worker is a long-lived process that loaded the spaCy pipeline once (`warm_up`);
this module decides what an HTTP client gets to see of a failure: a status, a code and
one line without our temporary paths, never a traceback.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Any

from ..errors import BulletinError, InputError, ModelError, ProcessingTimeout, UnsupportedFormat, UsageError
from ..files import bulletin_json


@dataclass(frozen=True)
class Job:
    path: str  # the upload in the request's private folder
    client_name: str  # what source.path says: the client's file name, never used as a path
    use_ner: bool = True
    pdf_engine: str = "auto"
    include_text: bool = False
    #: further pipeline options (e.g. ocr): passed when `extract` takes them; a true value
    #: for one it does not take is a 400, a false one is no request at all
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobResult:
    status: int  # the HTTP status the client gets
    payload: str | None = None  # the Bulletin JSON (status 200)
    code: str | None = None
    message: str | None = None


@functools.cache
def pipeline_options() -> frozenset[str]:
    """The keyword options `pipeline.extract` takes, so a new one (ocr) needs no change here."""
    from ..pipeline import extract

    return frozenset(inspect.signature(extract).parameters)


def model_description(use_ner: bool, model_path: str | None) -> str | None:
    """What /health says of the NER model a worker loaded (None without NER)."""
    if not use_ner:
        return None
    from ..nlp import load_pipeline
    from ..pipeline import model_info

    return model_info(load_pipeline(use_ner=True, model_path=model_path))


def run_job(job: Job) -> JobResult:
    from ..pipeline import extract

    unknown = sorted(name for name, value in job.options.items() if name not in pipeline_options() and value)
    if unknown:
        return JobResult(400, code="bad_request", message=f"{unknown[0]}: not supported by this version")
    options = {name: value for name, value in job.options.items() if name in pipeline_options()}
    try:
        bulletin = extract(job.path, use_ner=job.use_ner, pdf_engine=job.pdf_engine,
                           include_text=job.include_text, **options)
    except Exception as err:  # every failure becomes a JSON error body
        return error_result(err, job)
    bulletin.source.path = job.client_name
    for note in bulletin.warnings:
        note.message = note.message.replace(job.path, job.client_name)
    return JobResult(200, payload=bulletin_json(bulletin))  # the text `bulletin-extract FILE` prints


def error_result(err: BaseException, job: Job) -> JobResult:
    """Status and code for a failure; the message names the client's file, not our temp copy."""
    status, code = classify(err)
    if isinstance(err, BulletinError):
        message = " ".join(str(err).split())
    else:  # a bug or a library crash: say where, not how (no traceback leaves the worker)
        from ..batch.work import stage_of

        message = f"extraction failed in stage {stage_of(err)} ({type(err).__name__})"
    return JobResult(status, code=code, message=message.replace(job.path, job.client_name)[:500])


def classify(err: BaseException) -> tuple[int, str]:
    """
    >>> classify(UnsupportedFormat("x.doc: unsupported file type"))
    (415, 'unsupported_type')
    >>> classify(InputError("x.pdf: damaged"))
    (422, 'unreadable_document')
    """
    if isinstance(err, UnsupportedFormat):
        return 415, "unsupported_type"
    if isinstance(err, ProcessingTimeout):
        return 504, "timeout"
    if isinstance(err, ModelError):
        return 500, "model_unavailable"
    if isinstance(err, UsageError):
        return 400, "bad_request"
    if isinstance(err, (InputError, BulletinError)):
        return 422, "unreadable_document"
    return 500, "internal_error"
