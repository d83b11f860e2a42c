"""When the kiosk issues numbers: the opening hours of working days (no Qt, no database).

The kiosk is open during each session of ``settings.kiosk.opening_hours`` on working days of
the center's calendar (weekends, public holidays and the center's own closures are off), from
``open_early_minutes`` before a session starts until it ends.

    hours = OpeningHours(["07:00-11:30", "13:30-17:00"], 15, calendar)
    state = hours.state(now)      # OpenState(is_open=False, reason="break", opens_at=13:15)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

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
                 calendar: WorkCalendar, open_on_days_off: bool = False) -> None:
        # CalendarSettings.parse validates "HH:MM-HH:MM" and the order, with friendly errors.
        self.sessions: tuple[tuple[time, time], ...] = CalendarSettings.parse(sessions).sessions
        self.early = timedelta(minutes=max(0, open_early_minutes))
        self.calendar = calendar
        self.open_on_days_off = open_on_days_off

    def describe(self) -> str:
        """When numbers are issued, as people read them: "06:45–11:30, 13:15–17:00" (the
        sessions opened ``open_early_minutes`` early), so "come back at 06:45" matches it."""
        day = date(2000, 1, 3)
        return ", ".join(
            f"{datetime.combine(day, start) - self.early:%H:%M}–{end:%H:%M}"
            for start, end in self.sessions)

    def windows(self, day: date) -> list[tuple[datetime, datetime]]:
        """The moments numbers are issued on ``day`` (none on a day off), in local time."""
        if not self.open_on_days_off and not self.calendar.is_working_day(day):
            return []
        tz = self.calendar.tz
        return [(datetime.combine(day, start, tz) - self.early, datetime.combine(day, end, tz))
                for start, end in self.sessions]

    def state(self, now: datetime) -> OpenState:
        """Open or closed at ``now`` (an aware datetime), with the reason and the next opening."""
        local_now = now.astimezone(self.calendar.tz)
        today = local_now.date()
        windows = self.windows(today)
        if any(start <= local_now < end for start, end in windows):
            return OpenState(True, "open")
        opens_at = self._next_opening(local_now)
        reason = None if self.open_on_days_off else self.calendar.day_off_reason(today)
        if reason is not None:
            return OpenState(False, "day_off", day_off_name=reason, opens_at=opens_at)
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
