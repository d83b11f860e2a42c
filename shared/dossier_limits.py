"""A dossier's time limit: the catalog's, or what the clerk entered at receipt when the
catalog has none (a number of working days, days or working hours, the same day, the due
date itself, or "chưa xác định" chosen on purpose).

The dossier keeps the limit it was received with (``dossiers.time_limit``/``time_unit``), so
its slip says what was promised and a supplement received restarts the same count even if the
catalog changes meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.errors import InvalidOperation
from shared.workdays import TimeUnit, WorkCalendar

#: time unit → (Vietnamese, English) for "3 ngày làm việc" on the slip
UNIT_TEXT: dict[str, tuple[str, str]] = {
    "working_days": ("ngày làm việc", "working days"),
    "days": ("ngày", "days"),
    "hours": ("giờ làm việc", "working hours"),
}
UNKNOWN_TEXT = "chưa xác định"
SAME_DAY_TEXT = "Trong ngày"
BY_DATE_TEXT = "Theo ngày hẹn trả kết quả"


class LimitUnit(StrEnum):
    """What the clerk chose on the receive form when the catalog has no time limit."""

    WORKING_DAYS = "working_days"
    DAYS = "days"
    HOURS = "hours"
    SAME_DAY = "same_day"  # stored as 0 working days, as the catalog does
    DATE = "date"  # the clerk typed the due date itself
    UNKNOWN = "unknown"  # "chưa xác định", chosen explicitly


@dataclass(frozen=True)
class LimitChoice:
    """The time limit entered at receipt: ``amount`` of ``unit`` (working days, days, hours),
    the same day, a due date (``due_at``, aware) or explicitly unknown."""

    unit: LimitUnit
    amount: int | None = None
    due_at: datetime | None = None

    def stored(self) -> tuple[int | None, str]:
        """(time_limit, time_unit) as the dossier keeps them."""
        if self.unit is LimitUnit.SAME_DAY:
            return 0, TimeUnit.WORKING_DAYS.value
        if self.unit in (LimitUnit.DATE, LimitUnit.UNKNOWN):
            return None, self.unit.value
        return self.amount, self.unit.value

    def catalog_value(self) -> tuple[int, str] | None:
        """What "save to the catalog" writes: a count and a unit (never a date or unknown)."""
        limit, unit = self.stored()
        return None if limit is None else (limit, unit)

    def check(self, received: datetime) -> None:
        counted = self.unit in (LimitUnit.WORKING_DAYS, LimitUnit.DAYS, LimitUnit.HOURS)
        if counted and (self.amount is None or not 1 <= self.amount <= 3650):
            raise InvalidOperation("Thời hạn giải quyết phải là số từ 1 trở lên.",
                                   "The time limit must be a number from 1 up.")
        if self.unit is LimitUnit.DATE:
            if self.due_at is None or self.due_at.utcoffset() is None:
                raise InvalidOperation("Chưa nhập ngày hẹn trả kết quả.",
                                       "The due date is missing.")
            if self.due_at <= received:
                raise InvalidOperation("Ngày hẹn trả kết quả phải sau thời điểm tiếp nhận.",
                                       "The due date must be after the moment of receipt.")


def due_for(calendar: WorkCalendar, received: datetime, time_limit: int | None,
            time_unit: str | None) -> datetime | None:
    """The due moment of a count-based limit; None for a date, unknown or no limit."""
    if time_limit is None or not time_unit or time_unit not in UNIT_TEXT:
        return None
    return calendar.due_at(received, time_limit, TimeUnit(time_unit))


def limit_text(time_limit: int | None, time_unit: str | None) -> str:
    """How the slip says it: "3 ngày làm việc", "Trong ngày", "Theo ngày hẹn trả kết quả",
    "chưa xác định" (chosen); "" when there is no limit at all (nothing was chosen)."""
    if time_unit == LimitUnit.UNKNOWN:
        return UNKNOWN_TEXT
    if time_unit == LimitUnit.DATE:
        return BY_DATE_TEXT
    if time_limit is None or not time_unit:
        return ""
    if time_limit == 0:
        return SAME_DAY_TEXT
    unit = UNIT_TEXT.get(time_unit, (time_unit, ""))[0]
    return f"{time_limit} {unit}"
