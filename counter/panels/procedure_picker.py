"""A searchable procedure picker: type part of a name (accents optional) or a code; Down
moves to the list, Enter picks, Esc goes back. Empty search: the service's own fields."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from counter.text import t
from shared.catalog import CatalogService, ProcedureView


def limit_text(procedure: ProcedureView) -> str:
    if procedure.time_limit is None or not procedure.time_unit:
        return t("limit_unknown")
    if procedure.time_limit == 0:
        return t("limit_same_day")
    return t(f"limit_{procedure.time_unit}", count=procedure.time_limit)


class ProcedurePicker(QWidget):
    picked = Signal(object)  # ProcedureView
    cancelled = Signal()

    def __init__(self, catalog: CatalogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("procedurePicker")
        self._catalog = catalog
        self._fields: tuple[str, ...] = ()
        self.title = QLabel(t("picker_title"), self)
        self.title.setProperty("role", "subtitle")
        self.search = QLineEdit(self)
        self.search.setObjectName("procedureSearch")
        self.search.setPlaceholderText(t("picker_placeholder"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        self.search.installEventFilter(self)
        self.results = QListWidget(self)
        self.results.setObjectName("procedureResults")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.installEventFilter(self)
        self.results.itemDoubleClicked.connect(self._pick)
        self.hint = QLabel(t("picker_hint"), self)
        self.hint.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)

    def ask(self, fields: Sequence[str]) -> None:
        """Start a new pick, listing the procedures of ``fields`` until the clerk types."""
        self._fields = tuple(fields)
        self.search.clear()
        self._on_search_changed("")
        self.search.setFocus()

    def _on_search_changed(self, text: str) -> None:
        if text.strip():
            found = self._catalog.search(text, 40)
        else:
            found = [view for field in self._fields for view in self._catalog.by_field(field)]
        self.results.clear()
        for procedure in found:
            item = QListWidgetItem(f"{procedure.name}\n    {procedure.code} · {procedure.field}"
                                   f" · {limit_text(procedure)}")
            item.setData(Qt.ItemDataRole.UserRole, procedure)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)

    def count(self) -> int:
        return self.results.count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._pick(self.results.currentItem())
            return True
        if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)
            return True
        return False

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.picked.emit(item.data(Qt.ItemDataRole.UserRole))
