"""A small in-memory print queue: a job that fails is kept and retried, in order, later.

No threads and no Qt: the apps call :meth:`PrintSpooler.retry_pending` from a timer (every few
seconds). The caller always gets a :class:`PrintResult` at once, so it can show the number on
screen even when the paper has run out. A listener hears every change of state.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from shared.errors import PrinterError

log = logging.getLogger(__name__)

Sender = Callable[[bytes], None]


class PrintStatus(StrEnum):
    PRINTED = "printed"   # the printer took the bytes
    QUEUED = "queued"     # the printer failed; the job waits in the spool for a retry
    SKIPPED = "skipped"   # no printer is configured ("none"): nothing to print


@dataclass(frozen=True)
class PrintJob:
    """Bytes for the printer, with a label for logs and screens ("Phiếu A012")."""

    label: str
    data: bytes
    job_id: int = 0
    created_at: float = 0.0


@dataclass(frozen=True)
class PrintResult:
    status: PrintStatus
    job: PrintJob
    error: PrinterError | None = None

    @property
    def printed(self) -> bool:
        return self.status is PrintStatus.PRINTED


@dataclass(frozen=True)
class SpoolerState:
    """What a status light shows: jobs waiting and the last error (None once printing works)."""

    pending_count: int
    last_error: PrinterError | None


class PrintSpooler:
    """Sends jobs through ``send``; keeps failed ones (oldest first) and retries them.

    Jobs older than ``max_age`` seconds are dropped (a ticket printed half an hour late only
    confuses); at most ``max_pending`` are kept. Thread-safe.
    """

    def __init__(self, send: Sender, *, max_pending: int = 50, max_age: float = 600.0,
                 listener: Callable[[SpoolerState], None] | None = None,
                 on_printed: Callable[[PrintJob], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._send = send
        self._pending: deque[PrintJob] = deque()
        self._max_pending = max_pending
        self._max_age = max_age
        self._clock = clock
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self.listener = listener
        #: Hears each job that a retry printed (a kiosk turns its "failed" ticket to printed).
        self.on_printed = on_printed
        #: Hears each job dropped unprinted (too old, spool full, or discarded by the app).
        self.on_dropped: Callable[[PrintJob, str], None] | None = None
        self.last_error: PrinterError | None = None

    def set_expiry(self, max_age: float,
                   clock: Callable[[], float] | None = None) -> None:
        """Drop waiting jobs older than ``max_age`` seconds by ``clock`` (the app's own clock,
        so a ticket is judged by the time the kiosk shows); jobs already waiting are stamped
        anew by a new clock."""
        with self._lock:
            self._max_age = max_age
            if clock is not None and clock is not self._clock:
                now = clock()
                self._pending = deque(replace(job, created_at=now) for job in self._pending)
                self._clock = clock

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def state(self) -> SpoolerState:
        return SpoolerState(len(self._pending), self.last_error)

    def submit(self, job: PrintJob) -> PrintResult:
        """Print now, after any older pending jobs; on failure keep the job and say QUEUED.

        The returned result's job carries the spool's id and time stamp.
        """
        with self._lock:
            job = replace(job, job_id=next(self._ids), created_at=self._clock())
            self._drop_expired()
            if self._pending:
                self.retry_pending()
            if self._pending:  # the printer is still failing: wait in line
                self._enqueue(job)
                assert self.last_error is not None
                return PrintResult(PrintStatus.QUEUED, job, self.last_error)
            try:
                self._send(job.data)
            except PrinterError as error:
                self._set_error(error, notify=False)
                self._enqueue(job)
                return PrintResult(PrintStatus.QUEUED, job, error)
            self._set_error(None)
            log.info("printed %s", job.label)
            return PrintResult(PrintStatus.PRINTED, job)

    def retry_pending(self) -> int:
        """Send waiting jobs in order until one fails; the number printed."""
        printed = 0
        with self._lock:
            self._drop_expired()
            while self._pending:
                job = self._pending[0]
                try:
                    self._send(job.data)
                except PrinterError as error:
                    self._set_error(error)
                    break
                self._pending.popleft()
                printed += 1
                log.info("printed %s on retry", job.label)
                self._tell_printed(job)
            else:
                self._set_error(None)
            if printed:
                self._notify()
        return printed

    def discard_pending(self) -> int:
        """Forget every waiting job (a clerk cleared the jam and reprinted by hand)."""
        with self._lock:
            count = len(self._pending)
            self._pending.clear()
            self._notify()
            return count

    def discard(self, job_id: int, reason: str) -> bool:
        """Forget the waiting job ``job_id`` (logged with ``reason``); False when it is not
        waiting (printed already, or dropped)."""
        with self._lock:
            job = next((job for job in self._pending if job.job_id == job_id), None)
            if job is None:
                return False
            self._pending.remove(job)
            log.warning("print job %s dropped unprinted: %s", job.label, reason)
            self._tell_dropped(job, reason)
            self._notify()
            return True

    def check(self, probe: Callable[[], None]) -> bool:
        """With nothing waiting, ask ``probe`` (raises PrinterError) whether the printer is
        back; the error is cleared or kept accordingly. True when it answered."""
        with self._lock:
            try:
                probe()
            except PrinterError as error:
                self._set_error(error)
                return False
            self._set_error(None)
            return True

    def _tell_dropped(self, job: PrintJob, reason: str) -> None:
        if self.on_dropped is not None:
            try:
                self.on_dropped(job, reason)
            except Exception:  # a broken log line must not stop the spool
                log.exception("print spooler on_dropped failed")

    def _tell_printed(self, job: PrintJob) -> None:
        if self.on_printed is not None:
            try:
                self.on_printed(job)
            except Exception:  # a broken screen update must not stop the spool
                log.exception("print spooler on_printed failed")

    def _enqueue(self, job: PrintJob) -> None:
        if len(self._pending) >= self._max_pending:
            dropped = self._pending.popleft()
            log.warning("print spool full: dropped %s", dropped.label)
            self._tell_dropped(dropped, "spool full")
        self._pending.append(job)
        log.warning("print job %s kept for retry (%d waiting)", job.label, len(self._pending))
        self._notify()

    def _drop_expired(self) -> None:
        now = self._clock()
        while self._pending and now - self._pending[0].created_at > self._max_age:
            dropped = self._pending.popleft()
            log.warning("print job %s dropped: older than %.0f s", dropped.label, self._max_age)
            self._tell_dropped(dropped, f"older than {self._max_age:.0f} s")
            self._notify()

    def _set_error(self, error: PrinterError | None, *, notify: bool = True) -> None:
        changed = (error is None) != (self.last_error is None) or (
            error is not None and self.last_error is not None
            and error.message != self.last_error.message)
        if error is not None:
            log.warning("printer failed: %s (%s)", error.message_en, error.detail)
        self.last_error = error
        if changed and notify:
            self._notify()

    def _notify(self) -> None:
        if self.listener is not None:
            try:
                self.listener(self.state)
            except Exception:  # a broken status light must not lose a print job
                log.exception("print spooler listener failed")
