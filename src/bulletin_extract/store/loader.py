"""Loading bulletin JSON into the database, one file per transaction.

The three promises, and how they are kept:

- a changed file replaces its rows in one transaction: its children are deleted and
  re-inserted and its `bulletins` row updated inside `engine.begin()`; readers see the
  old rows or the new ones, never a mix;
- an unchanged file is skipped: same JSON digest (which covers the source file's
  sha256 written inside it) and same tool version, no write at all;
- a failed file leaves its old rows: a JSON that does not validate is refused before
  the transaction opens, and any database error rolls the transaction back.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from .. import __version__
from ..models import Bulletin
from .database import one_line
from .rows import bulletin_row, entity_rows, record_rows
from .schema import (
    PER_BULLETIN,
    bulletin_entities,
    bulletins,
    entities,
    entity_mentions,
    metadata,
    project_entities,
)

#: Files in a batch OUT_DIR that are not per-bulletin JSON.
NOT_BULLETINS = {"manifest.jsonl", "bulletins.jsonl"}


@dataclass
class LoadResult:
    file: str
    #: loaded / replaced / unchanged; failed (the JSON or the database refused it);
    #: not_extracted (the manifest says its extraction failed): both keep the old rows
    status: str
    reason: str | None = None


@dataclass
class LoadSummary:
    results: list[LoadResult] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(r.status for r in self.results)

    @property
    def exit_code(self) -> int:
        return 1 if self.counts["failed"] or self.counts["not_extracted"] else 0

    def line(self) -> str:
        c = self.counts
        return (f"database: {c['loaded']} loaded, {c['replaced']} replaced, {c['unchanged']} unchanged, "
                f"{c['failed'] + c['not_extracted']} failed (old rows kept)")


def load_bulletin(engine: Engine, file: str, payload: bytes, tool_version: str = __version__) -> LoadResult:
    """Put one bulletin's JSON into the database under the key `file`."""
    digest = hashlib.sha256(payload).hexdigest()
    try:
        bulletin = Bulletin.model_validate_json(payload)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return LoadResult(file, "failed", f"not a bulletin JSON ({where}: {first['msg']}); old rows kept")
    try:
        with engine.begin() as conn:
            old = conn.execute(
                select(bulletins.c.id, bulletins.c.output_sha256, bulletins.c.tool_version)
                .where(bulletins.c.file == file)
            ).first()
            if old is not None and old.output_sha256 == digest and old.tool_version == tool_version:
                return LoadResult(file, "unchanged")
            row = bulletin_row(bulletin, file=file, output_sha256=digest, tool_version=tool_version)
            if old is None:
                bulletin_id = conn.execute(insert(bulletins).values(row).returning(bulletins.c.id)).scalar_one()
            else:
                bulletin_id = old.id
                stale = _entity_ids(conn, bulletin_id)
                for table in PER_BULLETIN:
                    conn.execute(delete(table).where(table.c.bulletin_id == bulletin_id))
                conn.execute(update(bulletins).where(bulletins.c.id == bulletin_id).values(row))
            _insert_records(conn, bulletin_id, bulletin)
            if old is not None:
                _drop_orphans(conn, stale)
    except SQLAlchemyError as err:
        return LoadResult(file, "failed", f"{one_line(err)}; old rows kept")
    return LoadResult(file, "loaded" if old is None else "replaced")


def _insert_records(conn: Connection, bulletin_id: int, bulletin: Bulletin) -> None:
    for name, rows in record_rows(bulletin).items():
        if rows:
            conn.execute(insert(metadata.tables[name]), [{**r, "bulletin_id": bulletin_id} for r in rows])
    links: dict[str, list[dict[str, object]]] = {"be": [], "em": [], "pe": []}
    for e in entity_rows(bulletin):
        entity_id = _entity_id(conn, e.kind, e.name)
        links["be"].append({"bulletin_id": bulletin_id, "entity_id": entity_id, "idx": e.idx, "aliases": e.aliases})
        links["em"] += [{"bulletin_id": bulletin_id, "mention_idx": i, "entity_id": entity_id} for i in e.mention_ids]
        links["pe"] += [{"bulletin_id": bulletin_id, "project_idx": i, "entity_id": entity_id} for i in e.project_idxs]
    for table, key in ((bulletin_entities, "be"), (entity_mentions, "em"), (project_entities, "pe")):
        if links[key]:
            conn.execute(insert(table), links[key])


def _entity_id(conn: Connection, kind: str, name: str) -> int:
    found = conn.execute(
        select(entities.c.id).where(entities.c.kind == kind, entities.c.name == name)
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    return int(conn.execute(insert(entities).values(kind=kind, name=name).returning(entities.c.id)).scalar_one())


def _entity_ids(conn: Connection, bulletin_id: int) -> list[int]:
    return list(conn.execute(
        select(bulletin_entities.c.entity_id).where(bulletin_entities.c.bulletin_id == bulletin_id)
    ).scalars())


def _drop_orphans(conn: Connection, candidates: list[int]) -> None:
    """Entities the replaced rows named and no bulletin names any more."""
    if not candidates:
        return
    still = select(bulletin_entities.c.entity_id).where(bulletin_entities.c.entity_id.in_(candidates))
    conn.execute(delete(entities).where(entities.c.id.in_(candidates), entities.c.id.not_in(still)))


def bulletin_files(out_dir: Path) -> Iterator[tuple[str, Path | None, str | None]]:
    """(key, JSON path or None, why there is none) for each bulletin of a batch OUT_DIR.

    With a manifest, the key is the archive-relative path and a file whose last run
    failed comes with its reason (its old rows stay). Without one (JSON files gathered
    by hand), every *.json is a bulletin keyed by its path without '.json'.
    """
    from ..batch.manifest import MANIFEST, read_manifest

    if out_dir.is_file():
        yield out_dir.name.removesuffix(".json"), out_dir, None
        return
    entries = read_manifest(out_dir)
    if (out_dir / MANIFEST).is_file():
        for entry in entries.values():
            path = entry.output_file(out_dir)
            if path is not None:
                yield entry.path, path, None
            else:
                yield entry.path, None, f"no output ({entry.result}: {entry.reason or 'see manifest'}); old rows kept"
        return
    for path in sorted(out_dir.rglob("*.json")):
        if path.name not in NOT_BULLETINS and not path.name.startswith("."):
            yield path.relative_to(out_dir).as_posix().removesuffix(".json"), path, None


def load_outputs(engine: Engine, out_dir: Path, files: Iterable[tuple[str, Path | None, str | None]] | None = None
                 ) -> LoadSummary:
    """Load every bulletin of OUT_DIR (or a single JSON file); never stops at a bad file."""
    summary = LoadSummary()
    for key, path, why in files if files is not None else bulletin_files(out_dir):
        if path is None:
            summary.results.append(LoadResult(key, "not_extracted", why))
            continue
        try:
            payload = path.read_bytes()
        except OSError as err:
            summary.results.append(LoadResult(key, "failed", f"{path}: cannot read: {err.strerror or err}"))
            continue
        summary.results.append(load_bulletin(engine, key, payload))
    return summary
