"""``python -m counter`` / ``layso counter``: the clerk's desk.

Options: ``--counter N`` (else the config's ``counter``, else chosen at log-in), ``--db URL``,
``--site CODE``, ``--screenshot DIR`` (render every view at 1366x768 and 1920x1080 and exit;
always on a fresh temporary demo database with no printer: nothing configured is touched).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="layso counter", description="Quầy tiếp nhận")
    parser.add_argument("--counter", type=int, default=None, help="số quầy")
    parser.add_argument("--db", dest="database", default=None, help="cơ sở dữ liệu")
    parser.add_argument("--site", default=None, help="mã cơ sở")
    parser.add_argument("--config", default=None, help="tệp cấu hình")
    parser.add_argument("--language", choices=["vi", "en"], default=None)
    parser.add_argument("--screenshot", type=Path, default=None, metavar="DIR",
                        help="chụp từng màn hình vào thư mục DIR rồi thoát")
    parser.add_argument("--fullscreen", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.screenshot is not None:
        from counter.screenshots import render_all
        from shared.ui.app import app_running

        with app_running("counter", language=args.language or "vi"):
            if args.database or args.config:
                print("Chụp màn hình dùng một cơ sở dữ liệu demo tạm thời; cơ sở dữ liệu và "
                      "máy in đã cấu hình không bị động đến.", file=sys.stderr)
            for path in render_all(args.screenshot, args.language or "vi"):
                print(path)
        return 0
    from shared.ui.app import run_app

    return run_app("counter", lambda app: make_window(args),
                   [sys.argv[0], *(["--fullscreen"] if args.fullscreen else [])],
                   language=args.language, size=(1366, 768))


def make_window(args: argparse.Namespace) -> QWidget:
    """A waiting screen that opens the clerk's window by itself once the database answers
    (the counter PC may start before the server); the connection is tried off the GUI
    thread. Raises LaysoError (a bad config or database URL): run_app shows it."""
    from counter.app import CounterWindow
    from counter.context import CounterContext
    from shared.config import load_settings
    from shared.db.database import Database
    from shared.db.migrate import check_schema
    from shared.ui.waiting import WaitingScreen

    settings = load_settings(args.config, overrides={"database_url": args.database,
                                                     "site": args.site,
                                                     "language": args.language})
    db = Database(settings.resolved_database_url())

    def probe() -> CounterContext:
        check_schema(db, create_if_empty=False)  # only `layso db upgrade` makes one
        return CounterContext.create(db, settings)

    return WaitingScreen(probe, lambda ctx: CounterWindow(ctx, args.counter),
                         language=settings.language)


if __name__ == "__main__":
    sys.exit(main())
