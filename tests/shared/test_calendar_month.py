"""Tests for the calendar's month view and checks (shared/calendar_days.py month_days,
change_problem) and who is named in a calendar change's event."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shared.calendar_days import CalendarService, change_problem, month_days
from shared.db.database import Database
from shared.dossiers import DossierService
from shared.models import CalendarDayKind, Event
from shared.workdays import WorkCalendar, national_makeup_working_days, public_holidays


def test_public_holidays_of_2026_include_the_new_cultural_day() -> None:
    """The holidays package gives 2026's holidays with Vietnamese names, 24/11 included, and
    the make-up Saturday of its day swap (22/08 for 31/08)."""
    found = dict(public_holidays(2026))
    assert found[date(2026, 9, 2)] == "Quốc khánh"
    assert date(2026, 11, 24) in found
    assert national_makeup_working_days(2026) == [date(2026, 8, 22)]


def test_a_month_tells_each_day_and_why() -> None:
    """November 2026 without changes: weekends, the Cultural Day, working days."""
    days = {item.day.day: item for item in month_days(WorkCalendar(), [], 2026, 11)}
    assert len(days) == 30
    assert (days[23].kind, days[23].working) == ("working", True)
    assert (days[22].kind, days[22].working) == ("weekend", False)
    assert days[24].kind == "holiday" and "Văn hóa" in days[24].reason
    august = {item.day.day: item for item in month_days(WorkCalendar(), [], 2026, 8)}
    assert (august[22].kind, august[22].working) == ("working_day", True)


def test_the_centers_changes_show_in_the_month_with_their_notes(db: Database) -> None:
    """A day off, a make-up Saturday and a holiday worked appear as such, with their notes,
    and each change's event names who made it."""
    service = CalendarService(db, actor="admin")
    service.set_day(date(2026, 12, 31), CalendarDayKind.DAY_OFF, "Nghỉ theo thông báo")
    service.set_day(date(2026, 12, 26), CalendarDayKind.WORKING_DAY, "Làm bù")
    service.set_day(date(2026, 11, 24), CalendarDayKind.NOT_HOLIDAY)
    calendar = DossierService(db).calendar_for()
    changes = service.days(2026)
    december = {item.day.day: item for item in month_days(calendar, changes, 2026, 12)}
    assert (december[31].kind, december[31].working, december[31].note) == (
        "day_off", False, "Nghỉ theo thông báo")
    assert (december[26].kind, december[26].working) == ("working_day", True)
    november = {item.day.day: item for item in month_days(calendar, changes, 2026, 11)}
    assert (november[24].kind, november[24].working) == ("not_holiday", True)
    assert "Văn hóa" in november[24].reason
    service.remove_day(date(2026, 12, 31))
    with db.reading() as session:
        events = [dict(data) for data in session.scalars(
            select(Event.data).where(Event.kind == "config.changed").order_by(Event.id))]
    assert [(event["calendar_day"], event["day_kind"], event["by"]) for event in events] == [
        ("2026-12-31", "day_off", "admin"), ("2026-12-26", "working_day", "admin"),
        ("2026-11-24", "not_holiday", "admin"), ("2026-12-31", "removed", "admin")]
    assert events[-1]["before"] == {"kind": "day_off", "note": "Nghỉ theo thông báo"}


def test_change_problem_refuses_changes_that_make_no_sense() -> None:
    """A make-up day on a working Tuesday, a day off on a Sunday, working a day that is no
    holiday: each explained; the sensible ones pass."""
    calendar = WorkCalendar()
    tuesday, sunday, saturday = date(2026, 12, 1), date(2026, 12, 6), date(2026, 12, 5)
    assert change_problem(calendar, [], tuesday, CalendarDayKind.WORKING_DAY) is not None
    assert change_problem(calendar, [], sunday, CalendarDayKind.DAY_OFF) is not None
    assert change_problem(calendar, [], tuesday, CalendarDayKind.NOT_HOLIDAY) is not None
    assert change_problem(calendar, [], saturday, CalendarDayKind.WORKING_DAY) is None
    assert change_problem(calendar, [], tuesday, CalendarDayKind.DAY_OFF) is None
    assert change_problem(calendar, [], date(2026, 9, 2), CalendarDayKind.NOT_HOLIDAY) is None
