"""Live supervision of a site: what a supervisor watches, and the alerts they set.

- :meth:`SupervisionService.snapshot`: every counter with its clerk, status (and since when)
  and the ticket it serves (since when); waiting per service with the longest wait; today's
  served, no-shows and median wait; today's no-show tickets (to put one back in the queue);
  and the alerts that fire now.
- :meth:`SupervisionService.set_thresholds`: the alerts of a site (stored per site in
  ``supervision_alerts``; a ``config.changed`` event names who set them).
- :func:`alerts`: the alerts of a snapshot's figures at a moment, computed here once (the page
  only shows them).

Waits are measured from a ticket's place in the queue (``queued_at``: issue time, kept by a
transfer or a return to the queue); the median wait of the day is from issue to first call of
the tickets called today. No Qt here; frozen values out.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.clock import business_day
from shared.counter_day import day_services
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.events import EventKind, record
from shared.lookups import get_site
from shared.models import (
    Counter,
    CounterStatus,
    Event,
    Service,
    SupervisionAlerts,
    Ticket,
    TicketStatus,
)
from shared.queue_reads import counter_state

#: The alerts of a site that never set any.
DEFAULT_WAIT_MINUTES = 30
DEFAULT_BREAK_MINUTES = 15
#: The largest threshold accepted (a working day).
MAX_MINUTES = 600
#: Today's no-show tickets listed, newest first.
NO_SHOW_LIMIT = 30


@dataclass(frozen=True)
class AlertThresholds:
    """When an alert fires. ``None`` minutes: that alert is off."""

    wait_minutes: int | None = DEFAULT_WAIT_MINUTES
    break_minutes: int | None = DEFAULT_BREAK_MINUTES
    unserved_service: bool = True
    updated_by: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class CounterLine:
    id: int
    number: int
    name: str
    status: CounterStatus
    #: Since when the counter has had its status (its last status change; None if unknown).
    status_since: datetime | None
    services: tuple[str, ...]
    clerk_username: str | None = None
    clerk_name: str | None = None
    ticket_id: int | None = None
    ticket_number: str | None = None
    ticket_service: str | None = None
    #: When the ticket it serves was called (for how long it has been served).
    called_at: datetime | None = None
    #: Its usual services when ``services`` are today's own (shared/counter_day.py), else None.
    usual_services: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ServiceLine:
    code: str
    name: str
    name_en: str
    waiting: int = 0
    #: The place in the queue of the ticket waiting longest (None: nobody waits).
    oldest_queued_at: datetime | None = None
    served: int = 0
    no_show: int = 0
    #: Counters open with a clerk that serve it now.
    open_counters: int = 0
    #: False: taken out of use (the kiosk no longer issues it) but its tickets issued today
    #: are still served, so it stays listed, counted and named ("ngừng cấp số").
    issuing: bool = True


@dataclass(frozen=True)
class NoShowLine:
    ticket_id: int
    number: str
    service: str
    counter_number: int | None
    at: datetime | None


@dataclass(frozen=True)
class DayFigures:
    waiting: int = 0
    served: int = 0
    no_show: int = 0
    #: Tickets called today (for the median's sample size).
    called: int = 0
    #: Median minutes from issue to first call of today's called tickets.
    median_wait_minutes: float | None = None


AlertKind = Literal["wait", "break", "unserved"]


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    #: A service code (wait, unserved) or a counter number (break), as text.
    subject: str
    minutes: int
    message: str
    message_en: str


@dataclass(frozen=True)
class SupervisionSnapshot:
    site_code: str
    site_name: str
    business_day: date
    now: datetime
    counters: tuple[CounterLine, ...]
    services: tuple[ServiceLine, ...]
    figures: DayFigures
    no_shows: tuple[NoShowLine, ...]
    thresholds: AlertThresholds
    alerts: tuple[Alert, ...]


def minutes_between(start: datetime | None, end: datetime) -> int:
    """Whole minutes from ``start`` to ``end`` (0 if unknown or in the future)."""
    if start is None:
        return 0
    return max(0, int((end - start).total_seconds() // 60))


def alerts(counters: tuple[CounterLine, ...], services: tuple[ServiceLine, ...],
           thresholds: AlertThresholds, now: datetime) -> tuple[Alert, ...]:
    """The alerts that fire at ``now``: a service whose longest wait reached the threshold, a
    counter on break for at least the threshold, a service with tickets waiting that no open
    counter serves. Waits first, then breaks, then unserved services."""
    found: list[Alert] = []
    if thresholds.wait_minutes is not None:
        for line in services:
            waited = minutes_between(line.oldest_queued_at, now)
            if line.waiting and waited >= thresholds.wait_minutes:
                found.append(Alert(
                    "wait", line.code, waited,
                    f"{line.name}: có người đã chờ {waited} phút ({line.waiting} người đang "
                    "chờ).",
                    f"{line.name_en or line.name}: someone has waited {waited} min "
                    f"({line.waiting} waiting)."))
    if thresholds.break_minutes is not None:
        for counter in counters:
            paused = minutes_between(counter.status_since, now)
            if (counter.status == CounterStatus.PAUSED and counter.status_since is not None
                    and paused >= thresholds.break_minutes):
                who = f" ({counter.clerk_name})" if counter.clerk_name else ""
                found.append(Alert(
                    "break", str(counter.number), paused,
                    f"Quầy {counter.number}{who} tạm nghỉ đã {paused} phút.",
                    f"Counter {counter.number}{who} has been on break for {paused} min."))
    if thresholds.unserved_service:
        for line in services:
            if line.waiting and not line.open_counters:
                waited = minutes_between(line.oldest_queued_at, now)
                found.append(Alert(
                    "unserved", line.code, waited,
                    f"{line.name}: {line.waiting} người đang chờ nhưng không quầy nào đang mở "
                    "phục vụ.",
                    f"{line.name_en or line.name}: {line.waiting} waiting and no open counter "
                    "serves it."))
    return tuple(found)


class SupervisionService:
    """Reads a site's live supervision snapshot and keeps its alert thresholds. ``actor``
    names who changes the thresholds (written into the event)."""

    def __init__(self, db: Database, *, actor: str = "") -> None:
        self.db = db
        self.actor = actor

    # -- reading ----------------------------------------------------------------------------
    def snapshot(self, site: str) -> SupervisionSnapshot:
        with self.db.reading() as session:
            now: datetime = self.db.now(session)
            day = business_day(now)
            site_row = get_site(session, site)
            counters = self._counters(session, site_row.id, day)
            services = self._services(session, site_row.id, day, counters)
            waits = _wait_minutes(session, site_row.id, day)
            figures = DayFigures(
                waiting=sum(line.waiting for line in services),
                served=sum(line.served for line in services),
                no_show=sum(line.no_show for line in services),
                called=len(waits),
                median_wait_minutes=round(statistics.median(waits), 1) if waits else None)
            thresholds = _thresholds(session, site_row.id)
            return SupervisionSnapshot(
                site_row.code, site_row.name, day, now, counters, services, figures,
                _no_shows(session, site_row.id, day), thresholds,
                alerts(counters, services, thresholds, now))

    def thresholds(self, site: str) -> AlertThresholds:
        with self.db.reading() as session:
            return _thresholds(session, get_site(session, site).id)

    @staticmethod
    def _counters(session: Session, site_id: int, day: date) -> tuple[CounterLine, ...]:
        rows = list(session.scalars(select(Counter).where(
            Counter.site_id == site_id, Counter.active.is_(True)).order_by(Counter.number)))
        today = day_services(session, [row.id for row in rows], day)
        lines = []
        for row in rows:
            state = counter_state(session, row)
            current = state.current
            lines.append(CounterLine(
                state.id, state.number, state.name, state.status,
                _status_since(session, site_id, row.id, state.status),
                today.get(row.id, state.services),
                state.clerk_username, state.clerk_name,
                current.id if current else None, current.number if current else None,
                current.service if current else None, current.called_at if current else None,
                state.services if row.id in today else None))
        return tuple(lines)

    @staticmethod
    def _services(session: Session, site_id: int, day: date,
                  counters: tuple[CounterLine, ...]) -> tuple[ServiceLine, ...]:
        waiting = {service_id: (int(count), oldest) for service_id, count, oldest in
                   session.execute(
                       select(Ticket.service_id, func.count(), func.min(Ticket.queued_at))
                       .where(Ticket.site_id == site_id, Ticket.business_day == day,
                              Ticket.status == TicketStatus.WAITING)
                       .group_by(Ticket.service_id))}
        counts: dict[tuple[int, str], int] = {
            (service_id, str(status)): int(count) for service_id, status, count in
            session.execute(
                select(Ticket.service_id, Ticket.status, func.count())
                .where(Ticket.site_id == site_id, Ticket.business_day == day,
                       Ticket.status.in_([TicketStatus.FINISHED, TicketStatus.NO_SHOW]))
                .group_by(Ticket.service_id, Ticket.status))}
        staffed = [c for c in counters
                   if c.status == CounterStatus.OPEN and c.clerk_username is not None]
        # A service taken out of use keeps its tickets of the day (served as usual): listed
        # while it has any, so the figures and alerts go on counting them.
        today = set(session.scalars(select(Ticket.service_id).where(
            Ticket.site_id == site_id, Ticket.business_day == day).distinct()))
        lines = []
        for service in session.scalars(select(Service).where(
                Service.site_id == site_id)
                .order_by(Service.sort_order, Service.code)):
            if not service.active and service.id not in today:
                continue
            count, oldest = waiting.get(service.id, (0, None))
            lines.append(ServiceLine(
                service.code, service.name, service.name_en or service.name, count, oldest,
                counts.get((service.id, TicketStatus.FINISHED.value), 0),
                counts.get((service.id, TicketStatus.NO_SHOW.value), 0),
                sum(1 for c in staffed if service.code in c.services), bool(service.active)))
        return tuple(lines)

    # -- the alerts' thresholds ---------------------------------------------------------------
    def set_thresholds(self, site: str, *, wait_minutes: int | None,
                       break_minutes: int | None, unserved_service: bool) -> AlertThresholds:
        """Set a site's alerts (``None`` minutes: that alert is off)."""
        for value in (wait_minutes, break_minutes):
            if value is not None and not 1 <= value <= MAX_MINUTES:
                raise InvalidOperation(
                    f"Số phút phải từ 1 đến {MAX_MINUTES} (để trống: tắt cảnh báo).",
                    f"Minutes must be 1 to {MAX_MINUTES} (empty: the alert is off).")
        with self.db.transaction() as session:
            now = self.db.now(session)
            site_row = get_site(session, site)
            row = session.get(SupervisionAlerts, site_row.id)
            before = _thresholds_data(_thresholds(session, site_row.id))
            if row is None:
                row = SupervisionAlerts(site_id=site_row.id)
                session.add(row)
            row.wait_minutes = wait_minutes
            row.break_minutes = break_minutes
            row.unserved_service = unserved_service
            row.updated_at = now
            row.updated_by = self.actor[:64]
            session.flush()
            after = _thresholds(session, site_row.id)
            record(session, EventKind.CONFIG_CHANGED, now, site_id=site_row.id,
                   change="supervision.alerts", before=before,
                   after=_thresholds_data(after), by=self.actor)
            return after


def _thresholds(session: Session, site_id: int) -> AlertThresholds:
    row = session.get(SupervisionAlerts, site_id)
    if row is None:
        return AlertThresholds()
    return AlertThresholds(row.wait_minutes, row.break_minutes, bool(row.unserved_service),
                           row.updated_by, row.updated_at)


def _thresholds_data(value: AlertThresholds) -> dict[str, object]:
    return {"wait_minutes": value.wait_minutes, "break_minutes": value.break_minutes,
            "unserved_service": value.unserved_service}


def _status_since(session: Session, site_id: int, counter_id: int,
                  status: CounterStatus) -> datetime | None:
    """When the counter took its status: its last ``counter.status`` event, if that one set
    the status it has (a call re-opens a paused counter without an event of its own)."""
    row = session.execute(
        select(Event.at, Event.data).where(
            Event.site_id == site_id, Event.counter_id == counter_id,
            Event.kind == EventKind.COUNTER_STATUS.value)
        .order_by(Event.id.desc()).limit(1)).first()
    if row is None or (row.data or {}).get("status") != status.value:
        return None
    at: datetime = row.at
    return at


def _wait_minutes(session: Session, site_id: int, day: date) -> list[float]:
    """Minutes from issue to first call of the day's tickets called so far."""
    rows = session.execute(
        select(Ticket.issued_at, Ticket.first_called_at).where(
            Ticket.site_id == site_id, Ticket.business_day == day,
            Ticket.first_called_at.is_not(None))).all()
    return [max(0.0, (called - issued).total_seconds() / 60) for issued, called in rows
            if called is not None]


def _no_shows(session: Session, site_id: int, day: date) -> tuple[NoShowLine, ...]:
    rows = session.execute(
        select(Ticket.id, Ticket.number, Service.code, Counter.number, Ticket.finished_at)
        .join(Service, Service.id == Ticket.service_id)
        .outerjoin(Counter, Counter.id == Ticket.counter_id)
        .where(Ticket.site_id == site_id, Ticket.business_day == day,
               Ticket.status == TicketStatus.NO_SHOW)
        .order_by(Ticket.finished_at.desc(), Ticket.id.desc()).limit(NO_SHOW_LIMIT)).all()
    return tuple(NoShowLine(int(ticket_id), number, code, counter, at)
                 for ticket_id, number, code, counter, at in rows)
