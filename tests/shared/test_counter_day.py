"""A counter's services for the rest of the day (shared/counter_day.py), on SQLite and
PostgreSQL: the queue's calls follow the day's list on that day and the usual list the next
day, with nothing run in between. Counter 2 of the test center serves CT only."""

from __future__ import annotations

import pytest

from shared.center import CenterService
from shared.clock import FixedClock
from shared.counter_day import CHANGE, CounterDayServices
from shared.db.database import Database
from shared.errors import InvalidOperation, NotFound
from shared.queue import QueueService
from tests.center_data import SITE
from tests.server.admin_helpers import changes


def _called(queue: QueueService, number: int) -> str | None:
    called = queue.call_next(queue.find_counter(SITE, number).id)
    return None if called is None else called.ticket.number


def test_call_next_follows_the_days_services_that_day_and_the_usual_ones_the_next(
        center: Database, clock: FixedClock) -> None:
    """Counter 2 set to Đất đai then Chứng thực for today calls the land ticket before the
    earlier certification one; the next morning it serves Chứng thực only again."""
    queue = QueueService(center)
    day = CounterDayServices(center, actor="boss")
    state = day.set_today(SITE, 2, ["DD", "CT"])
    assert (state.today, state.usual, state.in_force) == (("DD", "CT"), ("CT",), ("DD", "CT"))
    queue.issue_ticket(SITE, "CT")                            # B001, first in line
    queue.issue_ticket(SITE, "DD")                            # C001
    queue.issue_ticket(SITE, "HT")                            # A001: not counter 2's
    counter = queue.find_counter(SITE, 2).id
    assert [entry.ticket.number for entry in queue.waiting(counter)] == ["C001", "B001"]
    assert _called(queue, 2) == "C001"
    queue.finish(counter, "guided")
    assert _called(queue, 2) == "B001"
    queue.finish(counter, "guided")
    assert _called(queue, 2) is None                          # A001 stays for counters 1, 3
    assert CenterService(center).counter(SITE, 2).services == ("CT",)   # the set-up is kept

    clock.advance(days=1)
    assert day.today(SITE) == {}
    assert day.counter(SITE, 2).in_force == ("CT",)
    queue.issue_ticket(SITE, "DD")                            # C001 of the new day
    queue.issue_ticket(SITE, "CT")                            # B001
    assert [entry.ticket.number for entry in queue.waiting(counter)] == ["B001"]
    assert _called(queue, 2) == "B001"
    queue.finish(counter, "guided")
    assert _called(queue, 2) is None                          # the land ticket is not its own
    assert _called(queue, 3) == "C001"


def test_the_days_order_replaces_the_usual_order(center: Database) -> None:
    """Counter 1 (HT then CT) set to CT then HT for today calls CT first."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    queue.issue_ticket(SITE, "CT")
    CounterDayServices(center).set_today(SITE, 1, ["CT", "HT"])
    assert _called(queue, 1) == "B001"


def test_calling_a_chosen_ticket_follows_the_day_too(center: Database) -> None:
    """call_ticket from the waiting list accepts a ticket of today's service and refuses it
    once the counter is back to its usual services."""
    queue = QueueService(center)
    land = queue.issue_ticket(SITE, "DD")
    day = CounterDayServices(center, actor="boss")
    counter = queue.find_counter(SITE, 2).id
    day.set_today(SITE, 2, ["DD"])
    day.clear_today(SITE, 2)
    with pytest.raises(InvalidOperation):
        queue.call_ticket(counter, land.id)
    day.set_today(SITE, 2, ["DD"])
    assert queue.call_ticket(counter, land.id).ticket.number == "C001"


def test_each_change_is_an_event_naming_who_and_the_usual_list_clears_it(
        center: Database) -> None:
    day = CounterDayServices(center, actor="boss")
    day.set_today(SITE, 2, ["DD", "CT"])
    assert day.set_today(SITE, 2, ["CT"]).today is None       # its usual list: nothing kept
    day.clear_today(SITE, 2)                                   # nothing to clear: no event
    logged = changes(center, CHANGE)
    assert [(entry["before"], entry["after"], entry["by"]) for entry in logged] == [
        (None, ["DD", "CT"], "boss"), (["DD", "CT"], None, "boss")]
    assert logged[0]["usual"] == ["CT"] and logged[0]["counter"] == 2


def test_a_wrong_list_changes_nothing(center: Database) -> None:
    day = CounterDayServices(center)
    with pytest.raises(InvalidOperation, match="ít nhất một dịch vụ"):
        day.set_today(SITE, 2, [])
    with pytest.raises(NotFound):
        day.set_today(SITE, 2, ["DD", "XX"])
    with pytest.raises(NotFound):
        day.set_today(SITE, 9, ["DD"])
    assert day.today(SITE) == {}


def test_the_wait_estimate_counts_the_counters_of_todays_lists(center: Database,
                                                                clock: FixedClock) -> None:
    """With counter 3 (the only one serving Đất đai) closed, a land ticket has no estimate;
    counter 2 sent to Đất đai for today gives it one; the next day that counter is gone
    from the land queue again."""
    queue = QueueService(center)
    queue.set_counter_status(queue.find_counter(SITE, 3).id, "closed")
    land = queue.issue_ticket(SITE, "DD")
    assert queue.ticket(land.id).estimated_wait_minutes is None
    CounterDayServices(center).set_today(SITE, 2, ["DD", "CT"])
    assert queue.ticket(land.id).estimated_wait_minutes is not None
    clock.advance(days=1)
    tomorrow = queue.issue_ticket(SITE, "DD")
    assert queue.ticket(tomorrow.id).estimated_wait_minutes is None
