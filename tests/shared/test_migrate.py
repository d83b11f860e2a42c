"""An app that meets a database of another schema version says so and stops cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from shared.db.database import Database
from shared.db.migrate import check_schema, current_revision, head_revision, upgrade
from shared.errors import SchemaMismatch


def test_an_empty_database_is_created(tmp_path: Path) -> None:
    """A first start needs no set-up: the schema is created."""
    db = Database(f"sqlite:///{tmp_path}/new.db")
    check_schema(db)
    assert current_revision(db) == head_revision()


def test_an_uninitialised_database_is_refused_when_asked(tmp_path: Path) -> None:
    """With create_if_empty=False a missing database asks for `layso db upgrade`, and neither
    the file nor its folder is made."""
    db = Database(f"sqlite:///{tmp_path}/sub/new.db")
    with pytest.raises(SchemaMismatch, match="layso db upgrade"):
        check_schema(db, create_if_empty=False)
    assert current_revision(db) is None
    assert list(tmp_path.iterdir()) == []


def test_a_first_start_creates_the_database_and_its_folder(tmp_path: Path) -> None:
    """check_schema's default (an app's first start) creates a missing file, folder included."""
    db = Database(f"sqlite:///{tmp_path}/sub/new.db")
    check_schema(db)
    assert current_revision(db) == head_revision() and (tmp_path / "sub" / "new.db").is_file()


def test_a_newer_schema_is_refused(db: Database) -> None:
    """A database stamped by a newer LấySố: stop and ask to update the program."""
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    try:
        with pytest.raises(SchemaMismatch, match="mới hơn"):
            check_schema(db)
    finally:
        with db.engine.begin() as connection:
            connection.execute(text(f"UPDATE alembic_version SET version_num = "
                                    f"'{head_revision()}'"))


def test_upgrade_is_idempotent(tmp_path: Path) -> None:
    """Running `db upgrade` twice leaves the schema at the newest version."""
    db = Database(f"sqlite:///{tmp_path}/x.db")
    upgrade(db)
    upgrade(db)
    assert current_revision(db) == head_revision()
