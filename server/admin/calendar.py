"""``/admin/calendar``: the working-time calendar, for administrators.

- ``GET /admin/calendar?month=YYYY-MM``: the month, day by day (working, weekend, public
  holiday, the center's day off or make-up working day), the year's public holidays from the
  ``holidays`` package, the center's changes of the year, and each site's opening hours
  (set on /admin/settings#hours, else each PC's layso.toml);
- ``POST /admin/calendar/days``: add a day off, a make-up working day, or work on a holiday
  (``CalendarService.set_day``; checked by ``change_problem`` first);
- ``POST /admin/calendar/days/<YYYY-MM-DD>/remove``: remove the change of a date.

Every change is a ``config.changed`` event naming who made it; due dates and the kiosk's
opening read the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from server.admin.render import page
from server.admin.sessions import AdminFormSession, AdminOnlySession, AdminSession
from server.pages import language
from server.state import server_state
from shared.calendar_days import CalendarService, change_problem, month_days
from shared.calendar_settings import calendar_settings
from shared.center import CenterService
from shared.center_hours import describe
from shared.center_settings import CenterSettingsService
from shared.clock import business_day
from shared.dossiers import DossierService
from shared.errors import LaysoError
from shared.models import CalendarDayKind
from shared.workdays import WorkCalendar, national_makeup_working_days, public_holidays

router = APIRouter(prefix="/admin/calendar", include_in_schema=False)

#: The kinds of change the form offers: (value, Vietnamese, English).
KINDS = (
    (CalendarDayKind.DAY_OFF.value, "Ngày nghỉ (thông báo, đóng cửa)", "Day off (announced, "
     "closure)"),
    (CalendarDayKind.WORKING_DAY.value, "Ngày làm bù (thứ Bảy làm việc)", "Make-up working day "
     "(a Saturday worked)"),
    (CalendarDayKind.NOT_HOLIDAY.value, "Làm việc vào ngày lễ", "Work on a public holiday"),
)
WEEKDAYS = (("T2", "Mon"), ("T3", "Tue"), ("T4", "Wed"), ("T5", "Thu"), ("T6", "Fri"),
            ("T7", "Sat"), ("CN", "Sun"))


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None, default: date) -> Month:
        try:
            year, month = (int(part) for part in (text or "").split("-"))
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return cls(year, month)
        except ValueError:
            pass
        return cls(default.year, default.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


def _today(request: Request) -> date:
    db = server_state(request).db
    with db.reading() as session:
        return business_day(db.now(session))


def _calendar(request: Request) -> WorkCalendar:
    server = server_state(request)
    return DossierService(server.db, calendar_settings(server.settings)).calendar_for()


@router.get("")
def calendar_page(request: Request, session: AdminOnlySession) -> Response:
    today = _today(request)
    return _page(request, session, Month.parse(request.query_params.get("month"), today),
                 today, values={"day": request.query_params.get("day", ""),
                                "kind": CalendarDayKind.DAY_OFF.value, "note": ""},
                 errors={}, notice=_notice(request))


def _notice(request: Request) -> str:
    done = request.query_params.get("done", "")
    en = language(request) == "en"
    if done == "added":
        return "The calendar was changed." if en else "Đã cập nhật lịch làm việc."
    if done == "removed":
        return "The change was removed." if en else "Đã xóa thay đổi của ngày đó."
    return ""


def _page(request: Request, session: AdminSession, month: Month, today: date, *,
          values: dict[str, str], errors: dict[str, str], status_code: int = 200,
          notice: str = "") -> Response:
    server = server_state(request)
    calendar = _calendar(request)
    changes = CalendarService(server.db).days(month.year)
    days = month_days(calendar, changes, month.year, month.month)
    lead = days[0].day.weekday()
    worked = {change.day for change in changes
              if change.kind == CalendarDayKind.NOT_HOLIDAY}
    settings = server.settings
    centers = CenterSettingsService(server.db)
    site_hours = [(site, centers.hours(site.code, settings))
                  for site in CenterService(server.db).sites()]
    # The year's holidays and national make-up working days in one list, in date order.
    year_days = sorted([(day, name, False) for day, name in public_holidays(month.year)]
                       + [(day, "", True) for day in national_makeup_working_days(month.year)])
    return page(
        request, "calendar.html", session, status_code=status_code, notice=notice,
        month=month, previous=month.shifted(-1), following=month.shifted(1), today=today,
        days=days, lead=lead, weekdays=WEEKDAYS, kinds=KINDS, changes=changes,
        holidays=public_holidays(month.year), worked_holidays=worked, year_days=year_days,
        # A site that opens on Saturdays (its opening hours): its Saturdays are not shaded
        # as closed (they still do not count toward a dossier's due date).
        saturday_open=any(hours.saturday for _site, hours in site_hours),
        national_makeup=national_makeup_working_days(month.year), values=values,
        errors=errors, sessions=settings.calendar.sessions,
        cutoff=settings.calendar.same_day_cutoff, site_hours=site_hours, describe=describe,
        open_on_days_off=settings.kiosk.open_on_days_off,
        config_path=settings.config_path)


@router.post("/days")
def add_day(request: Request, session: AdminFormSession,
            day: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "",
            note: Annotated[str, Form()] = "") -> Response:
    en = language(request) == "en"
    values = {"day": day.strip(), "kind": kind, "note": note}
    errors: dict[str, str] = {}
    chosen: date | None = None
    try:
        chosen = date.fromisoformat(values["day"])
    except ValueError:
        errors["day"] = "Choose a date." if en else "Hãy chọn một ngày (ngày/tháng/năm)."
    if kind not in {value for value, _vi, _en in KINDS}:
        errors["kind"] = "Choose what the day becomes." if en else "Hãy chọn loại thay đổi."
    if len(note) > 300:
        errors["note"] = ("300 characters at most." if en else "Ghi chú tối đa 300 ký tự.")
    today = _today(request)
    server = server_state(request)
    if chosen is not None and "kind" not in errors:  # the day's check, whatever the note
        problem = change_problem(_calendar(request), CalendarService(server.db).days(
            chosen.year), chosen, CalendarDayKind(kind))
        if problem is not None:
            errors["day"] = problem[1] if en else problem[0]
    if chosen is not None and not errors:
        try:
            CalendarService(server.db, actor=session.clerk.username).set_day(
                chosen, kind, note.strip())
        except LaysoError as failed:
            errors["day"] = failed.localized(language(request))
        else:
            return RedirectResponse(f"/admin/calendar?month={chosen:%Y-%m}&done=added", 303)
    month = Month(chosen.year, chosen.month) if chosen else Month.parse(None, today)
    return _page(request, session, month, today, values=values, errors=errors,
                 status_code=422)


@router.post("/days/{day}/remove")
def remove_day(request: Request, day: str, session: AdminFormSession) -> Response:
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        return RedirectResponse("/admin/calendar", 303)
    CalendarService(server_state(request).db, actor=session.clerk.username).remove_day(chosen)
    return RedirectResponse(f"/admin/calendar?month={chosen:%Y-%m}&done=removed", 303)
