"""One clock: the database server's on PostgreSQL, this PC's on SQLite; the business day is the
site's local date in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: A clock gives the current moment for a session (tests inject a fixed or moving one).
Clock = Callable[[Session], datetime]


def database_clock(session: Session) -> datetime:
    """Now, from the server on PostgreSQL (transaction start), from this PC on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        value = session.scalar(select(func.now()))
        assert isinstance(value, datetime)
        return value.astimezone(UTC)
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    """The moment in the centers' local time."""
    return moment.astimezone(LOCAL_TZ)


def business_day(moment: datetime) -> date:
    """The local calendar date of a moment: numbers restart on it."""
    return moment.astimezone(LOCAL_TZ).date()


class FixedClock:
    """A settable clock for tests, demos and benchmarks."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.moment = moment

    def __call__(self, session: Session) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.moment = self.moment + timedelta(**delta)
