"""The database sink, run the same on SQLite and on PostgreSQL.

PostgreSQL cases need BULLETIN_EXTRACT_TEST_PG_URL (`.ci/run` starts a throw-away
cluster and sets it); without it they are skipped, the SQLite cases always run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")
from sqlalchemy import Engine, create_engine, text  # noqa: E402

from bulletin_extract.batch.manifest import Entry  # noqa: E402
from bulletin_extract.errors import UsageError  # noqa: E402
from bulletin_extract.models import (  # noqa: E402
    Bulletin,
    DateValue,
    Entity,
    EntityValue,
    FurnitureLine,
    LineBox,
    Mention,
    MoneyValue,
    Project,
    Source,
)
from bulletin_extract.store import DatabaseError, load_bulletin, load_outputs, open_database  # noqa: E402
from bulletin_extract.store.database import database_url  # noqa: E402
from bulletin_extract.store.schema import SCHEMA_VERSION, metadata  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BULLETIN_EXTRACT_TEST_PG_URL")

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="BULLETIN_EXTRACT_TEST_PG_URL not set")),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'b.db'}"
        return
    assert PG_URL
    _drop_all(PG_URL)
    yield PG_URL
    _drop_all(PG_URL)


def _drop_all(url: str) -> None:
    engine = create_engine(database_url(url))
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS foreign_notes"))
    engine.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    e = open_database(db_url)
    yield e
    e.dispose()


def bulletin(*, sha: str = "a" * 64, title: str = "Мрежа за чиста вода", budget_bgn: float = 1_000_000,
             org: str = "Технически университет - София") -> Bulletin:
    """A bulletin with one project whose text names one organisation."""
    body = f"Проект „{title}“ с бюджет {budget_bgn:.0f} лв. Партньор: {org}."
    org_start = body.index(org)
    return Bulletin(
        source=Source(path="archive/бюлетин-1.txt", sha256=sha, format="txt", pages=1),
        mentions=[
            Mention(id=0, kind="money", text=f"{budget_bgn:.0f} лв.", start=body.index("бюджет") + 7,
                    end=body.index("лв.") + 3, source="rule", confidence=0.9,
                    value=MoneyValue(amount=budget_bgn, currency="BGN", amount_eur=round(budget_bgn / 1.95583, 2))),
            Mention(id=1, kind="org", text=org, start=org_start, end=org_start + len(org), source="gazetteer",
                    confidence=0.9, value=EntityValue(name=org, label="ORG")),
        ],
        projects=[Project(title=title, programme_id="PVU", programme="Програма за околна среда",
                          budget=MoneyValue(amount=budget_bgn, currency="BGN",
                                            amount_eur=round(budget_bgn / 1.95583, 2)),
                          start=0, end_offset=len(body))],
        organisations=[Entity(name=org, aliases=["ТУ-София"], mentions=[1])],
    )


def payload(b: Bulletin) -> bytes:
    return b.model_dump_json(indent=2).encode()


def rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    """Result rows, PostgreSQL's Decimal as float so both backends compare alike."""
    with engine.connect() as conn:
        return [tuple(float(v) if isinstance(v, Decimal) else v for v in r) for r in conn.execute(text(sql))]


def test_first_load_writes_the_bulletin_and_its_project_money(engine: Engine) -> None:
    assert load_bulletin(engine, "2024/бюлетин-1.txt", payload(bulletin())).status == "loaded"
    assert rows(engine, "SELECT file FROM bulletins") == [("2024/бюлетин-1.txt",)]
    assert rows(engine, "SELECT title, budget_amount, budget_currency, budget_eur FROM projects") == [
        ("Мрежа за чиста вода", 1_000_000.0, "BGN", 511291.88)
    ]


def test_unchanged_bulletin_is_skipped(engine: Engine) -> None:
    load_bulletin(engine, "b.txt", payload(bulletin()))
    before = rows(engine, "SELECT id, loaded_at FROM bulletins")
    assert load_bulletin(engine, "b.txt", payload(bulletin())).status == "unchanged"
    assert rows(engine, "SELECT id, loaded_at FROM bulletins") == before


def test_new_tool_version_reloads_an_unchanged_bulletin(engine: Engine) -> None:
    load_bulletin(engine, "b.txt", payload(bulletin()))
    assert load_bulletin(engine, "b.txt", payload(bulletin()), tool_version="99.0").status == "replaced"


def test_changed_bulletin_replaces_its_rows_under_the_same_id(engine: Engine) -> None:
    load_bulletin(engine, "b.txt", payload(bulletin()))
    (old_id,) = rows(engine, "SELECT id FROM bulletins")[0]
    changed = bulletin(sha="b" * 64, title="Зелени покриви", budget_bgn=200_000)
    assert load_bulletin(engine, "b.txt", payload(changed)).status == "replaced"
    assert rows(engine, "SELECT id, sha256 FROM bulletins") == [(old_id, "b" * 64)]
    assert rows(engine, "SELECT title, budget_amount FROM projects") == [("Зелени покриви", 200_000.0)]
    assert rows(engine, "SELECT count(*) FROM mentions") == [(2,)]


def test_invalid_json_leaves_the_old_rows(engine: Engine) -> None:
    load_bulletin(engine, "b.txt", payload(bulletin()))
    broken = json.loads(payload(bulletin(sha="c" * 64)))
    broken["projects"][0]["budget"]["currency"] = "лв"
    result = load_bulletin(engine, "b.txt", json.dumps(broken).encode())
    assert (result.status, result.reason.split(" (")[0]) == ("failed", "not a bulletin JSON")
    assert rows(engine, "SELECT sha256 FROM bulletins") == [("a" * 64,)]


def test_database_error_mid_replace_rolls_back_to_the_old_rows(engine: Engine) -> None:
    load_bulletin(engine, "b.txt", payload(bulletin()))
    clash = bulletin(sha="d" * 64, title="Друг проект")
    clash.mentions[1].id = 0  # two mentions with one id: the insert violates the primary key
    assert load_bulletin(engine, "b.txt", payload(clash)).status == "failed"
    assert rows(engine, "SELECT title FROM projects") == [("Мрежа за чиста вода",)]
    assert rows(engine, "SELECT sha256 FROM bulletins") == [("a" * 64,)]


def _manifest(out: Path, entry: Entry) -> None:
    (out / "manifest.jsonl").write_text(entry.to_line(), encoding="utf-8")


def test_file_whose_extraction_failed_keeps_its_old_rows(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "a.txt.json").write_bytes(payload(bulletin()))
    _manifest(tmp_path, Entry(path="2024/a.txt", status="ok", result="ok", output="a.txt.json"))
    assert [r.status for r in load_outputs(engine, tmp_path).results] == ["loaded"]
    (tmp_path / "a.txt.json").unlink()  # what batch does when the changed file now fails
    _manifest(tmp_path, Entry(path="2024/a.txt", status="failed", result="failed", stage="ingest",
                              reason="a.txt: cannot decode"))
    assert [r.status for r in load_outputs(engine, tmp_path).results] == ["not_extracted"]
    assert rows(engine, "SELECT b.file, p.title FROM projects p JOIN bulletins b ON b.id = p.bulletin_id") == [
        ("2024/a.txt", "Мрежа за чиста вода")]


def test_one_organisation_is_one_entity_across_bulletins(engine: Engine) -> None:
    load_bulletin(engine, "1.txt", payload(bulletin(sha="1" * 64, title="Първи проект")))
    load_bulletin(engine, "2.txt", payload(bulletin(sha="2" * 64, title="Втори проект")))
    assert rows(engine, "SELECT kind, name FROM entities") == [("organisation", "Технически университет - София")]
    assert rows(engine, """
        SELECT p.title FROM entities e
        JOIN project_entities pe ON pe.entity_id = e.id
        JOIN projects p ON p.bulletin_id = pe.bulletin_id AND p.idx = pe.project_idx
        ORDER BY p.title""") == [("Втори проект",), ("Първи проект",)]


def test_entity_no_bulletin_names_any_more_is_removed(engine: Engine) -> None:
    load_bulletin(engine, "1.txt", payload(bulletin()))
    load_bulletin(engine, "1.txt", payload(bulletin(sha="e" * 64, org="Софийски университет")))
    assert rows(engine, "SELECT name FROM entities") == [("Софийски университет",)]


def _tamper_with_a_new_database(db_url: str, sql: str) -> None:
    """Create the tables, then change them behind the tool's back."""
    open_database(db_url).dispose()
    engine = create_engine(database_url(db_url))
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def test_newer_schema_version_is_refused(db_url: str) -> None:
    _tamper_with_a_new_database(db_url, "INSERT INTO schema_version VALUES (7, '9.9', CURRENT_TIMESTAMP)")
    with pytest.raises(DatabaseError, match=f"schema version 7, newer than this tool's {SCHEMA_VERSION}"):
        open_database(db_url)


def test_older_schema_version_without_an_upgrade_step_is_refused(db_url: str) -> None:
    _tamper_with_a_new_database(db_url, "UPDATE schema_version SET version = 0")
    with pytest.raises(DatabaseError, match=f"schema version 0 and no upgrade to {SCHEMA_VERSION} exists"):
        open_database(db_url)


def test_our_table_names_without_a_version_are_refused(db_url: str) -> None:
    engine = create_engine(database_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE projects (name TEXT)"))
    engine.dispose()
    try:
        with pytest.raises(DatabaseError, match="not a bulletin-extract database"):
            open_database(db_url)
    finally:
        engine = create_engine(database_url(db_url))
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE projects"))
        engine.dispose()


def test_unknown_database_kind_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="mysql is not supported"):
        database_url("mysql://u@localhost/b")


def test_readme_queries_run(engine: Engine) -> None:
    """The three example queries of the README answer on a loaded database."""
    load_bulletin(engine, "1.txt", payload(bulletin()))
    queries = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(queries) == 3
    answers = [rows(engine, q.replace(":name", "'Технически университет - София'")) for q in queries]
    assert answers[0][0][:2] == ("PVU", "Мрежа за чиста вода")
    assert all(answers)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "bulletin_extract.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


PROJECT_TEXT = """# Бюлетин на клъстера, брой 3, март 2024

## Проекти

**1. {title}** - ОПОС. Проектът е с бюджет от {budget} лв. и приключва през 2025 г.
"""


def test_batch_rerun_after_a_change_keeps_one_row_per_bulletin(db_url: str, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text(PROJECT_TEXT.format(title="Чиста вода за малките общини", budget="150 хил."), encoding="utf-8")
    (archive / "b.txt").write_text(PROJECT_TEXT.format(title="Зелен град", budget="80 хил."), encoding="utf-8")
    args = ("batch", str(archive), "-o", str(tmp_path / "out"), "--no-ner", "-q", "--workers", "1", "--db", db_url)
    assert _cli(*args, cwd=tmp_path).returncode == 0
    (archive / "a.txt").write_text(PROJECT_TEXT.format(title="Чист въздух в града", budget="150 хил."), encoding="utf-8")
    run = _cli(*args, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    engine = create_engine(database_url(db_url))
    assert rows(engine, "SELECT file FROM bulletins ORDER BY file") == [("a.txt",), ("b.txt",)]
    projects = rows(engine, "SELECT b.file, p.title, p.budget_amount, p.programme_id, b.year "
                            "FROM projects p JOIN bulletins b ON b.id = p.bulletin_id ORDER BY b.file")
    engine.dispose()
    assert projects == [("a.txt", "Чист въздух в града", 150_000.0, "OPE", 2024),
                        ("b.txt", "Зелен град", 80_000.0, "OPE", 2024)]


def test_load_with_a_bad_url_exits_2(tmp_path: Path) -> None:
    run = _cli("load", str(tmp_path), "--db", "mysql://u@localhost/b", cwd=tmp_path)
    assert (run.returncode, run.stderr.strip()) == (
        2, "bulletin-extract: error: --db: mysql is not supported (use sqlite:/// or postgresql://)")


def test_load_of_a_folder_without_bulletins_exits_2(tmp_path: Path) -> None:
    run = _cli("load", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'b.db'}", cwd=tmp_path)
    assert (run.returncode, run.stderr.strip()) == (
        2, f"bulletin-extract: error: {tmp_path}: no bulletin JSON here (a batch OUT_DIR, *.json files, or one JSON file)")


def test_mention_read_in_page_furniture_is_marked_in_its_row(engine: Engine) -> None:
    header = FurnitureLine(text="Бюлетин · 15.04.2024", box=LineBox(page=2, x0=72, top=20, x1=300, bottom=32))
    date = Mention(id=2, kind="date", text="15.04.2024", start=10, end=20, page=2, source="rule", confidence=0.95,
                   value=DateValue(start=dt.date(2024, 4, 15), end=dt.date(2024, 4, 15), precision="day"),
                   furniture=0)
    b = bulletin()
    load_bulletin(engine, "f.txt", payload(b.model_copy(update={"furniture": [header], "mentions": [*b.mentions, date]})))
    assert rows(engine, "SELECT idx, furniture, start, end_offset FROM mentions WHERE furniture IS NOT NULL") == [
        (2, 0, 10, 20)
    ]


def test_version_1_database_gains_the_mention_furniture_column(db_url: str) -> None:
    open_database(db_url).dispose()
    engine = create_engine(database_url(db_url))
    with engine.begin() as conn:  # back to version 1: no furniture column
        conn.execute(text("ALTER TABLE mentions DROP COLUMN furniture"))
        conn.execute(text("UPDATE schema_version SET version = 1"))
    engine.dispose()
    upgraded = open_database(db_url)
    load_bulletin(upgraded, "b.txt", payload(bulletin()))
    assert rows(upgraded, "SELECT idx, furniture FROM mentions ORDER BY idx") == [(0, None), (1, None)]
    assert rows(upgraded, "SELECT MAX(version) FROM schema_version") == [(2,)]
    upgraded.dispose()
