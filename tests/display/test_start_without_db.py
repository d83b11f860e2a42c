"""The wall display started while its database cannot be reached (issue 15 item 2): it shows a
waiting screen, keeps responding, and opens the board by itself when the database comes,
with no restart. The database is the real PostgreSQL server behind a TCP proxy on 127.0.0.1
that starts listening only later (the server PC boots after the wall PC)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from display.__main__ import make_window_or_wait
from display.app import DisplayWindow
from shared.config import Settings
from shared.db.database import Database
from shared.queue import QueueService
from shared.ui.waiting import WaitingScreen
from tests.center_data import build_center
from tests.display.test_board_faults import counter_id
from tests.tools.stall_probe import StallProbe
from tests.tools.tcp_proxy import TcpProxy


@pytest.fixture
def late_proxy(postgres_db: Database) -> Iterator[tuple[TcpProxy, str]]:
    build_center(postgres_db)
    today = Database(postgres_db.url)  # the server's clock, as the board reads it
    queue = QueueService(today)
    queue.issue_ticket("HQ", "HT")
    queue.call_next(counter_id(today, 1))  # counter 1 serves A001
    today.dispose()
    parsed = make_url(postgres_db.url)
    proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)  # not listening yet
    yield proxy, parsed.set(port=proxy.port).render_as_string(hide_password=False)
    proxy.close()


def waiting_wall(qtbot: QtBot, url: str, *, retry_ms: int) -> WaitingScreen:
    """The wall started on ``url`` as `layso display` starts it: its waiting screen, shown."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    screen = make_window_or_wait(Settings(site="HQ", database_url=url), None, app)
    assert isinstance(screen, WaitingScreen)
    qtbot.addWidget(screen)
    screen.retry_ms = retry_ms
    screen.resize(1280, 720)
    screen.show()
    return screen


def test_display_started_without_its_database_waits_then_opens_by_itself(
        late_proxy: tuple[TcpProxy, str], qtbot: QtBot, tmp_path: Path) -> None:
    proxy, url = late_proxy
    screen = waiting_wall(qtbot, url, retry_ms=500)
    probe = StallProbe()
    qtbot.waitUntil(lambda: screen.attempts >= 3, timeout=15000)
    assert screen.app_window is None and screen.isVisible()
    assert "Đang chờ cơ sở dữ liệu" in screen.title.text()
    assert "Lần thử" in screen.status.text()
    screen.grab().save(str(tmp_path / "waiting.png"))
    proxy.pause()
    proxy.start()  # the port answers, the server does not yet: an attempt hangs in a worker
    qtbot.wait(3000)
    assert screen.app_window is None
    probe.stop()
    assert probe.longest_ms < 100, f"the GUI stalled {probe.longest_ms} ms while waiting"
    started = time.monotonic()
    proxy.resume()  # the server is up
    qtbot.waitUntil(lambda: screen.app_window is not None, timeout=20000)
    opened_after = time.monotonic() - started
    board = screen.app_window
    assert isinstance(board, DisplayWindow)
    qtbot.addWidget(board)
    assert board.isVisible() and not screen.isVisible()
    assert board.grid.tile(1).tile.ticket_number == "A001"
    assert opened_after < 10
    board.shutdown()
    board.db.dispose()


def test_a_file_that_is_not_a_database_is_one_clear_line_not_a_wait(
        tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "layso.db"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    screen = make_window_or_wait(Settings(site="HQ", database_url=f"sqlite:///{path}"), None,
                                 app)
    assert isinstance(screen, WaitingScreen)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.stopped, timeout=10000)
    assert screen.app_window is None
    assert "không hợp lệ" in screen.title.text()
    attempts = screen.attempts
    qtbot.wait(500)
    assert screen.attempts == attempts == 1


def test_display_on_a_database_not_made_yet_says_so_and_makes_nothing(
        qtbot: QtBot, tmp_path: Path) -> None:
    """Only `layso db upgrade` makes a database (README): a wall started on one that has no
    schema yet waits, naming that command, and writes nothing (on PostgreSQL its read-only
    role could not); once the database is made it opens by itself."""
    from sqlalchemy import inspect

    from shared.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'center.db'}"
    import sqlite3

    made = sqlite3.connect(tmp_path / "center.db")  # the file exists, with nothing in it
    made.execute("PRAGMA journal_mode=WAL")
    made.close()
    empty = Database(url)
    screen = waiting_wall(qtbot, url, retry_ms=300)
    qtbot.waitUntil(lambda: screen.attempts >= 2, timeout=10000)
    assert screen.app_window is None
    assert "layso db upgrade" in screen.status.text() + screen.title.text()
    assert inspect(empty.engine).get_table_names() == []  # the wall made nothing
    upgrade(empty)
    build_center(empty)
    qtbot.waitUntil(lambda: screen.app_window is not None, timeout=10000)
    board = screen.app_window
    assert isinstance(board, DisplayWindow)
    qtbot.addWidget(board)
    board.shutdown()
    board.db.dispose()
    empty.dispose()
