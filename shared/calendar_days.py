"""CalendarService: a center's changes to the working-time calendar, date by date.

Each year the government announces swaps and make-up working Saturdays, and a center may
close for a local reason: ``day_off`` adds a day off, ``not_holiday`` removes a holiday of the
`holidays` package, ``working_day`` makes a weekend day a working day. The due-date
calculation (DossierService) reads these rows.

:func:`month_days` tells, day by day, what a month of the calendar is and why (the console's
month view); :func:`change_problem` says why a change makes no sense (a make-up working day on
a Tuesday) before it is made. ``actor`` names who makes the changes (their events' ``by``).
"""

from __future__ import annotations

import calendar as _months
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from shared.db.database import Database
from shared.errors import InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.models import CalendarDay, CalendarDayKind
from shared.workdays import WorkCalendar, national_makeup_working_days, public_holidays


@dataclass(frozen=True)
class CalendarDayView:
    day: date
    kind: CalendarDayKind
    note: str


@dataclass(frozen=True)
class DayStatus:
    """One date of a month as the working calendar sees it.

    ``kind``: ``working``; ``weekend``; ``holiday`` (a public holiday of the package, its name
    in ``reason``); ``day_off`` (the center's, its note in ``note``); ``working_day`` (a
    make-up working day: the center's, or the package's when ``note`` is empty);
    ``not_holiday`` (a public holiday this center works).
    """

    day: date
    working: bool
    kind: str
    reason: str = ""
    note: str = ""


def month_days(calendar: WorkCalendar, changes: list[CalendarDayView], year: int,
               month: int) -> list[DayStatus]:
    """Every date of the month with whether it is a working day and why (``calendar`` must
    hold ``changes``: DossierService.calendar_for)."""
    notes = {change.day: change for change in changes}
    holidays_of_year = dict(public_holidays(year))
    makeup = set(national_makeup_working_days(year))
    days: list[DayStatus] = []
    for number in range(1, _months.monthrange(year, month)[1] + 1):
        day = date(year, month, number)
        change = notes.get(day)
        reason = calendar.day_off_reason(day)
        holiday = holidays_of_year.get(day, "")
        if change is not None:
            kind = str(change.kind)
        elif holiday and reason == holiday:
            kind = "holiday"
        elif reason is not None:
            kind = "weekend"
        elif day in makeup:
            kind = "working_day"
        else:
            kind = "working"
        text = holiday if kind in ("holiday", "not_holiday") else (reason or "")
        days.append(DayStatus(day, reason is None, kind, text, change.note if change else ""))
    return days


def change_problem(calendar: WorkCalendar, changes: list[CalendarDayView], day: date,
                   kind: CalendarDayKind) -> tuple[str, str] | None:
    """Why adding ``kind`` on ``day`` makes no sense (Vietnamese, English), or None.

    A make-up working day must fall on a day that is off (a Saturday); a removed holiday must
    be a public holiday of the package; an extra day off must fall on a working day. A date
    that already has a change may get another kind (it replaces the old one)."""
    if any(change.day == day for change in changes):
        return None
    if kind == CalendarDayKind.WORKING_DAY and calendar.is_working_day(day):
        return (f"Ngày {day:%d/%m/%Y} đã là ngày làm việc: ngày làm bù phải là ngày nghỉ "
                "(thường là thứ Bảy).",
                f"{day:%d/%m/%Y} is already a working day: a make-up working day must be a "
                "day off (usually a Saturday).")
    if kind == CalendarDayKind.NOT_HOLIDAY and day not in dict(public_holidays(day.year)):
        return (f"Ngày {day:%d/%m/%Y} không phải ngày lễ.",
                f"{day:%d/%m/%Y} is not a public holiday.")
    if kind == CalendarDayKind.DAY_OFF and not calendar.is_working_day(day):
        return (f"Ngày {day:%d/%m/%Y} đã là ngày nghỉ ({calendar.day_off_reason(day)}).",
                f"{day:%d/%m/%Y} is already a day off ({calendar.day_off_reason(day)}).")
    return None


class CalendarService:
    def __init__(self, db: Database, *, actor: str = "") -> None:
        self.db = db
        self.actor = actor

    def set_day(self, day: date, kind: CalendarDayKind | str, note: str = "") -> CalendarDayView:
        """Add or replace the change for ``day``."""
        try:
            kind = CalendarDayKind(kind)
        except ValueError as error:
            choices = ", ".join(k.value for k in CalendarDayKind)
            raise InvalidOperation(f"Loại ngày không hợp lệ: {kind!r} ({choices}).",
                                   f"Invalid kind of day: {kind!r} ({choices}).") from error
        with self.db.transaction() as session:
            row = session.get(CalendarDay, day)
            before = None if row is None else {"kind": str(row.kind), "note": row.note}
            if row is None:
                row = CalendarDay(day=day, kind=kind, note=note)
                session.add(row)
            else:
                row.kind, row.note = kind, note
            record(session, EventKind.CONFIG_CHANGED, self.db.now(session),
                   calendar_day=day.isoformat(), day_kind=str(kind), note=note,
                   before=before, by=self.actor)
            return CalendarDayView(day, kind, note)

    def remove_day(self, day: date) -> None:
        with self.db.transaction() as session:
            row = session.get(CalendarDay, day)
            if row is None:
                raise NotFound(f"Không có thay đổi lịch cho ngày {day:%d/%m/%Y}.",
                               f"No calendar change on {day:%Y-%m-%d}.")
            before = {"kind": str(row.kind), "note": row.note}
            session.delete(row)
            record(session, EventKind.CONFIG_CHANGED, self.db.now(session),
                   calendar_day=day.isoformat(), day_kind="removed", before=before,
                   by=self.actor)

    def days(self, year: int | None = None) -> list[CalendarDayView]:
        with self.db.reading() as session:
            statement = select(CalendarDay).order_by(CalendarDay.day)
            if year is not None:
                statement = statement.where(CalendarDay.day >= date(year, 1, 1),
                                            CalendarDay.day <= date(year, 12, 31))
            return [CalendarDayView(row.day, CalendarDayKind(row.kind), row.note)
                    for row in session.scalars(statement)]
