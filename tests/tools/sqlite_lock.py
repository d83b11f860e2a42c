"""Another PC holding a SQLite file: ``WriteLock`` (a writing transaction: other writers wait,
readers of the WAL go on) and ``ExclusiveLock`` (``locking_mode=EXCLUSIVE``: readers wait too,
as they do for a checkpoint or a copy tool that locks the whole file). Both are released by
``release()``, from any thread (``release_after(seconds)`` starts a timer that does it)."""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy.engine import make_url

from shared.db.database import Database


def sqlite_path(db: Database) -> str:
    path = make_url(db.url).database
    assert path, db.url
    return path


class WriteLock:
    """A writing transaction held open by another connection."""

    def __init__(self, db: Database) -> None:
        self.connection = sqlite3.connect(sqlite_path(db), isolation_level=None,
                                          check_same_thread=False)
        self._begin()
        self._released = threading.Lock()
        self.held = True

    def _begin(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        with self._released:
            if not self.held:
                return
            self.held = False
            self.connection.execute("ROLLBACK")
            self.connection.close()

    def release_after(self, seconds: float) -> threading.Timer:
        timer = threading.Timer(seconds, self.release)
        timer.start()
        return timer


class ExclusiveLock(WriteLock):
    """The whole file locked: no other connection reads or writes until ``release()``."""

    def _begin(self) -> None:
        self.connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        self.connection.execute("BEGIN EXCLUSIVE")
