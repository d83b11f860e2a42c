"""The working-time calendar settings of the config file, as the calendar takes them."""

from __future__ import annotations

from shared.config import Settings
from shared.workdays import CalendarSettings


def calendar_settings(settings: Settings) -> CalendarSettings:
    """Sessions and the same-day cut-off from ``[calendar]``, validated."""
    return CalendarSettings.parse(settings.calendar.sessions, settings.calendar.same_day_cutoff)
