"""Read-side helpers of the queue: building TicketView/CounterState, people ahead, wait estimates.

Every function takes an open session; QueueService decides the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select

from shared import queue_sql
from shared.clock import local
from shared.config import QueueSettings
from shared.enums import CounterStatus, Outcome, Priority, TicketStatus
from shared.events import EventKind
from shared.tables import COUNTER_SERVICES, EVENTS, SERVICES
from shared.views import CounterState, TicketView
from shared.wait_estimate import BreakSpans, CounterInput, ServiceStats, WaitInputs
from shared.wait_stats import IssuedToday, PastCall, StatusChange, breaks_ahead, service_stats

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from shared.clock import Executor
    from shared.models import Counter, Ticket


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


#: The service statistics of the wait estimate (``StatsCache``) are read again after this
#: long: they move slowly, and reading them costs more than the rest of issuing a ticket.
STATS_FRESH = timedelta(seconds=30)

#: (site id, day, service ids) → (when read, statistics per service id, break allowance per
#: counter id: ``wait_stats.breaks_ahead``).
StatsCache = dict[tuple[int, date, tuple[int, ...]],
                  tuple[datetime, dict[int, ServiceStats], dict[int, BreakSpans]]]
#: Breaks to come are read from the counters' status events of the last this many days
#: before today that have any (days the center was open: a Monday has the past week, the
#: day after a long holiday the days before it), among the last ``BREAK_EVENTS`` events of
#: the log (a bounded index range, however long the log).
BREAK_DAYS = 7
BREAK_EVENTS = 20_000


def wait_inputs(session: Executor, ticket: Ticket | WaitingTicket, now: datetime,
                settings: QueueSettings,
                stats_cache: StatsCache | None = None) -> tuple[int, WaitInputs]:
    """People ahead of a waiting ticket (as shown) and what its wait estimate needs
    (``shared.wait_estimate``): the site's queues and counters (two round trips), and the
    statistics of the services they serve (the recent calls and today's arrivals: a third,
    skipped while ``stats_cache`` holds them from under ``STATS_FRESH`` ago)."""
    strict = settings.priority_policy == "strict"
    priority = ticket.priority != Priority.NONE
    rows = session.execute(queue_sql.wait_queue(priority, strict), {
        "site_id": ticket.site_id, "service_id": ticket.service_id,
        "day": ticket.business_day, "ticket_id": ticket.id,
        "queued_at": ticket.queued_at}).all()
    ahead = int(rows[0].ahead) if rows else 0
    waiting = {(int(row.service_id), bool(row.is_priority)): int(row.waiting) for row in rows}
    if priority:
        in_class = ahead
    elif strict:
        in_class = ahead - waiting.get((ticket.service_id, True), 0)
    else:
        in_class = int(rows[0].ahead_in_class) if rows else 0
    counters: dict[int, list[Any]] = {}
    for row in session.execute(queue_sql.WAIT_COUNTERS, {"site_id": ticket.site_id,
                                                         "day": ticket.business_day}):
        counters.setdefault(row.id, []).append(row)
    services = tuple(sorted({row.service_id for rows_ in counters.values() for row in rows_}
                            | {ticket.service_id}))
    key = (ticket.site_id, ticket.business_day, services)
    cached = stats_cache.get(key) if stats_cache is not None else None
    if cached is not None and timedelta(0) <= now - cached[0] < STATS_FRESH:
        stats, breaks = cached[1], _breaks_later(cached[2], now - cached[0])
    else:
        stats = _service_stats(session, ticket, services, now, settings)
        breaks = _breaks_ahead(session, ticket.site_id, ticket.business_day, now,
                               settings.estimate_break_minutes)
        if stats_cache is not None:
            if len(stats_cache) >= 64:  # other days, other layouts: start again
                stats_cache.clear()
            stats_cache[key] = (now, stats, breaks)
    return max(ahead, 0), WaitInputs(
        service=ticket.service_id, priority=priority, ahead_in_queue=max(in_class, 0),
        waiting=waiting,
        counters=tuple(_counter_input(rows_, now, breaks.get(counter_id, ()))
                       for counter_id, rows_ in counters.items()),
        stats=stats, strict=strict, priority_every=settings.priority_every,
        break_minutes=settings.estimate_break_minutes,
        default_stats=ServiceStats(float(settings.default_service_minutes)))


def _service_stats(session: Executor, ticket: Ticket | WaitingTicket, services: tuple[int, ...],
                   now: datetime, settings: QueueSettings) -> dict[int, ServiceStats]:
    """The statistics of ``services`` from their recent calls and today's numbers."""
    params: dict[str, Any] = {f"service_{i}": service for i, service in enumerate(services)}
    params.update(window=settings.estimate_window, site_id=ticket.site_id,
                  day=ticket.business_day)
    calls: list[PastCall] = []
    issued: list[IssuedToday] = []
    for row in session.execute(queue_sql.wait_history(len(services)), params):
        service, counter, first, second, day, extra, transferred = tuple(row)
        if day is None:  # a service's numbers today
            issued.append(IssuedToday(int(service), int(extra), queue_sql.ARRIVAL_SPAN,
                                      first, second))
        elif first is not None and second is not None and second >= first:
            calls.append(PastCall(int(service), counter, first, second, day, bool(extra),
                                  bool(transferred)))
    return service_stats(calls, issued, ticket.business_day, now,
                         settings.default_service_minutes)


def _breaks_later(breaks: dict[int, BreakSpans], since: timedelta) -> dict[int, BreakSpans]:
    """Breaks to come read ``since`` ago, as from now."""
    moved = since.total_seconds() / 60
    return {counter: tuple((max(0.0, low - moved), high - moved, share)
                           for low, high, share in spans if high > moved)
            for counter, spans in breaks.items()}


def _breaks_ahead(session: Executor, site_id: int, day: date, now: datetime,
                  prior_minutes: float = 0.0) -> dict[int, BreakSpans]:
    """The counters' breaks to come (``wait_stats.breaks_ahead``) from their status events
    of today and of the last ``BREAK_DAYS`` earlier days that have any; ``prior_minutes`` a
    counter when the site has none (its first morning)."""
    newest = select(func.max(EVENTS.c.id)).where(EVENTS.c.site_id == site_id).scalar_subquery()
    rows = session.execute(
        select(EVENTS.c.counter_id, EVENTS.c.at, EVENTS.c.data).where(
            EVENTS.c.site_id == site_id, EVENTS.c.id > newest - BREAK_EVENTS,
            EVENTS.c.kind == EventKind.COUNTER_STATUS.value,
            EVENTS.c.counter_id.is_not(None))).all()
    changes = [StatusChange(int(counter or 0), at, str((data or {}).get("status", "")),
                            local(at).date()) for counter, at, data in rows]
    kept = set(sorted({c.day for c in changes if c.day < day})[-BREAK_DAYS:]) | {day}
    return breaks_ahead([c for c in changes if c.day in kept], day, now, prior_minutes)


def _counter_input(rows: list[Any], now: datetime,
                   breaks: BreakSpans = ()) -> CounterInput:
    """A counter's rows of ``queue_sql.WAIT_COUNTERS`` (one per service, in order) and its
    breaks to come (``wait_stats.breaks_ahead``)."""
    first = rows[0]
    busy = first.busy_service is not None and first.busy_since is not None
    return CounterInput(
        services=tuple(int(row.service_id) for row in rows), status=str(first.status),
        busy_service=int(first.busy_service) if busy else None,
        busy_minutes=max(0.0, (now - first.busy_since).total_seconds() / 60) if busy else 0.0,
        breaks=breaks)
