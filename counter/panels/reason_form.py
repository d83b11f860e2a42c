"""An inline form under a dossier list for a reason (refuse), documents and a reason
(request a supplement) or a new due date and the reason (form 04, "reschedule"). Enter
confirms, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter.text import t
from counter.time_input import parse_due


class ReasonForm(QFrame):
    confirmed = Signal(str, str, tuple)  # action, reason, documents (reschedule: (new due,))
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonForm")
        self.setStyleSheet("QFrame#reasonForm { border: 2px solid #0B4A8F; border-radius: 6px; }")
        self._action = ""
        self.title = QLabel(self)
        self.title.setProperty("role", "subtitle")
        self.title.setWordWrap(True)
        #: Whose dossier, for which procedure: the clerk confirms the right citizen's.
        self.who = QLabel(self)
        self.who.setObjectName("reasonWho")
        self.who.setWordWrap(True)
        self.who.setStyleSheet("font-weight: bold;")
        self.documents = QLineEdit(self)
        self.documents.setObjectName("supplementDocuments")
        self.documents.setPlaceholderText(t("supplement_documents_hint"))
        self.new_due = QLineEdit(self)
        self.new_due.setObjectName("newDue")
        self.new_due.setPlaceholderText(t("due_input_placeholder"))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #A4161A; font-weight: bold;")
        self._form = QFormLayout()
        self._form.addRow(t("supplement_documents"), self.documents)
        self._form.addRow(t("new_due"), self.new_due)
        self._form.addRow(t("reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.who)
        layout.addLayout(self._form)
        layout.addWidget(self.error)
        hint = QLabel(t("reason_keys"), self)
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        self.documents.returnPressed.connect(self.reason.setFocus)
        self.new_due.returnPressed.connect(self.reason.setFocus)
        self.reason.returnPressed.connect(self._on_confirm)
        self.hide()

    def ask(self, action: str, code: str, suggested_due: str = "", who: str = "") -> None:
        self._action = action
        self.title.setText(t(f"ask_{action}", code=code))
        self.who.setText(who)
        self.who.setVisible(bool(who))
        self.documents.clear()
        self.reason.clear()
        self.new_due.setText(suggested_due)
        self.error.clear()
        with_documents = action == "supplement"
        with_date = action == "reschedule"
        self._form.setRowVisible(0, with_documents)
        self._form.setRowVisible(1, with_date)
        self.show()
        first = self.documents if with_documents else self.new_due if with_date else self.reason
        first.setFocus()
        if with_date:
            self.new_due.selectAll()

    def reopen(self) -> None:
        """Shown again as it was confirmed (the action could not be done): Enter retries."""
        self.error.clear()
        self.show()
        self.reason.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def _on_confirm(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.error.setText(t("reason_required"))
            return
        extra: tuple[object, ...] = tuple(part.strip() for part in
                                          self.documents.text().split(";") if part.strip())
        if self._action == "reschedule":
            due = parse_due(self.new_due.text())
            if due is None:
                self.error.setText(t("due_input_invalid"))
                self.new_due.setFocus()
                return
            extra = (due,)
        self.hide()
        self.confirmed.emit(self._action, reason, extra)
