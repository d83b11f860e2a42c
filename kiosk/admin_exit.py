"""The only way out of the full-screen kiosk: the admin PIN on a big keypad.

Staff open it with five quick taps on the clock, or Ctrl+Shift+Q on a keyboard. After
``PinGuard.max_tries`` wrong PINs in a row the pad locks for a minute (and the log says so), so
nobody can try all 10,000 PINs at the kiosk.
"""

from __future__ import annotations

import hmac
import logging
import math
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.widgets import label, touch_px
from shared.i18n import tr

log = logging.getLogger(__name__)


class PinGuard:
    """Counts wrong PINs across dialogs; after ``max_tries`` in a row, locks for
    ``lock_seconds``. The kiosk window keeps one for its whole life."""

    def __init__(self, max_tries: int = 5, lock_seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_tries = max_tries
        self.lock_seconds = lock_seconds
        self._clock = clock
        self._wrong = 0
        self._locked_until = 0.0

    def seconds_left(self) -> float:
        """How long the pad stays locked (0 when it is not)."""
        return max(0.0, self._locked_until - self._clock())

    def note_wrong(self) -> None:
        self._wrong += 1
        if self._wrong >= self.max_tries:
            self._wrong = 0
            self._locked_until = self._clock() + self.lock_seconds
            log.warning("admin PIN: %d wrong tries, the PIN pad is locked for %.0f s",
                        self.max_tries, self.lock_seconds)
        else:
            log.info("admin PIN: wrong try %d of %d", self._wrong, self.max_tries)

    def note_right(self) -> None:
        self._wrong = 0


class PinDialog(QDialog):
    """A numeric keypad; ``accept()`` only with the right PIN, and not while locked."""

    def __init__(self, pin: str, language: str, parent: QWidget | None = None, *,
                 guard: PinGuard | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setModal(True)
        self._pin = pin
        self.guard = guard or PinGuard()
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(500)
        self._lock_timer.timeout.connect(self._on_lock_timer_timeout)
        self.setWindowTitle(tr("kiosk.admin_title", language))
        self.title = label(tr("kiosk.admin_title", language), "heading")
        self.field = QLineEdit()
        self.field.setObjectName("pinField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = label("", "muted")
        grid = QGridLayout()
        grid.setSpacing(10)
        size = touch_px(self)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789⌫0✔"):
            button = QPushButton(key)
            button.setObjectName(f"pin_{key}" if key.isdigit() else
                                 ("pin_back" if key == "⌫" else "pin_ok"))
            button.setMinimumSize(size, size)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if key == "✔":
                button.setProperty("kiosk", "action")
            button.clicked.connect(partial(self._on_key_clicked, key))
            self.keys[key] = button
            grid.addWidget(button, index // 3, index % 3)
        cancel = QPushButton(tr("button.cancel", language))
        cancel.setObjectName("pin_cancel")
        cancel.setProperty("kiosk", "nav")
        cancel.setMinimumHeight(size)
        cancel.clicked.connect(self.reject)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(24, 24, 24, 24)
        for widget in (self.title, self.field, self.error):
            rows.addWidget(widget)
        rows.addLayout(grid)
        rows.addWidget(cancel)
        self._language = language
        self._on_lock_timer_timeout()

    def _on_key_clicked(self, key: str) -> None:
        if key == "⌫":
            self.field.backspace()
        elif key == "✔":
            self.try_pin(self.field.text())
        else:
            self.field.insert(key)

    def try_pin(self, text: str) -> bool:
        """Accept the dialog if ``text`` is the PIN (and the pad is not locked); else say it is
        wrong, clear it, and count the try."""
        if self.guard.seconds_left() > 0:
            self.field.clear()
            return False
        if self._pin and hmac.compare_digest(text.encode(), self._pin.encode()):
            self.guard.note_right()
            self.accept()
            return True
        self.field.clear()
        self.guard.note_wrong()
        self.error.setText(tr("kiosk.admin_wrong", self._language))
        self._on_lock_timer_timeout()
        return False

    def is_locked(self) -> bool:
        return self.guard.seconds_left() > 0

    def _on_lock_timer_timeout(self) -> None:
        """Show the lock and its countdown; unlock the keys when it is over."""
        left = self.guard.seconds_left()
        for button in self.keys.values():
            button.setEnabled(left <= 0)
        if left > 0:
            self.error.setText(tr("kiosk.admin_locked", self._language,
                                  seconds=math.ceil(left)))
            if not self._lock_timer.isActive():
                self._lock_timer.start()
        elif self._lock_timer.isActive():
            self._lock_timer.stop()
            self.error.setText("")
