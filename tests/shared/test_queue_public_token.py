"""Each ticket's phone-page token, and the acting program named in queue events."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.errors import NotFound
from shared.models import Event
from shared.queue import QueueService
from tests.center_data import SITE


def test_every_ticket_gets_its_own_unguessable_token(center: Database) -> None:
    """A random URL-safe token of 128 bits per ticket: neither its id nor its number, never
    the same twice, and it finds the ticket (with its place in the queue)."""
    queue = QueueService(center)
    tickets = [queue.issue_ticket(SITE, "HT") for _ in range(50)]
    tokens = [ticket.public_token for ticket in tickets]
    assert all(token is not None and len(token) == 22 for token in tokens)
    assert len(set(tokens)) == 50
    assert not {str(t.id) for t in tickets} & set(tokens)
    assert not {t.number for t in tickets} & set(tokens)
    found = queue.ticket_by_token(tickets[3].public_token or "")
    assert (found.id, found.people_ahead) == (tickets[3].id, 3)
    assert found.public_token == tickets[3].public_token
    with pytest.raises(NotFound):
        queue.ticket_by_token("x" * 22)


def test_a_call_returns_the_token_of_the_ticket_called(center: Database) -> None:
    queue = QueueService(center)
    issued = queue.issue_ticket(SITE, "HT")
    called = queue.call_next(queue.find_counter(SITE, 1).id)
    assert called is not None and called.ticket.public_token == issued.public_token


def test_an_actor_is_named_in_each_event_it_causes(center: Database) -> None:
    """A QueueService acting for an API token writes ``by`` into issue, call, recall and
    finish events; the desk's own service writes none."""
    api = QueueService(center, actor="api:kiosk-1")
    counter = api.find_counter(SITE, 1).id
    api.issue_ticket(SITE, "HT")
    api.call_next(counter)
    api.recall(counter)
    api.finish(counter, "guided")
    QueueService(center).issue_ticket(SITE, "HT")
    with center.reading() as session:
        rows = session.execute(select(Event.kind, Event.data).where(
            Event.kind.like("ticket.%")).order_by(Event.id)).all()
    assert [(kind, data.get("by")) for kind, data in rows] == [
        ("ticket.issued", "api:kiosk-1"), ("ticket.called", "api:kiosk-1"),
        ("ticket.recalled", "api:kiosk-1"), ("ticket.finished", "api:kiosk-1"),
        ("ticket.issued", None)]


def test_several_tickets_read_at_once_equal_each_read_alone(center: Database) -> None:
    """QueueService.tickets(ids): the same views as ticket(id) one by one (people ahead and
    wait included), in one transaction; an unknown id is left out."""
    queue = QueueService(center)
    issued = [queue.issue_ticket(SITE, service) for service in ("HT", "HT", "CT", "HT")]
    queue.call_next(queue.find_counter(SITE, 2).id)  # B001 is served
    ids = [ticket.id for ticket in issued]
    together = queue.tickets([*ids, 999_999])
    assert set(together) == set(ids)
    assert all(together[i] == queue.ticket(i) for i in ids)
    assert [together[i].people_ahead for i in ids] == [0, 1, None, 2]
