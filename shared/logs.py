"""Logging: a rotating file per program in <data dir>/logs, and warnings on the console."""

from __future__ import annotations

import logging
import logging.handlers

from shared import paths


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
        root.addHandler(handler)
    except OSError:
        pass
    if console or verbose:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(stream)
    root._layso_configured = True  # type: ignore[attr-defined]
