"""The wall display reads nothing on the GUI thread (issue 15 item 1): built with its change
feed, following a call, reading the whole board again and rolling over at midnight, every
statement runs in a worker thread (noted with a SQLAlchemy event on its engine); built while
another PC holds the whole SQLite file, its first read waits off the GUI thread."""

from __future__ import annotations

import gc

import pytest
from pytestqt.qtbot import QtBot

import shared.db.database as database_module
from shared.db.database import Database
from shared.queue import QueueService
from tests.display.conftest import MakeBoard, counter_id
from tests.tools.gui_sql import GuiThreadSql
from tests.tools.sqlite_lock import ExclusiveLock
from tests.tools.stall_probe import StallProbe


def test_the_board_sends_no_sql_from_the_gui_thread(
        qtbot: QtBot, make_board: MakeBoard, sqlite_center: Database) -> None:
    queue = QueueService(sqlite_center)
    with GuiThreadSql(sqlite_center) as on_gui:
        board = make_board(sqlite_center)
        with on_gui.paused():  # another PC: the kiosk and a counter
            queue.issue_ticket("HQ", "HT")
            queue.call_next(counter_id(sqlite_center, 1))
        qtbot.waitUntil(lambda: board.grid.tile(1).tile.ticket_number == "A001", timeout=5000)
        assert board.reload()
        board._on_midnight()
    assert on_gui.places() == []


def test_built_while_the_file_is_locked_the_first_read_waits_off_the_gui_thread(
        qtbot: QtBot, make_board: MakeBoard, sqlite_center: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 5000)
    sqlite_center.dispose()
    lock = ExclusiveLock(sqlite_center)
    gc.collect()
    probe = StallProbe()
    lock.release_after(1.5)  # 1.5 s from the start, however loaded the PC
    board = make_board(sqlite_center)
    qtbot.wait(20)
    longest = probe.stop()
    assert longest < 100, f"the event loop stalled {longest} ms"
    assert probe.ticks > 50, "the event loop turned while the board was read"
    assert [tile.number for tile in board.snapshot.counters] == [1, 2, 3]
