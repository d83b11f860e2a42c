"""QueueService.waiting lists the tickets in the order call_next takes them, under either
priority policy (shared/queue.py). On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from shared.clock import FixedClock
from shared.config import QueueSettings
from shared.db.database import Database
from shared.models import Outcome, Priority
from shared.queue import QueueService
from tests.center_data import SITE

#: Counter 3 serves DD then HT: a mix of services, priorities and a transfer to it.
ISSUES = [("DD", Priority.PREGNANT), ("DD", Priority.NONE), ("HT", Priority.ELDERLY),
          ("DD", Priority.NONE), ("HT", Priority.NONE), ("DD", Priority.NONE),
          ("DD", Priority.MERIT), ("HT", Priority.NONE), ("DD", Priority.NONE)]


@pytest.mark.parametrize(("policy", "every"), [("strict", 3), ("interleave", 2),
                                               ("interleave", 3)])
def test_waiting_list_is_the_order_call_next_takes(center: Database, clock: FixedClock,
                                                   policy: str, every: int) -> None:
    """At every step the listed order is the order of the calls that follow."""
    queue = QueueService(center, QueueSettings(priority_policy=policy,  # type: ignore[arg-type]
                                               priority_every=every))
    for service, priority in ISSUES:
        queue.issue_ticket(SITE, service, priority)
        clock.advance(seconds=20)
    counter = queue.find_counter(SITE, 3).id
    listed: list[list[str]] = []
    called: list[str] = []
    while True:
        listed.append([entry.ticket.number for entry in queue.waiting(counter)])
        taken = queue.call_next(counter)
        if taken is None:
            break
        called.append(taken.ticket.number)
        queue.finish(counter, Outcome.GUIDED)
    assert len(called) == len(ISSUES)
    for step, shown in enumerate(listed):
        assert shown == called[step:], (policy, step)


def test_interleave_list_differs_from_strict_and_puts_priority_after_n_others(
        center: Database, clock: FixedClock) -> None:
    """Interleave with N=2 and two priority tickets first: the list shows two ordinary
    tickets before the first priority one (strict would show both priority ones first)."""
    for service, priority in ISSUES:
        center_queue = QueueService(center)
        center_queue.issue_ticket(SITE, service, priority)
        clock.advance(seconds=20)
    counter = QueueService(center).find_counter(SITE, 3).id
    interleave = QueueService(center, QueueSettings(priority_policy="interleave",
                                                    priority_every=2))
    strict = QueueService(center)
    priorities = [entry.ticket.priority != Priority.NONE
                  for entry in interleave.waiting(counter)]
    assert priorities[:3] == [False, False, True]
    assert [e.ticket.priority != Priority.NONE for e in strict.waiting(counter)][:3] == [
        True, True, True]
