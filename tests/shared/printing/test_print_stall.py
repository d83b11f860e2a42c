"""A printer that stalls is a failure within a timeout, never "printed" (issue 14): the real
python-escpos Network driver against a 127.0.0.1 listener that accepts and then goes silent."""

from __future__ import annotations

import time

import pytest

from shared.errors import PrinterError
from shared.printing.connection import probe, send
from shared.printing.escpos_job import escpos_bytes
from shared.printing.paper import Paper
from shared.printing.service import PrintService
from shared.printing.spec import PrinterSpec
from shared.printing.spooler import PrintStatus
from shared.printing.ticket_layout import render_ticket
from tests.shared.printing.fake_printer import FakeNetworkPrinter, free_port
from tests.shared.printing.samples import ticket
from tests.shared.printing.stalling_printer import StallingPrinter


def test_a_printer_that_accepts_and_never_answers_fails_within_the_status_timeout() -> None:
    """Connection accepted, nothing read or answered: PrinterError "không trả lời" after about
    the status timeout, and the spool keeps the ticket as QUEUED, not PRINTED."""
    printer = StallingPrinter()
    try:
        spec = PrinterSpec("network", "127.0.0.1", printer.port)
        started = time.monotonic()
        with pytest.raises(PrinterError) as caught:
            send(spec, b"\x1b@ticket", timeout=2.0, status_timeout=0.4)
        assert 0.3 < time.monotonic() - started < 2.0
        assert "không trả lời" in caught.value.message
        result = PrintService(spec, timeout=2.0, status_timeout=0.4).print_ticket(ticket())
        assert result.status is PrintStatus.QUEUED and not result.printed
    finally:
        printer.close()


def test_a_printer_that_stalls_in_the_middle_of_the_ticket_fails_within_the_timeout() -> None:
    """The printer answers "paper present", then reads no more of the ticket: the answer
    after the job never comes, so the job fails within ``timeout`` instead of counting as
    printed (the bytes may sit in the network buffers)."""
    printer = StallingPrinter(answer_first=True)
    try:
        job = escpos_bytes([render_ticket(ticket(), Paper.MM80)], Paper.MM80.dots)
        started = time.monotonic()
        with pytest.raises(PrinterError):
            send(PrinterSpec("network", "127.0.0.1", printer.port), job, timeout=1.0,
                 status_timeout=0.5)
        assert time.monotonic() - started < 4.0
    finally:
        printer.close()


def test_probe_asks_without_printing() -> None:
    """probe() answers for a printer that replies (and sends it nothing but the question),
    and raises for a refused or a silent one."""
    printer = FakeNetworkPrinter()
    try:
        probe(PrinterSpec("network", "127.0.0.1", printer.port), status_timeout=0.5)
        time.sleep(0.2)
        assert printer.jobs == [] and printer.status_queries == 1
    finally:
        printer.close()
    with pytest.raises(PrinterError):
        probe(PrinterSpec("network", "127.0.0.1", free_port()), timeout=1.0)
    silent = StallingPrinter()
    try:
        with pytest.raises(PrinterError):
            probe(PrinterSpec("network", "127.0.0.1", silent.port), status_timeout=0.3)
    finally:
        silent.close()
