"""The live supervision snapshot (shared/supervision.py) and putting a no-show back in the
queue (QueueService.return_to_queue), on SQLite and PostgreSQL with a fixed clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.clock import FixedClock
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.models import CounterStatus, Event, Outcome, TicketStatus
from shared.queue import QueueService
from shared.supervision import AlertThresholds, SupervisionService
from tests.center_data import SITE


def counter_id(queue: QueueService, number: int) -> int:
    return queue.find_counter(SITE, number).id


def events(db: Database, kind: str) -> list[Event]:
    with db.reading() as session:
        rows = list(session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))
        session.expunge_all()
        return rows


def test_the_snapshot_has_each_counter_the_waits_per_service_and_the_median_wait(
        center: Database, clock: FixedClock) -> None:
    """Three tickets, one called after 5 minutes: counter 1 serves it since the call; Hộ tịch
    has one waiting since the second ticket's issue; the median wait is 5 minutes."""
    queue = QueueService(center)
    first = queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=1)
    second = queue.issue_ticket(SITE, "HT")
    queue.issue_ticket(SITE, "CT")
    clock.advance(minutes=4)
    queue.call_next(counter_id(queue, 1))
    clock.advance(minutes=2)
    snapshot = SupervisionService(center).snapshot(SITE)
    one = snapshot.counters[0]
    assert (one.number, one.ticket_number, one.clerk_username) == (1, first.number, "lan")
    assert one.called_at == clock.moment - timedelta(minutes=2)
    services = {line.code: line for line in snapshot.services}
    assert services["HT"].waiting == 1 and services["HT"].oldest_queued_at == second.issued_at
    assert services["CT"].waiting == 1 and services["DD"].waiting == 0
    assert services["HT"].open_counters == 2 and services["DD"].open_counters == 1
    assert snapshot.figures.waiting == 2 and snapshot.figures.called == 1
    assert snapshot.figures.median_wait_minutes == 5.0
    assert snapshot.alerts == ()


def test_alerts_fire_when_their_minutes_pass(center: Database, clock: FixedClock) -> None:
    """Thresholds 10 min of waiting and 5 of break: counter 3 (the only one for Đất đai) goes
    on break and a Đất đai ticket is issued. At once: the service nobody serves; after 6
    minutes the break as well; after 11 the wait too. Turned off, none fire."""
    queue = QueueService(center)
    supervision = SupervisionService(center, actor="boss")
    supervision.set_thresholds(SITE, wait_minutes=10, break_minutes=5, unserved_service=True)
    queue.set_counter_status(counter_id(queue, 3), CounterStatus.PAUSED)
    queue.issue_ticket(SITE, "DD")
    kinds = [(a.kind, a.subject) for a in supervision.snapshot(SITE).alerts]
    assert kinds == [("unserved", "DD")]
    clock.advance(minutes=4)
    assert [a.kind for a in supervision.snapshot(SITE).alerts] == ["unserved"]
    clock.advance(minutes=2)
    alerts = supervision.snapshot(SITE).alerts
    assert [(a.kind, a.subject, a.minutes) for a in alerts] == [
        ("break", "3", 6), ("unserved", "DD", 6)]
    assert "Quầy 3 (Lê Thị Hoa) tạm nghỉ đã 6 phút" in alerts[0].message
    clock.advance(minutes=5)
    alerts = supervision.snapshot(SITE).alerts
    assert [(a.kind, a.subject, a.minutes) for a in alerts] == [
        ("wait", "DD", 11), ("break", "3", 11), ("unserved", "DD", 11)]
    supervision.set_thresholds(SITE, wait_minutes=None, break_minutes=None,
                               unserved_service=False)
    assert supervision.snapshot(SITE).alerts == ()


def test_thresholds_are_stored_per_site_checked_and_logged_with_who(center: Database) -> None:
    supervision = SupervisionService(center, actor="boss")
    assert supervision.thresholds(SITE) == AlertThresholds()
    with pytest.raises(InvalidOperation):
        supervision.set_thresholds(SITE, wait_minutes=0, break_minutes=5, unserved_service=True)
    saved = supervision.set_thresholds(SITE, wait_minutes=20, break_minutes=None,
                                       unserved_service=False)
    assert (saved.wait_minutes, saved.break_minutes, saved.unserved_service) == (20, None, False)
    assert supervision.thresholds(SITE).updated_by == "boss"
    change = events(center, "config.changed")[-1]
    assert change.data["change"] == "supervision.alerts" and change.data["by"] == "boss"
    assert change.data["after"] == {"wait_minutes": 20, "break_minutes": None,
                                    "unserved_service": False}


def test_a_counter_on_break_says_since_when(center: Database, clock: FixedClock) -> None:
    queue = QueueService(center)
    queue.set_counter_status(counter_id(queue, 2), CounterStatus.PAUSED)
    paused_at = clock.moment
    clock.advance(minutes=3)
    two = SupervisionService(center).snapshot(SITE).counters[1]
    assert two.status == CounterStatus.PAUSED and two.status_since == paused_at


def test_a_no_show_goes_back_in_the_queue_once_counted(center: Database,
                                                       clock: FixedClock) -> None:
    """A no-show put back waits again in its place, any counter of its service may call it,
    an event names who did it, and the day's figures count it once: no longer a no-show,
    then served."""
    desk = QueueService(center)
    ticket = desk.issue_ticket(SITE, "HT")
    desk.issue_ticket(SITE, "HT")
    desk.call_next(counter_id(desk, 1))
    desk.no_show(counter_id(desk, 1))
    assert desk.summary(SITE).no_show["HT"] == 1
    clock.advance(minutes=3)
    back = QueueService(center, actor="boss").return_to_queue(ticket.id)
    assert back.status == TicketStatus.WAITING and back.people_ahead == 0
    returned = events(center, "ticket.returned_to_queue")
    assert len(returned) == 1 and returned[0].data["by"] == "boss"
    assert returned[0].data["from_counter"] == 1 and returned[0].ticket_id == ticket.id
    summary = desk.summary(SITE)
    assert (summary.waiting["HT"], summary.no_show["HT"]) == (2, 0)
    called = desk.call_next(counter_id(desk, 3))  # counter 3 serves HT too
    assert called is not None and called.ticket.id == ticket.id
    desk.finish(counter_id(desk, 3), Outcome.GUIDED)
    summary = desk.summary(SITE)
    assert (summary.served["HT"], summary.no_show["HT"]) == (1, 0)
    assert SupervisionService(center).snapshot(SITE).figures.served == 1


def test_only_todays_no_shows_go_back(center: Database, clock: FixedClock) -> None:
    desk = QueueService(center)
    ticket = desk.issue_ticket(SITE, "HT")
    with pytest.raises(InvalidOperation, match="vắng mặt"):
        desk.return_to_queue(ticket.id)
    desk.call_next(counter_id(desk, 1))
    desk.no_show(counter_id(desk, 1))
    clock.advance(days=1)
    with pytest.raises(InvalidOperation, match="hôm nay"):
        desk.return_to_queue(ticket.id)
