"""Documents built from the services' views and the printer settings (what the apps print).

The ticket's QR code: with ``server.public_url`` set it is the ticket's phone page,
``<public_url>/t/<token>`` (a random token per ticket, never its id or number), which the
kiosk's ticket screen shows too (:func:`ticket_qr_payload`); without it, the ticket's id as
before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from shared.config import PrinterSettings
from shared.models import Priority
from shared.printing.documents import TicketDocument
from shared.views import CounterState, SiteView, TicketView

PRIORITY_LABELS: dict[str, dict[Priority, str]] = {
    "vi": {Priority.ELDERLY: "Người cao tuổi", Priority.DISABLED: "Người khuyết tật",
           Priority.PREGNANT: "Phụ nữ mang thai", Priority.MERIT: "Người có công"},
    "en": {Priority.ELDERLY: "Elderly", Priority.DISABLED: "Disability",
           Priority.PREGNANT: "Pregnancy", Priority.MERIT: "Meritorious service"},
}


def phone_page_url(ticket: TicketView, public_url: str) -> str | None:
    """Where a phone follows ``ticket`` (``<public_url>/t/<token>``), or None without a public
    address or without a token (a ticket from before the web service)."""
    if not public_url or not ticket.public_token:
        return None
    return f"{public_url.rstrip('/')}/t/{ticket.public_token}"


def ticket_qr_payload(ticket: TicketView, public_url: str = "") -> str:
    """What the ticket's QR code holds: its phone page's address, else its id. Nothing
    personal either way."""
    return phone_page_url(ticket, public_url) or str(ticket.id)


def counters_serving(counters: Iterable[CounterState], service_code: str) -> tuple[int, ...]:
    """The numbers of the counters among ``counters`` that serve ``service_code``, in order:
    the ticket's "Quầy 1, 2" (``CenterService.counters(site)`` gives the counters in use)."""
    return tuple(sorted(counter.number for counter in counters
                        if service_code in counter.services))


def ticket_document(ticket: TicketView, site: SiteView, printer: PrinterSettings,
                    language: str = "vi", *, center_name: str = "",
                    public_url: str = "", counters: tuple[int, ...] = (),
                    reprinted_at: datetime | None = None) -> TicketDocument:
    """The ticket to print for ``ticket``; ``public_url`` is ``server.public_url`` (the QR then
    links to the phone page, see :func:`ticket_qr_payload`); ``counters`` the numbers of the
    counters that serve its service ("Quầy 1, 2"). ``reprinted_at``: a reprint, which prints
    the ticket's state as ``ticket`` has it (read at the reprint) and "IN LẠI" with the time."""
    lang = "en" if language == "en" else "vi"
    service_name = ticket.service_name_en if lang == "en" and ticket.service_name_en else (
        ticket.service_name)
    header = tuple(printer.header) or ((site.address,) if site.address else ())
    return TicketDocument(
        center_name=center_name or site.name,
        ticket_number=ticket.number,
        service_name=service_name,
        issued_at=ticket.issued_at,
        qr_payload=ticket_qr_payload(ticket, public_url),
        people_ahead=ticket.people_ahead or 0,
        estimated_wait_minutes=ticket.estimated_wait_minutes,
        estimated_wait_low=ticket.estimated_wait_low,
        estimated_wait_high=ticket.estimated_wait_high,
        priority_label=PRIORITY_LABELS[lang].get(ticket.priority),
        header_lines=header,
        footer_lines=tuple(printer.footer_en if lang == "en" and printer.footer_en
                           else printer.footer),
        logo_path=Path(printer.logo) if printer.logo else None,
        language=lang,
        counters=tuple(counters),
        status=ticket.status,
        counter=ticket.counter,
        ended_at=ticket.finished_at,
        reprinted_at=reprinted_at,
    )
