"""``layso kiosk|counter|display|rating``: start an app (each is its own package).

The global --db/--site/--config/--language options reach the app through the LAYSO_*
environment variables, so an app started by hand (``python -m kiosk``) reads the same.
"""

from __future__ import annotations

import argparse
import importlib
import os
from typing import Any

#: command -> (module with main(argv), help)
APPS = {
    "kiosk": ("kiosk.__main__", "máy lấy số cảm ứng (touchscreen kiosk)"),
    "counter": ("counter.__main__", "ứng dụng tại quầy (clerk's desk)"),
    "display": ("display.__main__", "màn hình gọi số (wall display)"),
    "rating": ("counter.rating.__main__", "bảng đánh giá của công dân (citizen rating panel)"),
}


def register(subparsers: Any) -> None:
    for name, (_module, helptext) in APPS.items():
        if name == "counter":
            continue  # `layso counter` with no sub-command, in center_cmd
        parser = subparsers.add_parser(name, help=helptext, add_help=False)
        parser.add_argument("app_args", nargs=argparse.REMAINDER)
        parser.set_defaults(func=run_app, app=name)


def export_options(args: argparse.Namespace) -> None:
    """Hand the global options to the app through its environment."""
    for option, variable in (("database", "LAYSO_DATABASE_URL"), ("site", "LAYSO_SITE"),
                             ("config", "LAYSO_CONFIG"), ("language", "LAYSO_LANGUAGE")):
        value = getattr(args, option, None)
        if value:
            os.environ[variable] = str(value)


def run_app(args: argparse.Namespace) -> int:
    return start_app(args, args.app, list(args.app_args))


def start_app(args: argparse.Namespace, app: str, argv: list[str]) -> int:
    export_options(args)
    module = importlib.import_module(APPS[app][0])
    status: int = module.main(argv)
    return status
