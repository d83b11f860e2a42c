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
from shared.config import QueueSettings
from shared.db.database import Database
from shared.models import Counter, Event, Priority, Service, Ticket, TicketStatus
from shared.queue import QueueService

MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SPAWN = multiprocessing.get_context("spawn")
ISSUERS = (("HT", "CT", "DD"), ("CT", "HT"), ("HT", "DD", "CT"))  # services in rotation
PER_ISSUER = 700  # 2,100 tickets in all
COUNTERS = (1, 2, 3)
#: What each counter of tests/center_data.py serves, in its order.
SERVES = {1: ("HT", "CT"), 2: ("CT",), 3: ("DD", "HT")}

pytestmark = pytest.mark.slow


#: The interleave case: one priority ticket after every 2 others, a third of them priority,
#: 300 tickets (about 15 s a backend on a 2-core machine).
INTERLEAVE = QueueSettings(priority_policy="interleave", priority_every=2)
INTERLEAVE_PER_ISSUER = 100


def issuer(url: str, services: tuple[str, ...], count: int, go: Any, out: str,
           priority_every_kth: int = 7) -> None:
    """Child: issue ``count`` tickets, every kth a priority one; note when each returned."""
    queue = QueueService(Database(url, clock=FixedClock(MORNING)))
    notes = []
    go.wait()
    for i in range(count):
        priority = Priority.ELDERLY if i % priority_every_kth == 3 % priority_every_kth \
            else Priority.NONE
        ticket = queue.issue_ticket("HQ", services[i % len(services)], priority)
        notes.append({"id": ticket.id, "done": time.monotonic()})
    Path(out).write_text(json.dumps(notes))


def caller(url: str, number: int, issuing_done: Any, go: Any, out: str,
           settings: QueueSettings | None = None) -> None:
    """Child: call next and finish until the issuers are done and nothing is left."""
    queue = QueueService(Database(url, clock=FixedClock(MORNING)), settings)
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


def run_day(center: Database, folder: Path, per_issuer: int = PER_ISSUER,
            settings: QueueSettings | None = None, priority_every_kth: int = 7,
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    go, issuing_done = SPAWN.Event(), SPAWN.Event()
    issuers = [SPAWN.Process(target=issuer, args=(center.url, services, per_issuer, go,
                                                  str(folder / f"issuer{i}.json"),
                                                  priority_every_kth))
               for i, services in enumerate(ISSUERS)]
    callers = [SPAWN.Process(target=caller, args=(center.url, number, issuing_done, go,
                                                  str(folder / f"caller{number}.json"),
                                                  settings))
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


def test_concurrent_calling_keeps_the_interleave_order_of_each_counter(
        center: Database, tmp_path: Path) -> None:
    """Interleave policy (one priority ticket after every 2 others, per counter), 300 tickets
    issued and called at once: none lost or served twice, and replaying each counter's calls
    in order, every call took the class the policy asks for (priority once 2 others were
    called, else ordinary; the other class only when none of the asked one was surely
    waiting) and the first ticket of that class in the counter's order; the counter's stored
    tally ends where the replay does."""
    issued, calls = run_day(center, tmp_path, INTERLEAVE_PER_ISSUER, INTERLEAVE,
                            priority_every_kth=3)
    with center.reading() as session:
        tickets = {t.id: t for t in session.scalars(select(Ticket))}
        codes = {row.id: row.code for row in session.execute(select(Service.id, Service.code))}
        tallies = dict(session.execute(select(Counter.number, Counter.calls_since_priority)).all())
    assert len(tickets) == len(issued) == INTERLEAVE_PER_ISSUER * len(ISSUERS)
    assert sorted(c["id"] for c in calls) == sorted(tickets)
    assert all(t.status == TicketStatus.FINISHED and t.call_count == 1
               for t in tickets.values())
    assert any(t.priority != Priority.NONE for t in tickets.values())

    issue_done = {n["id"]: n["done"] for n in issued}
    call_start = {c["id"]: c["start"] for c in calls}
    for number in COUNTERS:
        def key(ticket: Ticket, number: int = number) -> tuple[int, datetime, int]:
            return (SERVES[number].index(codes[ticket.service_id]), ticket.queued_at,
                    ticket.id)

        eligible = sorted((t for t in tickets.values()
                           if codes[t.service_id] in SERVES[number]), key=key)
        since = 0
        for call in sorted((c for c in calls if c["counter"] == number),
                           key=lambda c: c["start"]):
            def waiting(priority: bool, call: dict[str, Any] = call,
                        eligible: list[Ticket] = eligible) -> list[Ticket]:
                """Tickets of the class surely waiting throughout this call, in order."""
                return [t for t in eligible if (t.priority != Priority.NONE) == priority
                        and t.id != call["id"] and issue_done[t.id] < call["start"]
                        and call_start[t.id] > call["end"]]

            ticket = tickets[call["id"]]
            took_priority = ticket.priority != Priority.NONE
            wanted = since >= INTERLEAVE.priority_every
            if took_priority != wanted:
                assert waiting(wanted) == [], (
                    f"counter {number} took {ticket.number} with {since} calls since priority")
            ahead = [t for t in waiting(took_priority) if key(t) < key(ticket)]
            assert ahead == [], f"counter {number} called {ticket.number} before {ahead[0].number}"
            since = 0 if took_priority else since + 1
        assert tallies[number] == since
