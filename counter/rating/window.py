"""The citizen's rating panel beside a counter (a second screen or a tablet).

It waits, learns through the change feed that the counter finished a ticket, and asks for a
rating on the configured scale (big buttons, or the keys 1–5). "Không hài lòng" asks for a
reason (one touch on a common one, or typed). It gives up after ``rating.timeout_seconds``,
and shows the seconds left (typing a reason starts them again). A citizen who is rating is
never interrupted: a ticket the counter finishes meanwhile is asked about once they are done
(or the panel gave up). The rating is stored anonymously against the ticket, the clerk and
the counter. Every read and the rating itself run off the GUI thread (shared/ui/worker.py); a
rating the database could not take (busy, lost) is said NOT recorded and the citizen's page
stays, to choose again: it is stored once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter.text import localized
from shared.config import RatingSettings
from shared.db.database import Database
from shared.errors import DatabaseUnavailable, LaysoError
from shared.i18n import current_language, tr
from shared.ratings import COMMON_REASONS, RatingLevel, RatingService
from shared.ui.bridge import ChangeBridge
from shared.ui.messages import Banner
from shared.ui.worker import OffThread
from shared.views import TicketView

log = logging.getLogger(__name__)
T = TypeVar("T")
THANKS_MS = 4000
#: Button colours, best level first (3 levels use the first, middle and last).
LEVEL_COLORS = ["#1B5E20", "#2E7D32", "#0B4A8F", "#A4161A", "#7F0000"]


def _t(key: str, **fmt: Any) -> str:
    return tr(f"rating.{key}", **fmt)


def _big(widget: QWidget, px: int, bold: bool = True) -> None:
    widget.setStyleSheet(f"font-size: {px}px; {'font-weight: bold;' if bold else ''}")


#: How early a countdown tick may come and still count as the next second.
TICK_SLACK_MS = 100


class RatingWindow(QWidget):
    def __init__(self, db: Database, site: str, counter: int,
                 settings: RatingSettings | None = None, *, live: bool = True) -> None:
        super().__init__()
        self.setObjectName("ratingWindow")
        self.setWindowTitle(_t("title"))
        self.ratings = RatingService(db, settings)
        self.calls = OffThread()
        self._check_again = False
        self.site, self.counter = site, counter
        self.ticket: TicketView | None = None
        self._level: RatingLevel | None = None
        self.pages = QStackedWidget(self)
        self.idle_page, self.ask_page = self._idle_page(), self._ask_page()
        self.reason_page, self.thanks_page = self._reason_page(), self._thanks_page()
        for page in (self.idle_page, self.ask_page, self.reason_page, self.thanks_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.pages)
        self.banner = Banner.for_window(self)
        self.give_up = QTimer(self)
        self.give_up.setSingleShot(True)
        timeout = self.ratings.settings.timeout_seconds
        self.give_up.setInterval(max(1, timeout) * 1000)
        self.give_up.timeout.connect(self.show_idle)
        #: Ticks the countdown shown on the ask and reason pages.
        self.countdown_timer = QTimer(self)
        # Precise: a coarse timer may tick up to 5 % early, still in the first second.
        self.countdown_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.countdown_timer.setInterval(1000)
        self.countdown_timer.timeout.connect(self._on_countdown_timeout)
        #: A newer ticket finished while a citizen was rating: asked about once they are done.
        self._pending_newer = False
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(THANKS_MS)
        self.thanks_timer.timeout.connect(self.show_idle)
        self.bridge: ChangeBridge | None = None
        if live:
            self.bridge = ChangeBridge(db, site, self)
            self.bridge.changed.connect(self._on_changes)
            self.bridge.connection_restored.connect(self.check_pending)
            bridge = self.bridge
            # Positioned before the first read (nothing is missed), off the GUI thread.
            self._read(bridge.position, "change feed not positioned")
            bridge.start()
        self.show_idle()
        self.check_pending()

    # ------------------------------------------------------------------ pages
    def _idle_page(self) -> QWidget:
        page = QWidget()
        self.idle_counter = QLabel(_t("counter", counter=self.counter))
        self.idle_text = QLabel(_t("idle"))
        self.idle_text.setWordWrap(True)
        box = QVBoxLayout(page)
        box.addStretch(1)
        for label in (self.idle_counter, self.idle_text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(label)
        box.addStretch(1)
        return page

    def _ask_page(self) -> QWidget:
        page = QWidget()
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.level_buttons: list[QPushButton] = []
        self.levels: tuple[RatingLevel, ...] = ()
        row = self.level_row = QHBoxLayout()
        row.setSpacing(16)
        self._show_levels(self._site_levels())
        self.anonymous = QLabel(_t("anonymous"))
        self.anonymous.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.anonymous.setProperty("role", "muted")
        self.countdown = QLabel()
        self.countdown.setObjectName("ratingCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setProperty("role", "muted")
        box = QVBoxLayout(page)
        box.addWidget(self.question)
        box.addLayout(row, 1)
        box.addWidget(self.anonymous)
        box.addWidget(self.countdown)
        return page

    def _reason_page(self) -> QWidget:
        page = QWidget()
        self.reason_title = QLabel(_t("reason_title"))
        self.reason_title.setWordWrap(True)
        self.reason_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.reason_buttons: list[QPushButton] = []
        for index, (vi, en) in enumerate(COMMON_REASONS):
            button = QPushButton(f"{index + 1}. {localized(vi, en)}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, text=vi: self.send_reason(text))
            self.reason_buttons.append(button)
            grid.addWidget(button, index // 2, index % 2)
        self.reason_text = QLineEdit()
        self.reason_text.setObjectName("ratingReason")
        self.reason_text.setPlaceholderText(_t("reason_other"))
        self.reason_text.returnPressed.connect(self._on_send_clicked)
        self.reason_text.textEdited.connect(lambda _text: self._restart_countdown())
        self.send_button = QPushButton(_t("send"))
        self.send_button.setProperty("role", "primary")
        self.send_button.clicked.connect(self._on_send_clicked)
        other = QHBoxLayout()
        other.addWidget(self.reason_text, 1)
        other.addWidget(self.send_button)
        self.reason_countdown = QLabel()
        self.reason_countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_countdown.setProperty("role", "muted")
        box = QVBoxLayout(page)
        box.addWidget(self.reason_title)
        box.addLayout(grid, 1)
        box.addLayout(other)
        box.addWidget(self.reason_countdown)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        self.thanks = QLabel(_t("thanks"))
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(page).addWidget(self.thanks)
        return page

    # ------------------------------------------------------------------ flow
    def _read(self, call: Callable[[], T], what: str) -> T | None:
        """``call()`` off the GUI thread; None (logged) when the database did not answer."""
        try:
            return self.calls.run(call)
        except LaysoError as error:
            log.warning("%s: %s", what, error.detail or error.message)
            return None

    def _site_levels(self) -> tuple[RatingLevel, ...]:
        """The site's scale (the center's, set in the console), else this PC's file's."""
        levels = self._read(lambda: self.ratings.levels(self.site), "rating scale not read")
        return levels or self.levels or self.ratings.levels()

    def _show_levels(self, levels: tuple[RatingLevel, ...]) -> None:
        """One big button per level, best first (rebuilt when the center changes its scale)."""
        if levels == self.levels:
            return
        for button in self.level_buttons:
            self.level_row.removeWidget(button)
            button.deleteLater()
        self.level_buttons = []
        self.levels = levels
        colors = LEVEL_COLORS if len(levels) == 5 else [LEVEL_COLORS[0], LEVEL_COLORS[2],
                                                        LEVEL_COLORS[3]]
        for index, (level, color) in enumerate(zip(levels, colors, strict=True), start=1):
            button = QPushButton(f"{index}\n{localized(level.label, level.label_en)}")
            button.setObjectName(f"level{level.value}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setProperty("color", color)
            button.clicked.connect(lambda _=False, chosen=level: self.choose(chosen))
            self.level_buttons.append(button)
            self.level_row.addWidget(button)
        self._style_levels()

    def show_idle(self) -> None:
        self.ticket, self._level = None, None
        self.give_up.stop()
        self.countdown_timer.stop()
        self.pages.setCurrentWidget(self.idle_page)
        if self._pending_newer:
            self._pending_newer = False
            self.check_pending()

    def rating_in_progress(self) -> bool:
        """A citizen is choosing a level or a reason (not yet thanked, not given up)."""
        return self.ticket is not None and self.pages.currentWidget() in (self.ask_page,
                                                                          self.reason_page)

    def seconds_left(self) -> int:
        """Seconds before the panel gives up (0 when it is not asking)."""
        if not self.give_up.isActive():
            return 0
        whole = self.give_up.interval() // 1000
        # Whole seconds left, rounded up, with a tick that comes a little early (the event
        # loop's slack) counted as on time: "29" one second in, never "30" for two.
        return max(0, min(whole, -(-(self.give_up.remainingTime() - TICK_SLACK_MS) // 1000)))

    def _on_countdown_timeout(self) -> None:
        text = _t("countdown", seconds=self.seconds_left()) if self.give_up.isActive() else ""
        self.countdown.setText(text)
        self.reason_countdown.setText(text)

    def ask(self, ticket: TicketView) -> None:
        self._show_levels(self._site_levels())
        self.ticket = ticket
        self.question.setText(_t("question", number=ticket.number, counter=self.counter))
        self.pages.setCurrentWidget(self.ask_page)
        self.thanks_timer.stop()
        self.give_up.start()
        self.countdown_timer.start()
        self._on_countdown_timeout()
        self.setFocus()

    def check_pending(self) -> None:
        """Ask about the counter's last finished ticket if it is recent and not rated."""
        if self.calls.busy:  # a read or the rating in flight: check once it has ended
            self._check_again = True
            return
        ticket = self._read(lambda: self.ratings.pending_for_counter(
            self.site, self.counter, self.ratings.settings.timeout_seconds),
            "rating panel cannot read")
        if self._check_again:
            self._check_again = False
            QTimer.singleShot(0, self.check_pending)
        if ticket is None or (self.ticket is not None and self.ticket.id == ticket.id):
            return
        if self.rating_in_progress() or self.thanks_timer.isActive():
            self._pending_newer = True  # never take the screen from a citizen mid-rating
            return
        self.ask(ticket)

    def choose(self, level: RatingLevel) -> None:
        if self.ticket is None:
            return
        if level.needs_reason:
            self._level = level
            self.reason_text.clear()
            self.pages.setCurrentWidget(self.reason_page)
            self.give_up.start()
            self._on_countdown_timeout()
            return
        self._store(level, "")

    def send_reason(self, reason: str) -> None:
        if self._level is not None and reason.strip():
            self._store(self._level, reason)

    def _restart_countdown(self) -> None:
        """Typing a reason gives the citizen the whole time again."""
        self.give_up.start()
        self._on_countdown_timeout()

    def _on_send_clicked(self) -> None:
        self.send_reason(self.reason_text.text())

    def _store(self, level: RatingLevel, reason: str) -> None:
        assert self.ticket is not None
        if self.calls.busy:
            return  # the rating is being stored: one touch, one rating
        ticket_id, scale = self.ticket.id, len(self.levels)
        try:
            self.calls.run(lambda: self.ratings.rate(ticket_id, level.value, reason,
                                                     scale=scale))
        except DatabaseUnavailable as error:  # busy or lost: not recorded, choose again
            log.warning("rating not stored: %s", error.detail or error.message_en)
            self.banner.show_message(_t("not_saved"), "error", 10000)
            return
        except LaysoError as error:  # already rated elsewhere, ticket gone: say so, move on
            self.banner.show_error(error, current_language(), 4000)
        self.give_up.stop()
        self.countdown_timer.stop()
        self.ticket, self._level = None, None
        self.pages.setCurrentWidget(self.thanks_page)
        self.thanks_timer.start()

    def _on_changes(self, changes: list[Any]) -> None:
        if any(getattr(change, "kind", "") == "ticket.finished"
               and (change.data or {}).get("counter_number") == self.counter
               for change in changes):
            self.check_pending()

    # ------------------------------------------------------------------ Qt events
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            page = self.pages.currentWidget()
            if page is self.ask_page and index < len(self.level_buttons):
                self.level_buttons[index].click()
                return
            if page is self.reason_page and not self.reason_text.hasFocus() and (
                    index < len(self.reason_buttons)):
                self.reason_buttons[index].click()
                return
        if key == Qt.Key.Key_Escape and self.pages.currentWidget() is self.reason_page:
            self.pages.setCurrentWidget(self.ask_page)
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        side = min(event.size().width(), event.size().height())
        big, body = max(28, side // 12), max(20, side // 26)
        _big(self.idle_counter, big)
        _big(self.idle_text, body, bold=False)
        _big(self.question, body)
        _big(self.reason_title, body)
        _big(self.thanks, big)
        for countdown in (self.countdown, self.reason_countdown):
            countdown.setStyleSheet(f"font-size: {body}px; color: #3F4A57;")
        self._body_px = body
        self._style_levels()
        for button in self.reason_buttons:
            button.setStyleSheet(f"font-size: {body}px;")

    def _style_levels(self) -> None:
        body = getattr(self, "_body_px", 20)
        for button in self.level_buttons:
            color = button.property("color")
            button.setStyleSheet(
                f"QPushButton {{ background: {color}; color: white; border-radius: 18px;"
                f" font-size: {body + 6}px; font-weight: bold; border: none; }}")

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        if self.bridge is not None:
            self.bridge.stop()
            self.bridge = None
        self.give_up.stop()
        self.thanks_timer.stop()
        self.countdown_timer.stop()
