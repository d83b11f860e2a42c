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
from shared.db.migrate import upgrade
from shared.dossiers import Applicant, DossierService
from shared.models import Outcome, Procedure
from shared.queue import QueueService
from shared.reports import dossier_report
from shared.voice import Announcer, Call
from shared.voice.sink import AVAILABLE, VoiceStatus
from tests.center_data import build_center
from tests.display.conftest import MakeBoard, RecordingSpeaker, counter_id

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


def _center_in_a_folder(tmp_path: Path, clock: FixedClock) -> tuple[Database, Path]:
    """The test center in tmp_path/site/board.db, counter 1 serving A001, B001 waiting."""
    folder = tmp_path / "site"
    db = Database(f"sqlite:///{folder}/board.db", clock=clock)
    upgrade(db)
    build_center(db)
    queue = QueueService(db)
    queue.issue_ticket("HQ", "HT")
    queue.issue_ticket("HQ", "CT")
    queue.call_next(counter_id(db, 1))
    return db, folder


def _take_away(db: Database, folder: Path) -> Path:
    """The database's folder disappears (a network share gone, a disk unplugged)."""
    db.dispose()
    away = folder.with_name("away")
    os.rename(folder, away)
    return away


def _call_meanwhile(away: Path, clock: FixedClock, counter: int) -> None:
    clock.advance(seconds=30)
    meanwhile = Database(f"sqlite:///{away}/board.db", clock=clock)
    QueueService(meanwhile).call_next(counter_id(meanwhile, counter))
    meanwhile.dispose()


def test_a_failed_read_is_retried_and_any_successful_read_clears_the_mark(
        tmp_path: Path, clock: FixedClock, make_board: MakeBoard, qtbot: QtBot) -> None:
    """One failed read (a database busy or gone for a moment) shows no mark: it is retried by a
    timer, and the retry's success leaves the board as it was. When the retry fails too the
    "mất kết nối" mark shows; the next successful retry clears it and shows what changed, with
    no change feed involved (the board has none here)."""
    db, folder = _center_in_a_folder(tmp_path, clock)
    board = make_board(db, live=False)
    away = _take_away(db, folder)
    assert not board.reload()
    assert not board.disconnected and board.read_failures == 1
    os.rename(away, folder)  # back before the retry
    qtbot.waitUntil(lambda: board.read_failures == 0, timeout=WAIT_MS)
    assert not board.disconnected and board.header.mark.texts() == []

    away = _take_away(db, folder)
    assert not board.reload()
    assert not board.disconnected
    qtbot.waitUntil(lambda: board.disconnected, timeout=WAIT_MS)  # the retry failed too
    assert any("Mất kết nối" in text for text in board.header.mark.texts())
    _call_meanwhile(away, clock, 2)
    os.rename(away, folder)
    qtbot.waitUntil(lambda: not board.disconnected, timeout=WAIT_MS)
    assert board.header.mark.texts() == []
    assert board.grid.tile(2).tile.ticket_number == "B001"
    db.dispose()


def test_a_call_made_while_the_database_was_away_is_announced_once_when_it_comes_back(
        tmp_path: Path, clock: FixedClock, make_board: MakeBoard, qtbot: QtBot,
        announcer: Announcer, speaker: RecordingSpeaker) -> None:
    """The board re-reads everything on reconnection: the call made meanwhile is announced
    (once, though the feed delivers its event afterwards too) and highlighted; the call made
    before the outage is not announced again."""
    db, folder = _center_in_a_folder(tmp_path, clock)
    board = make_board(db, announcer)
    away = _take_away(db, folder)
    qtbot.waitUntil(lambda: board.disconnected, timeout=WAIT_MS)
    _call_meanwhile(away, clock, 2)
    os.rename(away, folder)
    qtbot.waitUntil(lambda: len(speaker.received) >= 1 and board.banner.call is not None,
                    timeout=15000)
    assert board.grid.tile(2).tile.ticket_number == "B001"
    assert board.grid.tile(2).highlighted and not board.grid.tile(1).highlighted
    assert board.banner.call is not None and board.banner.call.ticket_number == "B001"
    qtbot.wait(1500)  # the feed's own delivery of the call has come by now
    assert announcer.wait_idle(10)
    assert speaker.received == [announcer.chime_sound, announcer.render_speech(Call("B001", 2))]
    board.shutdown()
    db.dispose()


def test_the_no_sound_mark_follows_the_loudspeaker_without_a_call(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot, announcer: Announcer,
        speaker: RecordingSpeaker) -> None:
    """The loudspeaker goes away while nobody is called: the mark shows it within a couple of
    seconds, and goes when it is back."""
    board = make_board(sqlite_center, announcer)
    assert board.header.mark.texts() == []
    speaker.unplug(VoiceStatus(False, "Không có loa.", "No speaker."))
    qtbot.waitUntil(lambda: any("Không có loa." in text for text in board.header.mark.texts()),
                    timeout=3000)
    speaker.unplug(AVAILABLE)
    qtbot.waitUntil(lambda: board.header.mark.texts() == [], timeout=3000)


def test_the_board_rolls_over_when_the_clock_passes_midnight_without_the_timer(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot,
        clock: FixedClock) -> None:
    """The PC slept through midnight (or its clock jumped): the 15-hour timer has not fired,
    but the clock's tick sees the new date and rolls the board over, once."""
    board = make_board(sqlite_center, now=lambda: clock.moment)
    queue = QueueService(sqlite_center)
    queue.issue_ticket("HQ", "HT")
    queue.call_next(counter_id(sqlite_center, 1))
    qtbot.waitUntil(lambda: bool(board.recent.calls), timeout=WAIT_MS)
    clock.moment = datetime.combine(clock.moment.date() + timedelta(days=1), time(0, 0, 5),
                                    LOCAL_TZ)
    qtbot.waitUntil(lambda: board.rollovers == 1, timeout=3000)
    assert board.snapshot.business_day == clock.moment.date()
    assert board.recent.calls == () and board.snapshot.figures.waiting == 0
    qtbot.wait(1200)
    assert board.rollovers == 1
