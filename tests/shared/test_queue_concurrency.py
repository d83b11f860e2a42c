"""QueueService under real concurrency: several processes issuing and several calling at once.

Three issuer processes (kiosks) and three caller processes (counters 1-3 of the test center)
each run the real QueueService on their own connections, on SQLite and on PostgreSQL. Each
process notes, with the system-wide monotonic clock, when each of its operations started and
returned; the checks then hold the database and those notes to the rules of QueueService.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections import Counter as Tally
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from shared.clock import FixedClock
from shared.db.database import Database
from shared.models import Event, Priority, Service, Ticket, TicketStatus
from shared.queue import QueueService

MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SPAWN = multiprocessing.get_context("spawn")
ISSUERS = (("HT", "CT", "DD"), ("CT", "HT"), ("HT", "DD", "CT"))  # services in rotation
PER_ISSUER = 1000  # 3,000 tickets in all
COUNTERS = (1, 2, 3)
#: What each counter of tests/center_data.py serves, in its order.
SERVES = {1: ("HT", "CT"), 2: ("CT",), 3: ("DD", "HT")}

pytestmark = pytest.mark.slow


def issuer(url: str, services: tuple[str, ...], count: int, go: Any, out: str) -> None:
    """Child: issue ``count`` tickets, every 7th a priority one; note when each returned."""
    queue = QueueService(Database(url, clock=FixedClock(MORNING)))
    notes = []
    go.wait()
    for i in range(count):
        priority = Priority.ELDERLY if i % 7 == 3 else Priority.NONE
        ticket = queue.issue_ticket("HQ", services[i % len(services)], priority)
        notes.append({"id": ticket.id, "done": time.monotonic()})
    Path(out).write_text(json.dumps(notes))


def caller(url: str, number: int, issuing_done: Any, go: Any, out: str) -> None:
    """Child: call next and finish until the issuers are done and nothing is left."""
    queue = QueueService(Database(url, clock=FixedClock(MORNING)))
    counter_id = queue.find_counter("HQ", number).id
    notes = []
    go.wait()
    while True:
        finished_issuing = issuing_done.is_set()
        start = time.monotonic()
        called = queue.call_next(counter_id)
        end = time.monotonic()
        if called is None:
            if finished_issuing:
                break
            time.sleep(0.01)
            continue
        notes.append({"id": called.ticket.id, "counter": number, "start": start, "end": end})
        queue.finish(counter_id, "guided")
    Path(out).write_text(json.dumps(notes))


def run_day(center: Database, folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    go, issuing_done = SPAWN.Event(), SPAWN.Event()
    issuers = [SPAWN.Process(target=issuer, args=(center.url, services, PER_ISSUER, go,
                                                  str(folder / f"issuer{i}.json")))
               for i, services in enumerate(ISSUERS)]
    callers = [SPAWN.Process(target=caller, args=(center.url, number, issuing_done, go,
                                                  str(folder / f"caller{number}.json")))
               for number in COUNTERS]
    for child in issuers + callers:
        child.start()
    time.sleep(0.5)
    go.set()
    for child in issuers:
        child.join(120)
    issuing_done.set()
    for child in callers:
        child.join(120)
    assert [c.exitcode for c in issuers + callers] == [0] * 6
    issued = [n for i in range(len(ISSUERS))
              for n in json.loads((folder / f"issuer{i}.json").read_text())]
    calls = [n for number in COUNTERS
             for n in json.loads((folder / f"caller{number}.json").read_text())]
    return issued, calls


def test_concurrent_issuing_and_calling_keep_every_queue_rule(
        center: Database, tmp_path: Path) -> None:
    """3 kiosks issue 1,500 tickets while 3 counters call and finish: no duplicate number per
    service and day, none lost, each called exactly once, and each counter called in the
    strict policy's order (priority first, then its services' order, then queue order) among
    the tickets available when it called."""
    issued, calls = run_day(center, tmp_path)
    total = PER_ISSUER * len(ISSUERS)
    with center.reading() as session:
        tickets = {t.id: t for t in session.scalars(select(Ticket))}
        codes = {row.id: row.code for row in session.execute(select(Service.id, Service.code))}
        called_events = Tally(session.scalars(select(Event.ticket_id).where(
            Event.kind == "ticket.called")))
        numbers = session.execute(
            select(Ticket.issued_service_id, Ticket.business_day, Ticket.number, func.count())
            .group_by(Ticket.issued_service_id, Ticket.business_day, Ticket.number)
            .having(func.count() > 1)).all()

    # Numbering: no duplicates, and each service's sequence is 1..n without holes.
    assert len(tickets) == len(issued) == total
    assert numbers == []
    for service_id in codes:
        sequences = sorted(t.sequence for t in tickets.values()
                           if t.issued_service_id == service_id)
        assert sequences == list(range(1, len(sequences) + 1))

    # None lost, none served twice: every ticket called once, by one counter, then finished.
    assert sorted(c["id"] for c in calls) == sorted(tickets)
    assert all(t.status == TicketStatus.FINISHED and t.call_count == 1
               for t in tickets.values())
    assert set(called_events.values()) == {1} and len(called_events) == total
    for call in calls:
        assert codes[tickets[call["id"]].service_id] in SERVES[call["counter"]]

    # Order: a ticket ahead in the counter's order that had been issued before the call
    # started, and that nobody had started to call before this call ended, was skipped:
    # that must never happen.
    issue_done = {n["id"]: n["done"] for n in issued}
    call_start = {c["id"]: c["start"] for c in calls}
    for number in COUNTERS:
        def key(ticket: Ticket, number: int = number) -> tuple[bool, int, datetime, int]:
            return (ticket.priority == Priority.NONE,
                    SERVES[number].index(codes[ticket.service_id]), ticket.queued_at, ticket.id)

        eligible = sorted((t for t in tickets.values()
                           if codes[t.service_id] in SERVES[number]), key=key)
        rank = {t.id: i for i, t in enumerate(eligible)}
        for call in (c for c in calls if c["counter"] == number):
            skipped = [t.id for t in eligible[:rank[call["id"]]]
                       if issue_done[t.id] < call["start"] and call_start[t.id] > call["end"]]
            assert skipped == [], f"counter {number} called {call['id']} before {skipped}"
