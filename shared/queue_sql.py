"""The queue's hot statements, built once with bound parameters.

Issuing and calling run a handful of statements each, thousands of times a day. Building a
SQLAlchemy statement (coercing every operand, assembling the clauses) costs more client CPU than
executing it, so the statements here are built on first use and then only executed with new
parameters; SQLAlchemy's compiled cache does the rest. bench/README.md ("Queue") has the
figures. Parameter names are listed in each builder's docstring.

The hot paths (issue, call, finish) are Core statements on the tables, returning plain rows:
the ORM's identity map and unit-of-work flush cost more client CPU than the statements
themselves. Each row carries what the returned view needs (the ticket with its service's code
and names; the counter with its site code and clerk), so no second query loads it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.sql.dml import ReturningInsert, Update

from shared.enums import CounterStatus, Priority, TicketStatus
from shared.tables import (
    CLERKS,
    COUNTER_SERVICES,
    COUNTERS,
    DAY_SERVICES,
    SEQUENCES,
    SERVICES,
    SITES,
    TICKETS,
)
from shared.wait_stats import ARRIVAL_SPAN

#: What the queue's hot paths read of a ticket: its view's columns (``queue_reads.row_view``)
#: with its service's code and names, and what calling and ending check. Only these: a result's
#: every column costs the driver work.
_SERVICE_NAMES = (SERVICES.c.code.label("service_code"), SERVICES.c.name.label("service_name"),
                  SERVICES.c.name_en.label("service_name_en"))
_TICKET_COLUMNS = (
    TICKETS.c.id, TICKETS.c.site_id, TICKETS.c.service_id, TICKETS.c.number,
    TICKETS.c.priority, TICKETS.c.status, TICKETS.c.business_day, TICKETS.c.issued_at,
    TICKETS.c.called_at, TICKETS.c.finished_at, TICKETS.c.outcome, TICKETS.c.call_count,
    TICKETS.c.public_token,
    *_SERVICE_NAMES,
)


@cache
def next_number(dialect: str) -> ReturningInsert[Any]:
    """Take the next number of a service and day: INSERT … ON CONFLICT DO UPDATE … RETURNING
    the number (and, on PostgreSQL, the server clock after the row lock).
    Parameters: ``service_id``, ``day``, ``start``."""
    values: dict[str, Any] = {"service_id": bindparam("service_id"),
                              "business_day": bindparam("day"),
                              "last_number": bindparam("start")}
    index = [SEQUENCES.c.service_id, SEQUENCES.c.business_day]
    bump = {"last_number": SEQUENCES.c.last_number + 1}
    # The dialect's own INSERT (ON CONFLICT), loaded here: a SQLite PC never loads PostgreSQL's.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return (pg_insert(SEQUENCES).values(values)
                .on_conflict_do_update(index_elements=index, set_=bump)
                .returning(SEQUENCES.c.last_number, func.clock_timestamp()))
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return (sqlite_insert(SEQUENCES).values(values)
            .on_conflict_do_update(index_elements=index, set_=bump)
            .returning(SEQUENCES.c.last_number))


def _day_override() -> Any:
    """True when counter ``counter_id`` has services of its own for ``day`` (a supervisor's
    change for the rest of that day): they replace its usual ones."""
    return select(DAY_SERVICES.c.service_id).where(
        DAY_SERVICES.c.counter_id == bindparam("counter_id"),
        DAY_SERVICES.c.business_day == bindparam("day")).exists()


def _served() -> Any:
    """The ids of the services counter ``counter_id`` serves on ``day``: that day's own list
    when it has one, else its usual ones."""
    return union_all(
        select(DAY_SERVICES.c.service_id).where(
            DAY_SERVICES.c.counter_id == bindparam("counter_id"),
            DAY_SERVICES.c.business_day == bindparam("day")),
        select(COUNTER_SERVICES.c.service_id).where(
            COUNTER_SERVICES.c.counter_id == bindparam("counter_id"), ~_day_override()))


def _eligible() -> Any:
    """Tickets counter ``counter_id`` may call on ``day``: sent to it, or of a service it
    serves that day (:func:`_served`) and not sent to another counter."""
    return or_(TICKETS.c.target_counter_id == bindparam("counter_id"),
               and_(TICKETS.c.target_counter_id.is_(None),
                    TICKETS.c.service_id.in_(_served())))


@cache
def lock_counter() -> Select[Any]:
    """Counter ``counter_id`` as an ORM object, locked for the transaction."""
    from shared.models import Counter

    return select(Counter).where(COUNTERS.c.id == bindparam("counter_id")).with_for_update()

#: Site and service by their codes, as one row (``site``, ``service``): what issuing needs.
SITE_SERVICE = (
    select(SITES.c.id.label("site_id"), SITES.c.code.label("site_code"),
           SERVICES.c.id.label("service_id"), *_SERVICE_NAMES, SERVICES.c.prefix,
           SERVICES.c.number_format, SERVICES.c.start_number, SERVICES.c.daily_cap,
           SERVICES.c.active)
    .join_from(SITES, SERVICES, SERVICES.c.site_id == SITES.c.id)
    .where(SITES.c.code == bindparam("site"), SERVICES.c.code == bindparam("service"))
)

#: A new ticket (the row's values as parameters); returns its id.
INSERT_TICKET = insert(TICKETS).returning(TICKETS.c.id)

#: The id of counter ``number`` of site ``site`` (a code): how the API and the command line
#: name a counter; one indexed read.
COUNTER_ID = (
    select(COUNTERS.c.id)
    .join_from(COUNTERS, SITES, SITES.c.id == COUNTERS.c.site_id)
    .where(SITES.c.code == bindparam("site"), COUNTERS.c.number == bindparam("number"))
)

#: Counter ``counter_id`` locked for the transaction, with its site code and its clerk.
COUNTER_ROW = (
    select(COUNTERS, SITES.c.code.label("site_code"),
           CLERKS.c.username.label("clerk_username"), CLERKS.c.full_name.label("clerk_name"))
    .join_from(COUNTERS, SITES, SITES.c.id == COUNTERS.c.site_id)
    .outerjoin(CLERKS, CLERKS.c.id == COUNTERS.c.clerk_id)
    .where(COUNTERS.c.id == bindparam("counter_id"))
    .with_for_update(of=COUNTERS)
)

#: Ticket ``ticket_id`` locked for the transaction (the columns of ``_TICKET_COLUMNS``).
TICKET_ROW = (
    select(*_TICKET_COLUMNS)
    .join_from(TICKETS, SERVICES, SERVICES.c.id == TICKETS.c.service_id)
    .where(TICKETS.c.id == bindparam("ticket_id"))
    .with_for_update(of=TICKETS)
)

#: Ticket ``ticket_id`` called by counter ``counter_id`` (clerk ``clerk_id``) at ``now``.
CALL_TICKET: Update = (
    update(TICKETS).where(TICKETS.c.id == bindparam("ticket_id"))
    .values(status=TicketStatus.SERVING, counter_id=bindparam("counter_id"),
            clerk_id=bindparam("clerk_id"), called_at=bindparam("now"),
            first_called_at=func.coalesce(TICKETS.c.first_called_at, bindparam("now")),
            call_count=TICKETS.c.call_count + 1, target_counter_id=None)
)

#: Counter ``counter_id`` now serves ``ticket_id`` (open; ``calls_since_priority`` updated).
SERVE: Update = (
    update(COUNTERS).where(COUNTERS.c.id == bindparam("counter_id"))
    .values(current_ticket_id=bindparam("ticket_id"), status=CounterStatus.OPEN,
            calls_since_priority=bindparam("calls_since_priority"))
)

#: Ticket ``ticket_id`` ends: ``status``, ``outcome``, ``procedure_code`` (kept when NULL).
END_TICKET: Update = (
    update(TICKETS).where(TICKETS.c.id == bindparam("ticket_id"))
    .values(status=bindparam("status"), finished_at=bindparam("now"),
            outcome=bindparam("outcome"),
            procedure_code=func.coalesce(
                bindparam("procedure_code", type_=TICKETS.c.procedure_code.type),
                TICKETS.c.procedure_code))
)

#: Ticket ``ticket_id`` taken back from hold: its serving clock resumes ``at`` (its call
#: time moved forward by the time on hold, so finished_at - called_at is the time served).
RESUME_CLOCK: Update = (update(TICKETS).where(TICKETS.c.id == bindparam("ticket_id"))
                        .values(called_at=bindparam("at")))

#: Counter ``counter_id`` is free.
FREE_COUNTER: Update = (update(COUNTERS).where(COUNTERS.c.id == bindparam("counter_id"))
                        .values(current_ticket_id=None))


@cache
def eligible_ticket() -> Select[Any]:
    """One row if counter ``counter_id`` may call ticket ``ticket_id`` on ``day``."""
    return select(TICKETS.c.id).where(TICKETS.c.id == bindparam("ticket_id"), _eligible())


#: The services counter ``counter_id`` serves on ``day``, in its order: (service id,
#: position): the day's own list when it has one (shared/counter_day.py), else its usual one.
_DAY_POSITIONS = union_all(
    select(DAY_SERVICES.c.service_id, DAY_SERVICES.c.position)
    .where(DAY_SERVICES.c.counter_id == bindparam("counter_id"),
           DAY_SERVICES.c.business_day == bindparam("day")),
    select(COUNTER_SERVICES.c.service_id, COUNTER_SERVICES.c.position)
    .where(COUNTER_SERVICES.c.counter_id == bindparam("counter_id"), ~_day_override()),
).subquery("served")
COUNTER_POSITIONS = (
    select(_DAY_POSITIONS.c.service_id, _DAY_POSITIONS.c.position)
    .order_by(_DAY_POSITIONS.c.position, _DAY_POSITIONS.c.service_id)
)
#: :data:`COUNTER_POSITIONS` with, on every row, whether a ticket sent to the counter by a
#: transfer waits (``sent``: one probe of ``ix_tickets_target``, computed once), so the usual
#: call reads the tickets sent here only when there are some; and whether a priority ticket of
#: a service it serves waits at site ``site_id`` on ``day`` (``priority_waiting``: one probe
#: of ``ix_tickets_queue``), so a call reads the priority class's heads, one per position,
#: only when there is one to find.
COUNTER_POSITIONS_SENT = COUNTER_POSITIONS.add_columns(
    select(TICKETS.c.id).where(TICKETS.c.target_counter_id == bindparam("counter_id"),
                               TICKETS.c.status == TicketStatus.WAITING)
    .exists().label("sent"),
    select(TICKETS.c.id).where(
        TICKETS.c.site_id == bindparam("site_id"), TICKETS.c.status == TicketStatus.WAITING,
        TICKETS.c.business_day == bindparam("day"),
        TICKETS.c.service_id.in_(_served()),
        TICKETS.c.priority.in_([p.value for p in Priority if p != Priority.NONE]),
        TICKETS.c.target_counter_id.is_(None))
    .exists().label("priority_waiting"))

#: The priority classes other than the ordinary queue, as an IN list: an index range per
#: class (``priority <> 'none'`` is no index range on PostgreSQL).
_PRIORITY_CLASSES = [p.value for p in Priority if p != Priority.NONE]


def _waiting_today(priority_only: bool) -> Any:
    """Waiting tickets of site ``site_id`` on ``day``, of the priority classes (True) or of
    the ordinary queue (False)."""
    kind = (TICKETS.c.priority.in_(_PRIORITY_CLASSES) if priority_only
            else TICKETS.c.priority == Priority.NONE)
    return and_(TICKETS.c.site_id == bindparam("site_id"),
                TICKETS.c.status == TicketStatus.WAITING,
                TICKETS.c.business_day == bindparam("day"), kind)


def _with_names() -> Select[Any]:
    return (select(*_TICKET_COLUMNS, TICKETS.c.queued_at)
            .join_from(TICKETS, SERVICES, SERVICES.c.id == TICKETS.c.service_id))


@cache
def service_head(priority_only: bool, several: bool) -> Select[Any]:
    """The first waiting ticket (by ``queued_at``, then id) of service ``service_id`` (or,
    ``several``, of the services ``services``: those sharing one position) not sent to a
    counter, locked (``SKIP LOCKED``): one range of ``ix_tickets_queue`` read from its start,
    whatever the queue's length. Rows like :data:`TICKET_ROW`'s plus ``queued_at``."""
    service = (TICKETS.c.service_id.in_(bindparam("services", expanding=True)) if several
               else TICKETS.c.service_id == bindparam("service_id"))
    return (_with_names()
            .where(_waiting_today(priority_only), service, TICKETS.c.target_counter_id.is_(None))
            .order_by(TICKETS.c.queued_at, TICKETS.c.id)
            .limit(1).with_for_update(of=TICKETS, skip_locked=True))


@cache
def service_queue(priority_only: bool, several: bool) -> Select[Any]:
    """Like :func:`service_head` but up to ``limit`` tickets (ORM objects), unlocked: the
    waiting list's share of one position."""
    service = (TICKETS.c.service_id.in_(bindparam("services", expanding=True)) if several
               else TICKETS.c.service_id == bindparam("service_id"))
    from shared.models import Ticket

    return (select(Ticket)
            .where(_waiting_today(priority_only), service, TICKETS.c.target_counter_id.is_(None))
            .order_by(TICKETS.c.queued_at, TICKETS.c.id)
            .limit(bindparam("limit", type_=Integer)))


@cache
def sent_here_tickets(priority_only: bool) -> Select[Any]:
    """The tickets of :func:`sent_here` as ORM objects."""
    from shared.models import Ticket

    return (select(Ticket)
            .where(_waiting_today(priority_only),
                   TICKETS.c.target_counter_id == bindparam("counter_id"))
            .order_by(TICKETS.c.queued_at, TICKETS.c.id))


@cache
def sent_here(priority_only: bool) -> Select[Any]:
    """The waiting tickets sent to counter ``counter_id`` by a transfer (few; read through
    the partial index ``ix_tickets_target``), unlocked, by ``queued_at``."""
    return (_with_names()
            .where(_waiting_today(priority_only),
                   TICKETS.c.target_counter_id == bindparam("counter_id"))
            .order_by(TICKETS.c.queued_at, TICKETS.c.id))


#: Ticket ``ticket_id`` if still waiting, locked (``SKIP LOCKED``), as a row like
#: :func:`service_head`'s.
LOCK_WAITING = (
    _with_names().where(TICKETS.c.id == bindparam("ticket_id"),
                        TICKETS.c.status == TicketStatus.WAITING)
    .with_for_update(of=TICKETS, skip_locked=True)
)


def _same_queue() -> Any:
    """Waiting tickets of ticket ``ticket_id``'s queue (its ``site_id``, ``service_id``,
    ``day``), itself left out."""
    return and_(
        TICKETS.c.site_id == bindparam("site_id"),
        TICKETS.c.status == TicketStatus.WAITING,
        TICKETS.c.service_id == bindparam("service_id"),
        TICKETS.c.business_day == bindparam("day"),
        TICKETS.c.id != bindparam("ticket_id"),
    )


def _earlier() -> Any:
    """Tickets queued before ticket ``ticket_id`` (its ``queued_at``; the id breaks ties)."""
    return or_(TICKETS.c.queued_at < bindparam("queued_at"),
               and_(TICKETS.c.queued_at == bindparam("queued_at"),
                    TICKETS.c.id < bindparam("ticket_id")))


def _people_ahead(priority_ticket: bool, strict: bool) -> Any:
    """Waiting tickets of the same queue called before ticket ``ticket_id`` (its ``site_id``,
    ``service_id``, ``day``, ``queued_at``): earlier tickets of the same class; with the strict
    policy every waiting priority ticket is ahead of an ordinary one. (With interleaving, a
    priority ticket also lets ordinary ones pass: ``wait_reads.wait_inputs`` adds them.)"""
    if priority_ticket:
        return and_(_same_queue(), _earlier(), TICKETS.c.priority != Priority.NONE)
    if strict:
        return and_(_same_queue(), or_(_earlier(), TICKETS.c.priority != Priority.NONE))
    return and_(_same_queue(), _earlier())


def _earlier_ordinary() -> Any:
    """Waiting ordinary tickets of ticket ``ticket_id``'s queue issued before it."""
    return and_(_same_queue(), _earlier(), TICKETS.c.priority == Priority.NONE)


@cache
def wait_queue(priority_ticket: bool, strict: bool) -> Select[Any]:
    """The queue as the wait estimate sees it, in one round trip: rows of (people ahead of
    ticket ``ticket_id`` as shown, those of its own class, a service id, priority class?,
    tickets waiting) per service and class of site ``site_id`` on ``day``. Parameters: those
    of the people-ahead condition. (The counts are subqueries in FROM: run once, not once per
    row as scalar subqueries beside a GROUP BY would be on SQLite.)"""
    ahead = (select(func.count().label("ahead")).select_from(TICKETS)
             .where(_people_ahead(priority_ticket, strict)).subquery("ahead"))
    if priority_ticket or strict:
        in_class = select(literal(None, Integer).label("ahead_in_class")).subquery("in_class")
    else:
        in_class = (select(func.count().label("ahead_in_class")).select_from(TICKETS)
                    .where(_earlier_ordinary()).subquery("in_class"))
    is_priority = (TICKETS.c.priority != Priority.NONE).label("is_priority")
    groups = (select(TICKETS.c.service_id, is_priority, func.count().label("waiting"))
              .where(TICKETS.c.site_id == bindparam("site_id"),
                     TICKETS.c.status == TicketStatus.WAITING,
                     TICKETS.c.business_day == bindparam("day"))
              .group_by(TICKETS.c.service_id, is_priority).subquery("groups"))
    return (select(ahead.c.ahead, in_class.c.ahead_in_class, groups.c.service_id,
                   groups.c.is_priority, groups.c.waiting)
            .select_from(ahead).join(in_class, literal(True)).join(groups, literal(True)))


#: Every counter's services on ``day``: (counter id, service id, position), a counter's own
#: list of that day (shared/counter_day.py) in place of its usual one.
_SERVED_ON_DAY = union_all(
    select(DAY_SERVICES.c.counter_id, DAY_SERVICES.c.service_id, DAY_SERVICES.c.position)
    .where(DAY_SERVICES.c.business_day == bindparam("day")),
    select(COUNTER_SERVICES.c.counter_id, COUNTER_SERVICES.c.service_id,
           COUNTER_SERVICES.c.position)
    .where(~select(DAY_SERVICES.c.service_id).where(
        DAY_SERVICES.c.counter_id == COUNTER_SERVICES.c.counter_id,
        DAY_SERVICES.c.business_day == bindparam("day")).exists()),
).subquery("served_on_day")

#: The counters of site ``site_id`` in use, one row per service they serve on ``day``:
#: (counter id, status, service id, position, the service of the ticket it serves now and its
#: call time).
WAIT_COUNTERS = (
    select(COUNTERS.c.id, COUNTERS.c.status, _SERVED_ON_DAY.c.service_id,
           _SERVED_ON_DAY.c.position, TICKETS.c.service_id.label("busy_service"),
           TICKETS.c.called_at.label("busy_since"))
    .join_from(COUNTERS, _SERVED_ON_DAY, _SERVED_ON_DAY.c.counter_id == COUNTERS.c.id)
    .outerjoin(TICKETS, TICKETS.c.id == COUNTERS.c.current_ticket_id)
    .where(COUNTERS.c.site_id == bindparam("site_id"), COUNTERS.c.active.is_(True))
    .order_by(COUNTERS.c.id, _SERVED_ON_DAY.c.position)
)



def _wait_calls(service: Any) -> Select[Any]:
    """The last ``window`` calls of service ``service`` (a bound parameter) that ended
    (finished or no-show): rows of (service id, counter id, called_at, finished_at, business
    day, 1 for a priority ticket else 0, transferred in from another service?), newest first.
    One index range (``ix_tickets_service_finished``)."""
    return (select(TICKETS.c.service_id, TICKETS.c.counter_id, TICKETS.c.called_at,
                   TICKETS.c.finished_at, TICKETS.c.business_day,
                   case((TICKETS.c.priority != Priority.NONE, 1), else_=0).label("extra"),
                   (TICKETS.c.issued_service_id != TICKETS.c.service_id).label("transferred"))
            .where(TICKETS.c.service_id == service,
                   TICKETS.c.status.in_([TicketStatus.FINISHED, TicketStatus.NO_SHOW]),
                   TICKETS.c.finished_at.is_not(None))
            .order_by(TICKETS.c.finished_at.desc())
            .limit(bindparam("window", type_=Integer)))


def wait_calls() -> Select[Any]:
    """:func:`_wait_calls` of service ``service_id``: one service's share of
    :func:`wait_history`, on its own."""
    return _wait_calls(bindparam("service_id", type_=Integer))


def wait_issued() -> Select[Any]:
    """Each service's numbers issued on ``day`` at site ``site_id``, as rows like
    :func:`_wait_calls`'s with a NULL business day: (service id, NULL, the issue time of the
    number ``ARRIVAL_SPAN`` back or NULL, the first number's, NULL, numbers issued, NULL).
    Read through the sequence key."""
    back = TICKETS.alias("span_start")
    first = TICKETS.alias("first_ticket")
    return (
        select(SEQUENCES.c.service_id, literal(None, Integer).label("counter_id"),
               back.c.issued_at, first.c.issued_at,
               literal(None, SEQUENCES.c.business_day.type).label("business_day"),
               (SEQUENCES.c.last_number - SERVICES.c.start_number + 1).label("extra"),
               literal(None, Boolean).label("transferred"))
        .join_from(SEQUENCES, SERVICES, SERVICES.c.id == SEQUENCES.c.service_id)
        .outerjoin(back, and_(back.c.issued_service_id == SEQUENCES.c.service_id,
                              back.c.business_day == SEQUENCES.c.business_day,
                              back.c.sequence == SEQUENCES.c.last_number - ARRIVAL_SPAN))
        .outerjoin(first, and_(first.c.issued_service_id == SEQUENCES.c.service_id,
                               first.c.business_day == SEQUENCES.c.business_day,
                               first.c.sequence == SERVICES.c.start_number))
        .where(SERVICES.c.site_id == bindparam("site_id"),
               SEQUENCES.c.business_day == bindparam("day")))


@cache
def wait_history(services: int) -> Any:
    """The recent calls of ``services`` services (``service_0`` … ids; :func:`_wait_calls`
    of each), then :func:`wait_issued`'s rows, in one round trip (``UNION ALL``)."""
    branches = [_wait_calls(bindparam(f"service_{index}", type_=Integer)).subquery().select()
                for index in range(services)]
    return union_all(*branches, wait_issued())
