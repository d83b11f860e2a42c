"""Figures from the core's buckets, a database that goes away and comes back, midnight, and
the live path on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, time, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from shared.board import month_start, next_month_start
from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from shared.dossiers import Applicant, DossierService
from shared.models import Outcome, Procedure
from shared.queue import QueueService
from shared.reports import dossier_report
from tests.center_data import build_center
from tests.display.conftest import MakeBoard, counter_id

WAIT_MS = 5000


def _procedures(db: Database) -> None:
    with db.transaction() as session:
        session.add_all([
            Procedure(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch",
                      time_limit=0, time_unit="working_days"),
            Procedure(code="2.000815", name="Chứng thực hợp đồng", field="Chứng thực",
                      time_limit=3, time_unit="working_days"),
        ])


def test_the_figures_equal_the_core_report_buckets(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot,
        clock: FixedClock) -> None:
    """Open within time / overdue and this month's early / on time / late and the on-time
    rate are exactly dossier_report's buckets for the month, and follow dossier events."""
    _procedures(sqlite_center)
    dossiers = DossierService(sqlite_center)
    clock.moment = clock.moment - timedelta(days=14)
    late = dossiers.receive("HQ", "1.001193", Applicant("Nguyễn Văn An"))
    overdue = dossiers.receive("HQ", "2.000815", Applicant("Trần Thị Bích"))
    clock.moment = clock.moment + timedelta(days=3)
    dossiers.resolve(late.code)
    clock.moment = clock.moment + timedelta(days=11)
    early = dossiers.receive("HQ", "2.000815", Applicant("Lê Văn Cường"))
    board = make_board(sqlite_center)
    clock.advance(hours=1)
    dossiers.resolve(early.code)
    dossiers.receive("HQ", "1.001193", Applicant("Phạm Thị Dung"))

    def expected() -> tuple[int, ...]:
        day = clock.moment.astimezone(LOCAL_TZ).date()
        total = dossier_report(sqlite_center, "HQ", month_start(day), next_month_start(day),
                               as_of=clock.moment).total
        return (total.open_within_time, total.open_overdue, total.finished_early,
                total.finished_on_time, total.finished_late)

    def shown() -> tuple[int, ...]:
        figures = board.figures.figures.dossiers
        return (figures.open_within_time, figures.open_overdue, figures.finished_early,
                figures.finished_on_time, figures.finished_late)

    qtbot.waitUntil(lambda: shown() == expected(), timeout=WAIT_MS)
    assert shown() == (1, 1, 1, 0, 1)
    assert board.figures.figures.dossiers.on_time_rate == 0.5
    assert overdue.code


def test_the_database_goes_away_and_comes_back(
        tmp_path: Path, clock: FixedClock, make_board: MakeBoard, qtbot: QtBot) -> None:
    """The SQLite file disappears: a "mất kết nối" mark over the last known board (numbers
    kept). It comes back with a call made meanwhile: the mark goes and the board shows it."""
    path = tmp_path / "board.db"
    db = Database(f"sqlite:///{path}", clock=clock)
    from shared.db.migrate import upgrade

    upgrade(db)
    build_center(db)
    queue = QueueService(db)
    queue.issue_ticket("HQ", "HT")
    queue.issue_ticket("HQ", "CT")
    queue.call_next(counter_id(db, 1))
    board = make_board(db)
    assert board.grid.tile(1).tile.ticket_number == "A001"
    moved = tmp_path / "elsewhere.db"
    db.dispose()
    with sqlite3.connect(path) as connection:  # everything into the main file first
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    os.rename(path, moved)
    qtbot.waitUntil(lambda: board.disconnected, timeout=WAIT_MS)
    assert any("Mất kết nối" in text for text in board.header.mark.texts())
    assert board.grid.tile(1).tile.ticket_number == "A001"
    meanwhile = Database(f"sqlite:///{moved}", clock=clock)
    QueueService(meanwhile).call_next(counter_id(meanwhile, 2))
    meanwhile.dispose()
    os.rename(moved, path)
    qtbot.waitUntil(lambda: not board.disconnected, timeout=15000)
    assert board.header.mark.texts() == []
    qtbot.waitUntil(lambda: board.grid.tile(2).tile.ticket_number == "B001", timeout=WAIT_MS)
    board.shutdown()
    db.dispose()


def test_the_board_rolls_over_at_midnight(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot,
        clock: FixedClock) -> None:
    """A single-shot timer is set to the next local midnight (15 h after 09:00); at midnight
    the board reads the new day: figures from zero, yesterday's calls gone."""
    board = make_board(sqlite_center)
    assert board.midnight_ms == 15 * 3600 * 1000
    queue = QueueService(sqlite_center)
    queue.issue_ticket("HQ", "HT")
    queue.issue_ticket("HQ", "HT")
    queue.call_next(counter_id(sqlite_center, 1))
    clock.advance(minutes=5)
    queue.finish(counter_id(sqlite_center, 1), Outcome.GUIDED)
    # The figures are re-read from the database and may be ahead of the feed's batch that
    # carries the call: wait for both.
    qtbot.waitUntil(lambda: board.snapshot.figures.served == 1 and bool(board.recent.calls),
                    timeout=WAIT_MS)
    assert board.snapshot.figures.waiting == 1
    clock.moment = datetime.combine(clock.moment.date() + timedelta(days=1), time(0, 0, 1),
                                    LOCAL_TZ)
    board._on_midnight()
    assert board.rollovers == 1
    assert board.snapshot.business_day == clock.moment.date()
    assert board.snapshot.figures.served == 0 and board.snapshot.figures.waiting == 0
    assert board.recent.calls == ()
    assert board.midnight_ms == 24 * 3600 * 1000 - 1000


def test_a_call_on_postgresql_reaches_the_board(
        postgres_db: Database, make_board: MakeBoard, qtbot: QtBot) -> None:
    """The live path on PostgreSQL (LISTEN/NOTIFY): a call made through the core appears."""
    build_center(postgres_db)
    board = make_board(postgres_db)
    queue = QueueService(postgres_db)
    queue.issue_ticket("HQ", "DD")
    queue.call_next(counter_id(postgres_db, 3))
    qtbot.waitUntil(lambda: board.grid.tile(3).tile.ticket_number == "C001", timeout=WAIT_MS)
    assert board.grid.tile(3).highlighted
    assert make_url(postgres_db.url).get_backend_name() == "postgresql"
