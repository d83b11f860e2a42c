"""Read-side helpers of the queue: building TicketView/CounterState, people ahead, wait estimates.

Every function takes an open session; QueueService decides the transaction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from shared import queue_sql
from shared.models import (
    Clerk,
    Counter,
    CounterStatus,
    Outcome,
    Priority,
    Service,
    Site,
    Ticket,
    TicketStatus,
)
from shared.views import CounterState, TicketView


@dataclass(frozen=True)
class WaitingTicket:
    """What the wait estimate needs of a ticket that is not an ORM object (a new one)."""

    id: int
    site_id: int
    service_id: int
    business_day: date
    queued_at: datetime
    priority: str


def ticket_view(session: Session, ticket: Ticket, *, people_ahead: int | None = None,
                estimated_wait_minutes: int | None = None) -> TicketView:
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
    select(queue_sql.SERVICES.c.code)
    .join_from(queue_sql.SERVICES, queue_sql.COUNTER_SERVICES,
               queue_sql.COUNTER_SERVICES.c.service_id == queue_sql.SERVICES.c.id)
    .where(queue_sql.COUNTER_SERVICES.c.counter_id == bindparam("counter_id"))
    .order_by(queue_sql.COUNTER_SERVICES.c.position, queue_sql.SERVICES.c.code)
)


def counter_state(session: Session, counter: Counter) -> CounterState:
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


def wait_inputs(session: Session, ticket: Ticket | WaitingTicket, priority_strict: bool,
                window: int) -> tuple[int, list[float], int]:
    """People ahead, the durations (minutes) of the service's last ``window`` finished tickets,
    and the counters open for it: one round trip to the database."""
    rows = session.execute(
        queue_sql.wait_inputs(ticket.priority != Priority.NONE, priority_strict),
        {"site_id": ticket.site_id, "service_id": ticket.service_id, "day": ticket.business_day,
         "ticket_id": ticket.id, "queued_at": ticket.queued_at, "window": window},
    ).all()
    durations = [
        (finished - called).total_seconds() / 60
        for _ahead, _open, called, finished in rows
        if called is not None and finished is not None and finished >= called
    ]
    return int(rows[0][0]), durations, int(rows[0][1])


def average_minutes(durations: list[float], default_minutes: float) -> float:
    """Mean service time, or the default before there is any history."""
    if not durations:
        return default_minutes
    return max(0.5, sum(durations) / len(durations))


def estimate_wait_minutes(ahead: int, average_minutes: float, open_counters: int) -> int:
    """People ahead × mean service time, shared among the counters open for the service."""
    if ahead <= 0:
        return 0
    return math.ceil(ahead * average_minutes / max(open_counters, 1))
