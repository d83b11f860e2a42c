"""The working-time calendar: sessions, weekends, public holidays, overrides, and due dates.

Rules (``shared/DOMAIN.md``, "Due dates"):

- A working day has the center's sessions (default 07:00–11:30 and 13:30–17:00, 8 hours).
  Saturdays and Sundays are off, and so are Vietnam's public holidays as the ``holidays``
  package gives them (``holidays.VN``: lunar Tết and Hùng Kings' day, the compensating
  "nghỉ bù" days, and the public-sector day swaps the package records, whose make-up working
  Saturdays are counted as working days here).
- Per center, per year: extra days off (announced swaps, local closures), removed holidays,
  extra working days (a make-up working Saturday). Explicit settings beat the package.
- ``working_days`` N: N × (the working hours of a day) counted from the filing moment; a
  filing outside hours starts at the next working moment. An addition ending exactly at a
  session end stays there (Tue 17:30 + 3 working days = Fri 17:00).
- Same day (time limit 0, any unit): received on a working day before the cut-off (15:00)
  and before closing → due at that day's closing; otherwise the next working day's closing.
- ``days`` N (calendar days): due at the closing of the received local date + N, moved to
  the next working day's closing when that is a day off.
- ``hours`` N: N working hours. A time limit of ``None`` is unknown: no due date.

All inputs and outputs are aware datetimes; outputs are in the calendar's time zone
(Asia/Ho_Chi_Minh by default).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from shared.errors import ConfigError

VIETNAM_TZ = "Asia/Ho_Chi_Minh"
_MAX_DAYS_SEARCHED = 3660  # ten years without a working day means a broken calendar


class TimeUnit(StrEnum):
    """The unit of a procedure's time limit."""

    WORKING_DAYS = "working_days"
    DAYS = "days"
    HOURS = "hours"


@dataclass(frozen=True)
class CalendarSettings:
    """Plain data a ``WorkCalendar`` is built from (config file or the DB overrides table).

    ``weekend`` holds ``date.weekday()`` numbers (Monday = 0). ``sessions`` are
    ``(start, end)`` pairs in local time, in order, not overlapping.
    """

    sessions: tuple[tuple[time, time], ...] = (
        (time(7, 0), time(11, 30)),
        (time(13, 30), time(17, 0)),
    )
    weekend: frozenset[int] = frozenset({5, 6})
    national_holidays: bool = True
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    removed_holidays: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)
    same_day_cutoff: time = time(15, 0)
    timezone: str = VIETNAM_TZ

    def __post_init__(self) -> None:
        if not self.sessions:
            raise ConfigError("Chưa khai báo ca làm việc nào.", "No working sessions are set.")
        previous_end = time(0, 0)
        for start, end in self.sessions:
            if not previous_end <= start < end:
                raise ConfigError(
                    f"Ca làm việc không hợp lệ: {start:%H:%M}–{end:%H:%M} (các ca phải theo "
                    "thứ tự và không chồng lên nhau).",
                    f"Invalid working session {start:%H:%M}–{end:%H:%M} (sessions must be in "
                    "order and must not overlap).",
                )
            previous_end = end
        if not self.weekend <= set(range(7)):
            raise ConfigError("Ngày nghỉ cuối tuần phải từ 0 (thứ Hai) đến 6 (Chủ nhật).",
                              "Weekend days must be 0 (Monday) to 6 (Sunday).")
        both = self.extra_days_off & self.extra_working_days
        if both:
            day = min(both)
            raise ConfigError(
                f"Ngày {day:%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm việc bù.",
                f"{day:%d/%m/%Y} is both an extra day off and an extra working day.",
            )
        try:
            ZoneInfo(self.timezone)
        except (ValueError, LookupError) as error:
            raise ConfigError(f"Múi giờ không hợp lệ: {self.timezone}",
                              f"Unknown time zone: {self.timezone}") from error

    @classmethod
    def parse(cls, sessions: Iterable[str], same_day_cutoff: str = "15:00",
              **other: Any) -> CalendarSettings:
        """Settings from config strings: sessions like ``"07:00-11:30"``, cut-off ``"15:00"``."""
        pairs: list[tuple[time, time]] = []
        for text in sessions:
            start, _, end = text.replace("–", "-").partition("-")
            pairs.append((_parse_clock(start), _parse_clock(end)))
        return cls(sessions=tuple(pairs), same_day_cutoff=_parse_clock(same_day_cutoff), **other)

    @property
    def hours_per_day(self) -> timedelta:
        """The working time of one working day (8 hours by default)."""
        return sum((_between(start, end) for start, end in self.sessions), timedelta())


def _parse_clock(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError as error:
        raise ConfigError(f"Giờ không hợp lệ: {text!r} (cần dạng HH:MM).",
                          f"Invalid time {text!r} (expected HH:MM).") from error


def _between(start: time, end: time) -> timedelta:
    return datetime.combine(date.min, end) - datetime.combine(date.min, start)


@lru_cache(maxsize=64)
def _national_days_off(year: int) -> dict[date, str]:
    """Vietnam's public holidays of ``year`` with their Vietnamese names, from ``holidays``."""
    return dict(holidays.country_holidays("VN", years=year, language="vi").items())


@lru_cache(maxsize=1)
def _national_makeup_working_days() -> frozenset[date]:
    """Make-up working days of the public-sector day swaps recorded in ``holidays``.

    The package stores each swap as (day off month, day, worked month, day[, worked year]):
    e.g. 2025: off Fri 2 May, worked Sat 26 April (Announcement of the Government Office,
    2025). The attribute is internal to the package, so anything unexpected yields nothing.
    """
    try:
        from holidays.countries.vietnam import VietnamStaticHolidays
        table: dict[int, Any] = VietnamStaticHolidays.special_public_holidays
    except (ImportError, AttributeError):  # pragma: no cover - package layout changed
        return frozenset()
    days: set[date] = set()
    for year, entries in table.items():
        swaps: tuple[tuple[int, ...], ...] = (
            (entries,) if isinstance(entries[0], int) else entries)
        for swap in swaps:
            if len(swap) in (4, 5):
                worked_year = swap[4] if len(swap) == 5 else year
                days.add(date(worked_year, swap[2], swap[3]))
    return frozenset(days)


def public_holidays(year: int) -> list[tuple[date, str]]:
    """Vietnam's public holidays of ``year`` as ``holidays`` gives them (Vietnamese names,
    compensating days included), in date order."""
    return sorted(_national_days_off(year).items())


def national_makeup_working_days(year: int) -> list[date]:
    """The make-up working days of ``year``'s public-sector day swaps in ``holidays``."""
    return sorted(day for day in _national_makeup_working_days() if day.year == year)


class WorkCalendar:
    """Answers "is this a working moment?" and computes due dates for one center."""

    def __init__(self, settings: CalendarSettings | None = None) -> None:
        self.settings = settings or CalendarSettings()
        self.tz = ZoneInfo(self.settings.timezone)

    # -- days -------------------------------------------------------------------------------
    def day_off_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (Vietnamese), or ``None`` on a working day."""
        cfg = self.settings
        if day in cfg.extra_working_days:
            return None
        if day in cfg.extra_days_off:
            return "Ngày nghỉ theo thông báo của cơ quan"
        if cfg.national_holidays:
            name = _national_days_off(day.year).get(day)
            if name is not None and day not in cfg.removed_holidays:
                return name
            if day in _national_makeup_working_days():
                return None
        if day.weekday() in cfg.weekend:
            return "Chủ nhật" if day.weekday() == 6 else "Nghỉ cuối tuần"
        return None

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` has working sessions (not a weekend, holiday or closure)."""
        return self.day_off_reason(day) is None

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        for offset in range(_MAX_DAYS_SEARCHED):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ConfigError("Lịch làm việc không có ngày làm việc nào trong 10 năm tới.",
                          "The working calendar has no working day in the next 10 years.")

    def closing_time(self, day: date) -> datetime:
        """The end of the last session of ``day`` (whether or not it is a working day)."""
        return self._at(day, self.settings.sessions[-1][1])

    def working_days(self, start: date, end: date) -> Iterable[date]:
        """The working days from ``start`` to ``end`` inclusive."""
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            if self.is_working_day(day):
                yield day

    # -- moments ----------------------------------------------------------------------------
    def is_working_moment(self, moment: datetime) -> bool:
        """True inside a session (start inclusive, end exclusive) of a working day."""
        local = self._local(moment)
        if not self.is_working_day(local.date()):
            return False
        clock = local.time().replace(tzinfo=None)
        return any(start <= clock < end for start, end in self.settings.sessions)

    def next_working_moment(self, moment: datetime) -> datetime:
        """``moment`` when it is a working moment, else the start of the next session."""
        local = self._local(moment)
        if self.is_working_moment(local):
            return local
        day = local.date()
        for start, _end in self.settings.sessions:
            start_at = self._at(day, start)
            if start_at > local and self.is_working_day(day):
                return start_at
        return self._at(self.next_working_day(day + timedelta(days=1)),
                        self.settings.sessions[0][0])

    def add_working_hours(self, moment: datetime, hours: float | timedelta) -> datetime:
        """Move ``hours`` of working time forward from ``moment`` (rolled to working time).

        Ending exactly at a session end stays there; it does not roll to the next session.
        """
        remaining = hours if isinstance(hours, timedelta) else timedelta(hours=hours)
        if remaining < timedelta():
            raise ValueError("hours must not be negative")
        current = self.next_working_moment(moment)
        while True:
            session_end = self._session_end(current)
            available = session_end - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = self.next_working_moment(session_end)

    # -- due dates --------------------------------------------------------------------------
    def due_at(self, received_at: datetime, time_limit: int | None,
               time_unit: TimeUnit | str) -> datetime | None:
        """When a dossier received at ``received_at`` is due (``None``: limit unknown)."""
        if time_limit is None:
            return None
        if time_limit < 0:
            raise ValueError("time_limit must not be negative")
        unit = TimeUnit(time_unit)
        received = self._local(received_at)
        if time_limit == 0:
            return self._same_day_due(received)
        if unit is TimeUnit.HOURS:
            return self.add_working_hours(received, time_limit)
        if unit is TimeUnit.DAYS:
            target = received.date() + timedelta(days=time_limit)
            return self.closing_time(self.next_working_day(target))
        return self.add_working_hours(received, self.settings.hours_per_day * time_limit)

    def _same_day_due(self, received: datetime) -> datetime:
        day = received.date()
        cutoff = self._at(day, self.settings.same_day_cutoff)
        closing = self.closing_time(day)
        if self.is_working_day(day) and received < cutoff and received < closing:
            return closing
        return self.closing_time(self.next_working_day(day + timedelta(days=1)))

    # -- helpers ----------------------------------------------------------------------------
    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("an aware datetime is required (got a naive one)")
        return moment.astimezone(self.tz)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.tz)

    def _session_end(self, working_moment: datetime) -> datetime:
        clock = working_moment.time().replace(tzinfo=None)
        for start, end in self.settings.sessions:
            if start <= clock < end:
                return self._at(working_moment.date(), end)
        raise AssertionError("not a working moment")  # pragma: no cover
