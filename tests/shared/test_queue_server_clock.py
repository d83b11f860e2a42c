"""On PostgreSQL the times come from the server's clock, read after the number is taken, so
the queue order by issue time always follows the numbers, even when kiosks issue at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import event, text

from shared.db.database import Database
from shared.errors import NotFound
from shared.queue import QueueService
from shared.views import TicketView
from tests.center_data import SITE, build_center
from tests.conftest import _empty_postgres


@pytest.fixture
def server_clock_db(pg_url: str) -> Iterator[Database]:
    """The session's PostgreSQL database with the real server clock (no test clock)."""
    db = Database(pg_url)
    _empty_postgres(db)
    build_center(db)
    yield db
    db.dispose()


def test_a_kiosk_that_waited_for_the_number_gets_the_time_after_the_wait(
        server_clock_db: Database) -> None:
    """Another transaction holds the day's number row for 0.4 s; a ticket issued meanwhile
    waits for it and is stamped after the wait, not at its transaction's start (which would
    put a later number before an earlier one issued by the other kiosk)."""
    queue = QueueService(server_clock_db)
    first = queue.issue_ticket(SITE, "HT")  # the day's number row exists from here on
    holder = server_clock_db.engine.connect()
    transaction = holder.begin()
    holder.execute(text("SELECT last_number FROM ticket_sequences FOR UPDATE"))
    issued: list[TicketView] = []
    worker = threading.Thread(target=lambda: issued.append(queue.issue_ticket(SITE, "HT")))
    worker.start()
    time.sleep(0.4)
    released_at = holder.execute(text("SELECT clock_timestamp()")).scalar_one()
    transaction.commit()
    holder.close()
    worker.join(timeout=10)
    assert issued and issued[0].number == "A002"
    assert issued[0].issued_at >= released_at
    assert issued[0].issued_at > first.issued_at


def test_issue_call_and_finish_read_the_server_clock_with_their_first_query(
        server_clock_db: Database) -> None:
    """No ``SELECT now()`` of its own: the clock rides on the first query of each transaction
    (site and service for an issue, the counter's lock for a call or a finish), and every time
    written is the server's, inside the window measured around the operation."""
    queue = QueueService(server_clock_db)
    counter = queue.find_counter(SITE, 1)
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(" ".join(statement.split()))

    def server_now() -> datetime:
        with server_clock_db.engine.connect() as connection:
            moment: datetime = connection.execute(text("SELECT clock_timestamp()")).scalar_one()
            return moment

    event.listen(server_clock_db.engine, "before_cursor_execute", seen)
    try:
        before = server_now()
        ticket = queue.issue_ticket(SITE, "HT")
        called = queue.call_next(counter.id)
        finished = queue.finish(counter.id, "guided")
        after = server_now()
    finally:
        event.remove(server_clock_db.engine, "before_cursor_execute", seen)
    assert called is not None and called.ticket.id == ticket.id
    assert not [s for s in statements if s.upper().startswith("SELECT NOW()")]
    assert any(s.startswith("SELECT sites.") and "now()" in s for s in statements)
    assert any(s.startswith("SELECT counters.") and "now()" in s and "FOR UPDATE" in s
               for s in statements)
    assert finished.called_at is not None and finished.finished_at is not None
    assert before <= ticket.issued_at <= finished.called_at <= finished.finished_at <= after


def test_unknown_names_are_still_refused_under_the_server_clock(
        server_clock_db: Database) -> None:
    queue = QueueService(server_clock_db)
    with pytest.raises(NotFound, match="dịch vụ"):
        queue.issue_ticket(SITE, "NOPE")
    with pytest.raises(NotFound, match="cơ sở"):
        queue.issue_ticket("NOWHERE", "HT")
    with pytest.raises(NotFound, match="quầy"):
        queue.call_next(999_999)
    with pytest.raises(NotFound, match="quầy"):
        queue.finish(999_999, "guided")
