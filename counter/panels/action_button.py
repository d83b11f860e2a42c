"""A button that shows and triggers a QAction: its text, its shortcut, enabled with it."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget


class ActionButton(QPushButton):
    def __init__(self, action: QAction, parent: QWidget | None = None,
                 role: str | None = None) -> None:
        super().__init__(parent)
        self._action = action
        if role:
            self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.clicked.connect(action.trigger)
        action.changed.connect(self._on_action_changed)
        self._on_action_changed()

    def _on_action_changed(self) -> None:
        shortcut = self._action.shortcut().toString()
        text = self._action.text().replace("&", "")
        self.setText(f"{text}   [{shortcut}]" if shortcut else text)
        self.setEnabled(self._action.isEnabled())
        self.setToolTip(self._action.toolTip())
