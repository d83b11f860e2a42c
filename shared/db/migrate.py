"""Schema versions: create or upgrade a database, and refuse to run on one of another version.

Only :func:`upgrade` creates a database (``layso db upgrade``, ``layso demo``, and an app's
first start through ``check_schema(create_if_empty=True)``). Everything else reads: a missing
SQLite file is reported without being created, its folder included.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from shared.db.database import Database, translated_errors
from shared.errors import SchemaMismatch

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
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
    if sqlite_file_missing(db.url):
        return None
    with translated_errors(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Create or migrate the database to ``revision`` (the newest by default).

    A SQLite file's folder is created here; a database of a newer LấySố is refused.
    """
    current = current_revision(db)
    if current is not None and current not in known_revisions():
        raise _newer(current)
    path = sqlite_path(db.url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    config = _config()
    with translated_errors(), db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def known_revisions() -> set[str]:
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
