"""``layso rating --counter N`` / ``python -m counter.rating``: the citizen rating panel.

Options: ``--counter N`` (else the config's ``counter``), ``--db URL``, ``--site CODE``,
``--fullscreen``.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="layso rating", description="Bảng đánh giá")
    parser.add_argument("--counter", type=int, default=None)
    parser.add_argument("--db", dest="database", default=None)
    parser.add_argument("--site", default=None)
    parser.add_argument("--config", default=None)
    parser.add_argument("--language", choices=["vi", "en"], default=None)
    parser.add_argument("--fullscreen", action="store_true")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))

    from PySide6.QtWidgets import QWidget

    from shared.config import load_settings
    from shared.db.database import Database
    from shared.db.migrate import check_schema
    from shared.errors import LaysoError
    from shared.ui.app import (
        configure_logging,
        create_application,
        install_exception_hook,
        startup_error_window,
    )

    configure_logging("rating")
    app = create_application("rating", language=args.language, kind="kiosk")
    install_exception_hook()
    window: QWidget
    try:
        settings = load_settings(args.config, overrides={"database_url": args.database,
                                                         "site": args.site,
                                                         "language": args.language})
        number = args.counter if args.counter is not None else settings.counter
        if number is None:
            raise LaysoError("Hãy cho biết số quầy: layso rating --counter N.",
                             "Say which counter: layso rating --counter N.")
        db = Database(settings.resolved_database_url())
        from counter.context import site_code
        from counter.rating.window import RatingWindow
        from shared.ui.waiting import WaitingScreen

        # Started before the server: a waiting screen that opens the panel by itself; the
        # schema and the site are read off the GUI thread.
        def probe() -> str:
            check_schema(db, create_if_empty=False)  # only `layso db upgrade` makes one
            return site_code(db, settings.site)

        counter = number
        window = WaitingScreen(probe, lambda site: RatingWindow(db, str(site), counter,
                                                                settings.rating),
                               language=settings.language)
    except LaysoError as error:
        window = startup_error_window(error)
    if args.fullscreen:
        window.showFullScreen()
    else:
        window.resize(1024, 600)
        window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
