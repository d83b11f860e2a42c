"""Messages that never block a screen: a banner (toast) and an "unavailable" overlay.

    Banner.for_window(window).show_message(tr("message.recovered"), "success")
    Banner.for_window(window).show_error(error)          # a LaysoError: its message; else generic

    overlay = UnavailableOverlay(window, probe=db_is_reachable)
    overlay.show_unavailable()   # hides itself when probe() returns True; emits recovered()

A probe runs on the GUI thread every ``retry_ms``: keep it quick (short connect timeout).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from shared.errors import LaysoError
from shared.i18n import current_language, tr

log = logging.getLogger(__name__)

Level = Literal["info", "success", "warning", "error"]

#: Background and text colours of each banner level (all ≥ 7:1 contrast).
LEVEL_COLORS: dict[str, tuple[str, str]] = {
    "info": ("#0B4A8F", "#FFFFFF"),
    "success": ("#1B5E20", "#FFFFFF"),
    "warning": ("#FFD54A", "#111111"),
    "error": ("#A4161A", "#FFFFFF"),
}


def user_message(error: BaseException, language: str | None = None) -> str:
    """What a user may read about ``error``: a LaysoError's message, else a generic apology."""
    lang = language or current_language()
    if isinstance(error, LaysoError):
        return error.localized(lang)
    return tr("message.unexpected_error", lang)


class _FollowParent(QObject):
    """Calls ``relayout`` whenever the watched parent is resized."""

    def __init__(self, parent: QWidget, relayout: Callable[[], None]) -> None:
        super().__init__(parent)
        self._relayout = relayout
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._relayout()
        return False


class Banner(QFrame):
    """A strip across the top of its window that shows one message and hides by itself.

    ``docked=True``: the strip is not laid over its parent but put in a layout by its owner
    (e.g. a status strip at the bottom of a window): it covers nothing and nothing covers it.
    """

    def __init__(self, parent: QWidget, docked: bool = False) -> None:
        super().__init__(parent)
        self._docked = docked
        self.setObjectName("laysoBanner")
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._level: str = "info"
        if docked:
            layout.setContentsMargins(10, 2, 10, 2)
        else:
            self._follower = _FollowParent(parent, self._place)
        self.hide()

    @classmethod
    def for_window(cls, window: QWidget) -> Banner:
        """The window's banner, made on first use."""
        existing = window.findChild(Banner, "laysoBanner")
        return existing if isinstance(existing, Banner) else cls(window)

    def show_message(self, text: str, level: Level = "info", timeout_ms: int = 6000) -> None:
        """Show ``text`` for ``timeout_ms`` (0: until clicked or replaced)."""
        background, foreground = LEVEL_COLORS[level]
        self._level = level
        self.setStyleSheet(
            f"QFrame#laysoBanner {{ background: {background}; border-radius: 8px; }}"
            f"QFrame#laysoBanner QLabel {{ color: {foreground}; background: transparent;"
            " font-weight: bold; }")
        self._label.setText(text)
        self._place()
        self.show()
        self.raise_()
        if timeout_ms > 0:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def show_error(self, error: BaseException, language: str | None = None,
                   timeout_ms: int = 10000) -> None:
        """Show what a user may read about ``error`` (never a traceback)."""
        self.show_message(user_message(error, language), "error", timeout_ms)

    def message(self) -> str:
        return self._label.text()

    def level(self) -> str:
        return self._level

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()

    def sizeHint(self) -> QSize:
        """Docked: as tall as its text needs at its width (a long message wraps onto a second
        line and the strip grows, rather than clipping it)."""
        hint = super().sizeHint()
        if self._docked and self.width() > 40:
            margins = self._layout.contentsMargins()
            text_width = self.width() - margins.left() - margins.right()
            needed = self._label.heightForWidth(text_width) + margins.top() + margins.bottom()
            hint.setHeight(max(hint.height(), needed))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._docked and event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the height the text needs depends on the width

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None or self._docked:
            self.updateGeometry()
            return
        margin = max(8, parent.width() // 60)
        width = parent.width() - 2 * margin
        self._label.setFixedWidth(max(10, width - 24))
        height = self._label.heightForWidth(self._label.width()) + 24
        self.setGeometry(margin, margin, width, max(height, self.sizeHint().height()))


class UnavailableOverlay(QWidget):
    """Covers its window with "Hệ thống tạm thời gián đoạn…" until the system is back."""

    recovered = Signal()

    def __init__(self, parent: QWidget, probe: Callable[[], bool] | None = None,
                 retry_ms: int = 2000, language: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("laysoUnavailable")
        self._probe = probe
        self._language = language
        self._timer = QTimer(self)
        self._timer.setInterval(retry_ms)
        self._timer.timeout.connect(self._on_retry_timeout)
        self._card = QFrame(self)
        self._card.setObjectName("laysoUnavailableCard")
        self._card.setStyleSheet(
            "QFrame#laysoUnavailableCard { background: #FFFFFF; border: 3px solid #A4161A;"
            " border-radius: 16px; } QLabel { color: #111111; background: transparent; }")
        self._title = QLabel(self._card)
        self._title.setObjectName("title")
        self._body = QLabel(self._card)
        for label in (self._title, self._body):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card_layout = QVBoxLayout(self._card)
        card_layout.addWidget(self._title)
        card_layout.addWidget(self._body)
        self._follower = _FollowParent(parent, self._place)
        self.hide()

    def show_unavailable(self, detail: str = "") -> None:
        """Cover the window and start probing (``detail`` is logged, not shown)."""
        if detail:
            log.warning("system unavailable: %s", detail)
        self._title.setText(tr("message.unavailable_title", self._language))
        self._body.setText(tr("message.unavailable_body", self._language))
        self._place()
        self.show()
        self.raise_()
        if self._probe is not None:
            self._timer.start()

    def set_available(self, available: bool) -> None:
        """Tell the overlay the system is back (hide it) or gone (show it)."""
        if available and self.isVisible():
            self._timer.stop()
            self.hide()
            log.info("system available again")
            self.recovered.emit()
        elif not available and not self.isVisible():
            self.show_unavailable()

    def is_probing(self) -> bool:
        return self._timer.isActive()

    def title(self) -> str:
        return self._title.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(10, 15, 26, 215))
        painter.end()

    def _on_retry_timeout(self) -> None:
        try:
            back = self._probe() if self._probe is not None else False
        except Exception:  # a probe that fails means "still unavailable"
            log.debug("probe failed", exc_info=True)
            back = False
        if back:
            self.set_available(True)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        self.setGeometry(parent.rect())
        font_px = max(20, min(parent.width(), parent.height()) // 22)
        self._title.setStyleSheet(f"font-size: {font_px}px; font-weight: bold;")
        self._body.setStyleSheet(f"font-size: {round(font_px * 0.7)}px;")
        width = min(parent.width() - 40, max(400, parent.width() * 2 // 3))
        self._card.setFixedWidth(max(100, width))
        self._card.adjustSize()
        self._card.move((self.width() - self._card.width()) // 2,
                        (self.height() - self._card.height()) // 2)
