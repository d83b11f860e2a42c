"""What issue, call, finish and no-show return is what a fresh read of the database gives.

The hot paths write with Core statements and build their views from the rows they read
(shared/queue_sql.py); the read paths build them from ORM objects. Both must agree, field by
field, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.clock import FixedClock
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.models import CounterStatus, Event, Outcome, Priority, Ticket, TicketStatus
from shared.queue import QueueService
from tests.center_data import SITE


def test_an_issued_ticket_is_returned_as_it_is_read_back(center: Database,
                                                          clock: FixedClock) -> None:
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=1)
    issued = queue.issue_ticket(SITE, "HT", Priority.ELDERLY)
    assert issued == queue.ticket(issued.id)
    assert (issued.number, issued.service, issued.service_name) == ("A002", "HT", "Hộ tịch")
    assert issued.priority == Priority.ELDERLY and issued.status == TicketStatus.WAITING


def test_a_call_returns_the_ticket_and_the_counter_as_they_are_read_back(
        center: Database, clock: FixedClock) -> None:
    """Counter 1 (clerk lan logged in, serving HT then CT) calls A001: the returned ticket and
    counter state equal a fresh read, clerk and service order included."""
    queue = QueueService(center)
    issued = queue.issue_ticket(SITE, "HT")
    clock.advance(minutes=2)
    called = queue.call_next(queue.find_counter(SITE, 1).id)
    assert called is not None
    counter = queue.find_counter(SITE, 1)
    assert called.counter == counter
    assert called.ticket == counter.current == queue.ticket(issued.id)
    assert called.ticket.called_at == clock.moment and called.ticket.counter == 1
    assert called.ticket.call_count == 1
    assert called.counter.services == ("HT", "CT")
    assert called.counter.clerk_username == "lan" and called.counter.clerk_name
    assert called.counter.status == CounterStatus.OPEN


def test_calling_a_chosen_ticket_and_ending_it_return_what_is_read_back(
        center: Database, clock: FixedClock) -> None:
    queue = QueueService(center)
    counter = queue.find_counter(SITE, 3).id
    queue.issue_ticket(SITE, "DD")
    second = queue.issue_ticket(SITE, "DD")
    clock.advance(minutes=1)
    called = queue.call_ticket(counter, second.id)
    assert called.ticket == queue.ticket(second.id)
    assert called.counter == queue.counter(counter)
    clock.advance(minutes=4)
    finished = queue.finish(counter, Outcome.GUIDED, procedure_code="1.001234")
    assert finished == queue.ticket(second.id)
    assert finished.status == TicketStatus.FINISHED and finished.outcome == Outcome.GUIDED
    assert finished.finished_at == clock.moment and finished.counter == 3
    assert queue.counter(counter).current is None
    with center.reading() as session:
        assert session.scalar(select(Ticket.procedure_code).where(
            Ticket.id == second.id)) == "1.001234"


def test_a_no_show_returns_what_is_read_back_and_a_recall_counts_again(
        center: Database) -> None:
    queue = QueueService(center)
    counter = queue.find_counter(SITE, 2).id
    issued = queue.issue_ticket(SITE, "CT")
    queue.call_next(counter)
    assert queue.recall(counter).ticket.call_count == 2
    gone = queue.no_show(counter)
    assert gone == queue.ticket(issued.id)
    assert gone.status == TicketStatus.NO_SHOW and gone.outcome is None and gone.call_count == 2


def test_a_ticket_called_again_after_a_transfer_keeps_its_first_call_time(
        center: Database, clock: FixedClock) -> None:
    """Transferred back to the queue and called again: ``first_called_at`` stays the first
    call's, ``called_at`` is the new one, the call count goes on."""
    queue = QueueService(center)
    issued = queue.issue_ticket(SITE, "HT")
    first_call = clock.moment
    queue.call_next(queue.find_counter(SITE, 1).id)
    queue.transfer(queue.find_counter(SITE, 1).id, to_counter=3)
    clock.advance(minutes=3)
    again = queue.call_next(queue.find_counter(SITE, 3).id)
    assert again is not None and again.ticket.id == issued.id
    assert again.ticket.call_count == 2 and again.ticket.called_at == clock.moment
    with center.reading() as session:
        ticket = session.get(Ticket, issued.id)
        assert ticket is not None
        assert ticket.first_called_at == first_call and ticket.target_counter_id is None


def test_a_procedure_code_too_long_is_refused_and_nothing_is_written(center: Database) -> None:
    """The Core UPDATE checks the column's limit as the ORM flush does: a clear message naming
    the field, the ticket still being served, no event."""
    queue = QueueService(center)
    counter = queue.find_counter(SITE, 1).id
    issued = queue.issue_ticket(SITE, "HT")
    queue.call_next(counter)
    with center.reading() as session:
        events = session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))
    with pytest.raises(InvalidOperation) as refused:
        queue.finish(counter, Outcome.GUIDED, procedure_code="9" * 65)
    assert "Mã thủ tục" in refused.value.message and "64" in refused.value.message
    assert queue.ticket(issued.id).status == TicketStatus.SERVING
    assert queue.counter(counter).current is not None
    with center.reading() as session:
        assert session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) == events
