"""On PostgreSQL the times come from the server's clock, read after the number is taken, so
the queue order by issue time always follows the numbers, even when kiosks issue at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from shared.db.database import Database
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
