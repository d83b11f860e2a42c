"""The change feed: what changed since version N, and a cheap wake-up when something may have.

Versions are the ids of the append-only ``events`` table (shared/events.py appends one row per
change, in the changing transaction). A reader keeps the last version it applied and asks for
the changes after it::

    feed = ChangeFeed(db, site_id)
    version = feed.version()          # before reading the screen's snapshot
    while running:
        if feed.wait(0.25):           # True: something may have changed (or we reconnected)
            for change in feed.changes_since(feed.position): ...

Waking up costs no table read:
- PostgreSQL: a dedicated psycopg connection (autocommit) runs ``LISTEN layso_changes``; every
  event sends ``NOTIFY`` in its own transaction, delivered at commit. Notifies for another site
  are ignored when the feed has a site.
- SQLite: ``PRAGMA data_version`` on ONE dedicated connection (never writing), checked every 50 ms;
  it changes when any other connection commits.

Out-of-order commits (PostgreSQL): sequence ids are taken before commit, so id 10 may be
visible while id 9 is still in flight. A reader that jumped to 10 would skip 9 for ever. The
feed therefore remembers the ids missing below the highest id it has seen ("gaps") and asks
for them again on every read for ``GAP_SECONDS``; a rolled-back transaction leaves a permanent
gap, forgotten after that time. Changes filling a gap come back with an id below the version
asked for: readers apply changes as "something changed", not as a strict sequence.
``version()`` also registers the gaps just below the latest id, so a snapshot taken right after
it misses nothing either.

Losing the database: ``wait`` raises ``DatabaseUnavailable`` (a Vietnamese message for the
screen) when the server is gone, the listening connection was killed, or the SQLite file was
moved away or stays locked. On PostgreSQL the LISTEN connection takes the engine's URL options
(shared/db/conninfo.py: TLS, keepalives, timeouts) and a quiet one is checked with a
``SELECT 1`` every PING_EVERY_SECONDS that must answer within PING_TIMEOUT_SECONDS, so a
silent outage (no FIN, no RST) is reported within about 8 s. The next ``wait`` reconnects;
once it succeeds it returns True at once, because changes may have happened while nobody
listened. ``changes_since`` raises the same error through ``Database.reading``.
"""

from __future__ import annotations

import contextlib
import os
import select as io_select
import sqlite3
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.engine import make_url

from shared.db.database import Database
from shared.errors import DatabaseUnavailable
from shared.events import NOTIFY_CHANNEL
from shared.models import Event

if TYPE_CHECKING:  # imported where used: SQLite apps need not load psycopg (0.3 s at start)
    import psycopg

#: How long a missing id below the highest seen one is asked for again (PostgreSQL).
GAP_SECONDS = 5.0
#: How many ids below the latest one ``version()`` checks for in-flight transactions.
GAP_WINDOW = 200
#: PostgreSQL: a LISTEN connection quiet this long is checked with a ``SELECT 1`` ...
PING_EVERY_SECONDS = 3.0
#: ... that must answer within this (a silent outage is reported in at most 3 + 5 s).
PING_TIMEOUT_SECONDS = 5.0
#: SQLite: how often the dedicated connection reads ``PRAGMA data_version``.
SQLITE_CHECK_SECONDS = 0.05


@dataclass(frozen=True)
class Change:
    """One event row, as a plain value."""

    id: int
    kind: str
    at: datetime
    site_id: int | None
    ticket_id: int | None
    counter_id: int | None
    clerk_id: int | None
    dossier_id: int | None
    data: Mapping[str, Any] = field(default_factory=dict)


def _lost(detail: str) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        "Mất kết nối cơ sở dữ liệu. Hệ thống đang tự kết nối lại…",
        "Lost the database connection. Reconnecting…",
        detail=detail,
    )


class _Waiter(Protocol):
    def wait(self, timeout: float) -> bool: ...
    def close(self) -> None: ...


class _PostgresWaiter:
    """LISTEN on a dedicated autocommit connection; a notify is a wake-up.

    The connection takes the same options as the engine's (shared/db/conninfo.py: sslmode,
    certificates, keepalives, timeouts). A quiet connection is checked every
    ``PING_EVERY_SECONDS`` with a ``SELECT 1`` that must answer within ``PING_TIMEOUT_SECONDS``:
    a peer that stopped answering without closing (a cable pulled, a router or PC off) is
    reported lost within about 10 s even when TCP itself notices nothing."""

    def __init__(self, url: str, site_id: int | None) -> None:
        from shared.db.conninfo import conninfo

        self._conninfo: dict[str, Any] = conninfo(url, application_name="layso-feed")
        self._site_id = site_id
        self._connection: psycopg.Connection[Any] | None = None
        self._last_heard = 0.0

    def wait(self, timeout: float) -> bool:
        import psycopg

        if self._connection is None:
            try:
                self._connection = psycopg.connect(autocommit=True, **self._conninfo)
                self._connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
            except psycopg.Error as error:
                self.close()
                raise _lost(str(error)) from error
            self._last_heard = time.monotonic()
            return True  # anything may have happened while nobody listened
        deadline = time.monotonic() + timeout
        try:
            while True:
                if any(self._concerns_us(payload) for payload in self._read(0.0)):
                    return True
                if time.monotonic() - self._last_heard >= PING_EVERY_SECONDS:
                    self._ping()
                    continue
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                quiet_left = self._last_heard + PING_EVERY_SECONDS - time.monotonic()
                if any(self._concerns_us(payload)
                       for payload in self._read(max(0.0, min(left, quiet_left)))):
                    return True
        except (psycopg.Error, OSError, ValueError) as error:
            self.close()
            raise _lost(str(error)) from error

    def _read(self, timeout: float) -> list[str]:
        """Wait up to ``timeout`` for the socket, read what came; the notifies' payloads."""
        assert self._connection is not None
        pgconn = self._connection.pgconn
        ready, _, _ = io_select.select([pgconn.socket], [], [], timeout)
        if ready:
            pgconn.consume_input()  # raises when the server closed the connection
            self._last_heard = time.monotonic()
        payloads = []
        while (notify := pgconn.notifies()) is not None:
            payloads.append(notify.extra.decode("utf-8", "replace"))
        return payloads

    def _ping(self) -> None:
        """``SELECT 1`` answered within PING_TIMEOUT_SECONDS, or OSError (the peer is gone)."""
        from psycopg import pq

        assert self._connection is not None
        pgconn = self._connection.pgconn
        pgconn.send_query(b"SELECT 1")
        deadline = time.monotonic() + PING_TIMEOUT_SECONDS
        while pgconn.flush():
            if deadline <= time.monotonic():
                raise OSError("the database server does not take the check")
            io_select.select([], [pgconn.socket], [], 0.1)
        while pgconn.is_busy():
            left = deadline - time.monotonic()
            if left <= 0:
                raise OSError(f"no answer from the database server in "
                              f"{PING_TIMEOUT_SECONDS:g} s")
            ready, _, _ = io_select.select([pgconn.socket], [], [], left)
            if ready:
                pgconn.consume_input()
        while (result := pgconn.get_result()) is not None:
            if result.status != pq.ExecStatus.TUPLES_OK:
                raise OSError(pgconn.get_error_message() or "the check failed")
        self._last_heard = time.monotonic()

    def _concerns_us(self, payload: str) -> bool:
        site, _, _ = payload.partition(":")
        return self._site_id is None or site in ("0", "", str(self._site_id))

    def close(self) -> None:
        import psycopg

        if self._connection is not None:
            with contextlib.suppress(psycopg.Error, OSError):
                self._connection.close()
            self._connection = None


class _SqliteWaiter:
    """``PRAGMA data_version`` on one dedicated read-only connection, every 50 ms."""

    def __init__(self, path: str) -> None:
        self._path = os.path.abspath(path)
        self._connection: sqlite3.Connection | None = None
        self._inode = 0
        self._version = 0
        self._vanished = False

    def wait(self, timeout: float) -> bool:
        if self._connection is None:
            self._connect()
            return True
        deadline = time.monotonic() + timeout
        while True:
            if self._changed():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(SQLITE_CHECK_SECONDS, left))

    def take_vanished(self) -> bool:
        """True once after the watched file was found gone or replaced (not merely locked)."""
        vanished, self._vanished = self._vanished, False
        return vanished

    def _connect(self) -> None:
        try:
            self._inode = os.stat(self._path).st_ino
            self._connection = sqlite3.connect(f"file:{self._path}?mode=rw", uri=True,
                                               timeout=1.0, check_same_thread=False)
            self._version = self._data_version()
        except (OSError, sqlite3.Error) as error:
            self.close()
            raise _lost(f"{self._path}: {error}") from error

    def _data_version(self) -> int:
        assert self._connection is not None
        row = self._connection.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def _changed(self) -> bool:
        try:
            try:
                if os.stat(self._path).st_ino != self._inode:
                    raise OSError("the database file was replaced")
            except OSError:
                self._vanished = True
                raise
            version = self._data_version()
        except (OSError, sqlite3.Error) as error:
            self.close()
            raise _lost(f"{self._path}: {error}") from error
        if version != self._version:
            self._version = version
            return True
        return False

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class ChangeFeed:
    """Changes since a version, and ``wait`` for the next ones. One reader thread per feed."""

    def __init__(self, db: Database, site_id: int | None = None) -> None:
        self.db = db
        self.site_id = site_id
        #: The highest event id this feed has read (0 before the first read).
        self.position = 0
        self._gaps: dict[int, float] = {}  # missing id -> when first missed (monotonic)
        self._waiter: _Waiter
        if db.is_postgres:
            self._waiter = _PostgresWaiter(db.url, site_id)
        else:
            database = make_url(db.url).database
            if not database or database == ":memory:":
                raise ValueError("the change feed needs a SQLite file, not :memory:")
            self._waiter = _SqliteWaiter(database)

    def version(self) -> int:
        """The latest event id (0 for an empty log); the feed's position moves up to it."""
        with self.db.reading() as session:
            latest = int(session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))
                         or 0)
            if self.db.is_postgres and latest:
                present = session.scalars(select(Event.id).where(
                    Event.id > max(latest - GAP_WINDOW, self.position))).all()
                self._note_gaps(present, max(latest - GAP_WINDOW, self.position), latest)
        self.position = max(self.position, latest)
        return latest

    def changes_since(self, version: int) -> list[Change]:
        """The changes after ``version`` (of this feed's site and site-less ones), by id, plus
        late commits that fill gaps this feed noticed earlier."""
        self._forget_old_gaps()
        with self.db.reading() as session:
            condition = Event.id > version
            if self._gaps:
                condition = or_(condition, Event.id.in_(sorted(self._gaps)))
            rows = session.scalars(select(Event).where(condition).order_by(Event.id)).all()
            ids = [row.id for row in rows]
            changes = [_change(row) for row in rows
                       if self.site_id is None or row.site_id in (None, self.site_id)]
        for found in ids:
            self._gaps.pop(found, None)
        if ids and self.db.is_postgres:
            self._note_gaps([i for i in ids if i > version], version, ids[-1])
        self.position = max([self.position, *ids])
        return changes

    def wait(self, timeout: float) -> bool:
        """Block until something may have changed (True) or ``timeout`` seconds pass (False).
        Raises DatabaseUnavailable when the database is gone; call again to reconnect.

        SQLite: when the file the feed watched is gone or replaced, the database's pooled
        connections are closed too. Kept, they would hold the old file's handle: SQLite shares
        one lock and WAL index per file among the connections of a process, and once the file
        was moved away and back every read of this process, new connections included, failed
        with "disk I/O error" for as long as one of them stayed open."""
        try:
            return self._waiter.wait(timeout)
        except DatabaseUnavailable:
            if isinstance(self._waiter, _SqliteWaiter) and self._waiter.take_vanished():
                self.db.dispose()
            raise

    def close(self) -> None:
        self._waiter.close()

    @property
    def gaps(self) -> frozenset[int]:
        """Ids below the position not seen yet (in-flight or rolled back), for tests."""
        return frozenset(self._gaps)

    def _note_gaps(self, present: Iterable[int], after: int, upto: int) -> None:
        now = time.monotonic()
        seen = set(present)
        for missing in range(max(after, self.position) + 1, upto):
            if missing not in seen:
                self._gaps.setdefault(missing, now)

    def _forget_old_gaps(self) -> None:
        limit = time.monotonic() - GAP_SECONDS
        for missing in [i for i, since in self._gaps.items() if since < limit]:
            del self._gaps[missing]


def _change(row: Event) -> Change:
    return Change(id=row.id, kind=row.kind, at=row.at, site_id=row.site_id,
                  ticket_id=row.ticket_id, counter_id=row.counter_id, clerk_id=row.clerk_id,
                  dossier_id=row.dossier_id, data=dict(row.data or {}))


def changes_after(db: Database, site_id: int | None, version: int,
                  limit: int = 10_000) -> list[Change]:
    """The changes after ``version`` of one site (and site-less ones), oldest first, at most
    ``limit``: what a client that reconnects with its last event id missed."""
    with db.reading() as session:
        query = select(Event).where(Event.id > version)
        if site_id is not None:
            query = query.where(or_(Event.site_id == site_id, Event.site_id.is_(None)))
        rows = session.scalars(query.order_by(Event.id).limit(limit)).all()
        return [_change(row) for row in rows]
