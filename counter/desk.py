"""The desk page: the serving panel on the left, and on the right the waiting list or, while
the clerk finishes or transfers a ticket, the outcome list, the procedure picker, the receive
form or the transfer list (one at a time, all by keyboard)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QWidget

from counter.panels.dossier_picker import DossierPicker
from counter.panels.outcome import OutcomePanel
from counter.panels.procedure_picker import ProcedurePicker
from counter.panels.receive import ReceiveForm
from counter.panels.serving import ServingPanel
from counter.panels.set_aside import SetAsidePanel
from counter.panels.transfer import TransferPanel
from counter.panels.waiting import WaitingPanel
from shared.catalog import CatalogService


class DeskPage(QWidget):
    def __init__(self, actions: Sequence[tuple[QAction, str | None]], catalog: CatalogService,
                 now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskPage")
        self.serving = ServingPanel(actions, now, self)
        self.waiting = WaitingPanel(self)
        self.outcome = OutcomePanel()
        self.picker = ProcedurePicker(catalog)
        self.receive = ReceiveForm()
        self.transfer = TransferPanel()
        self.set_aside = SetAsidePanel()
        self.dossier_picker = DossierPicker()
        self.side = QStackedWidget(self)
        self.side.setObjectName("sidePanel")
        for page in (self.waiting, self.outcome, self.picker, self.receive, self.transfer,
                     self.set_aside, self.dossier_picker):
            self.side.addWidget(page)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(12)
        layout.addWidget(self.serving, 9)
        layout.addWidget(self.side, 11)

    def show_side(self, page: QWidget) -> None:
        self.side.setCurrentWidget(page)

    @property
    def busy(self) -> bool:
        """True while a finish or transfer is being asked (the F-keys wait)."""
        return self.side.currentWidget() is not self.waiting

    def back_to_waiting(self) -> None:
        self.side.setCurrentWidget(self.waiting)
        self.waiting.table.setFocus()
