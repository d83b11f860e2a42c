"""One live board per site, shared by every TV showing it: N screens cost one computation.

:class:`Boards` (one per app) listens to the hub (``FeedHub.add_listener``: it runs on the
event loop with every batch) and keeps a :class:`SiteBoard` per site a TV asked for. A site's
board holds the core's :class:`~shared.board.DisplaySnapshot`, brought up to date by
:func:`~shared.board.apply_events` (no query), and a numbered log of the calls to announce.
Reads that need the database (the first snapshot, the figures after a change, a full re-read
after a lost database, at midnight, after a set-up change) run in a thread; changes arriving
meanwhile are held and applied after the read, as the Qt board does.

Streams wait on :meth:`SiteBoard.wait` and send the board's JSON (serialised once per revision
and zone) and the calls logged after the ones they sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool

from server.board.zone import Zone
from server.hub import Batch, FeedHub
from server.state import ServerState
from shared.board import (
    BoardReader,
    DisplaySnapshot,
    RecentCall,
    apply_events,
    new_calls,
    next_midnight,
)
from shared.board_json import snapshot_json
from shared.center import CenterService
from shared.changes import Change
from shared.errors import LaysoError

log = logging.getLogger(__name__)

#: Calls kept for streams that are behind (and for the audio check: only known calls speak).
CALL_LOG = 64
#: A failed read is retried after this long (seconds), doubling up to the longest.
RETRY_FIRST = 0.5
RETRY_MAX = 5.0
#: A second past midnight, so the database's clock is surely on the new day.
MIDNIGHT_MARGIN = 1.0


class SiteBoard:
    """The live board of one site (used on the event loop only)."""

    def __init__(self, state: ServerState, site: str) -> None:
        self.site = site
        self.state = state
        self.reader = BoardReader(state.db, site, state.queue(),
                                  state.settings.province.stale_minutes)
        self.recent_limit = max(1, state.settings.display.recent_calls)
        self._default_announcements = tuple(state.settings.display.announcements)
        #: The ticker's lines: the center's (set in the console), else the server's file.
        self.announcements = self._default_announcements
        self.snapshot: DisplaySnapshot | None = None
        #: Each counter's services (codes), read with the snapshot: a zone's figures count
        #: only the services its counters serve.
        self.counter_services: dict[int, tuple[str, ...]] = {}
        #: True while the database is lost (the pages say their data may be old).
        self.stale = False
        #: Bumped on every change of what the pages show.
        self.revision = 0
        #: (sequence number, call) of the calls to announce, oldest first.
        self.calls: deque[tuple[int, RecentCall]] = deque(maxlen=CALL_LOG)
        self.sequence = 0
        #: The database clock minus this process's clock (seconds), for the pages' clock.
        self.clock_offset = 0.0
        self._changed = asyncio.Event()
        self._held: list[Change] | None = None  # changes arriving during a full read
        self._reading: asyncio.Task[None] | None = None
        self._figures: asyncio.Task[None] | None = None
        self._figures_again = False
        self._read_failures = 0
        self._midnight: asyncio.TimerHandle | None = None
        self._json: dict[str, str] = {}
        self._json_revision = -1
        self._loaded = asyncio.Event()
        self._load_error: LaysoError | None = None

    # -- reading -------------------------------------------------------------------------------
    async def ready(self) -> DisplaySnapshot:
        """The snapshot, read first if never read; raises the read's error if that failed."""
        if self.snapshot is None:
            if self._reading is None:
                self.reload()
            await self._loaded.wait()
            if self.snapshot is None:
                error = self._load_error
                self._loaded.clear()
                self._reading = None
                raise error or LaysoError("Không đọc được bảng gọi số.", "Board not read.")
        return self.snapshot

    def reload(self) -> None:
        """Read the whole board again (in a thread); changes arriving meanwhile are held."""
        if self._reading is not None and not self._reading.done():
            return
        self._held = []
        self._reading = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        try:
            snapshot, now, announcements, services = await run_in_threadpool(
                self._read_blocking)
        except LaysoError as error:
            held, self._held = self._held or [], None
            self._load_error = error
            self._read_failed(error, reload=True)
            if self.snapshot is not None and held:
                self._apply(held)  # keep the old board as current as the feed allows
            self._loaded.set()
            return
        held, self._held = self._held or [], None
        self.clock_offset = now.timestamp() - time.time()
        missed = new_calls(self.snapshot, snapshot) if self.snapshot is not None else ()
        self.snapshot = snapshot
        self.announcements = announcements
        self.counter_services = services
        self._log_calls(missed)
        self._read_succeeded()
        if held:
            self._apply(held)
        self._schedule_midnight(now)
        self._touch()
        self._loaded.set()

    def _read_blocking(self) -> tuple[DisplaySnapshot, datetime, tuple[str, ...],
                                      dict[int, tuple[str, ...]]]:
        """The snapshot, the clock, the ticker and each counter's services (re-read on
        config.changed, like the rest of the set-up)."""
        counters = CenterService(self.state.db).counters(self.site)
        return (self.reader.snapshot(self.recent_limit), self.reader.now(),
                self.reader.announcements(self._default_announcements),
                {counter.number: counter.services for counter in counters})

    async def _read_figures(self) -> None:
        while True:
            self._figures_again = False
            try:
                figures = await run_in_threadpool(self.reader.figures)
            except LaysoError as error:
                self._read_failed(error, reload=False)
                return
            if self.snapshot is not None:
                self.snapshot = replace(self.snapshot, figures=figures)
                self._read_succeeded()
                self._touch()
            if not self._figures_again:
                return

    def _refresh_figures(self) -> None:
        if self._figures is not None and not self._figures.done():
            self._figures_again = True
            return
        self._figures = asyncio.get_running_loop().create_task(self._read_figures())

    def _read_failed(self, error: LaysoError, *, reload: bool) -> None:
        """Retry later; the pages say the data may be old from the second failure on (a
        database busy for a moment does not show as lost)."""
        self._read_failures += 1
        log.warning("board %s: %s read failed (%d in a row): %s", self.site,
                    "board" if reload else "figures", self._read_failures, error.message_en)
        if self._read_failures >= 2 and not self.stale:
            self.stale = True
            self._touch()
        delay = min(RETRY_FIRST * 2 ** (self._read_failures - 1), RETRY_MAX)
        retry: Callable[[], None] = self.reload if reload else self._refresh_figures
        if self.snapshot is not None:  # a first read is retried by the next page instead
            asyncio.get_running_loop().call_later(delay, retry)

    def _read_succeeded(self) -> None:
        self._read_failures = 0
        if self.stale:
            self.stale = False
            self._touch()

    def _schedule_midnight(self, now: datetime) -> None:
        if self._midnight is not None:
            self._midnight.cancel()
        delay = (next_midnight(now) - now).total_seconds() + MIDNIGHT_MARGIN
        self._midnight = asyncio.get_running_loop().call_later(delay, self.reload)

    def close(self) -> None:
        if self._midnight is not None:
            self._midnight.cancel()
        for task in (self._reading, self._figures):
            if task is not None:
                task.cancel()

    # -- the feed --------------------------------------------------------------------------------
    def on_batch(self, batch: Batch) -> None:
        if batch.kind == "lost":
            if not self.stale:
                log.info("board %s: database lost; pages show their data may be old", self.site)
                self.stale = True
                self._touch()
        elif batch.kind == "restored":
            self.reload()  # calls made meanwhile come through new_calls, once
        elif self._held is not None:
            self._held.extend(batch.changes)
        elif self.snapshot is not None:
            self._apply(batch.changes)

    def _apply(self, changes: list[Change] | tuple[Change, ...]) -> None:
        assert self.snapshot is not None
        applied = apply_events(self.snapshot, changes, recent_limit=self.recent_limit,
                               now=datetime.now(UTC))
        changed = applied.snapshot != self.snapshot or bool(applied.calls)
        self.snapshot = applied.snapshot
        self._log_calls(applied.calls)
        if applied.reload:
            self.reload()
        elif applied.figures_stale:
            self._refresh_figures()
        if changed:
            self._touch()

    def _log_calls(self, calls: tuple[RecentCall, ...]) -> None:
        for call in calls:
            self.sequence += 1
            self.calls.append((self.sequence, call))

    def _touch(self) -> None:
        self.revision += 1
        self._changed.set()
        self._changed = asyncio.Event()

    # -- for the streams ---------------------------------------------------------------------
    async def wait(self, revision: int, timeout: float) -> bool:
        """Wait until the board's revision differs from ``revision``; False on timeout."""
        if self.revision != revision:
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)
        return self.revision != revision

    def calls_after(self, sequence: int) -> list[tuple[int, RecentCall]]:
        return [(number, call) for number, call in self.calls if number > sequence]

    def calls_since(self, moment: datetime) -> list[RecentCall]:
        """The calls of the snapshot made after ``moment``, oldest first (for a page that
        reconnects: the calls it has not been given)."""
        if self.snapshot is None:
            return []
        return [call for call in reversed(self.snapshot.recent) if call.at > moment]

    def knows_call(self, ticket: str, counter: int) -> bool:
        """Whether the board called ``ticket`` to ``counter`` lately (only those are spoken)."""
        recent = self.snapshot.recent if self.snapshot is not None else ()
        return any(call.ticket_number == ticket and call.counter_number == counter
                   for call in (*recent, *(call for _n, call in self.calls)))

    def board_json(self, zone: Zone) -> str:
        """The board as the pages get it (serialised once per revision and zone)."""
        if self._json_revision != self.revision:
            self._json.clear()
            self._json_revision = self.revision
        text = self._json.get(zone.spec)
        if text is None:
            assert self.snapshot is not None
            data = snapshot_json(self.snapshot)
            data["counters"] = [c for c in data["counters"] if zone.includes(c["number"])]
            data["recent"] = [c for c in data["recent"] if zone.includes(c["counter"])]
            if zone.numbers is not None:
                _zone_figures(data["figures"], self._zone_services(zone))
            data["stale"] = self.stale
            data["announcements"] = list(self.announcements)
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            self._json[zone.spec] = text
        return text


    def _zone_services(self, zone: Zone) -> set[str]:
        return {code for number, codes in self.counter_services.items()
                if zone.includes(number) for code in codes}


def _zone_figures(figures: dict[str, Any], services: set[str]) -> None:
    """A zone's waiting and served: only the services its counters serve (a TV on the
    first floor does not count the second floor's queue). The dossier figures stay the
    center's."""
    figures["services"] = [f for f in figures["services"] if f["code"] in services]
    figures["waiting"] = sum(f["waiting"] for f in figures["services"])
    figures["served"] = sum(f["served"] for f in figures["services"])


class Boards:
    """The app's live boards, one per site asked for, fed by the hub."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.hub: FeedHub = state.hub
        self._boards: dict[str, SiteBoard] = {}
        self.hub.add_listener(self._on_batch)

    def board(self, site: str) -> SiteBoard:
        board = self._boards.get(site)
        if board is None:
            board = self._boards[site] = SiteBoard(self.state, site)
        return board

    async def ready(self, site: str) -> SiteBoard:
        """The site's board, read (NotFound for an unknown site, DatabaseUnavailable...)."""
        known = site in self._boards
        board = self.board(site)
        try:
            await board.ready()
        except LaysoError:
            if not known:
                self._boards.pop(site, None)
                board.close()
            raise
        return board

    def _on_batch(self, batch: Batch) -> None:
        for board in list(self._boards.values()):
            try:
                board.on_batch(batch)
            except Exception:
                log.exception("board %s: a batch was not applied; reading it again",
                              board.site)
                board.reload()
