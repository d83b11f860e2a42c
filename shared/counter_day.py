"""A counter's services for the rest of the day: a supervisor's change that ends by itself.

On a busy morning a supervisor sends a counter to help with another service "for today". The
change is stored with its business day (``counter_day_services``); on that day it replaces the
counter's usual services, in its order, in the queue's call statements (``queue_sql._served``);
the next day the date no longer matches, so the usual list (``counter_services``, set on the
counters page or with ``layso counter services``) applies again with nothing to undo.

    day = CounterDayServices(db, actor="quan")
    day.set_today("HQ", 2, ["DD", "CT"])   # counter 2 serves Đất đai first, today only
    day.today("HQ")                        # {2: ("DD", "CT")}
    day.clear_today("HQ", 2)               # back to its usual services now

Each change is a ``config.changed`` event (``change = "counter.services_today"``, before,
after, who) carrying the counter's id, so the counter's window, the live page and the wall
hear of it at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.center import counter_services
from shared.clock import business_day
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.events import EventKind, record
from shared.lookups import get_counter, get_service, get_site
from shared.models import Counter, CounterDayService, Service

CHANGE = "counter.services_today"


@dataclass(frozen=True)
class DayServices:
    """A counter's services on one day: ``today`` (the day's own list, or None: its usual
    one applies) and ``usual`` (its set-up), both as service codes in order."""

    counter: int
    day: date
    usual: tuple[str, ...]
    today: tuple[str, ...] | None

    @property
    def in_force(self) -> tuple[str, ...]:
        """What the counter serves on ``day``."""
        return self.today if self.today is not None else self.usual


def day_services(session: Session, counter_ids: Sequence[int],
                 day: date) -> dict[int, tuple[str, ...]]:
    """The day's own service lists of those counters that have one, by counter id."""
    if not counter_ids:
        return {}
    found: dict[int, list[str]] = {}
    for counter_id, code in session.execute(
            select(CounterDayService.counter_id, Service.code)
            .join(Service, Service.id == CounterDayService.service_id)
            .where(CounterDayService.counter_id.in_(counter_ids),
                   CounterDayService.business_day == day)
            .order_by(CounterDayService.counter_id, CounterDayService.position)):
        found.setdefault(counter_id, []).append(code)
    return {counter_id: tuple(codes) for counter_id, codes in found.items()}


class CounterDayServices:
    """Set, clear and read the services counters serve today (``actor`` names who)."""

    def __init__(self, db: Database, *, actor: str = "") -> None:
        self.db = db
        self.actor = actor

    def set_today(self, site: str, number: int, services: Sequence[str]) -> DayServices:
        """Counter ``number`` serves ``services`` (codes, in order) for the rest of today;
        its usual list is kept for tomorrow. The same list as its usual one clears the day's."""
        codes = list(dict.fromkeys(code.strip() for code in services if code.strip()))
        if not codes:
            raise InvalidOperation("Hãy chọn ít nhất một dịch vụ cho quầy.",
                                   "Choose at least one service for the counter.")
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            counter = get_counter(session, site_row, number)
            chosen = [get_service(session, site_row, code) for code in codes]
            day = business_day(self.db.now(session))
            before = self._read(session, counter, day)
            self._drop(session, counter.id, day)
            if tuple(codes) != before.usual:
                for position, service in enumerate(chosen):
                    session.add(CounterDayService(counter_id=counter.id, business_day=day,
                                                  service_id=service.id, position=position))
                session.flush()
            after = self._read(session, counter, day)
            self._record(session, site_row.id, counter, before, after)
            return after

    def clear_today(self, site: str, number: int) -> DayServices:
        """Counter ``number`` goes back to its usual services now."""
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            counter = get_counter(session, site_row, number)
            day = business_day(self.db.now(session))
            before = self._read(session, counter, day)
            self._drop(session, counter.id, day)
            after = self._read(session, counter, day)
            self._record(session, site_row.id, counter, before, after)
            return after

    def counter(self, site: str, number: int) -> DayServices:
        with self.db.reading() as session:
            counter = get_counter(session, get_site(session, site), number)
            return self._read(session, counter, business_day(self.db.now(session)))

    def for_counter_id(self, counter_id: int) -> tuple[str, ...] | None:
        """Today's own services of a counter, or None when its usual ones apply."""
        with self.db.reading() as session:
            day = business_day(self.db.now(session))
            return day_services(session, [counter_id], day).get(counter_id)

    def today(self, site: str) -> dict[int, tuple[str, ...]]:
        """Today's own services of the site's counters that have one, by counter number."""
        with self.db.reading() as session:
            site_row = get_site(session, site)
            numbers: dict[int, int] = {counter_id: number for counter_id, number in
                                       session.execute(select(Counter.id, Counter.number).where(
                                           Counter.site_id == site_row.id))}
            day = business_day(self.db.now(session))
            return {numbers[counter_id]: codes for counter_id, codes in
                    day_services(session, list(numbers), day).items()}

    # -- inside a transaction -------------------------------------------------------------------
    @staticmethod
    def _read(session: Session, counter: Counter, day: date) -> DayServices:
        usual = tuple(service.code for service in counter_services(session, counter.id))
        return DayServices(counter.number, day, usual,
                           day_services(session, [counter.id], day).get(counter.id))

    @staticmethod
    def _drop(session: Session, counter_id: int, day: date) -> None:
        """The counter's own lists of ``day`` and of every day before it (past ones are
        dead rows: dropped whenever the counter is changed again)."""
        session.execute(delete(CounterDayService).where(
            CounterDayService.counter_id == counter_id, CounterDayService.business_day <= day))

    def _record(self, session: Session, site_id: int, counter: Counter, before: DayServices,
                after: DayServices) -> None:
        if before.today == after.today:
            return
        record(session, EventKind.CONFIG_CHANGED, self.db.now(session), site_id=site_id,
               counter_id=counter.id, change=CHANGE, counter=counter.number,
               day=after.day.isoformat(),
               before=None if before.today is None else list(before.today),
               after=None if after.today is None else list(after.today),
               usual=list(after.usual), by=self.actor)
