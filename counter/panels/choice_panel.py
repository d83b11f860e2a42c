"""A titled list of choices picked with one digit key (1–9), or arrows and Enter; Esc cancels.
The outcome and transfer panels are made of it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class ChoiceList(QListWidget):
    picked = Signal(object)
    cancelled = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            index = key - Qt.Key.Key_1
            if index < self.count():
                self.setCurrentRow(index)
                self._pick(self.item(index))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._pick(self.currentItem())
            return
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.picked.emit(item.data(Qt.ItemDataRole.UserRole))


class ChoicePanel(QWidget):
    """``set_choices([(label, value), …])``; emits ``picked(value)`` or ``cancelled``."""

    picked = Signal(object)
    cancelled = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.title = QLabel(self)
        self.title.setProperty("role", "subtitle")
        self.title.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        self.list = ChoiceList(self)
        self.list.setObjectName(f"{object_name}List")
        self.list.picked.connect(self.picked)
        self.list.cancelled.connect(self.cancelled)
        self.list.itemDoubleClicked.connect(
            lambda item: self.picked.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)

    def set_choices(self, title: str, hint: str, choices: Sequence[tuple[str, Any]]) -> None:
        self.title.setText(title)
        self.hint.setText(hint)
        self.list.clear()
        for index, (label, value) in enumerate(choices, start=1):
            prefix = f"{index}   " if index <= 9 else "     "
            item = QListWidgetItem(prefix + label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        if choices:
            self.list.setCurrentRow(0)

    def labels(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def focus(self) -> None:
        self.list.setFocus()
