"""Read-side helpers of the queue: building TicketView and CounterState from ORM objects and
Core rows (the wait estimate's reads: ``shared.wait_reads``).

Every function takes an open session; QueueService decides the transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select

from shared.enums import CounterStatus, Outcome, Priority, TicketStatus
from shared.tables import COUNTER_SERVICES, SERVICES
from shared.views import CounterState, TicketView

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from shared.models import Counter, Ticket


def ticket_view(session: Session, ticket: Ticket, *, people_ahead: int | None = None,
                estimated_wait_minutes: int | None = None,
                estimated_wait_low: int | None = None,
                estimated_wait_high: int | None = None) -> TicketView:
    from shared.models import Counter, Service, Site

    service = session.get(Service, ticket.service_id)
    site = session.get(Site, ticket.site_id)
    assert service is not None and site is not None
    counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return TicketView(
        id=ticket.id,
        number=ticket.number,
        site_code=site.code,
        service=service.code,
        service_name=service.name,
        service_name_en=service.name_en or service.name,
        priority=Priority(ticket.priority),
        status=TicketStatus(ticket.status),
        business_day=ticket.business_day,
        issued_at=ticket.issued_at,
        called_at=ticket.called_at,
        finished_at=ticket.finished_at,
        counter=counter.number if counter else None,
        outcome=Outcome(ticket.outcome) if ticket.outcome else None,
        call_count=ticket.call_count,
        people_ahead=people_ahead,
        estimated_wait_minutes=estimated_wait_minutes,
        estimated_wait_low=estimated_wait_low,
        estimated_wait_high=estimated_wait_high,
        public_token=ticket.public_token,
    )


def row_view(row: Any, site_code: str, **changed: Any) -> TicketView:
    """The view of a Core ticket row (``queue_sql.TICKET_ROW`` or ``pick``: the ticket's
    columns with ``service_code``, ``service_name``, ``service_name_en``). ``changed``: the
    values the caller has just written (``status``, ``called_at``, ``counter``, …)."""
    outcome = changed.pop("outcome", row.outcome)
    return TicketView(
        id=row.id,
        number=row.number,
        site_code=site_code,
        service=row.service_code,
        service_name=row.service_name,
        service_name_en=row.service_name_en or row.service_name,
        priority=Priority(row.priority),
        status=TicketStatus(changed.pop("status", row.status)),
        business_day=row.business_day,
        issued_at=row.issued_at,
        called_at=changed.pop("called_at", row.called_at),
        finished_at=changed.pop("finished_at", row.finished_at),
        outcome=Outcome(outcome) if outcome else None,
        call_count=changed.pop("call_count", row.call_count),
        public_token=row.public_token,
        **changed,
    )


def row_counter_state(session: Session, row: Any, current: TicketView | None,
                      **changed: Any) -> CounterState:
    """The state of a Core counter row (``queue_sql.COUNTER_ROW``) now serving ``current``."""
    return CounterState(
        id=row.id,
        site_code=row.site_code,
        number=row.number,
        name=row.name,
        status=CounterStatus(changed.pop("status", row.status)),
        services=tuple(session.scalars(_COUNTER_SERVICE_CODES, {"counter_id": row.id})),
        clerk_username=row.clerk_username,
        clerk_name=row.clerk_name,
        current=current,
    )


_COUNTER_SERVICE_CODES = (  # Core (tables, not ORM attributes): one of the hot paths' queries
    select(SERVICES.c.code)
    .join_from(SERVICES, COUNTER_SERVICES,
               COUNTER_SERVICES.c.service_id == SERVICES.c.id)
    .where(COUNTER_SERVICES.c.counter_id == bindparam("counter_id"))
    .order_by(COUNTER_SERVICES.c.position, SERVICES.c.code)
)


def counter_state(session: Session, counter: Counter) -> CounterState:
    from shared.models import Clerk, Site, Ticket

    site = session.get(Site, counter.site_id)
    assert site is not None
    codes = tuple(session.scalars(_COUNTER_SERVICE_CODES, {"counter_id": counter.id}))
    clerk = session.get(Clerk, counter.clerk_id) if counter.clerk_id else None
    current = session.get(Ticket, counter.current_ticket_id) if counter.current_ticket_id else None
    return CounterState(
        id=counter.id,
        site_code=site.code,
        number=counter.number,
        name=counter.name,
        status=CounterStatus(counter.status),
        services=codes,
        clerk_username=clerk.username if clerk else None,
        clerk_name=clerk.full_name if clerk else None,
        current=ticket_view(session, current) if current else None,
    )
