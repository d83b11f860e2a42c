"""Dossier status: type the code from the appointment slip on the number-and-dot pad (the
last part is enough when it is unique: ``shared.dossier_lookup``), or scan its QR code with a
USB scanner (it types like a keyboard and ends with Enter). Dossiers filed online and imported
from the province's list are found too. Shows nothing personal: status, procedure, dates.

After each search the code stays selected in the field, which keeps the focus: the next scan
replaces it instead of being appended to it. On a portrait screen the code has a row of its
own, wide enough for a whole code."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kiosk.number_pad import DossierKeys
from kiosk.screens.base import Screen
from kiosk.widgets import label, nav_button, restyle, touch_px
from shared.dossier_views import DossierStatusView
from shared.i18n import tr
from shared.models import DossierStatus
from shared.ui.icons import icon
from shared.ui.touch_scroll import TouchScrollArea


class DossierScreen(Screen):
    """Code field and keyboard; after a search the result card takes the keyboard's place."""

    search_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(with_nav=False, parent=parent)
        self.back = nav_button("back", self)
        self.home = nav_button("home", self)
        self.back.clicked.connect(self.back_requested)
        self.home.clicked.connect(self.home_requested)
        self.heading = label("", "heading")
        self.code = QLineEdit()
        self.code.setObjectName("dossierField")
        self.code.setMinimumHeight(touch_px(self))
        self.code.returnPressed.connect(self._on_search_clicked)
        self.code.installEventFilter(self)
        self.search = QPushButton()
        self.search.setObjectName("dossierSearch")
        self.search.setProperty("kiosk", "action")
        self.search.setIcon(icon("search", "#FFFFFF"))
        self.search.setIconSize(QSize(34, 34))
        self.search.setMinimumHeight(touch_px(self))
        self.search.clicked.connect(self._on_search_clicked)
        for button in (self.back, self.home, self.search):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner types into the field
        self._top = QGridLayout()
        self._top.setHorizontalSpacing(12)
        self._top.setVerticalSpacing(10)
        self.body.addWidget(self.heading)
        self.body.addLayout(self._top)
        self.message = label("", "lead")
        self.message.setObjectName("dossierMessage")
        self.body.addWidget(self.message)
        # The result card.
        self.card = QFrame()
        self.card.setProperty("kiosk", "card")
        grid = QGridLayout(self.card)
        grid.setContentsMargins(24, 16, 24, 16)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(4)
        self.status = label("", name="statusText")
        grid.addWidget(self.status, 0, 0, 1, 2)
        self.fields: dict[str, tuple[QLabel, QLabel]] = {}
        names = ("code", "procedure", "received", "due")
        for index, key in enumerate(names):
            title, value = label("", "fieldName"), label("", "fieldValue")
            value.setObjectName(f"dossier_{key}")
            span = 2 if key == "procedure" else 1
            row = 1 + (index if key in ("code", "procedure") else 2) * 2
            column = 1 if key == "due" else 0
            grid.addWidget(title, row, column, 1, span)
            grid.addWidget(value, row + 1, column, 1, span)
            self.fields[key] = (title, value)
        self.result_area = TouchScrollArea()
        self.result_area.setObjectName("dossierScroll")
        self.result_area.setWidget(self.card)
        self.result_area.hide()
        self.body.addWidget(self.result_area, 1)
        self.body.addStretch(0)  # takes the room only while the result is hidden
        self.keyboard = DossierKeys(self.code)
        self.body.addWidget(self.keyboard)
        self.result: DossierStatusView | None = None
        self._message_key = ""
        self._message_code = ""
        self._message_text: tuple[str, str] | None = None
        self._place()

    # -- results --------------------------------------------------------------------------------
    def show_result(self, result: DossierStatusView) -> None:
        self.result = result
        self._message_key = ""
        self._message_text = None
        self.keyboard.hide()
        self._show_card(True)
        self.retranslate(self.language)
        self._ready_for_next_scan()

    def show_not_found(self, code: str) -> None:
        self.result = None
        self._show_card(False)
        self._message_key, self._message_code = "kiosk.dossier_not_found", code
        self._message_text = None
        self.retranslate(self.language)
        self._ready_for_next_scan()

    def show_ambiguous(self, message: str, message_en: str) -> None:
        """Several dossiers end with what was typed: ask for more; the pad stays."""
        self.result = None
        self._show_card(False)
        self._message_key, self._message_text = "", (message, message_en)
        self.keyboard.show()
        self.retranslate(self.language)
        self.focus_input()
        self.code.end(False)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.back.setText(tr("kiosk.back", language))
        self.home.setText(tr("kiosk.home", language))
        self.search.setText(tr("kiosk.dossier_search", language))
        self.heading.setText(tr("kiosk.dossier_title", language))
        self.code.setPlaceholderText(tr("kiosk.dossier_placeholder", language))
        self.keyboard.retranslate(language)
        if self._message_text is not None:
            self.message.setText(self._message_text[1 if language == "en" else 0])
        else:
            self.message.setText(tr(self._message_key, language, code=self._message_code)
                                 if self._message_key
                                 else tr("kiosk.dossier_scan_tip", language))
        titles = {"code": "dossier_code", "procedure": "dossier_procedure",
                  "received": "dossier_received", "due": "dossier_due"}
        for key, (name, _value) in self.fields.items():
            name.setText(tr(f"kiosk.{titles[key]}", language))
        result = self.result
        if result is None:
            return
        status = result.status_text_en if language == "en" else result.status_text
        tone = "ready" if result.ready_for_pickup else ""
        if result.overdue:
            status = f"{status} · {tr('kiosk.dossier_overdue', language)}"
            tone = "overdue"
        if result.ready_for_pickup:
            status = f"✔ {status}"
        self.status.setText(status)
        self.status.setProperty("tone", tone)
        restyle(self.status)
        due = (f"{result.due_at:%H:%M · %d/%m/%Y}" if result.due_at is not None
               else tr("kiosk.dossier_due_unknown", language))
        code = result.code
        if result.origin == "local":
            code = f"{code} ({tr('kiosk.dossier_local_code', language)})"
        values = {"code": code, "procedure": result.procedure_name,
                  "received": f"{result.received_at:%H:%M · %d/%m/%Y}", "due": due}
        # a refused, withdrawn or stopped dossier has no result to come: no due date shown
        no_result = result.status in (DossierStatus.REFUSED, DossierStatus.WITHDRAWN,
                                      DossierStatus.STOPPED)
        for key, (name, value) in self.fields.items():
            value.setText(values[key])
            if key == "due":
                name.setVisible(not no_result)
                value.setVisible(not no_result)
        if result.ready_for_pickup:
            self.message.setText(tr("kiosk.dossier_ready", language))

    def reset(self) -> None:
        self.code.clear()
        self.result = None
        self._message_key = ""
        self._message_text = None
        self.keyboard.show_digits()
        self._show_card(False)
        self.keyboard.show()
        self.retranslate(self.language)

    def focus_input(self) -> None:
        """Give the code field the keyboard focus (a USB scanner types into it)."""
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        super().set_shape(portrait, font_px, width)
        self._place()

    def _place(self) -> None:
        """Landscape: back, code, search, home in one row. Portrait: the code alone on a row
        (a whole code must be readable), the buttons under it."""
        for part in (self.back, self.code, self.search, self.home):
            self._top.removeWidget(part)
        if self.portrait:
            self._top.addWidget(self.code, 0, 0, 1, 3)
            self._top.addWidget(self.back, 1, 0)
            self._top.addWidget(self.search, 1, 1)
            self._top.addWidget(self.home, 1, 2)
            stretches = (1, 1, 1, 0)
        else:
            row: tuple[QWidget, ...] = (self.back, self.code, self.search, self.home)
            for column, widget in enumerate(row):
                self._top.addWidget(widget, 0, column)
            stretches = (0, 1, 0, 0)
        for column, stretch in enumerate(stretches):
            self._top.setColumnStretch(column, stretch)

    def _show_card(self, shown: bool) -> None:
        self.card.setVisible(shown)
        self.result_area.setVisible(shown)
        if shown:
            self.result_area.scroll_to_top()

    def _ready_for_next_scan(self) -> None:
        """Keep the focus in the field with the code selected: a scanner's next code (typed
        keys) replaces it."""
        self.focus_input()
        self.code.selectAll()

    # -- events ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.code and event.type() == QEvent.Type.MouseButtonPress:
            self.keyboard.show()  # tapping the field brings the keyboard back
        return super().eventFilter(watched, event)

    def _on_search_clicked(self) -> None:
        text = self.code.text().strip()
        if not text:
            self._message_key, self._message_text = "kiosk.dossier_empty", None
            self.retranslate(self.language)
            return
        self.search_requested.emit(text)
