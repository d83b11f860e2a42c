"""``layso db upgrade`` on PostgreSQL is not cut short by the apps' statement timeout (a
migration over a big table takes longer than a desk's query may)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shared.db.database import Database
from shared.db.migrate import current_revision, head_revision, upgrade
from tests.conftest import pg_admin_url


def test_migrations_run_without_the_statement_timeout_of_the_url(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The URL's statement_timeout (here 3 s) holds for the apps' queries; the migrations'
    connection has none (0), so a long index build is not cancelled half way."""
    from alembic import command

    admin_url = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    name = f"layso_timeout_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).update_query_dict({"statement_timeout": "3s"})
    db = Database(url.render_as_string(hide_password=False))
    seen: list[str] = []
    original = command.upgrade

    def watching(config: Any, revision: str, **kwargs: Any) -> None:
        seen.append(config.attributes["connection"].scalar(text("SHOW statement_timeout")))
        original(config, revision, **kwargs)

    monkeypatch.setattr(command, "upgrade", watching)
    try:
        upgrade(db)
        assert seen == ["0"]
        assert current_revision(db) == head_revision()
        with db.reading() as session:
            assert session.scalar(text("SHOW statement_timeout")) == "3s"
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
