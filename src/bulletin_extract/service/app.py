"""The HTTP API: FastAPI routes over the worker pool.

The OpenAPI document is generated from the same pydantic models as the JSON Schema
(`models.Bulletin` is the 200 answer of /v1/extract), plus `ErrorBody` for failures.
Every failure answers `{"error": {"code", "message"}}`; no handler lets a traceback out.
"""

from __future__ import annotations

import hmac
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..ingest import SUPPORTED
from ..models import Bulletin
from .job import Job, JobResult
from .pool import QueueFull, WorkerLost, WorkerPool
from .settings import ServiceSettings
from .upload import BadUpload, UnsupportedUpload, Upload, UploadTooLarge, receive_upload

#: Bytes of multipart framing allowed on top of the file before Content-Length alone refuses it.
FRAMING_BYTES = 64 * 1024


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok", "starting"]
    version: str
    model: str | None
    ner: bool
    workers: int
    workers_ready: int
    busy: int
    waiting: int


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _busy(pool: WorkerPool) -> ApiError:
    return ApiError(503, "busy", f"all {pool.size} workers busy and {pool.max_queue} requests waiting "
                                 "(--max-queue); retry later")


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(ErrorBody(error=ErrorDetail(code=code, message=message)).model_dump(), status_code=status)


ERRORS = {
    400: "bad request (not multipart, no 'file' field, bad option)",
    401: "missing or wrong API key",
    413: "the file is larger than --max-upload-mb",
    415: "unsupported file type",
    422: "the document cannot be read (damaged, encrypted, no text layer)",
    500: "internal error",
    503: "the queue is full (--max-queue); retry later",
    504: "extraction took longer than --timeout; its worker was replaced",
}

UPLOAD_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary",
                                "description": f"the bulletin ({', '.join(SUPPORTED)})"}},
    }}},
}


def create_app(settings: ServiceSettings, pool: WorkerPool | None = None) -> FastAPI:
    """The app; the pool is started with the app (lifespan) unless one is given."""
    scratch: dict[str, Path] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        nonlocal pool
        # one private (0700) folder for all uploads of this server; each request a subfolder
        scratch["root"] = Path(tempfile.mkdtemp(prefix="bulletin-serve-"))
        if pool is None:
            pool = WorkerPool(settings.workers, use_ner=settings.use_ner, model_path=settings.model_path,
                              max_queue=settings.max_queue)
        pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()
            shutil.rmtree(scratch["root"], ignore_errors=True)

    app = FastAPI(
        title="bulletin-extract",
        version=__version__,
        description="Bulgarian bulletins (PDF, text) to validated, structured JSON. "
                    "The answer of /v1/extract is the JSON of `bulletin-extract FILE`.",
        lifespan=lifespan,
    )

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, err: ApiError) -> JSONResponse:
        return error_response(err.status, err.code, err.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body"))
        return error_response(400, "bad_request", f"{where}: {first.get('msg')}" if where else str(first.get("msg")))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(err.status_code, "http_error")
        return error_response(err.status_code, code, str(err.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> JSONResponse:
        return error_response(500, "internal_error", f"internal error ({type(err).__name__})")

    api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                                  description="required when the server runs with --api-key")

    async def require_key(key: str | None = Depends(api_key_header)) -> None:
        expected = settings.api_key
        if expected and not (key and hmac.compare_digest(key.encode(), expected.encode())):
            raise ApiError(401, "unauthorized", "missing or wrong X-API-Key header")

    @app.get("/health", response_model=Health, summary="Liveness, version and model")
    async def health(request: Request) -> Health:
        p: WorkerPool = request.app.state.pool
        return Health(status="ok" if p.ready else "starting", version=__version__, model=p.model,
                      ner=settings.use_ner, workers=p.size, workers_ready=p.ready, busy=p.busy,
                      waiting=p.waiting)

    @app.post(
        "/v1/extract",
        summary="Extract one bulletin",
        response_model=Bulletin,
        responses={status: {"model": ErrorBody, "description": text} for status, text in ERRORS.items()},
        openapi_extra={"requestBody": UPLOAD_BODY},
        dependencies=[Depends(require_key)],
    )
    async def extract(
        request: Request,
        ner: bool | None = Query(None, description="use the statistical NER model (false: rules and gazetteer "
                                                   "only); default: on, unless the server runs with --no-ner"),
        pdf_engine: Literal["auto", "pdfium", "pdfplumber"] = Query("auto", description="character source for PDFs"),
        include_text: bool = Query(False, description="add the normalised text to the JSON"),
        ocr: Literal["never", "auto", "always"] | None = Query(
            None, description="OCR of scanned pages, as the CLI's --ocr (default: auto, pages without a text layer)"),
    ) -> Response:
        if ner and not settings.use_ner:
            raise ApiError(400, "bad_request", "ner: this server runs without NER (--no-ner)")
        pool_: WorkerPool = request.app.state.pool
        if pool_.full:  # before the upload, so a client does not send 50 MB to hear "busy"
            raise _busy(pool_)
        folder = Path(tempfile.mkdtemp(dir=scratch["root"]))
        try:
            upload = await _receive(request, folder)
            job = Job(str(upload.path), upload.client_name, use_ner=settings.use_ner if ner is None else ner,
                      pdf_engine=pdf_engine, include_text=include_text,
                      options={} if ocr is None else {"ocr": ocr})
            result = await _run(pool_, job)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if result.status != 200 or result.payload is None:
            raise ApiError(result.status, result.code or "internal_error", result.message or "extraction failed")
        return Response(result.payload, media_type="application/json")  # as the CLI prints it

    async def _receive(request: Request, folder: Path) -> Upload:
        """The upload in `folder`, or the 400 / 413 / 415 that stops it."""
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes + FRAMING_BYTES:
            raise ApiError(413, "too_large", f"the file is larger than {settings.max_upload_mb:g} MB (--max-upload-mb)")
        try:
            return await receive_upload(request.stream(), request.headers.get("content-type", ""), folder,
                                        limit=settings.max_upload_bytes, supported=SUPPORTED)
        except UploadTooLarge as err:
            raise ApiError(413, "too_large", str(err)) from None
        except UnsupportedUpload as err:
            raise ApiError(415, "unsupported_type", str(err)) from None
        except BadUpload as err:
            raise ApiError(400, "bad_request", str(err)) from None

    async def _run(pool_: WorkerPool, job: Job) -> JobResult:
        """The worker's result, or the 503 / 504 / 500 of the pool."""
        try:
            return await pool_.run(job, settings.timeout)
        except QueueFull:
            raise _busy(pool_) from None
        except WorkerLost as lost:
            if lost.timed_out:
                raise ApiError(504, "timeout", f"{job.client_name}: stopped after {settings.timeout:g} s "
                                               "(--timeout); worker replaced") from None
            raise ApiError(500, "worker_crashed", f"{job.client_name}: the worker died "
                                                  f"(exit code {lost.exitcode}); worker replaced") from None

    return app
