"""One change feed for the whole server, fanned out to every open event stream.

A page or API client holding a server-sent-event stream must not cost a database connection
or a query per wake-up: 500 phones would be 500 feeds. The hub runs ONE
:class:`shared.changes.ChangeFeed` (all sites) on a thread of its own, reads each wake-up's
changes once, and hands the batch to every subscriber's asyncio queue on the event loop.

Subscribers get :class:`Batch` values:
- ``kind="changes"``: new events (for their site, and site-less ones);
- ``kind="lost"``: the database went away (streams tell their pages the data is stale);
- ``kind="restored"``: it is back; changes may have been missed meanwhile, so a subscriber
  that keeps state re-reads it.

A subscriber too slow to keep up (its queue full) gets a ``restored`` batch instead of the
changes it missed: it re-reads, and the hub never blocks on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Literal

from shared.changes import Change, ChangeFeed
from shared.db.database import Database
from shared.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

#: How long the feed thread waits for a change before checking whether it should stop.
WAIT_SECONDS = 0.25
#: How long after losing the database the hub tries again.
RETRY_SECONDS = 1.0
#: Batches a subscriber may have pending before it is told to re-read instead.
QUEUE_LIMIT = 256


@dataclass(frozen=True)
class Batch:
    kind: Literal["changes", "lost", "restored"]
    changes: tuple[Change, ...] = ()


@dataclass(eq=False)
class Subscription:
    """One stream's view of the hub: ``await get()`` or ``async for batch in subscription``."""

    site_id: int | None
    queue: asyncio.Queue[Batch] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    overflowed: bool = False

    async def get(self, timeout: float | None = None) -> Batch | None:
        """The next batch, or None after ``timeout`` seconds without one."""
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None

    def offer(self, batch: Batch) -> None:
        if batch.kind == "changes" and self.site_id is not None:
            mine = tuple(c for c in batch.changes if c.site_id in (None, self.site_id))
            if not mine:
                return
            batch = Batch("changes", mine)
        try:
            self.queue.put_nowait(batch)
        except asyncio.QueueFull:
            self.overflowed = True
            with contextlib.suppress(asyncio.QueueEmpty):
                while True:
                    self.queue.get_nowait()
            self.queue.put_nowait(Batch("restored"))


class FeedHub:
    """The server's one change feed and its subscribers."""

    def __init__(self, db: Database, feed_factory: Callable[[Database], ChangeFeed] = ChangeFeed
                 ) -> None:
        self.db = db
        self._feed_factory = feed_factory
        self._subscribers: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        #: False while the database is unreachable.
        self.healthy = True
        #: The highest event id read so far (0 before the first read).
        self.position = 0
        self._listeners: list[Callable[[Batch], None]] = []

    # -- life cycle ---------------------------------------------------------------------------
    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="layso-feed-hub", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for subscription in list(self._subscribers):
            subscription.offer(Batch("lost"))

    def request_stop(self) -> None:
        """Ask the streams to end (the server is stopping); the thread stops in :meth:`stop`."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # -- subscribing --------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def subscribe(self, site_id: int | None) -> AsyncIterator[Subscription]:
        """A subscription for one site's changes (None: every site) while the block runs."""
        subscription = Subscription(site_id)
        self._subscribers.add(subscription)
        try:
            yield subscription
        finally:
            self._subscribers.discard(subscription)

    def add_listener(self, listener: Callable[[Batch], None]) -> None:
        """A function called on the event loop with every batch, before the subscribers (the
        shared per-site states, e.g. the board's snapshot, update themselves here)."""
        self._listeners.append(listener)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    # -- the feed thread ----------------------------------------------------------------------
    def _run(self) -> None:
        feed: ChangeFeed | None = None
        while not self._stop.is_set():
            try:
                if feed is None:
                    feed = self._feed_factory(self.db)
                    feed.position = self.position
                    if not self.position:
                        self.position = feed.version()
                    first = True
                else:
                    first = False
                woke = feed.wait(WAIT_SECONDS)
                if not (woke or first):
                    continue
                changes = feed.changes_since(feed.position)
                if not self.healthy:
                    self.healthy = True
                    log.info("database reachable again; event streams resume")
                    self._publish(Batch("restored"))
                if changes:
                    self.position = max(self.position, feed.position)
                    self._publish(Batch("changes", tuple(changes)))
            except DatabaseUnavailable as error:
                if self.healthy:
                    log.warning("change feed lost the database: %s", error.detail or error)
                    self.healthy = False
                    self._publish(Batch("lost"))
                if feed is not None:
                    with contextlib.suppress(Exception):
                        feed.close()
                feed = None
                self._stop.wait(RETRY_SECONDS)
            except Exception:  # never let the thread die: log and start over
                log.exception("change feed hub error")
                if feed is not None:
                    with contextlib.suppress(Exception):
                        feed.close()
                feed = None
                self._stop.wait(RETRY_SECONDS)
        if feed is not None:
            with contextlib.suppress(Exception):
                feed.close()

    def _publish(self, batch: Batch) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (shutdown)
            loop.call_soon_threadsafe(self._deliver, batch)

    def _deliver(self, batch: Batch) -> None:
        for listener in self._listeners:
            try:
                listener(batch)
            except Exception:
                log.exception("hub listener failed")
        for subscription in list(self._subscribers):
            subscription.offer(batch)
