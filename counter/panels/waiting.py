"""The counter's waiting list, in the order it would call them; Enter calls the chosen one."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.text import localized, t
from shared.clock import local
from shared.models import Priority
from shared.views import WaitingEntry

PRIORITY_COLOR = "#8C2F00"


class WaitingTable(QTableWidget):
    """Enter (or a double click) on a row asks to call that ticket."""

    call_requested = Signal(int)  # ticket id

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ticket_id = self.current_ticket_id()
            if ticket_id is not None:
                self.call_requested.emit(ticket_id)
            return
        super().keyPressEvent(event)

    def current_ticket_id(self) -> int | None:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None


class WaitingPanel(QWidget):
    call_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setProperty("role", "subtitle")
        self.hint = QLabel(t("waiting_hint"), self)
        self.hint.setProperty("role", "muted")
        #: "Đang giữ 1 số · 2 số vắng có thể gọi lại [Shift+F3]": what the desk can take back.
        self.set_aside = QLabel(self)
        self.set_aside.setObjectName("setAsideLine")
        self.set_aside.setWordWrap(True)
        self.set_aside.setStyleSheet("color: #8C2F00; font-weight: bold;")
        self.set_aside.hide()
        self.table = WaitingTable(0, 5, self)
        self.table.setObjectName("waitingTable")
        self.table.setHorizontalHeaderLabels([t("col_number"), t("col_service"),
                                              t("col_priority"), t("col_issued"),
                                              t("col_waited")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.call_requested.connect(self.call_requested)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.set_aside)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.set_entries([])

    def set_entries(self, entries: list[WaitingEntry]) -> None:
        """Show ``entries``, keeping the selected ticket selected when it is still there."""
        selected = self.table.current_ticket_id()
        header = self.table.horizontalHeader()
        # Fill with the columns fixed, then size them once: with ResizeToContents on, every
        # setItem measured the whole column again (16 s for 200 rows under the stylesheet).
        modes = [header.sectionResizeMode(c) for c in range(self.table.columnCount())]
        for column in range(self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.table.setUpdatesEnabled(False)
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(entries))
            for row, entry in enumerate(entries):
                ticket = entry.ticket
                priority = Priority(ticket.priority)
                cells = [ticket.number, localized(ticket.service_name, ticket.service_name_en),
                         t(f"priority_{priority.value}") if priority != Priority.NONE else "",
                         local(ticket.issued_at).strftime("%H:%M"),
                         t("minutes", count=entry.waited_minutes)]
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if column == 0:
                        item.setData(Qt.ItemDataRole.UserRole, ticket.id)
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                    if priority != Priority.NONE:
                        item.setForeground(QBrush(QColor(PRIORITY_COLOR)))
                    self.table.setItem(row, column, item)
                if ticket.id == selected:
                    self.table.setCurrentCell(row, 0)
            if entries and self.table.currentRow() < 0:
                self.table.setCurrentCell(0, 0)
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        self.table.setUpdatesEnabled(True)
        self.title.setText(t("waiting_title", count=len(entries)))

    def set_aside_line(self, held: int, no_shows: int) -> None:
        """Say what the desk can take back (Shift+F3); hidden when nothing."""
        parts = []
        if held:
            parts.append(t("set_aside_line_held", count=held))
        if no_shows:
            parts.append(t("set_aside_line_no_shows", count=no_shows))
        self.set_aside.setText(" · ".join(parts) + "   [Shift+F3]" if parts else "")
        self.set_aside.setVisible(bool(parts))

    def numbers(self) -> list[str]:
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def select_number(self, number: str) -> None:
        for row, text in enumerate(self.numbers()):
            if text == number:
                self.table.setCurrentCell(row, 0)

    def _on_table_double_clicked(self) -> None:
        ticket_id = self.table.current_ticket_id()
        if ticket_id is not None:
            self.call_requested.emit(ticket_id)
