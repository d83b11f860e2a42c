"""One clock: the database server's on PostgreSQL, this PC's on SQLite; the business day is the
site's local date in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias, cast
from zoneinfo import ZoneInfo

from shared.db.named import Named, run
from shared.errors import InvalidOperation

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from shared.db.plain import PlainConnection

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: Where a statement runs: an ORM session, or a Core connection (the paths without the ORM).
Executor: TypeAlias = "Session | Connection"
#: Where a named statement runs (``shared.db.named``): also a plain ``sqlite3`` connection
#: (``layso ticket issue`` on a SQLite file, without SQLAlchemy: ``shared.db.plain``).
Runner: TypeAlias = "Session | Connection | PlainConnection"

#: A clock gives the current moment for a session (tests inject a fixed or moving one).
Clock = Callable[[Runner], datetime]


def dialect_name(session: Runner) -> str:
    """``postgresql`` or ``sqlite``, of a session's or a connection's database."""
    dialect = getattr(session, "dialect", None)  # a connection's (a session has none)
    if dialect is not None:
        return str(dialect.name)
    return str(cast("Session", session).get_bind().dialect.name)


def database_clock(session: Runner) -> datetime:
    """Now, from the server on PostgreSQL (transaction start), from this PC on SQLite."""
    if dialect_name(session) == "postgresql":
        from sqlalchemy import func, select

        value = cast("Executor", session).scalar(select(func.now()))
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

    def __call__(self, session: Runner) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.moment = self.moment + timedelta(**delta)


#: How far behind the latest recorded event a PC's clock may be (SQLite mode, where each PC's
#: own clock stamps what it does) before its issues and calls are refused.
CLOCK_TOLERANCE_SECONDS = 120


def latest_event_time(session: Runner) -> datetime | None:
    """The time the database last recorded something: the median of its last 5 events (the
    events' primary key: one short index range), so one PC whose clock runs ahead cannot by
    itself make every other PC look behind."""
    times = sorted(run(session, LATEST_EVENT_TIMES).scalars())
    return times[len(times) // 2].astimezone(UTC) if times else None


def _latest_event_times() -> Any:
    from sqlalchemy import select

    from shared.tables import EVENTS

    return select(EVENTS.c.at).order_by(EVENTS.c.id.desc()).limit(5)


#: The times of the last 5 events (:func:`latest_event_time`).
LATEST_EVENT_TIMES = Named("clock.latest_event_times", _latest_event_times)


def check_not_behind(session: Runner, now: datetime) -> datetime | None:
    """Refuse (ClockBehind) when ``now``, this PC's clock, is earlier than what the database
    last recorded (:func:`latest_event_time`) by more than CLOCK_TOLERANCE_SECONDS: its tickets
    would jump the queue, its calls would be stamped before what was already done. Returns
    that latest time."""
    latest = latest_event_time(session)
    if latest is not None and (latest - now).total_seconds() > CLOCK_TOLERANCE_SECONDS:
        raise ClockBehind(now, latest)
    return latest


#: A gap since the latest event within this much of one day looks like a PC whose date is a
#: day ahead while the others work on (see :func:`expiry_day`).
SAME_TIME_OF_DAY_SECONDS = 3600


def expiry_day(session: Runner, day: date, now: datetime, *, own_clock: bool) -> date:
    """The business day before which waiting tickets are cancelled at a day's first issue.

    On PostgreSQL (the server's clock) ``day``. With each PC's own clock (SQLite), a PC that
    believes it is already tomorrow must not cancel today's tickets: when what the database
    last recorded (:func:`latest_event_time`) is of an earlier day but 24 hours ago within an
    hour (the others were working "just now"), only the days before that one are cancelled.
    A real morning follows the last event by a night (13-15 hours) or more. Skipping is
    harmless: past days' tickets are in no day's queue and a later first issue ends them."""
    if not own_clock:
        return day
    latest = latest_event_time(session)
    if latest is None or business_day(latest) >= day:
        return day
    gap = (now - latest).total_seconds()
    if abs(gap - 86400) <= SAME_TIME_OF_DAY_SECONDS:
        return business_day(latest)
    return day


def clock_skew(session: Session) -> float | None:
    """Seconds this PC's clock is ahead (+) or behind (-) the database's: the server's clock
    on PostgreSQL; on SQLite only what the latest event shows (a PC behind it), else None."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import func, select

        before = datetime.now(UTC)
        server = session.scalar(select(func.clock_timestamp()))
        after = datetime.now(UTC)
        assert isinstance(server, datetime)
        middle = before + (after - before) / 2
        return (middle - server.astimezone(UTC)).total_seconds()
    latest = latest_event_time(session)
    if latest is None:
        return None
    behind = (datetime.now(UTC) - latest).total_seconds()
    return behind if behind < -CLOCK_TOLERANCE_SECONDS else None


class ClockBehind(InvalidOperation):
    """This PC's clock is behind what the database already holds (SQLite mode)."""

    def __init__(self, now: datetime, latest: datetime) -> None:
        shown_now, shown_latest = local(now), local(latest)
        super().__init__(
            f"Đồng hồ máy tính này ({shown_now:%H:%M %d/%m/%Y}) chậm hơn thao tác mới nhất "
            f"trong cơ sở dữ liệu ({shown_latest:%H:%M %d/%m/%Y}). Hãy chỉnh lại ngày giờ "
            "của máy rồi thử lại; số chưa được cấp/gọi.",
            f"This PC's clock ({shown_now:%H:%M %Y-%m-%d}) is behind the latest action in "
            f"the database ({shown_latest:%H:%M %Y-%m-%d}). Set the PC's date and time and "
            "try again; nothing was issued or called.")
        self.now, self.latest = now, latest
