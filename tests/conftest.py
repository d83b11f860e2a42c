"""Shared fixtures: real SQLite files and a real PostgreSQL database, a fixed clock, a center.

PostgreSQL: ``LAYSO_TEST_PG_URL`` (default: the local server,
postgresql+psycopg://postgres@127.0.0.1:5432/test). Each test session creates a database of
its own on that server, migrates it once, empties it between tests, and drops it at the end.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LAYSO_DATA_DIR", tempfile.mkdtemp(prefix="layso-test-data-"))
os.environ.setdefault("LAYSO_CONFIG", "")
for _name in ("LAYSO_DATABASE_URL", "LAYSO_SITE", "LAYSO_COUNTER", "LAYSO_PRINTER",
              "LAYSO_LANGUAGE"):
    os.environ.pop(_name, None)

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

# Argon2id at its production cost takes ~80 ms a hash; tests use a cheaper (still real) setting.
# The stored hash carries its own cost, and test_clerks checks the production default.
import shared.clerks  # noqa: E402

# PySide6 6.12 on Python 3.11 drops a reference to None on every void Qt call; importing
# shared.ui makes None immortal first, or the run aborts ("none_dealloc"). See none_guard.py.
import shared.ui  # noqa: E402
from shared.clock import FixedClock  # noqa: E402
from shared.db.database import Database  # noqa: E402
from shared.db.migrate import upgrade  # noqa: E402
from shared.models import Base  # noqa: E402

shared.clerks._SCRYPT_N = 2**10
shared.clerks.ARGON2_MEMORY_KIB, shared.clerks.ARGON2_TIME = 8, 1  # production: 19 MiB, 2

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
#: A Monday morning in the middle of an ordinary working week.
MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL)


def pg_admin_url() -> str:
    return os.environ.get("LAYSO_TEST_PG_URL") or DEFAULT_PG_URL


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session (dropped afterwards)."""
    admin_url = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    name = f"layso_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # pragma: no cover - the message is the point
        pytest.fail(f"PostgreSQL at {admin_url.render_as_string()} is needed "
                    f"(set LAYSO_TEST_PG_URL): {error}")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    upgrade(db)
    db.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"
        ), {"name": name})
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def _empty_postgres(db: Database) -> None:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Each test leaves the root logger as it found it. An app or the CLI started in-process
    configures logging once per process, with a console handler bound to the sys.stderr of
    that moment (pytest's capture of that test); a later test would write to it after it is
    closed ("--- Logging error ---"), depending on which tests ran before in the process."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configured = getattr(root, "_layso_configured", None)
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    if configured is None:
        root.__dict__.pop("_layso_configured", None)
    else:
        root._layso_configured = configured  # type: ignore[attr-defined]


@pytest.fixture
def clock() -> FixedClock:
    """A settable clock, starting on a Monday at 09:00 in Hanoi time."""
    return FixedClock(MONDAY_MORNING)


@pytest.fixture
def sqlite_db(tmp_path: os.PathLike[str], clock: FixedClock) -> Iterator[Database]:
    """A migrated SQLite database file in a temporary folder."""
    db = Database(f"sqlite:///{tmp_path}/layso.db", clock=clock)
    upgrade(db)
    yield db
    db.dispose()


@pytest.fixture
def postgres_db(pg_url: str, clock: FixedClock) -> Iterator[Database]:
    """The session's PostgreSQL database, emptied for this test."""
    db = Database(pg_url, clock=clock)
    _empty_postgres(db)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Database:
    """The same test on SQLite and on PostgreSQL."""
    fixture = "sqlite_db" if request.param == "sqlite" else "postgres_db"
    database: Database = request.getfixturevalue(fixture)
    return database


@pytest.fixture
def center(db: Database) -> Database:
    """A small center on ``db``: see tests/center_data.py."""
    from tests.center_data import build_center

    build_center(db)
    return db


@pytest.fixture
def sqlite_center(sqlite_db: Database) -> Database:
    from tests.center_data import build_center

    build_center(sqlite_db)
    return sqlite_db
