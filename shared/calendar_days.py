"""CalendarService: a center's changes to the working-time calendar, date by date.

Each year the government announces swaps and make-up working Saturdays, and a center may
close for a local reason: ``day_off`` adds a day off, ``not_holiday`` removes a holiday of the
`holidays` package, ``working_day`` makes a weekend day a working day. The due-date
calculation (DossierService) reads these rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from shared.db.database import Database
from shared.errors import InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.models import CalendarDay, CalendarDayKind


@dataclass(frozen=True)
class CalendarDayView:
    day: date
    kind: CalendarDayKind
    note: str


class CalendarService:
    def __init__(self, db: Database) -> None:
        self.db = db

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
            if row is None:
                row = CalendarDay(day=day, kind=kind, note=note)
                session.add(row)
            else:
                row.kind, row.note = kind, note
            record(session, EventKind.CONFIG_CHANGED, self.db.now(session),
                   calendar_day=day.isoformat(), day_kind=str(kind), note=note)
            return CalendarDayView(day, kind, note)

    def remove_day(self, day: date) -> None:
        with self.db.transaction() as session:
            row = session.get(CalendarDay, day)
            if row is None:
                raise NotFound(f"Không có thay đổi lịch cho ngày {day:%d/%m/%Y}.",
                               f"No calendar change on {day:%Y-%m-%d}.")
            session.delete(row)
            record(session, EventKind.CONFIG_CHANGED, self.db.now(session),
                   calendar_day=day.isoformat(), day_kind="removed")

    def days(self, year: int | None = None) -> list[CalendarDayView]:
        with self.db.reading() as session:
            statement = select(CalendarDay).order_by(CalendarDay.day)
            if year is not None:
                statement = statement.where(CalendarDay.day >= date(year, 1, 1),
                                            CalendarDay.day <= date(year, 12, 31))
            return [CalendarDayView(row.day, CalendarDayKind(row.kind), row.note)
                    for row in session.scalars(statement)]
