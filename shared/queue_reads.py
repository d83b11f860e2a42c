"""Read-side helpers of the queue: building TicketView/CounterState, people ahead, wait estimates.

Every function takes an open session; QueueService decides the transaction.
"""

from __future__ import annotations

import math
from datetime import date

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from shared.models import (
    Clerk,
    Counter,
    CounterService,
    CounterStatus,
    Outcome,
    Priority,
    Service,
    Site,
    Ticket,
    TicketStatus,
)
from shared.views import CounterState, TicketView


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
    )


def counter_state(session: Session, counter: Counter) -> CounterState:
    site = session.get(Site, counter.site_id)
    assert site is not None
    codes = tuple(session.scalars(
        select(Service.code)
        .join(CounterService, CounterService.service_id == Service.id)
        .where(CounterService.counter_id == counter.id)
        .order_by(CounterService.position, Service.code)
    ))
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


def people_ahead_condition(ticket: Ticket, priority_strict: bool) -> ColumnElement[bool]:
    """Waiting tickets of the same service that will be called before this one.

    Earlier tickets of the same class are ahead; with the strict policy every waiting priority
    ticket is ahead of an ordinary one. (With interleaving this is an upper bound.)
    """
    same_queue = and_(
        Ticket.site_id == ticket.site_id,
        Ticket.status == TicketStatus.WAITING,
        Ticket.service_id == ticket.service_id,
        Ticket.business_day == ticket.business_day,
        Ticket.id != ticket.id,
    )
    earlier = or_(Ticket.queued_at < ticket.queued_at,
                  and_(Ticket.queued_at == ticket.queued_at, Ticket.id < ticket.id))
    if ticket.priority != Priority.NONE:
        return and_(same_queue, earlier, Ticket.priority != Priority.NONE)
    if priority_strict:
        return and_(same_queue, or_(earlier, Ticket.priority != Priority.NONE))
    return and_(same_queue, earlier)


def wait_inputs(session: Session, ticket: Ticket, priority_strict: bool,
                window: int) -> tuple[int, list[float], int]:
    """People ahead, the durations (minutes) of the service's last ``window`` finished tickets,
    and the counters open for it: one round trip to the database."""
    ahead = (select(func.count()).select_from(Ticket)
             .where(people_ahead_condition(ticket, priority_strict)).scalar_subquery())
    open_counters = (select(func.count()).select_from(Counter)
                     .join(CounterService, CounterService.counter_id == Counter.id)
                     .where(CounterService.service_id == ticket.service_id,
                            Counter.status == CounterStatus.OPEN, Counter.active.is_(True))
                     .scalar_subquery())
    recent = (select(Ticket.first_called_at, Ticket.finished_at)
              .where(Ticket.service_id == ticket.service_id,
                     Ticket.status == TicketStatus.FINISHED, Ticket.finished_at.is_not(None))
              .order_by(Ticket.finished_at.desc()).limit(window).subquery())
    one_row = select(literal(1).label("one")).subquery()
    rows = session.execute(
        select(ahead, open_counters, recent.c.first_called_at, recent.c.finished_at)
        .select_from(one_row).outerjoin(recent, literal(True))
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


def waiting_count(session: Session, site_id: int, service_id: int, day: date) -> int:
    return int(session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.site_id == site_id, Ticket.status == TicketStatus.WAITING,
            Ticket.service_id == service_id, Ticket.business_day == day)
    ) or 0)
