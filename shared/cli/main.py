"""The `layso` command: every operation of LấySố, scriptable.

Global options: --db URL, --site CODE, --config FILE, --language vi|en, --json.
Errors: one clear line on stderr (Vietnamese unless --language en) and a non-zero exit status;
the detail goes to the log file, never a traceback on screen.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from types import ModuleType
from typing import Any, NoReturn

from shared.errors import LaysoError

log = logging.getLogger("layso.cli")

#: Command modules, each with ``register(subparsers)``; a handler returns an exit status.
#: A module imports only light modules at its top (argparse, shared.cli.context, errors) and
#: the services, the ORM models and libraries such as Pillow in its handlers. One that names
#: its commands in ``COMMANDS`` (name -> help, in the order ``register`` adds them) is
#: registered only when one of them is run; for any other command its commands are listed by
#: name and help alone (see :func:`build_parser`). One without ``COMMANDS`` is always registered.
COMMAND_MODULES = [
    "shared.cli.db_cmd",
    "shared.cli.center_cmd",
    "shared.cli.ticket_cmd",
    "shared.cli.catalog_cmd",
    "shared.cli.dossier_cmd",
    "shared.cli.status_cmd",
    "shared.cli.report_cmd",
    "shared.cli.calendar_cmd",
    "shared.cli.print_cmd",
    "shared.cli.demo_cmd",
    "shared.cli.apps_cmd",
    "shared.cli.serve_cmd",
    "shared.cli.token_cmd",
]


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line, in Vietnamese."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: lỗi tham số (usage error): {message}\n")


def command_modules() -> list[ModuleType]:
    """The command modules written so far (a module not written yet is skipped)."""
    modules = []
    for name in COMMAND_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name == name:
                continue  # a command module not written yet
            raise
    return modules


def build_parser(command: str | None = None, *, every_command: bool = False) -> Parser:
    """The `layso` parser, with the sub-commands and options of ``command`` (or of every
    command with ``every_command``).

    The other commands are listed by their name and help only, which is all that
    ``layso --help`` shows and all that parsing needs to find which command is run: so
    `layso --help` and `layso ticket issue` load neither the ORM nor the code of the other
    commands (printing, catalog, migrations).
    """
    parser = Parser(prog="layso", description="LấySố: xếp hàng, hồ sơ, màn hình gọi số.")
    parser.add_argument("--db", dest="database", metavar="URL",
                        help="cơ sở dữ liệu (sqlite:///… hoặc postgresql+psycopg://…)")
    parser.add_argument("--site", metavar="CODE", help="mã cơ sở (site)")
    parser.add_argument("--config", metavar="FILE", help="tệp cấu hình TOML")
    parser.add_argument("--language", choices=["vi", "en"], help="ngôn ngữ (language)")
    parser.add_argument("--json", dest="json_global", action="store_true",
                        help="kết quả dạng JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="ghi log chi tiết")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in command_modules():
        names: dict[str, str] | None = getattr(module, "COMMANDS", None)
        if names is None or every_command or command in names:
            module.register(subparsers)
        else:
            for name, helptext in names.items():
                subparsers.add_parser(name, help=helptext, add_help=False)
    return parser


#: The global options that take a value, and those that take none (see :func:`build_parser`).
_GLOBAL_VALUED = frozenset({"--db", "--site", "--config", "--language"})
_GLOBAL_FLAGS = frozenset({"--json", "-v", "--verbose"})


def command_of(argv: list[str]) -> str | None:
    """The command that ``argv`` runs, found by the parser that lists the commands by name.

    ``layso --help``, a missing or misspelt command and a bad global option end here, with
    the message and exit status of the full parser (the list of commands is the same). The
    usual case, plain global options and then a command's name, is read without building that
    parser (some 30 argparse parsers: a tenth of `layso ticket issue`'s start)."""
    named = _named_command(argv)
    if named is not None:
        return named
    known, _rest = build_parser().parse_known_args(argv)
    command: str | None = known.command
    return command


def _named_command(argv: list[str]) -> str | None:
    """The first argument after the global options when it is a command named in a module's
    ``COMMANDS``; None for anything else (help, an abbreviated or unknown option, a command
    not listed by name): the parser decides those."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in _GLOBAL_FLAGS or (word.split("=", 1)[0] in _GLOBAL_VALUED and "=" in word):
            index += 1
        elif word in _GLOBAL_VALUED:
            index += 2
        else:
            break
    if index >= len(argv):
        return None
    for module in command_modules():
        if argv[index] in getattr(module, "COMMANDS", {}):
            return argv[index]
    return None


def _language(args: argparse.Namespace) -> str:
    """The language of the command's messages: --language, else the settings (--config,
    LAYSO_LANGUAGE), else Vietnamese."""
    from shared.cli import context

    return context.language(args)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from shared.logs import setup_logging

    setup_logging("cli", verbose="-v" in argv or "--verbose" in argv, console=False)
    from shared.cli.apps_cmd import split_app_arguments

    own, app_args = split_app_arguments(argv)
    args = build_parser(command_of(own)).parse_args(own)
    if app_args:
        args.app_args = app_args
    try:
        status: Any = args.func(args)
    except LaysoError as error:
        log.info("command failed: %s %s", error.message, error.detail)
        print(f"layso: {error.localized(_language(args))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `layso … | head`: the reader left; not an error of ours
        _silence_stdout()
        return 0
    except Exception as error:
        from shared.logs import mask_arguments, mask_text

        log.exception("unexpected error in %s", mask_arguments(argv))
        print(f"layso: lỗi không mong đợi: {mask_text(_one_line(error))} (chi tiết trong tệp log)",
              file=sys.stderr)
        return 1
    return int(status or 0)


def _one_line(error: BaseException) -> str:
    """The error's class and the first line of its text; for a database error the driver's
    message only (SQLAlchemy's text quotes the statement and its parameters: personal data)."""
    from sqlalchemy.exc import StatementError

    text = str(error.orig) if isinstance(error, StatementError) and error.orig else str(error)
    lines = text.strip().splitlines()
    return f"{error.__class__.__name__}: {lines[0][:200] if lines else ''}".rstrip(": ")


def _silence_stdout() -> None:
    """Point stdout at devnull so Python's exit flush does not raise BrokenPipe again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
