"""A printer that fails in the middle of the morning: the citizen keeps the number and QR on
screen, staff see a mark and a logged event, and the ticket prints once the printer is back."""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from shared.db.database import Database
from shared.events import EventKind
from shared.models import Event
from tests.kiosk.conftest import MakeKiosk
from tests.kiosk.helpers import printed_qr_texts, qr_texts_on
from tests.shared.printing.fake_printer import PAPER_OK, PAPER_OUT, FakeNetworkPrinter

LEFT = Qt.MouseButton.LeftButton


def closed_port() -> int:
    """A local TCP port nobody listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def print_failed_events(db: Database) -> list[Event]:
    with db.reading() as session:
        return list(session.scalars(
            select(Event).where(Event.kind == str(EventKind.TICKET_PRINT_FAILED))))


def test_printer_failure_keeps_the_ticket_on_screen_and_prints_it_when_back(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database) -> None:
    """Network printer at a closed port: the number and its QR stay on screen with a notice,
    the printer mark lights up, "ticket.print_failed" is logged; when a printer listens on
    that port again the spooled ticket is printed by itself and the mark goes out."""
    port = closed_port()
    window = make_kiosk(printer=f"network:127.0.0.1:{port}", retry_ms=200)
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    ticket = window.ticket.ticket
    assert ticket is not None
    assert window.current() is window.ticket
    assert window.ticket.number.text() == "A001"

    qtbot.waitUntil(lambda: window.ticket.print_state == "failed", timeout=5000)
    assert "Máy in tạm thời gặp sự cố" in window.ticket.message.text()
    assert qr_texts_on(window.ticket.qr) == [str(ticket.id)]
    qtbot.waitUntil(window.top.printer_mark.isVisible, timeout=2000)
    events = print_failed_events(kiosk_db)
    assert [(e.ticket_id, e.data["number"]) for e in events] == [(ticket.id, "A001")]

    printer = FakeNetworkPrinter(port=port)
    try:
        qtbot.waitUntil(lambda: len(printer.jobs) >= 1, timeout=8000)  # the retry timer runs
        jobs = printer.jobs
        assert len(jobs) == 1
        assert printed_qr_texts(jobs[0]) == [str(ticket.id)]
        qtbot.waitUntil(lambda: not window.top.printer_mark.isVisible(), timeout=3000)
    finally:
        printer.close()


def test_a_ticket_taken_while_the_printer_is_down_is_still_issued(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """The next citizen also gets a valid number while the printer stays down."""
    window = make_kiosk(printer=f"network:127.0.0.1:{closed_port()}", retry_ms=60_000)
    qtbot.mouseClick(window.home.tiles["CT"], LEFT)
    qtbot.waitUntil(lambda: window.ticket.print_state == "failed", timeout=5000)
    qtbot.mouseClick(window.ticket.done, LEFT)
    qtbot.mouseClick(window.home.tiles["CT"], LEFT)
    assert window.ticket.number.text() == "B002"
    qtbot.waitUntil(lambda: window.ticket.print_state == "failed", timeout=5000)


def test_a_ticket_printed_on_retry_clears_the_failed_notice_and_the_mark(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """The spooled ticket printed by the retry timer turns the ticket screen's "failed"
    notice into "take your ticket", and the printer mark goes out."""
    port = closed_port()
    window = make_kiosk(printer=f"network:127.0.0.1:{port}", retry_ms=200)
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    qtbot.waitUntil(lambda: window.ticket.print_state == "failed", timeout=5000)
    qtbot.waitUntil(window.top.printer_mark.isVisible, timeout=2000)
    printer = FakeNetworkPrinter(port=port)
    try:
        qtbot.waitUntil(lambda: window.ticket.print_state == "printed", timeout=8000)
        assert "nhận phiếu" in window.ticket.message.text()
        assert window.ticket.notice.property("kiosk") == "okNotice"
        qtbot.waitUntil(lambda: not window.top.printer_mark.isVisible(), timeout=3000)
        assert len(printer.jobs) == 1
    finally:
        printer.close()


def test_out_of_paper_then_paper_back_prints_by_itself(make_kiosk: MakeKiosk,
                                                       qtbot: QtBot) -> None:
    """A network printer whose sensor says "no paper": the ticket is not sent (only the
    question), the screen says so and the mark lights; once paper is loaded the ticket
    prints by itself, whole, and the mark goes out."""
    printer = FakeNetworkPrinter(paper_status_byte=PAPER_OUT)
    try:
        window = make_kiosk(printer=f"network:127.0.0.1:{printer.port}", retry_ms=200)
        qtbot.mouseClick(window.home.tiles["DD"], LEFT)
        ticket = window.ticket.ticket
        assert ticket is not None
        qtbot.waitUntil(lambda: window.ticket.print_state == "failed", timeout=5000)
        qtbot.waitUntil(window.top.printer_mark.isVisible, timeout=2000)
        assert printer.jobs == [] and printer.status_queries >= 1
        printer.paper_status_byte = PAPER_OK  # a new roll
        qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=8000)
        assert printed_qr_texts(printer.jobs[0]) == [str(ticket.id)]
        qtbot.waitUntil(lambda: window.ticket.print_state == "printed", timeout=3000)
        qtbot.waitUntil(lambda: not window.top.printer_mark.isVisible(), timeout=3000)
    finally:
        printer.close()


def test_printer_dropping_mid_ticket_gets_the_whole_ticket_again(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """The printer closes the connection after part of the ticket: the ticket is not counted
    as printed (notice and mark), and the retry sends it again whole."""
    printer = FakeNetworkPrinter(drop_after=3000)
    try:
        window = make_kiosk(printer=f"network:127.0.0.1:{printer.port}", retry_ms=300)
        qtbot.mouseClick(window.home.tiles["HT"], LEFT)
        ticket = window.ticket.ticket
        assert ticket is not None
        qtbot.waitUntil(lambda: window.ticket.print_state == "failed", timeout=5000)
        qtbot.waitUntil(window.top.printer_mark.isVisible, timeout=2000)
        assert printer.torn and printer.jobs == []
        printer.drop_after = None  # the printer is back on
        qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=8000)
        whole = printer.jobs[0]
        assert len(whole) > len(printer.torn[0])
        assert printed_qr_texts(whole) == [str(ticket.id)]
        qtbot.waitUntil(lambda: window.ticket.print_state == "printed", timeout=3000)
        qtbot.waitUntil(lambda: not window.top.printer_mark.isVisible(), timeout=3000)
    finally:
        printer.close()
