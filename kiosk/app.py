"""The kiosk window: the top bar over a stack of screens, and the rules that move between them.

    window = KioskWindow(flow, printer, settings)
    window.start()          # loads the site; home, closed or "temporarily unavailable"

Rules: at most two taps from home to a number; the ticket screen goes home by itself after
about 15 s, every other screen after ``idle_seconds`` and a "Ông/bà còn ở đây không?" countdown;
closed outside opening hours and on days off; when the database goes away the unavailable
screen shows and a timer reconnects by itself; the window only closes with the admin PIN,
which a kiosk without one asks for at its first start (never the default 0000).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QMouseEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from kiosk.admin_exit import PinDialog, PinGuard, PinSetupDialog
from kiosk.flow import KioskFlow
from kiosk.idle import STILL_HERE_SECONDS, TICKET_FAILED_SECONDS, TICKET_SECONDS, IdleWatcher
from kiosk.pin_store import PinStore
from kiosk.screens.base import Screen, ScreenLayout
from kiosk.screens.closed import ClosedScreen
from kiosk.screens.dossier import DossierScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.lookup import LookupScreen
from kiosk.screens.priority import PriorityScreen
from kiosk.screens.procedure import ProcedureScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.unavailable import UnavailableScreen
from kiosk.still_here import StillHerePrompt
from kiosk.style import kiosk_stylesheet
from kiosk.ticket_printer import TicketPrinter
from kiosk.widgets import TopBar
from shared import i18n
from shared.config import Settings
from shared.db.migrate import check_schema
from shared.dossier_lookup import Ambiguous
from shared.errors import DatabaseBusy, DatabaseUnavailable, LaysoError, NotFound
from shared.i18n import tr
from shared.models import Priority
from shared.printing.from_views import ticket_document
from shared.printing.spooler import PrintResult, PrintStatus, SpoolerState
from shared.ui.bridge import ChangeBridge
from shared.ui.messages import Banner
from shared.ui.theme import MIN_TOUCH_MM, base_font_px, mm_to_px
from shared.ui.worker import OffThread
from shared.views import TicketView

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Taps on the clock, within this many milliseconds, that open the admin PIN pad.
ADMIN_TAPS, ADMIN_TAP_MS = 5, 3000


#: Shown when the database takes more than 300 ms to answer a tap.
SLOW_TEXT = ("Đang xử lý, vui lòng chờ trong giây lát…", "Working on it, one moment please…")

class KioskWindow(QWidget):
    """The whole kiosk. ``printer`` None means no printer (tickets shown on screen only)."""

    def __init__(self, flow: KioskFlow, printer: TicketPrinter | None, settings: Settings,
                 *, language: str | None = None, retry_ms: int = 2000, live: bool = True,
                 pin_store: PinStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setWindowTitle(tr("app.kiosk"))
        self.flow = flow
        self.printer = printer
        self.settings = settings
        self.language = language or settings.language
        self.unlocked = False
        self.pin_guard = PinGuard()
        #: Where the admin PIN is checked (the config's, else this PC's file).
        self.pin_store = pin_store or PinStore(settings.kiosk.admin_pin)
        self.pin_dialog: PinDialog | None = None
        #: Seconds the ticket screen stays without a touch (longer when printing failed), and
        #: the "Ông/bà còn ở đây không?" countdown before other screens go home.
        self.ticket_seconds = TICKET_SECONDS
        self.ticket_failed_seconds = TICKET_FAILED_SECONDS
        self.still_here_seconds = STILL_HERE_SECONDS
        self._live = live
        self._bridge: ChangeBridge | None = None
        self._font_px = 0
        self._portrait: bool | None = None
        self._width = 0
        self._history: list[Screen] = []
        self._clock_taps: list[int] = []
        self._minute = -1
        self.top = TopBar(self)
        self.top.language_clicked.connect(self._on_language_clicked)
        self.top.clock.installEventFilter(self)
        self.stack = QStackedWidget(self)
        self.home = HomeScreen()
        self.priority = PriorityScreen()
        self.ticket = TicketScreen(public_url=settings.server.public_url)
        self.lookup = LookupScreen()
        self.procedure = ProcedureScreen()
        self.dossier = DossierScreen()
        self.closed = ClosedScreen()
        self.unavailable = UnavailableScreen()
        self.screens: list[Screen] = [self.home, self.priority, self.ticket, self.lookup,
                                      self.procedure, self.dossier, self.closed,
                                      self.unavailable]
        for screen in self.screens:
            self.stack.addWidget(screen)
            screen.back_requested.connect(self._on_back_requested)
            screen.home_requested.connect(self.go_home)
        layout = ScreenLayout(self)
        # The screen decides the size (and may turn): the layout adapts, never the reverse.
        layout.setSizeConstraint(ScreenLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top)
        layout.addWidget(self.stack, 1)
        self._connect_screens()
        self.idle = IdleWatcher(settings.kiosk.idle_seconds, self)
        self.idle.idle.connect(self._on_idle_timeout)
        self.still_here = StillHerePrompt(self)
        self.still_here.stay.connect(self._on_still_here_stay)
        self.still_here.expired.connect(self._on_still_here_expired)
        # Database calls run in a worker thread; the screen keeps running (shared/ui/worker.py)
        # and, when the database is slow, says the number is on its way.
        self.calls = OffThread(on_slow=self._on_db_slow)
        self._issuing = False
        self._loading = False
        self._loaded_once = False
        self._retry = QTimer(self)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._on_retry_timeout)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        if printer is not None:
            printer.printed.connect(self._on_ticket_printed)
            printer.state_changed.connect(self._on_printer_state_changed)
            # A waiting ticket's age is judged by the clock the kiosk shows.
            printer.use_clock(lambda: self.flow.now().timestamp())
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self, self.ask_admin_pin)
        QTimer.singleShot(0, self._warn_if_clock_differs)
        self._apply_language()
        self._apply_shape(1280, 800)
        if not self.pin_store.is_set():
            log.warning("the admin PIN is the default 0000 (refused): the kiosk asks for a PIN "
                        "of its own at start (or set kiosk.admin_pin / LAYSO_KIOSK_PIN)")

    def _connect_screens(self) -> None:
        self.home.service_chosen.connect(self._on_service_chosen)
        self.home.priority_chosen.connect(self._on_priority_chosen)
        self.home.lookup_clicked.connect(self.open_lookup)
        self.home.dossier_clicked.connect(self.open_dossier)
        self.priority.service_chosen.connect(self._on_priority_service_chosen)
        self.ticket.done_clicked.connect(self._on_ticket_done_clicked)
        self.lookup.search_changed.connect(self._on_search_changed)
        self.lookup.field_chosen.connect(self._on_field_chosen)
        self.lookup.procedure_chosen.connect(self.open_procedure)
        self.procedure.take_number_clicked.connect(self._on_service_chosen)
        self.dossier.search_requested.connect(self._on_dossier_search_requested)
        self.closed.lookup_clicked.connect(self.open_lookup)
        self.closed.dossier_clicked.connect(self.open_dossier)

    # -- start and stop ------------------------------------------------------------------------
    def start(self) -> None:
        """Load the site and show home (or closed, or unavailable while the database is gone).
        The first read (the schema check included) runs off the GUI thread; meanwhile the
        screen says the kiosk is connecting."""
        self._tick.start()
        self._on_tick_timeout()
        if self.printer is not None:
            self.printer.check_now()  # home warns at once about a printer that is down
        self.unavailable.set_state(connecting=True)
        self.show_screen(self.unavailable, remember=False)
        if self._load():
            self.go_home()
        if not self.pin_store.is_set():
            self.ask_pin_setup()

    def shutdown(self) -> None:
        """Stop timers, the idle watcher and the printer thread (the window may then close)."""
        self._tick.stop()
        self._retry.stop()
        self.idle.stop()
        if self._bridge is not None:
            self._bridge.stop()
        if self.printer is not None:
            self.printer.shutdown()

    def _load(self) -> bool:
        """Read the site, its services, hours and catalog (off the GUI thread; the first time
        the schema is checked too) and position the change feed before home is read."""
        if self._loading:
            return False
        bridge = self._unstarted_bridge()
        first = not self._loaded_once

        def load() -> None:
            if first:  # a database of another version is named; none is made here
                check_schema(self.flow.db, create_if_empty=False)
            self.flow.load()
            self.flow.open_state()  # the calendar's first use imports `holidays` (~0.15 s)
            if bridge is not None:
                bridge.position(self.flow.site_code)

        self._loading = True
        try:
            self.calls.run(load)
        except LaysoError as error:  # database gone, or no site set up yet: wait and retry
            self.show_unavailable(error)
            return False
        finally:
            self._loading = False
        self._loaded_once = True
        site = self.flow.site
        self.top.set_center(self.flow.center_name(), site.agency_name if site else "")
        self.top.set_logo(self.settings.kiosk.logo)
        self.lookup.set_fields(self.flow.fields())
        self.priority.set_services(self.flow.services)
        self._refresh_home()
        if bridge is not None:
            bridge.start()  # positioned with the load: nothing is read on this thread
        return True

    def _unstarted_bridge(self) -> ChangeBridge | None:
        """The change feed (other kiosks' tickets, calls) that keeps home current, made once;
        None when it runs already or the kiosk is not live."""
        if not self._live:
            return None
        if self._bridge is None:
            bridge = ChangeBridge(self.flow.db, parent=self)  # its site: the loaded one
            bridge.changed.connect(self._on_changes)
            bridge.connection_lost.connect(self._on_connection_lost)
            bridge.connection_restored.connect(self._on_retry_timeout)
            self._bridge = bridge
        return None if self._bridge.running else self._bridge

    # -- navigation ----------------------------------------------------------------------------
    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def show_screen(self, screen: Screen, *, remember: bool = True) -> None:
        current = self.stack.currentWidget()
        if remember and isinstance(current, Screen) and current is not screen and current not in (
                self.ticket, self.unavailable):
            self._history.append(current)
        if current is self.ticket and screen is not self.ticket:
            self._leave_ticket()
        self.still_here.cancel()
        self.stack.setCurrentWidget(screen)
        self._arm_idle()
        if screen is self.dossier:
            self.dossier.focus_input()

    def _arm_idle(self) -> None:
        """Count idle time on every screen but home, closed and unavailable, and on those two
        too while a foreigner's language is still on (the idle return restores the default)."""
        screen = self.stack.currentWidget()
        resting = screen in (self.home, self.closed) and self.language == self.settings.language
        if screen is self.unavailable or resting:
            self.idle.disarm()
        elif screen is self.ticket:
            self.idle.arm(self.ticket_failed_seconds if self.ticket.print_state == "failed"
                          else self.ticket_seconds)
        else:
            self.idle.arm()

    def go_home(self, *, restore_language: bool = False) -> None:
        """Home (or the closed screen outside opening hours), with every input forgotten;
        with ``restore_language`` also back to the configured language (the next citizen)."""
        if restore_language and self.language != self.settings.language:
            log.info("back to the default language %s", self.settings.language)
            self.language = self.settings.language
            self._apply_language()
        if self.flow.hours is None and not self._load():
            return
        if self.current() is self.ticket:
            self._leave_ticket()
        self._history.clear()
        for screen in self.screens:
            screen.reset()
        self.top.show_time(self.flow.now(), self.language)
        state = self.flow.open_state()
        if state.is_open:
            self._refresh_home()
            self.show_screen(self.home, remember=False)
        else:
            assert self.flow.hours is not None
            self.closed.show_state(state, self.flow.now(), self.flow.hours.describe(),
                                   self.flow.hours.describe_saturday())
            self.show_screen(self.closed, remember=False)

    def open_lookup(self) -> None:
        self.lookup.reset()
        self.show_screen(self.lookup)

    def open_dossier(self) -> None:
        self.dossier.reset()
        self.show_screen(self.dossier)

    def open_procedure(self, code: str) -> None:
        found = self._call(lambda: (self.flow.procedure(code),
                                    self.flow.service_for_procedure(code),
                                    self.flow.center.counters(self.flow.site_code)))
        if found is not None:
            procedure, service, counters = found
            # Where to ask what the catalog does not say: the counters serving its service.
            serving = [counter.number for counter in counters
                       if service is not None and service.code in counter.services]
            self.procedure.show_procedure(procedure, service, serving)
            self.show_screen(self.procedure)

    def _on_back_requested(self) -> None:
        if self._history:
            self.show_screen(self._history.pop(), remember=False)
        else:
            self.go_home()

    def _on_idle_timeout(self) -> None:
        """The ticket screen goes home at once; elsewhere "Ông/bà còn ở đây không?" first."""
        screen = self.current()
        if screen is self.unavailable:
            return
        if screen is self.ticket or self.still_here_seconds <= 0:
            log.info("idle: back to home")
            self.go_home(restore_language=True)
            return
        self.idle.disarm()
        self.still_here.start(self.still_here_seconds, self.language)

    def _on_still_here_stay(self) -> None:
        self._arm_idle()

    def _on_still_here_expired(self) -> None:
        log.info("idle: nobody answered 'still here?': back to home")
        self.go_home(restore_language=True)

    def _leave_ticket(self) -> None:
        """The citizen leaves the ticket screen with the number: a ticket of theirs still
        waiting for a failing printer is never printed later for nobody."""
        ticket = self.ticket.ticket
        if ticket is not None and self.printer is not None and self.ticket.print_state in (
                "printing", "failed"):
            self.printer.forget(ticket.id)

    def _on_ticket_done_clicked(self) -> None:
        self.go_home(restore_language=True)

    # -- tickets -------------------------------------------------------------------------------
    def _on_service_chosen(self, service_code: str) -> None:
        self.take_number(service_code, Priority.NONE)

    def _on_priority_chosen(self, priority: Priority) -> None:
        self.priority.set_priority(priority)
        self.show_screen(self.priority)

    def _on_priority_service_chosen(self, service_code: str) -> None:
        self.take_number(service_code, self.priority.priority)

    def take_number(self, service_code: str, priority: Priority) -> TicketView | None:
        """Issue a ticket, show it, then print it (off the GUI thread). A tap while a ticket
        is being issued does nothing: one tap, one number."""
        if self._issuing:
            log.info("tap ignored: a ticket is being issued")
            return None
        self._issuing = True
        try:
            return self._take_number(service_code, priority)
        finally:
            self._issuing = False

    def _take_number(self, service_code: str, priority: Priority) -> TicketView | None:
        state = self._call(self.flow.open_state)
        if state is None:
            return None
        if not state.is_open:
            self.go_home()
            return None
        ticket = self._call(lambda: self.flow.issue(service_code, priority))
        if ticket is None:
            self._refresh_home()  # a service that just ran out of numbers looks it
            return None
        printing = self.printer is not None and self.printer.service.spec.kind != "none"
        counters = tuple(self._counters_serving(service_code))
        self.ticket.show_ticket(ticket, "printing" if printing else "none", counters)
        self.show_screen(self.ticket)
        if printing and self.printer is not None and self.flow.site is not None:
            doc = ticket_document(ticket, self.flow.site, self.settings.printer, self.language,
                                  center_name=self.flow.center_name(),
                                  public_url=self.settings.server.public_url,
                                  counters=counters)
            self.printer.print_ticket(ticket.id, doc)
        return ticket

    def _counters_serving(self, service_code: str) -> list[int]:
        try:
            return self.calls.run(lambda: self.flow.counters_serving(service_code))
        except LaysoError as error:  # the ticket prints without them rather than not at all
            log.warning("counters of %s not read: %s", service_code, error.message_en)
            return []

    def _on_ticket_printed(self, ticket_id: int, result: PrintResult) -> None:
        if self.ticket.ticket is not None and self.ticket.ticket.id == ticket_id:
            self.ticket.set_print_state("printed" if result.status is PrintStatus.PRINTED
                                        else "failed")
            if self.current() is self.ticket:
                self._arm_idle()  # a failed print leaves more time to note the number

    def _on_printer_state_changed(self, state: SpoolerState) -> None:
        failing = state.last_error is not None or state.pending_count > 0
        self.top.printer_mark.setVisible(failing)
        self.home.set_printer_trouble(failing, follow=bool(self.settings.server.public_url))

    # -- lookups -------------------------------------------------------------------------------
    def _on_search_changed(self, text: str) -> None:
        results = self._call(lambda: self.flow.search(text))
        if results is not None:
            self.lookup.show_results(results)

    def _on_field_chosen(self, field: str) -> None:
        results = self._call(lambda: self.flow.by_field(field))
        if results is not None:
            self.lookup.show_results(results, field)

    def _on_dossier_search_requested(self, code: str) -> None:
        try:
            self.dossier.show_result(self.calls.run(lambda: self.flow.dossier(code)))
            self.stack.updateGeometry()  # the card replaced the keyboard: sizes changed
        except Ambiguous as many:  # several codes end so: ask for more of it
            self.dossier.show_ambiguous(many.message, many.message_en)
        except NotFound:
            self.dossier.show_not_found(code.strip())
        except DatabaseUnavailable as error:
            self.show_unavailable(error)
        except LaysoError as error:
            self._show_error(error)

    # -- live data -----------------------------------------------------------------------------
    def _on_changes(self, changes: list[Any]) -> None:
        """The change feed woke up: refresh what home shows (waiting counts); after a change
        of the center's settings, its opening hours too (open or closed at once)."""
        if any(str(getattr(change, "kind", "")) == "config.changed" for change in changes):
            self._on_config_changed()
        if self.current() is self.home:
            self._refresh_home()

    def _on_config_changed(self) -> None:
        if self.flow.hours is None:
            return
        self._call(self.flow.reload_hours)  # the database gone: the unavailable screen
        if self.current() is self.closed or (
                self.current() is self.home and not self.flow.open_state().is_open):
            self.go_home()

    def _refresh_home(self) -> None:
        summary = self._call(self.flow.summary)
        self.home.set_services(self.flow.services, summary.waiting if summary else {})
        sold_out = self.flow.sold_out(summary)
        self.home.set_sold_out(sold_out, self._next_day() if sold_out else None)
        self.priority.set_sold_out(sold_out)

    def _next_day(self) -> datetime | None:
        """The next day numbers are issued after today (what a sold-out tile names)."""
        try:
            return self.flow.next_issue_day()
        except LaysoError as error:
            log.info("next working day unknown: %s", error.message_en)
            return None

    # -- errors and recovery -------------------------------------------------------------------
    def _call(self, work: Callable[[], T]) -> T | None:
        """Run a core call; show its LaysoError kindly (None), unavailable if the DB is gone."""
        try:
            return self.calls.run(work)
        except DatabaseBusy as error:  # busy for a moment: nothing done, tap again
            self._show_error(error)
        except DatabaseUnavailable as error:
            self.show_unavailable(error)
        except LaysoError as error:
            self._show_error(error)
        return None

    def _on_db_slow(self) -> None:
        """The database is slow to answer: say the number is coming (taps wait meanwhile);
        not over the connecting or unavailable screen, which says it already."""
        if self.current() is self.unavailable:
            return
        vi, en = SLOW_TEXT
        Banner.for_window(self).show_message(en if self.language == "en" else vi, "info", 3000)

    def _show_error(self, error: LaysoError) -> None:
        log.info("shown to the citizen: %s %s", error.message, error.detail)
        Banner.for_window(self).show_error(error, self.language, timeout_ms=8000)

    def show_unavailable(self, error: LaysoError | None = None) -> None:
        """The unavailable screen, retrying by itself; an error that is more than the database
        away (a schema to upgrade, a file that is not a database) is named on it in one line."""
        if error is not None:
            log.warning("database unavailable: %s", error.detail or error.message_en)
        plain = error is None or isinstance(error, DatabaseUnavailable)
        self.unavailable.set_state(detail="" if plain or error is None
                                   else error.localized(self.language))
        self._history.clear()
        self.top.show_time(self.flow.now(), self.language)
        self.show_screen(self.unavailable, remember=False)
        self._retry.start()

    def _on_connection_lost(self, message: str) -> None:
        log.warning("change feed lost the database: %s", message)
        if self.current() is not self.unavailable:
            self.show_unavailable()

    def _on_retry_timeout(self) -> None:
        if self.current() is not self.unavailable:
            self._retry.stop()
            return
        if self.calls.busy:
            return
        try:
            self.calls.run(self.flow.probe)
        except LaysoError:
            return
        self._retry.stop()
        if self._load():
            log.info("database back: kiosk recovered")
            self.go_home()
            Banner.for_window(self).show_message(tr("message.recovered", self.language),
                                                 "success", 4000)

    # -- clock, language, shape ----------------------------------------------------------------
    def _on_tick_timeout(self) -> None:
        now = self.flow.now()
        if now.minute == self._minute:
            return
        self._minute = now.minute
        self.top.show_time(now, self.language)
        if self.flow.hours is not None and self.current() in (self.home, self.closed):
            is_open = self.flow.open_state().is_open
            if is_open != (self.current() is self.home):
                self.go_home()

    def _on_language_clicked(self) -> None:
        self.set_language("en" if self.language == "vi" else "vi")

    def set_language(self, language: str) -> None:
        """Show every screen in ``language`` ("vi" or "en") from now on."""
        if language != self.language:
            self.language = language
            self._apply_language()
        self._arm_idle()

    def _apply_language(self) -> None:
        i18n.set_language(self.language)
        self.top.retranslate(self.language)
        self.top.show_time(self.flow.now(), self.language)
        for screen in self.screens:
            screen.retranslate(self.language)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_shape(event.size().width(), event.size().height())
        if self.still_here.isVisible():
            self.still_here.setGeometry(self.rect())

    def _apply_shape(self, width: int, height: int) -> None:
        portrait = height > width
        font_px = base_font_px("kiosk", width, height)
        if (font_px, portrait, width) == (self._font_px, self._portrait, self._width):
            return
        self._font_px, self._portrait, self._width = font_px, portrait, width
        self.setStyleSheet(kiosk_stylesheet(font_px, mm_to_px(self, MIN_TOUCH_MM)))
        self.top.set_shape(font_px)
        for screen in self.screens:
            screen.set_shape(portrait, font_px, width)

    # -- the way out ---------------------------------------------------------------------------
    def eventFilter(self, watched: Any, event: Any) -> bool:
        # A quick second tap arrives as a double click, not a press: both count.
        if watched is self.top.clock and isinstance(event, QMouseEvent) and event.type() in (
                QMouseEvent.Type.MouseButtonPress, QMouseEvent.Type.MouseButtonDblClick):
            self._on_clock_tapped(event.timestamp())
        return super().eventFilter(watched, event)

    def _warn_if_clock_differs(self) -> None:
        """A PC clock unlike the database's (shared/clock_warning.py): told to the staff;
        checked off the GUI thread."""
        from shared.ui.clock_check import ClockCheck

        self._clock_check = ClockCheck(self)
        self._clock_check.warning.connect(
            lambda text: Banner.for_window(self).show_message(text, "warning", 15000))
        self._clock_check.start(self.flow.db, self.language)

    def _on_clock_tapped(self, timestamp: int) -> None:
        if self._clock_taps and self._clock_taps[-1] == timestamp:
            return  # the double click that follows its own press (one tap, not two)
        self._clock_taps = [t for t in self._clock_taps if timestamp - t < ADMIN_TAP_MS]
        self._clock_taps.append(timestamp)
        if len(self._clock_taps) >= ADMIN_TAPS:
            self._clock_taps.clear()
            self.ask_admin_pin()

    def ask_admin_pin(self) -> None:
        """The PIN pad (the PIN set-up instead while this kiosk has none); non-blocking."""
        if not self.pin_store.is_set():
            self.ask_pin_setup()
            return
        if self.pin_dialog is not None and self.pin_dialog.isVisible():
            return
        dialog = PinDialog(self.pin_store, self.language, self, guard=self.pin_guard)
        dialog.setStyleSheet(kiosk_stylesheet(self._font_px or 24))
        dialog.accepted.connect(self.unlock_and_close)
        self._open_dialog(dialog)

    def ask_pin_setup(self) -> None:
        """A new admin PIN, twice, before the kiosk serves (its first start)."""
        if isinstance(self.pin_dialog, PinSetupDialog) and self.pin_dialog.isVisible():
            return
        dialog = PinSetupDialog(self.pin_store, self.language, self)
        dialog.setStyleSheet(kiosk_stylesheet(self._font_px or 24))
        dialog.accepted.connect(self._on_pin_saved)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: PinDialog) -> None:
        self.pin_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: PinDialog) -> None:
        if self.pin_dialog is dialog:
            self.pin_dialog = None
        dialog.deleteLater()

    def _on_pin_saved(self) -> None:
        Banner.for_window(self).show_message(tr("kiosk_help.pin_setup_saved", self.language),
                                             "success", 4000)

    def unlock_and_close(self) -> None:
        self.unlocked = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.settings.kiosk.fullscreen and not self.unlocked:
            log.info("close refused: the kiosk closes only with the admin PIN")
            event.ignore()
            return
        self.shutdown()
        event.accept()
        app = QApplication.instance()
        if app is not None and self.unlocked:
            app.quit()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            return  # no escape from a kiosk
        super().keyPressEvent(event)
