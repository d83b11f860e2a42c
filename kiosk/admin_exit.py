"""The only way out of the full-screen kiosk: the admin PIN on a big keypad.

Staff open it with five quick taps on the clock, or Ctrl+Shift+Q on a keyboard.
"""

from __future__ import annotations

import hmac
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.widgets import label, touch_px
from shared.i18n import tr


class PinDialog(QDialog):
    """A numeric keypad; ``accept()`` only with the right PIN."""

    def __init__(self, pin: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setModal(True)
        self._pin = pin
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

    def _on_key_clicked(self, key: str) -> None:
        if key == "⌫":
            self.field.backspace()
        elif key == "✔":
            self.try_pin(self.field.text())
        else:
            self.field.insert(key)

    def try_pin(self, text: str) -> bool:
        """Accept the dialog if ``text`` is the PIN; else say it is wrong and clear it."""
        if self._pin and hmac.compare_digest(text.encode(), self._pin.encode()):
            self.accept()
            return True
        self.field.clear()
        self.error.setText(tr("kiosk.admin_wrong", self._language))
        return False
