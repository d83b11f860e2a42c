"""``layso db upgrade|version|roles``: migrate the database, tell its schema version, make the
PostgreSQL roles of each PC; ``layso backup`` / ``layso restore``: verified backups."""

from __future__ import annotations

import argparse
from typing import Any

from shared.cli import context

COMMANDS = {"db": "cơ sở dữ liệu (database)",
            "backup": "sao lưu cơ sở dữ liệu, kiểm tra bản sao (backup)",
            "restore": "khôi phục từ bản sao lưu (restore)"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help=COMMANDS["db"])
    commands = parser.add_subparsers(dest="db_command", required=True)
    up = commands.add_parser("upgrade", help="nâng cấp lược đồ (migrate to the newest schema)")
    context.add_json(up)
    up.set_defaults(func=run_upgrade)
    version = commands.add_parser("version", help="phiên bản lược đồ (schema version)")
    context.add_json(version)
    version.set_defaults(func=run_version)
    roles = commands.add_parser(
        "roles", help="tạo các vai trò PostgreSQL quyền tối thiểu và địa chỉ cho từng máy "
                      "(kiosk, display, counter, server, admin); mật khẩu mới mỗi lần chạy")
    roles.add_argument("--prefix", default="layso", help="tiền tố tên vai trò (mặc định layso)")
    roles.add_argument("--host", help="địa chỉ máy chủ PostgreSQL mà các máy khác thấy "
                                      "(trong các URL in ra)")
    roles.add_argument("--port", type=int, help="cổng PostgreSQL trong các URL in ra")
    context.add_json(roles)
    roles.set_defaults(func=run_roles)

    backup = subparsers.add_parser("backup", help=COMMANDS["backup"])
    backup.add_argument("--folder", help="thư mục lưu (mặc định: backup.folder hoặc "
                                         "<thư mục dữ liệu>/backups)")
    backup.add_argument("--keep-days", type=int,
                        help="xóa bản sao lưu cũ hơn N ngày (mặc định: backup.keep_days)")
    context.add_json(backup)
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser("restore", help=COMMANDS["restore"])
    restore.add_argument("file", help="tệp sao lưu (layso-….db hoặc layso-….dump)")
    restore.add_argument("--replace", action="store_true",
                         help="ghi đè cơ sở dữ liệu đang có dữ liệu")
    context.add_json(restore)
    restore.set_defaults(func=run_restore)


def run_upgrade(args: argparse.Namespace) -> int:
    from shared.db.migrate import current_revision, upgrade

    db = context.database(args, check=False)
    before = current_revision(db)
    upgrade(db)
    after = current_revision(db)
    return context.emit(args, {"before": before, "after": after}, lambda d: (
        f"Cơ sở dữ liệu: {d['before'] or 'trống'} → {d['after']}" if d["before"] != d["after"]
        else f"Cơ sở dữ liệu đã ở phiên bản mới nhất ({d['after']})."))


def run_version(args: argparse.Namespace) -> int:
    from shared.db.migrate import current_revision, head_revision, missing_database

    db = context.database(args, check=False)
    current = current_revision(db)
    if current is None:
        raise missing_database(db)
    data = {"current": current, "head": head_revision()}
    return context.emit(args, data, lambda d: f"{d['current']} (mới nhất: {d['head']})")


def run_backup(args: argparse.Namespace) -> int:
    from shared.backup import backup

    settings = context.settings(args)
    keep = args.keep_days if args.keep_days is not None else settings.backup.keep_days
    result = backup(settings.resolved_database_url(), args.folder or settings.backup.folder,
                    keep_days=keep)
    data = {"path": str(result.path), "size": result.size, "seconds": result.seconds,
            "verified": True, "removed": [str(p) for p in result.removed]}
    return context.emit(args, data, lambda d: (
        f"Đã sao lưu và kiểm tra: {d['path']} ({d['size'] / 2**20:.1f} MB, {d['seconds']} s)"
        + (f"; đã xóa {len(d['removed'])} bản cũ" if d["removed"] else "")))


def run_restore(args: argparse.Namespace) -> int:
    from shared.backup import restore
    from shared.db.migrate import current_revision

    url = context.settings(args).resolved_database_url()
    restore(url, args.file, replace=args.replace)
    db = context.database(args, check=False)
    revision = current_revision(db)
    db.dispose()
    return context.emit(args, {"restored": args.file, "revision": revision}, lambda d: (
        f"Đã khôi phục {d['restored']} (lược đồ {d['revision']}). Nếu bản sao lưu cũ hơn "
        "phiên bản này, chạy layso db upgrade; trên PostgreSQL chạy lại layso db roles."))


def run_roles(args: argparse.Namespace) -> int:
    from shared.db.roles import create_roles

    db = context.database(args)
    try:
        accounts = create_roles(db, prefix=args.prefix, host=args.host, port=args.port)
    finally:
        db.dispose()
    data = [{"role": a.role, "name": a.name, "url": a.url, "used_by": a.used_by}
            for a in accounts]
    return context.emit(args, data, lambda rows: "\n".join(
        ["Đã tạo/cập nhật các vai trò (mật khẩu mới; đặt database_url của mỗi máy như sau, "
         "giữ bí mật):"]
        + [f"- {r['used_by']}:\n    {r['url']}" for r in rows]
        + ["Nhật ký sự kiện chỉ được ghi thêm với mọi vai trò; chỉ chủ lược đồ (tài khoản "
           "chạy layso db upgrade) thay đổi được lược đồ. Chạy lại lệnh này sau mỗi lần "
           "layso db upgrade."]))
