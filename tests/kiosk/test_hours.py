"""Opening hours: sessions, the early start, weekends and holidays (no Qt, no database)."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from kiosk.flow import normalize_dossier_code
from kiosk.hours import OpeningHours
from shared.center_hours import CenterHours
from shared.clock import LOCAL_TZ
from shared.errors import ConfigError
from shared.workdays import CalendarSettings, WorkCalendar

HOURS = OpeningHours(["07:00-11:30", "13:30-17:00"], 15, WorkCalendar())


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(("moment", "is_open", "reason"), [
    (at(23, 6, 44), False, "before_hours"),
    (at(23, 6, 45), True, "open"),        # 15 minutes early
    (at(23, 11, 29), True, "open"),
    (at(23, 11, 30), False, "break"),
    (at(23, 13, 15), True, "open"),
    (at(23, 17, 0), False, "after_hours"),
    (at(28, 9, 0), False, "day_off"),     # Saturday
    (at(2, 9, 0, month=9), False, "day_off"),  # National Day
])
def test_numbers_are_issued_in_sessions_of_working_days(moment: datetime, is_open: bool,
                                                        reason: str) -> None:
    """Open from open_early_minutes before each session to its end, on working days only."""
    state = HOURS.state(moment)
    assert (state.is_open, state.reason) == (is_open, reason)


def test_next_opening_skips_the_weekend() -> None:
    """Friday evening → Monday 06:45."""
    assert HOURS.state(at(27, 18, 0)).opens_at == at(30, 6, 45)


def test_a_center_closure_is_a_day_off() -> None:
    """A day the center added as closed is closed, with the closure named."""
    closed = WorkCalendar(CalendarSettings(extra_days_off=frozenset({at(24, 0).date()})))
    state = OpeningHours(["07:00-11:30"], 0, closed).state(at(24, 9, 0))
    assert state.reason == "day_off" and state.day_off_name


def test_a_site_open_on_days_off_issues_at_the_weekend_and_on_holidays() -> None:
    """[kiosk] open_on_days_off (a site serving at the weekend, the demo): Saturday and
    National Day follow the sessions like any day; Friday evening opens on Saturday."""
    weekend = OpeningHours(["07:00-11:30", "13:30-17:00"], 15, WorkCalendar(),
                           open_on_days_off=True)
    assert weekend.state(at(28, 9, 0)).is_open
    assert weekend.state(at(2, 9, 0, month=9)).is_open
    assert weekend.state(at(28, 12, 0)).reason == "break"
    assert weekend.state(at(27, 18, 0)).opens_at == at(28, 6, 45)


def test_malformed_opening_hours_are_a_friendly_config_error() -> None:
    """"7h-11h" is refused with a Vietnamese message, not a traceback."""
    with pytest.raises(ConfigError, match="Giờ không hợp lệ"):
        OpeningHours(["7h-11h"], 0, WorkCalendar())


@pytest.mark.parametrize(("typed", "code"), [
    (" 000.00.53.h48-261123-0001 ", "000.00.53.H48-261123-0001"),
    ("https://example.gov.vn/tra-cuu?ma_ho_so=000.00.53.H48-261123-0001",
     "000.00.53.H48-261123-0001"),
])
def test_typed_or_scanned_codes_are_cleaned(typed: str, code: str) -> None:
    """Spaces and case do not matter; a scanned lookup URL keeps only the code."""
    assert normalize_dossier_code(typed) == code


def test_the_demo_kiosk_is_open_on_a_saturday_night(tmp_path: object) -> None:
    """`layso demo` starts the kiosk with its own config: numbers at any hour, any day."""
    from pathlib import Path

    from shared.cli.demo_cmd import DEMO_CONFIG
    from shared.config import load_settings

    path = Path(str(tmp_path)) / "demo.toml"
    path.write_text(DEMO_CONFIG, encoding="utf-8")
    kiosk = load_settings(path).kiosk
    hours = OpeningHours(kiosk.opening_hours, kiosk.open_early_minutes, WorkCalendar(),
                         kiosk.open_on_days_off)
    assert hours.state(at(28, 22, 30)).is_open


SATURDAY_MORNINGS = OpeningHours.of(
    CenterHours(((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))),
                saturday=((time(7, 30), time(11, 30)),), open_early_minutes=15,
                last_ticket_minutes=30), WorkCalendar())


@pytest.mark.parametrize(("moment", "is_open", "reason"), [
    (at(23, 7, 14), False, "before_hours"),
    (at(23, 7, 15), True, "open"),
    (at(23, 10, 59), True, "open"),
    (at(23, 11, 0), False, "break"),       # the last number 30 minutes before the end
    (at(23, 16, 29), True, "open"),
    (at(23, 16, 30), False, "after_hours"),
    (at(28, 9, 0), True, "open"),          # Saturday morning
    (at(28, 11, 0), False, "after_hours"),
    (at(29, 9, 0), False, "day_off"),      # Sunday
    (at(2, 9, 0, month=9), False, "day_off"),  # National Day
])
def test_the_centers_hours_saturday_mornings_and_the_last_number(
        moment: datetime, is_open: bool, reason: str) -> None:
    """The center's hours from the console: weekday sessions, a Saturday morning, numbers
    from 15 minutes early until 30 minutes before each session ends."""
    state = SATURDAY_MORNINGS.state(moment)
    assert (state.is_open, state.reason) == (is_open, reason)


def test_friday_evening_opens_on_saturday_morning_and_a_holiday_saturday_is_closed() -> None:
    assert SATURDAY_MORNINGS.state(at(27, 18, 0)).opens_at == at(28, 7, 15)
    assert SATURDAY_MORNINGS.state(at(28, 12, 0)).opens_at == at(30, 7, 15)
    closed = WorkCalendar(CalendarSettings(extra_days_off=frozenset({at(28, 0).date()})))
    hours = OpeningHours.of(CenterHours(((time(7, 30), time(11, 30)),),
                                        saturday=((time(7, 30), time(11, 30)),)), closed)
    state = hours.state(at(28, 9, 0))
    assert (state.is_open, state.day_off_name) == (False, "Ngày nghỉ theo thông báo của cơ quan")


def test_a_make_up_working_saturday_has_the_weekday_sessions() -> None:
    """A Saturday worked in place of a weekday is a full working day, afternoon included."""
    makeup = WorkCalendar(CalendarSettings(extra_working_days=frozenset({at(28, 0).date()})))
    hours = OpeningHours.of(CenterHours(((time(7, 30), time(11, 30)), (time(13, 30),
                                                                      time(17, 0))),
                                        saturday=((time(7, 30), time(11, 30)),)), makeup)
    assert hours.state(at(28, 15, 0)).is_open


def test_describe_says_the_moments_numbers_are_issued() -> None:
    assert SATURDAY_MORNINGS.describe() == "07:15–11:00, 13:15–16:30"
    assert SATURDAY_MORNINGS.describe_saturday() == "07:15–11:00"
    assert HOURS.describe_saturday() == ""
