"""Opening a database: the URL, the engine, and the schema-version guard.

SQLite is the embedded default (`sqlite:///bulletins.db`, a file beside you);
PostgreSQL is for shared use. `postgresql://` without a driver means psycopg 3 here
(SQLAlchemy alone would pick psycopg2, which we do not ship).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from .. import __version__
from ..errors import BulletinError, UsageError
from .schema import SCHEMA_VERSION, metadata, schema_version

DEFAULT_URL = "sqlite:///bulletins.db"


def _add_mention_furniture(conn: Connection) -> None:
    """1 -> 2: mentions read in page furniture say so (their offsets index that line)."""
    conn.execute(sql_text("ALTER TABLE mentions ADD COLUMN furniture INTEGER"))


#: version n -> the step that upgrades a database from n to n + 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_mention_furniture}


class DatabaseError(BulletinError):
    """The database cannot be reached, or holds something we must not write into."""

    stage = "store"


def database_url(url: str) -> URL:
    """Parse a URL, choosing psycopg 3 for a bare `postgresql://`.

    >>> database_url("postgresql://u@127.0.0.1:5432/b").drivername
    'postgresql+psycopg'
    >>> database_url("sqlite:///b.db").database
    'b.db'
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(f"--db {url!r}: not a database URL (e.g. {DEFAULT_URL} or postgresql://user@host/db)") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise UsageError(f"--db: {parsed.get_backend_name()} is not supported (use sqlite:/// or postgresql://)")
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def open_database(url: str) -> Engine:
    """An engine on a database whose schema is ours and current (created if empty)."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).resolve().parent  # type: ignore[arg-type]
        if not folder.is_dir():
            raise UsageError(f"--db: folder {folder} does not exist")
    try:
        engine = create_engine(parsed)
    except (ImportError, SQLAlchemyError) as err:
        raise DatabaseError(f"--db: cannot use {parsed.render_as_string()}: {one_line(err)}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    try:
        ensure_schema(engine)
    except SQLAlchemyError as err:
        engine.dispose()
        raise DatabaseError(f"{parsed.render_as_string()}: {one_line(err)}") from None
    return engine


def _sqlite_foreign_keys(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def ensure_schema(engine: Engine) -> int:
    """Create the tables in an empty database; upgrade an older one; refuse a newer one.

    A database with some of our table names but no schema_version table is not one we
    made; writing into it could destroy someone's data, so we stop.
    """
    with engine.begin() as conn:
        names = set(inspect(conn).get_table_names())
        if schema_version.name not in names:
            clash = names & set(metadata.tables)
            if clash:
                raise DatabaseError(
                    f"the database has tables named {', '.join(sorted(clash))} but no schema_version: "
                    "not a bulletin-extract database; use another one"
                )
            metadata.create_all(conn)
            _stamp(conn, SCHEMA_VERSION)
            return SCHEMA_VERSION
        found = conn.execute(select(func.max(schema_version.c.version))).scalar_one_or_none() or 0
        if found > SCHEMA_VERSION:
            raise DatabaseError(
                f"the database has schema version {found}, newer than this tool's {SCHEMA_VERSION}: "
                "upgrade bulletin-extract"
            )
        for version in range(found, SCHEMA_VERSION):
            step = MIGRATIONS.get(version)
            if step is None:
                raise DatabaseError(
                    f"the database has schema version {found} and no upgrade to {SCHEMA_VERSION} exists: "
                    "load into a new database"
                )
            step(conn)
            _stamp(conn, version + 1)
        return SCHEMA_VERSION


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(
        schema_version.insert().values(
            version=version, tool_version=__version__, applied_at=dt.datetime.now(dt.timezone.utc)
        )
    )


def one_line(err: BaseException) -> str:
    """The first line of a driver error, without SQLAlchemy's background link."""
    text = str(getattr(err, "orig", None) or err).strip().splitlines()
    return text[0] if text else type(err).__name__
