"""Which waiting ticket a counter calls next, in time independent of the queue's length.

The call order of one class of tickets (priority or ordinary) at a counter is: by the position
of the ticket's service at that counter, then by ``queued_at``, then by id. A ticket sent to
this counter by a transfer takes the position of its service here (the first position when
the counter does not serve that service); tickets sent to another counter are not this
counter's. So the first ticket is found position by position: at each position, the head of
its service's queue (one range of the index ``ix_tickets_queue``, read from its start and
stopped at the first unlocked row) against the tickets sent here at that position; the first
position that has one wins. No sort of the waiting tickets, no sub-query per row: the work
grows with the counter's services, not with the people waiting (bench/bench_queue_scale.py).
The read of the counter's positions also says whether any priority ticket of its services
waits (one probe): when none does, the priority class's heads are not read at all.

On PostgreSQL the heads are read ``FOR UPDATE SKIP LOCKED``: counters calling at once take
different tickets. A head read and then passed over (a ticket sent here came first) stays
locked until the call commits; another counter calling in that instant skips it and takes the
next one, as it would skip a ticket being called.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy.orm import Session

from shared import queue_sql
from shared.db.database import AnyRow


class CallPlan:
    """What a call reads once, whichever classes it then looks at: the counter's services by
    position, and the tickets sent to it (only read when the positions' row says there are
    some)."""

    def __init__(self, session: Session, counter: Any, day: date) -> None:
        self.session = session
        self.params: dict[str, Any] = {"counter_id": counter.id, "site_id": counter.site_id,
                                       "day": day}
        served = session.execute(queue_sql.COUNTER_POSITIONS_SENT, self.params).all()
        position_of = {row.service_id: row.position for row in served}
        first_position = served[0].position if served else 0
        self.by_position: dict[int, list[int]] = {
            position: [row.service_id for row in rows]
            for position, rows in groupby(served, key=lambda row: row.position)}
        self._sent: dict[bool, list[tuple[int, AnyRow]]] = {}
        self._any_sent = bool(served and served[0].sent)
        # No priority ticket of its services waits: the priority class has no head to read.
        self._priority_heads = bool(served and served[0].priority_waiting)
        if not served:  # a counter serving nothing may still have tickets sent to it
            self._any_sent = True
        self._position_of, self._first_position = position_of, first_position

    def sent(self, priority_only: bool) -> list[tuple[int, AnyRow]]:
        """The waiting tickets of one class sent here, with their position here."""
        if not self._any_sent:
            return []
        if priority_only not in self._sent:
            self._sent[priority_only] = [
                (self._position_of.get(row.service_id, self._first_position), row)
                for row in self.session.execute(queue_sql.sent_here(priority_only),
                                                self.params)]
        return self._sent[priority_only]

    def first(self, priority_only: bool) -> AnyRow | None:
        """The first waiting ticket of one class (``priority_only``: the priority classes,
        else the ordinary queue) in this counter's order, locked; None when there is none."""
        sent = self.sent(priority_only)
        for position in sorted(set(self.by_position) | {p for p, _ in sent}):
            services = self.by_position.get(position, [])
            head = _head(self.session, self.params, services, priority_only) \
                if services and (self._priority_heads or not priority_only) else None
            # The tickets sent here at this position, before the head in the queue's order.
            ahead = [row for p, row in sent if p == position and (
                head is None or (row.queued_at, row.id) < (head.queued_at, head.id))]
            for row in ahead:
                locked = self.session.execute(queue_sql.LOCK_WAITING,
                                              {"ticket_id": row.id}).first()
                if locked is not None:
                    return locked
            if head is not None:
                return head
        return None


def first_in_order(session: Session, counter: Any, day: date,
                   priority_only: bool) -> AnyRow | None:
    """The first waiting ticket of one class that ``counter`` (a row with ``id`` and
    ``site_id``) may call on ``day``, locked for the transaction; None when there is none."""
    return CallPlan(session, counter, day).first(priority_only)


def _head(session: Session, params: dict[str, Any], services: list[int],
          priority_only: bool) -> AnyRow | None:
    if len(services) == 1:
        return session.execute(queue_sql.service_head(priority_only, False),
                               {**params, "service_id": services[0]}).first()
    return session.execute(queue_sql.service_head(priority_only, True),
                           {**params, "services": services}).first()


def in_order(session: Session, counter: Any, day: date, priority_only: bool,
             limit: int) -> list[Any]:
    """Up to ``limit`` waiting tickets of one class (ORM objects) in the order
    :func:`first_in_order` would take them, unlocked (the counter's waiting list): at most
    ``limit`` rows read per position, whatever the queue's length."""
    params: dict[str, Any] = {"counter_id": counter.id, "site_id": counter.site_id,
                              "day": day, "limit": limit}
    served = session.execute(queue_sql.COUNTER_POSITIONS, params).all()
    position_of = {row.service_id: row.position for row in served}
    first_position = served[0].position if served else 0
    sent = [(position_of.get(t.service_id, first_position), t)
            for t in session.scalars(queue_sql.sent_here_tickets(priority_only), params)]
    by_position: dict[int, list[int]] = {
        position: [row.service_id for row in rows]
        for position, rows in groupby(served, key=lambda row: row.position)}
    ordered: list[Any] = []
    for position in sorted(set(by_position) | {p for p, _ in sent}):
        services = by_position.get(position, [])
        rows: list[Any] = [t for p, t in sent if p == position]
        if services:
            several = len(services) > 1
            statement = queue_sql.service_queue(priority_only, several)
            key = {"services": services} if several else {"service_id": services[0]}
            rows += list(session.scalars(statement, {**params, **key}))
        rows.sort(key=lambda t: (t.queued_at, t.id))
        ordered += rows
        if len(ordered) >= limit:
            break
    return ordered[:limit]
