"""The wall the morning after a ticket was left serving at 17:00: the counter shows no number
(the real display window on a real SQLite file, read as a board started that morning reads)."""

from __future__ import annotations

from datetime import datetime

from pytestqt.qtbot import QtBot

from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from shared.queue import QueueService
from tests.display.conftest import MakeBoard, counter_id


def test_a_board_started_next_morning_shows_no_ticket_of_yesterday(
        qtbot: QtBot, sqlite_center: Database, make_board: MakeBoard,
        clock: FixedClock) -> None:
    queue = QueueService(sqlite_center)
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    queue.issue_ticket("HQ", "HT")
    queue.call_next(counter_id(sqlite_center, 1))
    evening = make_board(sqlite_center, live=False, now=lambda: clock.moment)
    assert evening.grid.tile(1).tile.ticket_number == "A001"
    clock.moment = datetime(2026, 11, 24, 7, 0, tzinfo=LOCAL_TZ)
    morning = make_board(sqlite_center, live=False, now=lambda: clock.moment)
    assert morning.grid.tile(1).tile.ticket_number is None
    qtbot.waitUntil(lambda: morning.grid.tile(1).painted != "A001", timeout=3000)
