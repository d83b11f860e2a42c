"""When the kiosk issues numbers: the opening hours of working days (no Qt, no database).

The kiosk is open during each session of the center's hours (``shared.center_hours``: set
from the console, else ``settings.kiosk.opening_hours``) on working days of the center's
calendar (weekends, public holidays and the center's own closures are off), from
``open_early_minutes`` before a session starts until ``last_ticket_minutes`` before it ends.
A center open on Saturday mornings issues numbers then too, unless that Saturday is a holiday
or a closure; a make-up working Saturday has the weekday sessions.

    hours = OpeningHours(["07:00-11:30", "13:30-17:00"], 15, calendar)
    hours = OpeningHours.of(center_hours, calendar)       # the center's, Saturday included
    state = hours.state(now)      # OpenState(is_open=False, reason="break", opens_at=13:15)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from shared.center_hours import CenterHours, describe
from shared.workdays import CalendarSettings, WorkCalendar

Reason = Literal["open", "day_off", "before_hours", "break", "after_hours"]

#: How far ahead the next opening is looked for (a long Tết break is under two weeks).
_SEARCH_DAYS = 60


@dataclass(frozen=True)
class OpenState:
    """Whether numbers are issued now; if not, why and when they will be again."""

    is_open: bool
    reason: Reason
    #: The holiday's or closure's name (Vietnamese) on a day off.
    day_off_name: str | None = None
    #: The next moment numbers are issued (local time), when closed.
    opens_at: datetime | None = None


class OpeningHours:
    """The kiosk's opening sessions on the working days of ``calendar``."""

    def __init__(self, sessions: Sequence[str], open_early_minutes: int,
                 calendar: WorkCalendar, open_on_days_off: bool = False, *,
                 saturday: Sequence[str] = (), last_ticket_minutes: int = 0) -> None:
        # CalendarSettings.parse validates "HH:MM-HH:MM" and the order, with friendly errors.
        self.sessions: tuple[tuple[time, time], ...] = CalendarSettings.parse(sessions).sessions
        self.saturday: tuple[tuple[time, time], ...] = (
            CalendarSettings.parse(saturday).sessions if saturday else ())
        self.early = timedelta(minutes=max(0, open_early_minutes))
        self.last = timedelta(minutes=max(0, last_ticket_minutes))
        self.calendar = calendar
        self.open_on_days_off = open_on_days_off
        # The calendar without weekends: tells a Saturday off only for being Saturday from a
        # Saturday that is a holiday or a closure.
        self._without_weekend = WorkCalendar(replace(calendar.settings, weekend=frozenset()))

    @classmethod
    def of(cls, hours: CenterHours, calendar: WorkCalendar,
           open_on_days_off: bool = False) -> OpeningHours:
        """The kiosk's hours from the center's opening hours."""
        return cls(hours.texts(hours.weekdays), hours.open_early_minutes, calendar,
                   open_on_days_off, saturday=hours.texts(hours.saturday),
                   last_ticket_minutes=hours.last_ticket_minutes)

    def describe(self) -> str:
        """When numbers are issued on weekdays, as people read them: "06:45–11:30,
        13:15–17:00" (the sessions opened ``open_early_minutes`` early and closed
        ``last_ticket_minutes`` early), so "come back at 06:45" matches it."""
        return describe(self.sessions, self._minutes(self.early), self._minutes(self.last))

    def describe_saturday(self) -> str:
        """The same for Saturdays ("" when the center is closed on Saturdays)."""
        return describe(self.saturday, self._minutes(self.early), self._minutes(self.last))

    @staticmethod
    def _minutes(delta: timedelta) -> int:
        return int(delta.total_seconds() // 60)

    def sessions_on(self, day: date) -> tuple[tuple[time, time], ...]:
        """The sessions of ``day``: the weekday ones on a working day (a make-up Saturday
        too), the Saturday ones on a Saturday off for being Saturday, else none (every day
        has the weekday ones, Saturday its own, with ``open_on_days_off``)."""
        if self.calendar.is_working_day(day):
            return self.sessions
        saturday = day.weekday() == 5 and bool(self.saturday)
        if self.open_on_days_off:
            return self.saturday if saturday else self.sessions
        if saturday and self._without_weekend.is_working_day(day):
            return self.saturday
        return ()

    def windows(self, day: date) -> list[tuple[datetime, datetime]]:
        """The moments numbers are issued on ``day`` (none on a day off), in local time."""
        tz = self.calendar.tz
        return [(datetime.combine(day, start, tz) - self.early,
                 datetime.combine(day, end, tz) - self.last)
                for start, end in self.sessions_on(day)]

    def state(self, now: datetime) -> OpenState:
        """Open or closed at ``now`` (an aware datetime), with the reason and the next opening."""
        local_now = now.astimezone(self.calendar.tz)
        today = local_now.date()
        windows = self.windows(today)
        if any(start <= local_now < end for start, end in windows):
            return OpenState(True, "open")
        opens_at = self._next_opening(local_now)
        if not windows:
            return OpenState(False, "day_off", opens_at=opens_at,
                             day_off_name=self.calendar.day_off_reason(today))
        if local_now < windows[0][0]:
            return OpenState(False, "before_hours", opens_at=opens_at)
        if local_now >= windows[-1][1]:
            return OpenState(False, "after_hours", opens_at=opens_at)
        return OpenState(False, "break", opens_at=opens_at)

    def _next_opening(self, local_now: datetime) -> datetime | None:
        for offset in range(_SEARCH_DAYS):
            day = local_now.date() + timedelta(days=offset)
            for start, _end in self.windows(day):
                if start > local_now:
                    return start
        return None
