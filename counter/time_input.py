"""Dates and times as a clerk types them: "25/11/2026 16:00", or "25/11/2026" (17:00)."""

from __future__ import annotations

from datetime import datetime

from shared.clock import LOCAL_TZ, local

DUE_FORMAT = "%d/%m/%Y %H:%M"


def parse_due(text: str) -> datetime | None:
    """The typed moment in local time (a date alone means 17:00); None if it is not one."""
    cleaned = " ".join(text.split())
    for pattern in (DUE_FORMAT, "%d/%m/%Y"):
        try:
            moment = datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        if pattern == "%d/%m/%Y":
            moment = moment.replace(hour=17)
        return moment.replace(tzinfo=LOCAL_TZ)
    return None


def typed(moment: datetime) -> str:
    """``moment`` as the clerk would type it."""
    return local(moment).strftime(DUE_FORMAT)
