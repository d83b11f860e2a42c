"""The working-time calendar settings of the config file, as the calendar takes them."""

from __future__ import annotations

from dataclasses import replace

from shared.center_hours import CenterHours
from shared.config import Settings
from shared.workdays import CalendarSettings


def calendar_settings(settings: Settings, hours: CenterHours | None = None) -> CalendarSettings:
    """Sessions and the same-day cut-off from ``[calendar]``, validated; with the center's
    opening ``hours`` (set from the console), their weekday sessions are the working time."""
    base = CalendarSettings.parse(settings.calendar.sessions, settings.calendar.same_day_cutoff)
    if hours is None or hours.source != "center":
        return base
    return replace(base, sessions=hours.weekdays)
