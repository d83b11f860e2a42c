"""Database work off the GUI thread, for windows whose code reads like a plain call.

``run_off_thread(call)`` runs ``call`` in a worker thread and, while it runs, keeps the GUI's
event loop turning (a local ``QEventLoop``, as a modal dialog does): the window repaints, its
timers tick, the keyboard works, even when the database stalls for the whole TCP timeout. It
returns the call's value, or raises its exception, on the GUI thread. A window that uses it
must refuse a second action while one is in flight (``OffThread.busy``): nothing is done twice.

``on_slow`` is called (on the GUI thread) when the call takes longer than ``slow_ms``, so the
window can say what it is waiting for; ``on_done`` when it ends.

A Qt object must never be freed by a worker thread: it would leave its timers registered with
the GUI thread ("Timers cannot be stopped from another thread"), and the next one to fire
crashes the app. So ``run`` returns only once the worker thread has ended (it never holds the
last reference to the call, a window's bound method, or to the relay), and Python's cyclic
garbage collector is paused while a call runs: due, it runs in whichever thread allocates,
and a worker reading the database allocates a lot (it freed a whole closed window there).
It resumes when the call ends, on the GUI thread (``shared.ui.gc_guard.collection_paused``,
which counts with the GUI-thread collector that ``run_app`` starts).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal

from shared.ui.gc_guard import collection_paused

log = logging.getLogger(__name__)
T = TypeVar("T")

#: After this long a call is "slow": the window says it is waiting for the database.
SLOW_MS = 300


class _Relay(QObject):
    finished = Signal()


class OffThread:
    """Runs calls in worker threads for one window; ``busy`` while one is in flight."""

    def __init__(self, on_slow: Callable[[], None] | None = None,
                 on_done: Callable[[], None] | None = None, slow_ms: int = SLOW_MS) -> None:
        self.on_slow = on_slow
        self.on_done = on_done
        self.slow_ms = slow_ms
        self.depth = 0
        #: The longest call so far, in seconds (for tests and logs).
        self.longest = 0.0

    @property
    def busy(self) -> bool:
        return self.depth > 0

    def run(self, call: Callable[[], T]) -> T:
        """``call()`` in a worker thread; the GUI keeps running until it returns."""
        outcome: dict[str, Any] = {}
        relay = _Relay()
        loop = QEventLoop()
        relay.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
        done = threading.Event()

        def work() -> None:
            try:
                outcome["value"] = call()
            except BaseException as error:  # handed to the GUI thread
                outcome["error"] = error
            finally:
                done.set()
                relay.finished.emit()

        slow = QTimer()
        slow.setSingleShot(True)
        if self.on_slow is not None:
            slow.timeout.connect(self.on_slow)
        self.depth += 1
        begun = time.monotonic()
        worker = threading.Thread(target=work, name="layso-db-call", daemon=True)
        try:
            with collection_paused():
                worker.start()
                slow.start(self.slow_ms)
                if not done.wait(0.005):  # most calls end in a few ms: no loop needed
                    while not done.is_set():
                        loop.exec()
                worker.join()  # its last step (the signal) is done: it lets go of nothing
        finally:
            slow.stop()
            self.depth -= 1
            self.longest = max(self.longest, time.monotonic() - begun)
            if self.on_done is not None and self.depth == 0:
                self.on_done()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]  # type: ignore[no-any-return]


def run_off_thread(call: Callable[[], T]) -> T:
    """``call()`` in a worker thread, the GUI's event loop turning meanwhile."""
    return OffThread().run(call)
