"""Which SQL runs on the GUI thread: every statement a window sends from the main thread is
noted with the app code that sent it (the innermost frame in kiosk/, counter/, display/ or
shared/ui/). The GUI must never wait on the database (issue 15), so a window's tests assert
that this stays empty::

    with GuiThreadSql(db) as on_gui:
        window = build_it()
        ...
    assert on_gui.calls == []

The apps' own engine is watched (a SQLAlchemy event on it), so nothing of theirs is replaced;
a test's own calls made inside the block count too: make them before it, after it, or inside
``with on_gui.paused():`` (what "another PC" does meanwhile).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import event

from shared.db.database import Database

ROOT = Path(__file__).resolve().parents[2]
APP_FOLDERS = ("kiosk", "counter", "display", "shared/ui")


def _app_frame() -> str:
    """``file:line function`` of the innermost app frame on the stack ("?" when none)."""
    for frame in reversed(traceback.extract_stack()):
        try:
            relative = Path(frame.filename).resolve().relative_to(ROOT).as_posix()
        except ValueError:
            continue
        if relative.startswith(APP_FOLDERS):
            return f"{relative}:{frame.lineno} {frame.name}"
    return "?"


class GuiThreadSql:
    """Notes every statement executed on the main thread while the block runs."""

    def __init__(self, db: Database) -> None:
        self.engine = db.engine
        #: (where in the app code, the statement's first 60 characters), in order.
        self.calls: list[tuple[str, str]] = []
        self._main = threading.main_thread()
        self._paused = False

    @contextmanager
    def paused(self) -> Iterator[None]:
        """What runs inside is the test's own doing, not the window's: not noted."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False

    def _on_execute(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.current_thread() is self._main and not self._paused:
            self.calls.append((_app_frame(), " ".join(statement.split())[:60]))

    def places(self) -> list[str]:
        """Where the app code sent them, each place once."""
        return list(dict.fromkeys(place for place, _statement in self.calls))

    def __enter__(self) -> GuiThreadSql:
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        event.remove(self.engine, "before_cursor_execute", self._on_execute)
