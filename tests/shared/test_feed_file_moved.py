"""A SQLite file moved away and back under a process that reads it (the wall's outage in
tests/display/test_board_faults.py): no connection of the process may keep the old file's
handle, or every read fails with "disk I/O error" until it is closed."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.changes import ChangeFeed
from shared.clock import FixedClock
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.errors import DatabaseUnavailable
from shared.models import Event
from shared.queue import QueueService
from tests.center_data import build_center


def _events(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def test_a_connection_taken_while_the_pool_is_disposed_is_closed_when_it_comes_back(
        tmp_path: Path) -> None:
    """Another thread took a connection after dispose() stopped waiting for the ones out: it
    goes back to the old pool and is closed there, not left open (it was, until garbage
    collected)."""
    (tmp_path / "a.db").touch()  # connections open a file, never make one
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    connection = db.engine.connect()
    raw = connection.connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    db.dispose(wait_seconds=0)
    raw.execute("SELECT 1")  # still out: open
    connection.close()
    with pytest.raises(sqlite3.ProgrammingError):
        raw.execute("SELECT 1")
    db.dispose()


def test_the_file_moved_away_and_back_is_read_again_with_what_was_written_meanwhile(
        tmp_path: Path, clock: FixedClock) -> None:
    """The feed sees the file gone and closes the pool's connections: a call made meanwhile
    (here in this process, through another Database) is read once the file is back, where a
    connection kept open made every read fail with "disk I/O error" and hid the call."""
    path = tmp_path / "board.db"
    db = Database(f"sqlite:///{path}", clock=clock)
    upgrade(db)
    build_center(db)
    QueueService(db).issue_ticket("HQ", "HT")
    db.dispose()
    with sqlite3.connect(path) as connection:  # everything into the main file first
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    feed = ChangeFeed(db)
    feed.version()
    assert feed.wait(0) is True
    before = _events(db)  # a connection now waits in the pool, on the file
    moved = tmp_path / "elsewhere.db"
    os.rename(path, moved)
    with pytest.raises(DatabaseUnavailable):
        feed.wait(1)
    meanwhile = Database(f"sqlite:///{moved}", clock=clock)
    QueueService(meanwhile).issue_ticket("HQ", "HT")
    meanwhile.dispose()
    os.rename(moved, path)
    assert feed.wait(1) is True
    assert _events(db) == before + 1
    assert [c.kind for c in feed.changes_since(0)][-1] == "ticket.issued"
    feed.close()
    db.dispose()


def test_a_read_while_the_file_is_away_makes_no_file_and_it_is_read_once_back(
        tmp_path: Path) -> None:
    """The file moves away; a read on a new connection meanwhile (another thread holds the
    pooled one) fails as "lost" and makes no empty file there (which, with a WAL of its own,
    would make the real file read as empty once put back); back, every read sees it."""
    import threading

    from sqlalchemy import text

    from shared.errors import DatabaseUnavailable

    path = tmp_path / "board.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)

    def events() -> int:
        with db.reading() as session:
            return int(session.execute(text("SELECT count(*) FROM events")).scalar_one())

    assert events() == 0
    os.rename(path, tmp_path / "away.db")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with db.reading() as session:
            session.execute(text("SELECT 1"))
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        with pytest.raises(DatabaseUnavailable):
            events()
    finally:
        release.set()
        holder.join()
    assert not path.exists()
    os.rename(tmp_path / "away.db", path)
    assert [events(), events(), events()] == [0, 0, 0]
    db.dispose()
