"""The audit trail of ticket printing: "ticket.print_failed" events in the event log.

A kiosk whose printer refused a ticket records it here, so staff see it in the log and on the
change feed (the ticket itself stays valid and waiting).

    record_print_failed(db, ticket.id, result.error.message)
"""

from __future__ import annotations

from shared.db.database import Database
from shared.errors import NotFound
from shared.events import EventKind, record
from shared.models import Service, Ticket


def record_print_failed(db: Database, ticket_id: int, reason: str) -> int:
    """Append a ``ticket.print_failed`` event for ticket ``ticket_id``; returns the event id.

    ``reason`` is the printer error shown to staff (no personal data). NotFound for an
    unknown ticket.
    """
    with db.transaction() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"Không có phiếu số thứ tự mã {ticket_id}.",
                           f"There is no ticket with id {ticket_id}.")
        service = session.get(Service, ticket.service_id)
        event_id = record(session, EventKind.TICKET_PRINT_FAILED, db.now(session),
                       site_id=ticket.site_id, ticket_id=ticket.id, number=ticket.number,
                       service=service.code if service is not None else "", reason=reason)
        return event_id
