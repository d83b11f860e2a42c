"""The warning a kiosk or counter shows when its clock disagrees with the database's
(``shared.clock.clock_skew``): the server's clock on PostgreSQL, the latest events on SQLite.
A wrong PC clock stamps tickets in the wrong order and, on SQLite, gets issues and calls
refused; the staff should fix it before the doors open."""

from __future__ import annotations

import logging

from shared.clock import CLOCK_TOLERANCE_SECONDS, clock_skew
from shared.db.database import Database
from shared.errors import LaysoError

log = logging.getLogger(__name__)


def clock_warning(db: Database, language: str = "vi") -> str | None:
    """A one-line warning when this PC's clock is off by more than the tolerance (2 min),
    else None (also when the database cannot be read now: nothing to compare with)."""
    try:
        with db.reading() as session:
            skew = clock_skew(session)
    except LaysoError as error:
        log.info("clock not compared: %s", error)
        return None
    if skew is None or abs(skew) <= CLOCK_TOLERANCE_SECONDS:
        return None
    minutes = round(abs(skew) / 60)
    log.warning("this PC's clock is %s the database's by %d min", "ahead of" if skew > 0
                else "behind", minutes)
    if language == "en":
        return (f"This PC's clock is {_amount(minutes, 'en')} "
                f"{'ahead of' if skew > 0 else 'behind'} the database's: set the PC's date "
                "and time.")
    return (f"Đồng hồ máy này {'nhanh' if skew > 0 else 'chậm'} {_amount(minutes, 'vi')} so "
            "với cơ sở dữ liệu: hãy chỉnh lại ngày giờ của máy.")


def _amount(minutes: int, language: str) -> str:
    """``minutes`` said simply: minutes, hours and minutes, or days."""
    day, hour, minute = ("days", "h", "min") if language == "en" else ("ngày", "giờ", "phút")
    if minutes >= 48 * 60:
        return f"{round(minutes / 1440)} {day}"
    if minutes >= 90:
        return f"{minutes // 60} {hour} {minutes % 60} {minute}"
    return f"{minutes} {minute}"
