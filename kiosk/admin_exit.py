"""The only way out of the full-screen kiosk: the admin PIN on a big keypad.

Staff open it with five quick taps on the clock, or Ctrl+Shift+Q on a keyboard. After
``PinGuard.max_tries`` wrong PINs in a row the pad locks for a minute (and the log says so), so
nobody can try all 10,000 PINs at the kiosk. The factory PIN "0000" never opens it: a kiosk
without a PIN of its own shows :class:`PinSetupDialog` at its first start (kiosk.pin_store).
"""

from __future__ import annotations

import hmac
import logging
import math
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.pin_store import DEFAULT_PIN, PinStore, acceptable_new_pin
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

    def __init__(self, pin: str | PinStore, language: str, parent: QWidget | None = None, *,
                 guard: PinGuard | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setModal(True)
        self._store = pin if isinstance(pin, PinStore) else None
        self._pin = "" if isinstance(pin, PinStore) else pin
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def fit(self) -> None:
        """As large as its keys and wrapped texts need (a longer message must not squeeze
        the keypad)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
            width = max(self.width(), self.minimumWidth(), layout.minimumSize().width())
            height = max(layout.minimumSize().height(), layout.heightForWidth(width)
                         if layout.hasHeightForWidth() else 0)
            self.resize(width, max(self.height(), height))

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
        if self._matches(text):
            self.guard.note_right()
            self.accept()
            return True
        self.field.clear()
        self.guard.note_wrong()
        self.error.setText(tr("kiosk.admin_wrong", self._language))
        self._on_lock_timer_timeout()
        self.fit()
        return False

    def _matches(self, text: str) -> bool:
        """The PIN is right: never the factory default, never an empty one."""
        if self._store is not None:
            return self._store.verify(text)
        return bool(self._pin) and self._pin != DEFAULT_PIN and text != DEFAULT_PIN and (
            hmac.compare_digest(text.encode(), self._pin.encode()))

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


class PinSetupDialog(PinDialog):
    """The first start of a kiosk without a PIN: a new PIN, twice, kept by ``store``. It has
    no cancel: the kiosk does not serve (nor leave full screen) before a PIN is set."""

    def __init__(self, store: PinStore, language: str, parent: QWidget | None = None) -> None:
        super().__init__(store, language, parent)
        self.setObjectName("pinSetupDialog")
        self.store = store
        self.saved = False
        self._first = ""
        self.setWindowTitle(tr("kiosk_help.pin_setup_title", language))
        self.title.setText(tr("kiosk_help.pin_setup_title", language))
        self.error.setText(tr("kiosk_help.pin_setup_body", language))
        self.setMinimumWidth(touch_px(self) * 6)
        cancel = self.findChild(QPushButton, "pin_cancel")
        if cancel is not None:
            cancel.hide()

    def try_pin(self, text: str) -> bool:
        """First the new PIN, then the same again; saved on a match (True)."""
        self.field.clear()
        try:
            return self._take(text)
        finally:
            self.fit()

    def _take(self, text: str) -> bool:
        language = self._language
        if not self._first:
            if not acceptable_new_pin(text):
                self.error.setText(tr("kiosk_help.pin_setup_weak", language))
                return False
            self._first = text
            self.error.setText(tr("kiosk_help.pin_setup_again", language))
            return False
        if text != self._first:
            self._first = ""
            self.error.setText(tr("kiosk_help.pin_setup_mismatch", language))
            return False
        try:
            self.store.save(text)
        except (OSError, ValueError) as error:
            log.error("kiosk admin PIN not saved: %r", error)
            self._first = ""
            self.error.setText(tr("kiosk_help.pin_setup_unsaved", language, reason=str(error)))
            return False
        self.saved = True
        self.accept()
        return True

    def reject(self) -> None:
        """Escape or closing the dialog does not skip setting the PIN."""
        if self.saved:
            super().reject()
