"""Faults: a restart puts the clerk back on the ticket; a database outage loses nothing and
the window recovers by itself; the waiting list follows the change feed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shared.catalog import CatalogService
from shared.clock import FixedClock
from shared.db.database import Database
from shared.models import TicketStatus
from shared.paths import CATALOG_DIR
from tests.center_data import SITE, build_center
from tests.conftest import pg_admin_url
from tests.counter.conftest import MakeWindow, log_in, press


def test_after_a_crash_the_clerk_is_back_on_the_ticket(qtbot: QtBot,
                                                       make_window: MakeWindow) -> None:
    """A window dies while serving A002 (no log-out); the new one shows A002 after log-in."""
    first = make_window(1)
    for _ in range(3):
        first.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, first)
    press(qtbot, first, Qt.Key.Key_F1)
    press(qtbot, first, Qt.Key.Key_F3)
    press(qtbot, first, Qt.Key.Key_F1)
    assert first.desk.serving.current_number() == "A002"
    first.shutdown()  # the process dies: nothing is written on the way out
    first.hide()
    second = make_window(1)
    log_in(qtbot, second)
    assert second.desk.serving.current_number() == "A002"
    assert "A002" in second.banner.message()
    assert second.actions_by_name["finish"].isEnabled()
    assert second.desk.waiting.numbers() == ["A003"]


def test_waiting_list_is_live_without_a_refresh_key(qtbot: QtBot, make_window: MakeWindow,
                                                    clock: FixedClock) -> None:
    """A kiosk (another connection) issues a number; it appears in the list by itself."""
    window = make_window(1, live=True)
    log_in(qtbot, window)
    assert window.desk.waiting.numbers() == []
    kiosk_db = Database(window.ctx.db.url, clock=clock)
    try:
        from shared.queue import QueueService

        QueueService(kiosk_db).issue_ticket(SITE, "CT")
        qtbot.waitUntil(lambda: window.desk.waiting.numbers() == ["B001"], timeout=5000)
    finally:
        kiosk_db.dispose()


@pytest.fixture
def pg_center(postgres_db: Database) -> Iterator[Database]:
    build_center(postgres_db)
    CatalogService(postgres_db).import_csv(CATALOG_DIR / "procedures.csv")
    yield postgres_db
    _allow_connections(postgres_db, True)


def _allow_connections(db: Database, allowed: bool) -> None:
    """Open or shut the database to new connections, and cut the open ones (an outage)."""
    name = make_url(db.url).database
    admin = create_engine(make_url(pg_admin_url()).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {allowed}'))
        if not allowed:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :name"), {"name": name})
    admin.dispose()


def test_database_outage_keeps_the_ticket_and_recovers_by_itself(
        qtbot: QtBot, make_window: MakeWindow, pg_center: Database) -> None:
    """PostgreSQL refuses connections while A001 is served: the window says so, disables the
    keys, keeps A001 on screen; when the database is back it carries on by itself."""
    window = make_window(1, db=pg_center)
    window._retry.setInterval(200)
    window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.desk.serving.current_number() == "A001"
    _allow_connections(pg_center, False)
    press(qtbot, window, Qt.Key.Key_F2)  # the recall meets the outage
    assert window.offline
    assert "Mất kết nối" in window.banner.message()
    assert not window.actions_by_name["finish"].isEnabled()
    assert window.desk.serving.current_number() == "A001"
    _allow_connections(pg_center, True)
    qtbot.waitUntil(lambda: not window.offline, timeout=10000)
    assert window.actions_by_name["finish"].isEnabled()
    assert window.desk.serving.current_number() == "A001"
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_2)
    counter = window.ctx.queue.find_counter(SITE, 1)
    assert counter.current is None
    assert window.ctx.queue.find_ticket(SITE, "A001").status == TicketStatus.FINISHED
