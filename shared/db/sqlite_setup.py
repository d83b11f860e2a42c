"""How every SQLite connection of LấySố is set up, with SQLAlchemy (``shared.db.database``) or
without (``shared.db.plain``): WAL, ``synchronous=FULL``, a busy timeout, foreign keys, and
transactions begun by LấySố itself (``BEGIN IMMEDIATE`` to write, ``DEFERRED`` to read)."""

from __future__ import annotations

from typing import Any

SQLITE_BUSY_TIMEOUT_MS = 15_000
#: SQLite's durability setting for every connection (bench_queue_scale --sync compares NORMAL).
SQLITE_SYNCHRONOUS = "FULL"


def configure(dbapi_connection: Any, busy_timeout_ms: int, synchronous: str) -> None:
    """Set up a new ``sqlite3`` connection (before its first statement)."""
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk when it returns, WAL included, so a power cut cannot take
    # back a number already printed (NORMAL could lose the last commits). Its cost:
    # bench/README.md "synchronous=FULL".
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
