"""``layso ticket issue`` without SQLAlchemy (shared/db/plain.py) does what SQLAlchemy does:
the same SQL (written from the Core statements, kept up to date), the same values in and out,
the same rows written and the same ticket returned; what it cannot do, it leaves to
SQLAlchemy with nothing written; a busy database is reported as on the usual path."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date
from sqlalchemy.dialects import sqlite

from shared.clock import FixedClock
from shared.config import QueueSettings
from shared.db import plain_gen, sqlite_setup
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.db.plain import TAGS, PlainUnsupported, open_plain
from shared.db.types import UTCDateTime
from shared.enums import CounterStatus, Outcome, Priority
from shared.errors import DatabaseBusy
from shared.queue import QueueService
from shared.queue_issue import issue_ticket
from tests.center_data import SITE, build_center

ROOT = Path(__file__).resolve().parents[2]


def test_the_written_sql_is_that_of_the_core_statements() -> None:
    """shared/db/plain_sql.py is what ``python -m shared.db.plain_gen`` writes now: a
    changed statement, table or migration without writing it again fails here."""
    assert plain_gen.TARGET.read_text(encoding="utf-8") == plain_gen.render(), \
        "run: .venv/bin/python -m shared.db.plain_gen"


@pytest.mark.parametrize(("kind", "tag", "values"), [
    (UTCDateTime(), "utc", [datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
                            datetime(2026, 12, 7, 16, 5, 1, 250, tzinfo=timezone(
                                timedelta(hours=7)))]),
    (Date(), "date", [date(2026, 1, 2), date(1999, 12, 31)]),
    (JSON(), "json", [{"status": "break", "by": "Nguyễn Thị Lan"}, {}, [1, "a"], 3]),
    (Boolean(), "bool", [True, False]),
])
def test_each_conversion_is_sqlalchemys_on_sqlite(kind: Any, tag: str,
                                                  values: list[Any]) -> None:
    """A parameter is stored as SQLAlchemy stores it, and a stored value read back as
    SQLAlchemy reads it (both ways through the type's own processors)."""
    dialect = sqlite.dialect()
    impl = kind.dialect_impl(dialect)
    to_db = impl._cached_bind_processor(dialect)
    from_db = impl._cached_result_processor(dialect, None)
    assert plain_gen.type_tag(kind, dialect) == tag
    for value in values:
        stored = to_db(value)
        assert TAGS[tag][0](value) == stored
        assert TAGS[tag][1](stored) == from_db(stored)
        assert type(TAGS[tag][1](stored)) is type(from_db(stored))
    assert TAGS["bool"][1](0) is False and TAGS["bool"][1](1) is True


def test_a_type_it_cannot_convert_stops_the_generation() -> None:
    """A column type with a conversion of its own and no tag is refused, not guessed."""
    from sqlalchemy import Numeric

    with pytest.raises(TypeError, match="tag"):
        plain_gen.type_tag(Numeric(10, 2), sqlite.dialect())


@pytest.fixture(scope="module")
def busy_center(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with a day of history: yesterday's calls, today's calls, a counter's
    break, waiting tickets of both classes; the clock at 10:30 today."""
    path = tmp_path_factory.mktemp("plain") / "center.db"
    clock = FixedClock(datetime(2026, 12, 7, 1, 0, tzinfo=UTC))  # Monday 08:00 in Hanoi
    db = Database(f"sqlite:///{path}", clock=clock)
    upgrade(db)
    build_center(db)
    queue = QueueService(db, QueueSettings())
    counters = {state.number: state.id for state in queue.counters(SITE)}
    for day in (0, 1):
        for minute in range(12):
            queue.issue_ticket(SITE, ("HT", "CT", "DD")[minute % 3],
                               Priority.ELDERLY if minute % 5 == 4 else Priority.NONE)
            clock.advance(minutes=2)
        for turn in range(8):
            counter = counters[1 + turn % 3]
            if queue.call_next(counter) is not None:
                clock.advance(minutes=4 + turn % 3)
                queue.finish(counter, Outcome.GUIDED)
        if day == 0:
            queue.set_counter_status(counters[2], CounterStatus.PAUSED)
            clock.advance(minutes=15)
            queue.set_counter_status(counters[2], CounterStatus.OPEN)
            clock.advance(hours=23)
    queue.call_next(counters[3])  # serving at 10:30
    for priority in (Priority.ELDERLY, Priority.NONE, Priority.ELDERLY):
        queue.issue_ticket(SITE, "HT", priority)
        clock.advance(minutes=1)
    db.dispose()
    return path


def _copy(busy_center: Path, tmp_path: Path, name: str) -> str:
    target = tmp_path / name
    shutil.copyfile(busy_center, target)
    return f"sqlite:///{target}"


def _rows(url: str, table: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as raw:
        return raw.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()


@pytest.mark.parametrize("policy", ["strict", "interleave"])
@pytest.mark.parametrize("priority", [Priority.NONE, Priority.ELDERLY])
def test_a_ticket_issued_without_sqlalchemy_is_the_one_sqlalchemy_issues(
        busy_center: Path, tmp_path: Path, policy: Any, priority: Priority) -> None:
    """On two copies of the same center at the same moment, one ticket issued by each path:
    the same number, people ahead and wait estimate (read through every statement and every
    conversion), and the same rows written, but for the random phone-page token."""
    moment = datetime(2026, 12, 8, 3, 30, 12, 345678, tzinfo=UTC)
    settings = QueueSettings(priority_policy=policy)
    usual_url = _copy(busy_center, tmp_path, "usual.db")
    plain_url = _copy(busy_center, tmp_path, "plain.db")
    usual = Database(usual_url, clock=FixedClock(moment))
    expected = issue_ticket(usual, settings, SITE, "HT", priority)
    usual.dispose()
    opened = open_plain(plain_url)
    assert opened is not None
    opened.clock = FixedClock(moment)
    got = issue_ticket(opened, settings, SITE, "HT", priority)
    opened.close()
    assert expected.people_ahead and expected.estimated_wait_minutes is not None
    assert got.public_token and got.public_token != expected.public_token
    assert got == replace(expected, public_token=got.public_token)
    tokens = {expected.public_token: "token", got.public_token: "token"}
    for table in ("tickets", "events", "ticket_sequences"):
        assert [tuple(tokens.get(value, value) for value in row)
                for row in _rows(plain_url, table)] == \
            [tuple(tokens.get(value, value) for value in row)
             for row in _rows(usual_url, table)], table


def test_what_it_cannot_do_is_left_to_sqlalchemy_with_nothing_written(
        busy_center: Path, tmp_path: Path) -> None:
    """The day's first number (it ends the past days' tickets with the ORM) and an unknown
    service raise PlainUnsupported: the transaction is rolled back."""
    url = _copy(busy_center, tmp_path, "center.db")
    before = [_rows(url, table) for table in ("tickets", "events", "ticket_sequences")]
    opened = open_plain(url)
    assert opened is not None
    opened.clock = FixedClock(datetime(2026, 12, 9, 2, 0, tzinfo=UTC))  # the next morning
    with pytest.raises(PlainUnsupported):
        issue_ticket(opened, QueueSettings(), SITE, "HT", Priority.NONE)
    opened.clock = FixedClock(datetime(2026, 12, 8, 4, 0, tzinfo=UTC))
    with pytest.raises(PlainUnsupported):
        issue_ticket(opened, QueueSettings(), SITE, "XX", Priority.NONE)
    opened.close()
    assert [_rows(url, table) for table in ("tickets", "events", "ticket_sequences")] == before


def test_it_opens_only_a_sqlite_file_of_this_schema(tmp_path: Path) -> None:
    """PostgreSQL, a URL with options, a missing file (not created), a file that is not a
    database and another schema version are left to SQLAlchemy."""
    missing = tmp_path / "missing.db"
    assert open_plain(f"sqlite:///{missing}") is None and not missing.exists()
    assert open_plain("postgresql+psycopg://x@127.0.0.1/test") is None
    assert open_plain("sqlite://") is None and open_plain("sqlite:///:memory:") is None
    text = tmp_path / "notes.txt"
    text.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    assert open_plain(f"sqlite:///{text}") is None
    db = Database(f"sqlite:///{tmp_path}/old.db")
    upgrade(db)
    db.dispose()
    assert open_plain(f"sqlite:///{tmp_path}/old.db?timeout=5") is None
    opened = open_plain(f"sqlite:///{tmp_path}/old.db")
    assert opened is not None
    opened.close()
    with closing(sqlite3.connect(tmp_path / "old.db")) as raw, raw:
        raw.execute("UPDATE alembic_version SET version_num = '0001'")
    assert open_plain(f"sqlite:///{tmp_path}/old.db") is None


def _layso(tmp_path: Path, url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """``layso --db URL ARGV`` in a fresh Python that writes the modules it loaded to
    modules.txt."""
    code = ("import sys\nfrom shared.cli.main import main\n"
            f"status = main(['--db', {url!r}, *{list(argv)!r}])\n"
            f"open({str(tmp_path / 'modules.txt')!r}, 'w').write('\\n'.join(sys.modules))\n"
            "sys.exit(status)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=False, env={"LAYSO_DATA_DIR": str(tmp_path),
                                                       "PATH": "/usr/bin:/bin"})


def _loaded_sqlalchemy(tmp_path: Path) -> bool:
    modules = (tmp_path / "modules.txt").read_text().split()
    return any(name.split(".")[0] == "sqlalchemy" for name in modules)


def test_the_command_issues_without_sqlalchemy_after_the_days_first_number(
        sqlite_center: Database, tmp_path: Path) -> None:
    """`layso ticket issue`: the day's first number is issued the usual way (SQLAlchemy
    loaded, one number taken, not two), the next ones without loading SQLAlchemy at all."""
    url = sqlite_center.url
    sqlite_center.dispose()
    first = _layso(tmp_path, url, "ticket", "issue", "--service", "HT")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("A001 (Hộ tịch)") and _loaded_sqlalchemy(tmp_path)
    second = _layso(tmp_path, url, "ticket", "issue", "--service", "HT", "--json")
    assert second.returncode == 0, second.stderr
    assert '"number": "A002"' in second.stdout and '"people_ahead": 1' in second.stdout
    assert not _loaded_sqlalchemy(tmp_path)
    unknown = _layso(tmp_path, url, "ticket", "issue", "--service", "XX")
    assert unknown.returncode == 2 and "Không có dịch vụ" in unknown.stderr
    assert [row[6] for row in _rows(url, "tickets")] == ["A001", "A002"]
    assert [row[3] for row in _rows(url, "events")].count("ticket.issued") == 2


def test_a_busy_database_is_reported_and_nothing_is_issued(
        sqlite_center: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Another program holding the write lock past the busy timeout: the clerk reads that
    the database is busy (in Vietnamese), as on the usual path, and no number is taken."""
    from shared.cli import context
    from shared.cli.main import main

    url = sqlite_center.url
    QueueService(sqlite_center, QueueSettings()).issue_ticket(SITE, "HT", Priority.NONE)
    sqlite_center.dispose()
    monkeypatch.setattr(sqlite_setup, "SQLITE_BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(context, "_databases", {})
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert main(["--db", url, "ticket", "issue", "--service", "HT"]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "đang bận" in capsys.readouterr().err
    assert context._databases == {}  # the plain path failed, and did not fall back
    assert [row[6] for row in _rows(url, "tickets")] == ["A001"]


def test_a_file_locked_even_for_reading_is_reported_once(
        sqlite_center: Database, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Another program holding an exclusive lock (no reading either) while the command opens
    the file: "busy" after one busy timeout, said by the plain path, not left to SQLAlchemy
    to wait a second time."""
    from shared.cli import context
    from shared.cli.main import main

    url = sqlite_center.url
    sqlite_center.dispose()
    monkeypatch.setattr(sqlite_setup, "SQLITE_BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(context, "_databases", {})
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseBusy):
            open_plain(url)
        assert main(["--db", url, "ticket", "issue", "--service", "HT"]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "đang bận" in capsys.readouterr().err
    assert context._databases == {}  # SQLAlchemy's path was not tried after it
    assert _rows(url, "tickets") == []
