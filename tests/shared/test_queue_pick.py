"""call_next finds the next ticket position by position through an index (shared/queue_pick.py),
in the policy's order, tickets sent by a transfer included. On SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.engine import make_url

from shared.clock import FixedClock, business_day
from shared.config import QueueSettings
from shared.db.database import Database
from shared.models import Outcome, Priority
from shared.queue import QueueService
from tests.center_data import SITE


def _transfers(center: Database, clock: FixedClock) -> None:
    """Counter 3 serves DD then HT. Issued 20 s apart: B001 (CT), C001, A001, C002, B002,
    C003 (elderly). Then B001 is sent to counter 3 (which does not serve CT: its first
    position), A001 to counter 3 (HT: its second position), B002 to counter 1 as DD."""
    queue = QueueService(center)
    for service, priority in (("CT", Priority.NONE), ("DD", Priority.NONE),
                              ("HT", Priority.NONE), ("DD", Priority.NONE),
                              ("CT", Priority.NONE), ("DD", Priority.ELDERLY)):
        queue.issue_ticket(SITE, service, priority)
        clock.advance(seconds=20)
    one, two = queue.find_counter(SITE, 1).id, queue.find_counter(SITE, 2).id
    assert queue.call_next(two).ticket.number == "B001"  # type: ignore[union-attr]
    queue.transfer(two, to_counter=3)
    assert queue.call_next(one).ticket.number == "A001"  # type: ignore[union-attr]
    queue.transfer(one, to_counter=3)
    assert queue.call_next(two).ticket.number == "B002"  # type: ignore[union-attr]
    queue.transfer(two, to_service="DD", to_counter=1)


@pytest.mark.parametrize(("policy", "expected"), [
    ("strict", ["C003", "B001", "C001", "C002", "A001"]),
    ("interleave", ["B001", "C001", "C002", "C003", "A001"]),
])
def test_tickets_sent_here_keep_their_service_position_and_issue_time(
        center: Database, clock: FixedClock, policy: str, expected: list[str]) -> None:
    """Counter 3 calls the ticket sent to it from a service it does not serve at its first
    position by issue time, the HT one sent to it after its DD queue, never the one sent to
    counter 1; each step matches the waiting list (read by the ordering query)."""
    _transfers(center, clock)
    queue = QueueService(center, QueueSettings(priority_policy=policy,  # type: ignore[arg-type]
                                               priority_every=3))
    counter = queue.find_counter(SITE, 3).id
    called: list[str] = []
    while True:
        listed = [entry.ticket.number for entry in queue.waiting(counter)]
        taken = queue.call_next(counter)
        if taken is None:
            assert listed == []
            break
        assert listed[0] == taken.ticket.number
        called.append(taken.ticket.number)
        queue.finish(counter, Outcome.GUIDED)
    assert called == expected
    one = queue.find_counter(SITE, 1).id
    assert queue.call_next(one).ticket.number == "B002"  # type: ignore[union-attr]


def test_two_services_at_one_position_are_merged_by_issue_time(
        center: Database, clock: FixedClock) -> None:
    """Services that share a position at a counter are one queue by issue time."""
    from sqlalchemy import update

    from shared.models import CounterService

    queue = QueueService(center)
    counter = queue.find_counter(SITE, 1).id  # HT (0), CT (1) → both 0
    with center.transaction() as session:
        session.execute(update(CounterService).where(CounterService.counter_id == counter)
                        .values(position=0))
    for service in ("CT", "HT", "CT", "HT"):
        queue.issue_ticket(SITE, service)
        clock.advance(seconds=5)
    called = []
    while (taken := queue.call_next(counter)) is not None:
        called.append(taken.ticket.number)
        queue.finish(counter, Outcome.GUIDED)
    assert called == ["B001", "A001", "B002", "A002"]


def test_the_head_of_a_queue_is_read_from_the_index_without_sorting(
        sqlite_center: Database, clock: FixedClock) -> None:
    """SQLite's plan for the next ordinary ticket of a service: a search of ix_tickets_queue on
    every equality, and no temporary B-tree (no sort of the waiting tickets)."""
    from shared import queue_sql

    statement = queue_sql.service_head(False, False)
    compiled = statement.compile(sqlite_center.engine)
    values = compiled.construct_params({
        "site_id": 1, "day": business_day(clock(None)).isoformat(), "service_id": 1})
    assert compiled.positiontup is not None
    parameters = tuple(str(v) if hasattr(v, "value") else v
                       for v in (values[name] for name in compiled.positiontup))
    connection = sqlite3.connect(str(make_url(sqlite_center.url).database))
    plan = " | ".join(row[3] for row in connection.execute(
        f"EXPLAIN QUERY PLAN {compiled}", parameters))
    connection.close()
    assert "ix_tickets_queue (site_id=? AND status=? AND business_day=? AND service_id=? " \
           "AND priority=?)" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_the_priority_class_is_read_only_when_one_of_the_counters_waits(
        center: Database, clock: FixedClock) -> None:
    """Strict policy at counter 2 (CT): an elderly HT ticket (not its service) and an elderly
    CT ticket sent to counter 3 do not come before its ordinary B001; an elderly ticket sent
    to it does, and so does an elderly CT ticket; with today's services changed to HT, an
    elderly HT ticket does. (A call skips the priority class's per-service reads when its
    one probe finds no priority ticket of the counter's services: the probe must see exactly
    those.)"""
    from shared.counter_day import CounterDayServices

    queue = QueueService(center, QueueSettings(priority_policy="strict"))
    one, two = queue.counter_id(SITE, 1), queue.counter_id(SITE, 2)

    def issue(service: str, priority: Priority = Priority.NONE) -> str:
        clock.advance(seconds=10)
        return queue.issue_ticket(SITE, service, priority).number

    def call(counter: int) -> str:
        called = queue.call_next(counter)
        assert called is not None
        return called.ticket.number

    def next_at(counter: int) -> str:
        number = call(counter)
        queue.finish(counter, Outcome.GUIDED)
        return number

    assert issue("HT", Priority.ELDERLY) == "A001"    # not counter 2's service
    assert issue("CT") == "B001"
    assert issue("CT", Priority.ELDERLY) == "B002"    # sent to counter 3 below
    assert next_at(one) == "A001"
    assert call(one) == "B002"
    queue.transfer(one, to_counter=3)                 # waits again, for counter 3 only
    assert issue("HT", Priority.ELDERLY) == "A002"    # not counter 2's service
    assert next_at(two) == "B001"
    assert issue("HT", Priority.DISABLED) == "A003"   # sent to counter 2 below
    assert next_at(one) == "A002"
    assert call(one) == "A003"
    queue.transfer(one, to_counter=2)
    assert issue("CT") == "B003"
    assert issue("CT", Priority.ELDERLY) == "B004"
    assert [next_at(two), next_at(two), next_at(two)] == ["A003", "B004", "B003"]
    CounterDayServices(center).set_today(SITE, 2, ["HT"])
    assert issue("HT") == "A004"
    assert issue("HT", Priority.ELDERLY) == "A005"
    assert next_at(two) == "A005"
