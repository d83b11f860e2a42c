"""``layso display`` / ``python -m display``: the wall display of one site.

Options: ``--screenshot DIR`` renders the board's scenes to PNGs and exits (headless);
``--site CODE`` (default: the config's site, else the first site); ``--windowed`` (default:
full screen).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from shared.config import Settings, load_settings
from shared.db.database import Database
from shared.db.migrate import check_schema
from shared.errors import LaysoError
from shared.i18n import tr

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="layso display", description=tr("app.display"))
    parser.add_argument("--screenshot", type=Path, metavar="DIR",
                        help="render the board's scenes to PNGs in DIR and exit")
    parser.add_argument("--site", help="site code (default: the config's, else the first)")
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    return parser


def make_window(settings: Settings, site: str | None, app: QApplication) -> QWidget:
    from display.app import DisplayWindow
    from display.sites import choose_site
    from display.voice import make_announcer

    db = Database(settings.resolved_database_url())
    check_schema(db, create_if_empty=False)  # only `layso db upgrade` makes one
    announcer = make_announcer(settings.voice, parent=app)
    reason = tr("display.voice_disabled", settings.language) if announcer is None else ""
    return DisplayWindow(db, settings, choose_site(db, settings, site), announcer=announcer,
                         voice_off_reason=reason)


def make_window_or_wait(settings: Settings, site: str | None, app: QApplication) -> QWidget:
    """The board, or a waiting screen that opens it by itself once the database answers
    (the wall PC often boots before the server). The connection is tried off the GUI thread."""
    from display.app import DisplayWindow
    from display.sites import choose_site
    from display.voice import make_announcer
    from shared.ui.waiting import WaitingScreen

    db = Database(settings.resolved_database_url())

    def probe() -> str:
        check_schema(db, create_if_empty=False)  # only `layso db upgrade` makes one
        return choose_site(db, settings, site)

    def build(code: object) -> QWidget:
        announcer = make_announcer(settings.voice, parent=app)
        reason = tr("display.voice_disabled", settings.language) if announcer is None else ""
        return DisplayWindow(db, settings, str(code), announcer=announcer,
                             voice_off_reason=reason)

    return WaitingScreen(probe, build, language=settings.language)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options = _parser().parse_args(args)
    try:
        settings = load_settings()
    except LaysoError as error:
        print(error.message, file=sys.stderr)
        return 2
    if options.screenshot is not None:
        from display.screenshots import render_screenshots
        from shared.ui.app import app_running

        with app_running("display", ["layso-display"], language=settings.language):
            try:
                saved = render_screenshots(options.screenshot, settings, options.site)
            except LaysoError as error:
                print(error.message, file=sys.stderr)
                return 1
        for path in saved:
            print(path)
        return 0
    from shared.backup_schedule import start_for_display
    from shared.ui.app import run_app

    def start(app: QApplication) -> QWidget:
        # Inside run_app: its thread starts once cycles are collected on the GUI thread only.
        start_for_display(settings)  # the nightly backup of a SQLite database (no server)
        return make_window_or_wait(settings, options.site, app)

    extra = [] if options.windowed else ["--fullscreen"]
    return run_app("display", start, ["layso-display", *extra], language=settings.language)


if __name__ == "__main__":
    raise SystemExit(main())
