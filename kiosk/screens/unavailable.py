"""Unavailable: the database is gone; say so kindly while the kiosk reconnects by itself.
While the kiosk starts and its first read is slow, the same screen says it is connecting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.screens.base import Screen
from kiosk.widgets import label
from shared.i18n import tr


class UnavailableScreen(Screen):
    """No buttons: nothing works without the database, and it comes back by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(with_nav=False, parent=parent)
        card = QFrame()
        card.setProperty("kiosk", "notice")
        rows = QVBoxLayout(card)
        rows.setContentsMargins(40, 36, 40, 36)
        rows.setSpacing(18)
        center = Qt.AlignmentFlag.AlignCenter
        self.title = label("", name="bigTitle", align=center)
        self.body_text = label("", "lead", align=center)
        self.retry = label("", "muted", align=center)
        self.retry.setObjectName("retryText")
        for widget in (self.title, self.body_text, self.retry):
            rows.addWidget(widget)
        self.body.addStretch(1)
        self.body.addWidget(card)
        self.body.addStretch(2)
        self.connecting = False
        #: Why, when it is more than the database away (e.g. a schema to upgrade): one line.
        self.detail = ""
        self._language = "vi"

    def set_state(self, *, connecting: bool = False, detail: str = "") -> None:
        """``connecting``: the kiosk is starting (not an outage); ``detail``: a reason."""
        self.connecting, self.detail = connecting, detail
        self.retranslate(self._language)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self._language = language
        if self.connecting:
            self.title.setText(tr("kiosk.connecting_title", language))
            self.body_text.setText(tr("kiosk.connecting_body", language))
            self.retry.setText("")
            return
        self.title.setText("⚠ " + tr("kiosk.unavailable_title", language))
        self.body_text.setText(tr("kiosk.unavailable_body", language))
        self.retry.setText(self.detail or tr("kiosk.unavailable_retry", language))
