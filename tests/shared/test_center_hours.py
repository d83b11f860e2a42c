"""The center's opening hours (shared/center_hours.py): what the console's form accepts, the
Vietnamese message for what it refuses (by field), storage per site with the PC's file as the
fallback, and the working sessions due dates count."""

from __future__ import annotations

from datetime import time

import pytest

from shared.calendar_settings import calendar_settings
from shared.center_hours import CenterHours, file_hours, parse_hours
from shared.center_settings import CenterSettingsService
from shared.config import Settings
from shared.db.database import Database
from tests.center_data import SITE
from tests.server.admin_helpers import changes

MORNING, AFTERNOON = (time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))


def test_sessions_are_read_as_people_type_them() -> None:
    hours, problems = parse_hours("07:30-11:30, 13:30-17:00", "7h30 – 11h30", "15", "30")
    assert problems == {}
    assert hours == CenterHours((MORNING, AFTERNOON), (MORNING,), 15, 30)
    hours, _ = parse_hours("07:30 - 11:30 và 13:30-17:00", "", "", "")
    assert hours is not None and hours.weekdays == (MORNING, AFTERNOON) and not hours.saturday
    assert (hours.open_early_minutes, hours.last_ticket_minutes) == (0, 0)


@pytest.mark.parametrize(("weekdays", "saturday", "early", "last", "field", "message"), [
    ("", "", "15", "0", "weekdays", "Hãy nhập ít nhất một ca làm việc"),
    ("07:30-1130", "", "15", "0", "weekdays", "“07:30-1130” không đúng dạng"),
    ("11:30-07:30", "", "15", "0", "weekdays", "giờ bắt đầu phải trước giờ kết thúc"),
    ("07:30-11:30, 11:00-17:00", "", "15", "0", "weekdays", "phải bắt đầu sau khi ca"),
    ("07:30-25:00", "", "15", "0", "weekdays", "giờ phải từ 00:00 đến 23:59"),
    ("07:30-11:30", "sáng", "15", "0", "saturday", "“sáng” không đúng dạng"),
    ("07:30-11:30", "", "mười", "0", "open_early_minutes", "số phút từ 0 đến 120"),
    ("07:30-11:30", "", "15", "-5", "last_ticket_minutes", "số phút từ 0 đến 240"),
    ("07:30-11:30", "08:00-09:00", "15", "60", "last_ticket_minutes", "ca ngắn nhất (60 phút)"),
])
def test_each_wrong_value_is_explained_next_to_its_field(weekdays: str, saturday: str,
                                                         early: str, last: str, field: str,
                                                         message: str) -> None:
    hours, problems = parse_hours(weekdays, saturday, early, last)
    assert hours is None and list(problems) == [field]
    assert message in problems[field].message and problems[field].message_en


def test_every_field_is_checked_at_once() -> None:
    _, problems = parse_hours("x", "y", "z", "w")
    assert set(problems) == {"weekdays", "saturday", "open_early_minutes",
                             "last_ticket_minutes"}


def test_stored_per_site_with_the_file_as_fallback_and_logged(center: Database) -> None:
    settings = Settings()
    service = CenterSettingsService(center, actor="admin")
    assert service.hours(SITE, settings) == file_hours(settings)
    assert service.hours(SITE, settings).source == "file"
    hours = CenterHours((MORNING, AFTERNOON), (MORNING,), 10, 30)
    service.set(SITE, hours=hours)
    assert service.hours(SITE, settings) == hours
    logged = changes(center, "site.settings")[-1]
    assert logged["by"] == "admin" and logged["changed"]["hours"][1]["saturday"] == [
        "07:30-11:30"]
    service.set(SITE, hours=None)
    assert service.hours(SITE, settings).source == "file"


def test_the_centers_weekday_sessions_are_the_working_time_of_due_dates() -> None:
    settings = Settings()
    assert calendar_settings(settings).sessions == ((time(7), time(11, 30)), AFTERNOON)
    assert calendar_settings(settings, file_hours(settings)).sessions == (
        (time(7), time(11, 30)), AFTERNOON)
    centers = CenterHours((MORNING, AFTERNOON), (MORNING,))
    assert calendar_settings(settings, centers).sessions == (MORNING, AFTERNOON)
