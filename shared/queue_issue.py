"""Issuing a number: the queue's most frequent write, as Core statements on one connection.

``QueueService.issue_ticket`` (the kiosk, the web API) and ``layso ticket issue`` both run
:func:`issue_ticket`. It loads no ORM (``sqlalchemy.orm``, ``shared.models``), and its
statements are named (``shared.db.named``): the command line starts a fresh Python for every
ticket, and on a SQLite file it runs them without SQLAlchemy at all (``shared.db.plain``),
whose import is half of that process (bench/bench_cli.py). The two rare steps that work on
ORM objects borrow a session inside the same transaction (``Database.orm_session``; without
SQLAlchemy the command rolls back and does it the usual way): ending the past days' tickets
at a day's first number, and naming what is missing when the site or service is not found.
"""

from __future__ import annotations

import secrets
from contextlib import closing
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from shared import wait_reads
from shared.clock import (
    business_day,
    check_not_behind,
    database_clock,
    dialect_name,
    expiry_day,
)
from shared.db.limits import check_text
from shared.db.named import Named, run
from shared.enums import Priority, TicketStatus
from shared.errors import InvalidOperation
from shared.events import EventKind, record
from shared.ticket_numbers import MAX_LENGTH, format_number
from shared.views import TicketView
from shared.wait_estimate import WaitEstimate, estimate_wait

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from shared.clock import Clock, Runner
    from shared.config import QueueSettings


class IssueDatabase(Protocol):
    """What issuing uses of a database: ``shared.db.database.Database``, or
    ``shared.db.plain.PlainDatabase`` (``layso ticket issue`` without SQLAlchemy)."""

    clock: Clock

    @property
    def is_sqlite(self) -> bool: ...

    def connect(self) -> AbstractContextManager[Any]: ...

    def first_with_now(self, session: Any, statement: Named,
                       params: dict[str, Any]) -> tuple[Any, datetime]: ...

    def orm_session(self, connection: Any) -> Any: ...


def _queue_sql() -> Any:
    from shared import queue_sql

    return queue_sql


#: Site and service by their codes (``queue_sql.SITE_SERVICE``).
SITE_SERVICE = Named("issue.site_service", lambda: _queue_sql().SITE_SERVICE)
def _next_number(dialect: str) -> Named:
    return Named(f"issue.next_number.{dialect}", lambda: _queue_sql().next_number(dialect),
                 plain=dialect == "sqlite")


#: The next number of a service and day, by dialect (``queue_sql.next_number``).
NEXT_NUMBER = {dialect: _next_number(dialect) for dialect in ("sqlite", "postgresql")}
#: A new ticket, with the values :func:`issue_ticket` gives; returns its id.
INSERT_TICKET = Named("issue.insert_ticket", lambda: _queue_sql().INSERT_TICKET, columns=(
    "site_id", "service_id", "issued_service_id", "business_day", "sequence", "number",
    "priority", "status", "issued_at", "queued_at", "public_token"))


def issue_ticket(db: IssueDatabase, settings: QueueSettings, site: str,
                 service: str, priority: Priority, *,
                 stats_cache: wait_reads.StatsCache | None = None,
                 by: dict[str, Any] | None = None) -> TicketView:
    """Take the day's next number of ``service`` at ``site``; returns it with the people
    ahead and the wait estimate. ``by``: the event's ``by`` (an API token's name)."""
    with db.connect() as connection:
        row, now = db.first_with_now(connection, SITE_SERVICE,
                                     {"site": site, "service": service})
        if row is None:
            raise _missing(db, connection, site, service)
        day = business_day(now)
        if db.is_sqlite:  # each PC's own clock: not behind what is recorded
            check_not_behind(connection, now)
        if not row.active:
            raise InvalidOperation(f"Dịch vụ {row.service_name} tạm ngừng cấp số.",
                                   f"{row.service_name_en or row.service_name} is not issuing "
                                   "numbers.")
        n, taken_at = _next_sequence(connection, row.service_id, row.start_number, day)
        if taken_at is not None and db.clock is database_clock:
            now = taken_at  # see _next_sequence
        if n == row.start_number:  # the service's first number today
            _expire_before(db, connection, row.site_id,
                           expiry_day(connection, day, now, own_clock=db.is_sqlite), now)
        if row.daily_cap is not None and n - row.start_number + 1 > row.daily_cap:
            raise InvalidOperation(
                f"Dịch vụ {row.service_name} đã hết số hôm nay. Xin mời quay lại ngày mai.",
                f"{row.service_name_en or row.service_name} has no numbers left today. "
                "Please come back tomorrow.",
            )
        number = format_number(row.number_format, row.prefix, n)
        check_text(number, MAX_LENGTH, "number", "tickets")
        token = new_public_token()
        ticket_id = run(connection, INSERT_TICKET, {
            "site_id": row.site_id, "service_id": row.service_id,
            "issued_service_id": row.service_id, "business_day": day, "sequence": n,
            "number": number, "priority": priority, "status": TicketStatus.WAITING,
            "issued_at": now, "queued_at": now, "public_token": token}).scalar_one()
        record(connection, EventKind.TICKET_ISSUED, now, site_id=row.site_id,
               ticket_id=ticket_id, number=number, service=row.service_code,
               priority=str(priority), **(by or {}))
        ahead, inputs = wait_reads.wait_inputs(connection, wait_reads.WaitingTicket(
            ticket_id, row.site_id, row.service_id, day, now, priority), now, settings,
            stats_cache)
        minutes, low, high = wait_fields(estimate_wait(inputs))
        return TicketView(
            id=ticket_id, number=number, site_code=row.site_code, service=row.service_code,
            service_name=row.service_name,
            service_name_en=row.service_name_en or row.service_name, priority=priority,
            status=TicketStatus.WAITING, business_day=day, issued_at=now,
            people_ahead=ahead, public_token=token, estimated_wait_minutes=minutes,
            estimated_wait_low=low, estimated_wait_high=high)


def _next_sequence(connection: Runner, service_id: int, start: int,
                   day: date) -> tuple[int, datetime | None]:
    """Atomically take the next number: INSERT … ON CONFLICT DO UPDATE … RETURNING.

    On PostgreSQL it also returns the server's clock *after* the number was taken:
    ``now()`` is the transaction's start, so of two kiosks issuing at once the one that
    waited for the other's row lock would get the later number with the earlier time and
    be called first. Read after the lock, the times follow the numbers. (On SQLite,
    ``BEGIN IMMEDIATE`` already orders writers before the clock is read.)"""
    dialect = dialect_name(connection)
    row = run(connection, NEXT_NUMBER[dialect], {
        "service_id": service_id, "day": day, "start": start}).one()
    if dialect != "postgresql":
        return int(row[0]), None
    return int(row[0]), row[1].astimezone(UTC)


def _expire_before(db: IssueDatabase, connection: Any, site_id: int, day: date,
                   now: datetime) -> None:
    """End the site's tickets of business days before ``day`` not in a final state
    (``shared.queue_desk.expire_before``), in this transaction."""
    from shared.queue_desk import expire_before

    with closing(db.orm_session(connection)) as session:
        expire_before(session, site_id, day, now)
        session.flush()


def _missing(db: IssueDatabase, connection: Any, site: str, service: str) -> Exception:
    """The error naming whichever of ``site`` and ``service`` does not exist."""
    from shared.lookups import site_or_service_missing

    with closing(db.orm_session(connection)) as session:
        return site_or_service_missing(session, site, service)


def wait_fields(estimate: WaitEstimate | None) -> tuple[int | None, int | None, int | None]:
    """A TicketView's wait fields (central, low, high) from an estimate; None without one."""
    if estimate is None:
        return None, None, None
    return estimate.minutes, estimate.low, estimate.high


def new_public_token() -> str:
    """A phone-page token: 16 random bytes (128 bits), URL-safe, 22 characters."""
    return secrets.token_urlsafe(16)
