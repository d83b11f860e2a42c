"""Prints tickets off the GUI thread, tells the kiosk when the printer fails, retries by itself.

The ticket is on screen before printing starts; a slow or dead printer never freezes the
kiosk. A refused ticket is kept in the spool (shared/printing), a ``ticket.print_failed``
event goes to the log, ``state_changed`` lights the kiosk's printer warning, and a timer
resends the waiting ticket while its citizen still stands at the kiosk.

Nothing is printed for people who have gone: the kiosk calls :meth:`TicketPrinter.forget` when
the ticket screen closes (the number was shown on screen, with the phone QR when the web
service is set up), and the spool drops any ticket older than ``max_age`` seconds of the
kiosk's own clock (both logged). So a printer back after three minutes prints no burst of old
tickets. While the printer is failing and nothing waits, the same timer asks the printer for
its status (nothing printed) until it answers, and the warning goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from shared.db.database import Database
from shared.errors import LaysoError
from shared.printing.connection import probe
from shared.printing.documents import TicketDocument
from shared.printing.print_events import record_print_failed
from shared.printing.service import PrintService
from shared.printing.spooler import PrintJob, PrintResult, PrintStatus, SpoolerState

log = logging.getLogger(__name__)

#: A ticket not printed within this many seconds is dropped from the spool: its citizen has
#: the number from the screen and is no longer at the kiosk to take a late ticket.
TICKET_MAX_AGE = 90.0


class TicketPrinter(QObject):
    """One printer worker thread plus a retry timer. Call :meth:`shutdown` when done."""

    #: (ticket id, PrintResult) once the printer took the ticket or refused it.
    printed = Signal(int, object)
    #: SpoolerState whenever the number of waiting jobs or the error changes.
    state_changed = Signal(object)

    def __init__(self, service: PrintService, db: Database, *, retry_ms: int = 5000,
                 max_age: float = TICKET_MAX_AGE, clock: Callable[[], float] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.db = db
        self.max_age = max_age
        self.service.spooler.listener = self._on_spooler_changed
        self.service.spooler.on_printed = self._on_job_printed_on_retry
        self.service.spooler.on_dropped = self._on_job_dropped
        self.service.spooler.set_expiry(max_age, clock)
        #: Spool job id → ticket id, for the tickets waiting in the spool (worker thread only).
        self._spooled: dict[int, int] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-printer")
        self._pending: list[Future[None]] = []
        self._retry = QTimer(self)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._on_retry_timeout)
        self._state = SpoolerState(0, None)
        self.state_changed.connect(self.note_state)

    def print_ticket(self, ticket_id: int, doc: TicketDocument) -> None:
        """Queue ``doc`` for printing; ``printed`` is emitted when it is done or refused."""
        self._submit(lambda: self._print(ticket_id, doc))

    def retry_now(self) -> None:
        """Resend the tickets waiting in the spool (the timer does it every few seconds)."""
        self._submit(self.service.retry_pending)

    def check_now(self) -> None:
        """Ask the printer for its status (nothing printed): at start, so that home warns
        about a printer that is off or out of paper before anyone takes a number."""
        if self.service.spec.kind != "none":
            self._submit(self._probe)

    def use_clock(self, clock: Callable[[], float]) -> None:
        """Judge a waiting ticket's age by ``clock`` (seconds; the kiosk's clock)."""
        self.service.spooler.set_expiry(self.max_age, clock)

    def forget(self, ticket_id: int) -> None:
        """The citizen of ``ticket_id`` left the ticket screen: a ticket of theirs still
        waiting for the printer is dropped (logged), never printed for nobody later."""
        self._submit(lambda: self._forget(ticket_id))

    def is_failing(self) -> bool:
        return self._state.last_error is not None or self._state.pending_count > 0

    def state(self) -> SpoolerState:
        return self._state

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until the jobs sent so far are done (tests and shutdown)."""
        for future in list(self._pending):
            future.result(timeout)

    def shutdown(self) -> None:
        self._retry.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)

    # -- worker thread ------------------------------------------------------------------------
    def _submit(self, work: Callable[[], object]) -> None:
        def run() -> None:
            try:
                work()
            except Exception:  # a printer must never take the kiosk down
                log.exception("printing failed unexpectedly")

        self._pending = [future for future in self._pending if not future.done()]
        self._pending.append(self._executor.submit(run))

    def _print(self, ticket_id: int, doc: TicketDocument) -> None:
        result: PrintResult = self.service.print_ticket(doc)
        if result.status is PrintStatus.QUEUED:
            self._spooled[result.job.job_id] = ticket_id
            reason = result.error.message if result.error is not None else ""
            try:
                record_print_failed(self.db, ticket_id, reason)
            except LaysoError as error:
                log.warning("print failure of ticket %s not logged: %s", ticket_id,
                            error.message_en)
        self.printed.emit(ticket_id, result)

    def _forget(self, ticket_id: int) -> None:
        for job_id, spooled in list(self._spooled.items()):
            if spooled == ticket_id:
                self.service.spooler.discard(
                    job_id, "the citizen left the kiosk with the number shown on screen")

    def _probe(self) -> None:
        """Is the failing printer back? Its status is asked; nothing is printed."""
        service = self.service
        service.spooler.check(lambda: probe(
            service.spec, width_dots=service.paper.dots, timeout=service.timeout,
            status_timeout=service.status_timeout))

    def _on_job_dropped(self, job: PrintJob, reason: str) -> None:
        ticket_id = self._spooled.pop(job.job_id, None)
        log.warning("ticket %s (id %s) will not be printed: %s", job.label, ticket_id, reason)

    def _on_job_printed_on_retry(self, job: PrintJob) -> None:
        """A spooled ticket went out after all: say so, as for a ticket printed at once."""
        ticket_id = self._spooled.pop(job.job_id, None)
        if ticket_id is not None:
            self.printed.emit(ticket_id, PrintResult(PrintStatus.PRINTED, job))

    def _on_spooler_changed(self, state: SpoolerState) -> None:
        self.state_changed.emit(state)  # queued to the GUI thread by Qt

    # -- GUI thread ---------------------------------------------------------------------------
    def note_state(self, state: SpoolerState) -> None:
        """Remember the spool state and run the retry timer while a ticket waits or the
        printer is failing."""
        self._state = state
        failing = state.pending_count > 0 or state.last_error is not None
        if failing and not self._retry.isActive():
            self._retry.start()
        elif not failing:
            self._retry.stop()

    def _on_retry_timeout(self) -> None:
        if any(not future.done() for future in self._pending):
            return  # the last attempt is still under way (a stalled printer takes seconds)
        if self.service.pending_count:
            self.retry_now()
        elif self._state.last_error is not None:
            self._submit(self._probe)
