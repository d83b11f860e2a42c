"""Closed: outside opening hours or on a day off, say so clearly and when to come back.

Procedure and dossier lookup stay available: they need no clerk.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.hours import OpenState
from kiosk.screens.base import Screen
from kiosk.widgets import Tile, label
from shared.i18n import tr


def reopen_text(opens_at: datetime | None, now: datetime, language: str) -> str:
    """"Mời ông/bà quay lại lúc 13:15 hôm nay." or "… lúc 06:45, Thứ Hai 24/11/2026."."""
    if opens_at is None:
        return ""
    when = f"{opens_at:%H:%M}"
    if opens_at.date() == now.date():
        return tr("kiosk.closed_reopen_today", language, time=when)
    weekday = tr(f"kiosk.weekday_{opens_at.weekday()}", language)
    return tr("kiosk.closed_reopen_later", language, time=when,
              day=f"{weekday} {opens_at:%d/%m/%Y}")


class ClosedScreen(Screen):
    """The reason, the opening hours, when to come back; lookup tiles below."""

    lookup_clicked = Signal()
    dossier_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(with_nav=False, parent=parent)
        self.state = OpenState(False, "after_hours")
        self.now: datetime | None = None
        self.hours_text = ""
        self.saturday_text = ""
        card = QFrame()
        card.setProperty("kiosk", "card")
        rows = QVBoxLayout(card)
        rows.setContentsMargins(32, 28, 32, 28)
        rows.setSpacing(12)
        center = Qt.AlignmentFlag.AlignCenter
        self.title = label("", name="bigTitle", align=center)
        self.title.setProperty("tone", "danger")
        self.reopen = label("", "heading", align=center)
        self.reopen.setObjectName("reopenText")
        self.hours = label("", "lead", align=center)
        self.weekdays = label("", "lead", align=center)
        for widget in (self.title, self.reopen, self.hours, self.weekdays):
            rows.addWidget(widget)
        self.still = label("", "lead")
        self.lookup = Tile("search", "lightTile")
        self.lookup.setObjectName("closedLookupTile")
        self.lookup.clicked.connect(self.lookup_clicked)
        self.dossier = Tile("dossier_lookup", "lightTile")
        self.dossier.setObjectName("closedDossierTile")
        self.dossier.clicked.connect(self.dossier_clicked)
        tiles = QHBoxLayout()
        tiles.setSpacing(18)
        tiles.addWidget(self.lookup)
        tiles.addWidget(self.dossier)
        self.body.addStretch(1)
        self.body.addWidget(card)
        self.body.addStretch(1)
        self.body.addWidget(self.still)
        self.body.addLayout(tiles)

    def show_state(self, state: OpenState, now: datetime, hours_text: str,
                   saturday_text: str = "") -> None:
        """``saturday_text``: when numbers are issued on Saturdays ("" when closed then)."""
        self.state, self.now, self.hours_text = state, now, hours_text
        self.saturday_text = saturday_text
        self.retranslate(self.language)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        state = self.state
        if state.reason == "day_off" and state.day_off_name:
            reason = state.day_off_name if language == "vi" else "public holiday / day off"
            self.title.setText(tr("kiosk.closed_holiday_title", language, reason=reason))
        else:
            self.title.setText(tr("kiosk.closed_title", language))
        self.reopen.setText(reopen_text(state.opens_at, self.now, language)
                            if self.now is not None else "")
        self.hours.setText(tr("kiosk.closed_hours", language, hours=self.hours_text))
        weekdays = tr("kiosk.closed_weekdays", language)
        if self.saturday_text:
            weekdays += " · " + tr("kiosk.closed_saturday", language, hours=self.saturday_text)
        self.weekdays.setText(weekdays)
        self.still.setText(tr("kiosk.closed_still", language))
        self.lookup.set_texts(tr("kiosk.lookup_button", language),
                              tr("kiosk.lookup_hint", language))
        self.dossier.set_texts(tr("kiosk.dossier_button", language),
                               tr("kiosk.dossier_hint_short", language))

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        super().set_shape(portrait, font_px, width)
        for tile in (self.lookup, self.dossier):
            tile.set_icon_px(round(font_px * 1.8))
            tile.setMinimumHeight(round(font_px * 4.5))
