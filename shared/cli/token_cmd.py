"""``layso token add NAME --scope kiosk|counter|read | list | revoke NAME``: API access tokens.

``add`` prints the secret once (``{"name", "scope", "token"}`` with --json); only its hash is
kept. Each add and revoke is an event naming the OS user who made it.
"""

from __future__ import annotations

import argparse
from typing import Any

from shared.cli import context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("token", help="token truy cập API (API access tokens)")
    commands = parser.add_subparsers(dest="token_command", required=True)
    add = commands.add_parser("add", help="tạo token (shown once)")
    add.add_argument("name")
    add.add_argument("--scope", required=True, choices=["kiosk", "counter", "read"],
                     help="kiosk: cấp số; counter: làm việc tại quầy; read: chỉ đọc")
    context.add_json(add)
    add.set_defaults(func=run_add)
    listing = commands.add_parser("list", help="danh sách token")
    context.add_json(listing)
    listing.set_defaults(func=run_list)
    revoke = commands.add_parser("revoke", help="thu hồi token")
    revoke.add_argument("name")
    context.add_json(revoke)
    revoke.set_defaults(func=run_revoke)


def _service(args: argparse.Namespace) -> Any:
    from shared.api_tokens import TokenService
    from shared.cli.center_edit_cmd import _actor

    return TokenService(context.database(args), actor=_actor())


def run_add(args: argparse.Namespace) -> int:
    made = _service(args).add(args.name, args.scope)
    data = {"name": made.name, "scope": str(made.scope), "token": made.token}
    return context.emit(args, data, lambda d: (
        f"Token {d['name']} ({d['scope']}): {d['token']}\n"
        "Hãy lưu lại ngay: token chỉ hiện một lần (it is shown only once)."))


def _token_json(view: Any) -> dict[str, Any]:
    from shared.clock import local

    return {"name": view.name, "scope": str(view.scope),
            "created_at": local(view.created_at).isoformat(),
            "revoked_at": local(view.revoked_at).isoformat() if view.revoked_at else None,
            "last_used_at": local(view.last_used_at).isoformat() if view.last_used_at else None,
            "active": view.active}


def run_list(args: argparse.Namespace) -> int:
    rows = [_token_json(view) for view in _service(args).tokens()]
    return context.emit(args, rows, lambda data: "\n".join(
        f"{row['name']:<24} {row['scope']:<8} "
        f"{'đang dùng' if row['active'] else 'đã thu hồi'}" for row in data)
        or "Chưa có token nào.")


def run_revoke(args: argparse.Namespace) -> int:
    view = _service(args).revoke(args.name)
    return context.emit(args, _token_json(view),
                        lambda d: f"Đã thu hồi token {d['name']}.")
