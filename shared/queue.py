"""QueueService: issue tickets, call, recall, no-show, transfer, finish.

Guarantees (tested on SQLite and PostgreSQL, with several processes at once):
- numbers come from a per service-and-day sequence row updated in the issuing transaction
  (never ``max(number) + 1``), with a unique constraint as a safety net: no duplicates;
- a ticket is called in one transaction that locks it (PostgreSQL ``FOR UPDATE SKIP
  LOCKED``; SQLite ``BEGIN IMMEDIATE``): never served twice;
- a counter holds at most one ticket (unique ``counters.current_ticket_id``);
- every ticket ends in exactly one final state: finished, no-show or cancelled;
- every change appends an event in the same transaction (the change feed and the audit log).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import queue_desk as desk
from shared import queue_issue, queue_pick, queue_sql, wait_reads
from shared import queue_reads as reads
from shared.center_settings import queue_settings
from shared.clock import business_day, check_not_behind, expiry_day
from shared.config import QueueSettings
from shared.db.database import AnyRow, Database
from shared.db.limits import check_value
from shared.errors import InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.lookups import (
    get_counter,
    get_service,
    get_site,
)
from shared.models import (
    Counter,
    CounterStatus,
    Outcome,
    Priority,
    Service,
    Site,
    Ticket,
    TicketSequence,
    TicketStatus,
)
from shared.views import Called, CounterState, QueueSummary, TicketView, WaitingEntry
from shared.wait_estimate import WaitEstimate, estimate_wait


class QueueService:
    def __init__(self, db: Database, settings: QueueSettings | None = None, *,
                 actor: str = "") -> None:
        self.db = db
        self.settings = settings or QueueSettings()
        #: Who acts when it is not a clerk at a desk (an API token: "api:<name>"); written
        #: into each change's event as ``by``.
        self.actor = actor
        self._by = _by(actor)
        #: The wait estimate's service statistics, read again every STATS_FRESH (30 s).
        self._wait_stats: wait_reads.StatsCache = {}

    # ----------------------------------------------------------------- issuing
    def issue_ticket(self, site: str, service: str,
                     priority: Priority | str = Priority.NONE) -> TicketView:
        """Take the day's next number for a service; returns it with people ahead and the wait
        (``shared.queue_issue``: Core statements, no ORM, the command line's path too)."""
        return queue_issue.issue_ticket(self.db, self.settings, site, service,
                                        _priority(priority), stats_cache=self._wait_stats,
                                        by=self._by)

    def _estimate(self, session: Session, ticket: Ticket | wait_reads.WaitingTicket,
                  now: datetime) -> tuple[int, WaitEstimate | None]:
        """People ahead of a waiting ticket and its wait estimate (``shared.wait_estimate``:
        a projection of the call order; None while no counter for it is open or on break)."""
        ahead, inputs = wait_reads.wait_inputs(session, ticket, now, self.settings,
                                          self._wait_stats)
        return ahead, estimate_wait(inputs)

    def _with_estimate(self, session: Session, ticket: Ticket) -> TicketView:
        if ticket.status != TicketStatus.WAITING:
            return reads.ticket_view(session, ticket)
        ahead, estimate = self._estimate(session, ticket, self.db.now(session))
        minutes, low, high = queue_issue.wait_fields(estimate)
        return reads.ticket_view(session, ticket, people_ahead=ahead,
                                 estimated_wait_minutes=minutes, estimated_wait_low=low,
                                 estimated_wait_high=high)

    # ----------------------------------------------------------------- calling
    def call_next(self, counter_id: int) -> Called | None:
        """Call the next waiting ticket this counter may serve, by the priority policy."""
        with self.db.transaction() as session:
            counter, now = self._lock_counter_row(session, counter_id)
            if self.db.is_sqlite:  # each PC's own clock: not behind what is recorded
                check_not_behind(session, now)
            counter = self._end_past_day(session, counter, now)
            self._require_free(session, counter)
            ticket = self._pick_next(session, counter, business_day(now))
            if ticket is None:
                return None
            since = counter.calls_since_priority + 1 if ticket.priority == Priority.NONE else 0
            return self._assign(session, counter, ticket, now, since)

    def call_ticket(self, counter_id: int, ticket_id: int) -> Called:
        """Call a particular waiting ticket (from the counter's waiting list)."""
        with self.db.transaction() as session:
            counter, now = self._lock_counter_row(session, counter_id)
            if self.db.is_sqlite:  # each PC's own clock: not behind what is recorded
                check_not_behind(session, now)
            counter = self._end_past_day(session, counter, now)
            self._require_free(session, counter)
            ticket = session.execute(queue_sql.TICKET_ROW, {"ticket_id": ticket_id}).first()
            if ticket is None or ticket.site_id != counter.site_id:
                raise NotFound("Không tìm thấy số thứ tự này.", "No such ticket.")
            if ticket.status != TicketStatus.WAITING:
                raise InvalidOperation(f"Số {ticket.number} không còn đang chờ.",
                                       f"Ticket {ticket.number} is no longer waiting.")
            if session.scalar(queue_sql.eligible_ticket(),
                              {"counter_id": counter.id, "ticket_id": ticket.id,
                               "day": business_day(now)}) is None:
                raise InvalidOperation(f"Quầy này không phục vụ số {ticket.number}.",
                                       f"This counter does not serve {ticket.number}.")
            return self._assign(session, counter, ticket, now, counter.calls_since_priority)

    def recall(self, counter_id: int) -> Called:
        """Call the counter's current ticket again (the wall announces it again)."""
        with self.db.transaction() as session:
            counter, now = self._lock_counter(session, counter_id)
            ticket = self._current(session, counter)
            ticket.call_count += 1
            ticket.called_at = now
            record(session, EventKind.TICKET_RECALLED, now, site_id=counter.site_id,
                   ticket_id=ticket.id, counter_id=counter.id, clerk_id=counter.clerk_id,
                   number=ticket.number, counter_number=counter.number,
                   call_count=ticket.call_count, **self._by)
            return Called(reads.ticket_view(session, ticket),
                          reads.counter_state(session, counter), recall=True)

    def no_show(self, counter_id: int) -> TicketView:
        """The citizen did not come: final state no-show; the counter is free."""
        return self._end(counter_id, TicketStatus.NO_SHOW, EventKind.TICKET_NO_SHOW, None, None)

    def finish(self, counter_id: int, outcome: Outcome | str,
               procedure_code: str | None = None, *,
               held_ticket: int | None = None) -> TicketView:
        """Finish the current ticket with its outcome; the counter is free.

        ``held_ticket``: a supervisor ends the ticket a counter holds with nobody logged in
        there (``return_held``'s other way out): refused, under the counter's lock, while a
        clerk is at the counter or when it holds another ticket than ``held_ticket``."""
        try:
            outcome = Outcome(outcome)
        except ValueError as error:
            choices = ", ".join(o.value for o in Outcome)
            raise InvalidOperation(f"Kết quả không hợp lệ: {outcome!r} ({choices}).",
                                   f"Invalid outcome: {outcome!r} ({choices}).") from error
        return self._end(counter_id, TicketStatus.FINISHED, EventKind.TICKET_FINISHED, outcome,
                         procedure_code, held_ticket=held_ticket)

    def transfer(self, counter_id: int, *, to_service: str | None = None,
                 to_counter: int | None = None) -> TicketView:
        """Send the current ticket to another service and/or counter. It keeps its number and
        its place by issue time in the new queue."""
        if to_service is None and to_counter is None:
            raise InvalidOperation("Hãy chọn dịch vụ hoặc quầy để chuyển đến.",
                                   "Choose a service or a counter to transfer to.")
        with self.db.transaction() as session:
            counter, now = self._lock_counter(session, counter_id)
            ticket = self._current(session, counter)
            site = session.get(Site, counter.site_id)
            assert site is not None
            target_counter = None
            if to_service is not None:
                ticket.service_id = get_service(session, site, to_service).id
            if to_counter is not None:
                target_counter = get_counter(session, site, to_counter)
                if target_counter.id == counter.id:
                    raise InvalidOperation("Không thể chuyển về chính quầy này.",
                                           "Cannot transfer to the same counter.")
            ticket.target_counter_id = target_counter.id if target_counter else None
            ticket.status = TicketStatus.WAITING
            ticket.counter_id = None
            counter.current_ticket_id = None
            service = session.get(Service, ticket.service_id)
            assert service is not None
            record(session, EventKind.TICKET_TRANSFERRED, now, site_id=counter.site_id,
                   ticket_id=ticket.id, counter_id=counter.id, clerk_id=counter.clerk_id,
                   number=ticket.number, service=service.code,
                   to_counter=target_counter.number if target_counter else None,
                   **self._by)
            return self._with_estimate(session, ticket)

    def return_to_queue(self, ticket_id: int, counter_id: int | None = None) -> TicketView:
        """Put today's no-show ticket back in the queue (the citizen came back late): it waits
        again for its service, any counter of it may call it, and it keeps its place by issue
        time. It stops counting as a no-show (every ticket is counted once, in its state).
        A ``ticket.returned_to_queue`` event names who did it.

        From a desk (``counter_id``): its clerk may for the counter's own no-shows within
        ``queue.undo_minutes``, a supervisor logged in there for any the same day. Without
        one (the console's supervisor, the CLI): any of today's."""
        with self.db.transaction() as session:
            counter: Counter | None = None
            if counter_id is not None:
                counter, now = self._lock_counter(session, counter_id)
            row, now = self.db.first_with_now(session, queue_sql.TICKET_ROW,
                                              {"ticket_id": ticket_id})
            if row is None or (counter is not None and row.site_id != counter.site_id):
                raise NotFound("Không tìm thấy số thứ tự này.", "No such ticket.")
            ticket = session.get(Ticket, row.id)
            assert ticket is not None
            desk.check_undo(session, ticket, counter, now, self._undo_minutes(session, row),
                            business_day(now))
            from_counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
            minutes = desk.minutes_since(ticket.finished_at, now)
            ticket.status = TicketStatus.WAITING
            ticket.finished_at = None
            ticket.counter_id = None
            ticket.target_counter_id = None
            record(session, EventKind.TICKET_RETURNED, now, site_id=ticket.site_id,
                   ticket_id=ticket.id, counter_id=counter.id if counter else None,
                   clerk_id=counter.clerk_id if counter else None, number=ticket.number,
                   service=row.service_code, minutes_after=minutes,
                   from_counter=from_counter.number if from_counter else None, **self._by)
            return self._with_estimate(session, ticket)

    def return_held(self, counter_id: int) -> TicketView:
        """Put back in the queue the ticket a counter holds with nobody logged in there (its
        clerk was released or logged out while serving: ``shared.clerks`` keeps it with the
        counter for the next clerk). It waits again for its service and keeps its place by
        issue time; the counter is free. For a supervisor (``actor``); refused while a clerk
        is at the counter (the clerk finishes, transfers or marks it)."""
        with self.db.transaction() as session:
            counter, now = self._lock_counter(session, counter_id)
            if counter.clerk_id is not None:
                raise InvalidOperation(
                    f"Quầy {counter.number} có cán bộ đang làm việc: cán bộ xử lý số này.",
                    f"A clerk is at counter {counter.number}: the clerk deals with it.")
            ticket = self._current(session, counter)
            ticket.status = TicketStatus.WAITING
            ticket.counter_id = None
            ticket.target_counter_id = None
            counter.current_ticket_id = None
            service = session.get(Service, ticket.service_id)
            assert service is not None
            record(session, EventKind.TICKET_RETURNED, now, site_id=counter.site_id,
                   ticket_id=ticket.id, counter_id=counter.id, clerk_id=None,
                   number=ticket.number, service=service.code, held=True,
                   from_counter=counter.number, **self._by)
            session.flush()
            return self._with_estimate(session, ticket)

    def call_again(self, counter_id: int, ticket_id: int) -> Called:
        """Undo a no-show by calling the ticket again at once at this counter (the citizen is
        back, or it was marked by mistake): it is served here, announced like a call. Who may,
        and until when: as :meth:`return_to_queue` from a desk. Events: the undo
        (``ticket.no_show_undone``) and the call."""
        with self.db.transaction() as session:
            counter, now = self._lock_counter_row(session, counter_id)
            counter = self._end_past_day(session, counter, now)
            self._require_free(session, counter)
            ticket = desk.lock_ticket(session, ticket_id, counter.site_id)
            desk.check_undo(session, ticket, counter, now, self._undo_minutes(session, counter),
                            business_day(now))
            record(session, EventKind.TICKET_NO_SHOW_UNDONE, now, site_id=counter.site_id,
                   ticket_id=ticket.id, counter_id=counter.id, clerk_id=counter.clerk_id,
                   number=ticket.number, counter_number=counter.number, how="called_again",
                   minutes_after=desk.minutes_since(ticket.finished_at, now), **self._by)
            ticket.finished_at = None
            ticket.outcome = None
            ticket.target_counter_id = None
            session.flush()
            row = session.execute(queue_sql.TICKET_ROW, {"ticket_id": ticket.id}).one()
            return self._assign(session, counter, row, now, counter.calls_since_priority,
                                again=True)

    def hold(self, counter_id: int) -> TicketView:
        """Put the counter's current ticket on hold (the citizen went to make a copy): it
        stays with this counter, which is free to call others, until :meth:`take_back`."""
        with self.db.transaction() as session:
            counter, now = self._lock_counter(session, counter_id)
            ticket = self._current(session, counter)
            if ticket.business_day != business_day(now):
                raise InvalidOperation(f"Số {ticket.number} là của ngày trước.",
                                       f"Ticket {ticket.number} is from a past day.")
            ticket.status = TicketStatus.ON_HOLD
            ticket.held_at = now
            counter.current_ticket_id = None
            record(session, EventKind.TICKET_HELD, now, site_id=counter.site_id,
                   ticket_id=ticket.id, counter_id=counter.id, clerk_id=counter.clerk_id,
                   number=ticket.number, counter_number=counter.number, **self._by)
            return reads.ticket_view(session, ticket)

    def take_back(self, counter_id: int, ticket_id: int) -> Called:
        """Serve again a ticket this counter put on hold (the counter must be free). The wall
        calls it again; the time on hold does not count as service time."""
        with self.db.transaction() as session:
            counter, now = self._lock_counter_row(session, counter_id)
            counter = self._end_past_day(session, counter, now)
            self._require_free(session, counter)
            ticket = desk.lock_ticket(session, ticket_id, counter.site_id)
            if ticket.status != TicketStatus.ON_HOLD or ticket.counter_id != counter.id:
                raise InvalidOperation(f"Số {ticket.number} không được giữ ở quầy này.",
                                       f"Ticket {ticket.number} is not on hold here.")
            if ticket.business_day != business_day(now):
                raise InvalidOperation(f"Số {ticket.number} là của ngày trước.",
                                       f"Ticket {ticket.number} is from a past day.")
            held = now - (ticket.held_at or now)
            minutes = desk.minutes_since(ticket.held_at, now)
            called_before = ticket.called_at or now
            ticket.held_at = None
            session.flush()
            row = session.execute(queue_sql.TICKET_ROW, {"ticket_id": ticket.id}).one()
            called = self._assign(session, counter, row, now, counter.calls_since_priority,
                                  again=True, held_minutes=minutes)
            # Served time excludes the hold: the serving clock resumes where it stopped.
            resumed = called_before + held
            session.execute(queue_sql.RESUME_CLOCK, {"ticket_id": ticket.id, "at": resumed})
            view = replace(called.ticket, called_at=resumed)
            return Called(view, replace(called.counter, current=view))

    def set_aside(self, counter_id: int, limit: int = 30) -> list[desk.SetAside]:
        """What this desk can take back: the tickets it holds, then today's no-shows (this
        counter's; every counter's for a supervisor), newest first."""
        with self.db.reading() as session:
            counter = session.get(Counter, counter_id)
            if counter is None:
                raise NotFound("Không có quầy này.", "No such counter.")
            now = self.db.now(session)
            today = business_day(now)
            supervisor = desk.is_supervisor(session, counter.clerk_id)
            undo = timedelta(minutes=self._undo_minutes(session, counter))
            held = session.scalars(select(Ticket).where(
                Ticket.counter_id == counter.id, Ticket.status == TicketStatus.ON_HOLD,
                Ticket.business_day == today).order_by(Ticket.held_at))
            entries = [desk.SetAside(reads.ticket_view(session, t), "on_hold",
                                     t.held_at or now, True) for t in held]
            no_shows = select(Ticket).where(
                Ticket.site_id == counter.site_id, Ticket.status == TicketStatus.NO_SHOW,
                Ticket.business_day == today)
            if not supervisor:
                no_shows = no_shows.where(Ticket.counter_id == counter.id)
            for ticket in session.scalars(no_shows.order_by(Ticket.finished_at.desc(),
                                                            Ticket.id.desc()).limit(limit)):
                since = ticket.finished_at or now
                entries.append(desk.SetAside(reads.ticket_view(session, ticket), "no_show",
                                             since, supervisor or now - since <= undo))
            return entries

    def set_counter_status(self, counter_id: int, status: CounterStatus | str) -> CounterState:
        """Open, pause (on break) or close a counter; the wall shows it. Not while serving."""
        status = CounterStatus(status)
        with self.db.transaction() as session:
            counter, now = self._lock_counter(session, counter_id)
            if status != CounterStatus.OPEN and counter.current_ticket_id is not None:
                current = session.get(Ticket, counter.current_ticket_id)
                number = current.number if current else "?"
                raise InvalidOperation(f"Hãy kết thúc số {number} trước khi tạm nghỉ/đóng quầy.",
                                       f"Finish {number} before pausing or closing.")
            counter.status = status
            record(session, EventKind.COUNTER_STATUS, now, site_id=counter.site_id,
                   counter_id=counter.id, clerk_id=counter.clerk_id, status=str(status),
                   number=counter.number, **self._by)
            return reads.counter_state(session, counter)

    # ----------------------------------------------------------------- reading
    def counter_id(self, site: str, number: int) -> int:
        """The id of counter ``number`` at ``site``, in one indexed read: what the API and the
        command line need before they act on a counter (:meth:`find_counter` reads its whole
        state); NotFound naming the site or the counter when either is missing."""
        with self.db.connect(reading=True) as connection:
            found = connection.execute(queue_sql.COUNTER_ID,
                                       {"site": site, "number": number}).scalar()
        if found is None:
            return self.find_counter(site, number).id  # raises, naming what is missing
        return int(found)

    def find_counter(self, site: str, number: int) -> CounterState:
        with self.db.reading() as session:
            return reads.counter_state(session, get_counter(session, get_site(session, site),
                                                            number))

    def counter(self, counter_id: int) -> CounterState:
        with self.db.reading() as session:
            counter = session.get(Counter, counter_id)
            if counter is None:
                raise NotFound("Không có quầy này.", "No such counter.")
            return reads.counter_state(session, counter)

    def counters(self, site: str) -> list[CounterState]:
        with self.db.reading() as session:
            site_row = get_site(session, site)
            rows = session.scalars(select(Counter).where(
                Counter.site_id == site_row.id, Counter.active.is_(True)).order_by(Counter.number))
            return [reads.counter_state(session, row) for row in rows]

    def ticket(self, ticket_id: int) -> TicketView:
        """A ticket with, while it waits, the people ahead and the estimated wait."""
        with self.db.reading() as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise NotFound("Không tìm thấy số thứ tự này.", "No such ticket.")
            return self._with_estimate(session, ticket)

    def tickets(self, ticket_ids: Sequence[int]) -> dict[int, TicketView]:
        """Several tickets, each with (while it waits) its people ahead and wait, read in one
        transaction (the phone pages re-read every followed ticket after a call: one
        transaction for all instead of one each). Ids not found are left out."""
        with self.db.reading() as session:
            rows = session.scalars(select(Ticket).where(Ticket.id.in_(list(ticket_ids))))
            return {ticket.id: self._with_estimate(session, ticket) for ticket in rows}

    def ticket_by_token(self, token: str) -> TicketView:
        """A ticket by its phone-page token (any day: the caller decides what an old one
        shows), with people ahead and the wait while it waits."""
        with self.db.reading() as session:
            ticket = session.scalar(select(Ticket).where(Ticket.public_token == token))
            if ticket is None:
                raise NotFound("Không tìm thấy phiếu này.", "No such ticket.")
            return self._with_estimate(session, ticket)

    def find_ticket(self, site: str, number: str, day: date | None = None) -> TicketView:
        """Today's (or ``day``'s) ticket by its printed number, e.g. "A012"."""
        with self.db.reading() as session:
            site_row = get_site(session, site)
            day = day or business_day(self.db.now(session))
            ticket = session.scalar(select(Ticket).where(
                Ticket.site_id == site_row.id, Ticket.business_day == day,
                Ticket.number == number.strip().upper()).order_by(Ticket.id.desc()).limit(1))
            if ticket is None:
                raise NotFound(f"Không có số {number} trong ngày {day:%d/%m/%Y}.",
                               f"No ticket {number} on {day:%Y-%m-%d}.")
            return self._with_estimate(session, ticket)

    def latest_waiting(self, site: str) -> TicketView | None:
        """Today's most recently issued ticket still waiting (for a preview, read-only)."""
        with self.db.reading() as session:
            site_row = get_site(session, site)
            ticket = session.scalar(select(Ticket).where(
                Ticket.site_id == site_row.id, Ticket.status == TicketStatus.WAITING,
                Ticket.business_day == business_day(self.db.now(session)))
                .order_by(Ticket.queued_at.desc(), Ticket.id.desc()).limit(1))
            return self._with_estimate(session, ticket) if ticket is not None else None

    def waiting(self, counter_id: int, limit: int = 200) -> list[WaitingEntry]:
        """The waiting list a counter may call from, in the order it would call them."""
        with self.db.reading() as session:
            now = self.db.now(session)
            counter = session.get(Counter, counter_id)
            if counter is None:
                raise NotFound("Không có quầy này.", "No such counter.")
            rows = self._policy_order(session, counter, business_day(now), limit)
            # Held here so ticket_view's session.get finds them in the (weak) identity map
            # instead of one SELECT per row.
            loaded = (session.get(Site, counter.site_id), list(session.scalars(
                select(Service).where(Service.site_id == counter.site_id))))
            entries = [
                WaitingEntry(reads.ticket_view(session, row),
                             max(0, int((now - row.queued_at).total_seconds() // 60)))
                for row in rows
            ]
            del loaded
            return entries

    def summary(self, site: str) -> QueueSummary:
        """Today's waiting, served and no-show counts per service code."""

        with self.db.reading() as session:
            site_row = get_site(session, site)
            day = business_day(self.db.now(session))
            rows = session.execute(
                select(Service.code, Ticket.status, func.count())
                .join(Ticket, Ticket.service_id == Service.id)
                .where(Ticket.site_id == site_row.id, Ticket.business_day == day)
                .group_by(Service.code, Ticket.status)).all()
            codes = session.scalars(select(Service.code).where(
                Service.site_id == site_row.id, Service.active.is_(True))).all()
            sold_out = frozenset(session.scalars(
                select(Service.code).join(TicketSequence,
                                          TicketSequence.service_id == Service.id)
                .where(Service.site_id == site_row.id, TicketSequence.business_day == day,
                       Service.daily_cap.is_not(None),
                       TicketSequence.last_number - Service.start_number + 1
                       >= Service.daily_cap)))
            summary = QueueSummary(site_row.code, day, {c: 0 for c in codes},
                                   {c: 0 for c in codes}, {c: 0 for c in codes}, sold_out)
            for code, status, count in rows:
                target = {TicketStatus.WAITING: summary.waiting,
                          TicketStatus.FINISHED: summary.served,
                          TicketStatus.NO_SHOW: summary.no_show}.get(TicketStatus(status))
                if target is not None:
                    target[code] = target.get(code, 0) + int(count)
            return summary

    def expire_past_days(self, site: str) -> int:
        """End the tickets of past business days still waiting, on hold or being served
        (cancelled, each with its reason: ``shared.queue_desk``); returns how many.

        Done by itself with the first ticket a site issues each day (``issue_ticket``), at a
        counter's first call of the day (for the ticket it was left serving), and by
        ``layso ticket expire``. Never resumed the next day as "called 15 hours ago"."""
        with self.db.transaction() as session:
            now = self.db.now(session)
            return _expire_before(session, get_site(session, site).id, business_day(now), now)

    # ----------------------------------------------------------------- internals
    def _lock_counter(self, session: Session, counter_id: int) -> tuple[Counter, datetime]:
        """The counter row, locked for this transaction, and the clock."""
        row, now = self.db.first_with_now(session, queue_sql.lock_counter(),
                                          {"counter_id": counter_id})
        if row is None:
            raise NotFound("Không có quầy này.", "No such counter.")
        counter: Counter = row[0]
        return counter, now

    def _undo_minutes(self, session: Session, row: Any) -> int:
        return self._policy(session, row.site_id).undo_minutes

    def _end_past_day(self, session: Session, counter: AnyRow, now: datetime) -> AnyRow:
        """The counter row, after ending a ticket of a past day it still held (then read
        again); as it was otherwise (no query when it holds nothing, as when calling)."""
        if counter.current_ticket_id is None or not desk.end_past_day_ticket(
                session, counter,
                expiry_day(session, business_day(now), now, own_clock=self.db.is_sqlite), now):
            return counter  # (a PC that believes it is tomorrow ends nothing: expiry_day)
        row = session.execute(queue_sql.COUNTER_ROW, {"counter_id": counter.id}).one()
        return row

    def _lock_counter_row(self, session: Session, counter_id: int) -> tuple[AnyRow, datetime]:
        """The counter as a Core row (``queue_sql.COUNTER_ROW``: with its site code and clerk),
        locked for this transaction, and the clock: the hot paths' first query."""
        row, now = self.db.first_with_now(session, queue_sql.COUNTER_ROW,
                                          {"counter_id": counter_id})
        if row is None:
            raise NotFound("Không có quầy này.", "No such counter.")
        return row, now

    @staticmethod
    def _require_free(session: Session, counter: Counter | AnyRow) -> None:
        """A counter may call a number: in use (not taken out) and not serving one already."""
        if not counter.active:
            raise InvalidOperation(f"Quầy {counter.number} đã ngừng sử dụng.",
                                   f"Counter {counter.number} is out of use.")
        if counter.current_ticket_id is not None:
            current = session.get(Ticket, counter.current_ticket_id)
            number = current.number if current else "?"
            raise InvalidOperation(
                f"Quầy đang phục vụ số {number}. Hãy hoàn thành, chuyển hoặc báo vắng trước.",
                f"The counter is serving {number}. Finish, transfer or mark no-show first.",
            )

    @staticmethod
    def _current(session: Session, counter: Counter) -> Ticket:
        if counter.current_ticket_id is None:
            raise InvalidOperation("Quầy chưa gọi số nào.", "The counter is not serving anyone.")
        ticket = session.scalar(select(Ticket).where(Ticket.id == counter.current_ticket_id)
                                .with_for_update())
        assert ticket is not None
        return ticket

    def _policy_order(self, session: Session, counter: Counter, day: date,
                      limit: int) -> list[Ticket]:
        """The waiting tickets in the order call_next would take them, by the policy."""
        # shared.queue_pick: at most ``limit`` rows read per position, not a sort of the queue.
        policy = self._policy(session, counter.site_id)
        if policy.priority_policy == "strict":
            listed = queue_pick.in_order(session, counter, day, True, limit)
            if len(listed) < limit:
                listed += queue_pick.in_order(session, counter, day, False, limit - len(listed))
            return listed
        priority = queue_pick.in_order(session, counter, day, True, limit)
        ordinary = queue_pick.in_order(session, counter, day, False, limit)
        since_priority = counter.calls_since_priority
        order: list[Ticket] = []
        while (priority or ordinary) and len(order) < limit:
            # _pick_next's rule: a priority ticket once N others were called, else the next
            # ordinary one, else a priority one.
            if priority and (since_priority >= policy.priority_every or not ordinary):
                order.append(priority.pop(0))
                since_priority = 0
            else:
                order.append(ordinary.pop(0))
                since_priority += 1
        return order

    def _policy(self, session: Session, site_id: int) -> QueueSettings:
        """The priority policy in force at the site: the one set from the console (one small
        read, so a change reaches every counter at its next call), else the file's."""
        return queue_settings(session, site_id, self.settings)

    def _pick_next(self, session: Session, counter: AnyRow, day: date) -> AnyRow | None:
        # shared.queue_pick: an index range per position, not a sort of the queue.
        plan = queue_pick.CallPlan(session, counter, day)

        def first(strict: bool, priority_only: bool | None) -> AnyRow | None:
            if priority_only is None:  # strict: every priority ticket, then the ordinary
                return first(strict, True) or first(strict, False)
            return plan.first(priority_only)

        policy = self._policy(session, counter.site_id)
        if policy.priority_policy == "strict":
            return first(True, None)
        # Interleave: one priority ticket after every N others (per counter).
        if counter.calls_since_priority >= policy.priority_every:
            chosen = first(False, True)
            if chosen is not None:
                return chosen
        return first(False, False) or first(False, True)

    def _assign(self, session: Session, counter: AnyRow, ticket: AnyRow, now: datetime,
                calls_since_priority: int, **called: Any) -> Called:
        """Counter ``counter`` (locked) now serves waiting ticket ``ticket`` (locked).
        ``called``: more of the event's data (a no-show undone, a ticket taken back)."""
        session.execute(queue_sql.CALL_TICKET, {
            "ticket_id": ticket.id, "counter_id": counter.id, "clerk_id": counter.clerk_id,
            "now": now})
        session.execute(queue_sql.SERVE, {"counter_id": counter.id, "ticket_id": ticket.id,
                                          "calls_since_priority": calls_since_priority})
        record(session, EventKind.TICKET_CALLED, now, site_id=counter.site_id,
               ticket_id=ticket.id, counter_id=counter.id, clerk_id=counter.clerk_id,
               number=ticket.number, counter_number=counter.number, service=ticket.service_code,
               **called, **self._by)
        view = reads.row_view(ticket, counter.site_code, status=TicketStatus.SERVING,
                              called_at=now, counter=counter.number,
                              call_count=ticket.call_count + 1)
        return Called(view, reads.row_counter_state(session, counter, view,
                                                    status=CounterStatus.OPEN))

    def _end(self, counter_id: int, status: TicketStatus, kind: EventKind,
             outcome: Outcome | None, procedure_code: str | None, *,
             held_ticket: int | None = None) -> TicketView:
        with self.db.transaction() as session:
            counter, now = self._lock_counter_row(session, counter_id)
            if held_ticket is not None:
                _require_held(counter, held_ticket)
            if counter.current_ticket_id is None:
                raise InvalidOperation("Quầy chưa gọi số nào.",
                                       "The counter is not serving anyone.")
            ticket = session.execute(queue_sql.TICKET_ROW,
                                     {"ticket_id": counter.current_ticket_id}).one()
            end_ticket(session, counter, ticket, now, status=status, kind=kind,
                       outcome=outcome, procedure_code=procedure_code, by=self.actor)
            return reads.row_view(ticket, counter.site_code, status=status, finished_at=now,
                                  outcome=outcome, counter=counter.number)


def end_ticket(session: Session, counter: Counter | AnyRow, ticket: Ticket | AnyRow,
               now: datetime, *, status: TicketStatus = TicketStatus.FINISHED,
               kind: EventKind = EventKind.TICKET_FINISHED, outcome: Outcome | None = None,
               procedure_code: str | None = None, by: str = "") -> None:
    """Put the counter's current ticket in its final state, inside the caller's transaction
    (the caller holds the counter row locked): the counter is free, an event says so.

    Written with Core UPDATEs: ORM objects of this counter and ticket that the caller holds
    keep their old values (reload them if they are read again in this transaction)."""
    if procedure_code:
        check_value(Ticket, "procedure_code", procedure_code)
    session.execute(queue_sql.END_TICKET, {
        "ticket_id": ticket.id, "status": status, "now": now, "outcome": outcome,
        "procedure_code": procedure_code or None})
    session.execute(queue_sql.FREE_COUNTER, {"counter_id": counter.id})
    record(session, kind, now, site_id=counter.site_id, ticket_id=ticket.id,
           counter_id=counter.id, clerk_id=counter.clerk_id, number=ticket.number,
           counter_number=counter.number, outcome=str(outcome) if outcome else None,
           **_by(by))


def _expire_before(session: Session, site_id: int, day: date, now: datetime) -> int:
    """End the site's tickets of business days before ``day`` not in a final state, each
    with a ``ticket.cancelled`` event and its reason (``shared.queue_desk.expire_before``)."""
    return desk.expire_before(session, site_id, day, now)


def _require_held(counter: AnyRow, ticket_id: int) -> None:
    """A supervisor may end a counter's ticket only while nobody is logged in there and it
    still holds the ticket the supervisor saw (checked under the counter's lock)."""
    if counter.clerk_id is not None:
        raise InvalidOperation(
            f"Quầy {counter.number} có cán bộ đang làm việc: cán bộ kết thúc số này.",
            f"A clerk is at counter {counter.number}: the clerk ends this ticket.")
    if counter.current_ticket_id != ticket_id:
        raise InvalidOperation(f"Quầy {counter.number} không còn giữ số này.",
                               f"Counter {counter.number} no longer holds this ticket.")


def _by(actor: str) -> dict[str, Any]:
    """The ``by`` of an event's data when someone other than the desk's clerk acts."""
    return {"by": actor} if actor else {}


def _priority(value: Priority | str) -> Priority:
    try:
        return Priority(value)
    except ValueError as error:
        choices = ", ".join(p.value for p in Priority)
        raise InvalidOperation(f"Loại ưu tiên không hợp lệ: {value!r} ({choices}).",
                               f"Invalid priority class: {value!r} ({choices}).") from error


def priorities() -> Sequence[Priority]:
    return [p for p in Priority if p != Priority.NONE]
