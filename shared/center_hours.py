"""The center's opening hours: its working sessions per weekday, an optional Saturday, and when
the kiosk starts and stops issuing numbers (no Qt; stored by ``shared.center_settings``).

    hours = parse_hours("07:30-11:30, 13:30-17:00", "07:30-11:30", "15", "30")
    hours.weekdays        # ((07:30, 11:30), (13:30, 17:00)): Monday to Friday
    hours.saturday        # ((07:30, 11:30),): Saturday morning ("" = closed on Saturday)

Monday to Friday share one list of sessions: they are the working time that due dates count
(``calendar_settings``) and the hours the kiosk issues numbers. A Saturday session opens the
kiosk and the counters on Saturday mornings only: Saturday stays outside the working days
that due dates count (a dossier received then starts on Monday morning), as the law counts
"ngày làm việc". The kiosk issues numbers from ``open_early_minutes`` before each session
until ``last_ticket_minutes`` before its end (0: until it ends).

Without the center's hours (no ``hours`` row for the site) each PC's layso.toml applies:
``[kiosk] opening_hours`` and ``open_early_minutes``, no Saturday, no early stop
(:func:`file_hours`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any, Literal

from shared.config import Settings
from shared.errors import InvalidOperation

Session = tuple[time, time]

#: At most this many sessions a day (morning, afternoon, an evening: a few).
MAX_SESSIONS = 4
MAX_OPEN_EARLY = 120
MAX_LAST_TICKET = 240

#: A form's fields, as the console names them.
WEEKDAYS, SATURDAY, OPEN_EARLY, LAST_TICKET = ("weekdays", "saturday", "open_early_minutes",
                                               "last_ticket_minutes")

_SPLIT = re.compile(r"[,;\n]+|\s+(?:và|and)\s+")
_SESSION = re.compile(r"^(\d{1,2})[:hg.](\d{2})[-–—](\d{1,2})[:hg.](\d{2})$")


class HoursError(InvalidOperation):
    """A value of the center's hours that makes no sense; ``field`` names the form's field."""

    def __init__(self, field: str, message: str, message_en: str) -> None:
        super().__init__(message, message_en)
        self.field = field


@dataclass(frozen=True)
class CenterHours:
    """The opening hours of one site; ``source`` says where they come from."""

    weekdays: tuple[Session, ...]
    saturday: tuple[Session, ...] = ()
    open_early_minutes: int = 15
    last_ticket_minutes: int = 0
    source: Literal["center", "file"] = "center"

    def __post_init__(self) -> None:
        _check_day(WEEKDAYS, self.weekdays, required=True)
        _check_day(SATURDAY, self.saturday, required=False)
        _check_minutes(OPEN_EARLY, self.open_early_minutes, MAX_OPEN_EARLY)
        _check_minutes(LAST_TICKET, self.last_ticket_minutes, MAX_LAST_TICKET)
        shortest = min(_minutes(end) - _minutes(start)
                       for start, end in self.weekdays + self.saturday)
        if self.last_ticket_minutes >= shortest:
            raise HoursError(
                LAST_TICKET,
                f"Ngừng cấp số trước giờ kết thúc {self.last_ticket_minutes} phút thì ca ngắn "
                f"nhất ({shortest} phút) không còn thời gian cấp số.",
                f"Stopping {self.last_ticket_minutes} minutes before the end leaves the "
                f"shortest session ({shortest} minutes) no time to issue numbers.")

    def sessions_on(self, day: date, working_day: bool) -> tuple[Session, ...]:
        """The sessions of ``day``: a working day (a weekday, or a make-up working Saturday)
        has the weekday sessions; a Saturday off has the Saturday ones; other days none."""
        if working_day:
            return self.weekdays
        return self.saturday if day.weekday() == 5 else ()

    def texts(self, sessions: Sequence[Session]) -> list[str]:
        """Sessions as the file writes them: ``["07:30-11:30", "13:30-17:00"]``."""
        return [f"{start:%H:%M}-{end:%H:%M}" for start, end in sessions]

    def to_json(self) -> dict[str, Any]:
        return {"weekdays": self.texts(self.weekdays), "saturday": self.texts(self.saturday),
                "open_early_minutes": self.open_early_minutes,
                "last_ticket_minutes": self.last_ticket_minutes}

    @classmethod
    def from_json(cls, value: Any) -> CenterHours | None:
        """Stored hours, or None when they no longer validate (an older or hand-edited row)."""
        if not isinstance(value, dict):
            return None
        try:
            return cls(weekdays=parse_sessions(WEEKDAYS, value.get("weekdays") or []),
                       saturday=parse_sessions(SATURDAY, value.get("saturday") or []),
                       open_early_minutes=int(value.get("open_early_minutes", 15)),
                       last_ticket_minutes=int(value.get("last_ticket_minutes", 0)))
        except (InvalidOperation, TypeError, ValueError):
            return None


def file_hours(settings: Settings) -> CenterHours:
    """The hours of a PC's layso.toml: ``[kiosk] opening_hours`` on weekdays, no Saturday."""
    return CenterHours(parse_sessions(WEEKDAYS, settings.kiosk.opening_hours),
                       open_early_minutes=min(max(settings.kiosk.open_early_minutes, 0),
                                              MAX_OPEN_EARLY),
                       source="file")


def parse_sessions(field: str, sessions: str | Sequence[str]) -> tuple[Session, ...]:
    """Sessions typed as "07:30-11:30, 13:30-17:00" (or a list of them): each HH:MM-HH:MM,
    start before end, in order, not overlapping; the messages say which one is wrong."""
    parts = _SPLIT.split(sessions) if isinstance(sessions, str) else list(sessions)
    pairs: list[Session] = []
    for part in (part.strip() for part in parts):
        if not part:
            continue
        found = _SESSION.match(re.sub(r"\s+", "", part))
        if found is None:
            raise HoursError(
                field, f"“{part}” không đúng dạng giờ bắt đầu–giờ kết thúc, ví dụ 07:30-11:30.",
                f"“{part}” is not a start–end time like 07:30-11:30.")
        start_h, start_m, end_h, end_m = (int(group) for group in found.groups())
        try:
            start, end = time(start_h, start_m), time(end_h, end_m)
        except ValueError:
            raise HoursError(field, f"“{part}”: giờ phải từ 00:00 đến 23:59.",
                             f"“{part}”: times go from 00:00 to 23:59.") from None
        if start >= end:
            raise HoursError(field, f"Ca {start:%H:%M}-{end:%H:%M}: giờ bắt đầu phải trước giờ "
                             "kết thúc.", f"Session {start:%H:%M}-{end:%H:%M}: the start must "
                             "come before the end.")
        pairs.append((start, end))
    return tuple(pairs)


def parse_hours(weekdays: str, saturday: str, open_early: str,
                last_ticket: str) -> tuple[CenterHours | None, dict[str, HoursError]]:
    """The console's form: the hours, or the problems by field (every field checked)."""
    problems: dict[str, HoursError] = {}
    parsed: dict[str, Any] = {}
    for field, text in ((WEEKDAYS, weekdays), (SATURDAY, saturday)):
        try:
            parsed[field] = parse_sessions(field, text)
            _check_day(field, parsed[field], required=field == WEEKDAYS)
        except HoursError as problem:
            problems[field] = problem
    for field, text, most in ((OPEN_EARLY, open_early, MAX_OPEN_EARLY),
                              (LAST_TICKET, last_ticket, MAX_LAST_TICKET)):
        typed = text.strip()
        try:
            parsed[field] = int(typed) if typed else 0
            _check_minutes(field, parsed[field], most)
        except ValueError:
            problems[field] = _minutes_error(field, most)
        except HoursError as problem:
            problems[field] = problem
    if problems:
        return None, problems
    try:
        return CenterHours(parsed[WEEKDAYS], parsed[SATURDAY], parsed[OPEN_EARLY],
                           parsed[LAST_TICKET]), {}
    except HoursError as problem:
        return None, {problem.field: problem}


def _check_day(field: str, sessions: Sequence[Session], *, required: bool) -> None:
    if required and not sessions:
        raise HoursError(field, "Hãy nhập ít nhất một ca làm việc, ví dụ 07:30-11:30, "
                         "13:30-17:00.", "Enter at least one session, e.g. 07:30-11:30, "
                         "13:30-17:00.")
    if len(sessions) > MAX_SESSIONS:
        raise HoursError(field, f"Tối đa {MAX_SESSIONS} ca một ngày.",
                         f"{MAX_SESSIONS} sessions a day at most.")
    for (start, end), (next_start, next_end) in pairwise(sessions):
        if next_start < end:
            raise HoursError(
                field, f"Ca {next_start:%H:%M}-{next_end:%H:%M} phải bắt đầu sau khi ca "
                f"{start:%H:%M}-{end:%H:%M} kết thúc (các ca theo thứ tự, không chồng nhau).",
                f"Session {next_start:%H:%M}-{next_end:%H:%M} must start after "
                f"{start:%H:%M}-{end:%H:%M} ends (sessions in order, not overlapping).")


def _check_minutes(field: str, minutes: int, most: int) -> None:
    if not 0 <= minutes <= most:
        raise _minutes_error(field, most)


def _minutes_error(field: str, most: int) -> HoursError:
    return HoursError(field, f"Hãy nhập số phút từ 0 đến {most}.",
                      f"Enter a number of minutes from 0 to {most}.")


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def describe(sessions: Sequence[Session], early: int = 0, last: int = 0) -> str:
    """Sessions as people read them, "07:15–11:00, 13:15–16:30", shifted by the kiosk's early
    start and early stop."""
    day = date(2000, 1, 3)
    return ", ".join(
        f"{_shift(day, start, -early):%H:%M}–{_shift(day, end, -last):%H:%M}"
        for start, end in sessions)


def _shift(day: date, moment: time, minutes: int) -> datetime:
    return datetime.combine(day, moment) + timedelta(minutes=minutes)
