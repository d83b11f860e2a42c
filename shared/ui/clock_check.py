"""The start-up check of this PC's clock against the database's (shared/clock_warning.py), run
off the GUI thread: the window never waits on the network for it. The warning, if any, comes
back as a signal delivered in the GUI thread."""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Signal

from shared.clock_warning import clock_warning
from shared.db.database import Database


class ClockCheck(QObject):
    #: The one-line warning to show (only emitted when the clocks disagree).
    warning = Signal(str)

    def start(self, db: Database, language: str) -> None:
        threading.Thread(target=self._run, args=(db, language), name="clock-check",
                         daemon=True).start()

    def _run(self, db: Database, language: str) -> None:
        text = clock_warning(db, language)
        if text:
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self.warning.emit(text)  # queued to the GUI thread the object lives in
