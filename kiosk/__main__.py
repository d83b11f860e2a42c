"""Start the kiosk: ``python -m kiosk`` or ``layso kiosk``.

    python -m kiosk [--db URL] [--site CODE] [--config FILE] [--language vi|en] [--windowed]
    python -m kiosk --screenshot DIR     # every screen, portrait and landscape, then exit
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.app import KioskWindow


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="layso kiosk",
                                     description="Máy lấy số thứ tự (queue ticket kiosk).")
    parser.add_argument("--screenshot", type=Path, metavar="DIR",
                        help="chụp mọi màn hình vào thư mục DIR rồi thoát (headless)")
    parser.add_argument("--db", dest="database", metavar="URL", help="cơ sở dữ liệu")
    parser.add_argument("--site", metavar="CODE", help="mã cơ sở (site)")
    parser.add_argument("--config", metavar="FILE", help="tệp cấu hình TOML")
    parser.add_argument("--language", choices=["vi", "en"], help="ngôn ngữ (language)")
    parser.add_argument("--windowed", action="store_true",
                        help="chạy trong cửa sổ thay vì toàn màn hình (for testing)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk (or render its screenshots); returns the exit status."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from shared.config import load_settings
    from shared.errors import LaysoError
    from shared.ui.app import app_running, run_app

    overrides: dict[str, Any] = {"database_url": args.database, "site": args.site,
                                 "language": args.language}
    try:
        settings = load_settings(args.config, overrides=overrides)
    except LaysoError as error:
        print(error.message, file=sys.stderr)
        return 2
    if args.screenshot is not None:
        from kiosk.screenshots import render_all

        with app_running("kiosk", [sys.argv[0]], language=settings.language):
            written = render_all(args.screenshot, settings)
        print(f"{len(written)} ảnh màn hình → {args.screenshot}")
        return 0 if written else 1
    fullscreen = settings.kiosk.fullscreen and not args.windowed
    return run_app("kiosk", lambda app: _make_window(settings),
                   [sys.argv[0], *(["--fullscreen"] if fullscreen else [])],
                   language=settings.language, size=(1280, 800),
                   on_shown=lambda window: window.start())


def _make_window(settings: Any) -> KioskWindow:
    """The kiosk window on the configured database and printer (raises LaysoError)."""
    from kiosk.app import KioskWindow
    from kiosk.flow import KioskFlow
    from kiosk.ticket_printer import TicketPrinter
    from shared.db.database import Database
    from shared.printing.service import PrintService

    # Nothing is read here: the window checks the schema and loads the site off the GUI
    # thread when it starts (it says it is connecting, or unavailable while it retries).
    db = Database(settings.resolved_database_url())
    printer = TicketPrinter(PrintService.from_settings(settings.printer), db)
    window = KioskWindow(KioskFlow(db, settings), printer, settings)
    return window


if __name__ == "__main__":
    sys.exit(main())
