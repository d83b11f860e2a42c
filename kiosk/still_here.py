""""Ông/bà còn ở đây không?": the countdown shown before an idle kiosk goes back home.

A veil over the whole window with a card: the question, "going back to the home screen in
N seconds", and one big "Tôi vẫn đang dùng" button. Any touch keeps the citizen where they
were (``stay``); the end of the countdown emits ``expired``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk.widgets import label, touch_px
from shared.i18n import tr


class StillHerePrompt(QFrame):
    """An overlay child of the kiosk window; :meth:`start` shows it and counts down."""

    stay = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stillHere")
        self.language = "vi"
        self.seconds_left = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self.card = QFrame(self)
        self.card.setObjectName("stillHereCard")
        rows = QVBoxLayout(self.card)
        rows.setContentsMargins(40, 32, 40, 32)
        rows.setSpacing(18)
        center = Qt.AlignmentFlag.AlignCenter
        self.title = label("", name="stillHereTitle", align=center)
        self.countdown = label("", "lead", align=center)
        self.countdown.setObjectName("stillHereCountdown")
        self.button = QPushButton()
        self.button.setObjectName("stillHereButton")
        self.button.setProperty("kiosk", "action")
        self.button.setMinimumHeight(touch_px(self) + 10)
        self.button.clicked.connect(self._on_stay)
        for widget in (self.title, self.countdown, self.button):
            rows.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.hide()

    def start(self, seconds: int, language: str) -> None:
        """Cover the window and count ``seconds`` down in ``language``."""
        self.language = language
        self.seconds_left = seconds
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
            self.card.setMinimumWidth(min(parent.width() - 80, round(parent.width() * 0.6)))
        self._show_texts()
        self.show()
        self.raise_()
        self._tick.start()

    def cancel(self) -> None:
        """Hide without a signal (the kiosk went home or elsewhere anyway)."""
        self._tick.stop()
        self.hide()

    def is_counting(self) -> bool:
        return self.isVisible() and self._tick.isActive()

    def _show_texts(self) -> None:
        self.title.setText(tr("kiosk_help.still_here_title", self.language))
        self.countdown.setText(tr("kiosk_help.still_here_countdown", self.language,
                                  seconds=self.seconds_left))
        self.button.setText(tr("kiosk_help.still_here_stay", self.language))

    def _on_tick_timeout(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.cancel()
            self.expired.emit()
            return
        self._show_texts()

    def _on_stay(self) -> None:
        self.cancel()
        self.stay.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touch anywhere on the veil means "I am still here"."""
        event.accept()
        self._on_stay()
