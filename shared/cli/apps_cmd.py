"""``layso kiosk|counter|display|rating``: start an app (each is its own package).

The global --db/--site/--config/--language options reach the app through the LAYSO_*
environment variables, so an app started by hand (``python -m kiosk``) reads the same.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Any

from shared.errors import InvalidOperation

#: command -> (module with main(argv), help)
APPS = {
    "kiosk": ("kiosk.__main__", "máy lấy số cảm ứng (touchscreen kiosk)"),
    "counter": ("counter.__main__", "ứng dụng tại quầy (clerk's desk)"),
    "display": ("display.__main__", "màn hình gọi số (wall display)"),
    "rating": ("counter.rating.__main__", "bảng đánh giá của công dân (citizen rating panel)"),
}


#: Apps whose arguments are the app's own: ``layso display --screenshot DIR`` hands
#: ``--screenshot DIR`` to display's parser (``layso counter`` has sub-commands of its own).
PASS_THROUGH = frozenset(name for name in APPS if name != "counter")
#: Global options that take a value (so their value is not taken for the command's name).
_GLOBAL_WITH_VALUE = frozenset({"--db", "--site", "--config", "--language"})
COMMANDS = {name: APPS[name][1] for name in sorted(PASS_THROUGH)}


def register(subparsers: Any) -> None:
    for name, helptext in COMMANDS.items():
        parser = subparsers.add_parser(name, help=helptext, add_help=False)
        parser.set_defaults(func=run_app, app=name, app_args=[])


def split_app_arguments(argv: list[str]) -> tuple[list[str], list[str]]:
    """``[global options] APP ARGS…`` → (the part for layso's parser, the app's ARGS).

    argparse cannot hand over arguments that start with ``-`` (``nargs=REMAINDER`` drops
    them when they come first), so the app's arguments are cut off before parsing. For any
    other command the second part is empty."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in PASS_THROUGH:
            return argv[: index + 1], argv[index + 1:]
        if token in _GLOBAL_WITH_VALUE:
            index += 2
        elif token.startswith("-"):
            index += 1
        else:
            break  # another command
    return argv, []


def export_options(args: argparse.Namespace) -> None:
    """Hand the global options to the app through its environment."""
    for option, variable in (("database", "LAYSO_DATABASE_URL"), ("site", "LAYSO_SITE"),
                             ("config", "LAYSO_CONFIG"), ("language", "LAYSO_LANGUAGE")):
        value = getattr(args, option, None)
        if value:
            os.environ[variable] = str(value)


def run_app(args: argparse.Namespace) -> int:
    """The global options may also come after the app's name (``layso display --db URL``):
    they reach the app through the environment like those before it."""
    globals_after = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    for option in sorted(_GLOBAL_WITH_VALUE):
        globals_after.add_argument(option)
    found, rest = globals_after.parse_known_args(list(args.app_args))
    for option in ("db", "site", "config", "language"):
        value = getattr(found, option)
        if value:
            setattr(args, "database" if option == "db" else option, value)
    return start_app(args, args.app, rest)


def require_screen() -> None:
    """On Linux a window needs an X11 or Wayland screen: say so in one line instead of Qt's
    "could not load the Qt platform plugin" abort (QT_QPA_PLATFORM=offscreen is honoured)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    raise InvalidOperation(
        "Máy này không có màn hình (DISPLAY): hãy chạy trên máy có màn hình, dưới xvfb-run, "
        "hoặc chụp màn hình với --screenshot DIR.",
        "No screen here (DISPLAY is not set): run on a machine with a screen, under "
        "xvfb-run, or take screenshots with --screenshot DIR.")


def start_app(args: argparse.Namespace, app: str, argv: list[str]) -> int:
    export_options(args)
    if not {"--screenshot", "-h", "--help"} & {a.split("=")[0] for a in argv}:
        require_screen()
    module = importlib.import_module(APPS[app][0])
    status: int = module.main(argv)
    return status
