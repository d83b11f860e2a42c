"""``layso rating --counter N`` / ``python -m counter.rating``: the citizen rating panel.

Options: ``--counter N`` (else the config's ``counter``), ``--db URL``, ``--site CODE``,
``--fullscreen``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="layso rating", description="Bảng đánh giá")
    parser.add_argument("--counter", type=int, default=None)
    parser.add_argument("--db", dest="database", default=None)
    parser.add_argument("--site", default=None)
    parser.add_argument("--config", default=None)
    parser.add_argument("--language", choices=["vi", "en"], default=None)
    parser.add_argument("--fullscreen", action="store_true")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))

    from shared.ui.app import run_app

    return run_app("rating", lambda app: make_window(args),
                   [sys.argv[0], *(["--fullscreen"] if args.fullscreen else [])],
                   language=args.language, kind="kiosk", size=(1024, 600))


def make_window(args: argparse.Namespace) -> QWidget:
    """A waiting screen that opens the panel by itself once the database answers (the panel
    may start before the server); the schema and the site are read off the GUI thread.
    Raises LaysoError (no counter given, a bad config or database URL): run_app shows it."""
    from counter.context import site_code
    from counter.rating.window import RatingWindow
    from shared.config import load_settings
    from shared.db.database import Database
    from shared.db.migrate import check_schema
    from shared.errors import LaysoError
    from shared.ui.waiting import WaitingScreen

    settings = load_settings(args.config, overrides={"database_url": args.database,
                                                     "site": args.site,
                                                     "language": args.language})
    number = args.counter if args.counter is not None else settings.counter
    if number is None:
        raise LaysoError("Hãy cho biết số quầy: layso rating --counter N.",
                         "Say which counter: layso rating --counter N.")
    db = Database(settings.resolved_database_url())

    def probe() -> str:
        check_schema(db, create_if_empty=False)  # only `layso db upgrade` makes one
        return site_code(db, settings.site)

    return WaitingScreen(probe, lambda site: RatingWindow(db, str(site), number,
                                                          settings.rating),
                         language=settings.language)


if __name__ == "__main__":
    sys.exit(main())
