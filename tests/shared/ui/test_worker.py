"""OffThread (shared/ui/worker.py): the worker thread never frees what the GUI thread owns.

A window's bound method run off the GUI thread, the window dropped right after: if the worker
thread held the last reference, the window (and its timers) would be destroyed in that thread,
its timers left registered with the GUI thread ("Timers cannot be stopped from another
thread"), and the next one to fire would crash the app (seen as a segmentation fault in the
display tests once the wall read its board off the GUI thread)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, Qt, QTimer
from pytestqt.qtbot import QtBot

from shared.ui.worker import OffThread


class Window(QObject):
    """Stands for a window: a running timer, and a method that reads."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.start(60_000)

    def read(self) -> int:
        return 1


def test_a_window_dropped_after_a_call_is_freed_on_the_gui_thread(qtbot: QtBot) -> None:
    freed_in: list[threading.Thread] = []
    calls = OffThread()
    for _ in range(300):  # before the fix, about one in two was freed by the worker thread
        window = Window()
        window.destroyed.connect(lambda *_: freed_in.append(threading.current_thread()),
                                 Qt.ConnectionType.DirectConnection)
        assert calls.run(window.read) == 1
        del window
    qtbot.wait(10)
    assert len(freed_in) == 300
    assert all(thread is threading.main_thread() for thread in freed_in)


def test_a_window_in_cyclic_garbage_is_not_collected_by_a_worker_thread(qtbot: QtBot) -> None:
    """Python's cyclic collector runs in whichever thread allocates when it is due: a worker
    reading the database (many allocations) must not be the one that frees a closed window
    caught in a reference cycle."""
    freed_in: list[threading.Thread] = []
    calls = OffThread()

    def allocate() -> int:  # well past the collector's thresholds
        return len([[index] for index in range(200_000)])

    for _ in range(5):
        window = Window()
        window.cycle = window  # type: ignore[attr-defined]  # garbage only the collector frees
        window.destroyed.connect(lambda *_: freed_in.append(threading.current_thread()),
                                 Qt.ConnectionType.DirectConnection)
        del window
        assert calls.run(allocate) == 200_000
    gc.collect()
    qtbot.wait(10)
    assert len(freed_in) == 5
    assert all(thread is threading.main_thread() for thread in freed_in)
