"""The Qt event loop's longest stall: a 10 ms timer that measures how late it fires.

On a loaded 2-core machine the GUI thread is sometimes ready to run but not given a CPU for
100 ms or more; that is the machine, not the window. Linux counts that time per thread
(``/proc/thread-self/schedstat``, the run-queue wait): ``longest_ms`` is each tick's lateness
minus the GUI thread's run-queue wait over the same interval (``raw_longest_ms`` keeps the
uncorrected figure). A GUI blocked on the database (sleeping in a socket or lock wait), busy in
Python, or waiting for the GIL still counts in full.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer

SCHEDSTAT = Path("/proc/thread-self/schedstat")


def _run_queue_wait() -> float:
    """Seconds this thread has spent runnable but not running (0 where unknown)."""
    try:
        return int(SCHEDSTAT.read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class StallProbe:
    def __init__(self, interval_ms: int = 10) -> None:
        self.interval_ms = interval_ms
        self.longest_ms = 0
        self.raw_longest_ms = 0
        self.ticks = 0
        self._last = time.monotonic()
        self._waited = _run_queue_wait()
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        waited = _run_queue_wait()
        late = max(0.0, now - self._last - self.interval_ms / 1000)
        excused = waited - self._waited
        self._last, self._waited = now, waited
        self.ticks += 1
        self.raw_longest_ms = max(self.raw_longest_ms, round(late * 1000))
        self.longest_ms = max(self.longest_ms, round(max(0.0, late - excused) * 1000))

    def stop(self) -> int:
        self._timer.stop()
        return self.longest_ms
