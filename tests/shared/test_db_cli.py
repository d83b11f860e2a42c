"""`layso db upgrade|version` and the database every other command opens (shared/cli/db_cmd.py,
shared/cli/context.py, shared/db/migrate.py): only `db upgrade` and `demo` create a database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from shared.cli.main import main
from shared.db.database import Database
from shared.db.migrate import current_revision, head_revision
from tests.conftest import pg_admin_url

#: Commands that read or write a center; none of them may create the database.
COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["site", "list"],
    ["site", "add", "HQ", "Trung tâm"],
    ["service", "list", "--json"],
    ["counter", "list"],
    ["clerk", "list"],
    ["ticket", "issue", "--service", "HT"],
    ["catalog", "search", "khai sinh"],
    ["calendar", "list"],
    ["db", "version"],
]


def _run(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    status = main(["--db", url, *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _one_clear_line(err: str, status: int) -> None:
    assert status == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_command_on_a_missing_database_creates_neither_file_nor_folder(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]) -> None:
    """`layso --db sqlite:///…/nonexistent/dir/x.db status` (and every other command but
    `db upgrade` and `demo`): one line asking for `layso db upgrade`, exit 2, nothing made."""
    url = f"sqlite:///{tmp_path}/nonexistent/dir/x.db"
    status, out, err = _run(capsys, url, *argv)
    _one_clear_line(err, status)
    assert out == ""
    assert "Chưa có cơ sở dữ liệu" in err and "layso db upgrade" in err
    assert list(tmp_path.iterdir()) == []


def test_an_empty_file_is_reported_and_left_untouched(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    """An existing empty file is no database: reported in English with --language en; the
    file stays empty and no WAL file appears."""
    path = tmp_path / "empty.db"
    path.touch()
    status, _, err = _run(capsys, f"sqlite:///{path}", "--language", "en", "counter", "list")
    _one_clear_line(err, status)
    assert f"There is no database at {path} yet: run `layso db upgrade`" in err
    assert [p.name for p in tmp_path.iterdir()] == ["empty.db"] and path.stat().st_size == 0


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    """A new, empty database on the real PostgreSQL server (dropped afterwards)."""
    admin_url = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    name = f"layso_empty_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"
        ), {"name": name})
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def test_an_empty_postgres_database_is_reported_and_left_empty(
        capsys: pytest.CaptureFixture[str], empty_postgres: str) -> None:
    """On an empty PostgreSQL database `status` and `site add` say to run `db upgrade` and
    create no table; `db upgrade` then creates the schema."""
    for argv in (["status"], ["site", "add", "HQ", "Trung tâm"]):
        status, _, err = _run(capsys, empty_postgres, *argv)
        _one_clear_line(err, status)
        assert "layso db upgrade" in err
    engine = create_engine(empty_postgres)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
    status, out, err = _run(capsys, empty_postgres, "db", "upgrade", "--json")
    assert status == 0, err
    assert json.loads(out) == {"before": None, "after": head_revision()}


def test_db_upgrade_creates_the_database_and_its_folder(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    """`db upgrade` is the command that makes a database, folder included; then `db version
    --json` and the other commands work."""
    url = f"sqlite:///{tmp_path}/new/dir/x.db"
    status, out, err = _run(capsys, url, "db", "upgrade")
    assert status == 0, err
    assert "→" in out and (tmp_path / "new" / "dir" / "x.db").is_file()
    status, out, _ = _run(capsys, url, "db", "version", "--json")
    assert status == 0 and json.loads(out) == {"current": head_revision(),
                                               "head": head_revision()}
    status, _, err = _run(capsys, url, "site", "add", "HQ", "Trung tâm")
    assert status == 0, err


def test_db_upgrade_of_a_newer_schema_says_to_update_the_program(
        capsys: pytest.CaptureFixture[str], db: Database) -> None:
    """`db upgrade` on a database stamped by a newer LấySố: the same clear message as other
    commands, exit 2, and the stamp is left as it was."""
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    try:
        for argv in (["db", "upgrade"], ["status"]):
            status, _, err = _run(capsys, db.url, *argv)
            _one_clear_line(err, status)
            assert "Cơ sở dữ liệu thuộc phiên bản LấySố mới hơn (9999)" in err
        status, _, err = _run(capsys, db.url, "--language", "en", "db", "upgrade")
        assert status == 2 and "belongs to a newer LấySố (9999)" in err
        assert current_revision(db) == "9999"
    finally:
        with db.engine.begin() as connection:
            connection.execute(text(f"UPDATE alembic_version SET version_num = "
                                    f"'{head_revision()}'"))
