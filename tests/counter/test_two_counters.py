"""Two counter windows and a kiosk issuing at the same time never get the same ticket."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from shared.clock import FixedClock
from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, activate, log_in, press

ISSUED = 40


def test_two_counters_calling_while_a_kiosk_issues_never_share_a_ticket(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """Counters 1 and 3 (both serve Hộ tịch) press F1/F5 2 in turn while a kiosk thread
    issues 40 Hộ tịch numbers on its own connection: every call gets a different ticket,
    and every number issued is served once."""
    one, three = make_window(1), make_window(3)
    activate(qtbot, one)
    log_in(qtbot, one, "lan")
    activate(qtbot, three)
    log_in(qtbot, three, "hoa")
    kiosk_db = Database(one.ctx.db.url, clock=clock)
    issued: list[str] = []

    def kiosk() -> None:
        queue = QueueService(kiosk_db)
        for _ in range(ISSUED):
            issued.append(queue.issue_ticket(SITE, "HT").number)

    thread = threading.Thread(target=kiosk)
    thread.start()
    called: list[tuple[int, str]] = []
    per_counter = {1: 0, 3: 0}
    try:
        while len(called) < ISSUED:
            progressed = False
            for window in (one, three):
                press(qtbot, window, Qt.Key.Key_F1)
                state = window.state
                if state is not None and state.current is not None:
                    called.append((state.current.id, state.current.number))
                    per_counter[state.number] += 1
                    press(qtbot, window, Qt.Key.Key_F5)
                    press(qtbot, window, Qt.Key.Key_2)
                    progressed = True
            if not progressed and not thread.is_alive():
                break
    finally:
        thread.join()
        kiosk_db.dispose()
    ids = [ticket_id for ticket_id, _ in called]
    assert len(ids) == len(set(ids)) == ISSUED
    assert sorted(number for _, number in called) == sorted(issued)
    assert per_counter[1] > 0 and per_counter[3] > 0
