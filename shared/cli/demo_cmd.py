"""``layso demo``: build the demo center and start the kiosk, counter and display windows and
the web service (phone page, browser board, API) on 127.0.0.1.

    layso demo                   fresh demo database in the data folder, three windows, web
    layso demo --screenshot DIR  the same, headless: each app renders its screens to DIR/<app>/
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from shared import paths
from shared.errors import InvalidOperation

DEMO_SITE = "CS1"
DEMO_COUNTER = 1

COMMANDS = {"demo": "trung tâm mẫu và ba ứng dụng (demo center)"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help=COMMANDS["demo"])
    parser.add_argument("--screenshot", metavar="DIR",
                        help="chụp màn hình các ứng dụng vào DIR rồi thoát (headless)")
    parser.add_argument("--no-apps", action="store_true",
                        help="chỉ tạo cơ sở dữ liệu mẫu (only build the database)")
    parser.set_defaults(func=run_demo)


def demo_database(args: argparse.Namespace) -> str:
    """--db if given (it must be empty), else a fresh demo.db in the data folder."""
    if getattr(args, "database", None):
        return str(args.database)
    path = paths.data_dir() / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def run_demo(args: argparse.Namespace) -> int:
    from shared.db.database import Database
    from shared.db.migrate import upgrade
    from shared.demo import build_demo

    if not args.screenshot and not args.no_apps:
        from shared.cli.apps_cmd import require_screen

        require_screen()  # before building anything
    url = demo_database(args)
    db = Database(url)
    upgrade(db)
    with db.reading() as session:
        from sqlalchemy import func, select

        from shared.models import Site

        if session.scalar(select(func.count()).select_from(Site)):
            raise InvalidOperation(
                "Cơ sở dữ liệu đã có dữ liệu: dùng một cơ sở dữ liệu trống cho bản mẫu.",
                "The database is not empty: the demo needs an empty database.")
    summary = build_demo(db)
    db.dispose()
    print(f"Trung tâm mẫu: {summary.sites} cơ sở, {summary.services} dịch vụ, "
          f"{summary.counters} quầy, {summary.clerks} cán bộ, {summary.procedures} thủ tục, "
          f"{summary.tickets} số đã cấp, {summary.dossiers} hồ sơ. Cơ sở dữ liệu: {url}")
    print("Đăng nhập quầy: lan / demo (hoặc PIN 1234).")
    if args.no_apps:
        return 0
    env = dict(os.environ, LAYSO_DATABASE_URL=url, LAYSO_SITE=DEMO_SITE,
               LAYSO_COUNTER=str(DEMO_COUNTER), LAYSO_KIOSK_FULLSCREEN="0")
    apps = [["kiosk"], ["counter", "--counter", str(DEMO_COUNTER)], ["display"]]
    if args.screenshot:
        return _screenshots(Path(args.screenshot), apps, env)
    if not env.get("LAYSO_CONFIG"):  # the demo kiosk issues numbers at any hour, any day
        env["LAYSO_CONFIG"] = str(_demo_config())
    port = _free_port(8080)
    web = f"http://127.0.0.1:{port}"
    env.update(LAYSO_SERVER_PORT=str(port), LAYSO_SERVER_PUBLIC_URL=web)
    print(f"Máy chủ web: {web}  (bảng gọi số: {web}/board/{DEMO_SITE}, API: {web}/api/docs)")
    server = subprocess.Popen([sys.executable, "-m", "server"], env=env)
    processes = [subprocess.Popen([sys.executable, "-m", *app], env=env) for app in apps]
    try:
        statuses = [process.wait() for process in processes]
    except KeyboardInterrupt:
        for process in processes:
            process.terminate()
        return 130
    finally:  # the web service lives as long as the windows
        server.terminate()
        server.wait(timeout=10)
    return max(statuses)


DEMO_CONFIG = """# Written by `layso demo`: the demo's kiosk issues numbers at any hour and any day,
# so the demo can be tried in the evening and at the weekend. A center's real opening hours
# are the defaults (07:00-11:30, 13:30-17:00 on working days).
[kiosk]
opening_hours = ["00:00-23:59"]
open_early_minutes = 0
open_on_days_off = true
admin_pin = "2468"
"""


def _free_port(preferred: int) -> int:
    """``preferred`` if nothing listens there on this PC, else a free port."""
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])


def _demo_config() -> Path:
    path = paths.data_dir() / "demo.toml"
    path.write_text(DEMO_CONFIG, encoding="utf-8")
    return path


def _screenshots(folder: Path, apps: list[list[str]], env: dict[str, str]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(env, QT_QPA_PLATFORM="offscreen")
    failed = 0
    for app in apps:
        target = folder / app[0]
        result = subprocess.run([sys.executable, "-m", *app, "--screenshot", str(target)],
                                env=env, check=False)
        if result.returncode != 0:
            print(f"layso: {app[0]} --screenshot thất bại ({result.returncode})",
                  file=sys.stderr)
            failed += 1
        else:
            print(f"{app[0]}: {target}")
    # The web pages (phone, board, console) as headless Chromium draws them.
    web = subprocess.run([sys.executable, "-m", "server.screenshots", str(folder / "web"),
                          env.get("LAYSO_SITE", DEMO_SITE)], env=env, check=False)
    if web.returncode == 1 or web.returncode > 2:
        print(f"layso: web --screenshot thất bại ({web.returncode})", file=sys.stderr)
        failed += 1
    return 1 if failed else 0
