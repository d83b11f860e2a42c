"""Which dossier? A searchable list of the site's dossiers, asked when a ticket is finished
with "result returned", "supplement" or "refused": type part of the code, the name without
accents or the phone; ↓↑ choose, Enter acts on it (supplement and refusal then ask the reason
below the list), Ctrl+Enter finishes the ticket without a dossier, Esc goes back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter.panels.reason_form import ReasonForm
from counter.panels.receive import due_text
from counter.text import localized, t
from shared.dossier_views import DossierView

Loader = Callable[[str], list[DossierView] | None]


def dossier_line(dossier: DossierView) -> str:
    """Two lines: code · status · due; applicant · phone · procedure."""
    status = localized(dossier.status_text, dossier.status_text_en)
    due = due_text(dossier.due_at)
    late = f" · {t('overdue')}" if dossier.overdue else ""
    who = " · ".join(part for part in (dossier.applicant.name, dossier.applicant.phone,
                                       dossier.procedure_name) if part)
    return f"{dossier.code} · {status}{late} · {t('col_due')}: {due}\n    {who}"


def who_line(dossier: DossierView) -> str:
    """Whose dossier and for what, beside its code where an action is confirmed."""
    return " · ".join(part for part in (dossier.applicant.name, dossier.procedure_name) if part)


class DossierPicker(QWidget):
    picked = Signal(object)  # DossierView
    reason_given = Signal(str, object, str, tuple)  # action, dossier, reason, documents
    without_dossier = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierPicker")
        self._load: Loader = lambda _query: []
        self._asked: DossierView | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "subtitle")
        self.title.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("dossierPickerSearch")
        self.search.setPlaceholderText(t("dossier_picker_placeholder"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.search.installEventFilter(self)
        self.results = QListWidget(self)
        self.results.setObjectName("dossierPickerResults")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.installEventFilter(self)
        self.results.itemDoubleClicked.connect(self._pick)
        # Long procedure names wrap; they never widen the window.
        self.results.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.results.setMinimumWidth(200)
        self.notice = QLabel(self)
        self.notice.setObjectName("dossierPickerNotice")
        self.notice.setStyleSheet("color: #A4161A; font-weight: bold;")
        self.empty = QLabel(t("dossier_picker_empty"), self)
        self.empty.setWordWrap(True)
        self.reason_form = ReasonForm(self)
        self.reason_form.confirmed.connect(self._on_reason_confirmed)
        self.reason_form.cancelled.connect(self._on_reason_cancelled)
        self.hint = QLabel(t("dossier_picker_hint"), self)
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.reason_form)
        layout.addWidget(self.hint)

    def ask(self, title: str, load: Loader) -> None:
        """A new pick: ``load(query)`` lists the dossiers the action may take."""
        self.title.setText(title)
        self._load = load
        self._asked = None
        self.reason_form.hide()
        self.search.clear()
        self.refresh()
        self.search.setFocus()

    def refresh(self) -> None:
        found = self._load(self.search.text())
        if found is None:
            return
        self.results.clear()
        for dossier in found:
            item = QListWidgetItem(dossier_line(dossier))
            item.setData(Qt.ItemDataRole.UserRole, dossier)
            if dossier.overdue:
                item.setBackground(QColor("#FBD5D3"))
            self.results.addItem(item)
        # Nothing is chosen until the clerk types (the best match, first) or moves with ↓↑:
        # Enter on an untouched list must not act on whichever dossier happens to be first.
        if found and self.search.text().strip():
            self.results.setCurrentRow(0)
        self.notice.clear()
        self.empty.setVisible(not found)

    def codes(self) -> list[str]:
        return [self.results.item(row).data(Qt.ItemDataRole.UserRole).code
                for row in range(self.results.count())]

    def ask_reason(self, action: str, dossier: DossierView) -> None:
        """Supplement or refusal of the picked dossier: the reason (and documents) below."""
        self._asked = dossier
        self.reason_form.ask(action, dossier.code, who=who_line(dossier))

    def reopen_reason(self, dossier: DossierView) -> None:
        """The reason form again, as typed, for ``dossier`` (its action was not done)."""
        self._asked = dossier
        self.reason_form.reopen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.without_dossier.emit()
            else:
                self._pick(self.chosen())
            return True
        if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)
            return True
        return False

    def chosen(self) -> QListWidgetItem | None:
        """The row the clerk chose (typed or moved to): the current row only if selected."""
        item = self.results.currentItem()
        return item if item is not None and item.isSelected() else None

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.notice.setText(t("dossier_picker_choose"))
            return
        self.notice.clear()
        self.picked.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_reason_confirmed(self, action: str, reason: str, documents: tuple[str, ...]) -> None:
        dossier, self._asked = self._asked, None
        if dossier is not None:
            self.reason_given.emit(action, dossier, reason, documents)

    def _on_reason_cancelled(self) -> None:
        self._asked = None
        self.results.setFocus()
