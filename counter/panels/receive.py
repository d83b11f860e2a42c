"""The dossier receive form: applicant, documents (from the procedure), sets, delivery; the
due date shown before saving. Ctrl+Enter receives and prints the slip; Esc goes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter.panels.procedure_picker import limit_text
from counter.panels.province_code import ProvinceCodeField
from counter.text import t
from shared.catalog import ProcedureView
from shared.clock import local
from shared.dossiers import Applicant
from shared.models import Delivery


@dataclass(frozen=True)
class ReceiveRequest:
    procedure: ProcedureView
    applicant: Applicant
    documents: tuple[str, ...]
    copies: int
    delivery: Delivery
    #: The fee as the clerk confirmed it (prefilled from the procedure's fee).
    fee: str = ""
    #: The province's dossier code, typed or scanned ("" = a local code, if allowed).
    code: str = ""


def due_text(due: datetime | None) -> str:
    if due is None:
        return t("due_unknown")
    return local(due).strftime("%H:%M %d/%m/%Y")


class ReceiveForm(QWidget):
    submitted = Signal(object)  # ReceiveRequest
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiveForm")
        self._procedure: ProcedureView | None = None
        self.title = QLabel(t("receive_title"), self)
        self.title.setProperty("role", "subtitle")
        self.procedure_label = QLabel(self)
        self.procedure_label.setWordWrap(True)
        self.due_label = QLabel(self)
        self.due_label.setObjectName("dueDate")
        self.name = QLineEdit(self)
        self.name.setObjectName("applicantName")
        self.code = ProvinceCodeField(self)
        self.code.returnPressed.connect(self.name.setFocus)  # a scanner ends with Enter
        self.address = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.documents = QPlainTextEdit(self)
        self.documents.setObjectName("documents")
        self.documents.setTabChangesFocus(True)
        self.documents.setPlaceholderText(t("documents_placeholder"))
        self.copies = QSpinBox(self)
        self.copies.setRange(1, 20)
        self.delivery = QComboBox(self)
        self.delivery.addItem(t("delivery_counter"), Delivery.COUNTER)
        self.delivery.addItem(t("delivery_post"), Delivery.POST)
        self.fee = QLineEdit(self)
        self.fee.setObjectName("fee")
        self.fee.setPlaceholderText(t("fee_placeholder"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #A4161A; font-weight: bold;")
        self.submit = QPushButton(t("receive_submit"), self)
        self.submit.setProperty("role", "primary")
        self.submit.clicked.connect(self._on_submit_clicked)
        form = QFormLayout()
        form.setVerticalSpacing(4)
        form.addRow(t("province_code"), self.code)
        form.addRow(t("applicant_name") + " *", self.name)
        form.addRow(t("applicant_address"), self.address)
        form.addRow(t("applicant_phone"), self.phone)
        form.addRow(t("applicant_email"), self.email)
        form.addRow(t("documents"), self.documents)
        form.addRow(t("copies"), self.copies)
        form.addRow(t("delivery"), self.delivery)
        form.addRow(t("fee"), self.fee)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.procedure_label)
        layout.addWidget(self.due_label)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.submit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._on_submit_clicked)
        cancel = QShortcut(QKeySequence("Escape"), self)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(self.cancelled)

    def ask(self, procedure: ProcedureView, due: datetime | None) -> None:
        self._procedure = procedure
        self.procedure_label.setText(f"<b>{procedure.name}</b><br>{procedure.code} · "
                                     f"{procedure.field} · {limit_text(procedure)}")
        self.due_label.setText(t("due_preview", due=due_text(due)))
        for line in (self.code, self.name, self.address, self.phone, self.email):
            line.clear()
        self.documents.setPlainText("\n".join(procedure.documents))
        self.copies.setValue(1)
        self.delivery.setCurrentIndex(0)
        self.fee.setText((procedure.fee or "").strip())
        self.error.clear()
        self.code.setFocus()  # the province's code first: scanned from the filing

    def _on_submit_clicked(self) -> None:
        if self._procedure is None:
            return
        if problem := self.code.problem():
            self.error.setText(problem)
            self.code.setFocus()
            return
        if not self.name.text().strip():
            self.error.setText(t("name_required"))
            self.name.setFocus()
            return
        documents = tuple(line.strip() for line in self.documents.toPlainText().splitlines()
                          if line.strip())
        self.submitted.emit(ReceiveRequest(
            procedure=self._procedure,
            applicant=Applicant(self.name.text().strip(), self.address.text().strip(),
                                self.phone.text().strip(), self.email.text().strip()),
            documents=documents, copies=self.copies.value(),
            delivery=Delivery(self.delivery.currentData()), fee=self.fee.text().strip(),
            code=self.code.code()))
