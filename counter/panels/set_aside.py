"""What the desk can take back (Shift+F3): the tickets it put on hold, then today's no-shows.

One digit (or ↑↓ and Enter) takes a ticket back at once: a held one is served again, a
no-show is called again. Q puts the chosen no-show back in the queue in its place instead.
A no-show the clerk may no longer undo (past ``queue.undo_minutes``) is shown greyed with the
reason: a supervisor can still do it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent

from counter.panels.choice_panel import ChoicePanel
from counter.text import localized, t
from shared.clock import local
from shared.queue_desk import SetAside

#: A no-show this clerk may no longer take back (a supervisor can).
GREYED = "#6B7480"


class SetAsidePanel(ChoicePanel):
    """Emits ``picked((kind, ticket_id))`` to take a ticket back now, ``requeued(ticket_id)``
    to put a no-show back in the queue, or ``cancelled``."""

    requeued = Signal(int)

    def __init__(self) -> None:
        super().__init__("setAsidePanel")
        self.list.installEventFilter(self)
        self.empty = False

    def ask(self, entries: Sequence[SetAside], now: datetime, undo_minutes: int) -> None:
        choices = [(self._label(entry, now, undo_minutes), (entry.kind, entry.ticket.id))
                   for entry in entries]
        self.set_choices(t("set_aside_title"), t("set_aside_hint", minutes=undo_minutes),
                         choices or [(t("set_aside_empty"), None)])
        self.empty = not choices
        for row, entry in enumerate(entries):
            if not entry.may_undo:
                item = self.list.item(row)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QBrush(QColor(GREYED)))
        if not choices:
            item = self.list.item(0)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self.focus()

    @staticmethod
    def _label(entry: SetAside, now: datetime, undo_minutes: int) -> str:
        ticket = entry.ticket
        minutes = max(0, int((now - entry.since).total_seconds() // 60))
        service = localized(ticket.service_name, ticket.service_name_en)
        if entry.kind == "on_hold":
            return t("set_aside_held", number=ticket.number, service=service, minutes=minutes)
        text = t("set_aside_no_show", number=ticket.number, service=service,
                 time=local(entry.since).strftime("%H:%M"), minutes=minutes,
                 counter=ticket.counter or "")
        if not entry.may_undo:
            text += " · " + t("set_aside_too_late", minutes=undo_minutes)
        return text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.list and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Q
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                             | Qt.KeyboardModifier.AltModifier)):
            item = self.list.currentItem()
            value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if (value is not None and value[0] == "no_show"
                    and item.flags() & Qt.ItemFlag.ItemIsEnabled):
                self.requeued.emit(int(value[1]))
            return True
        return super().eventFilter(watched, event)
