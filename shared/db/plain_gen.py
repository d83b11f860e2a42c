"""Write ``shared/db/plain_sql.py``: the named statements (``shared.db.named``) as SQLAlchemy
compiles them for SQLite, for ``shared.db.plain``.

    .venv/bin/python -m shared.db.plain_gen

Run it after changing a named statement, a table of ``shared.tables`` or the schema (a new
migration): ``tests/shared/test_plain_sql.py`` fails until the file is written again. For
each statement it records the SQL (named parameters), each parameter with its type's tag and
its value when the statement fixes one (a literal, a column default), and each result column
with its tag (``shared.db.plain.TAGS``). A type this path does not know how to convert
stops the generation: nothing is guessed.
"""

from __future__ import annotations

import importlib
import pprint
import re
import textwrap
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from shared.db.migrate import script_head
from shared.db.named import NAMED
from shared.db.types import UTCDateTime

TARGET = Path(__file__).with_name("plain_sql.py")
#: The modules that declare named statements (imported so that each is registered).
MODULES = ("shared.clock", "shared.events", "shared.wait_reads", "shared.queue_issue",
           "shared.cli.context")

#: A specification: SQL, parameters (name, tag), fixed values by name, columns (name, tag).
Spec = tuple[str, tuple[tuple[str, str], ...], dict[str, Any], tuple[tuple[str, str], ...]]


def type_tag(kind: Any, dialect: Dialect) -> str:
    """The conversion SQLAlchemy applies to a value of type ``kind`` on SQLite, as a tag of
    ``shared.db.plain.TAGS``; "" when it applies none."""
    if isinstance(kind, UTCDateTime):
        return "utc"
    if isinstance(kind, DateTime):
        raise TypeError(f"{kind!r}: only UTCDateTime columns are converted")
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, JSON):
        return "json"
    if isinstance(kind, Boolean):
        return "bool"
    impl = kind.dialect_impl(dialect)
    if impl.bind_processor(dialect) is not None or impl.result_processor(dialect, None):
        raise TypeError(f"{kind!r} converts values on SQLite: give it a tag in plain.TAGS")
    return ""


def _plain_value(value: Any) -> Any:
    """A fixed parameter's value as a literal of the written module (an enum as its value)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool | int | str | float) or value is None:
        return value
    raise TypeError(f"cannot write the fixed value {value!r}")


def compile_statement(statement: Any, columns: tuple[str, ...] = ()) -> Spec:
    """One statement's specification for SQLite."""
    dialect = sqlite.dialect(paramstyle="named")
    compiled = statement.compile(dialect=dialect, column_keys=list(columns) or None)
    assert isinstance(compiled, SQLCompiler)
    sql = compiled.string
    prefetch = {column.key: column for column in compiled.insert_prefetch}
    binds: dict[str, str] = {}
    fixed: dict[str, Any] = {}
    for bind, name in compiled.bind_names.items():
        tag = type_tag(bind.type, dialect)
        if name in binds:  # one name used twice (``:day`` in two branches): one value
            if binds[name] != tag or not bind.required or name in prefetch:
                raise TypeError(f"parameter {name!r} appears twice, differently")
            continue
        if bind.callable is not None:
            raise TypeError(f"parameter {name!r} has a callable value")
        if bind.expanding:  # a fixed IN list: one parameter per value, as SQLAlchemy sends
            if not isinstance(bind.value, list | tuple):
                raise TypeError(f"parameter {name!r} is an IN list without its values")
            names = [f"{name}_{index}" for index, _ in enumerate(bind.value, 1)]
            sql = sql.replace(f"__[POSTCOMPILE_{name}]", ", ".join(f":{n}" for n in names))
            for expanded, value in zip(names, bind.value, strict=True):
                binds[expanded] = tag
                fixed[expanded] = _plain_value(value)
            continue
        binds[name] = tag
        if name in prefetch:  # a column default SQLAlchemy fills in
            default = prefetch[name].default
            if not isinstance(default, ScalarElementColumnDefault):
                raise TypeError(f"column {name!r} has a default that is not a constant")
            fixed[name] = _plain_value(default.arg)
        elif not bind.required:
            fixed[name] = _plain_value(bind.value)
    if "__[POSTCOMPILE" in sql:
        raise TypeError(f"cannot precompile: {sql}")
    placeholders = set(re.findall(r"(?<!:):(\w+)", sql))
    if placeholders != set(binds):
        raise TypeError(f"parameters {placeholders} differ from {binds}")
    result = tuple((str(column[0]), type_tag(column[3], dialect))
                   for column in compiled._result_columns)
    return sql, tuple(sorted(binds.items())), dict(sorted(fixed.items())), result


def statements() -> dict[str, Spec]:
    """Every named statement the plain path runs, compiled, by key."""
    for module in MODULES:
        importlib.import_module(module)
    return {key: compile_statement(named.statement(), named.columns)
            for key, named in sorted(NAMED.items()) if named.plain}


def render() -> str:
    """The text of ``shared/db/plain_sql.py``."""
    head = script_head()
    if head is None:
        raise RuntimeError("the migrations' head revision is not certain")
    body = "".join(_entry(key, spec) for key, spec in statements().items())
    return (
        '"""The named statements (``shared.db.named``) compiled by SQLAlchemy for SQLite, for\n'
        "``shared.db.plain``. Written by ``python -m shared.db.plain_gen``: do not edit.\n"
        '"""\n\n'
        "from typing import Any\n\n"
        "#: The schema version these statements were compiled for (the newest migration).\n"
        f"SCHEMA_HEAD = {head!r}\n\n"
        "#: key -> (SQL, parameters (name, tag), fixed values, columns (name, tag)).\n"
        f"STATEMENTS: dict[str, Any] = {{\n{body}}}\n"
    )


def _entry(key: str, spec: Spec) -> str:
    """One statement as the module's text: the SQL line by line, the rest one item a line."""
    sql, binds, fixed, columns = spec
    chunks = [chunk for line in sql.splitlines(keepends=True)
              for chunk in textwrap.wrap(line, width=80, expand_tabs=False,
                                         replace_whitespace=False, drop_whitespace=False,
                                         break_long_words=False, break_on_hyphens=False)]
    assert "".join(chunks) == sql
    lines = [f"    {key!r}: (\n"]
    lines += [f"        {chunk!r}\n" for chunk in chunks]
    lines[-1] = lines[-1][:-1] + ",\n"
    for part in (binds, fixed, columns):
        lines.append(f"        {pprint.pformat(part, width=88, indent=1)},\n"
                     .replace("\n ", "\n         "))
    lines.append("    ),\n")
    return "".join(lines)


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
