"""``layso ticket issue`` on a SQLite file without SQLAlchemy: the standard ``sqlite3`` module
running the named statements (``shared.db.named``) as SQLAlchemy compiled them.

A fresh Python per ticket spends half its life importing SQLAlchemy (bench/bench_cli.py). On
a SQLite file of this version's schema, :func:`open_plain` gives a :class:`PlainDatabase`
with what ``shared.queue_issue`` uses of ``Database`` (``connect``, ``first_with_now``,
``clock``, ``is_sqlite``): the same transaction (``BEGIN IMMEDIATE``, the connection set up
by ``shared.db.sqlite_setup``), the same SQL (``shared/db/plain_sql.py``, written from the
Core statements by ``shared.db.plain_gen``), the same values in and out (each parameter and
column converted as SQLAlchemy's types convert them on SQLite: the ``TAGS`` below, checked
against SQLAlchemy's own processors by ``tests/shared/test_plain_sql.py``), and the same
errors (``shared.db.failures``).

What it cannot run raises :class:`PlainUnsupported` inside the transaction, which is rolled
back: the caller runs the command the usual way, on SQLAlchemy. That is the day's first
number (it ends the past days' tickets with the ORM), a site or service that does not exist
(the message names which), and a database this path does not open: PostgreSQL, a URL with
options, a missing file, another schema version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from shared.clock import database_clock
from shared.db import sqlite_setup
from shared.db.named import Named, run

if TYPE_CHECKING:
    from shared.clock import Clock


class PlainUnsupported(Exception):
    """What was asked needs SQLAlchemy; nothing was written (the transaction is rolled
    back). The caller does it the usual way."""


def _bind_utc(value: datetime) -> str:
    """``shared.db.types.UTCDateTime`` on SQLite: naive UTC, SQLAlchemy's storage format."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTCDateTime column")
    value = value.astimezone(UTC)
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:"
            f"{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}")


def _bind_date(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _result_json(value: Any) -> Any:
    try:
        return json.loads(value)
    except TypeError:  # as SQLAlchemy's SQLite JSON: a number stored as such
        if isinstance(value, int | float):
            return value
        raise


#: A type's conversions on SQLite, by the tag ``shared.db.plain_gen`` gives its columns and
#: parameters: (parameter → stored value, stored value → Python value). ``None`` is ``None``
#: both ways, except a JSON parameter (SQLAlchemy stores ``None`` as ``'null'``).
TAGS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "utc": (_bind_utc, lambda value: datetime.fromisoformat(value).replace(tzinfo=UTC)),
    "date": (_bind_date, date.fromisoformat),
    "json": (json.dumps, _result_json),
    "bool": (int, bool),
}


class PlainRow(tuple[Any, ...]):
    """A result row: a tuple whose columns are also attributes (``row.site_id``), like
    SQLAlchemy's ``Row``."""

    _fields: ClassVar[dict[str, int]] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._fields[name]]
        except KeyError:
            raise AttributeError(name) from None


class PlainResult:
    """The rows of one statement, read at once; the part of SQLAlchemy's ``Result`` that the
    named statements' callers use."""

    def __init__(self, rows: list[PlainRow]) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[PlainRow]:
        return iter(self._rows)

    def all(self) -> list[PlainRow]:
        return list(self._rows)

    def first(self) -> PlainRow | None:
        return self._rows[0] if self._rows else None

    def one(self) -> PlainRow:
        if len(self._rows) != 1:
            raise LookupError(f"{len(self._rows)} rows where one was expected")
        return self._rows[0]

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalars(self) -> list[Any]:
        return [row[0] for row in self._rows]


class _Dialect:
    name = "sqlite"


class PlainConnection:
    """A ``sqlite3`` connection in a transaction, running named statements
    (``shared.db.named.run``)."""

    dialect = _Dialect()

    def __init__(self, raw: sqlite3.Connection) -> None:
        self._raw = raw

    def run_named(self, key: str, params: dict[str, Any]) -> PlainResult:
        from shared.db.plain_sql import STATEMENTS

        spec = STATEMENTS.get(key)
        if spec is None:
            raise PlainUnsupported(f"no plain SQL for {key!r}")
        sql, binds, defaults, columns = spec
        unknown = params.keys() - {name for name, _tag in binds}
        if unknown:
            raise TypeError(f"{key}: unknown parameters {sorted(unknown)}")
        values: dict[str, Any] = {}
        for name, tag in binds:
            value = params[name] if name in params else defaults[name]
            if tag and (value is not None or tag == "json"):
                value = TAGS[tag][0](value)
            values[name] = value
        rows = self._raw.execute(sql, values).fetchall()
        return PlainResult(_rows(columns, rows))


@cache
def _row_type(columns: tuple[tuple[str, str], ...]) -> type[PlainRow]:
    return type("Row", (PlainRow,), {
        "_fields": {name: index for index, (name, _tag) in enumerate(columns)},
        "__slots__": ()})


def _rows(columns: tuple[tuple[str, str], ...], raw: list[Any]) -> list[PlainRow]:
    row_type = _row_type(columns)
    converters = [(index, TAGS[tag][1]) for index, (_name, tag) in enumerate(columns) if tag]
    rows = []
    for values in raw:
        if converters:
            values = list(values)
            for index, convert in converters:
                if values[index] is not None:
                    values[index] = convert(values[index])
        rows.append(row_type(values))
    return rows


class PlainDatabase:
    """A SQLite file opened with ``sqlite3``: what ``shared.queue_issue`` needs of a
    ``Database``."""

    is_sqlite = True
    is_postgres = False

    def __init__(self, url: str, raw: sqlite3.Connection) -> None:
        self.url = url
        self.clock: Clock = database_clock
        self._raw = raw

    @contextmanager
    def connect(self, *, reading: bool = False) -> Iterator[PlainConnection]:
        """A transaction (``BEGIN IMMEDIATE``, or ``DEFERRED`` when ``reading``), committed
        on success and rolled back on any error; database failures become LấySố's errors."""
        with plain_errors(self.url):
            self._raw.execute("BEGIN DEFERRED" if reading else "BEGIN IMMEDIATE")
            try:
                yield PlainConnection(self._raw)
            except BaseException:
                if self._raw.in_transaction:
                    self._raw.execute("ROLLBACK")
                raise
            self._raw.execute("COMMIT")

    def first_with_now(self, connection: PlainConnection, statement: Named,
                       params: dict[str, Any]) -> tuple[Any, datetime]:
        """As ``Database.first_with_now`` on SQLite: the first row, and this PC's clock."""
        return run(connection, statement, params).first(), self.clock(connection)

    def orm_session(self, connection: PlainConnection) -> Any:
        raise PlainUnsupported("this step uses the ORM")

    def close(self) -> None:
        self._raw.close()


@contextmanager
def plain_errors(url: str) -> Iterator[None]:
    """``sqlite3``'s errors as ``Database`` reports them (``shared.db.failures``)."""
    try:
        yield
    except sqlite3.Error as error:
        from shared.db.failures import translate

        translated = translate(error, url)
        if translated is None:
            raise
        raise translated from error


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL (no options, no escapes, not in memory);
    None for anything else, which SQLAlchemy reads."""
    path = url.removeprefix("sqlite:///")
    if path == url or not path or any(mark in path for mark in "?%#") \
            or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path)  # as SQLAlchemy reads it (~ is expanded in the settings: shared.config)


def open_plain(url: str) -> PlainDatabase | None:
    """The database at ``url`` opened with ``sqlite3`` when it is a SQLite file of the schema
    ``shared/db/plain_sql.py`` was written for; None otherwise (the caller uses SQLAlchemy,
    which reports a missing or other-version database)."""
    from shared.db.plain_sql import SCHEMA_HEAD

    path = sqlite_file(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        raw = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True,
                              timeout=sqlite_setup.SQLITE_BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return None
    try:
        sqlite_setup.configure(raw, sqlite_setup.SQLITE_BUSY_TIMEOUT_MS,
                               sqlite_setup.SQLITE_SYNCHRONOUS)
        versions = [row[0] for row in raw.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):  # busy, read-only…: said now, not waited twice
            raw.close()
            with plain_errors(url):
                raise
        versions = []
    except sqlite3.DatabaseError:  # not a database: SQLAlchemy's path says so
        versions = []
    if versions != [SCHEMA_HEAD]:
        raw.close()
        return None
    return PlainDatabase(url, raw)
