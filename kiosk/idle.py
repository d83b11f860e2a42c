"""Back to home after N seconds without a touch: one timer, restarted by any user input.

The ticket screen has a shorter wait of its own (:data:`TICKET_SECONDS`: the citizen has the
number and goes to sit down); every other screen first asks "Ông/bà còn ở đây không?" for
:data:`STILL_HERE_SECONDS` (kiosk.still_here) before going home.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

#: Events that mean "someone is using the kiosk".
_ACTIVITY = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.Wheel,
    QEvent.Type.MouseButtonDblClick,
})

#: The ticket screen goes home by itself after this many seconds without a touch.
TICKET_SECONDS = 15.0
#: ... or this many when the printer failed: time to note the number or scan the QR code.
TICKET_FAILED_SECONDS = 30.0
#: How long "Ông/bà còn ở đây không?" counts down before an idle return home.
STILL_HERE_SECONDS = 10


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``seconds`` of no input anywhere in the application."""

    idle = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.seconds = seconds
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, round(seconds * 1000)))
        self._timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def arm(self, seconds: float | None = None) -> None:
        """Start (or restart) counting ``seconds`` (default: the watcher's own)."""
        self._timer.setInterval(max(1, round((seconds or self.seconds) * 1000)))
        self._timer.start()

    def disarm(self) -> None:
        self._timer.stop()

    def is_armed(self) -> bool:
        return self._timer.isActive()

    def interval_seconds(self) -> float:
        """What the running count waits for, in seconds."""
        return self._timer.interval() / 1000

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False
