"""`layso printer test` and `layso printer reprint` through the real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp

from shared.cli.main import main
from shared.db.database import Database
from shared.db.migrate import upgrade
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
