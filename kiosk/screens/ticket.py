"""Ticket: the number very large, the service, people ahead, the wait, the time, a QR code.

The QR code is the printed ticket's (shared.printing.from_views.ticket_qr_payload): with
``server.public_url`` set, the ticket's phone page, and the caption invites the citizen to
scan it to follow their turn on the phone; without it, the ticket's id ("Mã phiếu"), and
nothing tells the citizen to photograph it (a photo of an id helps nobody). Nothing personal
either way.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.screens.base import Screen
from kiosk.screens.home import PRIORITY_GROUPS
from kiosk.widgets import label, restyle, touch_px
from shared.clock import local
from shared.i18n import tr
from shared.models import Priority
from shared.printing.from_views import phone_page_url, ticket_qr_payload
from shared.printing.labels import counters_text
from shared.ui.qr_widget import QrWidget
from shared.views import TicketView
from shared.wait_estimate import wait_shown

PrintState = Literal["none", "printing", "printed", "failed"]


def wait_text(ticket: TicketView, language: str) -> str:
    """"khoảng 20-30 phút" (the estimate's range); "Sắp đến lượt" under five minutes, never
    "khoảng 0 phút"; "Đang cập nhật" without an estimate (``wait_shown``, as on the ticket)."""
    shown = wait_shown(ticket.people_ahead, ticket.estimated_wait_minutes,
                       ticket.estimated_wait_low, ticket.estimated_wait_high)
    if shown.kind == "soon":
        return tr("kiosk.wait_next" if ticket.people_ahead == 0 else "kiosk.wait_soon",
                  language)
    if shown.kind == "unknown":
        return tr("kiosk.estimated_wait_unknown", language)
    if shown.kind == "minutes":
        return tr("kiosk.estimated_wait_value", language, minutes=shown.low)
    return tr("kiosk.estimated_wait_range", language, low=shown.low, high=shown.high)


class TicketScreen(Screen):
    """Shows one ticket; "Xong" (done) goes home, so does the idle timer."""

    done_clicked = Signal()

    def __init__(self, parent: QWidget | None = None, *, public_url: str = "") -> None:
        super().__init__(with_nav=False, parent=parent)
        #: ``server.public_url``: the QR code then links to the ticket's phone page.
        self.public_url = public_url
        self.ticket: TicketView | None = None
        self.print_state: PrintState = "none"
        self.counter_numbers: tuple[int, ...] = ()
        # The number card.
        self.card = QFrame()
        self.card.setProperty("kiosk", "card")
        card = QVBoxLayout(self.card)
        card.setContentsMargins(24, 16, 24, 20)
        card.setSpacing(4)
        self.caption = label("", "lead", align=Qt.AlignmentFlag.AlignCenter)
        self.number = label("", name="ticketNumber", wrap=False,
                            align=Qt.AlignmentFlag.AlignCenter)
        self.service = label("", name="ticketService", align=Qt.AlignmentFlag.AlignCenter)
        #: "Quầy 1, 2": the counters that serve the ticket's service (as on the paper).
        self.counters = label("", name="ticketCounters", align=Qt.AlignmentFlag.AlignCenter)
        self.badge = label("", name="priorityBadge", wrap=False,
                           align=Qt.AlignmentFlag.AlignCenter)
        card.addWidget(self.caption)
        card.addStretch(1)
        card.addWidget(self.number)
        card.addWidget(self.service)
        card.addWidget(self.counters)
        card.addSpacing(8)
        card.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignHCenter)
        card.addStretch(1)
        # Facts and the QR code.
        self.facts = QFrame()
        facts = QGridLayout(self.facts)
        facts.setContentsMargins(0, 0, 0, 0)
        facts.setVerticalSpacing(2)
        facts.setHorizontalSpacing(18)
        self.fact_names: list[QWidget] = []
        self.ahead_name, self.ahead = label("", "fieldName"), label("", "fieldValue")
        self.wait_name, self.wait = label("", "fieldName"), label("", "fieldValue")
        self.time_name, self.time = label("", "fieldName"), label("", "fieldValue")
        for row, (name, value) in enumerate(((self.ahead_name, self.ahead),
                                             (self.wait_name, self.wait),
                                             (self.time_name, self.time))):
            facts.addWidget(name, row * 2, 0)
            facts.addWidget(value, row * 2 + 1, 0)
            facts.setRowMinimumHeight(row * 2 + 1, 0)
        facts.setRowStretch(6, 1)
        for row in (2, 4):
            facts.setRowMinimumHeight(row, 0)
        self.qr = QrWidget()
        self.qr.setObjectName("ticketQr")
        self.qr_caption = label("", "muted", align=Qt.AlignmentFlag.AlignCenter)
        qr_box = QVBoxLayout()
        qr_box.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_box.addWidget(self.qr_caption)
        qr_box.addStretch(1)
        self._side = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._side.setSpacing(24)
        self._side.addWidget(self.facts, 1)
        self._side.addLayout(qr_box)
        # The message (take your ticket / printer trouble) and "done".
        self.notice = QFrame()
        self.notice.setProperty("kiosk", "okNotice")
        notice = QHBoxLayout(self.notice)
        self.message = label("", "body")
        notice.addWidget(self.message)
        self.done = QPushButton()
        self.done.setObjectName("doneButton")
        self.done.setProperty("kiosk", "action")
        self.done.setMinimumHeight(touch_px(self))
        self.done.clicked.connect(self.done_clicked)
        bottom = QHBoxLayout()
        bottom.setSpacing(16)
        bottom.addWidget(self.notice, 3)
        bottom.addWidget(self.done, 1)
        self._grid = QGridLayout()
        self._grid.setSpacing(20)
        self.body.addLayout(self._grid, 1)
        self.body.addLayout(bottom)
        self._side_box = QWidget()
        self._side_box.setLayout(self._side)
        self._place()

    def show_ticket(self, ticket: TicketView, print_state: PrintState,
                    counters: tuple[int, ...] = ()) -> None:
        """Show ``ticket``; ``counters`` are the numbers of the counters serving it."""
        self.ticket = ticket
        self.counter_numbers = tuple(counters)
        self.qr.set_text(ticket_qr_payload(ticket, self.public_url))
        self.number.setProperty("priority", "true" if ticket.priority != Priority.NONE else "")
        restyle(self.number)
        self.set_print_state(print_state)

    def set_print_state(self, state: PrintState) -> None:
        self.print_state = state
        self.retranslate(self.language)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.caption.setText(tr("kiosk.your_number", language))
        self.ahead_name.setText(tr("kiosk.people_ahead", language))
        self.wait_name.setText(tr("kiosk.estimated_wait", language))
        self.time_name.setText(tr("kiosk.issued_at", language))
        follow = self.ticket is not None and phone_page_url(self.ticket,
                                                            self.public_url) is not None
        self.qr_caption.setText(tr("kiosk.qr_caption_follow" if follow else "kiosk.qr_caption",
                                   language))
        self.done.setText(tr("kiosk.done", language))
        failed = self.print_state == "failed"
        self.notice.setProperty("kiosk", "notice" if failed else "okNotice")
        restyle(self.notice)
        key = {"failed": "kiosk.print_failed", "printing": "kiosk.printing",
               "none": "kiosk.no_printer"}.get(self.print_state, "kiosk.take_ticket")
        if follow and self.print_state in ("failed", "none"):
            key += "_follow"
        self.message.setText(("⚠ " if failed else "") + tr(key, language))
        ticket = self.ticket
        if ticket is None:
            return
        self.number.setText(ticket.number)
        self.service.setText(ticket.service_name_en if language == "en"
                             and ticket.service_name_en else ticket.service_name)
        self.counters.setText(counters_text(self.counter_numbers, language))
        self.counters.setVisible(bool(self.counter_numbers))
        group = dict(PRIORITY_GROUPS).get(ticket.priority)
        self.badge.setVisible(group is not None)
        if group is not None:
            self.badge.setText(f"{tr('kiosk.priority_badge', language)} · {tr(group, language)}")
        self.ahead.setText(tr("kiosk.people_ahead_value", language,
                              count=ticket.people_ahead or 0))
        self.wait.setText(wait_text(ticket, language))
        issued = local(ticket.issued_at)
        self.time.setText(f"{issued:%H:%M} · {issued:%d/%m/%Y}")

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        super().set_shape(portrait, font_px, width)
        side = round(font_px * (7.5 if portrait else 8))
        self.qr.setFixedSize(side, side)
        self._place()

    def _place(self) -> None:
        self._grid.removeWidget(self.card)
        self._grid.removeWidget(self._side_box)
        self._side.setDirection(QBoxLayout.Direction.LeftToRight if self.portrait
                                else QBoxLayout.Direction.TopToBottom)
        if self.portrait:
            self._grid.addWidget(self.card, 0, 0)
            self._grid.addWidget(self._side_box, 1, 0)
            self._grid.setColumnStretch(1, 0)
            self._grid.setRowStretch(0, 3)
            self._grid.setRowStretch(1, 2)
        else:
            self._grid.addWidget(self.card, 0, 0)
            self._grid.addWidget(self._side_box, 0, 1)
            self._grid.setColumnStretch(0, 3)
            self._grid.setColumnStretch(1, 2)
            self._grid.setRowStretch(0, 1)
            self._grid.setRowStretch(1, 0)
