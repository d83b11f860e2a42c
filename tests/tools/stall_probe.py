"""The Qt event loop's longest stall: a 10 ms timer that measures how late it fires."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer


class StallProbe:
    def __init__(self, interval_ms: int = 10) -> None:
        self.interval_ms = interval_ms
        self.longest_ms = 0
        self.ticks = 0
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._clock.start()
        self._timer.start()

    def _tick(self) -> None:
        self.ticks += 1
        self.longest_ms = max(self.longest_ms, self._clock.restart() - self.interval_ms)

    def stop(self) -> int:
        self._timer.stop()
        return self.longest_ms
