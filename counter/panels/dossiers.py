"""The dossiers tab: open dossiers (this counter's; the whole center's for supervisors),
soonest due first, overdue and due today marked; resolve, request a supplement (form 02),
record the supplement received (a new slip), refuse (form 03), apologise and set a new due
date (form 04), return the result. Typing a search looks through every dossier of the site,
whichever counter received it, finished ones included (those are read only)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.panels.action_button import ActionButton
from counter.panels.dossier_picker import who_line
from counter.panels.reason_form import ReasonForm
from counter.text import localized, t
from counter.time_input import typed
from shared.clock import local
from shared.dossier_views import DossierView
from shared.dossiers import allowed_actions
from shared.models import DossierStatus

T = TypeVar("T")
Runner = Callable[[Callable[[], T]], T | None]

OVERDUE_BG, TODAY_BG, FINISHED_FG = "#FBD5D3", "#FFF0B3", "#6B7785"
#: Statuses a new due date (form 04) may be given in.
RESCHEDULABLE = (DossierStatus.RECEIVED, DossierStatus.SUPPLEMENT_REQUESTED)
FINISHED = (DossierStatus.RETURNED, DossierStatus.REFUSED, DossierStatus.WITHDRAWN,
            DossierStatus.STOPPED)


class DossiersTab(QWidget):
    #: (what happened, the dossier after it, extra) for the window to print / report
    acted = Signal(str, object, object)

    def __init__(self, run: Runner[Any], now: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossiersTab")
        self._run = run
        self._now = now
        self._load: Callable[[str], list[DossierView]] = lambda query: []
        self._rows: list[DossierView] = []
        self._whole_center = False
        #: The dossier the open reason form is about (fixed when the form opens).
        self._asked: DossierView | None = None
        #: False while logged out or offline: nothing is offered.
        self._available = True
        self.title = QLabel(self)
        self.title.setProperty("role", "subtitle")
        self.search = QLineEdit(self)
        self.search.setObjectName("dossierSearch")
        self.search.setPlaceholderText(t("dossier_search_hint"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.search.installEventFilter(self)  # ↓↑ move in the list, as in the picker
        self.table = QTableWidget(0, 6, self)
        self.search.returnPressed.connect(self.table.setFocus)
        self.table.setObjectName("dossierTable")
        self.table.setHorizontalHeaderLabels([t("col_code"), t("col_applicant"),
                                              t("col_procedure"), t("col_status"),
                                              t("col_due"), t("col_counter")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.reason_form = ReasonForm(self)
        self.reason_form.confirmed.connect(self._on_reason_confirmed)
        self.reason_form.cancelled.connect(self._on_reason_cancelled)
        self.actions_by_name: dict[str, QAction] = {}
        buttons = QHBoxLayout()
        for name, keys, role in (("resolve", "F6", "primary"), ("supplement", "F7", None),
                                 ("supplemented", "Shift+F7", None),
                                 ("refuse", "F11", "danger"), ("return", "F12", "primary"),
                                 ("reschedule", "F10", None), ("reprint", "Ctrl+P", None)):
            action = QAction(t(f"dossier_{name}"), self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=name: self._on_action_triggered(n))
            self.addAction(action)
            self.actions_by_name[name] = action
            buttons.addWidget(ActionButton(action, self, role))
        #: Why a key did nothing (F10 on a dossier that cannot be rescheduled).
        self.notice = QLabel(self)
        self.notice.setObjectName("dossierNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #A4161A; font-weight: bold;")
        self.notice.hide()
        self.legend = legend = QLabel(t("dossier_legend"), self)
        legend.setProperty("role", "muted")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason_form)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        layout.addWidget(legend)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓↑ in the search box move the selection in the list (Enter then goes to it)."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)):
            row = self.table.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.table.rowCount():
                self.table.setCurrentCell(row, 0)
            return True
        return super().eventFilter(watched, event)

    def set_source(self, load: Callable[[str], list[DossierView]], whole_center: bool) -> None:
        """Where the list comes from (the window closes over the site and counter)."""
        self._load = load
        self._whole_center = whole_center
        self.refresh()

    def refresh(self) -> None:
        rows = self._run(lambda: self._load(self.search.text()))
        if rows is None:
            return
        current = self.selected()
        selected = current.code if current is not None else None
        self._rows = rows
        today = local(self._now()).date()
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(rows))
            for row, dossier in enumerate(rows):
                due = local(dossier.due_at) if dossier.due_at else None
                status = localized(dossier.status_text, dossier.status_text_en)
                background = None
                finished = dossier.status in FINISHED
                if finished:
                    status = f"{status} · {t('read_only')}"
                elif dossier.overdue:
                    status, background = f"{status} · {t('overdue')}", OVERDUE_BG
                elif due is not None and due.date() == today:
                    status, background = f"{status} · {t('due_today')}", TODAY_BG
                who = " · ".join(part for part in (dossier.applicant.name,
                                                   dossier.applicant.phone) if part)
                cells = (dossier.code, who, dossier.procedure_name, status,
                         due.strftime("%H:%M %d/%m/%Y") if due else t("due_unknown"),
                         str(dossier.counter or ""))
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if background:
                        item.setBackground(QBrush(QColor(background)))
                        item.setForeground(QBrush(QColor("#111111")))
                    elif finished:
                        item.setForeground(QBrush(QColor(FINISHED_FG)))
                    self.table.setItem(row, column, item)
                if dossier.code == selected:
                    self.table.setCurrentCell(row, 0)
            if rows and self.table.currentRow() < 0:
                self.table.setCurrentCell(0, 0)
        searching = bool(self.search.text().strip())
        self.legend.setText(t("dossier_legend_search" if searching else "dossier_legend"))
        if searching:
            self.title.setText(t("dossiers_found", count=len(rows)))
        else:
            scope = t("scope_center") if self._whole_center else t("scope_counter")
            self.title.setText(t("dossiers_title", count=len(rows), scope=scope))
        self._on_selection_changed()

    def set_available(self, available: bool) -> None:
        """The window's say: logged in and online (else nothing is offered)."""
        self._available = available
        self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        """Only what the selected dossier's status allows is offered (keys included)."""
        dossier = self.selected() if self._available else None
        allowed = set(allowed_actions(dossier.status)) if dossier is not None else set()
        if dossier is not None and dossier.status in RESCHEDULABLE:
            allowed.add("reschedule")
        # F10 stays live on any dossier: on one that cannot be rescheduled it says why.
        for name, action in self.actions_by_name.items():
            action.setEnabled(dossier is not None and (name in ("reprint", "reschedule")
                                                        or name in allowed))
        self.notice.hide()

    def selected(self) -> DossierView | None:
        row = self.table.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def codes(self) -> list[str]:
        return [dossier.code for dossier in self._rows]

    def select_code(self, code: str) -> None:
        for row, dossier in enumerate(self._rows):
            if dossier.code == code:
                self.table.setCurrentCell(row, 0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_action_triggered(self, name: str) -> None:
        dossier = self.selected()
        if dossier is None:
            return
        if name == "reschedule" and dossier.status not in RESCHEDULABLE:
            status = localized(dossier.status_text, dossier.status_text_en)
            self.notice.setText(t("reschedule_not_allowed", code=dossier.code, status=status))
            self.notice.show()
            return
        if name in ("supplement", "refuse", "reschedule"):
            self._asked = dossier
            self.reason_form.ask(name, dossier.code, suggested_due(dossier, self._now()),
                                 who=who_line(dossier))
            return
        self.acted.emit(name, dossier, None)

    def reopen_reason(self, dossier: DossierView) -> None:
        """The reason form again, as typed, for ``dossier`` (its action was not done)."""
        self._asked = dossier
        self.reason_form.reopen()

    def _on_reason_cancelled(self) -> None:
        self._asked = None
        self.table.setFocus()

    def has_open_form(self) -> bool:
        """A reason form open with something typed in it (log-out asks first)."""
        form = self.reason_form
        return form.isVisible() and bool(form.reason.text().strip()
                                          or form.documents.text().strip())

    def _on_reason_confirmed(self, action: str, reason: str, documents: tuple[str, ...]) -> None:
        """Acts on the dossier the form was opened for, whatever row is selected now (the
        list may have been refreshed or re-sorted meanwhile)."""
        dossier, self._asked = self._asked, None
        if dossier is not None:
            self.acted.emit(action, dossier, (reason, documents))
        self.table.setFocus()


def suggested_due(dossier: DossierView, now: datetime) -> str:
    """What form 04's date field starts with: three days after the due date (or now), at
    16:00; the clerk types over it."""
    base = max(local(dossier.due_at), local(now)) if dossier.due_at else local(now)
    return typed((base + timedelta(days=3)).replace(hour=16, minute=0, second=0,
                                                     microsecond=0))
