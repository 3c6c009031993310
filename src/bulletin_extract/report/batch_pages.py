"""Review pages for a batch run: one page per bulletin beside its JSON, and OUT_DIR/index.html.

Batch workers keep the JSON lean (no normalised text), so the text is read again
here with the ingest stage alone (no NLP): ingest is deterministic, and the file's
sha256 is checked against the JSON's, so the mentions' offsets still fit. This
module only reads what the batch wrote; it never changes the batch's outputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from ..models import Bulletin
from .report import IndexEntry, write_index, write_report

INDEX = "index.html"


class BatchEntry(Protocol):
    """What a batch manifest entry tells us (batch.manifest.Entry has these fields)."""

    @property
    def path(self) -> str: ...  # relative to the archive

    @property
    def status(self) -> str: ...  # ok / partial / failed / skipped

    @property
    def stage(self) -> str | None: ...

    @property
    def reason(self) -> str | None: ...

    @property
    def output(self) -> str | None: ...  # the JSON, relative to OUT_DIR


def write_batch_reports(
    archive: str | Path,
    out_dir: str | Path,
    entries: Iterable[BatchEntry],
    *,
    pdf_engine: str = "auto",
    ocr: str = "auto",
) -> Path:
    """Write OUT_DIR/<file>.html for every extracted bulletin and OUT_DIR/index.html.

    A file whose page cannot be made is listed in the index with the reason; the
    other pages are still written. `pdf_engine` and `ocr` must be the batch's own, so
    the text read again is the text the mentions index into. Returns the index path.
    """
    archive, out_dir = Path(archive), Path(out_dir)
    rows: list[IndexEntry] = []
    for entry in sorted(entries, key=lambda e: e.path):
        if entry.status == "failed" or not entry.output:
            reason = f"{entry.stage}: {entry.reason}" if entry.stage else (entry.reason or "no output")
            rows.append(IndexEntry.failed(entry.path, reason))
            continue
        try:
            rows.append(_bulletin_page(archive, out_dir, entry, pdf_engine, ocr))
        except Exception as err:  # one unreadable result must not cost the other pages
            rows.append(IndexEntry.failed(entry.path, f"report: {type(err).__name__}: {err}"))
    return write_index(rows, out_dir / INDEX, title=f"Бюлетини: {archive.name or archive}")


def _bulletin_page(archive: Path, out_dir: Path, entry: BatchEntry, pdf_engine: str, ocr: str) -> IndexEntry:
    from ..ingest import read_document

    assert entry.output is not None
    json_path = out_dir / entry.output
    bulletin = Bulletin.model_validate_json(json_path.read_text("utf-8"))
    source = archive / entry.path if archive.is_dir() else archive
    text = bulletin.text
    if text is None:
        document = read_document(source, pdf_engine=pdf_engine, ocr=ocr)
        if document.sha256 != bulletin.source.sha256:
            raise ValueError(f"{source} changed since it was extracted; run the batch again")
        text = document.text
    page = json_path.with_name(json_path.name.removesuffix(".json") + ".html")
    write_report(bulletin, page, text=text, pdf_path=source, index_href=_relative(out_dir / INDEX, page))
    entry_row = IndexEntry.from_bulletin(entry.path, bulletin, page.relative_to(out_dir).as_posix())
    if entry.status == "partial" and entry_row.status == "ok":
        entry_row.status, entry_row.message = "warnings", f"{entry.stage}: {entry.reason}"
    return entry_row


def _relative(target: Path, page: Path) -> str:
    """The href from a page to target, both under OUT_DIR (pages mirror the archive's folders)."""
    depth = len(page.parent.relative_to(target.parent).parts)
    return "../" * depth + target.name
