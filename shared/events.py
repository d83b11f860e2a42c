"""The append-only event log. Every state change appends one row in its own transaction.

The rows' ids are the change feed's versions (shared/changes.py). On PostgreSQL a trigger on
the table (created by the initial migration) sends ``NOTIFY layso_changes`` with
"<site id>:<event id>" in the same transaction, so listeners wake at commit.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from shared.models import Event

NOTIFY_CHANNEL = "layso_changes"


class EventKind(StrEnum):
    TICKET_ISSUED = "ticket.issued"
    TICKET_CALLED = "ticket.called"
    TICKET_RECALLED = "ticket.recalled"
    TICKET_NO_SHOW = "ticket.no_show"
    TICKET_TRANSFERRED = "ticket.transferred"
    TICKET_FINISHED = "ticket.finished"
    TICKET_RETURNED = "ticket.returned_to_queue"
    TICKET_CANCELLED = "ticket.cancelled"
    TICKET_PRINT_FAILED = "ticket.print_failed"
    TICKET_REPRINTED = "ticket.reprinted"
    COUNTER_STATUS = "counter.status"
    CLERK_LOGIN = "clerk.login"
    CLERK_LOGOUT = "clerk.logout"
    CLERK_LOGIN_FAILED = "clerk.login_failed"
    DOSSIER_RECEIVED = "dossier.received"
    DOSSIER_RESOLVED = "dossier.resolved"
    DOSSIER_SUPPLEMENT = "dossier.supplement_requested"
    DOSSIER_REFUSED = "dossier.refused"
    DOSSIER_RETURNED = "dossier.returned"
    RATING = "rating.created"
    CATALOG_IMPORTED = "catalog.imported"
    CONFIG_CHANGED = "config.changed"
    DAY_CLOSED = "day.closed"


def record(
    session: Session,
    kind: EventKind | str,
    at: datetime,
    *,
    site_id: int | None = None,
    ticket_id: int | None = None,
    counter_id: int | None = None,
    clerk_id: int | None = None,
    dossier_id: int | None = None,
    **data: object,
) -> Event:
    """Append an event (on PostgreSQL its trigger queues the NOTIFY that fires at commit)."""
    event = Event(
        at=at,
        site_id=site_id,
        kind=str(kind),
        ticket_id=ticket_id,
        counter_id=counter_id,
        clerk_id=clerk_id,
        dossier_id=dossier_id,
        data=dict(data),
    )
    session.add(event)
    session.flush()
    return event
