"""The printed ticket's QR code: the phone page ``<public_url>/t/<token>`` when the center has
a public address, else the ticket's id as before (checked on the bytes a printer receives)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import zxingcpp

from shared.config import PrinterSettings
from shared.models import Priority, TicketStatus
from shared.printing.documents import TicketDocument
from shared.printing.escpos_job import escpos_bytes
from shared.printing.from_views import phone_page_url, ticket_document, ticket_qr_payload
from shared.printing.paper import Paper
from shared.printing.ticket_layout import render_ticket, ticket_lines
from shared.views import SiteView, TicketView
from tests.tools.escpos_render import parse, render

TOKEN = "k3J9_xQ2vLmN8pR4tYw1Aa"
SITE = SiteView(1, "HQ", "Trung tâm Phục vụ hành chính công phường Bến Thành",
                "UBND phường Bến Thành", "000.00.53.H48", "")


def view(token: str | None = TOKEN) -> TicketView:
    return TicketView(417, "A012", "HQ", "HT", "Hộ tịch", "Civil status", Priority.NONE,
                      TicketStatus.WAITING, date(2026, 11, 23),
                      datetime(2026, 11, 23, 2, 5, tzinfo=UTC), people_ahead=3,
                      estimated_wait_minutes=15, public_token=token)


def printed_qr(doc: TicketDocument, paper: Paper) -> list[str]:
    data = escpos_bytes([render_ticket(doc, paper)], paper.dots)
    return [code.text for code in zxingcpp.read_barcodes(render(parse(data), paper.dots))]


def words(doc: TicketDocument) -> str:
    return " | ".join(ticket_lines(doc, Paper.MM80))


@pytest.mark.parametrize("paper", list(Paper))
def test_with_public_url_the_printed_qr_opens_the_phone_page(paper: Paper) -> None:
    """server.public_url set: the printed QR decodes to ``<public_url>/t/<token>`` (a trailing
    slash in the setting does not double), and its caption invites a scan to follow the turn
    on the phone; the token is not the ticket's id or number."""
    doc = ticket_document(view(), SITE, PrinterSettings(), "vi",
                          public_url="http://192.168.1.10:8080/")
    assert printed_qr(doc, paper) == [f"http://192.168.1.10:8080/t/{TOKEN}"]
    assert "Quét mã để theo dõi lượt trên điện thoại" in words(doc)
    assert "Mã phiếu" not in words(doc)
    english = ticket_document(view(), SITE, PrinterSettings(), "en",
                              public_url="http://192.168.1.10:8080")
    assert "Scan to follow your turn on your phone" in words(english)


def test_without_public_url_the_qr_keeps_the_ticket_id() -> None:
    """No public address: today's content, the ticket's id, captioned "Mã phiếu"."""
    doc = ticket_document(view(), SITE, PrinterSettings(), "vi")
    assert doc.qr_payload == "417"
    assert printed_qr(doc, Paper.MM80) == ["417"]
    assert "Mã phiếu" in words(doc) and "theo dõi" not in words(doc)


def test_a_ticket_without_a_token_keeps_its_id_even_with_public_url() -> None:
    """A ticket issued before the web service has no token: no link is made up for it."""
    assert phone_page_url(view(None), "http://192.168.1.10:8080") is None
    assert ticket_qr_payload(view(None), "http://192.168.1.10:8080") == "417"
    assert ticket_qr_payload(view(), "") == "417"
    assert ticket_qr_payload(view(), "https://layso.example.vn") == (
        f"https://layso.example.vn/t/{TOKEN}")
