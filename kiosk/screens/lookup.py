"""Procedure lookup: type on the Vietnamese on-screen keyboard, results as you type, or browse
by field. Tapping a result opens the procedure's page."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.screens.base import Screen
from kiosk.widgets import label, nav_button, touch_px
from shared.catalog import FieldCount, ProcedureView
from shared.i18n import tr
from shared.ui.keyboard import OnScreenKeyboard

#: Result buttons kept and reused, so typing never builds widgets.
MAX_RESULTS = 30


class RowButton(QPushButton):
    """A wide button whose title wraps over several lines (long procedure names)."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.setProperty("kiosk", role)
        self.title = label("", "fieldValue" if role == "result" else "")
        self.detail = label("", "fieldName")
        for part in (self.title, self.detail):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        rows = QVBoxLayout(self)
        self._layout = rows
        rows.setContentsMargins(16, 8, 16, 8)
        rows.setSpacing(0)
        rows.addWidget(self.title)
        rows.addWidget(self.detail)

    def set_texts(self, title: str, detail: str = "") -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.updateGeometry()

    def text(self) -> str:
        return self.title.text()

    # A push button ignores its layout when sizing; these let long titles wrap.
    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.minimumHeight(), self._layout.totalHeightForWidth(width))

    def sizeHint(self) -> QSize:
        hint = self._layout.totalSizeHint()
        return QSize(hint.width(), max(self.minimumHeight(), hint.height()))


class LookupScreen(Screen):
    """Search field with back/home beside it, the results, and the keyboard below."""

    search_changed = Signal(str)
    field_chosen = Signal(str)
    procedure_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(with_nav=False, parent=parent)
        self.back = nav_button("back", self)
        self.home = nav_button("home", self)
        self.back.clicked.connect(self.back_requested)
        self.home.clicked.connect(self.home_requested)
        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setMinimumHeight(touch_px(self))
        self.search.setClearButtonEnabled(False)
        self.search.textChanged.connect(self._on_search_text_changed)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.back)
        top.addWidget(self.search, 1)
        top.addWidget(self.home)
        self.body.addLayout(top)
        self.status = label("", "muted")
        self.body.addWidget(self.status)
        # Results (or fields when nothing is typed) in a scroll area.
        self._list = QWidget()
        self._rows = QVBoxLayout(self._list)
        self._rows.setContentsMargins(0, 0, 8, 0)
        self._rows.setSpacing(8)
        self._rows.addStretch(1)
        self.results: list[RowButton] = []
        for index in range(MAX_RESULTS):
            button = self._row_button("result", f"result_{index}")
            button.clicked.connect(partial(self._on_result_clicked, index))
            self.results.append(button)
        self.field_buttons: list[RowButton] = []
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroller.setWidget(self._list)
        self.body.addWidget(self.scroller, 1)
        self.keyboard = OnScreenKeyboard(self.search, key_mm=15.0)
        self.body.addWidget(self.keyboard)
        self._shown: list[ProcedureView] = []
        self._fields: list[FieldCount] = []
        self._field_filter = ""

    # -- data -----------------------------------------------------------------------------------
    def set_fields(self, fields: list[FieldCount]) -> None:
        """The catalog's fields, shown as buttons while nothing is typed."""
        for button in self.field_buttons:
            button.deleteLater()
        self.field_buttons = []
        for index, field in enumerate(fields):
            button = self._row_button("chip", f"field_{index}")
            button.clicked.connect(partial(self.field_chosen.emit, field.field))
            self.field_buttons.append(button)
        self._fields = list(fields)
        self.show_fields()

    def show_fields(self) -> None:
        self._field_filter = ""
        self._show_results([])
        for button, field in zip(self.field_buttons, self._fields, strict=True):
            button.set_texts(tr("kiosk.field_count", self.language, field=field.field,
                                count=field.count))
            button.show()
        self.status.setText(tr("kiosk.browse_fields", self.language))

    def show_results(self, results: list[ProcedureView], field: str = "") -> None:
        """Show ``results`` (a search's, or a field's when ``field`` is set)."""
        self._field_filter = field
        for button in self.field_buttons:
            button.hide()
        self._show_results(results)
        if results:
            count = tr("kiosk.results_count", self.language, count=len(results))
            self.status.setText(f"{field} · {count}" if field else count)
        else:
            self.status.setText(tr("kiosk.no_results", self.language))

    def shown(self) -> list[ProcedureView]:
        return list(self._shown)

    def query(self) -> str:
        return self.search.text()

    # -- hooks ----------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.back.setText(tr("kiosk.back", language))
        self.home.setText(tr("kiosk.home", language))
        self.search.setPlaceholderText(tr("kiosk.search_placeholder", language))
        if not self.search.text() and not self._field_filter:
            self.show_fields()

    def reset(self) -> None:
        self.search.clear()
        self.show_fields()
        self.scroller.verticalScrollBar().setValue(0)

    # -- internals ------------------------------------------------------------------------------
    def _row_button(self, role: str, name: str) -> RowButton:
        button = RowButton(role)
        button.setObjectName(name)
        button.setMinimumHeight(touch_px(self))
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        button.setSizePolicy(policy)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.hide()
        self._rows.insertWidget(self._rows.count() - 1, button)  # before the stretch
        return button

    def _show_results(self, results: list[ProcedureView]) -> None:
        self._shown = results[:MAX_RESULTS]
        for index, button in enumerate(self.results):
            if index < len(self._shown):
                procedure = self._shown[index]
                button.set_texts(procedure.name, f"{procedure.code} · {procedure.field}")
                button.show()
            else:
                button.hide()
        self.scroller.verticalScrollBar().setValue(0)

    def _on_search_text_changed(self, text: str) -> None:
        if text.strip():
            self.search_changed.emit(text)
        else:
            self.show_fields()

    def _on_result_clicked(self, index: int) -> None:
        if index < len(self._shown):
            self.procedure_chosen.emit(self._shown[index].code)
