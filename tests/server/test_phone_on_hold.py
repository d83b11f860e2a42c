"""The phone page of a ticket its counter put on hold says so (and what to do), in both
languages, instead of a missing text."""

from __future__ import annotations

from server.phone.view import PhoneState, texts
from shared.clock import FixedClock
from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE


def test_a_held_ticket_tells_the_citizen_to_go_back_to_the_counter(
        sqlite_center: Database, clock: FixedClock) -> None:
    queue = QueueService(sqlite_center)
    ticket = queue.issue_ticket(SITE, "HT")
    counter = queue.find_counter(SITE, 1).id
    queue.call_next(counter)
    queue.hold(counter)
    state = PhoneState.of(queue.ticket(ticket.id), clock.moment.date())
    assert state.status == "on_hold"
    words = texts(state, "vi")
    assert words["headline"] == "Quầy đang giữ số của ông/bà"
    assert "quay lại đúng quầy" in words["detail"]
    assert texts(state, "en")["headline"] == "The counter is holding your number"
