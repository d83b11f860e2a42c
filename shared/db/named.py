"""Statements known by name, run on SQLAlchemy or, precompiled, on plain ``sqlite3``.

Issuing a number (``shared.queue_issue``) is the one write the ``layso`` command makes in a
fresh Python per call (a push-button box, a script at a door), and importing SQLAlchemy is
half of that process's life (bench/bench_cli.py). So the statements of that path are
declared here by name, each with the function that builds it as a Core statement:

- on a SQLAlchemy ``Connection`` or ``Session`` (the apps, the web service, PostgreSQL),
  :func:`run` builds the statement once and executes it, as any other Core statement;
- on a :class:`shared.db.plain.PlainConnection` (the command on a SQLite file), it runs the
  same statement's SQL as SQLAlchemy compiled it for SQLite, read from
  ``shared/db/plain_sql.py``, which ``python -m shared.db.plain_gen`` writes from these
  builders and ``tests/shared/test_plain_sql.py`` checks is up to date.

One definition of each statement, and of the logic around it, for both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Every named statement, by key (what ``shared.db.plain_gen`` compiles).
NAMED: dict[str, Named] = {}


class Named:
    """A statement with a key, built by ``build`` (a Core statement) the first time it runs
    on SQLAlchemy. ``columns``: an INSERT's, those its callers give (SQLAlchemy writes the
    columns of the parameters it is given; the precompiled SQL has these). ``plain``: False
    for a statement of PostgreSQL only (not precompiled for SQLite)."""

    __slots__ = ("_build", "_statement", "columns", "key", "plain")

    def __init__(self, key: str, build: Callable[[], Any], *,
                 columns: tuple[str, ...] = (), plain: bool = True) -> None:
        if key in NAMED:
            raise ValueError(f"statement {key!r} named twice")
        self.key = key
        self.columns = columns
        self.plain = plain
        self._build = build
        self._statement: Any = None
        NAMED[key] = self

    def statement(self) -> Any:
        """The Core statement (built on first use; SQLAlchemy's compiled cache does the
        rest)."""
        if self._statement is None:
            self._statement = self._build()
        return self._statement

    def __repr__(self) -> str:
        return f"Named({self.key!r})"


def run(executor: Any, named: Named, params: dict[str, Any] | None = None) -> Any:
    """Execute ``named`` with ``params`` on a SQLAlchemy connection or session, or on a
    plain connection (which has ``run_named``); returns the result (``.first()``,
    ``.one()``, ``.all()``, ``.scalar_one()``, ``.scalars()``, iteration)."""
    plain = getattr(executor, "run_named", None)
    if plain is not None:
        return plain(named.key, params or {})
    return executor.execute(named.statement(), params or {})
