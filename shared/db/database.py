"""The engine factory and the one way to open a transaction.

SQLite (default): WAL with ``synchronous=FULL``, a busy timeout, foreign keys, and ``BEGIN
IMMEDIATE`` for writing transactions so two processes never both read-then-write the same row.
PostgreSQL: any ``postgresql+psycopg://`` URL, connections checked before use so the apps
survive a restart of the server.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Row, Select, create_engine, event, exc, func
from sqlalchemy.engine import make_url

from shared.clock import Clock, Executor, database_clock
from shared.db.named import Named

# The settings of every SQLite connection, read from this module at each engine's creation:
# a test may set them here (a shorter busy timeout) for the engines it makes.
from shared.db.sqlite_setup import SQLITE_BUSY_TIMEOUT_MS, SQLITE_SYNCHRONOUS, configure
from shared.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

AnySelect = Select[*tuple[Any, ...]]
AnyRow = Row[*tuple[Any, ...]]


def _sqlite_engine(url: str) -> Engine:
    # No file or folder is made here: only shared.db.migrate.upgrade creates a database.
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "do_connect")
    def _open_existing(_dialect: Any, _record: Any, cargs: list[Any],
                       cparams: dict[str, Any]) -> Any:
        # Open the file, never make it: sqlite3 would make an empty one where a moved or
        # restored file belongs, with a WAL of its own, and the real file put back beside that
        # WAL reads as empty ("no such table") for every connection after. Only
        # shared.db.migrate.upgrade makes the file.
        database = cargs[0] if cargs else None
        if not isinstance(database, str) or database in ("", ":memory:") \
                or database.startswith("file:") or cparams.get("uri"):
            return None  # SQLAlchemy connects as usual
        import sqlite3

        return sqlite3.connect(f"{Path(database).absolute().as_uri()}?mode=rw", uri=True,
                               **cparams)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        configure(dbapi_connection, SQLITE_BUSY_TIMEOUT_MS, SQLITE_SYNCHRONOUS)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _postgres_engine(url: str) -> Engine:
    # Every URL option (sslmode, sslrootcert, …) plus the timeouts: shared/db/conninfo.py,
    # the same setup as the change feed's LISTEN connection.
    from shared.db.conninfo import conninfo, engine_url

    return create_engine(
        engine_url(url),
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        connect_args=conninfo(url),
    )


def make_engine(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL, or a ConfigError saying what is wrong."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise ConfigError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url!r}",
            f"Invalid database URL: {url!r}",
        ) from error
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        if parsed.drivername != "postgresql+psycopg":
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(
                hide_password=False
            )
        return _postgres_engine(url)
    raise ConfigError(
        f"Chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ {backend!r}.",
        f"Only SQLite and PostgreSQL are supported, not {backend!r}.",
    )


class Database:
    """A database: engine, clock and transactions. Services take one of these."""

    def __init__(self, url: str, *, clock: Clock | None = None) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.clock: Clock = clock or database_clock
        self._sessions: tuple[sessionmaker[Session], sessionmaker[Session]] | None = None

    def _makers(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        """The writing and reading session factories, made at the first ORM transaction: the
        ORM (``sqlalchemy.orm``, ``shared.models``) is loaded only by what uses it, not by
        the Core paths (:meth:`connect`, ``layso ticket issue``)."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            from shared.db.limits import register_flush_check

            register_flush_check()
            self._sessions = (
                sessionmaker(self.engine, expire_on_commit=False),
                sessionmaker(self.engine.execution_options(sqlite_begin="DEFERRED"),
                             expire_on_commit=False))
        return self._sessions

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A writing transaction: committed on success, rolled back on any error."""
        with translated_errors(self.url), self._makers()[0]() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction (on SQLite it takes no write lock)."""
        with translated_errors(self.url), self._makers()[1]() as session, session.begin():
            yield session

    @contextmanager
    def connect(self, *, reading: bool = False) -> Iterator[Connection]:
        """A writing transaction on a Core connection, without the ORM: the same as
        :meth:`transaction` (``BEGIN IMMEDIATE`` on SQLite, the errors translated), for the
        paths written as Core statements (``shared.queue_issue``); ``reading``: like
        :meth:`reading`, no write lock."""
        engine = self.engine.execution_options(sqlite_begin="DEFERRED") if reading \
            else self.engine
        with translated_errors(self.url), engine.begin() as connection:
            yield connection

    def orm_session(self, connection: Connection) -> Session:
        """An ORM session inside ``connection``'s transaction, for a rare step of a Core path
        (a day's first ticket ends the past days' ones): it flushes into that transaction and
        never commits it. Close it when done."""
        from sqlalchemy.orm import Session

        self._makers()  # the column-limit check on flush
        return Session(bind=connection, join_transaction_mode="rollback_only",
                       expire_on_commit=False)

    def now(self, session: Executor) -> Any:
        return self.clock(session)

    def first_with_now(self, session: Executor, statement: AnySelect | Named,
                       params: dict[str, Any]) -> tuple[AnyRow | None, datetime]:
        """The first row of ``statement`` and the clock (:meth:`now`), in one round trip when
        the clock is PostgreSQL's: the server's ``now()`` rides along as an extra column
        instead of a ``SELECT now()`` of its own (the queue's hot paths open with this)."""
        select_ = statement.statement() if isinstance(statement, Named) else statement
        if self.clock is database_clock and self.is_postgres:
            row = session.execute(_with_server_now(select_), params).first()
            if row is None:
                return None, self.now(session)
            moment = row[-1]
            assert isinstance(moment, datetime)
            return row, moment.astimezone(UTC)
        return session.execute(select_, params).first(), self.now(session)

    def dispose(self, wait_seconds: float = 5.0) -> None:
        """Close the pool's connections. A connection still out (a worker thread finishing a
        read as its server stops) is waited for up to ``wait_seconds``: disposed while out, it
        would be closed only when garbage-collected, long after, with a ResourceWarning.

        A connection another thread takes from the pool while it is disposed (after the wait)
        goes back to the old pool, which nothing uses any more: it is closed when it comes
        back, not kept open. (Kept open on a SQLite file, it held the file's old handle: the
        file moved away and back, every read of this process failed with "disk I/O error".)"""
        import time

        pool = self.engine.pool
        deadline = time.monotonic() + wait_seconds
        while getattr(pool, "checkedout", lambda: 0)() and time.monotonic() < deadline:
            time.sleep(0.02)
        self.engine.dispose()
        event.listen(pool, "checkin", _close_on_return)
        pool.dispose()  # what came back before the listener


def _close_on_return(_dbapi_connection: Any, record: Any) -> None:
    """A connection returned to a disposed pool is closed (see :meth:`Database.dispose`)."""
    if record.dbapi_connection is not None:
        record.invalidate()


@cache
def _with_server_now(statement: AnySelect) -> AnySelect:
    return statement.add_columns(func.now())


@contextmanager
def translated_errors(url: str | None = None) -> Iterator[None]:
    """Database failures become errors a clerk understands: busy ("đang bận": try again) is
    told apart from lost ("mất kết nối"), a read-only folder and a full disk are named, and a
    file that is not a database says so (shared/db/failures.py)."""
    from shared.db.failures import translate

    try:
        yield
    except (exc.OperationalError, exc.InterfaceError, exc.DataError, exc.DatabaseError) as error:
        translated = translate(error, url)
        if translated is None:
            raise
        raise translated from error
