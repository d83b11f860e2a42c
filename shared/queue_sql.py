"""The queue's hot statements, built once with bound parameters.

Issuing and calling run a handful of statements each, thousands of times a day. Building a
SQLAlchemy statement (coercing every operand, assembling the clauses) costs more client CPU than
executing it, so the statements here are built on first use and then only executed with new
parameters; SQLAlchemy's compiled cache does the rest. bench/README.md ("Queue") has the
figures. Parameter names are listed in each builder's docstring.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert

from shared.models import (
    Counter,
    CounterService,
    CounterStatus,
    Priority,
    Ticket,
    TicketSequence,
    TicketStatus,
)


@cache
def next_number(dialect: str) -> ReturningInsert[Any]:
    """Take the next number of a service and day: INSERT … ON CONFLICT DO UPDATE … RETURNING
    the number (and, on PostgreSQL, the server clock after the row lock).
    Parameters: ``service_id``, ``day``, ``start``."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = insert(TicketSequence).values(
        service_id=bindparam("service_id"), business_day=bindparam("day"),
        last_number=bindparam("start"),
    ).on_conflict_do_update(
        index_elements=[TicketSequence.service_id, TicketSequence.business_day],
        set_={"last_number": TicketSequence.last_number + 1},
    )
    if dialect == "postgresql":
        return upsert.returning(TicketSequence.last_number, func.clock_timestamp())
    return upsert.returning(TicketSequence.last_number)


def _eligible() -> Any:
    """Tickets counter ``counter_id`` may call: sent to it, or of a service it serves and not
    sent to another counter."""
    return or_(Ticket.target_counter_id == bindparam("counter_id"),
               and_(Ticket.target_counter_id.is_(None), Ticket.service_id.in_(
                   select(CounterService.service_id).where(
                       CounterService.counter_id == bindparam("counter_id")))))


LOCK_COUNTER = select(Counter).where(Counter.id == bindparam("counter_id")).with_for_update()


@cache
def eligible_ticket() -> Select[Any]:
    """One row if counter ``counter_id`` may call ticket ``ticket_id``."""
    return select(Ticket.id).where(Ticket.id == bindparam("ticket_id"), _eligible())


@cache
def candidates(strict: bool, priority_only: bool | None, *, pick: bool) -> Select[Any]:
    """The waiting tickets counter ``counter_id`` of site ``site_id`` may call on ``day``, in
    call order. ``strict``: priority tickets first; ``priority_only``: only priority (True) or
    only ordinary (False) tickets. ``pick``: the first one, locked (``SKIP LOCKED`` on
    PostgreSQL); else up to ``limit`` rows.

    A ticket sent here keeps its place by issue time: among the tickets of its service here,
    or of the counter's first service when the counter doesn't serve its own."""
    position = (
        select(CounterService.position)
        .where(CounterService.counter_id == bindparam("counter_id"),
               CounterService.service_id == Ticket.service_id)
        .correlate(Ticket).scalar_subquery()
    )
    statement = select(Ticket).where(
        Ticket.site_id == bindparam("site_id"), Ticket.status == TicketStatus.WAITING,
        Ticket.business_day == bindparam("day"), _eligible())
    if priority_only is True:
        statement = statement.where(Ticket.priority != Priority.NONE)
    elif priority_only is False:
        statement = statement.where(Ticket.priority == Priority.NONE)
    order: list[Any] = [func.coalesce(position, 0), Ticket.queued_at, Ticket.id]
    if strict:
        order.insert(0, Ticket.priority == Priority.NONE)
    statement = statement.order_by(*order)
    if pick:
        return statement.limit(1).with_for_update(skip_locked=True)
    return statement.limit(bindparam("limit", type_=Integer))


def _people_ahead(priority_ticket: bool, strict: bool) -> Any:
    """Waiting tickets of the same queue called before ticket ``ticket_id`` (its ``site_id``,
    ``service_id``, ``day``, ``queued_at``): earlier tickets of the same class; with the strict
    policy every waiting priority ticket is ahead of an ordinary one. (With interleaving this
    is an upper bound.)"""
    same_queue = and_(
        Ticket.site_id == bindparam("site_id"),
        Ticket.status == TicketStatus.WAITING,
        Ticket.service_id == bindparam("service_id"),
        Ticket.business_day == bindparam("day"),
        Ticket.id != bindparam("ticket_id"),
    )
    earlier = or_(Ticket.queued_at < bindparam("queued_at"),
                  and_(Ticket.queued_at == bindparam("queued_at"),
                       Ticket.id < bindparam("ticket_id")))
    if priority_ticket:
        return and_(same_queue, earlier, Ticket.priority != Priority.NONE)
    if strict:
        return and_(same_queue, or_(earlier, Ticket.priority != Priority.NONE))
    return and_(same_queue, earlier)


@cache
def wait_inputs(priority_ticket: bool, strict: bool) -> Select[Any]:
    """Rows of (people ahead, counters open for the service, first_called_at, finished_at) of
    the service's last ``window`` finished tickets, in one round trip; one row with NULL times
    before there is any history. Parameters: those of the people-ahead condition, ``window``."""
    ahead = (select(func.count()).select_from(Ticket)
             .where(_people_ahead(priority_ticket, strict)).scalar_subquery())
    open_counters = (select(func.count()).select_from(Counter)
                     .join(CounterService, CounterService.counter_id == Counter.id)
                     .where(CounterService.service_id == bindparam("service_id"),
                            Counter.status == CounterStatus.OPEN, Counter.active.is_(True))
                     .scalar_subquery())
    recent = (select(Ticket.first_called_at, Ticket.finished_at)
              .where(Ticket.service_id == bindparam("service_id"),
                     Ticket.status == TicketStatus.FINISHED, Ticket.finished_at.is_not(None))
              .order_by(Ticket.finished_at.desc())
              .limit(bindparam("window", type_=Integer)).subquery())
    one_row = select(literal(1).label("one")).subquery()
    return (select(ahead, open_counters, recent.c.first_called_at, recent.c.finished_at)
            .select_from(one_row).outerjoin(recent, literal(True)))
