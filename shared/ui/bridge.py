"""The one bridge from the change feed (shared/changes.py) into Qt.

A worker thread runs the feed's wait loop; every wake-up's changes arrive on the GUI thread as
ONE ``changed`` signal carrying the list of ``Change`` (a batch), so a screen connects one
``_on_changes`` slot and repaints once per wake-up::

    self._bridge = ChangeBridge(db, "HQ", parent=self)
    self._bridge.changed.connect(self._on_changes)
    self._bridge.connection_lost.connect(self._on_connection_lost)      # Vietnamese message
    self._bridge.connection_restored.connect(self._on_connection_restored)  # re-read all
    self._bridge.start()          # never waits on the database: the worker connects
    ...
    self._bridge.stop()           # on close; joins the thread (also done at aboutToQuit)

``start()`` reads nothing on the GUI thread: the worker finds the site and the feed's version.
A screen whose first read must miss nothing calls ``position()`` first, off the GUI thread
(in the worker call that reads its snapshot): changes committed after ``position()`` returned
are all delivered once ``start()`` is called.

When the database goes away the bridge emits ``connection_lost`` once, retries with a growing
pause (0.5 s to 5 s), reading the feed on every retry, and emits ``connection_restored`` once a
read succeeds (not merely once the feed's wait reconnects); changes made in
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
        self._positioned = False
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
    def positioned(self) -> bool:
        """The feed's version is read: changes committed from now on are delivered."""
        return self._positioned

    @property
    def version(self) -> int:
        """The highest event id read so far."""
        return self._feed.position if self._feed else 0

    def position(self, site: str | int | None = None) -> bool:
        """Find the site and read the feed's version (blocking: call it off the GUI thread).
        ``site``: the site to follow, when it was only known after the bridge was made (read
        in the same worker call). False when the database cannot be reached (the worker tries
        again once started)."""
        if site is not None and self._feed is None:
            self._site = site
        try:
            feed = self._feed or ChangeFeed(self._db, self._site_id())
            self._feed = feed
            feed.version()
        except DatabaseUnavailable as error:
            log.warning("change feed: %s", error.detail)
            return False
        self._positioned = True
        return True

    def start(self) -> None:
        """Start listening, without waiting on the database (see ``position``)."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def _site_id(self) -> int | None:
        site = self._site
        return CenterService(self._db).site(site).id if isinstance(site, str) else site

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
    def _run(self) -> None:
        lost = False
        pause = RETRY_FIRST_SECONDS
        while not self._stopping.is_set():
            try:
                if not self._positioned:  # not read before start(): take it now
                    self._feed = self._feed or ChangeFeed(self._db, self._site_id())
                    self._feed.version()
                    self._positioned = True
                feed = self._feed
                assert feed is not None
                # Lost, every round reads until a read succeeds: the wake-up that says the
                # feed reconnected comes once, and a read failing after it must not leave
                # the bridge waiting quietly, lost for ever.
                if not feed.wait(WAIT_SECONDS) and not lost:
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
