"""``layso serve [--host H] [--port P]``: the LAN web service (phone page, wall board, API).

The web service is an app package of its own (``server/``), loaded here by name like the
desktop apps, so the core never imports it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

from shared.cli import context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve", help="máy chủ web trong mạng LAN: trang điện thoại, bảng gọi số, API")
    parser.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1; 0.0.0.0 cho LAN)")
    parser.add_argument("--port", type=int, help="cổng (mặc định 8080)")
    parser.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    settings = context.settings(args)
    host = args.host or settings.server.host
    port = args.port or settings.server.port
    if not 1 <= port <= 65535:
        from shared.errors import ConfigError

        raise ConfigError(f"Cổng không hợp lệ: {port} (1–65535).",
                          f"Invalid port: {port} (1–65535).")
    run = importlib.import_module("server.run")
    from shared.logs import setup_logging

    setup_logging("server", console=True)
    url = run.listening_url(settings, host, port)

    def announce() -> None:  # once the database is checked and the port open
        print(f"LấySố web: {url}  (API: {url}/api/docs; Ctrl+C để dừng)", flush=True)
        if settings.server.public_url:
            print(f"Địa chỉ cho điện thoại và TV: {settings.server.public_url}", flush=True)
        elif host in ("127.0.0.1", "localhost"):
            print("Chỉ máy này truy cập được; dùng --host 0.0.0.0 và đặt server.public_url "
                  "cho điện thoại và TV trong mạng LAN.", file=sys.stderr, flush=True)

    from shared.backup_schedule import NightlyBackup

    nightly = NightlyBackup(settings.resolved_database_url(), settings.backup)
    nightly.start()  # one verified backup a night (shared/backup_schedule.py)
    try:
        run.serve(settings, host, port, on_ready=announce)
    finally:
        nightly.stop()
    return 0
