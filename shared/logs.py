"""Logging: a rotating file per program in <data dir>/logs, and warnings on the console.

No secret reaches a log: every record goes through :class:`SecretFilter`, which masks the value
of a secret option in an argument list (``--password X``, ``--pin=X``, ``--token X``), a
``password=…``/``pin=…`` pair and the password of a database URL (``user:…@host``); code that
logs an argument list passes it through :func:`mask_arguments` first.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections.abc import Sequence

from shared import paths

MASK = "***"
#: Options whose value is a secret, in an argument list.
SECRET_OPTIONS = ("--password", "--pin", "--token", "--secret", "--admin-password")
_OPTION = re.compile(r"(?P<key>--(?:admin-)?(?:password|pin|token|secret))"
                     r"(?P<sep>['\"]?,\s*['\"]?|[= ]+)"
                     r"(?P<value>'[^']*'|\"[^\"]*\"|[^\s,'\"\])]+)")
_PAIR = re.compile(r"(?P<key>\b(?:password|passwd|pin|secret|PGPASSWORD)\b['\"]?\s*[=:]\s*)"
                   r"(?P<value>'[^']*'|\"[^\"]*\"|[^\s,;&'\"\])}]+)", re.IGNORECASE)
_URL = re.compile(r"(?P<key>\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)(?P<value>[^\s@/]+)(?=@)",
                  re.IGNORECASE)


def mask_text(text: str) -> str:
    """``text`` with every secret it shows replaced by ``***``."""
    for pattern in (_URL, _OPTION, _PAIR):
        text = pattern.sub(lambda m: f"{m.group('key')}{m.groupdict().get('sep') or ''}{MASK}",
                           text)
    return text


def mask_arguments(argv: Sequence[str]) -> list[str]:
    """An argument list fit for a log: the value after (or in) a secret option masked, and
    the password of any URL in it."""
    masked: list[str] = []
    hide_next = False
    for argument in argv:
        if hide_next:
            masked.append(MASK)
            hide_next = False
        elif argument in SECRET_OPTIONS:
            masked.append(argument)
            hide_next = True
        elif argument.split("=", 1)[0] in SECRET_OPTIONS and "=" in argument:
            masked.append(f"{argument.split('=', 1)[0]}={MASK}")
        else:
            masked.append(mask_text(argument))
    return masked


class SecretFilter(logging.Filter):
    """Masks secrets in a record's message and in its traceback text (see the module)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True


def setup_logging(program: str, *, verbose: bool = False, console: bool = True) -> None:
    """File logging always; console logging unless ``console`` is off (the CLI keeps its
    stderr for one clear line, unless --verbose)."""
    root = logging.getLogger()
    if getattr(root, "_layso_configured", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        folder = paths.data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / f"{program}.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(SecretFilter())
        root.addHandler(handler)
    except OSError:
        pass
    if console or verbose:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream.addFilter(SecretFilter())
        root.addHandler(stream)
    root._layso_configured = True  # type: ignore[attr-defined]
