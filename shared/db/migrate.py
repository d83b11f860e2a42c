"""Schema versions: create or upgrade a database, and refuse to run on one of another version.

Only :func:`upgrade` creates a database (``layso db upgrade``, ``layso demo``, and an app's
first start through ``check_schema(create_if_empty=True)``). Everything else reads: a missing
SQLite file is reported without being created, its folder included.

Alembic (~0.1 s of imports: its DDL for every dialect, Mako) is loaded only to migrate or
when the database is not of the newest version: the check every program makes at start, on
a database that is up to date, reads the version table and the scripts' revision lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from shared.db.database import Database, translated_errors
from shared.errors import SchemaMismatch

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Alembic's table of the database's schema version (its default name).
VERSION_TABLE = "alembic_version"
#: ``revision = '0004'`` or ``down_revision: str | None = None`` at the start of a line.
_REVISION_LINE = re.compile(
    r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*('[^'\n]*'|\"[^\"\n]*\"|None)\s*$", re.M)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser()


def sqlite_file_missing(url: str) -> bool:
    """True for a SQLite URL whose file does not exist or is empty (no database yet)."""
    path = sqlite_path(url)
    return path is not None and (not path.is_file() or path.stat().st_size == 0)


def current_revision(db: Database) -> str | None:
    """The database's schema version; None when it has none (and a missing SQLite file is not
    created to find out)."""
    from alembic.runtime.migration import MigrationContext

    if sqlite_file_missing(db.url):
        return None
    with translated_errors(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Create or migrate the database to ``revision`` (the newest by default).

    A SQLite file's folder is created here; a database of a newer LấySố is refused.
    """
    from alembic import command

    current = current_revision(db)
    if current is not None and current not in known_revisions():
        raise _newer(current)
    path = sqlite_path(db.url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)  # connections open a file, never make one (database.py)
    config = _config()
    with translated_errors(), db.engine.begin() as connection:
        if db.is_postgres:
            # The apps' statement_timeout (shared/db/conninfo.py, 15 s) is for a desk's
            # queries; a migration building an index over a year of events may take longer.
            # lock_timeout stays: an upgrade waiting on an app's lock fails in seconds with a
            # clear message instead of holding every PC's queries behind it.
            connection.execute(text("SET LOCAL statement_timeout = 0"))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def missing_database(db: Database) -> SchemaMismatch:
    """The error of a command that needs a database where there is none yet."""
    path = sqlite_path(db.url)
    where_vi = f" tại {path}" if path is not None else ""
    where_en = f" at {path}" if path is not None else ""
    return SchemaMismatch(
        f"Chưa có cơ sở dữ liệu{where_vi}: hãy chạy `layso db upgrade` để tạo.",
        f"There is no database{where_en} yet: run `layso db upgrade` to create it.",
    )


def _newer(current: str) -> SchemaMismatch:
    return SchemaMismatch(
        f"Cơ sở dữ liệu thuộc phiên bản LấySố mới hơn ({current}). Hãy cập nhật phần mềm.",
        f"The database belongs to a newer LấySố ({current}). Please update this program.",
    )


def check_schema(db: Database, *, create_if_empty: bool = True) -> None:
    """Stop cleanly when the database is of another schema version.

    An empty database is created when ``create_if_empty`` (an app's first start), else
    reported without writing anything; an older one must be upgraded on purpose with
    ``layso db upgrade``; a newer one needs a newer LấySố.
    """
    if _at_script_head(db):
        return
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return
    if current is None and create_if_empty:
        upgrade(db)
        return
    if current is None:
        raise missing_database(db)
    if current in known_revisions():
        raise SchemaMismatch(
            f"Cơ sở dữ liệu đang ở phiên bản cũ ({current}), cần {head}. "
            "Hãy chạy: layso db upgrade",
            f"The database schema is older ({current}) than this LấySố ({head}). "
            "Run: layso db upgrade",
        )
    raise _newer(current)


def script_head(versions: Path = MIGRATIONS_DIR / "versions") -> str | None:
    """The newest revision of the scripts in ``versions``, read from their ``revision`` and
    ``down_revision`` lines without loading Alembic; None when that is not certain (a script
    without both lines as plain strings, a merge, a revision twice, two heads): Alembic then
    decides."""
    parents: dict[str, str | None] = {}
    for path in sorted(versions.glob("*.py")):
        if path.name == "__init__.py":
            continue
        lines = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if set(lines) != {"revision", "down_revision"} or lines["revision"] == "None":
            return None
        revision, parent = lines["revision"][1:-1], lines["down_revision"]
        if revision in parents:
            return None
        parents[revision] = None if parent == "None" else parent[1:-1]
    heads = set(parents) - set(parents.values())
    return heads.pop() if len(heads) == 1 else None


def _at_script_head(db: Database) -> bool:
    """True when the database's one stored version is the newest script's (see
    :func:`script_head`); False sends :func:`check_schema` the long way, through Alembic."""
    head = script_head()
    if head is None or sqlite_file_missing(db.url):
        return False
    with translated_errors(), db.engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return False
        stored = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
        return list(stored) == [head]
