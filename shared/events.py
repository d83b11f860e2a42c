"""The append-only event log. Every state change appends one row in its own transaction.

The rows' ids are the change feed's versions (shared/changes.py). On PostgreSQL a trigger on
the table (created by the initial migration) sends ``NOTIFY layso_changes`` with
"<site id>:<event id>" in the same transaction, so listeners wake at commit.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from shared.db.named import Named, run

if TYPE_CHECKING:
    from shared.clock import Runner

NOTIFY_CHANNEL = "layso_changes"


class EventKind(StrEnum):
    TICKET_ISSUED = "ticket.issued"
    TICKET_CALLED = "ticket.called"
    TICKET_RECALLED = "ticket.recalled"
    TICKET_NO_SHOW = "ticket.no_show"
    TICKET_TRANSFERRED = "ticket.transferred"
    TICKET_FINISHED = "ticket.finished"
    TICKET_RETURNED = "ticket.returned_to_queue"
    TICKET_NO_SHOW_UNDONE = "ticket.no_show_undone"  # then called again at once (ticket.called)
    TICKET_HELD = "ticket.held"  # put on hold by its counter; taken back with ticket.called
    TICKET_CANCELLED = "ticket.cancelled"
    TICKET_PRINT_FAILED = "ticket.print_failed"
    TICKET_REPRINTED = "ticket.reprinted"
    COUNTER_STATUS = "counter.status"
    CLERK_LOGIN = "clerk.login"
    CLERK_LOGOUT = "clerk.logout"
    CLERK_LOGIN_FAILED = "clerk.login_failed"
    CONSOLE_LOGIN = "console.login"  # a supervisor or admin into the web console (/admin)
    DOSSIER_RECEIVED = "dossier.received"
    DOSSIER_RESOLVED = "dossier.resolved"
    DOSSIER_SUPPLEMENT = "dossier.supplement_requested"
    DOSSIER_REFUSED = "dossier.refused"
    DOSSIER_RETURNED = "dossier.returned"
    DOSSIER_WITHDRAWN = "dossier.withdrawn"
    RATING = "rating.created"
    CATALOG_IMPORTED = "catalog.imported"
    CATALOG_CHANGED = "catalog.changed"  # one procedure edited (its documents, time limit...)
    CONFIG_CHANGED = "config.changed"
    DAY_CLOSED = "day.closed"


def record(
    session: Runner,
    kind: EventKind | str,
    at: datetime,
    *,
    site_id: int | None = None,
    ticket_id: int | None = None,
    counter_id: int | None = None,
    clerk_id: int | None = None,
    dossier_id: int | None = None,
    **data: object,
) -> int:
    """Append an event and return its id (the change-feed version it makes). On PostgreSQL its
    trigger queues the NOTIFY that fires at commit.

    Pending ORM changes are flushed first (on a session; a connection has none), so the
    event follows what it reports; the row itself is one prebuilt Core INSERT … RETURNING (the
    log is append-only: no ORM object to track), which costs a fraction of an ORM flush on the
    queue's hot paths.
    """
    flush = getattr(session, "flush", None)
    if flush is not None:
        flush()
    event_id = run(session, INSERT_EVENT, {
        "at": at, "site_id": site_id, "kind": str(kind), "ticket_id": ticket_id,
        "counter_id": counter_id, "clerk_id": clerk_id, "dossier_id": dossier_id,
        "data": dict(data),
    }).scalar_one()
    return int(event_id)


def _insert() -> Any:
    from sqlalchemy import insert

    from shared.tables import EVENTS

    return insert(EVENTS).returning(EVENTS.c.id)


#: One event (every column given); returns its id.
INSERT_EVENT = Named("events.insert", _insert, columns=(
    "at", "site_id", "kind", "ticket_id", "counter_id", "clerk_id", "dossier_id", "data"))
