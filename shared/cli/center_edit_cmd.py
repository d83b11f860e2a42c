"""Changing a center's set-up from a script (``layso service|counter|clerk …``):

    layso service set CODE [--name …] [--name-en …] [--prefix P] [--format F] [--start N]
                           [--cap N|none] [--icon …] [--active yes|no] [--json]
    layso service fields CODE --fields "Hộ tịch,Chứng thực" [--json]
    layso counter services N --services HT,CT [--json]     (in the order they are called)
    layso counter set N [--name …] [--active yes|no] [--json]
    layso clerk set USERNAME [--role clerk|supervisor|admin] [--full-name …]
                             [--active yes|no] [--json]

Each change is recorded as an event with the OS user who ran the command; the display
reloads on it. Registered by shared/cli/center_cmd.py under its ``service``, ``counter`` and
``clerk`` commands.
"""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING, Any

from shared.cli import context
from shared.errors import InvalidOperation

if TYPE_CHECKING:
    from shared.center import CenterService
    from shared.views import CounterState, ServiceView

_YES_NO = {"yes": True, "no": False, "có": True, "không": False}


def register(service_commands: Any, counter_commands: Any, clerk_commands: Any) -> None:
    """Add ``service set|fields``, ``counter services|set`` and ``clerk set``."""
    from shared.center import UNCHANGED
    from shared.models import Role

    edit = service_commands.add_parser("set", help="sửa dịch vụ (change a service)")
    edit.add_argument("code")
    edit.add_argument("--name")
    edit.add_argument("--name-en")
    edit.add_argument("--prefix")
    edit.add_argument("--format", dest="number_format",
                      help="định dạng số, ví dụ {prefix}{n:03d} → A012")
    edit.add_argument("--start", type=int, help="số đầu tiên mỗi ngày (từ 0)")
    edit.add_argument("--cap", type=_cap, default=UNCHANGED, metavar="N|none",
                      help="giới hạn số mỗi ngày; none = không giới hạn")
    edit.add_argument("--icon")
    edit.add_argument("--active", type=_yes_no, metavar="yes|no",
                      help="no = tạm ngừng cấp số (stop issuing numbers)")
    context.add_json(edit)
    edit.set_defaults(func=run_service_set)
    fields = service_commands.add_parser("fields", help="lĩnh vực của dịch vụ (its fields)")
    fields.add_argument("code")
    fields.add_argument("--fields", required=True,
                        help="các lĩnh vực, phân cách bằng dấu phẩy: \"Hộ tịch,Chứng thực\"")
    context.add_json(fields)
    fields.set_defaults(func=run_service_fields)

    services = counter_commands.add_parser(
        "services", help="đổi dịch vụ của quầy và thứ tự gọi (a counter's services)")
    services.add_argument("number", type=int)
    services.add_argument("--services", required=True,
                          help="mã dịch vụ theo thứ tự ưu tiên, phân cách bằng dấu phẩy: HT,CT")
    services.add_argument("--today", action="store_true",
                          help="chỉ cho hôm nay: ngày mai quầy trở lại dịch vụ thường ngày; "
                          "ghi lại danh sách thường ngày để bỏ thay đổi (for today only)")
    context.add_json(services)
    services.set_defaults(func=run_counter_services)
    counter = counter_commands.add_parser("set", help="đổi tên / ngừng dùng quầy")
    counter.add_argument("number", type=int)
    counter.add_argument("--name")
    counter.add_argument("--active", type=_yes_no, metavar="yes|no",
                         help="no = ngừng dùng quầy (take the counter out of use)")
    context.add_json(counter)
    counter.set_defaults(func=run_counter_set)

    clerk = clerk_commands.add_parser("set", help="đổi vai trò / tên / khóa tài khoản")
    clerk.add_argument("username")
    clerk.add_argument("--role", choices=[role.value for role in Role])
    clerk.add_argument("--full-name")
    clerk.add_argument("--active", type=_yes_no, metavar="yes|no",
                       help="no = khóa tài khoản (the account can no longer log in)")
    context.add_json(clerk)
    clerk.set_defaults(func=run_clerk_set)


def _yes_no(text: str) -> bool:
    try:
        return _YES_NO[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"cần yes hoặc no, nhận được {text!r}") from None


def _cap(text: str) -> int | None:
    if text.strip().lower() in {"none", "0", "không"}:
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"cần một số nguyên hoặc none, nhận được {text!r}") from None


def _actor() -> str:
    """Who runs the command: the OS user name (recorded in the change's event)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in this environment
        return ""


def _nothing_to_change(options: str) -> InvalidOperation:
    return InvalidOperation(f"Không có gì để thay đổi: hãy cho {options}.",
                            f"Nothing to change: give {options}.")


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _service_json(view: ServiceView) -> dict[str, Any]:
    return {"code": view.code, "name": view.name, "name_en": view.name_en,
            "prefix": view.prefix, "number_format": view.number_format,
            "start_number": view.start_number, "daily_cap": view.daily_cap, "icon": view.icon,
            "active": view.active, "fields": list(view.fields)}


def _counter_json(state: CounterState) -> dict[str, Any]:
    return {"number": state.number, "name": state.name, "services": list(state.services),
            "status": str(state.status), "clerk": state.clerk_username,
            "current": state.current.number if state.current else None}


def _center(args: argparse.Namespace) -> CenterService:
    from shared.center import CenterService

    return CenterService(context.database(args), actor=_actor())


def run_service_set(args: argparse.Namespace) -> int:
    from shared.center import UNCHANGED

    changes = {"name": args.name, "name_en": args.name_en, "prefix": args.prefix,
               "number_format": args.number_format, "start_number": args.start,
               "icon": args.icon, "active": args.active}
    if all(value is None for value in changes.values()) and args.cap is UNCHANGED:
        raise _nothing_to_change("--name, --name-en, --prefix, --format, --start, "
                                       "--cap, --icon hoặc --active")
    view = _center(args).set_service(
        context.site(args), args.code, daily_cap=args.cap, **changes)
    return context.emit(args, _service_json(view), lambda d: (
        f"Dịch vụ {d['code']}: {d['name']}, số {d['prefix']}… ({d['number_format']}), "
        f"{'đang cấp số' if d['active'] else 'tạm ngừng cấp số'}"))


def run_service_fields(args: argparse.Namespace) -> int:
    view = _center(args).set_service_fields(
        context.site(args), args.code, _codes(args.fields))
    return context.emit(args, _service_json(view), lambda d: (
        f"Dịch vụ {d['code']}: {', '.join(d['fields']) or '(không có lĩnh vực)'}"))


def run_counter_services(args: argparse.Namespace) -> int:
    if args.today:
        return _counter_services_today(args)
    state = _center(args).set_counter_services(
        context.site(args), args.number, _codes(args.services))
    return context.emit(args, _counter_json(state),
                        lambda d: f"Quầy {d['number']}: {', '.join(d['services'])}")


def _counter_services_today(args: argparse.Namespace) -> int:
    """A counter's services for the rest of today (shared/counter_day.py)."""
    from shared.counter_day import CounterDayServices

    day = CounterDayServices(context.database(args), actor=_actor()).set_today(
        context.site(args), args.number, _codes(args.services))
    data = {"number": day.counter, "day": day.day.isoformat(), "services": list(day.in_force),
            "today": None if day.today is None else list(day.today), "usual": list(day.usual)}
    return context.emit(args, data, lambda d: (
        f"Quầy {d['number']} hôm nay: {', '.join(d['services'])}" if d["today"] else
        f"Quầy {d['number']}: dịch vụ thường ngày {', '.join(d['services'])}"))


def run_counter_set(args: argparse.Namespace) -> int:
    if args.name is None and args.active is None:
        raise _nothing_to_change("--name hoặc --active")
    state = _center(args).set_counter(
        context.site(args), args.number, name=args.name, active=args.active)
    return context.emit(args, dict(_counter_json(state), active=state.active), lambda d: (
        f"Quầy {d['number']}: {d['name']}" + ("" if d["active"] else " (ngừng dùng)")))


def run_clerk_set(args: argparse.Namespace) -> int:
    if args.role is None and args.full_name is None and args.active is None:
        raise _nothing_to_change("--role, --full-name hoặc --active")
    from shared.clerk_accounts import ClerkAccounts

    view = ClerkAccounts(context.database(args), actor=_actor()).set_clerk(
        args.username, role=args.role, active=args.active, full_name=args.full_name)
    return context.emit(args, view, lambda v: (
        f"Cán bộ {v.username}: {v.full_name}, {v.role}"
        + ("" if v.active else " (đã khóa)")))
