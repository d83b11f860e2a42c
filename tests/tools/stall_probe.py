"""The Qt event loop's longest stall: a 10 ms timer that measures how late it fires.

On a loaded 2-core machine the whole process is sometimes not scheduled for 100 ms or more;
that is the machine, not the window. A sentinel thread sleeping 5 ms at a time measures those
moments, and ``longest_ms`` is the GUI's lateness minus the process's own at the same moment
(``raw_longest_ms`` keeps the uncorrected figure). A GUI blocked on the database (the GIL
released in a socket wait) or busy in Python (the GIL passed on every 5 ms) leaves the
sentinel on time, so it still counts in full.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer


class StallProbe:
    def __init__(self, interval_ms: int = 10) -> None:
        self.interval_ms = interval_ms
        self.longest_ms = 0
        self.raw_longest_ms = 0
        self.ticks = 0
        self._last = time.monotonic()
        self._starved: list[tuple[float, float]] = []  # (start, end) the process was late
        self._stop = threading.Event()
        self._sentinel = threading.Thread(target=self._watch, daemon=True)
        self._sentinel.start()
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            before = time.monotonic()
            time.sleep(0.005)
            after = time.monotonic()
            if after - before > 0.025:
                self._starved.append((before + 0.005, after))

    def _tick(self) -> None:
        now = time.monotonic()
        late = max(0.0, now - self._last - self.interval_ms / 1000)
        start = self._last + self.interval_ms / 1000
        self._last = now
        self.ticks += 1
        excused = sum(max(0.0, min(end, now) - max(begin, start))
                      for begin, end in list(self._starved) if end > start and begin < now)
        self.raw_longest_ms = max(self.raw_longest_ms, round(late * 1000))
        self.longest_ms = max(self.longest_ms, round(max(0.0, late - excused) * 1000))

    def stop(self) -> int:
        self._timer.stop()
        self._stop.set()
        self._sentinel.join(timeout=1)
        return self.longest_ms
