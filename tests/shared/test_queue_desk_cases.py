"""The cases around the straight path (shared/queue_desk.py), on SQLite and PostgreSQL with a
fixed clock: a no-show undone (called again, or back in its place) by the clerk within the
time allowed and by a supervisor all day; a ticket on hold and taken back; a ticket left
serving at closing time ended the next morning; every figure counting a ticket once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from shared.clerks import ClerkService
from shared.clock import LOCAL_TZ, FixedClock
from shared.config import QueueSettings
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.models import Event, Outcome, TicketStatus
from shared.period_report import queue_figures
from shared.queue import QueueService
from tests.center_data import PASSWORD, SITE


def counter_id(queue: QueueService, number: int) -> int:
    return queue.find_counter(SITE, number).id


def events(db: Database, kind: str) -> list[Event]:
    with db.reading() as session:
        rows = list(session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))
        session.expunge_all()
        return rows


def _no_show(queue: QueueService, counter: int = 1) -> int:
    ticket = queue.issue_ticket(SITE, "HT")
    queue.call_ticket(counter_id(queue, counter), ticket.id)
    queue.no_show(counter_id(queue, counter))
    return ticket.id


def test_a_no_show_called_again_at_once_is_served_and_counted_once(
        center: Database, clock: FixedClock) -> None:
    """Marked no-show by mistake: four minutes later the clerk calls it again at once. It is
    served at the counter (the wall gets a call), the undo is logged with who and when, and
    the day's figures count one ticket served, no no-show, with its first call's wait."""
    queue = QueueService(center)
    ticket_id = _no_show(queue)
    clock.advance(minutes=4)
    called = queue.call_again(counter_id(queue, 1), ticket_id)
    assert called.ticket.status == TicketStatus.SERVING and called.counter.current is not None
    assert called.ticket.call_count == 2
    undone = events(center, "ticket.no_show_undone")
    assert len(undone) == 1 and undone[0].data["minutes_after"] == 4
    assert undone[0].data["how"] == "called_again" and undone[0].clerk_id is not None
    assert events(center, "ticket.called")[-1].data.get("again") is True
    clock.advance(minutes=3)
    queue.finish(counter_id(queue, 1), Outcome.GUIDED)
    summary = queue.summary(SITE)
    assert (summary.served["HT"], summary.no_show["HT"]) == (1, 0)
    day = datetime(2026, 11, 23, tzinfo=LOCAL_TZ)
    figures = queue_figures(center, SITE, day, day + timedelta(days=1)).total
    assert (figures.issued, figures.served, figures.no_show) == (1, 1, 0)
    assert figures.service_time.count == 1


def test_a_clerk_may_undo_only_within_the_time_allowed_a_supervisor_all_day(
        center: Database, clock: FixedClock) -> None:
    """undo_minutes = 10: after 11 minutes the clerk is refused (ask a supervisor); a
    supervisor logged in at a desk may still, and puts it back in the queue in its place."""
    queue = QueueService(center, QueueSettings(undo_minutes=10))
    ticket_id = _no_show(queue)
    later = queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=11)
    with pytest.raises(InvalidOperation, match="quá 10 phút"):
        queue.call_again(counter_id(queue, 1), ticket_id)
    with pytest.raises(InvalidOperation, match="giám sát"):
        queue.return_to_queue(ticket_id, counter_id(queue, 1))
    assert [e.may_undo for e in queue.set_aside(counter_id(queue, 1))] == [False]
    clerks = ClerkService(center)
    clerks.logout(SITE, 1)
    clerks.login("boss", PASSWORD, SITE, 1)
    assert [e.may_undo for e in queue.set_aside(counter_id(queue, 1))] == [True]
    back = queue.return_to_queue(ticket_id, counter_id(queue, 1))
    assert back.status == TicketStatus.WAITING and back.people_ahead == 0  # issued before
    assert [entry.ticket.number for entry in queue.waiting(counter_id(queue, 1))] == [
        back.number, later.number]
    returned = events(center, "ticket.returned_to_queue")
    assert returned[-1].data["minutes_after"] == 11 and returned[-1].data["from_counter"] == 1


def test_a_clerk_undoes_only_the_no_shows_of_their_own_counter(center: Database) -> None:
    """A no-show of counter 1 cannot be taken by counter 3's clerk (a supervisor's job), and
    it is not in counter 3's list."""
    queue = QueueService(center)
    ticket_id = _no_show(queue, 1)
    assert queue.set_aside(counter_id(queue, 3)) == []
    with pytest.raises(InvalidOperation, match="quầy khác"):
        queue.call_again(counter_id(queue, 3), ticket_id)


def test_a_ticket_on_hold_frees_the_counter_and_is_taken_back(center: Database,
                                                              clock: FixedClock) -> None:
    """A001 served 3 minutes, held 10 (a copy to make) while A002 is served, taken back and
    served 2 more: the wall calls it again, its service time is 5 minutes, and it is one
    ticket served in the figures."""
    queue = QueueService(center)
    first = queue.issue_ticket(SITE, "HT")
    second = queue.issue_ticket(SITE, "HT")
    desk = counter_id(queue, 1)
    queue.call_next(desk)
    clock.advance(minutes=3)
    held = queue.hold(desk)
    assert held.status == TicketStatus.ON_HOLD
    assert queue.counter(desk).current is None
    assert [(e.kind, e.ticket.number) for e in queue.set_aside(desk)] == [("on_hold", "A001")]
    called = queue.call_next(desk)
    assert called is not None and called.ticket.id == second.id
    with pytest.raises(InvalidOperation, match="đang phục vụ số A002"):
        queue.take_back(desk, first.id)
    clock.advance(minutes=10)
    queue.finish(desk, Outcome.GUIDED)
    back = queue.take_back(desk, first.id)
    assert back.ticket.status == TicketStatus.SERVING and back.counter.current is not None
    assert back.counter.current.id == first.id
    assert events(center, "ticket.called")[-1].data["held_minutes"] == 10
    assert len(events(center, "ticket.held")) == 1
    clock.advance(minutes=2)
    queue.finish(desk, Outcome.GUIDED)
    day = datetime(2026, 11, 23, tzinfo=LOCAL_TZ)
    figures = queue_figures(center, SITE, day, day + timedelta(days=1)).total
    assert (figures.issued, figures.served) == (2, 2)
    assert figures.service_time.count == 2
    assert queue.ticket(first.id).finished_at is not None
    view = queue.ticket(first.id)
    assert view.called_at is not None and view.finished_at is not None
    assert view.finished_at - view.called_at == timedelta(minutes=5)


def test_only_the_counter_that_holds_a_ticket_takes_it_back(center: Database) -> None:
    queue = QueueService(center)
    ticket = queue.issue_ticket(SITE, "HT")
    queue.call_next(counter_id(queue, 1))
    queue.hold(counter_id(queue, 1))
    with pytest.raises(InvalidOperation, match="không được giữ ở quầy này"):
        queue.take_back(counter_id(queue, 3), ticket.id)
    assert queue.call_next(counter_id(queue, 3)) is None  # not in the queue either


def test_a_ticket_left_serving_at_closing_is_ended_at_the_first_call_next_morning(
        center: Database, clock: FixedClock) -> None:
    """A001 called at 17:00 and never finished; a ticket held at closing too. At 07:30 the
    next day the clerk's first call ends both (cancelled, each with its reason), calls
    today's A001, and neither has any service time in the figures or the wait estimate."""
    queue = QueueService(center)
    clock.moment = datetime(2026, 11, 23, 16, 50, tzinfo=LOCAL_TZ)
    held = queue.issue_ticket(SITE, "CT")
    left = queue.issue_ticket(SITE, "HT")
    desk = counter_id(queue, 1)
    queue.call_ticket(desk, held.id)
    queue.hold(desk)
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    queue.call_ticket(desk, left.id)
    clock.moment = datetime(2026, 11, 24, 7, 30, tzinfo=LOCAL_TZ)
    assert queue.counter(desk).current is not None  # nothing ran overnight
    today = queue.issue_ticket(SITE, "HT")  # the kiosk's first number of the day
    called = queue.call_next(desk)
    assert called is not None and called.ticket.id == today.id
    assert called.ticket.called_at == clock.moment
    assert queue.ticket(left.id).status == TicketStatus.CANCELLED
    assert queue.ticket(held.id).status == TicketStatus.CANCELLED
    reasons = {e.ticket_id: e.data["reason"] for e in events(center, "ticket.cancelled")}
    assert reasons == {left.id: "day_ended_serving", held.id: "day_ended_on_hold"}
    serving_event = next(e for e in events(center, "ticket.cancelled") if e.ticket_id == left.id)
    assert serving_event.data["counter_number"] == 1
    day = datetime(2026, 11, 23, tzinfo=LOCAL_TZ)
    figures = queue_figures(center, SITE, day, day + timedelta(days=1)).total
    assert (figures.served, figures.cancelled, figures.service_time.count) == (0, 2, 0)


def test_the_first_call_of_the_day_ends_the_ticket_left_serving_when_nothing_else_did(
        center: Database, clock: FixedClock) -> None:
    """No kiosk has issued yet today: the counter's call itself ends yesterday's ticket
    (never 'resumed') and then finds nobody waiting."""
    queue = QueueService(center)
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    left = queue.issue_ticket(SITE, "HT")
    desk = counter_id(queue, 1)
    queue.call_next(desk)
    clock.moment = datetime(2026, 11, 25, 8, 0, tzinfo=LOCAL_TZ)  # two days later
    assert queue.call_next(desk) is None
    assert queue.counter(desk).current is None
    assert queue.ticket(left.id).status == TicketStatus.CANCELLED
    assert [e.data["reason"] for e in events(center, "ticket.cancelled")] == [
        "day_ended_serving"]
    assert queue.expire_past_days(SITE) == 0


def test_layso_ticket_expire_ends_a_ticket_left_serving(center: Database,
                                                        clock: FixedClock) -> None:
    queue = QueueService(center)
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    queue.issue_ticket(SITE, "HT")
    queue.issue_ticket(SITE, "HT")
    queue.call_next(counter_id(queue, 1))
    clock.advance(hours=15)
    assert queue.expire_past_days(SITE) == 2
    assert queue.counter(counter_id(queue, 1)).current is None


def test_a_cancelled_serving_ticket_is_not_in_the_wait_estimate_history(
        center: Database, clock: FixedClock) -> None:
    """The wait estimate's recent calls are those that ended finished or no-show: a ticket
    ended by the day's end (15 hours 'served') is not one."""
    from shared import queue_sql

    queue = QueueService(center)
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    queue.issue_ticket(SITE, "HT")
    queue.call_next(counter_id(queue, 1))
    clock.moment = datetime(2026, 11, 24, 8, 0, tzinfo=LOCAL_TZ)
    queue.expire_past_days(SITE)
    with center.reading() as session:
        service_id = session.execute(select(queue_sql.SERVICES.c.id).where(
            queue_sql.SERVICES.c.code == "HT")).scalar_one()
        rows = session.execute(queue_sql.wait_history(1), {
            "service_0": service_id, "window": 20, "site_id": 1,
            "day": clock.moment.date()}).all()
    assert [row for row in rows if row[4] is not None] == []


def test_the_wall_shows_no_ticket_of_yesterday(center: Database, clock: FixedClock) -> None:
    """A001 left serving at counter 1 at 17:00: the next morning, before anyone acts, the
    board's snapshot (wall and web board) shows counter 1 without it; a hold or the ticket's
    end by the day's rollover clears a tile from the change feed too."""
    from shared.board import BoardReader, apply_events
    from shared.changes import changes_after

    queue = QueueService(center)
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    queue.issue_ticket(SITE, "HT")
    queue.issue_ticket(SITE, "HT")
    queue.call_next(counter_id(queue, 1))
    reader = BoardReader(center, SITE)
    assert reader.snapshot().counters[0].ticket_number == "A001"
    before = reader.snapshot()
    version = _latest(center)
    queue.hold(counter_id(queue, 1))
    held = apply_events(before, changes_after(center, None, version), recent_limit=6,
                        now=clock.moment)
    assert held.snapshot.counters[0].ticket_number is None
    queue.call_next(counter_id(queue, 1))
    shown = reader.snapshot()
    assert shown.counters[0].ticket_number == "A002"
    clock.moment = datetime(2026, 11, 24, 7, 30, tzinfo=LOCAL_TZ)
    assert reader.snapshot().counters[0].ticket_number is None
    version = _latest(center)
    queue.expire_past_days(SITE)
    applied = apply_events(shown, changes_after(center, None, version), recent_limit=6,
                           now=clock.moment)
    assert applied.snapshot.counters[0].ticket_number is None


def _latest(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) or 0)


def test_the_rollover_never_frees_a_counter_that_already_called_todays_ticket(
        postgres_db: Database, clock: FixedClock) -> None:
    """PostgreSQL, two transactions at once: the kiosk's first number of the day starts
    ending yesterday's A001 (left serving at counter 1) while counter 1's own first call,
    holding the counter, ends it and calls today's ticket. The kiosk waits, then leaves the
    counter with today's ticket (its conditions are checked again after the lock)."""
    import threading

    from sqlalchemy import update as sql_update

    from shared.models import Counter, Ticket
    from tests.center_data import build_center

    build_center(postgres_db)
    queue = QueueService(postgres_db)
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    left = queue.issue_ticket(SITE, "HT")
    desk = counter_id(queue, 1)
    queue.call_next(desk)
    clock.moment = datetime(2026, 11, 24, 7, 30, tzinfo=LOCAL_TZ)
    today = queue.issue_ticket(SITE, "CT")
    # Issuing it already ended A001; put A001 back as left serving, for the race below.
    with postgres_db.transaction() as session:
        session.execute(sql_update(Ticket).where(Ticket.id == left.id)
                        .values(status=TicketStatus.SERVING, finished_at=None))
        session.execute(sql_update(Counter).where(Counter.id == desk)
                        .values(current_ticket_id=left.id))
    done = threading.Event()
    ended: list[int] = []
    with postgres_db.transaction() as session:  # counter 1's call, holding its row
        session.execute(select(Counter).where(Counter.id == desk).with_for_update())
        worker = threading.Thread(target=lambda: (ended.append(queue.expire_past_days(SITE)),
                                                  done.set()))
        worker.start()
        assert not done.wait(0.5)  # the kiosk waits for the counter
        session.execute(sql_update(Ticket).where(Ticket.id == left.id)
                        .values(status=TicketStatus.CANCELLED, finished_at=clock.moment))
        session.execute(sql_update(Ticket).where(Ticket.id == today.id)
                        .values(status=TicketStatus.SERVING, counter_id=desk))
        session.execute(sql_update(Counter).where(Counter.id == desk)
                        .values(current_ticket_id=today.id))
    worker.join(5)
    assert ended == [0]
    state = queue.counter(desk)
    assert state.current is not None and state.current.id == today.id


def test_a_supervisor_ends_a_held_ticket_only_while_nobody_is_at_its_counter(
        center: Database) -> None:
    """``finish(held_ticket=…)`` (the console's "Kết thúc" for a ticket left at a counter):
    checked under the counter's lock, so a clerk who logs in there between the supervisor's
    look and the click is never overtaken, and a counter that meanwhile holds another ticket
    is not ended."""
    queue = QueueService(center, actor="boss")
    first = queue.issue_ticket(SITE, "HT")
    queue.call_ticket(counter_id(queue, 1), first.id)
    with pytest.raises(InvalidOperation, match="có cán bộ đang làm việc"):
        queue.finish(counter_id(queue, 1), Outcome.OTHER, held_ticket=first.id)  # lan is there
    ClerkService(center).release(SITE, 1)
    with pytest.raises(InvalidOperation, match="không còn giữ số này"):
        queue.finish(counter_id(queue, 1), Outcome.OTHER, held_ticket=first.id + 1)
    ClerkService(center).login("lan", PASSWORD, SITE, 1)  # back before the click arrives
    with pytest.raises(InvalidOperation, match="có cán bộ đang làm việc"):
        queue.finish(counter_id(queue, 1), Outcome.OTHER, held_ticket=first.id)
    assert queue.ticket(first.id).status == TicketStatus.SERVING
    ClerkService(center).release(SITE, 1)
    ended = queue.finish(counter_id(queue, 1), Outcome.GUIDED, held_ticket=first.id)
    assert (ended.status, ended.outcome) == (TicketStatus.FINISHED, Outcome.GUIDED)
    assert events(center, "ticket.finished")[-1].data["by"] == "boss"
