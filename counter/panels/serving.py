"""The serving panel: the counter, the number being served (large), its service, the time
since it was called (ticking), and the buttons of the day's work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter.panels.action_button import ActionButton
from counter.text import localized, t
from shared.clock import business_day
from shared.models import CounterStatus, Priority
from shared.views import CounterState, TicketView

STATUS_STYLE = {CounterStatus.OPEN: ("#1B5E20", "#FFFFFF"),
                CounterStatus.PAUSED: ("#FFD54A", "#111111"),
                CounterStatus.CLOSED: ("#A4161A", "#FFFFFF")}


def counter_title(state: CounterState) -> str:
    """ "Quầy 2 — Hộ tịch", or just "Quầy 2" when the counter's name says no more."""
    plain = t("counter_title", number=state.number, name="").rstrip(" —")
    name = (state.name or "").strip()
    if not name or name.casefold() in (plain.casefold(), f"quầy {state.number}"):
        return plain
    return t("counter_title", number=state.number, name=name)


def elapsed_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class ServingPanel(QFrame):
    #: The ticket on screen has just become one of a past day (midnight passed while it
    #: was served): the window re-reads and offers only F1.
    day_ended = Signal()

    def __init__(self, actions: Sequence[tuple[QAction, str | None]],
                 now: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("servingPanel")
        self._now = now or (lambda: datetime.now(UTC))
        self._ticket: TicketView | None = None
        #: The business day the last message was about (a new day takes it down).
        self._message_day: date | None = None
        self.counter_title = QLabel(self)
        self.counter_title.setProperty("role", "subtitle")
        self.clerk_label = QLabel(self)
        self.clerk_label.setProperty("role", "muted")
        self.status_chip = QLabel(self)
        self.status_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(t("now_serving").upper(), self)
        self.caption.setProperty("role", "muted")
        self.number_label = QLabel("—", self)
        self.number_label.setObjectName("currentNumber")
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service_label = QLabel(self)
        self.service_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service_label.setProperty("role", "subtitle")
        self.detail_label = QLabel(self)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label.setWordWrap(True)
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("elapsed")
        self.elapsed_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.last_label = QLabel(self)
        self.last_label.setWordWrap(True)
        self.last_label.setProperty("role", "muted")
        self.buttons = [ActionButton(action, self, role) for action, role in actions]
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_tick_timeout)
        self._timer.start()

    def _build(self) -> None:
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.counter_title)
        titles.addWidget(self.clerk_label)
        head.addLayout(titles, 1)
        head.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignTop)
        card = QFrame(self)
        card.setObjectName("numberCard")
        card_layout = QVBoxLayout(card)
        card_layout.setSpacing(2)
        for widget in (self.caption, self.number_label, self.service_label, self.detail_label,
                       self.elapsed_label):
            card_layout.addWidget(widget)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(6)
        # The first (call next) across, the others three a row: nine keys in four rows.
        for index, button in enumerate(self.buttons):
            if index == 0:
                grid.addWidget(button, 0, 0, 1, 3)
            else:
                grid.addWidget(button, 1 + (index - 1) // 3, (index - 1) % 3)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(card, 1)
        layout.addLayout(grid)
        layout.addWidget(self.last_label)

    def set_counter(self, state: CounterState, clerk_name: str, *,
                    past_day: bool = False) -> None:
        """Show the counter's status and its current ticket (None: free). ``past_day``: that
        ticket is of a past business day (left serving at closing): shown as such, never
        as "called 15 hours ago"."""
        with QSignalBlocker(self):
            self.counter_title.setText(counter_title(state))
            self.clerk_label.setText(clerk_name)
            status = CounterStatus(state.status)
            background, color = STATUS_STYLE[status]
            self.status_chip.setText(t(f"status_{status.value}"))
            self.status_chip.setStyleSheet(
                f"background: {background}; color: {color}; font-weight: bold;"
                " border-radius: 6px; padding: 4px 10px;")
            self.show_ticket(state.current, past_day=past_day)

    def clear(self) -> None:
        """Nothing of the previous clerk (log-out): no counter, no name, no ticket."""
        with QSignalBlocker(self):
            for label in (self.counter_title, self.clerk_label, self.status_chip,
                          self.last_label):
                label.clear()
            self.status_chip.setStyleSheet("")
            self.show_ticket(None)

    def show_ticket(self, ticket: TicketView | None, *, past_day: bool = False) -> None:
        self._ticket = None if past_day else ticket
        if ticket is not None and past_day:
            self.number_label.setText(ticket.number)
            self.service_label.setText(localized(ticket.service_name, ticket.service_name_en))
            self.detail_label.setText(t("past_day_ticket",
                                        day=f"{ticket.business_day:%d/%m/%Y}")
                                      + "\n" + t("past_day_action"))
            self.elapsed_label.setText("")
            return
        if ticket is None:
            self.number_label.setText("—")
            self.service_label.setText(t("no_ticket"))
            self.detail_label.setText(t("press_call_next"))
            self.elapsed_label.setText("")
            return
        self.number_label.setText(ticket.number)
        self.service_label.setText(localized(ticket.service_name, ticket.service_name_en))
        details = [t("called_times", count=ticket.call_count)]
        if ticket.priority != Priority.NONE:
            details.insert(0, t(f"priority_{Priority(ticket.priority).value}"))
        self.detail_label.setText(" · ".join(details))
        self._on_tick_timeout()

    def current_number(self) -> str:
        return self.number_label.text()

    def set_last_message(self, text: str) -> None:
        self.last_label.setText(text)
        self._message_day = business_day(self._now())

    def _on_tick_timeout(self) -> None:
        if self._message_day is not None and business_day(self._now()) > self._message_day:
            self.last_label.clear()  # yesterday's last message is no news this morning
            self._message_day = None
        ticket = self._ticket
        if ticket is None or ticket.called_at is None:
            return
        if ticket.business_day < business_day(self._now()):
            self.show_ticket(ticket, past_day=True)
            self.day_ended.emit()
            return
        seconds = (self._now() - ticket.called_at).total_seconds()
        self.elapsed_label.setText(t("since_called", elapsed=elapsed_text(seconds)))
