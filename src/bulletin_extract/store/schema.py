"""The database tables: SQLAlchemy Core, one definition for SQLite and PostgreSQL.

Why these shapes:

- Every table below `bulletins` is keyed by (bulletin_id, idx), idx being the item's
  position in the bulletin's JSON list, so a row points back to the JSON it came from
  and replacing a bulletin is "delete where bulletin_id = ..., insert".
- Money is three columns per amount: `*_amount` + `*_currency` as printed, `*_eur`
  converted at the fixed rate, so sums across years and currencies are one SUM(*_eur).
- Dates are intervals (`*_start`, `*_end`, `*_precision`), as in the JSON: "март 2024"
  is 2024-03-01..2024-03-31, precision month.
- Organisations, people and places are one `entities` table (kind + name) shared by all
  bulletins, so "everything about one organisation" starts from one row and follows
  `bulletin_entities`, `entity_mentions` and `project_entities`.

The indexes serve the three questions the README asks: projects by programme
(`ix_projects_programme`), money by year (`ix_bulletins_year`), everything about one
organisation (`uq_entities_kind_name` plus the `ix_*_entity` indexes).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

#: Bump when a table or column changes; `migrate.py` holds the step from each older version.
SCHEMA_VERSION = 2

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("tool_version", String(40), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)


def _bulletin_key() -> Column[int]:
    return Column("bulletin_id", Integer, ForeignKey("bulletins.id", ondelete="CASCADE"), primary_key=True)


def _item_key(doc: str | None = None) -> list[Column[int]]:
    """(bulletin_id, idx): an item of one of the bulletin's JSON lists, at its position there."""
    return [_bulletin_key(), Column("idx", Integer, primary_key=True, doc=doc)]


def money_names(prefix: str = "") -> tuple[str, str, str, str]:
    """The amount, currency, EUR and qualifier columns of one amount.

    A record's amount is named for its field; a mention's value, the only amount of
    its row, has no prefix.

    >>> money_names("grant")
    ('grant_amount', 'grant_currency', 'grant_eur', 'grant_qualifier')
    >>> money_names()
    ('amount', 'currency', 'amount_eur', 'qualifier')
    """
    stem = f"{prefix}_" if prefix else ""
    return f"{stem}amount", f"{stem}currency", f"{prefix or 'amount'}_eur", f"{stem}qualifier"


def _money(prefix: str = "") -> list[Column[object]]:
    amount, currency, eur, qualifier = money_names(prefix)
    return [
        Column(amount, Numeric(18, 2, asdecimal=False)),
        Column(currency, String(3)),
        Column(eur, Numeric(18, 2, asdecimal=False)),
        Column(qualifier, String(10)),
    ]


def _date(prefix: str) -> list[Column[object]]:
    return [
        Column(f"{prefix}_start", Date),
        Column(f"{prefix}_end", Date),
        Column(f"{prefix}_precision", String(5)),
    ]


def _span() -> list[Column[object]]:
    """Where the item sits in the bulletin: section index and character range."""
    return [
        Column("section", Integer),
        Column("start", Integer, nullable=False),
        Column("end_offset", Integer, nullable=False),
    ]


bulletins = Table(
    "bulletins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # the archive-relative path (batch manifest key): one row per bulletin file
    Column("file", Text, nullable=False, unique=True),
    Column("source_path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("output_sha256", String(64), nullable=False, doc="digest of the JSON loaded"),
    Column("tool_version", String(40), nullable=False),
    Column("schema_version", String(10), nullable=False, doc="the JSON's schema_version"),
    Column("format", String(10), nullable=False),
    Column("pages", Integer, nullable=False),
    Column("size_bytes", Integer),
    Column("engine", String(20)),
    Column("encoding", String(40)),
    Column("title", Text),
    Column("issue_number", Text),
    *_date("date"),
    Column("year", Integer, doc="year of the bulletin's date, for money by year"),
    Column("publisher", Text),
    Column("ner_enabled", Boolean, nullable=False),
    Column("ner_model", Text),
    Column("warnings", JSON, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Index("ix_bulletins_year", "year"),
)

sections = Table(
    "sections",
    metadata,
    *_item_key(),
    Column("title", Text, nullable=False),
    Column("level", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("page", Integer),
    Column("start", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    *_item_key(doc="the mention's id in the JSON"),
    Column("kind", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("source", String(10), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("page", Integer),
    *_span(),
    Column("furniture", Integer, doc="index into the JSON's furniture when read in a running header/footer: "
           "start/end_offset then index that line, not the text (schema version 2)"),
    # the value, flat for querying (only the columns of its kind are set) and whole as JSON
    *_date("date"),
    *_money(),
    Column("programme_id", String(40)),
    Column("code", Text),
    Column("name", Text),
    Column("value", JSON, nullable=False),
    Column("explanation", Text, nullable=False),
    Index("ix_mentions_kind", "kind"),
)

projects = Table(
    "projects",
    metadata,
    *_item_key(),
    Column("number", Integer),
    Column("title", Text, nullable=False),
    Column("acronym", Text),
    Column("programme_id", String(40)),
    Column("programme", Text),
    Column("codes", JSON, nullable=False),
    *_money("budget"),
    *_money("grant"),
    *_money("co_financing"),
    *_money("publisher_share"),
    Column("partners", Integer),
    Column("countries", Integer),
    *_date("end"),
    *_date("period"),
    Column("status", String(10)),
    *_span(),
    Column("evidence", JSON, nullable=False),
    Index("ix_projects_programme", "programme_id"),
)

events = Table(
    "events",
    metadata,
    *_item_key(),
    Column("title", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    *_date("date"),
    Column("place", Text),
    Column("organisations", JSON, nullable=False),
    *_span(),
    Column("evidence", JSON, nullable=False),
)

missions = Table(
    "missions",
    metadata,
    *_item_key(),
    Column("title", Text),
    Column("destination", Text),
    *_date("dates"),
    Column("participants", Integer),
    Column("project", Text),
    *_span(),
    Column("evidence", JSON, nullable=False),
)

timeline = Table(
    "timeline",
    metadata,
    *_item_key(),
    *_date("date"),
    Column("text", Text, nullable=False),
    *_span(),
    Column("evidence", JSON, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(12), nullable=False, doc="organisation, person or place"),
    Column("name", Text, nullable=False),
    UniqueConstraint("kind", "name", name="uq_entities_kind_name"),
)

bulletin_entities = Table(
    "bulletin_entities",
    metadata,
    _bulletin_key(),
    Column("entity_id", Integer, ForeignKey("entities.id"), primary_key=True),
    Column("idx", Integer, nullable=False, doc="position in the bulletin's organisations/people/places"),
    Column("aliases", JSON, nullable=False),
    Index("ix_bulletin_entities_entity", "entity_id"),
)

entity_mentions = Table(
    "entity_mentions",
    metadata,
    _bulletin_key(),
    Column("mention_idx", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), primary_key=True),
    Index("ix_entity_mentions_entity", "entity_id"),
)

project_entities = Table(
    "project_entities",
    metadata,
    _bulletin_key(),
    Column("project_idx", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), primary_key=True),
    Index("ix_project_entities_entity", "entity_id"),
)

#: Tables holding one bulletin's rows, children first (the order rows are deleted in).
PER_BULLETIN = [
    project_entities, entity_mentions, bulletin_entities,
    timeline, missions, events, projects, mentions, sections,
]
