"""The one bridge from the change feed (shared/changes.py) into Qt.

A worker thread runs the feed's wait loop; every wake-up's changes arrive on the GUI thread as
ONE ``changed`` signal carrying the list of ``Change`` (a batch), so a screen connects one
``_on_changes`` slot and repaints once per wake-up::

    self._bridge = ChangeBridge(db, "HQ", parent=self)
    self._bridge.changed.connect(self._on_changes)
    self._bridge.connection_lost.connect(self._on_connection_lost)      # Vietnamese message
    self._bridge.connection_restored.connect(self._on_connection_restored)  # re-read all
    self._bridge.start()          # before reading the first snapshot: nothing is missed
    ...
    self._bridge.stop()           # on close; joins the thread (also done at aboutToQuit)

When the database goes away the bridge emits ``connection_lost`` once, retries with a growing
pause (0.5 s to 5 s), and emits ``connection_restored`` when it can read again; changes made in
between come with the next ``changed``, but a screen should re-read its whole state on
``connection_restored`` anyway.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from shared.center import CenterService
from shared.changes import Change, ChangeFeed
from shared.db.database import Database
from shared.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

#: How long one wait of the worker lasts: also the longest stop() has to wait for it.
WAIT_SECONDS = 0.2
RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 5.0
THREAD_NAME = "layso-change-feed"


class ChangeBridge(QObject):
    """Change-feed wake-ups as Qt signals on the GUI thread."""

    #: list[Change] of one wake-up, in id order (late commits filling a gap may come first).
    changed = Signal(object)
    #: The database cannot be reached; the Vietnamese message to show.
    connection_lost = Signal(str)
    connection_restored = Signal()

    # Emitted by the worker thread, delivered to this object's (GUI) thread.
    _worker_changes = Signal(object)
    _worker_lost = Signal(str)
    _worker_restored = Signal()

    def __init__(self, db: Database, site: str | int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._site = site
        self._feed: ChangeFeed | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        queued = Qt.ConnectionType.QueuedConnection
        self._worker_changes.connect(self._on_worker_changes, queued)
        self._worker_lost.connect(self._on_worker_lost, queued)
        self._worker_restored.connect(self._on_worker_restored, queued)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def version(self) -> int:
        """The highest event id read so far."""
        return self._feed.position if self._feed else 0

    def start(self) -> None:
        """Start listening. Changes committed after this returns are all delivered."""
        if self._thread is not None:
            return
        site_id = self._site
        if isinstance(site_id, str):
            site_id = CenterService(self._db).site(site_id).id
        self._feed = ChangeFeed(self._db, site_id)
        positioned = True
        try:
            self._feed.version()
        except DatabaseUnavailable as error:  # the worker reports it and retries
            log.warning("change feed: %s", error.detail)
            positioned = False
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, args=(self._feed, positioned),
                                        name=THREAD_NAME, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the worker and wait for it; no thread is left running. Idempotent."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        thread.join(timeout=10)
        if thread.is_alive():  # pragma: no cover - a wait blocked far beyond its timeout
            log.error("change feed thread did not stop")
        if self._feed is not None:
            self._feed.close()

    # ----------------------------------------------------------------- worker thread
    def _run(self, feed: ChangeFeed, positioned: bool) -> None:
        lost = False
        pause = RETRY_FIRST_SECONDS
        while not self._stopping.is_set():
            try:
                if not positioned:  # start() could not read the version: take it now
                    feed.version()
                    positioned = True
                if not feed.wait(WAIT_SECONDS):
                    continue
                changes = feed.changes_since(feed.position)
            except DatabaseUnavailable as error:
                if not lost:
                    lost = True
                    self._worker_lost.emit(error.message)
                self._stopping.wait(pause)
                pause = min(pause * 2, RETRY_MAX_SECONDS)
                continue
            except Exception:  # never let the thread die: report and retry
                log.exception("change feed failed")
                self._stopping.wait(RETRY_FIRST_SECONDS)
                continue
            pause = RETRY_FIRST_SECONDS
            if lost:
                lost = False
                self._worker_restored.emit()
            if changes:
                self._worker_changes.emit(changes)

    # ----------------------------------------------------------------- GUI thread
    @Slot(object)
    def _on_worker_changes(self, changes: list[Change]) -> None:
        if self._thread is not None:
            self.changed.emit(changes)

    @Slot(str)
    def _on_worker_lost(self, message: str) -> None:
        if self._thread is not None:
            self.connection_lost.emit(message)

    @Slot()
    def _on_worker_restored(self) -> None:
        if self._thread is not None:
            self.connection_restored.emit()
