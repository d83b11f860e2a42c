"""``layso calendar``: the center's changes to the working-time calendar.

    layso calendar day-off 2026-12-31 --note "Nghỉ theo thông báo của UBND tỉnh"
    layso calendar working-day 2026-08-22 --note "Làm bù cho ngày 31/8"
    layso calendar not-holiday 2026-09-03
    layso calendar remove 2026-12-31
    layso calendar list [--year 2026] [--json]
    layso calendar check 2026-12-31 [--json]      is it a working day, and why not
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from shared.cli import context
from shared.errors import InvalidOperation

if TYPE_CHECKING:
    from shared.calendar_days import CalendarService

COMMANDS = {"calendar": "lịch làm việc (working-time calendar)"}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ (YYYY-MM-DD): {text!r}") from error


def register(subparsers: Any) -> None:
    from shared.models import CalendarDayKind

    parser = subparsers.add_parser("calendar", help=COMMANDS["calendar"])
    commands = parser.add_subparsers(dest="calendar_command", required=True)
    for name, kind, helptext in (
        ("day-off", CalendarDayKind.DAY_OFF, "thêm ngày nghỉ (add a day off)"),
        ("working-day", CalendarDayKind.WORKING_DAY, "ngày làm bù (make-up working day)"),
        ("not-holiday", CalendarDayKind.NOT_HOLIDAY, "bỏ một ngày lễ (remove a holiday)"),
    ):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("day", type=_date)
        command.add_argument("--note", default="")
        context.add_json(command)
        command.set_defaults(func=run_set, kind=kind)
    remove = commands.add_parser("remove", help="xóa thay đổi của một ngày")
    remove.add_argument("day", type=_date)
    remove.set_defaults(func=run_remove)
    listing = commands.add_parser("list", help="các thay đổi lịch")
    listing.add_argument("--year", type=int)
    context.add_json(listing)
    listing.set_defaults(func=run_list)
    check = commands.add_parser("check", help="một ngày có phải ngày làm việc không")
    check.add_argument("day", type=_date)
    context.add_json(check)
    check.set_defaults(func=run_check)


def _calendar(args: argparse.Namespace) -> CalendarService:
    from shared.calendar_days import CalendarService

    return CalendarService(context.database(args))


def run_set(args: argparse.Namespace) -> int:
    view = _calendar(args).set_day(args.day, args.kind, args.note)
    return context.emit(args, view, lambda v: f"{v.day:%d/%m/%Y}: {v.kind} {v.note}".strip())


def run_remove(args: argparse.Namespace) -> int:
    _calendar(args).remove_day(args.day)
    print(f"Đã xóa thay đổi lịch ngày {args.day:%d/%m/%Y}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    days = _calendar(args).days(args.year)
    return context.emit(args, days, lambda rows: "\n".join(
        f"{row.day:%d/%m/%Y}  {row.kind:<12} {row.note}" for row in rows) or "Không có.")


def run_check(args: argparse.Namespace) -> int:
    from shared.calendar_settings import calendar_settings
    from shared.dossiers import DossierService

    settings = context.settings(args)
    calendar = DossierService(context.database(args),
                              calendar_settings(settings)).calendar_for()
    working = calendar.is_working_day(args.day)
    reason = None if working else calendar.day_off_reason(args.day)
    if reason is None and not working:
        raise InvalidOperation("Không xác định được lý do nghỉ.", "Unknown reason for day off.")
    data = {"day": args.day, "working_day": working, "reason": reason}
    return context.emit(args, data, lambda d: (
        f"{d['day']:%d/%m/%Y}: ngày làm việc" if d["working_day"]
        else f"{d['day']:%d/%m/%Y}: nghỉ — {d['reason']}"))
