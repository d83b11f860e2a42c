"""Tests for shared/workdays.py: the working-time calendar and due dates (DOMAIN.md "Due dates").

Expected days off are those of ``holidays`` 0.109 (``holidays.VN``), checked against the
public-sector announcements:
- Tết Ất Tỵ 2025: off Sat 25/01 – Sun 02/02/2025 (Announcement 6150/TB-BLĐTBXH, 2024).
- 30/4 – 1/5/2025: Fri 02/05 off, swapped with Sat 26/04/2025 worked (Prime Minister's
  approval of the swap, announced by the Ministry of Home Affairs, 2025).
- Quốc khánh 2025: off Sat 30/08 – Tue 02/09/2025 (Mon 01/09 is the adjacent day).
- Tết Bính Ngọ 2026: off Sat 14/02 – Sun 22/02/2026 (Ministry of Home Affairs, 2025).
- Giỗ Tổ 2026 falls on Sun 26/04 → nghỉ bù Mon 27/04/2026 (Labour Code 2019, art. 112.3).
- Quốc khánh 2026: Mon 31/08 off, swapped with Sat 22/08/2026 worked (as ``holidays`` records).
- 2026 onwards: 24/11 Ngày Văn hóa Việt Nam is a day off (Resolution 80-NQ/TW, as in ``holidays``).
- Tết Đinh Mùi 2027 (LNY Sat 06/02): 29 Tết Thu 04/02 – Wed 10/02/2027 incl. nghỉ bù for the
  weekend (projected by the Labour Code rule; not yet announced).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.errors import ConfigError
from shared.workdays import CalendarSettings, TimeUnit, WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar()


def at(text: str) -> datetime:
    """A local Vietnamese time from 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN)


WD, DAYS, HOURS = TimeUnit.WORKING_DAYS, TimeUnit.DAYS, TimeUnit.HOURS

DUE_CASES = [
    # (why, received, limit, unit, expected due)
    ("working days count from the filing moment", "2025-03-10 09:00", 3, WD, "2025-03-13 09:00"),
    ("after closing rolls to next morning; ends at a session end",
     "2025-03-11 17:30", 3, WD, "2025-03-14 17:00"),
    ("filing at 07:00 plus one working day ends at that day's 17:00",
     "2025-03-10 07:00", 1, WD, "2025-03-10 17:00"),
    ("lunch-break filing starts at 13:30; 8 h later is Thu 11:30, not rolled to 13:30",
     "2025-03-12 12:00", 1, WD, "2025-03-13 11:30"),
    ("Tết 2025 (25/01–02/02) is skipped", "2025-01-24 10:00", 1, WD, "2025-02-03 10:00"),
    ("Tết 2026 (14/02–22/02) is skipped", "2026-02-13 16:00", 2, WD, "2026-02-24 16:00"),
    ("Tết 2027 (04/02–10/02, projected) is skipped", "2027-02-03 09:00", 1, WD,
     "2027-02-11 09:00"),
    ("30/4, 1/5 and the swapped 2/5/2025 are skipped", "2025-04-29 14:00", 1, WD,
     "2025-05-05 14:00"),
    ("the make-up working Saturday 26/04/2025 counts", "2025-04-25 10:00", 1, WD,
     "2025-04-26 10:00"),
    ("2/9/2025 and the adjacent 1/9 are skipped", "2025-08-29 10:00", 1, WD, "2025-09-03 10:00"),
    ("nghỉ bù Mon 27/04/2026 for Giỗ Tổ on a Sunday is skipped", "2026-04-24 10:00", 2, WD,
     "2026-04-29 10:00"),
    ("nghỉ bù then 30/4–1/5/2026", "2026-04-24 10:00", 3, WD, "2026-05-04 10:00"),
    ("nghỉ bù Mon 03/05/2027 for 1/5 on a Saturday", "2027-04-29 10:00", 1, WD,
     "2027-05-04 10:00"),
    ("24/11/2026 Ngày Văn hóa Việt Nam is skipped", "2026-11-23 10:00", 1, WD, "2026-11-25 10:00"),
    ("same day: before 15:00 on a working day → that day's closing",
     "2025-03-12 14:59", 0, WD, "2025-03-12 17:00"),
    ("same day: before opening → that day's closing", "2025-03-12 06:30", 0, WD,
     "2025-03-12 17:00"),
    ("same day: at 15:00 → next working day's closing", "2025-03-12 15:00", 0, WD,
     "2025-03-13 17:00"),
    ("same day: Friday after 15:00 → Monday's closing", "2025-03-14 15:30", 0, WD,
     "2025-03-17 17:00"),
    ("same day: after 15:00 before 2/9/2025 → Wed 03/09", "2025-08-29 15:30", 0, WD,
     "2025-09-03 17:00"),
    ("same day: filed on a Saturday (online) → Monday's closing", "2025-03-15 09:00", 0, WD,
     "2025-03-17 17:00"),
    ("calendar days ending on a Sunday move to Monday's closing", "2025-03-10 10:00", 6, DAYS,
     "2025-03-17 17:00"),
    ("calendar days ending on a working day → its closing", "2025-03-10 16:50", 3, DAYS,
     "2025-03-13 17:00"),
    ("calendar days ending in Tết 2025 move past it", "2025-01-20 10:00", 10, DAYS,
     "2025-02-03 17:00"),
    ("working hours continue on the next working day", "2025-03-10 16:00", 4, HOURS,
     "2025-03-11 10:00"),
    ("working hours within one session", "2025-03-10 07:00", 4, HOURS,
     "2025-03-10 11:00"),
]


@pytest.mark.parametrize(("why", "received", "limit", "unit", "expected"), DUE_CASES,
                         ids=[case[0] for case in DUE_CASES])
def test_due_at_follows_the_vietnamese_working_calendar(
        why: str, received: str, limit: int, unit: TimeUnit, expected: str) -> None:
    """Due dates skip weekends, holidays and nghỉ bù, count make-up Saturdays (table above)."""
    due = CAL.due_at(at(received), limit, unit)
    assert due == at(expected), why
    assert due is not None and due.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(("start", "hours", "end", "not_rolled_to"), [
    # within the morning: 11:30, not the afternoon's 13:30
    ("2025-03-10 07:00", 4.5, "2025-03-10 11:30", "2025-03-10 13:30"),
    # across the lunch break to the day's closing: 17:00, not Tuesday 07:00
    ("2025-03-10 09:00", 6, "2025-03-10 17:00", "2025-03-11 07:00"),
    # across a night to the next morning's end: Tuesday 11:30, not Tuesday 13:30
    ("2025-03-10 13:30", 8, "2025-03-11 11:30", "2025-03-11 13:30"),
    # a Friday's closing before the weekend: Friday 17:00, not Monday 07:00
    ("2025-03-13 13:30", 11.5, "2025-03-14 17:00", "2025-03-17 07:00"),
    # the closing before 30/4-1/5 (and 2/5 off in 2025): Tue 29/4 17:00, not Mon 5/5 07:00
    ("2025-04-28 07:00", 16, "2025-04-29 17:00", "2025-05-05 07:00"),
])
def test_addition_ending_exactly_at_a_session_end_stays_there(
        start: str, hours: float, end: str, not_rolled_to: str) -> None:
    """An addition of working hours that ends exactly at a session's end (after crossing a
    lunch break, a night, a weekend or holidays) stays at that end: it is not rolled on to
    the next working moment."""
    due = CAL.add_working_hours(at(start), hours)
    assert due == at(end) and due != at(not_rolled_to)
    assert CAL.next_working_moment(due) == at(not_rolled_to)  # where a roll would have put it


def test_working_days_ending_at_closing_stay_at_closing() -> None:
    """The rule's example: Tue 17:30 + 3 working days = Fri 17:00 (not Mon 07:00)."""
    assert CAL.due_at(at("2025-03-11 17:30"), 3, WD) == at("2025-03-14 17:00")


def test_unknown_time_limit_has_no_due_date() -> None:
    """A procedure without a known time limit gets no due date ("chưa xác định")."""
    assert CAL.due_at(at("2025-03-10 09:00"), None, WD) is None


def test_utc_input_is_read_in_vietnamese_time() -> None:
    """10:30 UTC is 17:30 in Hà Nội: after closing, so it rolls to the next morning."""
    received = datetime(2025, 3, 11, 10, 30, tzinfo=ZoneInfo("UTC"))
    assert CAL.due_at(received, 3, WD) == at("2025-03-14 17:00")


def test_naive_datetimes_are_refused() -> None:
    """Inputs must be aware datetimes."""
    with pytest.raises(ValueError):
        CAL.is_working_moment(datetime(2025, 3, 10, 9, 0))


@pytest.mark.parametrize(("day", "working"), [
    (date(2025, 1, 27), False),  # Mon before Tết 2025, off (6150/TB-BLĐTBXH)
    (date(2025, 2, 3), True),
    (date(2025, 4, 7), False),  # Giỗ Tổ Hùng Vương 2025
    (date(2025, 4, 26), True),  # make-up working Saturday
    (date(2025, 5, 2), False),  # swapped day off
    (date(2025, 9, 1), False),
    (date(2026, 2, 16), False),
    (date(2026, 2, 23), True),
    (date(2026, 8, 22), True),  # make-up working Saturday
    (date(2026, 8, 31), False),
    (date(2027, 2, 10), False),
    (date(2027, 5, 3), False),
    (date(2027, 1, 2), False),  # plain Saturday
])
def test_national_calendar_days_off_and_make_up_days(day: date, working: bool) -> None:
    """Holidays, nghỉ bù and swaps of holidays.VN; the swaps' make-up Saturdays are worked."""
    assert CAL.is_working_day(day) is working


def test_removed_holiday_becomes_a_working_day() -> None:
    """A center that removes a holiday (here 24/11/2026) works that day."""
    cal = WorkCalendar(CalendarSettings(removed_holidays=frozenset({date(2026, 11, 24)})))
    assert cal.is_working_day(date(2026, 11, 24))
    assert cal.due_at(at("2026-11-23 10:00"), 1, WD) == at("2026-11-24 10:00")


def test_removed_holiday_on_a_weekend_stays_off() -> None:
    """Removing a holiday does not make a Saturday a working day."""
    cal = WorkCalendar(CalendarSettings(removed_holidays=frozenset({date(2025, 2, 1)})))
    assert not cal.is_working_day(date(2025, 2, 1))


def test_extra_working_saturday_and_extra_day_off() -> None:
    """A center's make-up working Saturday is worked; its local closure is skipped."""
    cal = WorkCalendar(CalendarSettings(extra_working_days=frozenset({date(2025, 3, 15)}),
                                        extra_days_off=frozenset({date(2025, 3, 17)})))
    assert cal.due_at(at("2025-03-14 10:00"), 1, WD) == at("2025-03-15 10:00")
    assert cal.due_at(at("2025-03-14 10:00"), 2, WD) == at("2025-03-18 10:00")
    assert cal.day_off_reason(date(2025, 3, 17)) == "Ngày nghỉ theo thông báo của cơ quan"


def test_explicit_day_off_beats_a_package_make_up_day() -> None:
    """A center that did not take the 2025 swap can mark Sat 26/04 off again."""
    cal = WorkCalendar(CalendarSettings(extra_days_off=frozenset({date(2025, 4, 26)})))
    assert not cal.is_working_day(date(2025, 4, 26))


def test_custom_sessions_and_cutoff() -> None:
    """Sessions and the same-day cut-off are per center (7:30–11:30, 13:00–17:00, 16:00)."""
    cal = WorkCalendar(CalendarSettings(
        sessions=((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))),
        same_day_cutoff=time(16, 0)))
    assert cal.settings.hours_per_day == timedelta(hours=8)
    assert cal.due_at(at("2025-03-10 15:30"), 0, WD) == at("2025-03-10 17:00")
    assert cal.next_working_moment(at("2025-03-10 12:00")) == at("2025-03-10 13:00")


def test_settings_parse_config_strings() -> None:
    """Config gives sessions as "HH:MM-HH:MM" strings; they parse to the same calendar."""
    parsed = CalendarSettings.parse(["07:00-11:30", "13:30-17:00"], "15:00")
    assert parsed == CalendarSettings()
    with pytest.raises(ConfigError):
        CalendarSettings.parse(["7h-11h"])


@pytest.mark.parametrize("bad", [
    {"sessions": ()},
    {"sessions": ((time(13, 0), time(17, 0)), (time(7, 0), time(11, 0)))},
    {"weekend": frozenset({7})},
    {"timezone": "Asia/Nowhere"},
    {"extra_days_off": frozenset({date(2025, 1, 4)}),
     "extra_working_days": frozenset({date(2025, 1, 4)})},
])
def test_invalid_settings_raise_a_friendly_config_error(bad: dict[str, object]) -> None:
    """Broken calendar settings are reported as ConfigError with a Vietnamese message."""
    with pytest.raises(ConfigError) as info:
        CalendarSettings(**bad)  # type: ignore[arg-type]
    assert info.value.message and info.value.message_en


def test_next_working_moment_rolls_over_a_long_holiday() -> None:
    """From Tết Eve 2025 the next working moment is Mon 03/02/2025 07:00."""
    assert CAL.next_working_moment(at("2025-01-28 09:00")) == at("2025-02-03 07:00")
    assert CAL.is_working_moment(at("2025-02-03 07:00"))
    assert not CAL.is_working_moment(at("2025-02-03 17:00"))


MOMENTS = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 1),
                       timezones=st.just(VN))
UNITS = st.sampled_from(list(TimeUnit))


def _is_session_end(moment: datetime) -> bool:
    return CAL.is_working_day(moment.date()) and any(
        moment.time().replace(tzinfo=None) == end for _start, end in CAL.settings.sessions)


@settings(max_examples=300, deadline=None)
@given(received=MOMENTS, limit=st.integers(min_value=0, max_value=30), unit=UNITS)
def test_due_date_is_working_time_and_never_before_filing(
        received: datetime, limit: int, unit: TimeUnit) -> None:
    """Property: a due date is a working moment or a session end, and not before filing."""
    due = CAL.due_at(received, limit, unit)
    assert due is not None
    assert due >= received
    assert CAL.is_working_moment(due) or _is_session_end(due)


@settings(max_examples=200, deadline=None)
@given(received=MOMENTS, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=9)),
       limit=st.integers(min_value=0, max_value=15), unit=UNITS)
def test_a_later_filing_is_never_due_earlier(
        received: datetime, later: timedelta, limit: int, unit: TimeUnit) -> None:
    """Property: due dates are monotonic in the filing moment."""
    first = CAL.due_at(received, limit, unit)
    second = CAL.due_at(received + later, limit, unit)
    assert first is not None and second is not None and first <= second


@settings(max_examples=200, deadline=None)
@given(start=MOMENTS, first=st.integers(min_value=1, max_value=40),
       second=st.integers(min_value=1, max_value=40))
def test_adding_working_hours_in_two_steps_equals_one_step(
        start: datetime, first: int, second: int) -> None:
    """Property: add(add(t, a), b) == add(t, a + b) for positive a and b (half hours)."""
    step_a, step_b = timedelta(minutes=30 * first), timedelta(minutes=30 * second)
    two_steps = CAL.add_working_hours(CAL.add_working_hours(start, step_a), step_b)
    assert two_steps == CAL.add_working_hours(start, step_a + step_b)
