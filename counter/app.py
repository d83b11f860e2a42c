"""The counter window: log in, then the desk (serve the queue) and the dossiers tab.

Every action has a key: F1 call next, F2 recall, F3 no-show, F4 transfer, F5 finish, Ctrl+H
put the ticket on hold, Shift+F3 take back a held ticket or a no-show (counter/desk_cases.py),
F8 pause or resume, F9 close the counter (twice: it asks first; pressed on the dossiers tab
they first show the desk),
Ctrl+F search dossiers, Ctrl+1/Ctrl+2 the tabs, Ctrl+Q log out (pressed twice while a ticket
is served or a form is open). The waiting list and the dossiers follow the change feed (no
refresh key, no polling).
The state lives in the database: when it is gone the window says so, disables the actions,
retries by itself and carries on with the ticket it was serving. Nothing is read or written on
the GUI thread (shared/ui/worker.py; the status bar says when it waits); an action the
database could not take (busy or lost) is named in red, "CHƯA LÀM ĐƯỢC: …", with its panel or
form left as it was, to do again.

This file is the window's wiring: its widgets, keys and timers, the calls to the database and
the state read back. The keys' work is done beside it: the log-in and log-out in
counter/login_flow.py, the straight path of the queue in counter/queue_actions.py, its cases
(hold, take back, a past day's ticket) in counter/desk_cases.py, the dossiers in
counter/dossier_flow.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from counter.context import CounterContext
from counter.desk import DeskPage
from counter.desk_cases import DeskCases, from_past_day
from counter.dossier_flow import DossierFlow
from counter.login_flow import LoginFlow
from counter.panels.action_button import ActionButton
from counter.panels.dossiers import DossiersTab
from counter.panels.login import LoginPanel
from counter.panels.outcome import OutcomePanel
from counter.queue_actions import QueueActions
from counter.slips import SlipPrinter
from counter.text import t
from shared.counter_day import CounterDayServices
from shared.errors import DatabaseBusy, DatabaseUnavailable, LaysoError
from shared.i18n import current_language
from shared.models import CounterStatus
from shared.ui.bridge import ChangeBridge
from shared.ui.messages import Banner
from shared.ui.worker import OffThread
from shared.views import ClerkView, CounterState

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_MS = 2000
#: Keys that act on the desk (the ticket being served, the counter's status).
DESK_ACTIONS = frozenset({"call_next", "recall", "no_show", "transfer", "finish", "pause",
                          "close", "hold", "set_aside"})
#: A disabled coloured button turns grey, so the clerk sees at once what a key would do.
WINDOW_STYLE = """
QPushButton[role="primary"]:disabled, QPushButton[role="danger"]:disabled {
    background: #E3E7EC; color: #5F6B78; border: 2px dashed #8A97A6; }
QListWidget#outcomePanelList::item, QListWidget#transferPanelList::item,
QListWidget#setAsidePanelList::item { padding: 8px 6px; border-bottom: 1px solid #D5DCE4; }
QListWidget#outcomePanelList, QListWidget#transferPanelList,
QListWidget#setAsidePanelList { font-size: 18px; }
QPushButton#logoutButton { min-height: 0px; padding: 1px 10px; border-width: 1px; }
QListWidget::item:selected, QTableWidget::item:selected, QTableView::item:selected {
    background: #0B4A8F; color: #FFFFFF; }
"""


class CounterWindow(QMainWindow):
    def __init__(self, ctx: CounterContext, counter_number: int | None = None, *,
                 now: Callable[[], datetime] | None = None, live: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self._now = now or (lambda: datetime.now(UTC))
        self.clerk: ClerkView | None = None
        self.state: CounterState | None = None
        self.offline = False
        # Every database call runs in a worker thread; the window keeps running meanwhile
        # (shared/ui/worker.py) and says so when the database is slow to answer.
        self.calls = OffThread(on_slow=self._on_db_slow, on_done=self._on_db_done)
        self._changes_deferred = False
        self._slow_shown = False
        #: The last call failed for want of the database (busy or lost), not a refusal.
        self.last_unavailable = False
        self.slips = SlipPrinter(ctx.printing, ctx.settings.printer)
        self.cases = DeskCases(self)
        self.flow = DossierFlow(self)
        self.queue_actions = QueueActions(self)
        self.login_flow = LoginFlow(self, counter_number, RETRY_MS)
        # Read with the context, off the GUI thread (counter/context.py): nothing is read here.
        site_name = ctx.site_name or ctx.site
        self.setWindowTitle(f"{t('window_title')} — {site_name}")
        self.actions_by_name = self._make_actions()
        self.pages = QStackedWidget(self)
        self.login = LoginPanel(site_name)
        self.desk = DeskPage([(self.actions_by_name[name], role) for name, role in (
            ("call_next", "primary"), ("recall", None), ("no_show", None),
            ("transfer", None), ("finish", "primary"), ("hold", None), ("set_aside", None),
            ("pause", None), ("close", "danger"))],
            ctx.catalog, self._now)
        self.dossiers = DossiersTab(self._run, self._now)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("counterTabs")
        self.tabs.addTab(self.desk, t("tab_desk"))
        self.tabs.addTab(self.dossiers, t("tab_dossiers"))
        self.pages.addWidget(self.login)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)
        self.connection_label = QLabel()
        self.clerk_label = QLabel()
        self.statusBar().addWidget(self.clerk_label)
        # Messages show in the status strip at the bottom, beside the clerk's name: they cover
        # no heading, search box, form or list of any view, and no page is drawn over them.
        self.banner = Banner(self.statusBar(), docked=True)
        self.banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.banner, 1)
        self.logout_button = ActionButton(self.actions_by_name["logout"], self)
        self.logout_button.setObjectName("logoutButton")
        self.logout_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.statusBar().addPermanentWidget(self.logout_button)
        self.statusBar().addPermanentWidget(self.connection_label)
        # The login page has its own over it (nothing at its top edge).
        self.login_banner = Banner(self.login)
        self.setStyleSheet(WINDOW_STYLE)
        QTimer.singleShot(0, self.login_flow.warn_if_clock_differs)
        self._connect_desk()
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._on_retry_timeout)
        self._print_retry = QTimer(self)
        self._print_retry.setInterval(5000)
        self._print_retry.timeout.connect(ctx.printing.retry_pending)
        self._print_retry.start()
        self.bridge: ChangeBridge | None = None
        self._shut_down = False
        if live:
            self.bridge = ChangeBridge(ctx.db, ctx.site, self)
            self.bridge.changed.connect(self._on_changes)
            self.bridge.connection_lost.connect(self._go_offline)
            self.bridge.connection_restored.connect(self._on_retry_timeout)
            self.bridge.start()
        self._set_connection(True)
        # The window shows at once; the counters of the log-in page are read right after, off
        # the GUI thread (the status bar says when the database is slow to answer).
        self.login_flow.show_login(read_counters=False)
        QTimer.singleShot(0, self.login_flow.load_counters)

    # ------------------------------------------------------------------ set-up
    def _make_actions(self) -> dict[str, QAction]:
        queue = self.queue_actions
        handlers: dict[str, tuple[str, Callable[[], None]]] = {
            "call_next": ("F1", queue.on_call_next), "recall": ("F2", queue.on_recall),
            "no_show": ("F3", queue.on_no_show), "transfer": ("F4", queue.on_transfer),
            "finish": ("F5", queue.on_finish), "pause": ("F8", queue.on_pause),
            "close": ("F9", queue.on_close_counter),
            "hold": ("Ctrl+H", self.cases.on_hold),
            "set_aside": ("Shift+F3", self.cases.on_set_aside),
            "receive_extra": ("Ctrl+N", self.flow.on_receive_key),
            "search": ("Ctrl+F", self._on_search_dossiers),
            "tab_desk": ("Ctrl+1", lambda: self._show_tab(0)),
            "tab_dossiers": ("Ctrl+2", lambda: self._show_tab(1)),
            "logout": ("Ctrl+Q", self.login_flow.on_logout),
        }
        actions: dict[str, QAction] = {}
        for name, (keys, handler) in handlers.items():
            if name in DESK_ACTIONS:
                handler = self._on_desk_tab_only(handler)
            action = QAction(t(f"action_{name}"), self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.addAction(action)
            actions[name] = action
        return actions

    def _on_desk_tab_only(self, handler: Callable[[], None]) -> Callable[[], None]:
        """A desk key pressed on the dossiers tab shows the desk and does nothing more: the
        clerk sees what the next press will act on (F3 or F9 never act unseen)."""
        def guarded() -> None:
            if self.state is not None and self.tabs.currentWidget() is not self.desk:
                self._show_tab(0)
                self.banner.show_message(t("desk_key_on_dossiers"), "info", 4000)
                return
            handler()
        return guarded

    def _connect_desk(self) -> None:
        desk = self.desk
        self.login_flow.connect()
        self.queue_actions.connect()
        desk.side.currentChanged.connect(lambda _index: self._update_actions())
        desk.serving.day_ended.connect(self.reload)
        self.cases.connect()
        self.flow.connect()

    # ------------------------------------------------------------------ running services
    def _attempt(self, call: Callable[[], T], action: str | None = None, what: str = ""
                 ) -> tuple[bool, T | None]:
        """Run a service call off the GUI thread; a LaysoError is shown (never raised), an
        outage goes offline. ``action`` (an action's name, ``what`` it acts on) marks a clerk's
        action: refused while another is in flight, and when it could not be done the clerk
        is told so by name in red (a busy database is "đang bận", not an outage) and does it
        again: the caller leaves its panel or form as it was (``last_unavailable``)."""
        self.last_unavailable = True
        if self.offline:
            if action is None:
                self.banner.show_message(t("offline"), "warning", 0)
            else:
                self._not_done(action, DatabaseUnavailable(t("offline")), what)
            return False, None
        if action is not None and self.calls.busy:
            self.banner.show_message(t("in_flight"), "info", 3000)
            return False, None
        try:
            value = self.calls.run(call)
            self.last_unavailable = False
            if action is not None and self.banner.level() == "error":
                self.banner.hide()  # a clerk's action went through: an earlier error is stale
            return True, value
        except DatabaseBusy as error:
            self.last_unavailable = True  # (set after the call: reads may run meanwhile)
            log.warning("busy: %s", error.detail)
            self._not_done(action, error, what)
            return False, None
        except DatabaseUnavailable as error:
            self.last_unavailable = True
            self._go_offline(error.localized(current_language()))
            self._not_done(action, error, what)
            return False, None
        except LaysoError as error:
            self.last_unavailable = False
            log.info("refused: %s %s", error.message, error.detail)
            self.banner.show_error(error)
            return False, None

    def _do(self, call: Callable[[], T], action: str, what: str = "") -> T | None:
        """A clerk's action that writes (see ``_attempt``): its value, None if not done."""
        return self._attempt(call, action, what)[1]

    def action_label(self, action: str, what: str = "") -> str:
        """An action's name as the clerk knows it (its key's, else its own words)."""
        key = self.actions_by_name.get(action)
        name = key.text().replace("&", "") if key is not None else t(f"action_{action}")
        return f"{name} {what}".strip()

    def _not_done(self, action: str | None, error: LaysoError, what: str = "") -> None:
        busy = isinstance(error, DatabaseBusy)
        reason = t("busy_reason") if busy else t("offline_reason")
        if action is None:
            if busy:
                self.banner.show_message(error.localized(current_language()), "warning", 6000)
            return
        log.warning("not done: %s %s (%s)", action, what, error.detail or error.message_en)
        self.banner.show_message(t("not_done", action=self.action_label(action, what),
                                   reason=reason), "error", 0)

    def _on_db_slow(self) -> None:
        """A call takes long: say what the window waits for; the keys wait too."""
        if self._shut_down:
            return
        self._slow_shown = True
        self.connection_label.setText(t("waiting_db"))
        self.connection_label.setStyleSheet("color: #8A5300; font-weight: bold;")
        for name in DESK_ACTIONS:
            self.actions_by_name[name].setEnabled(False)

    def _on_db_done(self) -> None:
        if self._shut_down:
            return
        if self._slow_shown:
            self._slow_shown = False
            self._set_connection(not self.offline)
            self._update_actions()
        if self._changes_deferred:
            self._changes_deferred = False
            QTimer.singleShot(0, self.reload)

    def _run(self, call: Callable[[], T]) -> T | None:
        return self._attempt(call)[1]

    # ------------------------------------------------------------------ live state
    def reload(self) -> None:
        """Read the counter and its waiting list again and show them."""
        if self.state is None or self._shut_down:
            return
        counter_id = self.state.id
        ok, state = self._attempt(lambda: self.ctx.queue.counter(counter_id))
        if not ok or state is None:
            return
        if self.clerk is not None and state.clerk_username != self.clerk.username:
            self.login_flow.on_clerk_replaced(state)
            return
        self._show_state(state)
        entries = self._run(lambda: self.ctx.queue.waiting(counter_id))
        if entries is not None:
            self.desk.waiting.set_entries(entries)
        self.desk.waiting.set_aside_line(*self.cases.set_aside_count())

    def _reload_soon(self) -> None:
        """Paint the new number now, then re-read the waiting list (the number comes first)."""
        self.desk.serving.number_label.repaint()
        QTimer.singleShot(0, self.reload)

    def _show_state(self, state: CounterState) -> None:
        self.state = state
        assert self.clerk is not None
        self.desk.serving.set_counter(state, self.clerk.full_name,
                                      past_day=from_past_day(state.current, self))
        # A supervisor's change for the rest of today (shared/counter_day.py): say so.
        today = self._run(lambda: CounterDayServices(self.ctx.db).for_counter_id(state.id))
        if today:
            self.desk.serving.clerk_label.setText(
                f"{self.clerk.full_name}\n{t('services_today', services=', '.join(today))}")
        self.clerk_label.setText(t("status_line", clerk=self.clerk.full_name,
                                   number=state.number))
        self._update_actions()

    def _on_changes(self, changes: list[Any]) -> None:
        """One wake-up of the change feed: refresh what those changes touch."""
        if self.state is None or self.offline or self._shut_down:
            return
        if self.calls.busy:  # an action is in flight: read again once it has ended
            self._changes_deferred = True
            return
        kinds = {str(getattr(change, "kind", "")) for change in changes}
        if "config.changed" in kinds:
            self._run(self.ctx.reload_hours)  # due dates follow the center's hours
        if any(kind.startswith(("ticket.", "counter.", "clerk.", "config.")) for kind in kinds):
            self.reload()
        if any(kind.startswith("dossier.") for kind in kinds):
            self.dossiers.refresh()

    def _counter_id(self) -> int:
        assert self.state is not None
        return self.state.id

    def _update_actions(self) -> None:
        state = self.state
        # A ticket of a past day is not served any more: F1 ends it and calls the next.
        stale = state is not None and from_past_day(state.current, self)
        serving = state is not None and state.current is not None and not stale
        ready = state is not None and not self.offline and not self.desk.busy
        enabled = {
            "call_next": ready and not serving, "recall": ready and serving,
            "no_show": ready and serving, "transfer": ready and serving,
            "finish": ready and serving, "pause": ready and not serving and not stale,
            "hold": ready and serving, "set_aside": ready,
            "close": ready and not serving and not stale and state is not None
            and state.status != CounterStatus.CLOSED,
            "receive_extra": state is not None and not self.offline and not self.desk.busy,
            "search": state is not None, "tab_desk": state is not None,
            "tab_dossiers": state is not None, "logout": state is not None and not self.offline,
        }
        for name, value in enabled.items():
            self.actions_by_name[name].setEnabled(bool(value))
        paused = state is not None and state.status != CounterStatus.OPEN
        self.actions_by_name["pause"].setText(t("action_resume" if paused else "action_pause"))
        self.dossiers.set_available(state is not None and not self.offline)

    # ------------------------------------------------------------------ dossiers
    def _on_search_dossiers(self) -> None:
        self._show_tab(1)
        self.dossiers.focus_search()

    def _show_tab(self, index: int) -> None:
        if self.state is None:
            return
        self.tabs.setCurrentIndex(index)
        if index == 0:
            if not self.desk.busy:
                self.desk.back_to_waiting()
        else:
            self.dossiers.table.setFocus()

    # ------------------------------------------------------------------ outage
    def _go_offline(self, message: str = "") -> None:
        if self._shut_down:
            return  # a late signal of the stopped feed: nothing to retry any more
        if not self.offline:
            log.warning("offline: %s", message)
        self.offline = True
        self.banner.show_message(t("offline"), "warning", 0)
        if self.state is None:
            self.login_banner.show_message(t("offline"), "warning", 0)
        self._set_connection(False)
        self._update_actions()
        if not self._retry.isActive():
            self._retry.start()

    def _on_retry_timeout(self) -> None:
        if self.calls.busy:
            return
        try:
            if self.state is not None:
                state_id = self.state.id
                self.calls.run(lambda: self.ctx.queue.counter(state_id))
            else:
                self.calls.run(self.ctx.center.sites)
        except LaysoError:
            return
        was_offline = self.offline
        self.offline = False
        self._retry.stop()
        self._set_connection(True)
        if was_offline:
            self.login_banner.hide()
            self.banner.show_message(t("back_online"), "success", 4000)
        if self.state is not None:
            self.reload()
            self.dossiers.refresh()
        elif was_offline:
            self.login_flow.show_login()
        self._update_actions()

    def _set_connection(self, online: bool) -> None:
        self.connection_label.setText(t("online" if online else "offline_short"))
        self.connection_label.setStyleSheet(
            f"color: {'#1B5E20' if online else '#A4161A'}; font-weight: bold;")

    # ------------------------------------------------------------------ Qt events
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        number_px = max(48, min(size.height() // 6, size.width() // 10))
        self.desk.serving.number_label.setStyleSheet(
            f"font-size: {number_px}px; font-weight: bold; color: #0B4A8F;")
        self.desk.serving.elapsed_label.setStyleSheet(
            f"font-size: {max(16, number_px // 4)}px; font-weight: bold;")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the feed and timers (the clerk stays on the counter: a restart resumes)."""
        self._shut_down = True
        if self.bridge is not None:
            self.bridge.stop()
            self.bridge = None
        self._retry.stop()
        self._print_retry.stop()

    def enter_desk(self, clerk: ClerkView, number: int,
                   state: CounterState | None = None) -> None:
        """The desk of counter ``number`` for ``clerk``, as a log-in shows it
        (counter/login_flow.py; the screenshots and the benchmark enter it directly)."""
        self.login_flow.enter_desk(clerk, number, state)

    def outcome_panel(self) -> OutcomePanel:
        return self.desk.outcome

    def current_widget(self) -> QWidget | None:
        return self.desk.side.currentWidget()
