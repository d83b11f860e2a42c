"""Python's cyclic garbage collector runs on the GUI thread only, in a running app.

Left automatic, a collection runs in whichever thread happens to allocate when one is due: the
change feed's listener, the voice thread, a database worker (``shared.ui.worker``). A cycle
that holds a Qt object (a closed window and its timers) freed there crashes the app later
("Timers cannot be stopped from another thread", then a segfault), hours after the cause: the
kind of fault a wall display or a kiosk must never have. So, as pyqtgraph does for the same
reason, automatic collection is turned off and a timer on the GUI thread collects each
generation when its count is past Python's own threshold: the same collections, at most
``interval_ms`` later, always on the GUI thread.

Every app (kiosk, counter, rating panel, wall display) runs its whole life, its screenshots
included, with one collector: ``shared.ui.app.app_running`` (``run_app`` uses it) starts it
before the app starts any thread and stops it after ``app.exec()`` returns. A window made
without it (a test, a tool) still has its database worker (``shared.ui.worker``) pause
automatic collection while its call runs (``collection_paused``). Both hold it off through one
count: it is off while either holds it, and back as it was only when the last lets go, in
whichever order they do.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks whether a collection is due.
INTERVAL_MS = 500


class _AutomaticCollection:
    """Automatic collection off while anyone holds it off (the GUI thread only); back as it
    was before the first, once the last lets go."""

    def __init__(self) -> None:
        self.holders = 0
        self.was_enabled = False

    def hold_off(self) -> None:
        if self.holders == 0:
            self.was_enabled = gc.isenabled()
            gc.disable()
        self.holders += 1

    def let_go(self) -> None:
        self.holders -= 1
        if self.holders == 0 and self.was_enabled:
            gc.enable()


_automatic = _AutomaticCollection()


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic collection inside (enter it on the GUI thread; pauses nest)."""
    _automatic.hold_off()
    try:
        yield
    finally:
        _automatic.let_go()


class GuiThreadCollector(QObject):
    """While it runs: no automatic collection; a GUI-thread timer collects what is due.
    ``stop()`` lets automatic collection go back as it was (unless a pause still holds it)."""

    #: How many are running (one, while an app runs: ``shared.ui.app.app_running``).
    running: ClassVar[int] = 0

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        #: Collections made, by generation (for tests and logs).
        self.collections = [0, 0, 0]
        _automatic.hold_off()
        self._holding = True
        GuiThreadCollector.running += 1
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the generations whose counts are past their thresholds, youngest first
        (as the interpreter would have, had it been allowed to)."""
        counts = gc.get_count()
        for generation in range(3):
            if counts[generation] <= self.thresholds[generation]:
                break
            gc.collect(generation)
            self.collections[generation] += 1

    def stop(self) -> None:
        self._timer.stop()
        if self._holding:
            self._holding = False
            GuiThreadCollector.running -= 1
            _automatic.let_go()
        self.deleteLater()


def collecting_on_gui_thread() -> bool:
    """Whether a :class:`GuiThreadCollector` is running (all through an app's life)."""
    return GuiThreadCollector.running > 0
