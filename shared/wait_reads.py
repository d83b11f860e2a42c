"""What the wait estimate reads of the queue: people ahead, the site's queues and counters,
the services' recent calls and today's arrivals, the counters' breaks to come.

Every statement is named (``shared.db.named``): issuing a number runs these reads on
SQLAlchemy in the apps and on plain ``sqlite3`` in ``layso ticket issue``; the arithmetic is
``shared.wait_stats`` and ``shared.wait_estimate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import chain
from typing import TYPE_CHECKING, Any, cast

from shared.clock import local
from shared.config import QueueSettings
from shared.db.named import Named, run
from shared.enums import Priority
from shared.events import EventKind
from shared.site_policy import PRIORITY_EVERY, PRIORITY_POLICY, stored_policy, with_policy
from shared.wait_estimate import BreakSpans, CounterInput, ServiceStats, WaitInputs
from shared.wait_stats import (
    ARRIVAL_SPAN,
    IssuedToday,
    PastCall,
    StatusChange,
    breaks_ahead,
    service_stats,
)

if TYPE_CHECKING:
    from shared.clock import Executor, Runner
    from shared.models import Ticket


@dataclass(frozen=True)
class WaitingTicket:
    """What the wait estimate needs of a ticket that is not an ORM object (a new one)."""

    id: int
    site_id: int
    service_id: int
    business_day: date
    queued_at: datetime
    priority: str


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


def _queue_sql() -> Any:
    from shared import queue_sql

    return queue_sql


def _wait_queue(priority: bool, strict: bool) -> Named:
    return Named(f"wait.queue.{'priority' if priority else 'ordinary'}."
                 f"{'strict' if strict else 'mixed'}",
                 lambda: _queue_sql().wait_queue(priority, strict))


#: ``queue_sql.wait_queue(priority ticket?, strict policy?)``, by those two answers.
WAIT_QUEUE = {(priority, strict): _wait_queue(priority, strict)
              for priority in (False, True) for strict in (False, True)}
WAIT_COUNTERS = Named("wait.counters", lambda: _queue_sql().WAIT_COUNTERS)
WAIT_CALLS = Named("wait.calls", lambda: _queue_sql().wait_calls())
WAIT_ISSUED = Named("wait.issued", lambda: _queue_sql().wait_issued())


def _site_policy() -> Any:
    from sqlalchemy import bindparam, select

    from shared.tables import SITE_SETTINGS

    return select(SITE_SETTINGS.c.key, SITE_SETTINGS.c.value).where(
        SITE_SETTINGS.c.site_id == bindparam("site_id"),
        SITE_SETTINGS.c.key.in_([PRIORITY_POLICY, PRIORITY_EVERY]))


#: The priority policy the center set for site ``site_id`` (its rows of ``site_settings``).
SITE_POLICY = Named("wait.site_policy", _site_policy)


def site_queue_settings(session: Runner, site_id: int, base: QueueSettings) -> QueueSettings:
    """``base`` with the priority policy the center set for the site (the one its counters
    call by: ``QueueService._policy``)."""
    values = {key: value for key, value in run(session, SITE_POLICY, {"site_id": site_id})}
    return with_policy(base, *stored_policy(values))


def wait_inputs(session: Runner, ticket: Ticket | WaitingTicket, now: datetime,
                settings: QueueSettings,
                stats_cache: StatsCache | None = None) -> tuple[int, WaitInputs]:
    """People ahead of a waiting ticket (as shown) and what its wait estimate needs
    (``shared.wait_estimate``): the site's priority policy (``settings``, with the center's
    where set) and queues and counters (three small reads), and the statistics of the
    services they serve (the recent calls and today's arrivals: a fourth, skipped while
    ``stats_cache`` holds them from under ``STATS_FRESH`` ago).

    Under interleaving, ordinary tickets are called between priority ones: a priority
    ticket's people ahead are the earlier priority tickets of its queue and as many of the
    queue's ordinary tickets as the counters serving it may call first (``priority_every``
    each before every priority call), at most."""
    settings = site_queue_settings(session, ticket.site_id, settings)
    strict = settings.priority_policy == "strict"
    priority = ticket.priority != Priority.NONE
    rows = run(session, WAIT_QUEUE[priority, strict], {
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
    for row in run(session, WAIT_COUNTERS, {"site_id": ticket.site_id,
                                            "day": ticket.business_day}):
        counters.setdefault(row.id, []).append(row)
    if priority and not strict:
        serving = sum(1 for rows_ in counters.values() if str(rows_[0].status) != "closed"
                      and any(row.service_id == ticket.service_id for row in rows_))
        ahead += min(waiting.get((ticket.service_id, False), 0),
                     (in_class + 1) * settings.priority_every * max(serving, 1))
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


def _history(session: Runner, ticket: Ticket | WaitingTicket, services: tuple[int, ...],
             window: int) -> Any:
    """The rows of ``queue_sql.wait_history``: on SQLAlchemy that one statement (one round
    trip: it matters on PostgreSQL), on plain ``sqlite3`` (in process: no round trip) its
    parts one by one, which are the same for any number of services."""
    if getattr(session, "run_named", None) is None:
        params: dict[str, Any] = {f"service_{i}": service for i, service in enumerate(services)}
        params.update(window=window, site_id=ticket.site_id, day=ticket.business_day)
        return cast("Executor", session).execute(_queue_sql().wait_history(len(services)),
                                                 params)
    return chain(*(run(session, WAIT_CALLS, {"service_id": service, "window": window})
                   for service in services),
                 run(session, WAIT_ISSUED, {"site_id": ticket.site_id,
                                            "day": ticket.business_day}))


def _service_stats(session: Runner, ticket: Ticket | WaitingTicket, services: tuple[int, ...],
                   now: datetime, settings: QueueSettings) -> dict[int, ServiceStats]:
    """The statistics of ``services`` from their recent calls and today's numbers."""
    calls: list[PastCall] = []
    issued: list[IssuedToday] = []
    for row in _history(session, ticket, services, settings.estimate_window):
        service, counter, first, second, day, extra, transferred = tuple(row)
        if day is None:  # a service's numbers today
            issued.append(IssuedToday(int(service), int(extra), ARRIVAL_SPAN, first, second))
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


def _status_events() -> Any:
    from sqlalchemy import bindparam, func, select

    from shared.tables import EVENTS

    site = bindparam("site_id", type_=EVENTS.c.site_id.type)
    newest = select(func.max(EVENTS.c.id)).where(EVENTS.c.site_id == site).scalar_subquery()
    return select(EVENTS.c.counter_id, EVENTS.c.at, EVENTS.c.data).where(
        EVENTS.c.site_id == site, EVENTS.c.id > newest - BREAK_EVENTS,
        EVENTS.c.kind == EventKind.COUNTER_STATUS.value, EVENTS.c.counter_id.is_not(None))


#: The counters' status events of site ``site_id`` among the last ``BREAK_EVENTS`` events.
STATUS_EVENTS = Named("wait.status_events", _status_events)


def _breaks_ahead(session: Runner, site_id: int, day: date, now: datetime,
                  prior_minutes: float = 0.0) -> dict[int, BreakSpans]:
    """The counters' breaks to come (``wait_stats.breaks_ahead``) from their status events
    of today and of the last ``BREAK_DAYS`` earlier days that have any; ``prior_minutes`` a
    counter when the site has none (its first morning)."""
    rows = run(session, STATUS_EVENTS, {"site_id": site_id}).all()
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
