"""Two counter windows, a kiosk issuing and a third counter calling, all at the same time,
never get the same ticket."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from shared.clock import FixedClock
from shared.db.database import Database
from shared.models import Event, Outcome
from shared.queue import QueueService
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, activate, log_in, press

ISSUED = 60  # 40 Hộ tịch + 20 Chứng thực, interleaved


def test_two_counters_calling_while_a_kiosk_issues_and_another_counter_calls(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """Windows 1 (HT, CT) and 3 (DD, HT) press F1 / F5 2 in turn while, on connections of
    their own, a kiosk thread issues Hộ tịch and Chứng thực numbers a few ms apart and a
    counter-2 thread (CT) calls and finishes as fast as it can. The issuing overlaps the
    calling; every issued number is called exactly once (by one of the three), and the
    database holds exactly one call event per ticket."""
    one, three = make_window(1), make_window(3)
    activate(qtbot, one)
    log_in(qtbot, one, "lan")
    activate(qtbot, three)
    log_in(qtbot, three, "hoa")
    url = one.ctx.db.url
    kiosk_db, desk_db = Database(url, clock=clock), Database(url, clock=clock)
    issued: list[str] = []
    by_thread: list[tuple[int, str]] = []
    done = threading.Event()
    errors: list[BaseException] = []
    times: dict[str, float] = {}

    def kiosk() -> None:
        try:
            queue = QueueService(kiosk_db)
            for index in range(ISSUED):
                issued.append(queue.issue_ticket(SITE, "CT" if index % 3 == 2 else "HT").number)
                time.sleep(0.005)
        except BaseException as error:
            errors.append(error)
        finally:
            times["issuing_ended"] = time.monotonic()
            done.set()

    def counter_two() -> None:
        try:
            queue = QueueService(desk_db)
            counter = queue.find_counter(SITE, 2).id
            while True:
                finished_issuing = done.is_set()
                called = queue.call_next(counter)
                if called is None:
                    if finished_issuing:
                        return
                    time.sleep(0.002)
                    continue
                times.setdefault("first_thread_call", time.monotonic())
                by_thread.append((called.ticket.id, called.ticket.number))
                queue.finish(counter, Outcome.GUIDED)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=kiosk), threading.Thread(target=counter_two)]
    for thread in threads:
        thread.start()
    by_window: list[tuple[int, str]] = []
    per_counter = {1: 0, 3: 0}
    try:
        while True:
            finished_issuing = done.is_set()
            progressed = False
            for window in (one, three):
                press(qtbot, window, Qt.Key.Key_F1)
                state = window.state
                if state is not None and state.current is not None:
                    times.setdefault("first_window_call", time.monotonic())
                    by_window.append((state.current.id, state.current.number))
                    per_counter[state.number] += 1
                    press(qtbot, window, Qt.Key.Key_F5)
                    press(qtbot, window, Qt.Key.Key_2)
                    progressed = True
            if not progressed and finished_issuing:
                break
    finally:
        for thread in threads:
            thread.join()
        kiosk_db.dispose()
        desk_db.dispose()
    assert errors == []
    called = by_window + by_thread
    ids = [ticket_id for ticket_id, _ in called]
    assert len(ids) == len(set(ids)) == ISSUED
    assert sorted(number for _, number in called) == sorted(issued)
    assert per_counter[1] > 0 and per_counter[3] > 0 and by_thread
    assert times["first_window_call"] < times["issuing_ended"]  # calling overlapped issuing
    assert times["first_thread_call"] < times["issuing_ended"]
    with one.ctx.db.reading() as s:
        calls_per_ticket = s.execute(select(Event.ticket_id, func.count()).where(
            Event.kind == "ticket.called").group_by(Event.ticket_id)).all()
    assert len(calls_per_ticket) == ISSUED and all(n == 1 for _, n in calls_per_ticket)
