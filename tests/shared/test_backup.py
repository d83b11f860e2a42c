"""Backups (issue 15, item 6): SQLite's online backup API and pg_dump/pg_restore, verified after
writing, kept N days, restored round trip, a backup taken under load restored with every ticket
and its event; the nightly schedule; SQLite at synchronous=FULL."""

from __future__ import annotations

import io
import os
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from shared import backup as backups
from shared.backup_schedule import NightlyBackup
from shared.cli.main import main
from shared.clock import LOCAL_TZ
from shared.config import BackupSettings
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.models import Event, Ticket
from shared.queue import QueueService
from tests.center_data import SITE
from tests.conftest import pg_admin_url


def _contents(db: Database) -> tuple[list[tuple[int, str, str]], list[tuple[int, str]]]:
    with db.reading() as session:
        tickets = [(t.id, t.number, str(t.status)) for t in session.scalars(
            select(Ticket).order_by(Ticket.id))]
        events = [(e.id, e.kind) for e in session.scalars(select(Event).order_by(Event.id))]
    return tickets, events


def _issued_tickets_have_their_events(db: Database) -> int:
    """Every ticket has its ticket.issued event and every such event its ticket: the copy is
    one consistent moment. Returns the number of tickets."""
    with db.reading() as session:
        tickets = set(session.scalars(select(Ticket.id)))
        issued = set(session.scalars(select(Event.ticket_id).where(
            Event.kind == "ticket.issued")))
    assert tickets == issued
    return len(tickets)


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """An empty PostgreSQL database of this test's own (dropped afterwards)."""
    admin_url = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    name = f"layso_restore_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = :name"), {"name": name})
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def _target_url(db: Database, tmp_path: Path, fresh_pg: str) -> str:
    return f"sqlite:///{tmp_path}/restored/layso.db" if db.is_sqlite else fresh_pg


@pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)
def test_backup_and_restore_round_trip(center: Database, tmp_path: Path, fresh_pg: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`layso backup` writes a verified copy; `layso restore` brings every ticket and event
    back into a fresh database; restoring over a database with data needs --replace."""
    queue = QueueService(center)
    for service in ("HT", "CT", "DD", "HT"):
        queue.issue_ticket(SITE, service)
    queue.call_next(queue.find_counter(SITE, 1).id)
    folder = tmp_path / "backups"
    assert main(["--db", center.url, "backup", "--folder", str(folder), "--json"]) == 0
    out = capsys.readouterr().out
    written = backups.backups(folder)
    assert len(written) == 1 and str(written[0]) in out and '"verified": true' in out
    assert written[0].suffix == (".db" if center.is_sqlite else ".dump")
    target = _target_url(center, tmp_path, fresh_pg)
    assert main(["--db", target, "restore", str(written[0])]) == 0, capsys.readouterr().err
    restored = Database(target, clock=center.clock)
    try:
        assert _contents(restored) == _contents(center)
        # The restored database works: the next number follows on.
        assert QueueService(restored).issue_ticket(SITE, "HT").number == "A003"
        status = main(["--db", target, "restore", str(written[0])])
        assert status == 2 and "--replace" in capsys.readouterr().err
    finally:
        restored.dispose()


@pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)
def test_a_backup_taken_under_load_restores_every_ticket_with_its_event(
        center: Database, tmp_path: Path, fresh_pg: str) -> None:
    """While a thread issues tickets as fast as it can, a backup is taken: the restored copy
    holds every ticket committed before the backup began, each with its event, and nothing
    half-written."""
    writer_db = Database(center.url)
    queue = QueueService(writer_db)
    stop = threading.Event()
    committed: list[int] = []

    def issue() -> None:
        while not stop.is_set():
            committed.append(queue.issue_ticket(SITE, ("HT", "CT", "DD")[len(committed) % 3]).id)

    thread = threading.Thread(target=issue)
    thread.start()
    try:
        while len(committed) < 30:
            threading.Event().wait(0.01)
        before = list(committed)
        result = backups.backup(center.url, tmp_path / "b", keep_days=7)
        during = len(committed)
    finally:
        stop.set()
        thread.join()
        writer_db.dispose()
    assert len(committed) > len(before)  # the writer kept going around the backup
    target = _target_url(center, tmp_path, fresh_pg)
    backups.restore(target, result.path)
    restored = Database(target)
    try:
        count = _issued_tickets_have_their_events(restored)
        with restored.reading() as session:
            ids = set(session.scalars(select(Ticket.id)))
        assert set(before) <= ids and count >= len(before) and count <= during + 1
    finally:
        restored.dispose()


def test_a_damaged_copy_fails_verification_and_leaves_no_backup(sqlite_center: Database,
                                                                tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """integrity_check runs on the written copy: a copy damaged while written is refused
    with a clear message and no file with a backup's name is left."""
    real = backups._sqlite_backup

    def damaging(source: Path, target: Path) -> None:
        real(source, target)
        data = bytearray(target.read_bytes())
        for offset in range(4096 * 2, len(data), 4096):  # every page's header after the 2nd
            data[offset:offset + 8] = b"\xff" * 8
        target.write_bytes(bytes(data))

    monkeypatch.setattr(backups, "_sqlite_backup", damaging)
    with pytest.raises(InvalidOperation, match=r"hỏng|toàn vẹn"):
        backups.backup(sqlite_center.url, tmp_path / "b")
    assert backups.backups(tmp_path / "b") == []
    assert list((tmp_path / "b").iterdir()) == []
    (tmp_path / "not-a-db.db").write_bytes(b"hello" * 100)
    with pytest.raises(InvalidOperation, match=r"hỏng|không phải"):
        backups.restore(f"sqlite:///{tmp_path}/x.db", tmp_path / "not-a-db.db")


def test_old_backups_are_removed_after_n_days_and_the_newest_kept(sqlite_center: Database,
                                                                  tmp_path: Path) -> None:
    folder = tmp_path / "b"
    start = datetime(2026, 11, 1, 21, 0, tzinfo=LOCAL_TZ)
    for day in range(10):
        backups.backup(sqlite_center.url, folder, keep_days=3, now=start + timedelta(days=day))
    names = [p.name for p in backups.backups(folder)]
    assert names == [f"layso-202611{d:02d}-210000.db" for d in (7, 8, 9, 10)]


def test_the_nightly_backup_runs_once_a_day_after_its_hour(sqlite_center: Database,
                                                           tmp_path: Path) -> None:
    """Before backup.at nothing; after it one backup; the same day again nothing (a second
    program sharing the folder neither); the next night one more."""
    moment = [datetime(2026, 11, 23, 20, 59, tzinfo=LOCAL_TZ)]
    settings = BackupSettings(folder=str(tmp_path / "nightly"), keep_days=14, at="21:00")
    nightly = NightlyBackup(sqlite_center.url, settings, now=lambda: moment[0])
    other = NightlyBackup(sqlite_center.url, settings, now=lambda: moment[0])
    assert nightly.run_once() is None
    moment[0] = moment[0].replace(hour=21, minute=5)
    made = nightly.run_once()
    assert made is not None and made.path.name == "layso-20261123-210500.db"
    assert nightly.run_once() is None and other.run_once() is None
    moment[0] += timedelta(days=1)
    assert nightly.run_once() is not None
    assert len(backups.backups(settings.folder)) == 2


def test_a_failed_nightly_backup_is_logged_and_tried_again_later(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    moment = [datetime(2026, 11, 23, 22, 0, tzinfo=LOCAL_TZ)]
    nightly = NightlyBackup(f"sqlite:///{tmp_path}/missing.db",
                            BackupSettings(folder=str(tmp_path / "n")), now=lambda: moment[0])
    assert nightly.run_once() is None
    assert "nightly backup failed" in caplog.text
    assert not nightly.due(moment[0] + timedelta(minutes=10))
    assert nightly.due(moment[0] + timedelta(minutes=31))


def test_the_backup_folder_setting_is_read_from_the_config(tmp_path: Path,
                                                           sqlite_center: Database,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    config = tmp_path / "layso.toml"
    config.write_text(f'[backup]\nfolder = "{tmp_path / "cfg"}"\nkeep_days = 5\n',
                      encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--config", str(config), "--db", sqlite_center.url, "backup"]) == 0
    assert "Đã sao lưu và kiểm tra" in capsys.readouterr().out
    assert len(backups.backups(tmp_path / "cfg")) == 1


def test_sqlite_connections_run_at_synchronous_full(sqlite_db: Database) -> None:
    """2 = FULL: a commit is on disk when it returns (NORMAL, 1, could lose the last ones at
    a power cut)."""
    with sqlite_db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    with sqlite_db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
