"""A database sink for bulletins: SQLite by default, PostgreSQL for shared use.

`schema` defines the tables (SQLAlchemy Core), `rows` turns a Bulletin into rows,
`database` opens a URL and guards the schema version, `loader` writes one bulletin
per transaction. See docs/database.md.
"""

from __future__ import annotations

from .database import DEFAULT_URL, DatabaseError, open_database
from .loader import LoadResult, LoadSummary, load_bulletin, load_outputs

__all__ = ["DEFAULT_URL", "DatabaseError", "LoadResult", "LoadSummary", "load_bulletin", "load_outputs",
           "open_database"]
