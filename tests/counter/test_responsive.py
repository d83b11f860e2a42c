"""The counter window never waits on the database (issue 15 item 1): its calls run in a worker
thread while the event loop keeps turning (the longest stall is measured with a 10 ms timer),
it says what it waits for, a second press while an action is in flight does nothing twice,
and an action the database could not take is shown as NOT DONE and handed back."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import shared.db.database as database_module
from counter.app import CounterWindow
from shared.catalog import CatalogService
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.models import Event, TicketStatus
from shared.paths import CATALOG_DIR
from tests.center_data import SITE, build_center
from tests.counter.conftest import MakeWindow, log_in, press
from tests.tools.stall_probe import StallProbe
from tests.tools.tcp_proxy import TcpProxy


class Lock:
    """Another PC holding the SQLite file's write lock."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.connection.execute("ROLLBACK")
        self.connection.close()


def _watch_label(window: CounterWindow, seen: list[str]) -> QTimer:
    """Note the status bar's connection label every 100 ms (what the clerk reads); the timer
    goes with the window, whatever the test's outcome."""
    watch = QTimer(window)
    watch.setInterval(100)
    watch.timeout.connect(lambda: seen.append(window.connection_label.text()))
    watch.start()
    return watch


def _path(db: Database) -> str:
    database = make_url(db.url).database
    assert database
    return database


def test_call_next_waits_for_a_locked_file_without_freezing_and_is_done_once(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(1)
    window.ctx.queue.issue_ticket(SITE, "HT")
    window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    lock = Lock(_path(window.ctx.db))
    seen: list[str] = []
    watch = _watch_label(window, seen)
    QTimer.singleShot(700, lambda: press(qtbot, window, Qt.Key.Key_F1))  # pressed again
    gc.collect()  # earlier tests' garbage is not this window's stall
    probe = StallProbe()
    threading.Timer(2.0, lock.release).start()  # 2 s from the press, however loaded the PC
    press(qtbot, window, Qt.Key.Key_F1)
    longest = probe.stop()
    assert window.calls.longest >= 1.5, "the call really waited for the lock"
    assert longest < 100, f"the event loop stalled {longest} ms"
    assert probe.ticks > 100
    watch.stop()
    assert any("Đang chờ cơ sở dữ liệu" in text for text in seen), seen
    assert window.desk.serving.current_number() == "A001"
    assert window.ctx.queue.find_ticket(SITE, "A002").status == TicketStatus.WAITING
    assert "Đã kết nối" in window.connection_label.text()


@pytest.fixture
def quick_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The test center on a SQLite file whose busy timeout is 0.8 s (15 s in production)."""
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 800)
    db = Database(f"sqlite:///{tmp_path}/busy.db")
    upgrade(db)
    build_center(db)
    CatalogService(db).import_csv(CATALOG_DIR / "procedures.csv")
    yield db
    db.dispose()


def test_a_finish_the_locked_file_refuses_is_shown_not_done_and_handed_back(
        qtbot: QtBot, make_window: MakeWindow, quick_busy: Database) -> None:
    window = make_window(1, db=quick_busy)
    window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.desk.serving.current_number() == "A001"
    press(qtbot, window, Qt.Key.Key_F5)
    assert window.current_widget() is window.desk.outcome
    lock = Lock(_path(quick_busy))
    gc.collect()  # earlier tests' garbage is not this window's stall
    probe = StallProbe()
    press(qtbot, window, Qt.Key.Key_2)  # an outcome: the finish meets the lock
    assert probe.stop() < 100
    message = window.banner.message()
    assert "CHƯA LÀM ĐƯỢC" in message and "Hoàn thành" in message and "đang bận" in message
    assert not window.offline, "busy is not an outage"
    assert window.current_widget() is window.desk.outcome, "handed back to the clerk"
    assert window.ctx.queue.find_ticket(SITE, "A001").status == TicketStatus.SERVING
    lock.release()
    press(qtbot, window, Qt.Key.Key_2)  # pressed again: done, once
    assert window.ctx.queue.find_ticket(SITE, "A001").status == TicketStatus.FINISHED
    assert window.current_widget() is not window.desk.outcome
    with quick_busy.reading() as session:
        finished = session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "ticket.finished"))
    assert finished == 1


@pytest.fixture
def behind_proxy(postgres_db: Database) -> Iterator[tuple[Database, TcpProxy]]:
    build_center(postgres_db)
    parsed = make_url(postgres_db.url)
    proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432).start()
    db = Database(parsed.set(port=proxy.port).render_as_string(hide_password=False),
                  clock=postgres_db.clock)
    yield db, proxy
    proxy.close()
    db.dispose()


def test_a_silent_network_stall_does_not_freeze_the_counter(
        qtbot: QtBot, make_window: MakeWindow, behind_proxy: tuple[Database, TcpProxy]) -> None:
    """PostgreSQL behind a proxy that stops forwarding for 3 s while F1 is pressed."""
    db, proxy = behind_proxy
    window = make_window(1, db=db)
    window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    seen: list[str] = []
    watch = _watch_label(window, seen)
    proxy.pause()
    gc.collect()  # earlier tests' garbage is not this window's stall
    probe = StallProbe()
    threading.Timer(3.0, proxy.resume).start()
    press(qtbot, window, Qt.Key.Key_F1)
    longest = probe.stop()
    assert window.calls.longest >= 1.0, "the call really waited for the stalled link"
    assert longest < 100, f"the event loop stalled {longest} ms"
    watch.stop()
    assert any("Đang chờ cơ sở dữ liệu" in text for text in seen), seen
    assert window.desk.serving.current_number() == "A001"
