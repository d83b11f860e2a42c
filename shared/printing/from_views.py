"""Documents built from the services' views and the printer settings (what the apps print)."""

from __future__ import annotations

from pathlib import Path

from shared.config import PrinterSettings
from shared.models import Priority
from shared.printing.documents import TicketDocument
from shared.views import SiteView, TicketView

PRIORITY_LABELS: dict[str, dict[Priority, str]] = {
    "vi": {Priority.ELDERLY: "Người cao tuổi", Priority.DISABLED: "Người khuyết tật",
           Priority.PREGNANT: "Phụ nữ mang thai", Priority.MERIT: "Người có công"},
    "en": {Priority.ELDERLY: "Elderly", Priority.DISABLED: "Disability",
           Priority.PREGNANT: "Pregnancy", Priority.MERIT: "Meritorious service"},
}


def ticket_document(ticket: TicketView, site: SiteView, printer: PrinterSettings,
                    language: str = "vi", *, center_name: str = "") -> TicketDocument:
    """The ticket to print for ``ticket``: the QR holds the ticket's id, nothing personal."""
    lang = "en" if language == "en" else "vi"
    service_name = ticket.service_name_en if lang == "en" and ticket.service_name_en else (
        ticket.service_name)
    header = tuple(printer.header) or ((site.address,) if site.address else ())
    return TicketDocument(
        center_name=center_name or site.name,
        ticket_number=ticket.number,
        service_name=service_name,
        issued_at=ticket.issued_at,
        qr_payload=str(ticket.id),
        people_ahead=ticket.people_ahead or 0,
        estimated_wait_minutes=ticket.estimated_wait_minutes,
        priority_label=PRIORITY_LABELS[lang].get(ticket.priority),
        header_lines=header,
        footer_lines=tuple(printer.footer_en if lang == "en" and printer.footer_en
                           else printer.footer),
        logo_path=Path(printer.logo) if printer.logo else None,
        language=lang,
    )
