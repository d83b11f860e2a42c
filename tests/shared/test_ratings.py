"""RatingService: anonymous ratings of finished tickets, per clerk and counter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.clock import FixedClock
from shared.config import QueueSettings, RatingSettings
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.models import Outcome, Rating
from shared.queue import QueueService
from shared.ratings import RatingService, levels
from tests.center_data import SITE


def _served(db: Database, counter_number: int = 1, service: str = "HT") -> int:
    """Issue a ticket, call it at the counter and finish it; its id."""
    queue = QueueService(db, QueueSettings())
    ticket = queue.issue_ticket(SITE, service)
    counter = queue.find_counter(SITE, counter_number)
    queue.call_ticket(counter.id, ticket.id)
    queue.finish(counter.id, Outcome.GUIDED)
    return ticket.id


def test_rating_is_stored_against_ticket_clerk_and_counter_without_citizen_data(
        center: Database) -> None:
    """A rating keeps the ticket, the clerk who served and the counter; nothing personal."""
    ticket_id = _served(center)
    view = RatingService(center).rate(ticket_id, 3)
    assert (view.level, view.label, view.counter, view.scale) == (3, "Rất hài lòng", 1, 3)
    with center.reading() as session:
        row = session.scalars(select(Rating)).one()
        assert row.clerk_id is not None and row.counter_id is not None
        columns = set(Rating.__table__.columns.keys())
    assert not columns & {"name", "phone", "address", "email", "citizen"}


def test_not_satisfied_needs_a_reason(center: Database) -> None:
    """"Không hài lòng" without a reason is refused; with one it is stored."""
    ticket_id = _served(center)
    ratings = RatingService(center)
    with pytest.raises(InvalidOperation, match="lý do ông/bà"):
        ratings.rate(ticket_id, 1, "  ")
    assert ratings.rate(ticket_id, 1, "Thời gian chờ lâu").reason == "Thời gian chờ lâu"


def test_one_rating_per_ticket(center: Database) -> None:
    """A ticket is rated once; a second rating is refused politely."""
    ticket_id = _served(center)
    ratings = RatingService(center)
    ratings.rate(ticket_id, 2)
    with pytest.raises(InvalidOperation, match="đã được đánh giá"):
        ratings.rate(ticket_id, 3)


def test_five_level_scale_has_neutral_and_two_reasoned_levels(sqlite_center: Database) -> None:
    """On five levels, 3 is "Bình thường" and both levels below need a reason."""
    names = [(level.value, level.label, level.needs_reason) for level in levels(5)]
    assert names[2] == (3, "Bình thường", False)
    assert [value for value, _, needs in names if needs] == [2, 1]
    ticket_id = _served(sqlite_center)
    ratings = RatingService(sqlite_center, RatingSettings(scale=5))
    with pytest.raises(InvalidOperation):
        ratings.rate(ticket_id, 2)
    assert ratings.rate(ticket_id, 3).label == "Bình thường"


def test_a_level_outside_the_scale_is_refused(sqlite_center: Database) -> None:
    """Level 5 does not exist on the three-level scale."""
    ticket_id = _served(sqlite_center)
    with pytest.raises(InvalidOperation):
        RatingService(sqlite_center).rate(ticket_id, 5)


def test_unfinished_ticket_cannot_be_rated(sqlite_center: Database) -> None:
    """Only a finished ticket is rated (not one still waiting or being served)."""
    ticket = QueueService(sqlite_center).issue_ticket(SITE, "HT")
    with pytest.raises(InvalidOperation):
        RatingService(sqlite_center).rate(ticket.id, 3)


def test_pending_is_the_latest_finished_unrated_ticket_of_the_counter(
        sqlite_center: Database, clock: FixedClock) -> None:
    """The panel asks about the counter's last finished ticket, until rated or too old."""
    ratings = RatingService(sqlite_center)
    assert ratings.pending_for_counter(SITE, 1) is None
    _served(sqlite_center, 1)
    clock.advance(minutes=1)
    second = _served(sqlite_center, 1)
    _served(sqlite_center, 2, "CT")
    pending = ratings.pending_for_counter(SITE, 1)
    assert pending is not None and pending.id == second
    clock.advance(seconds=31)
    assert ratings.pending_for_counter(SITE, 1, max_age_seconds=30) is None
    assert ratings.pending_for_counter(SITE, 1, max_age_seconds=60) is not None
    ratings.rate(second, 2)
    assert ratings.pending_for_counter(SITE, 1) is None


def test_no_show_is_never_pending(sqlite_center: Database) -> None:
    """A citizen who did not come is not asked to rate."""
    queue = QueueService(sqlite_center)
    ticket = queue.issue_ticket(SITE, "HT")
    counter = queue.find_counter(SITE, 1)
    queue.call_ticket(counter.id, ticket.id)
    queue.no_show(counter.id)
    assert RatingService(sqlite_center).pending_for_counter(SITE, 1) is None


def test_summary_counts_levels_per_clerk_and_counter(center: Database,
                                                     clock: FixedClock) -> None:
    """The report groups ratings by counter and clerk with the satisfied share."""
    ratings = RatingService(center)
    for level in (3, 2, 1):
        ratings.rate(_served(center, 1), level, "Chờ lâu" if level == 1 else "")
    ratings.rate(_served(center, 2, "CT"), 3)
    start = clock.moment - timedelta(hours=1)
    rows = ratings.summary(SITE, start, clock.moment + timedelta(hours=1))
    assert [(row.counter, row.clerk_name, row.total) for row in rows] == [
        (1, "Nguyễn Thị Lan", 3), (2, "Trần Văn Minh", 1)]
    assert rows[0].counts == {3: 1, 2: 1, 1: 1}
    assert rows[0].satisfied_percent == pytest.approx(66.7)
    assert rows[1].satisfied_percent == 100.0
    assert ratings.summary(SITE, start - timedelta(days=1), start) == []
