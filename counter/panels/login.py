"""Log in: user name, password or PIN, and the counter (preset from the config or --counter).
Enter moves on and then logs in; the reason of a failure (wrong, locked, counter taken) shows
under the form."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.panels.serving import counter_title
from counter.text import t
from shared.views import CounterState


class LoginPanel(QWidget):
    login_requested = Signal(str, str, int)  # user name, secret, counter number

    def __init__(self, center_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginPanel")
        card = QFrame(self)
        card.setObjectName("loginCard")
        card.setMaximumWidth(560)
        title = QLabel(t("login_title"), card)
        title.setProperty("role", "title")
        subtitle = QLabel(center_name, card)
        subtitle.setProperty("role", "muted")
        subtitle.setWordWrap(True)
        self.username = QLineEdit(card)
        self.username.setObjectName("username")
        self.secret = QLineEdit(card)
        self.secret.setObjectName("secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(t("secret_hint"))
        self.counter = QComboBox(card)
        self.counter.setObjectName("counterChoice")
        self.error = QLabel(card)
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #A4161A; font-weight: bold;")
        self.button = QPushButton(t("login_button"), card)
        self.button.setProperty("role", "primary")
        self.button.clicked.connect(self._on_login_clicked)
        self.username.returnPressed.connect(self.secret.setFocus)
        self.secret.returnPressed.connect(self._on_login_clicked)
        for field in (self.username, self.secret, self.counter):
            field.setMinimumHeight(40)
            field.setMinimumWidth(320)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(t("username"), self.username)
        form.addRow(t("secret"), self.secret)
        form.addRow(t("counter"), self.counter)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addSpacing(12)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.button)
        keys = QLabel(t("login_keys"), card)
        keys.setProperty("role", "muted")
        keys.setWordWrap(True)
        inner.addWidget(keys)
        # Centred by stretches, not by an alignment flag: an aligned item is asked its height
        # for the whole row's width, and a message wrapped onto two lines got no room.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def set_counters(self, counters: list[CounterState], preset: int | None) -> None:
        self.counter.clear()
        for state in counters:
            who = f" — {state.clerk_name}" if state.clerk_name else ""
            self.counter.addItem(f"{counter_title(state)}{who}", state.number)
        if preset is not None:
            index = self.counter.findData(preset)
            if index >= 0:
                self.counter.setCurrentIndex(index)
                self.counter.setEnabled(False)

    def reset(self) -> None:
        self.secret.clear()
        self.error.clear()
        self.button.setEnabled(True)
        self.username.setFocus()

    def show_error(self, text: str, *, keep_secret: bool = False) -> None:
        """``keep_secret``: the log-in was not refused, only not done (Enter tries again)."""
        self.error.setText(text)
        if not keep_secret:
            self.secret.clear()
        self.secret.setFocus()

    def _on_login_clicked(self) -> None:
        number = self.counter.currentData()
        if not self.username.text().strip():
            self.username.setFocus()
            return
        if number is None:
            self.show_error(t("no_counter" if self.counter.count() else "counters_not_read"),
                            keep_secret=True)
            return
        self.login_requested.emit(self.username.text().strip(), self.secret.text(), int(number))
