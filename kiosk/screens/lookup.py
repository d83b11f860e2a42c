"""Procedure lookup: type on the Vietnamese on-screen keyboard, results as you type, or browse
by field. Tapping a result opens the procedure's page.

The keyboard takes half of a small screen, so it steps aside while the citizen browses: when
the list is dragged or paged, when a field is chosen, or with the "hide keyboard" button.
Tapping the search field brings it back."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog_terms import field_text
from kiosk.screens.base import Screen
from kiosk.widgets import label, nav_button, touch_px
from shared.catalog import FieldCount, ProcedureView
from shared.i18n import tr
from shared.ui.keyboard import OnScreenKeyboard
from shared.ui.touch_scroll import TouchScrollArea

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
        if title == self.title.text() and detail == self.detail.text():
            return  # the same row as at the last keystroke: nothing to lay out again
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
        self.search.installEventFilter(self)
        self.keyboard_toggle = QPushButton()
        self.keyboard_toggle.setObjectName("keyboardToggle")
        self.keyboard_toggle.setProperty("kiosk", "nav")
        self.keyboard_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keyboard_toggle.setMinimumHeight(touch_px(self))
        self.keyboard_toggle.clicked.connect(self._on_keyboard_toggle_clicked)
        self._top = QHBoxLayout()
        self._top.setSpacing(12)
        self._top.addWidget(self.back)
        self._top.addWidget(self.search, 1)
        self._top.addWidget(self.home)
        self.body.addLayout(self._top)
        self.status = label("", "muted")
        self._status_row = QHBoxLayout()
        self._status_row.setSpacing(12)
        self._status_row.addWidget(self.status, 1)
        self.body.addLayout(self._status_row)
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
        self.scroller = TouchScrollArea()
        self.scroller.setObjectName("lookupScroll")
        self.scroller.setWidget(self._list)
        self.scroller.user_scrolled.connect(self.hide_keyboard)
        self.body.addWidget(self.scroller, 1)
        self.keyboard = OnScreenKeyboard(self.search, key_mm=15.0)
        self.body.addWidget(self.keyboard)
        self._shown: list[ProcedureView] = []
        self._fields: list[FieldCount] = []
        self._field_filter = ""
        self.set_shape(self.portrait, self.font_px, self.window_width)

    # -- data -----------------------------------------------------------------------------------
    def set_fields(self, fields: list[FieldCount]) -> None:
        """The catalog's fields, shown as buttons while nothing is typed."""
        for button in self.field_buttons:
            button.deleteLater()
        self.field_buttons = []
        for index, field in enumerate(fields):
            button = self._row_button("chip", f"field_{index}")
            button.clicked.connect(partial(self._on_field_clicked, field.field))
            self.field_buttons.append(button)
        self._fields = list(fields)
        self.show_fields()

    def show_fields(self) -> None:
        self._field_filter = ""
        self._show_results([])
        for button, field in zip(self.field_buttons, self._fields, strict=True):
            button.set_texts(tr("kiosk.field_count", self.language,
                                field=field_text(field.field, self.language),
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
            shown = field_text(field, self.language)
            self.status.setText(f"{shown} · {count}" if field else count)
        else:
            self.status.setText(tr("kiosk.no_results", self.language))

    def shown(self) -> list[ProcedureView]:
        return list(self._shown)

    def query(self) -> str:
        return self.search.text()

    def show_keyboard(self) -> None:
        self.keyboard.show()
        self._retranslate_toggle()

    def hide_keyboard(self) -> None:
        """Give the results the keyboard's room (tapping the search field brings it back)."""
        self.keyboard.hide()
        self._retranslate_toggle()

    # -- hooks ----------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.back.setText(tr("kiosk.back", language))
        self.home.setText(tr("kiosk.home", language))
        self.search.setPlaceholderText(tr("kiosk.search_placeholder", language))
        self._retranslate_toggle()
        if not self.search.text() and not self._field_filter:
            self.show_fields()

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        """Landscape screens are short: "hide keyboard" sits in the top row. Portrait ones
        are narrow: it sits beside the result count, leaving the search field wide."""
        super().set_shape(portrait, font_px, width)
        self._top.removeWidget(self.keyboard_toggle)
        self._status_row.removeWidget(self.keyboard_toggle)
        if portrait:
            self._status_row.addWidget(self.keyboard_toggle)
        else:
            self._top.insertWidget(2, self.keyboard_toggle)

    def reset(self) -> None:
        self.search.clear()
        self.show_fields()
        self.scroller.scroll_to_top()
        self.show_keyboard()

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
                button.set_texts(procedure.name, f"{procedure.code} · "
                                 f"{field_text(procedure.field, self.language)}")
                if button.isHidden():
                    button.show()
            elif not button.isHidden():
                button.hide()
        self.scroller.scroll_to_top()

    def _on_search_text_changed(self, text: str) -> None:
        if text.strip():
            self.search_changed.emit(text)
        else:
            self.show_fields()

    def _retranslate_toggle(self) -> None:
        shown = not self.keyboard.isHidden()
        self.keyboard_toggle.setText(tr("kiosk.keyboard_hide" if shown else "kiosk.keyboard_show",
                                        self.language))

    def _on_keyboard_toggle_clicked(self) -> None:
        if self.keyboard.isHidden():
            self.show_keyboard()
        else:
            self.hide_keyboard()

    def _on_field_clicked(self, field: str) -> None:
        self.hide_keyboard()  # browsing, not typing: show as many procedures as fit
        self.field_chosen.emit(field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.MouseButtonPress:
            self.show_keyboard()  # tapping the search field brings the keyboard back
        return super().eventFilter(watched, event)

    def _on_result_clicked(self, index: int) -> None:
        if index < len(self._shown):
            self.procedure_chosen.emit(self._shown[index].code)
