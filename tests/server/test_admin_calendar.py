"""/admin/calendar: the month view, the year's public holidays, each site's working hours (the
center's or each PC's file, edited on the settings page), and adding or removing a day off or a
make-up working Saturday, for administrators only."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from shared.calendar_days import CalendarService
from shared.center_hours import CenterHours
from shared.center_settings import CenterSettingsService
from shared.db.database import Database
from shared.dossiers import DossierService
from shared.models import CalendarDayKind
from tests.server.admin_helpers import csrf_of, events_of, log_in, log_in_supervisor


def _changes(db: Database) -> list[dict[str, Any]]:
    return [data for data in events_of(db, "config.changed") if "calendar_day" in data]


def test_a_stranger_is_sent_to_log_in_and_a_supervisor_is_refused(client: Any,
                                                                  center: Database) -> None:
    response = client.get("/admin/calendar", follow_redirects=False)
    assert response.status_code == 303 and "/admin/login" in response.headers["location"]
    csrf = log_in_supervisor(client)
    assert client.get("/admin/calendar").status_code == 403
    refused = client.post("/admin/calendar/days", data={
        "csrf": csrf, "day": "2026-12-31", "kind": "day_off"})
    assert refused.status_code == 403
    assert CalendarService(center).days() == []


def test_a_form_without_its_csrf_token_changes_nothing(client: Any, center: Database) -> None:
    log_in(client)
    response = client.post("/admin/calendar/days", data={
        "csrf": "wrong", "day": "2026-12-31", "kind": "day_off"})
    assert response.status_code == 403
    CalendarService(center).set_day(date(2026, 12, 31), CalendarDayKind.DAY_OFF)
    assert client.post("/admin/calendar/days/2026-12-31/remove").status_code == 403
    assert len(CalendarService(center).days()) == 1


def test_the_month_shows_days_holidays_and_hours(client: Any, center: Database) -> None:
    """This month (November 2026 on the test clock) with its Cultural Day, links to the
    previous and next months, the year's holidays and the hours, from the file until the
    center sets its own (then with Saturday and when the kiosk issues numbers)."""
    log_in(client)
    page = client.get("/admin/calendar")
    assert page.status_code == 200
    html = page.text
    assert "Tháng 11/2026" in html
    assert 'href="/admin/calendar?month=2026-10"' in html
    assert 'href="/admin/calendar?month=2026-12"' in html
    assert "Ngày Văn hóa Việt Nam" in html and "Quốc khánh" in html
    assert "07:00–11:30" in html and "tệp cấu hình của từng máy" in html
    assert 'href="/admin/settings?site=HQ#hours"' in html
    CenterSettingsService(center).set("HQ", hours=CenterHours(
        ((time(7, 30), time(11, 30)), (time(13, 30), time(17))), ((time(7, 30), time(11, 30)),),
        open_early_minutes=15, last_ticket_minutes=30))
    html = client.get("/admin/calendar").text
    assert "07:30–11:30, 13:30–17:00" in html and "trung tâm (trang Cài đặt)" in html
    assert "07:15–11:00, 13:15–16:30; thứ Bảy 07:15–11:00" in html
    english = client.get("/admin/calendar?month=2027-01&lang=en").text
    assert "January 2027" in english and "Public holidays in 2027" in english


def test_adding_and_removing_a_day_reaches_the_due_dates_and_the_log(
        client: Any, center: Database) -> None:
    """A day off and a make-up Saturday added through the page make the core's calendar
    change; removing one undoes it; each event names the admin."""
    log_in(client)
    csrf = csrf_of(client.get("/admin/calendar?month=2026-12").text)
    added = client.post("/admin/calendar/days", data={
        "csrf": csrf, "day": "2026-12-31", "kind": "day_off", "note": "Thông báo 12/TB"},
        follow_redirects=False)
    assert added.status_code == 303
    assert added.headers["location"] == "/admin/calendar?month=2026-12&done=added"
    client.post("/admin/calendar/days", data={
        "csrf": csrf, "day": "2026-12-26", "kind": "working_day", "note": ""})
    calendar = DossierService(center).calendar_for()
    assert not calendar.is_working_day(date(2026, 12, 31))
    assert calendar.is_working_day(date(2026, 12, 26))
    page = client.get("/admin/calendar?month=2026-12&done=added").text
    assert "Đã cập nhật lịch làm việc" in page and "Thông báo 12/TB" in page
    removed = client.post("/admin/calendar/days/2026-12-31/remove", data={"csrf": csrf},
                          follow_redirects=False)
    assert removed.status_code == 303
    assert DossierService(center).calendar_for().is_working_day(date(2026, 12, 31))
    assert [(event["calendar_day"], event["day_kind"], event["by"])
            for event in _changes(center)] == [("2026-12-31", "day_off", "admin"),
                                               ("2026-12-26", "working_day", "admin"),
                                               ("2026-12-31", "removed", "admin")]


def test_errors_are_explained_next_to_the_field(client: Any, center: Database) -> None:
    """No date, and a make-up working day on a Tuesday: refused, said next to the date."""
    csrf = log_in(client)
    for day, kind, message in (("", "day_off", "Hãy chọn một ngày"),
                               ("2026-12-01", "working_day", "đã là ngày làm việc"),
                               ("2026-12-06", "day_off", "đã là ngày nghỉ")):
        response = client.post("/admin/calendar/days",
                               data={"csrf": csrf, "day": day, "kind": kind})
        assert response.status_code == 422
        html = response.text
        field = html.index('name="day"')
        assert 'class="invalid"' in html[html.rindex("<label", 0, field):field]
        assert message in html[field:html.index("</label>", field)]
    bad_kind = client.post("/admin/calendar/days",
                           data={"csrf": csrf, "day": "2026-12-01", "kind": "holiday"})
    assert bad_kind.status_code == 422 and "Hãy chọn loại thay đổi" in bad_kind.text
    assert CalendarService(center).days() == []


def test_the_holidays_are_in_date_order_and_an_open_saturday_is_not_shaded(
        client: Any, center: Database) -> None:
    """2026's swapped working Saturday (22/08) was listed after 24/11; it now sits in date
    order. A site open on Saturday mornings: its Saturdays are not drawn as closed (they
    still do not count toward due dates, said in the legend); Sundays stay shaded. Removing a
    change asks first."""
    import re

    log_in(client)
    html = client.get("/admin/calendar?month=2026-12").text
    listed = re.findall(r'<td class="nowrap">T\S+ (\d\d)/(\d\d)</td>', html)
    days = [(int(month), int(day)) for day, month in listed]
    assert (8, 22) in days and days == sorted(days)
    assert 'class="day weekend off" role="gridcell" href="/admin/calendar?month=2026-12&amp;' \
           'day=2026-12-05' in html
    CenterSettingsService(center).set("HQ", hours=CenterHours(
        ((time(7, 30), time(11, 30)),), ((time(7, 30), time(11, 30)),)))
    CalendarService(center).set_day(date(2026, 12, 24), CalendarDayKind.DAY_OFF)
    html = client.get("/admin/calendar?month=2026-12").text
    assert 'class="day saturday_open" role="gridcell" href="/admin/calendar?month=2026-12' \
           '&amp;day=2026-12-05' in html
    assert 'class="day weekend off" role="gridcell" href="/admin/calendar?month=2026-12&amp;' \
           'day=2026-12-06' in html
    assert "Thứ Bảy mở cửa (không tính vào hạn giải quyết)" in html
    assert 'data-confirm="Xóa thay đổi của ngày 24/12/2026?' in html
