"""The print spool: a job the printer refuses is kept and printed by itself once it is back."""

from __future__ import annotations

import pytest

from shared.errors import PrinterError
from shared.printing.service import PrintService
from shared.printing.spec import PrinterSpec
from shared.printing.spooler import PrintJob, PrintSpooler, PrintStatus, SpoolerState
from tests.shared.printing.fake_printer import FakeNetworkPrinter, free_port
from tests.shared.printing.samples import ticket


class Printer:
    """Hardware stand-in for the spooler's own rules: up or down, keeps what it printed."""

    def __init__(self) -> None:
        self.up = True
        self.printed: list[bytes] = []

    def send(self, data: bytes) -> None:
        if not self.up:
            raise PrinterError("Máy in không phản hồi.", "Printer not answering.")
        self.printed.append(data)


def _retry_prints_it_once_a_printer_listens(service: PrintService, port: int,
                                            job: bytes) -> None:
    """A printer starts listening on ``port``: retry_pending prints the waiting ``job``."""
    printer = FakeNetworkPrinter(port=port)
    try:
        assert service.retry_pending() == 1
        assert printer.wait_for_jobs(1) == [job]
    finally:
        printer.close()


def test_refused_job_is_spooled_and_printed_when_the_listener_comes_up() -> None:
    """Nobody listens: print_ticket returns QUEUED with a Vietnamese error (the app shows the
    number on screen); once a printer listens on that port, retry_pending prints the job."""
    port = free_port()
    states: list[SpoolerState] = []
    service = PrintService(PrinterSpec("network", "127.0.0.1", port), timeout=1.0,
                           listener=states.append)
    result = service.print_ticket(ticket())
    assert result.status is PrintStatus.QUEUED and not result.printed
    assert result.error is not None and "Không in được" in result.error.message
    assert service.pending_count == 1 and service.retry_pending() == 0
    _retry_prints_it_once_a_printer_listens(service, port, result.job.data)
    assert service.pending_count == 0 and service.spooler.last_error is None
    assert states[0].pending_count == 1 and states[0].last_error is not None
    assert states[-1] == SpoolerState(0, None)


def test_listener_that_closes_at_once_keeps_the_job_then_prints_it() -> None:
    """A listener that accepts and closes immediately (a printer rebooting) fails the job;
    it stays queued and is printed once the printer works."""
    import socket
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def slam() -> None:
        connection, _ = server.accept()
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        connection.close()  # RST: the client's read or write fails

    thread = threading.Thread(target=slam, daemon=True)
    thread.start()
    service = PrintService(PrinterSpec("network", "127.0.0.1", port), timeout=1.0)
    result = service.print_ticket(ticket())
    thread.join(timeout=2)
    server.close()
    assert result.status is PrintStatus.QUEUED and service.pending_count == 1
    _retry_prints_it_once_a_printer_listens(service, port, result.job.data)


def test_jobs_wait_in_order_behind_an_older_failed_job() -> None:
    """While a job waits, new jobs queue behind it; retries print them oldest first."""
    printer = Printer()
    spooler = PrintSpooler(printer.send)
    printer.up = False
    assert spooler.submit(PrintJob("A001", b"1")).status is PrintStatus.QUEUED
    printer.up = True
    printer.up = False
    assert spooler.submit(PrintJob("A002", b"2")).status is PrintStatus.QUEUED
    printer.up = True
    assert spooler.submit(PrintJob("A003", b"3")).status is PrintStatus.PRINTED
    assert printer.printed == [b"1", b"2", b"3"] and spooler.pending_count == 0


def test_stale_jobs_are_dropped_not_printed_late() -> None:
    """A job older than max_age is dropped: a ticket printed half an hour late only confuses."""
    now = [0.0]
    printer = Printer()
    spooler = PrintSpooler(printer.send, max_age=60, clock=lambda: now[0])
    printer.up = False
    spooler.submit(PrintJob("A001", b"1"))
    now[0] = 61.0
    printer.up = True
    assert spooler.retry_pending() == 0
    assert printer.printed == [] and spooler.pending_count == 0


def test_spool_keeps_at_most_max_pending_jobs() -> None:
    """When the spool is full the oldest job makes room for the new one."""
    printer = Printer()
    printer.up = False
    spooler = PrintSpooler(printer.send, max_pending=2)
    for number in range(3):
        spooler.submit(PrintJob(f"A00{number}", bytes([number])))
    printer.up = True
    assert spooler.retry_pending() == 2
    assert printer.printed == [b"\x01", b"\x02"]


def test_broken_listener_does_not_lose_the_job() -> None:
    """A status listener that raises is logged; the job is still queued."""
    def broken(state: SpoolerState) -> None:
        raise RuntimeError("status light broke")

    printer = Printer()
    printer.up = False
    spooler = PrintSpooler(printer.send, listener=broken)
    assert spooler.submit(PrintJob("A001", b"1")).status is PrintStatus.QUEUED
    assert spooler.pending_count == 1


@pytest.mark.parametrize("count", [1, 3])
def test_discard_pending_forgets_waiting_jobs(count: int) -> None:
    """discard_pending empties the spool and says how many jobs it dropped."""
    printer = Printer()
    printer.up = False
    spooler = PrintSpooler(printer.send)
    for number in range(count):
        spooler.submit(PrintJob(f"A{number}", b"x"))
    assert spooler.discard_pending() == count and spooler.pending_count == 0


def test_retry_tells_which_jobs_it_printed() -> None:
    """Each job a retry prints is reported (with the id submit gave it), in order, so a kiosk
    can turn that ticket's "failed" notice into "printed"."""
    printer = Printer()
    told: list[PrintJob] = []
    spooler = PrintSpooler(printer.send, on_printed=told.append)
    printer.up = False
    first = spooler.submit(PrintJob("A001", b"1"))
    second = spooler.submit(PrintJob("A002", b"2"))
    assert told == []
    printer.up = True
    assert spooler.retry_pending() == 2
    assert [job.job_id for job in told] == [first.job.job_id, second.job.job_id]
    assert spooler.state == SpoolerState(0, None)
