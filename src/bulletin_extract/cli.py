"""Command line: `bulletin-extract FILE [-o OUT]` and its sub-commands.

Every failure ends in one line on stderr and a documented exit code (see errors.py),
never a traceback: an unexpected error is `internal error in STAGE: ...` (exit 1), and
`--debug` adds its traceback above that line.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import BulletinError, InternalError, UsageError
from .files import bulletin_json, write_atomic

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from .models import Bulletin

EXTRACT_OPTIONS_HELP = "Extract one bulletin (default command)."

#: The modes of ingest.OCR_MODES, spelled out here so that `--help` does not import ingest.
OCR_MODES = ("never", "auto", "always")
PDF_ENGINES = ("auto", "pdfium", "pdfplumber")

# Options several commands share, declared once so their names, choices and help agree.
no_ner_option = click.option("--no-ner", is_flag=True,
                             help="Skip the statistical NER model (rules and gazetteer only).")
pdf_engine_option = click.option("--pdf-engine", type=click.Choice(PDF_ENGINES), default="auto",
                                 show_default=True, help="Character source for PDFs.")
ocr_option = click.option("--ocr", type=click.Choice(OCR_MODES), default="auto", show_default=True,
                          help="Read scans by OCR (Tesseract): auto = pages without a text layer and images.")
model_option = click.option("--model", "model_path", default=None,
                            help="NER model folder (default: the shipped one).")


class DefaultGroup(click.Group):
    """A group whose first argument, when it is not a sub-command, is a file to extract."""

    default_command = "extract"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def fail(err: BulletinError | str, code: int | None = None, debug: bool = False) -> None:
    if debug and isinstance(err, InternalError) and err.details:
        click.echo(err.details, err=True)
    message = str(err)
    click.echo(f"bulletin-extract: error: {message}", err=True)
    sys.exit(code if code is not None else getattr(err, "exit_code", 1))


def fail_unexpected(err: Exception, stage: str, debug: bool) -> None:
    """An error no stage turned into a BulletinError (e.g. a --timeout child that died)."""
    fail(err if isinstance(err, BulletinError) else InternalError.wrap(stage, err), debug=debug)


def check_output_path(output: str | None) -> None:
    """Refuse a missing or read-only output folder before doing any work."""
    if output in (None, "-"):
        return
    folder = Path(output).resolve().parent  # type: ignore[arg-type]
    if not folder.is_dir():
        raise UsageError(f"{output}: output folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{output}: output folder {folder} is not writable")


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bulletin-extract")
def main() -> None:
    """Turn Bulgarian bulletins (PDF, .txt, .md) into validated, structured JSON.

    \b
    bulletin-extract issue8.pdf -o out.json     extract one bulletin
    bulletin-extract schema                     print the JSON Schema of the output
    """


@main.command("extract")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("-o", "--output", default=None, help="Output JSON file ('-' or omitted: stdout).")
@no_ner_option
@pdf_engine_option
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@ocr_option
@click.option("--include-text", is_flag=True, help="Add the normalised text to the JSON.")
@model_option
@click.option("--indent", default=2, show_default=True, help="JSON indentation (0: one line).")
@click.option("--html", "html", default=None, help="Also write a self-contained HTML review page here.")
@click.option("--timeout", type=float, default=None,
              help="Stop a document after this many seconds (exit 1).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display on a terminal.")
@click.option("--debug", is_flag=True, help="On an internal error, show its Python traceback too.")
def extract_cmd(
    file: Path,
    output: str | None,
    no_ner: bool,
    pdf_engine: str,
    password: str | None,
    include_text: bool,
    model_path: str | None,
    indent: int,
    html: str | None = None,
    timeout: float | None = None,
    quiet: bool = False,
    ocr: str = "auto",
    debug: bool = False,
) -> None:
    """Extract one bulletin FILE into JSON."""
    progress = None if quiet or not sys.stderr.isatty() else _terminal_progress()
    options = {"use_ner": not no_ner, "pdf_engine": pdf_engine, "password": password, "ocr": ocr,
               "include_text": include_text or bool(html),  # the report shows the text
               "model_path": model_path, "progress": progress}
    try:  # the imports inside the try: Ctrl-C while spaCy loads is exit 130 too
        from .limits import check_timeout, run_with_timeout
        from .pipeline import extract, extract_to_json

        check_timeout(timeout)
        check_output_path(output)
        check_output_path(html)
        if html:  # the review page reads the whole Bulletin anyway
            bulletin = run_with_timeout(extract, file, seconds=timeout, label=str(file), **options)
        else:
            with _json_target(output) as target:
                warnings = run_with_timeout(extract_to_json, file, target, seconds=timeout, label=str(file),
                                            indent=indent, **options)
    except BulletinError as err:
        fail(err, debug=debug)
        return
    except KeyboardInterrupt:
        fail("interrupted", 130)
        return
    except OSError as err:  # the output file (the input's own errors are BulletinErrors)
        fail(f"{output or 'stdout'}: cannot write: {err.strerror or err}", 1)
        return
    except Exception as err:  # outside the pipeline's stage guard (e.g. the timeout child died)
        fail_unexpected(err, "extract", debug)
        return
    if html:
        try:
            _write_outputs(bulletin, output, html, include_text, indent, password)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except Exception as err:
            fail_unexpected(err, "write", debug)
        warnings = bulletin.warnings
    for note in warnings:
        click.echo(f"bulletin-extract: warning: {note.message}", err=True)


@contextmanager
def _json_target(output: str | None) -> Iterator[Path]:
    """Where the streamed JSON goes: the -o file itself (written atomically, so an error
    leaves no half file), or for stdout a temp file copied out once it is complete (so
    stdout gets the whole JSON or nothing, as before streaming)."""
    if output not in (None, "-"):
        yield Path(output)  # type: ignore[arg-type]
        return
    with tempfile.TemporaryDirectory(prefix="bulletin-extract-") as folder:
        target = Path(folder) / "bulletin.json"
        yield target
        with target.open(encoding="utf-8") as fh:
            while chunk := fh.read(1 << 20):
                click.echo(chunk, nl=False)


def _write_outputs(bulletin: Bulletin, output: str | None, html: str | None, include_text: bool,
                   indent: int, password: str | None) -> None:
    """The JSON (stdout or a file written atomically) and the HTML review page."""
    text = bulletin.text
    if html and not include_text:
        bulletin = bulletin.model_copy(update={"text": None})
    payload = bulletin_json(bulletin, indent)
    if output in (None, "-"):
        click.echo(payload, nl=False)
    else:
        try:
            write_atomic(Path(output), payload)  # type: ignore[arg-type]
        except OSError as err:
            fail(f"{output}: cannot write: {err.strerror or err}", 1)
    if html:
        from .report import write_report

        try:
            write_report(bulletin, html, text=text, password=password)
        except OSError as err:
            fail(f"{html}: cannot write: {err.strerror or err}", 1)


def _terminal_progress() -> Callable[[str, int, int], None]:
    """A one-line status on stderr while a long document is processed, erased when done."""
    labels = {"read": "reading the file", "analyse": "finding facts, part", "assemble": "assembling records"}

    def show(stage: str, done: int, total: int) -> None:
        label = labels.get(stage, stage)
        status = f"{label} {done}/{total}" if stage == "analyse" else label
        sys.stderr.write(f"\r\033[Kbulletin-extract: {status}")
        if stage == "assemble":
            sys.stderr.write("\r\033[K")
        sys.stderr.flush()

    return show


@main.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the output."""
    from .schema import bulletin_schema

    click.echo(json.dumps(bulletin_schema(), ensure_ascii=False, indent=2))


@main.command("batch")
@click.argument("archive", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Output folder (created if missing).")
@click.option("--glob", "globs", multiple=True, help="Only files whose relative path matches (repeatable).")
@click.option("--workers", type=int, default=None, help="Worker processes (default: CPU count).")
@click.option("--timeout", type=float, default=None, help="Seconds per file before its worker is killed.")
@click.option("--max-tasks-per-worker", "max_tasks", type=int, default=50, show_default=True,
              help="Replace a worker after this many files (0: never).")
@click.option("--force", is_flag=True, help="Redo every file, even unchanged ones.")
@no_ner_option
@pdf_engine_option
@ocr_option
@model_option
@click.option("--excel", "--bom", "bom", is_flag=True, help="Write the CSV files with a UTF-8 BOM (Excel).")
@click.option("--scheduler", default=None, help="Run on a Dask cluster: tcp://HOST:PORT.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary.")
@click.option("--html", "html", is_flag=True, help="Also write an HTML review page per bulletin and OUT_DIR/index.html.")
@click.option("--db", "db_url", default=None,
              help="Also load the results into this database (sqlite:///bulletins.db, postgresql://...).")
def batch_cmd(archive: Path, out_dir: Path, globs: tuple[str, ...], workers: int | None,
              timeout: float | None, max_tasks: int, force: bool, no_ner: bool, pdf_engine: str,
              model_path: str | None, bom: bool, scheduler: str | None, quiet: bool,
              html: bool = False, db_url: str | None = None, ocr: str = "auto") -> None:
    """Extract every bulletin under ARCHIVE into OUT_DIR (see docs/batch.md).

    Exit code 0: every file ok, partial or skipped; 1: some failed; 2: usage error.
    """
    from .batch import BatchOptions, process_archive

    options = BatchOptions(
        archive=archive, out_dir=out_dir, globs=globs, timeout=timeout, max_tasks=max_tasks or None,
        force=force, use_ner=not no_ner, pdf_engine=pdf_engine, ocr=ocr, model_path=model_path, bom=bom,
        quiet=quiet, scheduler=scheduler,
    )
    if workers is not None:
        options.workers = workers
    engine = _open_database(db_url) if db_url else None  # a bad URL fails before any work
    try:
        summary = process_archive(options)
    except BulletinError as err:
        fail(err)
        return
    except KeyboardInterrupt:
        fail("interrupted; run the same command again to resume", 130)
        return
    if html:
        from .report.batch_pages import write_batch_reports

        index = write_batch_reports(archive, out_dir, summary.entries, pdf_engine=pdf_engine, ocr=ocr)
        if not quiet:
            click.echo(f"review pages: {index}", err=True)
    exit_code = summary.exit_code
    if engine is not None:
        exit_code = max(exit_code, _load_into(engine, out_dir, quiet=quiet, batch_failures=True))
    sys.exit(exit_code)


def _database_packages_missing(err: ImportError) -> UsageError:
    return UsageError(f"--db needs {err.name}: pip install 'bulletin-extract[database]'")


def _open_database(db_url: str) -> Engine:
    try:
        from .store import open_database
    except ImportError as err:
        fail(_database_packages_missing(err))
        raise

    try:
        return open_database(db_url)
    except BulletinError as err:
        fail(err)
        raise  # not reached: fail() exits


def _load_into(engine: Engine, source: Path, *, quiet: bool, batch_failures: bool = False) -> int:
    """Load OUT_DIR (or one JSON) into the database; 1 when a file could not be loaded.

    After a batch, files that failed extraction were already reported by the batch
    summary; only the database's own failures are listed again.
    """
    from .store import load_outputs

    summary = load_outputs(engine, source)
    engine.dispose()
    for result in summary.results:
        if result.status == "failed" or (result.status == "not_extracted" and not batch_failures):
            click.echo(f"bulletin-extract: {result.file}: {result.reason}", err=True)
    if not quiet:
        click.echo(summary.line(), err=True)
    return summary.exit_code


@main.command("load")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db_url", default="sqlite:///bulletins.db", show_default=True,
              help="Database URL (sqlite:///FILE or postgresql://USER@HOST/DB).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def load_cmd(source: Path, db_url: str, quiet: bool) -> None:
    """Load bulletin JSON (a batch OUT_DIR or one file) into a database (see docs/database.md).

    Exit code 0: every file loaded or unchanged; 1: some could not be loaded (their old
    rows stay); 2: usage error (bad URL, nothing to load).
    """
    try:
        from .store.database import database_url
        from .store.loader import bulletin_files

        database_url(db_url)  # a bad URL is reported first, before looking at SOURCE
        if not any(True for _ in bulletin_files(source)):
            raise UsageError(f"{source}: no bulletin JSON here (a batch OUT_DIR, *.json files, or one JSON file)")
    except ImportError as err:
        fail(_database_packages_missing(err))
    except BulletinError as err:
        fail(err)
    engine = _open_database(db_url)
    sys.exit(_load_into(engine, source, quiet=quiet))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; put TLS and a key in front).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes, each with the pipeline loaded (2 with NER: about 420 MB in all).")
@click.option("--timeout", type=float, default=120, show_default=True,
              help="Seconds per document before its worker is killed and replaced (504).")
@click.option("--max-upload-mb", type=click.FloatRange(min=0, min_open=True), default=50, show_default=True,
              help="Largest upload (413 above).")
@click.option("--max-queue", type=click.IntRange(min=0), default=16, show_default=True,
              help="Requests that may wait for a worker (503 above).")
@click.option("--api-key", default=None, envvar="BULLETIN_EXTRACT_API_KEY",
              help="Require this key in the X-API-Key header (also from BULLETIN_EXTRACT_API_KEY).")
@click.option("--no-ner", is_flag=True, help="Workers without the NER model (requests must say ner=false).")
@model_option
def serve_cmd(host: str, port: int, workers: int, timeout: float, max_upload_mb: float, max_queue: int,
              api_key: str | None, no_ner: bool, model_path: str | None) -> None:
    """Serve POST /v1/extract over HTTP (see docs/service.md)."""
    from .limits import check_timeout

    try:
        check_timeout(timeout)
    except BulletinError as err:
        fail(err)
    try:
        from .service.server import serve
        from .service.settings import ServiceSettings
    except ImportError as err:
        fail(UsageError(f"serve needs the service packages ({err.name} missing): pip install 'bulletin-extract[service]'"))
        return
    serve(ServiceSettings(host=host, port=port, workers=workers, timeout=timeout, max_upload_mb=max_upload_mb,
                          max_queue=max_queue, use_ner=not no_ner, model_path=model_path, api_key=api_key or None))


@main.command("train")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with slavicner_bg/ and wikiann_bg/ (default: ../shared/data/ner beside the repo).")
@click.option("--output", "model_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: models/ner-bg of the repo).")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the converted corpus and checkpoints (default: a temporary folder).")
def train_cmd(data_dir: Path | None, model_dir: Path | None, work_dir: Path | None) -> None:
    """Train the Bulgarian NER model (models/ner-bg) from the annotated corpora."""
    from .training.train import run_training

    try:
        run_training(data_dir, model_dir, work_dir)
    except FileNotFoundError as err:
        fail(UsageError(str(err)))


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--pred", "pred_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Read predictions (bulletin JSON named like the gold file or its source) instead of extracting.")
@click.option("--no-ner", is_flag=True, help="Skip the NER model (default: use it when models/ner-bg exists).")
@pdf_engine_option
@model_option
@click.option("--json", "json_out", default=None, help="Also write the scores as JSON here.")
@click.option("-v", "--verbose", is_flag=True, help="List the misses and false hits.")
def eval_cmd(gold_dir: Path, pred_dir: Path | None, no_ner: bool, pdf_engine: str, model_path: str | None,
             json_out: str | None, verbose: bool) -> None:
    """Score extraction against the gold files in GOLD_DIR (format: samples/gold/README.md)."""
    from .errors import ModelError
    from .evaluate import dump_report_json, evaluate_dir, format_report, gold_files

    if not gold_files(gold_dir):
        fail(UsageError(f"{gold_dir}: no gold *.json files"))
    use_ner = not no_ner and pred_dir is None
    if use_ner:
        from .ner import locate_model

        try:
            locate_model(model_path)
        except ModelError as err:
            if model_path is not None:
                fail(err)
            click.echo(f"bulletin-extract: note: {err}; scoring without NER", err=True)
            use_ner = False
    try:
        results = evaluate_dir(gold_dir, pred_dir=pred_dir, use_ner=use_ner, pdf_engine=pdf_engine,
                               model_path=model_path)
    except BulletinError as err:
        fail(err)
        return
    except (FileNotFoundError, ValueError) as err:
        fail(UsageError(str(err).splitlines()[0]))
        return
    click.echo(format_report(results, verbose=verbose))
    if json_out:
        dump_report_json(results, json_out)


if __name__ == "__main__":  # pragma: no cover
    main()
