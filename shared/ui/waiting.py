"""The waiting screen of an app started while its database cannot be reached.

After a power cut the wall PC often boots before the server: instead of an error that stays,
the app shows "Đang chờ cơ sở dữ liệu…" and tries again by itself, in a worker thread (a
connection attempt can take the whole connect timeout; the window never waits on it)::

    screen = WaitingScreen(probe, build, language="vi")
    # probe(): runs in a worker thread; returns what build needs, or raises
    #   DatabaseUnavailable (tried again after ``retry_ms``) or another LaysoError (shown, and
    #   not tried again: a file that is not a database will not become one).
    # build(value): runs on the GUI thread once probe succeeded; returns the app's window,
    #   which takes the screen's place (full screen if it was). Its first reads run off the
    #   GUI thread (shared/ui/worker.py): meanwhile this screen says "Đang mở…".

``app_window`` holds the app's window once it is built.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from shared.errors import DatabaseUnavailable, LaysoError, SchemaMismatch

log = logging.getLogger(__name__)

#: How long after a failed attempt the next one starts.
RETRY_MS = 2000

TEXTS = {
    "title": ("Đang chờ cơ sở dữ liệu…", "Waiting for the database…"),
    "hint": ("Ứng dụng sẽ tự mở khi máy chủ sẵn sàng. Không cần khởi động lại.",
             "The app opens by itself as soon as the server is ready. No restart needed."),
    "attempt": ("Lần thử {count}: {message}", "Attempt {count}: {message}"),
    "trying": ("Đang kết nối…", "Connecting…"),
    "opening": ("Đã kết nối. Đang mở…", "Connected. Opening…"),
}


def _text(key: str, language: str, **fmt: Any) -> str:
    vi, en = TEXTS[key]
    return (en if language == "en" else vi).format(**fmt)


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class WaitingScreen(QWidget):
    """Tries ``probe`` in a worker thread until it succeeds, then shows ``build``'s window."""

    #: The app's window, once built.
    ready = Signal(object)

    def __init__(self, probe: Callable[[], Any], build: Callable[[Any], QWidget], *,
                 language: str = "vi", retry_ms: int = RETRY_MS, first_error: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingScreen")
        self._probe = probe
        self._build = build
        self.language = language
        self.retry_ms = retry_ms
        self.attempts = 0
        self.app_window: QWidget | None = None
        self.stopped = False
        self._busy = False
        self._relay = _Relay(self)
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.succeeded.connect(self._on_succeeded, queued)
        self._relay.failed.connect(self._on_failed, queued)
        self.title = QLabel(_text("title", language), self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)  # a long error must not widen the window past the screen
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(_text("hint", language), self)
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "subtitle")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel(first_error or _text("trying", language), self)
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title, self.hint, self.status):
            layout.addWidget(label)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.try_now)
        QTimer.singleShot(0, self.try_now)

    def try_now(self) -> None:
        """Start one attempt in a worker thread (none if one is running or we are done)."""
        if self._busy or self.app_window is not None or self.stopped:
            return
        self._busy = True
        self.attempts += 1
        threading.Thread(target=self._attempt, name="layso-wait-db", daemon=True).start()

    def _attempt(self) -> None:
        try:
            value = self._probe()
        except Exception as error:  # reported on the GUI thread
            self._relay.failed.emit(error)
            return
        self._relay.succeeded.emit(value)

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        if self.stopped:
            return
        if isinstance(error, DatabaseUnavailable | SchemaMismatch):
            # Not reachable yet, or no database / one of another version (`layso db upgrade`
            # on the server PC sets that right; the app makes nothing itself): try again.
            log.info("database not ready yet (attempt %d): %s", self.attempts,
                     error.detail or error.message_en)
            self.status.setText(_text("attempt", self.language, count=self.attempts,
                                      message=error.localized(self.language)))
            self._timer.start(self.retry_ms)
            return
        if isinstance(error, LaysoError):
            log.error("cannot start: %s %s", error.message, error.detail)
            self.title.setText(error.localized(self.language))
        else:
            log.error("cannot start", exc_info=error)
            self.title.setText(str(error))
        self.hint.setText("")
        self.status.setText("")
        self.stopped = True

    def _on_succeeded(self, value: object) -> None:
        self._busy = False
        if self.stopped:
            return
        self.status.setText(_text("opening", self.language))
        try:
            window = self._build(value)
        except DatabaseUnavailable as error:  # gone again between the probe and the build
            self._on_failed(error)
            return
        except LaysoError as error:
            self._on_failed(error)
            return
        self.app_window = window
        log.info("database reachable after %d attempt(s): the app opens", self.attempts)
        if self.isFullScreen():
            window.showFullScreen()
        elif self.isVisible():
            window.resize(self.size())
            window.show()
        self.hide()
        self.ready.emit(window)

    def stop(self) -> None:
        self.stopped = True
        self._timer.stop()

    def closeEvent(self, event: Any) -> None:
        self.stop()
        super().closeEvent(event)
