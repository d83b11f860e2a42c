"""The wall board's model: a frozen ``DisplaySnapshot`` of one site, and how events change it.

- :class:`BoardReader` reads a whole snapshot (at start, after a reconnection, at midnight) and
  the small aggregate figures (:meth:`BoardReader.figures`: waiting and served per service from
  ``QueueService.summary``, dossier figures and their source from
  ``shared.dossier_figures.wall_figures``).
- :func:`apply_events` updates a snapshot from the change feed's events of one wake-up without
  touching the database, and says what else to do: announce calls, re-read the figures, or
  re-read everything (an event about a counter the board does not know).
- :func:`new_calls` compares the snapshot shown with a freshly read one: the calls made
  meanwhile (e.g. while the database was away), to announce once.

Never a citizen's name: a tile holds a ticket number, a service and a counter. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from shared.center import CenterService
from shared.center_settings import CenterSettingsService
from shared.clock import LOCAL_TZ, business_day
from shared.db.database import Database
from shared.dossier_figures import DEFAULT_STALE_MINUTES, DossierFigures, wall_figures
from shared.models import CounterStatus, Event
from shared.queue import QueueService
from shared.views import CounterState
from shared.wait_board import ServiceWait, service_wait, service_waits


@dataclass(frozen=True)
class CounterTile:
    """One counter on the board: its state and the number it serves (if any)."""

    id: int
    number: int
    name: str
    status: CounterStatus
    ticket_number: str | None = None
    service_code: str | None = None
    called_at: datetime | None = None


@dataclass(frozen=True)
class RecentCall:
    """A call (or recall) as the board lists it."""

    ticket_number: str
    counter_number: int
    at: datetime
    recall: bool = False


@dataclass(frozen=True)
class ServiceFigure:
    code: str
    name: str
    name_en: str
    waiting: int = 0
    served: int = 0
    #: The wait a ticket issued now would get (``shared.wait_board``), shown beside waiting.
    wait: ServiceWait = field(default_factory=lambda: ServiceWait("none"))


@dataclass(frozen=True)
class Figures:
    services: tuple[ServiceFigure, ...] = ()
    dossiers: DossierFigures = field(default_factory=DossierFigures)

    @property
    def waiting(self) -> int:
        return sum(figure.waiting for figure in self.services)

    @property
    def served(self) -> int:
        return sum(figure.served for figure in self.services)


@dataclass(frozen=True)
class DisplaySnapshot:
    """Everything the wall shows for one site and business day."""

    site_id: int
    site_code: str
    site_name: str
    business_day: date
    counters: tuple[CounterTile, ...]
    recent: tuple[RecentCall, ...] = ()
    figures: Figures = field(default_factory=Figures)

    def counter(self, number: int) -> CounterTile | None:
        return next((tile for tile in self.counters if tile.number == number), None)

    def service_name(self, code: str | None, language: str = "vi") -> str:
        for figure in self.figures.services:
            if figure.code == code:
                return figure.name_en if language == "en" and figure.name_en else figure.name
        return code or ""


@dataclass(frozen=True)
class Applied:
    """What :func:`apply_events` made of one wake-up."""

    snapshot: DisplaySnapshot
    calls: tuple[RecentCall, ...] = ()  # to announce, in order
    figures_stale: bool = False  # waiting/served/dossier counts may have changed
    reload: bool = False  # the snapshot cannot be brought up to date from events alone
    changed_counters: frozenset[int] = frozenset()  # counter numbers whose tile changed


#: Events that change the counts of the figures panel.
FIGURE_KINDS = frozenset({
    "ticket.issued", "ticket.called", "ticket.finished", "ticket.no_show",
    "ticket.transferred", "ticket.returned_to_queue", "ticket.cancelled",
    "counter.status",  # a counter on break or back: the waits per service change
})
#: Events after which only a full read is right (the site's set-up changed).
RELOAD_KINDS = frozenset({"config.changed", "day.closed"})


def month_start(day: date) -> datetime:
    """Local midnight of the first day of ``day``'s month (the report period's start)."""
    return datetime.combine(day.replace(day=1), time(), LOCAL_TZ)


def next_month_start(day: date) -> datetime:
    first = day.replace(day=1) + timedelta(days=32)
    return month_start(first)


def next_midnight(moment: datetime) -> datetime:
    """The next local midnight after ``moment`` (when the board rolls over to a new day)."""
    day = business_day(moment) + timedelta(days=1)
    return datetime.combine(day, time(), LOCAL_TZ)


def _tile(state: CounterState, day: date) -> CounterTile:
    """A counter's tile on ``day``: a ticket of another day it still holds (left serving at
    closing, ended at the counter's first call) is not shown: the wall shows no ticket of
    yesterday."""
    current = state.current if state.current and state.current.business_day == day else None
    return CounterTile(state.id, state.number, state.name, state.status,
                       current.number if current else None,
                       current.service if current else None,
                       current.called_at if current else None)


class BoardReader:
    """Reads a site's snapshot and figures through the core services."""

    def __init__(self, db: Database, site: str, queue: QueueService | None = None,
                 stale_minutes: int = DEFAULT_STALE_MINUTES) -> None:
        self.db = db
        self.site = site
        #: ``[province] stale_minutes``: an import older than this is marked stale
        self.stale_minutes = stale_minutes
        self.queue = queue or QueueService(db)
        self.center = CenterService(db)

    def now(self) -> datetime:
        with self.db.reading() as session:
            moment: datetime = self.db.now(session)
        return moment

    def snapshot(self, recent_limit: int = 6) -> DisplaySnapshot:
        """The whole board, read now, with today's last ``recent_limit`` calls."""
        site = self.center.site(self.site)
        day = business_day(self.now())
        counters = tuple(_tile(state, day) for state in self.queue.counters(self.site))
        figures = self.figures()
        recent = self.recent_calls(site.id, day, recent_limit)
        return DisplaySnapshot(site.id, site.code, site.name, day, counters, recent, figures)

    def announcements(self, default: Iterable[str]) -> tuple[str, ...]:
        """The ticker lines: the center's, set from the console for this site, else
        ``default`` (the PC's file). Re-read on ``config.changed``."""
        lines = CenterSettingsService(self.db).get(self.site).announcements
        return tuple(default) if lines is None else lines

    def recent_calls(self, site_id: int, day: date, limit: int) -> tuple[RecentCall, ...]:
        """The day's last calls and recalls from the event log, newest first."""
        since = datetime.combine(day, time(), LOCAL_TZ)
        with self.db.reading() as session:
            rows = session.execute(
                select(Event.kind, Event.at, Event.data).where(
                    Event.site_id == site_id, Event.at >= since,
                    Event.kind.in_(["ticket.called", "ticket.recalled"]))
                .order_by(Event.id.desc()).limit(limit)).all()
        calls = []
        for kind, at, data in rows:
            counter = _int((data or {}).get("counter_number"))
            number = (data or {}).get("number")
            if counter is not None and number:
                calls.append(RecentCall(str(number), counter, at, kind == "ticket.recalled"))
        return tuple(calls)

    def figures(self) -> Figures:
        """Waiting, the wait of a ticket issued now and served today per service, and the
        dossier figures of this month."""
        summary = self.queue.summary(self.site)
        # The queue's own statistics cache: the wall and a ticket issued through the same
        # QueueService at the same moment see the same statistics, so the same wait.
        waits = service_waits(self.db, self.site, self.queue.settings,
                              self.queue._wait_stats)
        services = tuple(
            ServiceFigure(view.code, view.name, view.name_en, summary.waiting.get(view.code, 0),
                          summary.served.get(view.code, 0),
                          service_wait(waits.get(view.code)))
            for view in self.center.services(self.site))
        return Figures(services, wall_figures(self.db, self.site, self.now(),
                                              self.stale_minutes))


def last_call_at(snapshot: DisplaySnapshot) -> datetime | None:
    """The moment of the newest call the snapshot knows (recent list or a tile)."""
    moments = [call.at for call in snapshot.recent]
    moments += [tile.called_at for tile in snapshot.counters if tile.called_at is not None]
    return max(moments, default=None)


def new_calls(shown: DisplaySnapshot, read: DisplaySnapshot) -> tuple[RecentCall, ...]:
    """The calls of a freshly ``read`` snapshot the board has not ``shown`` yet (made while
    the database was away, or while the board re-read it), oldest first: the recent calls
    newer than the newest call shown. Calls shown before are never returned again."""
    since = last_call_at(shown)
    known = set(shown.recent)
    fresh = [call for call in read.recent
             if call not in known and (since is None or call.at > since)]
    return tuple(reversed(fresh))


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def apply_events(snapshot: DisplaySnapshot, events: Iterable[Any], *, recent_limit: int,
                 now: datetime) -> Applied:
    """Bring ``snapshot`` up to date from change-feed events (objects with ``kind`` and
    ``data``, and where known ``counter_id``, ``site_id`` and ``at``)."""
    tiles = {tile.number: tile for tile in snapshot.counters}
    by_id = {tile.id: tile.number for tile in snapshot.counters}
    recent = list(snapshot.recent)
    calls: list[RecentCall] = []
    changed: set[int] = set()
    figures_stale = reload = False
    for event in events:
        site_id = getattr(event, "site_id", None)
        if site_id is not None and site_id != snapshot.site_id:
            continue
        kind = str(getattr(event, "kind", ""))
        data: Mapping[str, Any] = getattr(event, "data", None) or {}
        at = getattr(event, "at", None) or now
        figures_stale = figures_stale or kind in FIGURE_KINDS or kind.startswith("dossier.")
        reload = reload or kind in RELOAD_KINDS
        if not kind.startswith(("ticket.", "counter.")):
            continue
        number = _int(data.get("counter_number"))
        if kind == "counter.status":
            number = _int(data.get("number"))
        if number is None:
            number = by_id.get(_int(getattr(event, "counter_id", None)) or -1)
        if number is None:
            continue  # a ticket event with no counter (issued, cancelled)
        tile = tiles.get(number)
        if tile is None:
            reload = True  # a counter added since the last read
            continue
        ticket = data.get("number")
        if kind in ("ticket.called", "ticket.recalled"):
            call = RecentCall(str(ticket), number, at, recall=kind == "ticket.recalled")
            if call in recent or (tile.called_at is not None and (
                    at < tile.called_at or (at == tile.called_at
                                            and tile.ticket_number == ticket))):
                continue  # already in the snapshot (read after the feed's position)
            service = data.get("service") or (tile.service_code
                                              if tile.ticket_number == ticket else None)
            tile = replace(tile, status=CounterStatus.OPEN, ticket_number=str(ticket),
                           service_code=service, called_at=at)
            calls.append(call)
            recent.insert(0, call)
        elif kind in ("ticket.finished", "ticket.no_show", "ticket.transferred",
                      "ticket.held", "ticket.cancelled"):
            if tile.ticket_number == ticket:
                tile = replace(tile, ticket_number=None, service_code=None, called_at=None)
        elif kind == "counter.status":
            status = data.get("status")
            if status in {s.value for s in CounterStatus}:
                tile = replace(tile, status=CounterStatus(status))
        if tile != tiles[number]:
            tiles[number] = tile
            changed.add(number)
    del recent[recent_limit:]
    updated = replace(snapshot, counters=tuple(tiles[tile.number] for tile in snapshot.counters),
                      recent=tuple(recent))
    return Applied(updated, tuple(calls), figures_stale, reload, frozenset(changed))
