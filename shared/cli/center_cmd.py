"""``layso site|service|counter|clerk add|list``: set up a center from a script."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shared.cli import center_edit_cmd, context, secret_input

if TYPE_CHECKING:
    from shared.center import CenterService
    from shared.clerks import ClerkService
    from shared.queue import QueueService

COMMANDS = {
    "site": "cơ sở (sites)",
    "service": "dịch vụ / hàng đợi (services)",
    "counter": "ứng dụng tại quầy; hoặc quản lý quầy: add|list|status|release",
    "clerk": "cán bộ (clerks)",
}


def register(subparsers: Any) -> None:
    from shared.models import Role

    site = subparsers.add_parser("site", help=COMMANDS["site"]).add_subparsers(
        dest="site_command", required=True)
    add = site.add_parser("add", help="thêm cơ sở")
    add.add_argument("code")
    add.add_argument("name")
    add.add_argument("--agency-name", default="")
    add.add_argument("--agency-code", default="")
    add.add_argument("--address", default="")
    add.add_argument("--place", default="",
                     help="địa danh ở dòng ngày của giấy hẹn, ví dụ \"Phường Bến Thành\"")
    context.add_json(add)
    add.set_defaults(func=run_site_add)
    place = site.add_parser("place", help="đặt địa danh in ở dòng ngày của giấy tờ")
    place.add_argument("code")
    place.add_argument("place", help="ví dụ \"Phường Bến Thành\"; \"\" = theo tên cơ quan")
    context.add_json(place)
    place.set_defaults(func=run_site_place)
    listing = site.add_parser("list", help="danh sách cơ sở")
    context.add_json(listing)
    listing.set_defaults(func=run_site_list)

    service = subparsers.add_parser("service", help=COMMANDS["service"])
    service_commands = service.add_subparsers(dest="service_command", required=True)
    add = service_commands.add_parser("add", help="thêm dịch vụ")
    add.add_argument("code")
    add.add_argument("name")
    add.add_argument("--name-en", default="")
    add.add_argument("--prefix", default="")
    add.add_argument("--format", dest="number_format", default="{prefix}{n:03d}",
                     help="định dạng số, ví dụ {prefix}{n:03d} → A012")
    add.add_argument("--start", type=int, default=1)
    add.add_argument("--daily-cap", type=int)
    add.add_argument("--icon", default="")
    add.add_argument("--field", action="append", default=[], dest="fields",
                     help="lĩnh vực thủ tục (nhiều lần được)")
    context.add_json(add)
    add.set_defaults(func=run_service_add)
    listing = service_commands.add_parser("list", help="danh sách dịch vụ")
    listing.add_argument("--all", action="store_true",
                         help="cả dịch vụ tạm ngừng (also the inactive ones)")
    context.add_json(listing)
    listing.set_defaults(func=run_service_list)

    counter = subparsers.add_parser("counter", help=COMMANDS["counter"])
    counter.add_argument("--counter", dest="counter_number", type=int, metavar="N",
                         help="số quầy cho ứng dụng (counter number for the app)")
    counter.add_argument("--screenshot", metavar="DIR",
                         help="chụp các màn hình vào DIR rồi thoát")
    counter.set_defaults(func=run_counter_app)
    counter_commands = counter.add_subparsers(dest="counter_command", required=False,
                                              metavar="add|list|status|release")
    add = counter_commands.add_parser("add", help="thêm quầy")
    add.add_argument("number", type=int)
    add.add_argument("--name", default="")
    add.add_argument("--services", required=True,
                     help="mã dịch vụ theo thứ tự ưu tiên, phân cách bằng dấu phẩy: HT,CT")
    context.add_json(add)
    add.set_defaults(func=run_counter_add)
    listing = counter_commands.add_parser("list", help="danh sách quầy")
    context.add_json(listing)
    listing.set_defaults(func=run_counter_list)
    status = counter_commands.add_parser("status", help="mở / tạm nghỉ / đóng quầy")
    status.add_argument("number", type=int)
    status.add_argument("status", choices=["open", "paused", "closed"])
    context.add_json(status)
    status.set_defaults(func=run_counter_status)
    release = counter_commands.add_parser(
        "release", help="giải phóng quầy còn đăng nhập (máy tính bị treo): cho cán bộ thoát")
    release.add_argument("number", type=int)
    context.add_json(release)
    release.set_defaults(func=run_counter_release)

    clerk = subparsers.add_parser("clerk", help=COMMANDS["clerk"])
    clerk_commands = clerk.add_subparsers(dest="clerk_command", required=True)
    add = clerk_commands.add_parser(
        "add", help="thêm cán bộ (mật khẩu được hỏi, hoặc đọc bằng --password-stdin)")
    add.add_argument("username")
    add.add_argument("full_name")
    secret_input.add_options(add)
    add.add_argument("--role", choices=[role.value for role in Role], default="clerk")
    context.add_json(add)
    add.set_defaults(func=run_clerk_add)
    listing = clerk_commands.add_parser("list", help="danh sách cán bộ")
    context.add_json(listing)
    listing.set_defaults(func=run_clerk_list)
    password = clerk_commands.add_parser(
        "password", help="đặt lại mật khẩu (được hỏi, hoặc --password-stdin); mở khóa")
    password.add_argument("username")
    secret_input.add_options(password)
    password.set_defaults(func=run_clerk_password)
    pin = clerk_commands.add_parser(
        "pin", help="đặt mã PIN đăng nhập nhanh ở quầy (được hỏi, hoặc --password-stdin)")
    pin.add_argument("username")
    pin.add_argument("--remove", action="store_true", help="bỏ mã PIN")
    secret_input.add_options(pin, pin_option=False)
    pin.set_defaults(func=run_clerk_pin)
    unlock = clerk_commands.add_parser(
        "unlock", help="mở khóa tài khoản bị khóa do nhập sai mật khẩu nhiều lần")
    unlock.add_argument("username")
    unlock.set_defaults(func=run_clerk_unlock)
    center_edit_cmd.register(service_commands, counter_commands, clerk_commands)


def _center(args: argparse.Namespace) -> CenterService:
    from shared.center import CenterService

    return CenterService(context.database(args), actor=center_edit_cmd._actor())


def _clerks(args: argparse.Namespace) -> ClerkService:
    from shared.clerks import ClerkService

    return ClerkService(context.database(args), actor=center_edit_cmd._actor())


def _queue(args: argparse.Namespace) -> QueueService:
    from shared.queue import QueueService

    return QueueService(context.database(args))


def run_site_add(args: argparse.Namespace) -> int:
    view = _center(args).add_site(
        args.code, args.name, agency_name=args.agency_name, agency_code=args.agency_code,
        address=args.address, place=args.place)
    return context.emit(args, view, lambda v: f"Đã thêm cơ sở {v.code}: {v.name}")


def run_site_place(args: argparse.Namespace) -> int:
    view = _center(args).set_place(args.code, args.place)
    return context.emit(args, view, lambda v: f"Cơ sở {v.code}: địa danh “{v.place}”")


def run_site_list(args: argparse.Namespace) -> int:
    sites = _center(args).sites()
    return context.emit(args, sites, lambda rows: "\n".join(
        f"{row.code:<8} {row.name}" for row in rows))


def run_service_add(args: argparse.Namespace) -> int:
    view = _center(args).add_service(
        context.site(args), args.code, args.name, name_en=args.name_en, prefix=args.prefix,
        number_format=args.number_format, start_number=args.start, daily_cap=args.daily_cap,
        icon=args.icon, fields=args.fields)
    return context.emit(args, view, lambda v: f"Đã thêm dịch vụ {v.code}: {v.name}")


def run_service_list(args: argparse.Namespace) -> int:
    services = _center(args).services(
        context.site(args), include_inactive=args.all)
    data = [{"code": s.code, "name": s.name, "name_en": s.name_en, "prefix": s.prefix,
             "number_format": s.number_format, "start_number": s.start_number,
             "daily_cap": s.daily_cap, "active": s.active, "fields": list(s.fields)}
            for s in services]
    return context.emit(args, data, lambda rows: "\n".join(
        f"{row['code']:<6} {row['prefix']:<3} {row['name']}" for row in rows))


def _counter_json(state: Any) -> dict[str, Any]:
    return {"number": state.number, "name": state.name, "services": list(state.services),
            "status": str(state.status), "clerk": state.clerk_username,
            "current": state.current.number if state.current else None}


def run_counter_add(args: argparse.Namespace) -> int:
    services = [code.strip() for code in args.services.split(",") if code.strip()]
    state = _center(args).add_counter(
        context.site(args), args.number, args.name, services)
    return context.emit(args, _counter_json(state),
                        lambda d: f"Đã thêm quầy {d['number']}: {', '.join(d['services'])}")


def run_counter_list(args: argparse.Namespace) -> int:
    states = _queue(args).counters(context.site(args))
    return context.emit(args, [_counter_json(s) for s in states], lambda rows: "\n".join(
        f"{row['number']:>3}  {row['name']:<12} {','.join(row['services']):<12} "
        f"{row['status']:<7} {row['current'] or ''}" for row in rows))


def run_counter_status(args: argparse.Namespace) -> int:
    queue = _queue(args)
    counter = queue.find_counter(context.site(args), args.number)
    state = queue.set_counter_status(counter.id, args.status)
    return context.emit(args, _counter_json(state),
                        lambda d: f"Quầy {d['number']}: {d['status']}")


def run_counter_release(args: argparse.Namespace) -> int:
    """Free a counter left logged in by a crashed PC (supervisor or admin use)."""
    state = _clerks(args).release(context.site(args), args.number)

    def text(data: dict[str, Any]) -> str:
        line = f"Đã giải phóng quầy {data['number']} (đóng quầy, cán bộ đã đăng xuất)."
        if data["current"]:
            line += (f" Quầy vẫn giữ số {data['current']}: cán bộ đăng nhập quầy này sẽ "
                     "tiếp tục phục vụ số đó.")
        return line

    return context.emit(args, _counter_json(state), text)


def run_counter_app(args: argparse.Namespace) -> int:
    """``layso counter [--counter N] [--screenshot DIR]``: start the clerk's desk app."""
    from shared.cli.apps_cmd import start_app

    argv: list[str] = []
    if args.counter_number is not None:
        argv += ["--counter", str(args.counter_number)]
    if args.screenshot:
        argv += ["--screenshot", args.screenshot]
    return start_app(args, "counter", argv)


def run_clerk_add(args: argparse.Namespace) -> int:
    from shared.models import Role

    site = getattr(args, "site", None) or context.settings(args).site or None
    password, pin = secret_input.read_secrets(args, password=True, pin=args.with_pin)
    assert password is not None
    view = _clerks(args).add(
        args.username, args.full_name, password, role=Role(args.role), site=site, pin=pin)
    return context.emit(args, view, lambda v: f"Đã thêm cán bộ {v.username} ({v.role})")


def run_clerk_list(args: argparse.Namespace) -> int:
    clerks = _clerks(args).list()
    return context.emit(args, clerks, lambda rows: "\n".join(
        f"{row.username:<12} {row.role:<10} {row.full_name}" for row in rows))


def run_clerk_password(args: argparse.Namespace) -> int:
    password, pin = secret_input.read_secrets(args, password=True, pin=args.with_pin)
    assert password is not None
    _clerks(args).set_password(args.username, password, pin=pin)
    print(f"Đã đặt lại mật khẩu cho {args.username}" + (" (và mã PIN)." if pin else "."))
    return 0


def run_clerk_pin(args: argparse.Namespace) -> int:
    if args.remove:
        if args.password_on_argv is not None or args.pin_on_argv is not None:
            raise secret_input.ON_ARGV
        _clerks(args).set_pin(args.username, None)
        print(f"Đã bỏ mã PIN của {args.username}.")
        return 0
    _, pin = secret_input.read_secrets(args, password=False, pin=True)
    _clerks(args).set_pin(args.username, pin)
    print(f"Đã đặt mã PIN cho {args.username}.")
    return 0


def run_clerk_unlock(args: argparse.Namespace) -> int:
    from shared.clerk_accounts import ClerkAccounts

    ClerkAccounts(context.database(args), actor=center_edit_cmd._actor()).unlock(args.username)
    print(f"Đã mở khóa tài khoản {args.username}.")
    return 0
