"""QueueService rules, on SQLite and PostgreSQL (tests/center_data.py describes the center)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.center import CenterService
from shared.clock import FixedClock
from shared.config import QueueSettings
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.models import CounterStatus, Event, Outcome, Priority, TicketStatus
from shared.queue import QueueService
from tests.center_data import SITE


def counter_id(queue: QueueService, number: int) -> int:
    return queue.find_counter(SITE, number).id


def test_numbers_follow_the_service_format_and_restart_each_day(center: Database,
                                                                 clock: FixedClock) -> None:
    """A012-style numbers per service; a new business day starts again at 001."""
    queue = QueueService(center)
    assert [queue.issue_ticket(SITE, "HT").number for _ in range(3)] == ["A001", "A002", "A003"]
    assert queue.issue_ticket(SITE, "CT").number == "B001"
    clock.advance(days=1)
    assert queue.issue_ticket(SITE, "HT").number == "A001"


def test_number_format_is_configurable(center: Database) -> None:
    """A service may number 1001, 1002… instead of A001."""
    CenterService(center).add_service(SITE, "BT", "Bảo trợ xã hội", prefix="1",
                                      number_format="{prefix}{n:03d}")
    queue = QueueService(center)
    assert queue.issue_ticket(SITE, "BT").number == "1001"


def test_issue_reports_people_ahead_and_an_estimated_wait(center: Database) -> None:
    """The third ticket of a queue has two people ahead and a wait above zero."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "DD")
    queue.issue_ticket(SITE, "DD")
    third = queue.issue_ticket(SITE, "DD")
    assert third.people_ahead == 2
    assert third.estimated_wait_minutes is not None and third.estimated_wait_minutes > 0


def test_call_next_takes_the_oldest_ticket_of_a_served_service(center: Database,
                                                                clock: FixedClock) -> None:
    """Counter 2 serves only CT: it skips the older HT ticket."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=1)
    b1 = queue.issue_ticket(SITE, "CT")
    called = queue.call_next(counter_id(queue, 2))
    assert called is not None and called.ticket.id == b1.id
    assert called.ticket.status == TicketStatus.SERVING and called.ticket.counter == 2


def test_call_next_returns_none_when_nobody_waits(center: Database) -> None:
    """An empty queue gives None, and the counter stays free."""
    queue = QueueService(center)
    assert queue.call_next(counter_id(queue, 1)) is None
    assert queue.find_counter(SITE, 1).current is None


def test_a_counter_holds_one_ticket_at_a_time(center: Database) -> None:
    """Calling again while serving is refused until the ticket is ended."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    queue.issue_ticket(SITE, "HT")
    cid = counter_id(queue, 1)
    queue.call_next(cid)
    with pytest.raises(InvalidOperation):
        queue.call_next(cid)
    queue.finish(cid, Outcome.GUIDED)
    assert queue.call_next(cid) is not None


def test_strict_priority_is_served_first(center: Database, clock: FixedClock) -> None:
    """With the strict policy a priority ticket goes before older ordinary ones."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=1)
    elder = queue.issue_ticket(SITE, "HT", Priority.ELDERLY)
    called = queue.call_next(counter_id(queue, 1))
    assert called is not None and called.ticket.id == elder.id


def test_interleave_policy_serves_one_priority_after_every_n_others(center: Database,
                                                                    clock: FixedClock) -> None:
    """priority_every=2: ordinary, ordinary, priority, ordinary, ordinary, priority."""
    queue = QueueService(center, QueueSettings(priority_policy="interleave", priority_every=2))
    for index in range(6):
        queue.issue_ticket(SITE, "DD", Priority.PREGNANT if index < 2 else Priority.NONE)
        clock.advance(seconds=10)
    cid = counter_id(queue, 3)
    kinds = []
    for _ in range(6):
        called = queue.call_next(cid)
        assert called is not None
        kinds.append(called.ticket.priority != Priority.NONE)
        queue.finish(cid, Outcome.GUIDED)
    assert kinds == [False, False, True, False, False, True]


def test_counter_service_order_is_its_preference(center: Database, clock: FixedClock) -> None:
    """Counter 1 serves HT first, then CT: an older CT waits while HT tickets remain."""
    queue = QueueService(center)
    b1 = queue.issue_ticket(SITE, "CT")
    clock.advance(minutes=1)
    a1 = queue.issue_ticket(SITE, "HT")
    cid = counter_id(queue, 1)
    first = queue.call_next(cid)
    assert first is not None and first.ticket.id == a1.id
    queue.finish(cid, Outcome.GUIDED)
    second = queue.call_next(cid)
    assert second is not None and second.ticket.id == b1.id


def test_recall_counts_calls_and_keeps_the_ticket(center: Database) -> None:
    """A recall keeps the ticket at the counter and counts a second call."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    cid = counter_id(queue, 1)
    queue.call_next(cid)
    recalled = queue.recall(cid)
    assert recalled.recall and recalled.ticket.call_count == 2
    assert queue.find_counter(SITE, 1).current is not None


def test_no_show_is_final_and_frees_the_counter(center: Database) -> None:
    """No-show ends the ticket and frees the counter."""
    queue = QueueService(center)
    ticket = queue.issue_ticket(SITE, "HT")
    cid = counter_id(queue, 1)
    queue.call_next(cid)
    ended = queue.no_show(cid)
    assert ended.status == TicketStatus.NO_SHOW
    assert queue.ticket(ticket.id).status == TicketStatus.NO_SHOW
    assert queue.find_counter(SITE, 1).current is None


def test_transfer_keeps_number_and_place_by_issue_time(center: Database,
                                                       clock: FixedClock) -> None:
    """A1 (issued first) moved to CT is called before B1 (issued later) at counter 2."""
    queue = QueueService(center)
    a1 = queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=1)
    b1 = queue.issue_ticket(SITE, "CT")
    cid1, cid2 = counter_id(queue, 1), counter_id(queue, 2)
    called = queue.call_next(cid1)
    assert called is not None and called.ticket.id == a1.id
    moved = queue.transfer(cid1, to_service="CT")
    assert moved.number == "A001" and moved.status == TicketStatus.WAITING
    again = queue.call_next(cid2)
    assert again is not None and again.ticket.id == a1.id
    queue.finish(cid2, Outcome.GUIDED)
    after = queue.call_next(cid2)
    assert after is not None and after.ticket.id == b1.id


def test_transfer_to_a_counter_reaches_only_that_counter(center: Database) -> None:
    """A ticket sent to counter 3 is not called by counter 1, even for its own service."""
    queue = QueueService(center)
    a1 = queue.issue_ticket(SITE, "HT")
    cid1, cid3 = counter_id(queue, 1), counter_id(queue, 3)
    queue.call_next(cid1)
    queue.transfer(cid1, to_counter=3)
    assert queue.call_next(cid1) is None
    called = queue.call_next(cid3)
    assert called is not None and called.ticket.id == a1.id


def test_a_ticket_sent_to_a_counter_keeps_its_place_by_issue_time(center: Database,
                                                                  clock: FixedClock) -> None:
    """A001 (Hộ tịch, 09:01) sent to counter 2 (Chứng thực only) is called after B001
    (09:00) and before B002 (09:02): neither ahead of everyone nor behind."""
    queue = QueueService(center)
    b1 = queue.issue_ticket(SITE, "CT")
    clock.advance(minutes=1)
    a1 = queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=1)
    b2 = queue.issue_ticket(SITE, "CT")
    cid1, cid2 = counter_id(queue, 1), counter_id(queue, 2)
    called = queue.call_ticket(cid1, a1.id)
    assert called.ticket.id == a1.id
    queue.transfer(cid1, to_counter=2)
    assert [e.ticket.number for e in queue.waiting(cid2)] == ["B001", "A001", "B002"]
    order = []
    for _ in range(3):
        step = queue.call_next(cid2)
        assert step is not None
        order.append(step.ticket.id)
        queue.finish(cid2, Outcome.GUIDED)
    assert order == [b1.id, a1.id, b2.id]


def test_call_ticket_calls_a_particular_waiting_number(center: Database) -> None:
    """The clerk may pick A002 from the waiting list; A001 keeps waiting."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    a2 = queue.issue_ticket(SITE, "HT")
    called = queue.call_ticket(counter_id(queue, 1), a2.id)
    assert called.ticket.number == "A002"
    assert [entry.ticket.number for entry in queue.waiting(counter_id(queue, 3))] == ["A001"]


def test_call_ticket_refuses_a_service_the_counter_does_not_serve(center: Database) -> None:
    """Counter 2 (CT only) cannot call an HT ticket."""
    queue = QueueService(center)
    a1 = queue.issue_ticket(SITE, "HT")
    with pytest.raises(InvalidOperation):
        queue.call_ticket(counter_id(queue, 2), a1.id)


def test_daily_cap_stops_issuing(center: Database) -> None:
    """A service capped at 2 a day refuses the third ticket with a clear message."""
    CenterService(center).add_service(SITE, "NK", "Nuôi con nuôi", prefix="N", daily_cap=2)
    queue = QueueService(center)
    queue.issue_ticket(SITE, "NK")
    queue.issue_ticket(SITE, "NK")
    with pytest.raises(InvalidOperation, match="hết số"):
        queue.issue_ticket(SITE, "NK")


def test_pause_is_refused_while_serving_and_shown_otherwise(center: Database) -> None:
    """A counter cannot go on break holding a ticket; once free it can."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    cid = counter_id(queue, 1)
    queue.call_next(cid)
    with pytest.raises(InvalidOperation):
        queue.set_counter_status(cid, CounterStatus.PAUSED)
    queue.finish(cid, Outcome.DOSSIER_RECEIVED)
    assert queue.set_counter_status(cid, CounterStatus.PAUSED).status == CounterStatus.PAUSED


def test_yesterdays_waiting_tickets_expire_and_are_not_called(center: Database,
                                                              clock: FixedClock) -> None:
    """Tickets left waiting at the end of a day end as cancelled, never called the next day."""
    queue = QueueService(center)
    old = queue.issue_ticket(SITE, "HT")
    clock.advance(days=1)
    assert queue.call_next(counter_id(queue, 1)) is None
    assert queue.expire_past_days(SITE) == 1
    assert queue.ticket(old.id).status == TicketStatus.CANCELLED


def test_the_days_first_ticket_ends_yesterdays_waiting_ones(center: Database,
                                                          clock: FixedClock) -> None:
    """Nobody has to run anything at night: the first number issued on a new day cancels the
    tickets still waiting from before (with a ticket.cancelled event each), and the one left
    being served (its counter is freed: never resumed as "called 24 hours ago")."""
    queue = QueueService(center)
    left = [queue.issue_ticket(SITE, "HT"), queue.issue_ticket(SITE, "CT")]
    serving = queue.issue_ticket(SITE, "HT")
    queue.call_ticket(counter_id(queue, 1), serving.id)
    clock.advance(hours=22)  # the next morning (exactly 24 h later looks like a wrong date)
    today = queue.issue_ticket(SITE, "DD")
    assert [queue.ticket(t.id).status for t in left] == [TicketStatus.CANCELLED] * 2
    assert queue.ticket(serving.id).status == TicketStatus.CANCELLED
    assert queue.find_counter(SITE, 1).current is None
    assert queue.ticket(today.id).status == TicketStatus.WAITING
    with center.reading() as session:
        reasons = session.scalars(select(Event.data).where(
            Event.kind == "ticket.cancelled").order_by(Event.id)).all()
    assert [reason["reason"] for reason in reasons] == [
        "day_ended", "day_ended", "day_ended_serving"]  # ordered by ticket id
    queue.issue_ticket(SITE, "DD")  # not the first of the day: nothing more to do
    assert queue.expire_past_days(SITE) == 0


def test_summary_counts_waiting_and_served_per_service(center: Database) -> None:
    """Two HT waiting, one CT served."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    queue.issue_ticket(SITE, "HT")
    queue.issue_ticket(SITE, "CT")
    cid = counter_id(queue, 2)
    queue.call_next(cid)
    queue.finish(cid, Outcome.GUIDED)
    summary = queue.summary(SITE)
    assert summary.waiting["HT"] == 2 and summary.served["CT"] == 1


def test_latest_waiting_is_the_newest_ticket_still_waiting(center: Database,
                                                           clock: FixedClock) -> None:
    """The preview ticket is the last one issued that nobody has called yet."""
    queue = QueueService(center)
    assert queue.latest_waiting(SITE) is None
    queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=1)
    b1 = queue.issue_ticket(SITE, "CT")
    latest = queue.latest_waiting(SITE)
    assert latest is not None and latest.id == b1.id and latest.people_ahead == 0
    queue.call_next(counter_id(queue, 2))
    latest = queue.latest_waiting(SITE)
    assert latest is not None and latest.number == "A001"


def _two_land_tickets_of_six_minutes(queue: QueueService, clock: FixedClock) -> int:
    """Two Đất đai tickets served back to back at counter 3, 6 minutes each; its id."""
    cid = counter_id(queue, 3)
    for _ in range(2):
        queue.issue_ticket(SITE, "DD")
        queue.call_next(cid)
        clock.advance(minutes=6)
        queue.finish(cid, Outcome.GUIDED)
    return cid


def test_wait_estimate_uses_recent_service_times_and_open_counters(center: Database,
                                                                   clock: FixedClock) -> None:
    """Two Đất đai tickets served in 6 minutes each, back to back, at counter 3, the only one
    for Đất đai: 6 minutes call to call. The next person with one ahead, counter 3 free: it
    calls the one ahead at once, then about 6 minutes, a little more for the priority
    tickets foreseen and for a break (the site's first morning: each counter is expected to
    lose 10 of the next 240 minutes to one): 6 ÷ (23/24) and the priority share, 6.66 → 7.
    With counter 2 serving Đất đai too, both call at once: 0."""
    queue = QueueService(center)
    _two_land_tickets_of_six_minutes(queue, clock)
    queue.issue_ticket(SITE, "DD")
    second = queue.issue_ticket(SITE, "DD")
    assert second.people_ahead == 1 and second.estimated_wait_minutes == 7
    assert second.estimated_wait_low is not None and second.estimated_wait_high is not None
    assert second.estimated_wait_low < 7 < second.estimated_wait_high
    CenterService(center).set_counter_services(SITE, 2, ["CT", "DD"])
    assert queue.ticket(second.id).estimated_wait_minutes == 0


def test_wait_estimate_with_nobody_ahead_counts_the_ticket_being_served(
        center: Database, clock: FixedClock) -> None:
    """Đất đai takes 6 minutes call to call at counter 3, its only counter. Counter 3 calls a
    ticket; 2 minutes later the next one has nobody ahead but must wait for it: about
    max(6 − 2, 3) = 4 minutes, not 0. With counter 3 on break (10 minutes by default), the
    wait is the break (and a little for the priority tickets foreseen by then); with it
    closed, nobody can tell."""
    queue = QueueService(center)
    cid = _two_land_tickets_of_six_minutes(queue, clock)
    queue.issue_ticket(SITE, "DD")
    queue.call_next(cid)
    clock.advance(minutes=2)
    waiting = queue.issue_ticket(SITE, "DD")
    assert (waiting.people_ahead, waiting.estimated_wait_minutes) == (0, 4)
    queue.finish(cid, Outcome.GUIDED)
    queue.set_counter_status(cid, CounterStatus.PAUSED)
    assert queue.ticket(waiting.id).estimated_wait_minutes in (10, 11)
    queue.set_counter_status(cid, CounterStatus.CLOSED)
    closed = queue.ticket(waiting.id)
    assert (closed.estimated_wait_minutes, closed.estimated_wait_low) == (None, None)


def test_wait_estimate_foresees_a_break_taken_on_earlier_days(center: Database,
                                                              clock: FixedClock) -> None:
    """Monday counter 3 pauses 09:30–09:45. Tuesday at 09:00 the estimate's inputs foresee
    it at that time of day, widened by 15 minutes each side with its 15 minutes kept: from
    15 to 60 minutes from now, a third of the counter's time; its long waits grow. Once it
    has taken its 15 minutes on Tuesday, nothing more is foreseen."""
    from shared import wait_reads
    from shared.models import Ticket

    queue = QueueService(center)
    cid = _two_land_tickets_of_six_minutes(queue, clock)
    clock.advance(minutes=30 - 12)
    queue.set_counter_status(cid, CounterStatus.PAUSED)
    clock.advance(minutes=15)
    queue.set_counter_status(cid, CounterStatus.OPEN)
    clock.advance(hours=23, minutes=15)  # Tuesday 09:00
    tickets = [queue.issue_ticket(SITE, "DD") for _ in range(12)]

    def counter_breaks() -> tuple[tuple[float, float, float], ...]:
        with center.reading() as session:
            ticket = session.get(Ticket, tickets[-1].id)
            assert ticket is not None
            _, inputs = wait_reads.wait_inputs(session, ticket, clock.moment, queue.settings)
        return tuple(span for c in inputs.counters for span in c.breaks)

    ((low, high, share),) = counter_breaks()
    assert (low, high, share) == pytest.approx((15.0, 60.0, 1 / 3))
    clock.advance(minutes=1)
    queue.set_counter_status(cid, CounterStatus.PAUSED)
    clock.advance(minutes=15)
    queue.set_counter_status(cid, CounterStatus.OPEN)
    assert counter_breaks() == ()


def test_a_counter_taken_out_of_use_calls_nobody(center: Database) -> None:
    """`layso counter set 2 --active no`: its next call is refused; the ticket keeps waiting."""
    queue = QueueService(center)
    waiting = queue.issue_ticket(SITE, "CT")
    with center.transaction() as session:
        from shared.models import Counter

        session.get(Counter, counter_id(queue, 2)).active = False  # type: ignore[union-attr]
    with pytest.raises(InvalidOperation, match="ngừng sử dụng"):
        queue.call_next(counter_id(queue, 2))
    with pytest.raises(InvalidOperation, match="ngừng sử dụng"):
        queue.call_ticket(counter_id(queue, 2), waiting.id)
    assert queue.ticket(waiting.id).status == TicketStatus.WAITING
