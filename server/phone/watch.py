"""The phone pages' live states: one :class:`PhoneWatch` per server, fed by the hub.

Hundreds of phones may hold a stream at once (500 against one server is the benchmark), so a
change must not cost a query per phone. The watch keeps one :class:`TicketWatch` per ticket
that at least one phone follows (phones following the same ticket share it) and is a hub
listener (``FeedHub.add_listener``: called on the event loop with every batch):

- **The followed ticket's own change** (called, recalled, finished, no-show, cancelled) is
  applied from the event's data alone (``counter_number``, ``call_count``): no query, and its
  phones are woken at once. That is what makes "Mời đến Quầy 3" appear within the wake-up of
  the change feed.
- **Everyone else's people-ahead and wait** change when any ticket or counter of their site
  does. Those are re-read by one job in a worker thread, for every followed ticket of the
  sites that changed (each ticket once, however many phones follow it), at most once every
  :data:`REREAD_SECONDS`: the first change after a quiet spell is read at once, a burst is
  read once more at the end. A transfer (the new queue is not in the event) is re-read too.
- A result read before a newer event of the same ticket was applied is not used (the ticket
  is read again next time): states only move forward.
- ``lost`` (the database went away) marks every state stale (the page says so); ``restored``
  re-reads all of them.
- The business day: read with each job and at least every :data:`DAY_CHECK_SECONDS`; a ticket
  of a past day turns ``expired`` (the page then shows nothing of it).

A stream waits on its :class:`PhoneStream` (an asyncio event set when its ticket's state
changes) and sends the latest state: several changes in a row reach a slow phone as one
message, the newest (``call_count`` rises with every call, so a recall still alerts).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import date

from starlette.concurrency import run_in_threadpool

from server.hub import Batch
from server.phone.view import PhoneState, message
from server.state import ServerState
from shared.changes import Change
from shared.clock import business_day
from shared.errors import LaysoError
from shared.views import TicketView

log = logging.getLogger(__name__)

#: The people-ahead and wait figures of a site are re-read at most this often (seconds).
REREAD_SECONDS = 2.0
#: The business day is read again at least this often while phones follow tickets (seconds).
DAY_CHECK_SECONDS = 60.0
#: How many recent (change id, ticket id) pairs are kept to catch a change that arrives while
#: a phone's first read is running.
RECENT_CHANGES = 4096
#: Change kinds after which the waiting tickets of the site are re-read.
AFFECTS_QUEUE = ("ticket.", "counter.")


@dataclass(eq=False)
class PhoneStream:
    """One open stream: woken when its ticket's state changes."""

    watch: TicketWatch
    wake: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass(eq=False)
class TicketWatch:
    """One followed ticket: its latest state and the streams following it."""

    token: str
    site_id: int
    state: PhoneState
    #: The id of the last change applied to this ticket (a newer read wins over older ones).
    last_change: int = 0
    #: Bumped whenever ``state`` changes (streams cache their JSON per revision).
    revision: int = 0
    streams: set[PhoneStream] = field(default_factory=set)
    #: The event's JSON per (language, stale) for the current revision: built once, sent to
    #: every phone of the ticket.
    _json: dict[tuple[str, bool], str] = field(default_factory=dict)
    _json_revision: int = -1

    def json(self, lang: str, stale: bool) -> str:
        if self._json_revision != self.revision:
            self._json, self._json_revision = {}, self.revision
        text = self._json.get((lang, stale))
        if text is None:
            text = self._json[lang, stale] = json.dumps(message(self.state, lang, stale=stale),
                                                        ensure_ascii=False)
        return text

    def set_state(self, state: PhoneState) -> None:
        if state != self.state:
            self.state = state
            self.revision += 1
            for stream in self.streams:
                stream.wake.set()


class PhoneWatch:
    """Every followed ticket of this server (used on the event loop only)."""

    def __init__(self, server: ServerState) -> None:
        self.server = server
        self.watches: dict[int, TicketWatch] = {}
        self._by_token: dict[str, TicketWatch] = {}
        #: True while the database is lost: the pages say their data may be old.
        self.stale = False
        self.today: date | None = None
        self._today_read_at = 0.0
        self._recent: deque[tuple[int, int]] = deque(maxlen=RECENT_CHANGES)
        self._position = 0
        self._dirty_sites: set[int] = set()
        self._dirty_tickets: set[int] = set()
        self._job: asyncio.Task[None] | None = None
        self._again = False
        self._last_job = -REREAD_SECONDS
        self._timer: asyncio.TimerHandle | None = None
        self._day_timer: asyncio.TimerHandle | None = None
        server.hub.add_listener(self.on_batch)

    # -- phones ---------------------------------------------------------------------------------
    async def first_read(self, token: str) -> tuple[TicketView, date]:
        """The ticket of ``token`` and the business day (in a thread); NotFound if none."""
        return await run_in_threadpool(self._read_token, token)

    def _read_token(self, token: str) -> tuple[TicketView, date]:
        view = self.server.queue().ticket_by_token(token)
        return view, self._read_today()

    def _read_today(self) -> date:
        db = self.server.db
        with db.reading() as session:
            return business_day(db.now(session))

    def watch_by_token(self, token: str) -> TicketWatch | None:
        """The watch of ``token``'s ticket if a phone follows it (its state is live)."""
        return self._by_token.get(token)

    async def watch_for(self, token: str) -> TicketWatch:
        """The watch of ``token``'s ticket, read first if no phone follows it yet (NotFound
        for no such ticket)."""
        watch = self._by_token.get(token)
        if watch is not None:
            return watch
        before = self._position
        view, today = await self.first_read(token)
        self._set_today(today)
        site_id = (await run_in_threadpool(self.server.site, view.site_code)).id
        watch = self._by_token.get(token)  # another phone of it may have come meanwhile
        if watch is not None:
            return watch
        watch = TicketWatch(token, site_id, PhoneState.of(view, today), last_change=before)
        self._register(watch)
        if any(ticket == view.id and change > before for change, ticket in self._recent):
            self._dirty_tickets.add(view.id)  # changed while it was being read
            self._schedule()
        return watch

    def _register(self, watch: TicketWatch) -> TicketWatch:
        known = self.watches.setdefault(watch.state.ticket_id, watch)
        self._by_token.setdefault(known.token, known)
        return known

    @contextlib.asynccontextmanager
    async def follow(self, watch: TicketWatch) -> AsyncIterator[PhoneStream]:
        """A stream woken by ``watch``'s changes while the block runs."""
        watch = self._register(watch)
        stream = PhoneStream(watch)
        watch.streams.add(stream)
        self._ensure_day_timer()
        try:
            yield stream
        finally:
            watch.streams.discard(stream)
            if not watch.streams:
                self._forget(watch)

    def _forget(self, watch: TicketWatch) -> None:
        if self.watches.get(watch.state.ticket_id) is watch:
            del self.watches[watch.state.ticket_id]
        if self._by_token.get(watch.token) is watch:
            del self._by_token[watch.token]

    # -- the feed -------------------------------------------------------------------------------
    def on_batch(self, batch: Batch) -> None:
        if batch.kind == "lost":
            self._set_stale(True)
            return
        if batch.kind == "restored":
            self._set_stale(False)
            self._dirty_tickets.update(self.watches)
            self._schedule()
            return
        watched_sites = {watch.site_id for watch in self.watches.values()}
        for change in batch.changes:
            self._position = max(self._position, change.id)
            if change.ticket_id is not None:
                self._recent.append((change.id, change.ticket_id))
                watch = self.watches.get(change.ticket_id)
                if watch is not None:
                    self._apply(watch, change)
            if change.site_id in watched_sites and change.kind.startswith(AFFECTS_QUEUE):
                assert change.site_id is not None
                self._dirty_sites.add(change.site_id)
        if self._dirty_sites or self._dirty_tickets:
            self._schedule()

    def _apply(self, watch: TicketWatch, change: Change) -> None:
        if change.id <= watch.last_change:  # a late one (PostgreSQL gap): read the truth
            self._dirty_tickets.add(watch.state.ticket_id)
            return
        watch.last_change = change.id
        after = watch.state.after(change)
        if after is None:
            if change.kind != "ticket.issued":
                self._dirty_tickets.add(watch.state.ticket_id)
            return
        watch.set_state(after)

    def _set_stale(self, stale: bool) -> None:
        if stale == self.stale:
            return
        self.stale = stale
        for watch in self.watches.values():
            watch.revision += 1
            for stream in watch.streams:
                stream.wake.set()

    def _set_today(self, today: date) -> None:
        self._today_read_at = time.monotonic()
        if today != self.today:
            self.today = today
            for watch in self.watches.values():
                watch.set_state(watch.state.on_day(today))

    # -- re-reading -----------------------------------------------------------------------------
    def _schedule(self) -> None:
        """Run the re-read job now, or when :data:`REREAD_SECONDS` have passed since the last."""
        if self._job is not None and not self._job.done():
            self._again = True
            return
        if self._timer is not None:
            return
        delay = self._last_job + REREAD_SECONDS - time.monotonic()
        loop = asyncio.get_running_loop()
        if delay <= 0:
            self._start_job()
        else:
            self._timer = loop.call_later(delay, self._start_job)

    def _start_job(self) -> None:
        self._timer = None
        self._last_job = time.monotonic()
        self._again = False
        self._job = asyncio.get_running_loop().create_task(self._reread())

    async def _reread(self) -> None:
        for watch in [w for w in self.watches.values() if not w.streams]:
            self._forget(watch)  # read for a stream that never started
        sites, self._dirty_sites = self._dirty_sites, set()
        tickets, self._dirty_tickets = self._dirty_tickets, set()
        targets = {ticket_id: watch.last_change for ticket_id, watch in self.watches.items()
                   if ticket_id in tickets
                   or (watch.site_id in sites and watch.state.status == "waiting")}
        try:
            views, today = await run_in_threadpool(self._read_many, list(targets))
        except LaysoError as error:
            log.warning("phone pages: re-read failed: %s", error.message_en)
            self._set_stale(True)
            self._dirty_tickets.update(targets)
            self._again = True
        else:
            self._set_stale(False)
            self._set_today(today)
            for ticket_id, view in views.items():
                followed = self.watches.get(ticket_id)
                if followed is None:
                    continue
                if followed.last_change != targets[ticket_id]:
                    self._dirty_tickets.add(ticket_id)  # an event came meanwhile: read again
                    self._again = True
                elif view is not None:
                    followed.set_state(PhoneState.of(view, today))
        finally:
            self._job = None
        if self._again or self._dirty_sites or self._dirty_tickets:
            self._schedule()

    def _read_many(self, ticket_ids: Iterable[int]) -> tuple[dict[int, TicketView | None], date]:
        """Each ticket's view with its people ahead and wait (a vanished ticket: None)."""
        wanted = list(ticket_ids)
        found = self.server.queue().tickets(wanted)
        views: dict[int, TicketView | None] = {ticket_id: found.get(ticket_id)
                                                for ticket_id in wanted}
        return views, self._read_today()

    def _ensure_day_timer(self) -> None:
        if self._day_timer is None:
            self._day_timer = asyncio.get_running_loop().call_later(DAY_CHECK_SECONDS,
                                                                    self._on_day_timer)

    def _on_day_timer(self) -> None:
        self._day_timer = None
        if not self.watches:
            return
        if time.monotonic() - self._today_read_at >= DAY_CHECK_SECONDS / 2:
            self._schedule()  # the job reads the day even with nothing else to read
        self._ensure_day_timer()

    def close(self) -> None:
        for handle in (self._timer, self._day_timer):
            if handle is not None:
                handle.cancel()
        if self._job is not None:
            self._job.cancel()
