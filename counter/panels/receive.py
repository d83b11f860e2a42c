"""The dossier receive form: applicant, documents (from the procedure), sets, delivery; the
due date shown before saving. When the catalog has no time limit for the procedure, the form
asks for one (working days, days, working hours, the same day, the due date itself, or
"chưa xác định" chosen on purpose) and offers to save it to the catalog.

Ctrl+Enter receives and prints the slip; Ctrl+Shift+Enter receives it and opens the next
dossier for the same citizen; Esc goes back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
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
from counter.time_input import parse_due
from shared.catalog import ProcedureView
from shared.clock import local
from shared.dossier_limits import LimitChoice, LimitUnit
from shared.dossiers import Applicant
from shared.models import Delivery

#: The limit choices offered when the catalog has none, in this order.
LIMIT_UNITS: tuple[LimitUnit, ...] = (
    LimitUnit.WORKING_DAYS, LimitUnit.DAYS, LimitUnit.HOURS, LimitUnit.SAME_DAY,
    LimitUnit.DATE, LimitUnit.UNKNOWN)
COUNTED = (LimitUnit.WORKING_DAYS, LimitUnit.DAYS, LimitUnit.HOURS)
#: The theme's padding squeezed a spin box's arrows to a few pixels: room of their own.
SPIN_STYLE = ("QSpinBox { padding-right: 30px; }"
              " QSpinBox::up-button { subcontrol-origin: border;"
              " subcontrol-position: top right; width: 28px; }"
              " QSpinBox::down-button { subcontrol-origin: border;"
              " subcontrol-position: bottom right; width: 28px; }")


@dataclass(frozen=True)
class ReceiveRequest:
    procedure: ProcedureView
    applicant: Applicant
    documents: tuple[str, ...]
    copies: int
    delivery: Delivery
    #: The fee as the clerk confirmed it (prefilled from the procedure's fee).
    fee: str = ""
    #: The time limit entered because the catalog has none (None: the catalog's).
    limit: LimitChoice | None = None
    #: Save that limit to the catalog for the next dossiers of the procedure.
    save_limit: bool = False
    #: Ctrl+Shift+Enter: another dossier for the same citizen follows.
    another: bool = False
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
        self._preview: Callable[[LimitChoice | None], datetime | None] = lambda _c: None
        self.title = QLabel(t("receive_title"), self)
        self.title.setProperty("role", "subtitle")
        self.title.setWordWrap(True)
        self.procedure_label = QLabel(self)
        self.procedure_label.setWordWrap(True)
        self.due_label = QLabel(self)
        self.due_label.setObjectName("dueDate")
        self.limit_box = self._make_limit_box()
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
        self.copies.setStyleSheet(SPIN_STYLE)
        self.delivery = QComboBox(self)
        self.delivery.addItem(t("delivery_counter"), Delivery.COUNTER)
        self.delivery.addItem(t("delivery_post"), Delivery.POST)
        self.fee = QLineEdit(self)
        self.fee.setObjectName("fee")
        self.fee.setPlaceholderText(t("fee_placeholder"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #A4161A; font-weight: bold;")
        self.submit = QPushButton(t("receive_submit"), self)
        self.submit.setProperty("role", "primary")
        self.submit.clicked.connect(lambda: self._on_submit_clicked(another=False))
        self.submit_another = QPushButton(t("receive_submit_another"), self)
        self.submit_another.clicked.connect(lambda: self._on_submit_clicked(another=True))
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
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit, 3)
        buttons.addWidget(self.submit_another, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.procedure_label)
        layout.addWidget(self.due_label)
        layout.addWidget(self.limit_box)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        for keys, another in (("Ctrl+Return", False), ("Ctrl+Enter", False),
                              ("Ctrl+Shift+Return", True), ("Ctrl+Shift+Enter", True)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(
                lambda more=another: self._on_submit_clicked(another=more))
        # Tab follows the form top to bottom (the name was made before the code field).
        order = (self.limit_unit, self.limit_amount, self.due_input, self.save_limit,
                 self.code, self.name, self.address, self.phone, self.email, self.documents,
                 self.copies, self.delivery, self.fee, self.submit, self.submit_another)
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        cancel = QShortcut(QKeySequence("Escape"), self)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(self.cancelled)

    def _make_limit_box(self) -> QWidget:
        """The row asking for a time limit (shown only when the catalog has none)."""
        box = QWidget(self)
        box.setObjectName("limitBox")
        box.setStyleSheet("QWidget#limitBox { background: #FFF0B3; border-radius: 4px; }")
        self.limit_note = QLabel(t("limit_missing"), box)
        self.limit_note.setWordWrap(True)
        self.limit_note.setStyleSheet("font-weight: bold;")
        self.limit_unit = QComboBox(box)
        self.limit_unit.setObjectName("limitUnit")
        self.limit_unit.addItem(t("limit_choose"), None)
        for unit in LIMIT_UNITS:
            self.limit_unit.addItem(t(f"limit_unit_{unit.value}"), unit)
        self.limit_amount = QSpinBox(box)
        self.limit_amount.setObjectName("limitAmount")
        self.limit_amount.setRange(1, 365)
        self.limit_amount.setStyleSheet(SPIN_STYLE)
        self.due_input = QLineEdit(box)
        self.due_input.setObjectName("dueInput")
        self.due_input.setPlaceholderText(t("due_input_placeholder"))
        self.save_limit = QCheckBox(t("limit_save"), box)
        self.save_limit.setObjectName("saveLimit")
        row = QHBoxLayout()
        row.addWidget(QLabel(t("limit_label"), box))
        row.addWidget(self.limit_unit, 2)
        row.addWidget(self.limit_amount)
        row.addWidget(self.due_input, 2)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.limit_note)
        layout.addLayout(row)
        layout.addWidget(self.save_limit)
        self.limit_unit.currentIndexChanged.connect(lambda _i: self._on_limit_changed())
        self.limit_amount.valueChanged.connect(lambda _v: self._on_limit_changed())
        self.due_input.textChanged.connect(lambda _t: self._on_limit_changed())
        return box

    def ask(self, procedure: ProcedureView,
            preview: Callable[[LimitChoice | None], datetime | None], title: str = "",
            applicant: Applicant | None = None) -> None:
        """A new form for ``procedure``; ``preview`` gives the due date of a limit choice
        (None: the catalog's); ``title`` says whose dossier it is (ticket, or none);
        ``applicant``: the same citizen's next dossier starts with their name, address and
        phone (the clerk may change them)."""
        self._procedure = procedure
        self._preview = preview
        self.title.setText(title or t("receive_title"))
        self.procedure_label.setText(f"<b>{procedure.name}</b><br>{procedure.code} · "
                                     f"{procedure.field} · {limit_text(procedure)}")
        for line in (self.code, self.name, self.address, self.phone, self.email,
                     self.due_input):
            line.clear()
        self.limit_unit.setCurrentIndex(0)
        self.limit_amount.setValue(1)
        self.save_limit.setChecked(False)
        self.limit_box.setVisible(self.needs_limit)
        self.documents.setPlainText("\n".join(procedure.documents))
        self.copies.setValue(1)
        self.delivery.setCurrentIndex(0)
        self.fee.setText((procedure.fee or "").strip())
        self.fee.setCursorPosition(0)  # a long fee text reads from its start
        if applicant is not None:
            self.name.setText(applicant.name)
            self.address.setText(applicant.address)
            self.phone.setText(applicant.phone)
        self.error.clear()
        self._on_limit_changed()
        self.code.setFocus()  # the province's code first: scanned from the filing

    @property
    def needs_limit(self) -> bool:
        """The catalog has no time limit for the procedure: the clerk must give one."""
        procedure = self._procedure
        return procedure is not None and (procedure.time_limit is None
                                          or not procedure.time_unit)

    def limit_choice(self) -> LimitChoice | None:
        """What the limit row says now (None: nothing chosen, or not asked)."""
        unit = self.limit_unit.currentData()
        if not self.needs_limit or unit is None:
            return None
        unit = LimitUnit(unit)
        if unit in COUNTED:
            return LimitChoice(unit, self.limit_amount.value())
        if unit is LimitUnit.DATE:
            return LimitChoice(unit, due_at=parse_due(self.due_input.text()))
        return LimitChoice(unit)

    def _on_limit_changed(self) -> None:
        unit = self.limit_unit.currentData()
        self.limit_amount.setVisible(unit in COUNTED)
        self.due_input.setVisible(unit == LimitUnit.DATE)
        self.save_limit.setVisible(unit in (*COUNTED, LimitUnit.SAME_DAY))
        if self.needs_limit and unit is None:
            self.due_label.setText(t("due_preview", due=t("due_not_chosen")))
            return
        choice = self.limit_choice()
        if choice is not None and choice.unit is LimitUnit.DATE:
            due = choice.due_at
            if due is None and self.due_input.text().strip():  # e.g. 32/12/2026
                self.due_label.setText(t("due_preview", due=t("due_input_wrong")))
                return
        else:
            due = self._preview(choice) if self._procedure is not None else None
        self.due_label.setText(t("due_preview", due=due_text(due)))

    def show_refusal(self, reason: str) -> None:
        """The service did not receive the dossier: why, in the form's error line."""
        self.error.setText(reason)

    def _on_submit_clicked(self, *, another: bool) -> None:
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
        choice = self.limit_choice()
        if self.needs_limit and choice is None:
            self.error.setText(t("limit_required"))
            self.limit_unit.setFocus()
            return
        if choice is not None and choice.unit is LimitUnit.DATE and choice.due_at is None:
            self.error.setText(t("due_input_invalid"))
            self.due_input.setFocus()
            return
        documents = tuple(line.strip() for line in self.documents.toPlainText().splitlines()
                          if line.strip())
        self.error.clear()  # an earlier field's error is over; a refusal now says its own
        self.submitted.emit(ReceiveRequest(
            procedure=self._procedure,
            applicant=Applicant(self.name.text().strip(), self.address.text().strip(),
                                self.phone.text().strip(), self.email.text().strip()),
            documents=documents, copies=self.copies.value(),
            delivery=Delivery(self.delivery.currentData()), fee=self.fee.text().strip(),
            limit=choice, save_limit=choice is not None and self.save_limit.isChecked()
            and self.save_limit.isVisibleTo(self), another=another, code=self.code.code()))
