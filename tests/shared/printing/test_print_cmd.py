"""`layso printer test` and `layso printer reprint` through the real entry point."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops

from shared.center import CenterService
from shared.cli import context
from shared.cli.main import main
from shared.clock import FixedClock
from shared.config import PrinterSettings
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.models import Outcome
from shared.printing.documents import TicketDocument
from shared.printing.from_views import ticket_document
from shared.printing.paper import Paper
from shared.printing.ticket_layout import render_ticket, ticket_lines
from shared.queue import QueueService
from tests.center_data import SITE, build_center
from tests.shared.printing.test_ticket_layout import raster_of


def test_printer_test_prints_a_sample_ticket(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`layso printer test --printer file:PATH` writes a ticket with a QR and says so."""
    out = tmp_path / "printer.bin"
    assert main(["--db", f"sqlite:///{tmp_path}/x.db", "printer", "test",
                 "--printer", f"file:{out}", "--paper", "58"]) == 0
    assert "Đã in Phiếu A001" in capsys.readouterr().out
    printed = raster_of(out.read_bytes())
    assert printed.width == 384
    assert [c.text for c in zxingcpp.read_barcodes(printed.convert("L"))] == ["LAYSO-TEST"]


def test_printer_test_with_a_bad_spec_fails_in_one_vietnamese_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed --printer exits 2 with the spec error on stderr, no traceback."""
    assert main(["printer", "test", "--printer", "network:"]) == 2
    err = capsys.readouterr().err
    assert "LAYSO_PRINTER không hợp lệ" in err and "Traceback" not in err


def test_reprint_prints_todays_ticket_with_its_id_in_the_qr(tmp_path: Path) -> None:
    """`layso printer reprint A001` prints today's A001; its QR holds the ticket's id."""
    url = f"sqlite:///{tmp_path}/center.db"
    db = Database(url)  # the real clock, as the command uses
    upgrade(db)
    build_center(db)
    ticket = QueueService(db).issue_ticket(SITE, "HT")
    db.dispose()
    out = tmp_path / "reprint.bin"
    assert main(["--db", url, "--site", SITE, "printer", "reprint", ticket.number,
                 "--printer", f"file:{out}"]) == 0
    printed = raster_of(out.read_bytes())
    assert [c.text for c in zxingcpp.read_barcodes(printed.convert("L"))] == [str(ticket.id)]


def test_a_reprint_keeps_the_phone_page_link(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """With server.public_url set, the reprinted ticket's QR opens the same phone page as
    the first print: <public_url>/t/<token>."""
    url = f"sqlite:///{tmp_path}/center.db"
    db = Database(url)
    upgrade(db)
    build_center(db)
    ticket = QueueService(db).issue_ticket(SITE, "HT")
    db.dispose()
    monkeypatch.setenv("LAYSO_SERVER_PUBLIC_URL", "http://192.168.1.10:8080")
    out = tmp_path / "reprint.bin"
    assert main(["--db", url, "--site", SITE, "printer", "reprint", ticket.number,
                 "--printer", f"file:{out}"]) == 0
    printed = raster_of(out.read_bytes())
    assert [c.text for c in zxingcpp.read_barcodes(printed.convert("L"))] == [
        f"http://192.168.1.10:8080/t/{ticket.public_token}"]


@pytest.fixture
def center(tmp_path: Path, clock: FixedClock,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Database]]:
    """A center on a file database whose clock the command reads too (the CLI's cached
    database for this URL is this one, with the test's fixed clock)."""
    url = f"sqlite:///{tmp_path}/center.db"
    db = Database(url, clock=clock)
    upgrade(db)
    build_center(db)
    monkeypatch.setitem(context._databases, url, db)
    yield url, db
    db.dispose()


def _reprint(url: str, number: str, out: Path) -> Image.Image:
    """`layso ticket print NUMBER` on 58 mm paper into ``out``; the raster printed."""
    assert main(["--db", url, "--site", SITE, "ticket", "print", number,
                 "--printer", f"file:{out}", "--paper", "58"]) == 0
    return raster_of(out.read_bytes())


def _expected(db: Database, number: str, moment: datetime) -> TicketDocument:
    """The document the reprint should carry: the ticket as read now, counters 1 and 3 (those
    serving HT in tests.center_data), reprinted at ``moment``."""
    view = QueueService(db).find_ticket(SITE, number)
    return ticket_document(view, CenterService(db).site(SITE), PrinterSettings(), "vi",
                           counters=(1, 3), reprinted_at=moment)


def _same(printed: Image.Image, doc: TicketDocument) -> bool:
    expected = render_ticket(doc, Paper.MM58)
    return printed.size == expected.size and ImageChops.difference(
        printed.convert("L"), expected.convert("L")).getbbox() is None


def test_a_reprint_says_what_is_true_now(center: tuple[str, Database], clock: FixedClock,
                                         tmp_path: Path) -> None:
    """A001 served and finished at counter 3, A002 called there, A003 and A004 waiting: each
    reprint prints its state now ("ĐÃ PHỤC VỤ XONG", "Mời đến Quầy 3", one person ahead and
    the counters "Quầy 1, 3"), marked "IN LẠI" with the reprint's time; never the "Sắp đến
    lượt" / 0 ahead of a fresh number."""
    url, db = center
    queue = QueueService(db)
    for _ in range(4):
        queue.issue_ticket(SITE, "HT")
        clock.advance(minutes=1)
    counter = queue.find_counter(SITE, 3).id
    queue.call_next(counter)
    clock.advance(minutes=4)
    queue.finish(counter, Outcome.GUIDED)
    queue.call_next(counter)
    clock.advance(minutes=2)
    reprint_time = f"IN LẠI {clock.moment:%H:%M, %d/%m/%Y}"
    said = {"A001": ["ĐÃ PHỤC VỤ XONG", "Tại Quầy 3 lúc 09:08", "Phiếu này không còn giá trị"],
            "A002": ["Mời đến Quầy 3"],
            "A004": ["Quầy 1, 3", "Số người đang chờ trước: 1"]}
    for number, lines in said.items():
        doc = _expected(db, number, clock.moment)
        assert set(lines) | {reprint_time} <= set(ticket_lines(doc, Paper.MM58)), number
        assert _same(_reprint(url, number, tmp_path / f"{number}.bin"), doc), number


def test_a_waiting_ticket_is_reprinted_with_its_wait_read_now(
        center: tuple[str, Database], clock: FixedClock, tmp_path: Path) -> None:
    """The people ahead and the wait on a reprint are those of the moment, as the phone page
    reads them (QueueService.ticket_by_token): A003 has two people ahead, then none once
    counters 1 and 3 have called them."""
    url, db = center
    queue = QueueService(db)
    tickets = [queue.issue_ticket(SITE, "HT") for _ in range(3)]
    for expected_ahead, counter in ((2, None), (0, 1)):
        if counter is not None:
            queue.call_next(queue.find_counter(SITE, 1).id)
            queue.call_next(queue.find_counter(SITE, 3).id)
            clock.advance(minutes=3)
        phone = queue.ticket_by_token(str(tickets[2].public_token))
        doc = _expected(db, "A003", clock.moment)
        assert phone.people_ahead == doc.people_ahead == expected_ahead
        assert (doc.estimated_wait_low, doc.estimated_wait_high) == (
            phone.estimated_wait_low, phone.estimated_wait_high)
        assert _same(_reprint(url, "A003", tmp_path / f"A003-{expected_ahead}.bin"), doc)
