"""The report buckets of DOMAIN.md, computed in ONE place for the display, the CLI and reports.

For a site, a period ``[start, end)`` and a moment ``as_of`` (default: the end of the period,
or now if that is earlier):

- ``received``: dossiers received in the period.
- Finished in the period (``resolved_at`` in it), classified by ``finish_bucket``:
  **early** ("trước hạn") when finished on a local calendar day before the due date's day;
  **on time** ("đúng hạn") when finished on the due date's day, at or before the due moment;
  **late** ("quá hạn") when finished after the due moment; **no deadline** when the
  procedure's time limit is unknown (counted neither late nor early).
- Open at ``as_of`` (received by then, not resolved, refused or stopped by then):
  **within time** ("đang giải quyết trong hạn") when ``as_of`` ≤ the due moment or the due
  date is unknown, else **overdue** ("đang giải quyết quá hạn"). A dossier waiting for a
  supplement is still open.
- ``supplement_requested`` and ``refused``: dossiers with such an event in the period;
  ``returned``: results handed over in the period (``returned_at``).
- Everything per channel too (in person, online, post).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import or_, select

from shared.clock import business_day
from shared.db.database import Database
from shared.errors import NotFound
from shared.events import EventKind
from shared.models import Channel, Dossier, DossierStatus, Event, Site


class Finish(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    NO_DEADLINE = "no_deadline"


def finish_bucket(resolved_at: datetime, due_at: datetime | None) -> Finish:
    """Early / on time / late by the rule above (local dates in Asia/Ho_Chi_Minh)."""
    if due_at is None:
        return Finish.NO_DEADLINE
    if resolved_at > due_at:
        return Finish.LATE
    if business_day(resolved_at) < business_day(due_at):
        return Finish.EARLY
    return Finish.ON_TIME


@dataclass(frozen=True)
class Buckets:
    received: int = 0
    finished_early: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    finished_no_deadline: int = 0
    open_within_time: int = 0
    open_overdue: int = 0
    supplement_requested: int = 0
    refused: int = 0
    returned: int = 0

    @property
    def finished(self) -> int:
        return (self.finished_early + self.finished_on_time + self.finished_late
                + self.finished_no_deadline)

    @property
    def on_time_rate(self) -> float | None:
        """Share of finished dossiers with a deadline that were early or on time."""
        judged = self.finished_early + self.finished_on_time + self.finished_late
        return None if judged == 0 else (self.finished_early + self.finished_on_time) / judged

    def plus(self, name: str) -> Buckets:
        return replace(self, **{name: getattr(self, name) + 1})

    def as_dict(self) -> dict[str, int | float | None]:
        data: dict[str, int | float | None] = {f.name: getattr(self, f.name)
                                               for f in fields(self)}
        data["finished"] = self.finished
        data["on_time_rate"] = self.on_time_rate
        return data


@dataclass(frozen=True)
class DossierReport:
    site_code: str
    start: datetime
    end: datetime
    as_of: datetime
    total: Buckets
    by_channel: dict[Channel, Buckets] = field(default_factory=dict)


def dossier_report(db: Database, site: str, start: datetime, end: datetime,
                   as_of: datetime | None = None) -> DossierReport:
    """The report buckets of ``site`` for ``[start, end)``, open dossiers as of ``as_of``."""
    with db.reading() as s:
        site_row = s.scalar(select(Site).filter_by(code=site))
        if site_row is None:
            raise NotFound(f"Không tìm thấy điểm phục vụ “{site}”.", f"Site “{site}” not found.")
        moment = as_of or min(end, db.now(s))
        rows = list(s.scalars(select(Dossier).where(
            Dossier.site_id == site_row.id,
            Dossier.received_at <= max(end, moment),
            or_(Dossier.resolved_at.is_(None), Dossier.resolved_at >= start,
                Dossier.returned_at >= start))))
        events = s.execute(select(Event.kind, Event.at, Event.dossier_id).where(
            Event.site_id == site_row.id,
            Event.kind.in_([EventKind.DOSSIER_SUPPLEMENT, EventKind.DOSSIER_REFUSED]),
            Event.at < max(end, moment))).all()
    by_id = {row.id: row for row in rows}
    closed_by_moment = {dossier_id for kind, at, dossier_id in events
                        if kind == EventKind.DOSSIER_REFUSED and at <= moment}
    counts: dict[Channel, Buckets] = {channel: Buckets() for channel in Channel}

    def bump(dossier: Dossier, name: str) -> None:
        channel = Channel(dossier.channel)
        counts[channel] = counts[channel].plus(name)

    for row in rows:
        if start <= row.received_at < end:
            bump(row, "received")
        if row.resolved_at is not None and start <= row.resolved_at < end:
            bump(row, f"finished_{finish_bucket(row.resolved_at, row.due_at)}")
        if row.returned_at is not None and start <= row.returned_at < end:
            bump(row, "returned")
        still_open = (row.received_at <= moment
                      and (row.resolved_at is None or row.resolved_at > moment)
                      and row.id not in closed_by_moment
                      and row.status != DossierStatus.STOPPED)
        if still_open:
            overdue = row.due_at is not None and moment > row.due_at
            bump(row, "open_overdue" if overdue else "open_within_time")
    for name, kind in (("supplement_requested", EventKind.DOSSIER_SUPPLEMENT),
                       ("refused", EventKind.DOSSIER_REFUSED)):
        ids = {dossier_id for event_kind, at, dossier_id in events
               if event_kind == kind and start <= at < end and dossier_id in by_id}
        for dossier_id in ids:
            bump(by_id[dossier_id], name)
    total = Buckets(**{f.name: sum(getattr(b, f.name) for b in counts.values())
                       for f in fields(Buckets)})
    return DossierReport(site_code=site, start=start, end=end, as_of=moment, total=total,
                         by_channel=counts)
