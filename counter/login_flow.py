"""The clerk's log-in and log-out, for the counter window:

- The log-in page: its counters (read off the GUI thread, again a while later when the
  database could not answer), a PC clock unlike the database's, the log-in itself (user name,
  password or PIN, counter). A database busy or lost leaves the clerk on the page, told that
  the log-in was NOT done, the secret kept (Enter tries again).
- The desk shown for the clerk who logged in (back on any ticket the counter holds; a ticket
  of a past day is ended, counter/desk_cases.py).
- Ctrl+Q logs out (pressed twice while a ticket is served or a form is open); the counter's
  clerk changed elsewhere sends the window back to the log-in page and says why. Nothing of
  the clerk who left stays on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from counter.desk_cases import from_past_day
from counter.text import t
from shared.dossier_views import DossierView
from shared.dossiers import DossierService
from shared.errors import DatabaseBusy, DatabaseUnavailable, LaysoError
from shared.i18n import current_language
from shared.models import Role
from shared.views import ClerkView, CounterState

if TYPE_CHECKING:
    from counter.app import CounterWindow

log = logging.getLogger(__name__)
#: How long a second Ctrl+Q confirms a log-out with a ticket or a form open.
LOGOUT_CONFIRM_MS = 5000


class LoginFlow:
    def __init__(self, window: CounterWindow, counter_number: int | None,
                 retry_ms: int) -> None:
        self.window = window
        #: The counter set for this PC (--counter, the settings): the log-in page's choice.
        self.preset_counter = counter_number if counter_number is not None else (
            window.ctx.settings.counter)
        #: The log-in page's list of counters could not be read: read again after a while.
        self.counters_retry = QTimer(window)
        self.counters_retry.setSingleShot(True)
        self.counters_retry.setInterval(retry_ms)
        self.counters_retry.timeout.connect(self.load_counters)
        self.logout_armed = QTimer(window)
        self.logout_armed.setSingleShot(True)
        self.logout_armed.setInterval(LOGOUT_CONFIRM_MS)

    def connect(self) -> None:
        self.window.login.login_requested.connect(self._on_login_requested)

    # ------------------------------------------------------------------ the log-in page
    def show_login(self, *, read_counters: bool = True) -> None:
        w = self.window
        w.login.reset()
        self._forget_clerk()
        w.pages.setCurrentWidget(w.login)
        w._update_actions()
        if read_counters:
            self.load_counters()

    def load_counters(self) -> None:
        """The log-in page's counters (read off the GUI thread; again later if not read)."""
        w = self.window
        if w.state is not None or w._shut_down:
            return
        counters = w._run(lambda: w.ctx.queue.counters(w.ctx.site))
        if counters is None:
            if not w.offline:  # busy: read again soon (offline: on reconnection)
                self.counters_retry.start()
            return
        w.login.set_counters(counters, self.preset_counter)

    def warn_if_clock_differs(self) -> None:
        """A PC clock unlike the database's (shared/clock_warning.py), shown on log-in; checked
        off the GUI thread."""
        from shared.ui.clock_check import ClockCheck

        w = self.window
        self._clock_check = ClockCheck(w)
        self._clock_check.warning.connect(
            lambda text: w.login_banner.show_message(text, "warning", 0))
        self._clock_check.start(w.ctx.db, w.ctx.settings.language)

    def _on_login_requested(self, username: str, secret: str, number: int) -> None:
        """Log in off the GUI thread; a database busy or lost leaves the clerk on the log-in
        page, told that the log-in was NOT done (Enter tries again)."""
        w = self.window
        if w.calls.busy:
            w.login.show_error(t("in_flight"), keep_secret=True)
            return
        site, clerks, queue = w.ctx.site, w.ctx.clerks, w.ctx.queue

        def log_in() -> tuple[ClerkView, CounterState]:
            clerk = clerks.login(username, secret, site, number)
            return clerk, queue.find_counter(site, number)

        try:
            clerk, state = w.calls.run(log_in)
        except DatabaseUnavailable as error:
            busy = isinstance(error, DatabaseBusy)
            log.warning("log-in not done: %s", error.detail or error.message_en)
            if not busy:
                w._go_offline(error.localized(current_language()))
            w.login.show_error(t("login_not_done",
                                 reason=t("busy_reason" if busy else "offline_reason")),
                               keep_secret=True)
            return
        except LaysoError as error:
            w.login.show_error(error.localized(current_language()))
            return
        self.enter_desk(clerk, number, state)

    # ------------------------------------------------------------------ the desk
    def enter_desk(self, clerk: ClerkView, number: int,
                   state: CounterState | None = None) -> None:
        """Show the desk of counter ``number`` for ``clerk`` (back on any ticket it holds);
        ``state``: the counter as read at log-in (else read now, off the GUI thread)."""
        w = self.window
        w.clerk = clerk
        w.state = state or w._run(lambda: w.ctx.queue.find_counter(w.ctx.site, number))
        whole_center = clerk.role in (Role.SUPERVISOR, Role.ADMIN)
        w.dossiers.set_source(dossier_source(w.ctx.dossiers, w.ctx.site,
                                             None if whole_center else number),
                              whole_center)
        w.pages.setCurrentWidget(w.tabs)
        w.logout_button.show()
        w.tabs.setCurrentIndex(0)
        w.desk.back_to_waiting()
        w.reload()
        if from_past_day(w.state.current if w.state else None, w):
            w.cases.end_past_day()
        elif w.state is not None and w.state.current is not None:
            w.banner.show_message(t("resumed", number=w.state.current.number), "info")

    # ------------------------------------------------------------------ log out
    def _unfinished(self) -> str | None:
        """What a log-out now would leave half done, in words; None when nothing."""
        w = self.window
        if w.state is None:
            return None
        if w.state.current is not None:
            return t("logout_serving", number=w.state.current.number)
        if w.desk.busy or w.dossiers.has_open_form():
            return t("logout_form_open")
        return None

    def on_logout(self) -> None:
        w = self.window
        if w.state is None:
            return
        unfinished = self._unfinished()
        if unfinished is not None and not self.logout_armed.isActive():
            self.logout_armed.start()
            w.banner.show_message(t("logout_confirm", what=unfinished), "warning",
                                  LOGOUT_CONFIRM_MS)
            return
        self.logout_armed.stop()
        number = w.state.number
        ok, _ = w._attempt(lambda: w.ctx.clerks.logout(w.ctx.site, number), "logout")
        if ok:
            w.clerk, w.state = None, None
            self.show_login()
            w.login.username.clear()
            w.login.username.setFocus()

    def on_clerk_replaced(self, state: CounterState) -> None:
        """The counter's clerk changed elsewhere (logged in at another counter, released by
        a supervisor, or someone else took it): this window may not act for it any more."""
        w = self.window
        log.info("counter %s: clerk is now %s", state.number, state.clerk_username)
        w.clerk, w.state = None, None
        self.show_login()
        w.login.username.clear()
        w.login.show_error(t("clerk_replaced", number=state.number)
                           if state.clerk_name is None else
                           t("clerk_replaced_by", number=state.number,
                             name=state.clerk_name))

    def _forget_clerk(self) -> None:
        """Nothing of the clerk who left stays on screen: the status bar, the desk, the
        waiting list, the last message, the dossiers, an open form, a message."""
        w = self.window
        w.clerk_label.clear()
        w.banner.hide()
        self.logout_armed.stop()
        w.queue_actions.close_armed.stop()
        w.desk.back_to_waiting()
        w.desk.serving.clear()
        w.desk.waiting.set_entries([])
        w.desk.waiting.set_aside_line(0, 0)
        w.dossiers.set_source(lambda _query: [], False)
        self._forget_forms()
        w.logout_button.hide()  # nobody to log out on the login page

    def _forget_forms(self) -> None:
        """The hidden panels keep nothing of the last ticket: searches, forms, reasons."""
        w = self.window
        desk, receive = w.desk, w.desk.receive
        for line in (receive.code, receive.name, receive.address, receive.phone,
                     receive.email, receive.fee, receive.due_input, desk.picker.search,
                     desk.dossier_picker.search, w.dossiers.search):
            line.clear()
        receive.documents.clear()
        receive.error.clear()
        desk.dossier_picker.notice.clear()
        for form in (desk.dossier_picker.reason_form, w.dossiers.reason_form):
            form.hide()
            for line in (form.reason, form.documents, form.new_due):
                line.clear()
            form.who.clear()
            form.title.clear()
        w.dossiers.notice.hide()
        w.flow.carried = None


def dossier_source(service: DossierService, site: str,
                   counter: int | None) -> Callable[[str], list[DossierView]]:
    """The dossiers tab's list: the open ones of the counter (``None``: the center) while
    the search is empty; what the search finds among every dossier of the site, finished
    ones included, once something is typed."""
    def load(query: str) -> list[DossierView]:
        if query.strip():
            return service.search(site, query)
        return service.list_open(site, counter)
    return load
