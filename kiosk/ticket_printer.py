"""Prints tickets off the GUI thread, tells the kiosk when the printer fails, retries by itself.

The ticket is on screen before printing starts; a slow or dead printer never freezes the
kiosk. A refused ticket is kept in the spool (shared/printing), a ``ticket.print_failed``
event goes to the log, ``state_changed`` lights the kiosk's discreet printer mark, and a timer
resends the waiting tickets until the printer takes them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from shared.db.database import Database
from shared.errors import LaysoError
from shared.printing.documents import TicketDocument
from shared.printing.print_events import record_print_failed
from shared.printing.service import PrintService
from shared.printing.spooler import PrintJob, PrintResult, PrintStatus, SpoolerState

log = logging.getLogger(__name__)


class TicketPrinter(QObject):
    """One printer worker thread plus a retry timer. Call :meth:`shutdown` when done."""

    #: (ticket id, PrintResult) once the printer took the ticket or refused it.
    printed = Signal(int, object)
    #: SpoolerState whenever the number of waiting jobs or the error changes.
    state_changed = Signal(object)

    def __init__(self, service: PrintService, db: Database, *, retry_ms: int = 5000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.db = db
        self.service.spooler.listener = self._on_spooler_changed
        self.service.spooler.on_printed = self._on_job_printed_on_retry
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

    def _on_job_printed_on_retry(self, job: PrintJob) -> None:
        """A spooled ticket went out after all: say so, as for a ticket printed at once."""
        ticket_id = self._spooled.pop(job.job_id, None)
        if ticket_id is not None:
            self.printed.emit(ticket_id, PrintResult(PrintStatus.PRINTED, job))

    def _on_spooler_changed(self, state: SpoolerState) -> None:
        self.state_changed.emit(state)  # queued to the GUI thread by Qt

    # -- GUI thread ---------------------------------------------------------------------------
    def note_state(self, state: SpoolerState) -> None:
        """Remember the spool state and run the retry timer while tickets wait."""
        self._state = state
        if state.pending_count > 0 and not self._retry.isActive():
            self._retry.start()
        elif state.pending_count == 0:
            self._retry.stop()

    def _on_retry_timeout(self) -> None:
        if self.service.pending_count:
            self.retry_now()
