"""Printing through real python-escpos connections: a file, and a Network printer against a
listener on 127.0.0.1 (only the printer hardware is faked)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from shared.errors import PrinterError
from shared.printing.connection import send
from shared.printing.escpos_job import escpos_bytes
from shared.printing.paper import Paper
from shared.printing.service import PrintService
from shared.printing.spec import PrinterSpec
from shared.printing.spooler import PrintStatus
from shared.printing.ticket_layout import render_ticket
from tests.shared.printing.fake_printer import (
    PAPER_OK,
    PAPER_OUT,
    PAPER_QUERY,
    FakeNetworkPrinter,
    free_port,
)
from tests.shared.printing.samples import ticket


def test_network_printer_receives_exactly_the_dummy_bytes(
        network_printer: FakeNetworkPrinter) -> None:
    """print_ticket on network:127.0.0.1:PORT delivers the same bytes the Dummy printer built
    (after answering the paper-sensor query)."""
    service = PrintService(PrinterSpec("network", "127.0.0.1", network_printer.port))
    result = service.print_ticket(ticket())
    assert result.status is PrintStatus.PRINTED and result.error is None
    expected = escpos_bytes([render_ticket(ticket(), Paper.MM80)], Paper.MM80.dots)
    assert network_printer.wait_for_jobs(1) == [expected]


def test_file_printer_appends_each_job(tmp_path: Path) -> None:
    """file:PATH appends raw bytes: two tickets give the two jobs back to back."""
    path = tmp_path / "printer.bin"
    service = PrintService(PrinterSpec.parse(f"file:{path}"), Paper.MM58)
    assert service.print_ticket(ticket()).printed
    assert service.print_ticket(ticket(ticket_number="A013")).printed
    first = escpos_bytes([render_ticket(ticket(), Paper.MM58)], Paper.MM58.dots)
    second = escpos_bytes([render_ticket(ticket(ticket_number="A013"), Paper.MM58)],
                          Paper.MM58.dots)
    assert path.read_bytes() == first + second


def test_no_printer_configured_skips_without_error() -> None:
    """LAYSO_PRINTER=none: nothing is sent, the result says SKIPPED, nothing waits in a spool."""
    service = PrintService(PrinterSpec("none"))
    result = service.print_ticket(ticket())
    assert result.status is PrintStatus.SKIPPED and not result.printed
    assert service.pending_count == 0


def test_refused_connection_is_a_vietnamese_printer_error() -> None:
    """Nobody listening on the port: send raises PrinterError with a Vietnamese message."""
    spec = PrinterSpec("network", "127.0.0.1", free_port())
    with pytest.raises(PrinterError) as caught:
        send(spec, b"\x1b@", timeout=1.0)
    assert "máy in" in caught.value.message and "Không in được" in caught.value.message
    assert "127.0.0.1" in caught.value.detail


def test_out_of_paper_printer_refuses_the_job() -> None:
    """A printer whose paper sensor says "no paper" gets no job; the error says so."""
    printer = FakeNetworkPrinter(paper_status_byte=PAPER_OUT)
    try:
        with pytest.raises(PrinterError) as caught:
            send(PrinterSpec("network", "127.0.0.1", printer.port), b"\x1b@", timeout=1.0)
        assert "hết giấy" in caught.value.message
        assert printer.wait_for_jobs(1, timeout=0.3) == []
    finally:
        printer.close()


def test_network_printer_that_never_answers_the_status_query_fails() -> None:
    """A network printer that takes the connection but ignores the status query (DLE EOT 4)
    is a failure within the status timeout, "không trả lời", and gets no job; with
    require_status=False (a printer known not to answer) it gets the job."""
    printer = FakeNetworkPrinter(paper_status_byte=None)
    try:
        spec = PrinterSpec("network", "127.0.0.1", printer.port)
        started = time.monotonic()
        with pytest.raises(PrinterError) as caught:
            send(spec, b"\x1b@hello", timeout=2.0, status_timeout=0.3)
        assert time.monotonic() - started < 1.5
        assert "không trả lời" in caught.value.message
        assert printer.wait_for_jobs(1, timeout=0.3) == []
        send(spec, b"\x1b@hello", timeout=0.5, status_timeout=0.2, require_status=False)
        assert printer.wait_for_jobs(1) == [b"\x1b@hello"]
    finally:
        printer.close()


def test_unwritable_device_is_a_printer_error(tmp_path: Path) -> None:
    """device:PATH that cannot be opened (a missing folder) is a PrinterError, not OSError."""
    with pytest.raises(PrinterError):
        send(PrinterSpec("device", str(tmp_path / "no" / "lp0")), b"x")
    with pytest.raises(PrinterError):
        send(PrinterSpec("file", str(tmp_path / "no" / "out.bin")), b"x")


def test_missing_usb_driver_is_explained() -> None:
    """usb:VID:PID without pyusb installed (or no device) is a PrinterError, not a crash."""
    with pytest.raises(PrinterError):
        send(PrinterSpec.parse("usb:04b8:0e15"), b"x", timeout=0.5)


def test_printer_dropping_the_connection_mid_job_fails_the_job() -> None:
    """A printer that closes the connection after part of a ticket makes send fail (the spool
    then keeps the job): half a ticket is never counted as printed."""
    printer = FakeNetworkPrinter(drop_after=2000)
    try:
        job = escpos_bytes([render_ticket(ticket(), Paper.MM80)], Paper.MM80.dots)
        with pytest.raises(PrinterError):
            send(PrinterSpec("network", "127.0.0.1", printer.port), job, timeout=2.0,
                 status_timeout=0.5)
        assert printer.torn and len(printer.torn[0]) < len(job)
        assert printer.jobs == []
    finally:
        printer.close()


class PtyPrinter:
    """A character device standing in for /dev/usb/lp0: the test plays the printer on the
    master side of a pseudo-terminal (raw mode), answering DLE EOT 4 with ``status``."""

    def __init__(self, status: int | None) -> None:
        import os
        import threading
        import tty

        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave
        self.status = status
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import os
        import select

        while not self._stop.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            self.received += chunk
            if self.received.endswith(PAPER_QUERY) and self.status is not None:
                os.write(self.master, bytes([self.status]))

    def job(self) -> bytes:
        return bytes(self.received).replace(PAPER_QUERY, b"")

    def close(self) -> None:
        import os

        self._stop.set()
        self._thread.join(timeout=2)
        os.close(self.master)
        os.close(self._slave)


def test_device_printer_out_of_paper_refuses_the_job() -> None:
    """device:PATH on a readable character device: the paper sensor is asked first; "no paper"
    refuses the job and nothing but the question reaches the printer."""
    device = PtyPrinter(PAPER_OUT)
    try:
        with pytest.raises(PrinterError) as caught:
            send(PrinterSpec("device", device.path), b"\x1b@ticket", status_timeout=1.0)
        assert "hết giấy" in caught.value.message
        time.sleep(0.1)
        assert device.job() == b""
    finally:
        device.close()


def test_device_printer_with_paper_or_silent_gets_the_job() -> None:
    """A device that answers "paper present", or does not answer at all (unknown), prints."""
    for status in (PAPER_OK, None):
        device = PtyPrinter(status)
        try:
            send(PrinterSpec("device", device.path), b"\x1b@ticket", status_timeout=0.2)
            deadline = time.monotonic() + 2
            while device.job() != b"\x1b@ticket" and time.monotonic() < deadline:
                time.sleep(0.01)
            assert device.job() == b"\x1b@ticket"
        finally:
            device.close()


def test_missing_driver_package_names_the_pip_command() -> None:
    """win32:NAME on a PC without pywin32: a Vietnamese message that names the install
    command of the "printers" extra."""
    with pytest.raises(PrinterError) as caught:
        send(PrinterSpec.parse("win32:EPSON TM-T82"), b"x", timeout=0.5)
    message = caught.value.message
    assert "chưa cài gói «pywin32»" in message
    assert 'pip install "layso[printers]"' in message
