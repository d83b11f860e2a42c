"""The cases around the straight path at a desk, inside QueueService's transactions:

- **hold**: the citizen went to make a copy. The current ticket is put aside at its counter
  (status ``on_hold``), the counter is free to call others, and the clerk takes it back
  later: it is served again at that counter, announced like a call, and the time it spent
  on hold is not service time (``called_at`` moves forward by it, so ``finished_at -
  called_at`` is the time actually served).
- **undo a no-show**: a ticket marked no-show by mistake, or whose citizen is back ten
  minutes later, is called again at once at the counter, or goes back to the queue in its
  place (``QueueService.return_to_queue``). The counter's clerk may do it for the counter's
  own no-shows within ``queue.undo_minutes`` of marking them; a supervisor (or an admin) any
  time the same day, for any counter.
- **the day rolls over**: a ticket of a past business day still ``serving`` (the clerk never
  ended it) or ``on_hold`` is ended as cancelled, with its reason in the event
  (``day_ended_serving``, ``day_ended_on_hold``; ``day_ended`` for a waiting one). It is
  done at the counter's first call of the next day, by the site's first ticket of the day
  and by ``layso ticket expire``; a cancelled ticket has no service time in any figure.

Every change appends its event in the same transaction; a ticket stays one row whatever
happens to it, so every figure counts it once, in its final state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shared.db.database import AnyRow
from shared.errors import InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.models import Clerk, Counter, Role, Ticket, TicketStatus
from shared.views import TicketView

#: Statuses a ticket of a past day can still be in, and the reason it ends with.
PAST_DAY_REASONS = {TicketStatus.WAITING: "day_ended",
                    TicketStatus.ON_HOLD: "day_ended_on_hold",
                    TicketStatus.SERVING: "day_ended_serving"}


@dataclass(frozen=True)
class SetAside:
    """A ticket a desk can take back: held at this counter, or a no-show of today."""

    ticket: TicketView
    kind: Literal["on_hold", "no_show"]
    #: When it was held, or marked no-show.
    since: datetime
    #: Whether this desk's clerk may take it back now (a no-show past ``undo_minutes`` for a
    #: plain clerk: no; held tickets: always).
    may_undo: bool


def is_supervisor(session: Session, clerk_id: int | None) -> bool:
    """Whether clerk ``clerk_id`` is a supervisor or an admin (no clerk: no)."""
    if clerk_id is None:
        return False
    clerk = session.get(Clerk, clerk_id)
    return clerk is not None and clerk.role in (Role.SUPERVISOR, Role.ADMIN)


def check_undo(session: Session, ticket: Ticket, counter: Counter | AnyRow | None,
               now: datetime, undo_minutes: int, today: date) -> None:
    """Raise unless ``ticket`` (a no-show) may be undone now from ``counter`` (None: by a
    supervisor from the console or the CLI: any time the same day)."""
    if ticket.status != TicketStatus.NO_SHOW:
        raise InvalidOperation(f"Số {ticket.number} không ở trạng thái vắng mặt.",
                               f"Ticket {ticket.number} is not a no-show.")
    if ticket.business_day != today:
        raise InvalidOperation(
            f"Số {ticket.number} là của ngày {ticket.business_day:%d/%m/%Y}: chỉ số "
            "của hôm nay mới đưa lại vào hàng đợi được.",
            f"Ticket {ticket.number} is from {ticket.business_day:%Y-%m-%d}: only "
            "today's tickets can go back in the queue.")
    if counter is None or is_supervisor(session, counter.clerk_id):
        return
    if ticket.counter_id != counter.id:
        raise InvalidOperation(
            f"Số {ticket.number} được báo vắng ở quầy khác: hãy nhờ giám sát viên.",
            f"Ticket {ticket.number} was marked no-show at another counter: ask a "
            "supervisor.")
    if ticket.finished_at is not None and now - ticket.finished_at > timedelta(
            minutes=undo_minutes):
        raise InvalidOperation(
            f"Số {ticket.number} đã báo vắng quá {undo_minutes} phút: hãy nhờ giám sát viên.",
            f"Ticket {ticket.number} was marked no-show over {undo_minutes} minutes ago: "
            "ask a supervisor.")


def minutes_since(moment: datetime | None, now: datetime) -> int:
    return 0 if moment is None else max(0, int((now - moment).total_seconds() // 60))


def lock_ticket(session: Session, ticket_id: int, site_id: int) -> Ticket:
    """Ticket ``ticket_id`` of site ``site_id``, locked for the transaction."""
    ticket = session.scalar(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
    if ticket is None or ticket.site_id != site_id:
        raise NotFound("Không tìm thấy số thứ tự này.", "No such ticket.")
    return ticket


def end_past_day_ticket(session: Session, counter: Counter | AnyRow, today: date,
                        now: datetime) -> bool:
    """If ``counter`` (locked) still holds a ticket of a past business day, end it (cancelled,
    reason ``day_ended_serving``) and free the counter; True when it did."""
    if counter.current_ticket_id is None:
        return False
    ticket = session.scalar(select(Ticket).where(Ticket.id == counter.current_ticket_id)
                            .with_for_update())
    if ticket is None or ticket.business_day >= today:
        return False
    session.execute(update(Counter).where(Counter.id == counter.id,
                                          Counter.current_ticket_id == ticket.id)
                    .values(current_ticket_id=None))
    _cancel(session, ticket, now, counter_number=counter.number)
    return True


def expire_before(session: Session, site_id: int, day: date, now: datetime) -> int:
    """End the site's tickets of business days before ``day`` that are not final: waiting,
    held or still being served (their counters are freed first: the same lock order as a
    call, counter then ticket). Each gets a ``ticket.cancelled`` event with its reason.
    Returns how many."""
    serving = list(session.execute(
        select(Counter.id, Counter.number, Ticket.id.label("ticket_id"))
        .join(Ticket, Ticket.id == Counter.current_ticket_id)
        .where(Counter.site_id == site_id, Ticket.business_day < day)))
    numbers = {row.ticket_id: row.number for row in serving}
    if serving:
        # By the ticket, not the counter: a counter that meanwhile ended it and called
        # today's first keeps that one (the condition is checked again after the lock).
        session.execute(update(Counter)
                        .where(Counter.current_ticket_id.in_(list(numbers)))
                        .values(current_ticket_id=None))
    stale = list(session.scalars(select(Ticket).where(
        Ticket.site_id == site_id, Ticket.business_day < day,
        Ticket.status.in_(list(PAST_DAY_REASONS))).order_by(Ticket.id).with_for_update()))
    held_at = {ticket.counter_id for ticket in stale if ticket.counter_id is not None}
    counter_numbers = {row.id: row.number for row in session.execute(
        select(Counter.id, Counter.number).where(Counter.id.in_(held_at)))} if held_at else {}
    for ticket in stale:
        number = numbers.get(ticket.id)
        if number is None and ticket.status != TicketStatus.WAITING and ticket.counter_id:
            number = counter_numbers.get(ticket.counter_id)
        _cancel(session, ticket, now, counter_number=number)
    return len(stale)


def _cancel(session: Session, ticket: Ticket, now: datetime, *,
            counter_number: int | None) -> None:
    """End a ticket of a past day, with the reason its status gives, in the event."""
    reason = PAST_DAY_REASONS[TicketStatus(ticket.status)]
    data: dict[str, Any] = {"number": ticket.number, "reason": reason}
    if ticket.status != TicketStatus.WAITING:
        data.update(counter_number=counter_number,
                    called_at=ticket.called_at.isoformat() if ticket.called_at else None)
    ticket.status = TicketStatus.CANCELLED
    ticket.finished_at = now
    ticket.held_at = None
    record(session, EventKind.TICKET_CANCELLED, now, site_id=ticket.site_id,
           ticket_id=ticket.id, counter_id=ticket.counter_id if counter_number else None,
           **data)
