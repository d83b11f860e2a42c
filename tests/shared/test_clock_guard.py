"""The clock in SQLite mode (issue 15, item 7), where each PC stamps what it does with its own
clock: a PC behind what the database holds is refused, one PC ahead cannot block the others,
and a PC that believes it is tomorrow does not cancel today's tickets. Several PCs are several
Database objects on one SQLite file, each with a clock of its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shared.clock import ClockBehind, FixedClock, clock_skew
from shared.db.database import Database
from shared.models import Ticket, TicketSequence, TicketStatus
from shared.queue import QueueService
from tests.center_data import SITE


@pytest.fixture
def other_pc(sqlite_center: Database) -> Iterator[tuple[Database, FixedClock]]:
    """A second PC on the same file, its clock set by the test (starts equal)."""
    clock = FixedClock(sqlite_center.clock(None))  # type: ignore[arg-type]
    db = Database(sqlite_center.url, clock=clock)
    yield db, clock
    db.dispose()


def _count(db: Database) -> tuple[int, int]:
    with db.reading() as session:
        return (session.scalar(select(func.count()).select_from(Ticket)) or 0,
                session.scalar(select(func.coalesce(func.sum(TicketSequence.last_number), 0)))
                or 0)


def test_a_pc_behind_the_database_is_refused_issuing_and_calling(
        sqlite_center: Database, other_pc: tuple[Database, FixedClock]) -> None:
    """Five minutes behind the latest events: issue and call are refused with a clear message
    naming both times, and nothing is written; one minute behind is within tolerance."""
    QueueService(sqlite_center).issue_ticket(SITE, "HT")
    late_db, late_clock = other_pc
    late = QueueService(late_db)
    late_clock.advance(minutes=-5)
    before = _count(sqlite_center)
    with pytest.raises(ClockBehind, match=r"Đồng hồ máy tính này .* chậm hơn") as refused:
        late.issue_ticket(SITE, "HT")
    assert "chỉnh lại ngày giờ" in refused.value.message and refused.value.message_en
    with pytest.raises(ClockBehind):
        late.call_next(late.find_counter(SITE, 1).id)
    assert _count(sqlite_center) == before
    late_clock.advance(minutes=4)  # one minute behind: within the tolerance
    assert late.issue_ticket(SITE, "CT").number == "B001"


def test_one_pc_ahead_does_not_make_the_others_look_behind(
        sqlite_center: Database, other_pc: tuple[Database, FixedClock]) -> None:
    queue = QueueService(sqlite_center)
    for service in ("HT", "CT", "HT", "DD"):
        queue.issue_ticket(SITE, service)
    fast_db, fast_clock = other_pc
    fast_clock.advance(hours=3)
    QueueService(fast_db).issue_ticket(SITE, "HT")
    assert queue.issue_ticket(SITE, "CT").number == "B002"


def test_a_pc_that_thinks_it_is_tomorrow_cancels_nothing_of_today(
        sqlite_center: Database, other_pc: tuple[Database, FixedClock]) -> None:
    """Today's tickets stay waiting when a PC a day ahead issues the first number of its
    'tomorrow'; the real next morning the day's first number ends them."""
    queue = QueueService(sqlite_center)
    today = [queue.issue_ticket(SITE, "HT"), queue.issue_ticket(SITE, "CT")]
    wrong_db, wrong_clock = other_pc
    wrong_clock.advance(days=1, minutes=5)
    QueueService(wrong_db).issue_ticket(SITE, "DD")
    assert {queue.ticket(t.id).status for t in today} == {TicketStatus.WAITING}
    called = queue.call_next(queue.find_counter(SITE, 1).id)
    assert called is not None and called.ticket.number == "A001"
    sqlite_center.clock.advance(hours=22)  # type: ignore[attr-defined]
    queue.issue_ticket(SITE, "CT")
    assert queue.ticket(today[1].id).status == TicketStatus.CANCELLED


def test_the_skew_against_the_database_clock(center: Database,
                                             sqlite_db: Database) -> None:
    """PostgreSQL: the server's clock against this PC's (the same machine here: ~0 s).
    SQLite: nothing to compare with but the latest events; a PC behind them by more than the
    tolerance shows as negative."""
    with center.reading() as session:
        skew = clock_skew(session)
    if center.is_postgres:
        assert skew is not None and abs(skew) < 2
        return
    assert skew is None  # the fixed test clock's events are in the past of this PC
    QueueService(center).issue_ticket(SITE, "HT")
    center.clock.advance(days=30)  # type: ignore[attr-defined]
    for service in ("HT", "CT", "DD"):
        QueueService(center).issue_ticket(SITE, service)
    with center.reading() as session:
        skew = clock_skew(session)
    assert skew is not None and skew < -timedelta(days=1).total_seconds()


def test_a_pc_that_thinks_it_is_tomorrow_does_not_end_the_ticket_being_served(
        sqlite_center: Database, other_pc: tuple[Database, FixedClock]) -> None:
    """Calling from a PC a day ahead at a counter serving today's ticket leaves that ticket
    being served (the counter says so) instead of ending it as a past day's."""
    from shared.errors import InvalidOperation

    queue = QueueService(sqlite_center)
    for service in ("HT", "CT", "HT"):
        queue.issue_ticket(SITE, service)
    counter = queue.find_counter(SITE, 1).id
    serving = queue.call_next(counter)
    assert serving is not None
    wrong_db, wrong_clock = other_pc
    wrong_clock.advance(days=1, minutes=2)
    with pytest.raises(InvalidOperation, match="đang phục vụ"):
        QueueService(wrong_db).call_next(counter)
    assert queue.ticket(serving.ticket.id).status == TicketStatus.SERVING
