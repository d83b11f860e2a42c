"""Schema versions: upgrade a database, and refuse to run on one of another version."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

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


def current_revision(db: Database) -> str | None:
    with translated_errors(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default)."""
    config = _config()
    with translated_errors(), db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def check_schema(db: Database, *, create_if_empty: bool = True) -> None:
    """Stop cleanly when the database is of another schema version.

    An empty database is created (a first start needs no set-up); an older one must be
    upgraded on purpose with ``layso db upgrade``; a newer one needs a newer LấySố.
    """
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return
    if current is None and create_if_empty:
        upgrade(db)
        return
    if current is None:
        raise SchemaMismatch(
            "Cơ sở dữ liệu chưa được khởi tạo. Hãy chạy: layso db upgrade",
            "The database is not initialised. Run: layso db upgrade",
        )
    if current in known_revisions():
        raise SchemaMismatch(
            f"Cơ sở dữ liệu đang ở phiên bản cũ ({current}), cần {head}. "
            "Hãy chạy: layso db upgrade",
            f"The database schema is older ({current}) than this LấySố ({head}). "
            "Run: layso db upgrade",
        )
    raise SchemaMismatch(
        f"Cơ sở dữ liệu thuộc phiên bản LấySố mới hơn ({current}). Hãy cập nhật phần mềm.",
        f"The database belongs to a newer LấySố ({current}). Please update this program.",
    )
