"""The manager's report for a period (a month, a quarter): what the centers publish.

One call gathers the three things a center reports every quarter:

- dossiers: the report buckets of :func:`shared.reports.dossier_report` (received by channel,
  carried over from the previous period, finished early / on time / late, open within time /
  overdue, withdrawn, the on-time rate; per field and per online level too), and the same
  buckets month by month (``months``: the on-time rate of each month of the period);
- the queue: visitors (numbers issued), served, no-shows, how long people waited before being
  called and how long a service took (median and 90th percentile), per service, the median wait
  per hour of the day (per service too), and the busiest hours of the day, for staffing;
- satisfaction: ratings per counter and clerk and the share satisfied
  (:meth:`shared.ratings.RatingService.summary`).

Periods are in local time: ``quarter_bounds(2026, 4)`` is 1 October 00:00 to 1 January 00:00.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select

from shared.clock import LOCAL_TZ, local
from shared.db.database import Database
from shared.dossier_figures import (
    DEFAULT_STALE_MINUTES,
    DossierFigures,
    FigureSource,
    database_source,
    province_figures,
)
from shared.errors import InvalidOperation
from shared.lookups import get_site
from shared.models import Service, Ticket, TicketStatus
from shared.ratings import RatingService, RatingSummary
from shared.reports import Buckets, DossierReport, dossier_report

_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    """Local midnight of the quarter's first day, and of the next quarter's."""
    first = date(year, 3 * quarter - 2, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return _midnight(first), _midnight(after)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return _midnight(date(year, month, 1)), _midnight(after)


def parse_period(text: str) -> tuple[datetime, datetime]:
    """``2026-Q4`` (or ``2026Q4``) → the quarter; ``2026-11`` → the month."""
    text = text.strip()
    if found := _QUARTER.match(text):
        return quarter_bounds(int(found[1]), int(found[2]))
    if (found := _MONTH.match(text)) and 1 <= int(found[2]) <= 12:
        return month_bounds(int(found[1]), int(found[2]))
    raise InvalidOperation(
        f"Kỳ báo cáo {text!r} không hợp lệ: dùng dạng 2026-Q4 (quý) hoặc 2026-11 (tháng).",
        f"Invalid period {text!r}: use 2026-Q4 (a quarter) or 2026-11 (a month).")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TZ)


@dataclass(frozen=True)
class Durations:
    """Minutes: how many were measured, the median and the 90th percentile (None if none)."""

    count: int = 0
    median: float | None = None
    p90: float | None = None

    @classmethod
    def of(cls, minutes: list[float]) -> Durations:
        if not minutes:
            return cls()
        ordered = sorted(minutes)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        return cls(len(ordered), round(statistics.median(ordered), 1), round(p90, 1))


@dataclass(frozen=True)
class ServiceFigures:
    """The queue of one service over the period."""

    code: str
    name: str
    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    priority: int = 0
    wait: Durations = Durations()
    service_time: Durations = Durations()
    #: local hour the number was issued → the median wait (minutes) of those called
    wait_by_hour: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueFigures:
    """All services together, each service, and tickets issued per local hour of the day."""

    total: ServiceFigures
    services: tuple[ServiceFigures, ...]
    issued_by_hour: dict[int, int] = field(default_factory=dict)

    @property
    def busiest_hours(self) -> list[int]:
        """The hours with the most numbers issued, busiest first (at most three)."""
        ranked = sorted(self.issued_by_hour.items(), key=lambda item: (-item[1], item[0]))
        return [hour for hour, count in ranked[:3] if count]


@dataclass(frozen=True)
class MonthFigures:
    """One month of the period (cut to the period): its dossier buckets."""

    start: datetime
    end: datetime
    dossiers: Buckets


@dataclass(frozen=True)
class PeriodReport:
    site_code: str
    start: datetime
    end: datetime
    dossiers: DossierReport
    queue: QueueFigures
    ratings: tuple[RatingSummary, ...]
    months: tuple[MonthFigures, ...] = ()
    #: where the headline dossier figures come from (this center's counters only, the
    #: province's imported list too, or the province's OpenCPS statistics) and when they were
    #: last brought up to date
    source: FigureSource = field(default_factory=FigureSource)
    #: the province's figures the wall shows (``[province] source = "opencps"``: this
    #: month's), for a report of a period still running: its headline, as on the board;
    #: None otherwise
    province: DossierFigures | None = None
    #: the source of ``dossiers`` (the dossiers in LấySố), when ``province`` heads the report
    local_source: FigureSource = field(default_factory=FigureSource)

    @property
    def ratings_total(self) -> int:
        return sum(summary.total for summary in self.ratings)

    @property
    def satisfied_percent(self) -> float | None:
        """The satisfied share of every rating of the period (None without ratings)."""
        total = self.ratings_total
        if not total:
            return None
        satisfied = sum(summary.satisfied_percent * summary.total for summary in self.ratings)
        return round(satisfied / total, 1)


def period_report(db: Database, site: str, start: datetime, end: datetime,
                  as_of: datetime | None = None, *,
                  stale_minutes: int = DEFAULT_STALE_MINUTES) -> PeriodReport:
    """The report of ``site`` for ``[start, end)``; open dossiers as of ``as_of`` (default:
    the end of the period, or now if it has not ended)."""
    if end <= start:
        raise InvalidOperation("Kỳ báo cáo phải kết thúc sau khi bắt đầu.",
                               "The period must end after it starts.")
    dossiers = dossier_report(db, site, start, end, as_of)
    local_source = database_source(db, site, dossiers.as_of, stale_minutes)
    # The board's figures are this month's from the province's statistics when they were
    # fetched: a report of a period still running (this month, this quarter) shows them as
    # its headline, as this month's (they agree with the board).
    province = None
    if start <= dossiers.as_of < end:
        province = province_figures(db, site, dossiers.as_of)
    return PeriodReport(
        site_code=site, start=start, end=end, dossiers=dossiers,
        queue=queue_figures(db, site, start, end),
        ratings=tuple(RatingService(db).summary(site, start, end)),
        months=month_figures(db, site, start, end, dossiers.as_of),
        source=province.source if province is not None else local_source,
        province=province, local_source=local_source)


def month_figures(db: Database, site: str, start: datetime, end: datetime,
                  as_of: datetime) -> tuple[MonthFigures, ...]:
    """The dossier buckets of each calendar month of ``[start, end)`` (the first and last cut
    to the period), open dossiers as of each month's end (or ``as_of`` if earlier)."""
    months = []
    month_start = start
    while month_start < end:
        day = local(month_start).date()
        month_end = min(end, month_bounds(day.year, day.month)[1])
        buckets = dossier_report(db, site, month_start, month_end,
                                 min(month_end, as_of)).total
        months.append(MonthFigures(month_start, month_end, buckets))
        month_start = month_end
    return tuple(months)


def queue_figures(db: Database, site: str, start: datetime, end: datetime) -> QueueFigures:
    """The queue figures of the tickets issued in ``[start, end)``."""
    with db.reading() as session:
        site_row = get_site(session, site)
        names = dict(session.execute(select(Service.code, Service.name).where(
            Service.site_id == site_row.id).order_by(Service.sort_order, Service.code)).all())
        rows = session.execute(
            select(Service.code, Ticket.status, Ticket.priority, Ticket.issued_at,
                   Ticket.first_called_at, Ticket.called_at, Ticket.finished_at)
            .join(Service, Service.id == Ticket.issued_service_id)
            .where(Ticket.site_id == site_row.id, Ticket.issued_at >= start,
                   Ticket.issued_at < end)).all()
    per_service: dict[str, _Tally] = {code: _Tally() for code in names}
    overall = _Tally()
    by_hour: Counter[int] = Counter()
    for code, status, priority, issued, first_called, called, finished in rows:
        hour = local(issued).hour
        by_hour[hour] += 1
        for tally in (per_service.setdefault(code, _Tally()), overall):
            tally.add(hour, status, priority, issued, first_called, called, finished)
    services = tuple(tally.figures(code, names.get(code, code))
                     for code, tally in per_service.items())
    return QueueFigures(overall.figures("", ""), services, dict(sorted(by_hour.items())))


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.waits: list[float] = []
        self.services: list[float] = []
        self.waits_by_hour: dict[int, list[float]] = {}

    def add(self, hour: int, status: Any, priority: Any, issued: datetime,
            first_called: datetime | None, called: datetime | None,
            finished: datetime | None) -> None:
        self.counts["issued"] += 1
        self.counts[str(status)] += 1
        if str(priority) != "none":
            self.counts["priority"] += 1
        if first_called is not None:
            wait = _minutes(issued, first_called)
            self.waits.append(wait)
            self.waits_by_hour.setdefault(hour, []).append(wait)
        if str(status) == TicketStatus.FINISHED and called is not None and finished is not None:
            self.services.append(_minutes(called, finished))

    def figures(self, code: str, name: str) -> ServiceFigures:
        counts = self.counts
        return ServiceFigures(
            code=code, name=name, issued=counts["issued"],
            served=counts[TicketStatus.FINISHED.value],
            no_show=counts[TicketStatus.NO_SHOW.value],
            cancelled=counts[TicketStatus.CANCELLED.value], priority=counts["priority"],
            wait=Durations.of(self.waits), service_time=Durations.of(self.services),
            wait_by_hour={hour: round(statistics.median(waits), 1)
                          for hour, waits in sorted(self.waits_by_hour.items())})


def _minutes(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 60)
