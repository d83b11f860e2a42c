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
  **within time** ("đang giải quyết trong hạn") when ``as_of`` ≤ the due moment, **overdue**
  ("đang giải quyết quá hạn") after it, and **no due date** ("chưa có hạn") when the due date
  is unknown (no time limit in the catalog, or a province's row without one): never counted
  as within time. A dossier waiting for a supplement is still open.
- The due date that counts is the first one promised: a dossier given a new date with an
  apology (form 04, ``first_due_at`` keeps the first) and finished after its first due date
  is late, and open past it is overdue, as the province's figures count it; the new date is
  what the citizen is told. A supplement received restarts the count lawfully (the limit runs
  again from it) and clears the first date.
- Every dossier of the site counts, whatever its origin: received at a counter here, or
  imported from the province's list (``shared.dossier_import``).
- ``supplement_requested``, ``refused`` and ``withdrawn`` (the citizen withdrew it, "rút hồ
  sơ"): dossiers with such an event in the period; ``returned``: results handed over in the
  period (``returned_at``).
- ``carried_over`` ("kỳ trước chuyển qua"): received before the period and still open at its
  start (not resolved, refused, withdrawn or stopped before it), as the provincial report
  forms carry it; ``received + carried_over`` is what the period had to handle.
- Everything per channel too (in person, online, post), per field ("lĩnh vực", the
  procedure's in the catalog; "" when the procedure is not in it), and the online dossiers per
  online level: partly online ("một phần") or fully online ("toàn trình"), the level the
  catalog gives the procedure (``online_level``: "Toàn trình", "Một phần", or the former
  "mức độ 4" / "mức độ 3"), unknown when it gives none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Bundle

from shared.clock import business_day
from shared.db.database import Database
from shared.errors import NotFound
from shared.events import EventKind
from shared.models import Channel, Dossier, DossierStatus, Event, Procedure, Site
from shared.textfold import fold


class OnlineLevel(StrEnum):
    """How far an online dossier's procedure is offered online."""

    PARTLY = "partly"  # "một phần": some step (often the result) in person
    FULLY = "fully"  # "toàn trình": filed, paid and delivered online
    UNKNOWN = "unknown"  # the catalog does not say


@lru_cache(maxsize=256)
def online_level(text: str | None) -> OnlineLevel:
    """The catalog's ``online_level`` text → :class:`OnlineLevel` ("Toàn trình", "mức độ 4" →
    fully; "Một phần", "mức độ 3" → partly)."""
    folded = fold(text or "")
    if "toan trinh" in folded or folded in {"4", "muc do 4", "muc 4"}:
        return OnlineLevel.FULLY
    if "mot phan" in folded or folded in {"3", "muc do 3", "muc 3"}:
        return OnlineLevel.PARTLY
    return OnlineLevel.UNKNOWN


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
    #: open with no due date ("chưa có hạn"): neither within time nor overdue
    open_no_deadline: int = 0
    supplement_requested: int = 0
    refused: int = 0
    returned: int = 0
    carried_over: int = 0
    withdrawn: int = 0

    @property
    def finished(self) -> int:
        return (self.finished_early + self.finished_on_time + self.finished_late
                + self.finished_no_deadline)

    @property
    def open(self) -> int:
        return self.open_within_time + self.open_overdue + self.open_no_deadline

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
        data["open"] = self.open
        data["on_time_rate"] = self.on_time_rate
        return data

    @classmethod
    def of(cls, counts: Counter[str]) -> Buckets:
        return cls(**{f.name: counts[f.name] for f in fields(cls)})


@dataclass(frozen=True)
class DossierReport:
    site_code: str
    start: datetime
    end: datetime
    as_of: datetime
    total: Buckets
    by_channel: dict[Channel, Buckets] = field(default_factory=dict)
    #: field name ("" = a procedure not in the catalog) → its buckets, by name
    by_field: dict[str, Buckets] = field(default_factory=dict)
    #: the online channel's dossiers per online level
    by_online_level: dict[OnlineLevel, Buckets] = field(default_factory=dict)


def dossier_report(db: Database, site: str, start: datetime, end: datetime,
                   as_of: datetime | None = None) -> DossierReport:
    """The report buckets of ``site`` for ``[start, end)``, open dossiers as of ``as_of``."""
    with db.reading() as s:
        site_row = s.scalar(select(Site).filter_by(code=site))
        if site_row is None:
            raise NotFound(f"Không tìm thấy điểm phục vụ “{site}”.", f"Site “{site}” not found.")
        moment = as_of or min(end, db.now(s))
        rows = s.execute(
            # Only the columns the buckets need (no ORM objects: a quarter's thousands of
            # imported dossiers are read on every wall refresh).
            select(_Row, Procedure.field, Procedure.online_level)
            .outerjoin(Procedure, Procedure.code == Dossier.procedure_code)
            .where(Dossier.site_id == site_row.id,
                   Dossier.received_at <= max(end, moment),
                   or_(Dossier.resolved_at.is_(None), Dossier.resolved_at >= start,
                       Dossier.returned_at >= start))).all()
        events = s.execute(select(Event.kind, Event.at, Event.dossier_id).where(
            Event.site_id == site_row.id,
            Event.kind.in_(list(_EVENT_BUCKETS)),
            Event.at < max(end, moment))).all()
    closing = {EventKind.DOSSIER_REFUSED, EventKind.DOSSIER_WITHDRAWN}
    closed_by_moment = {dossier_id for kind, at, dossier_id in events
                        if kind in closing and at <= moment}
    closed_before_start = {dossier_id for kind, at, dossier_id in events
                           if kind in closing and at < start}
    per_dossier: dict[int, list[str]] = {}
    for kind, at, dossier_id in events:
        if start <= at < end and dossier_id is not None:
            names = per_dossier.setdefault(dossier_id, [])
            if _EVENT_BUCKETS[kind] not in names:
                names.append(_EVENT_BUCKETS[kind])

    channels: dict[Channel, Counter[str]] = {channel: Counter() for channel in Channel}
    fields_: dict[str, Counter[str]] = {}
    levels: dict[OnlineLevel, Counter[str]] = {level: Counter() for level in OnlineLevel}
    for row, field_name, level_text in rows:
        names = list(per_dossier.get(row.id, ()))
        if start <= row.received_at < end:
            names.append("received")
        elif (row.received_at < start
              and (row.resolved_at is None or row.resolved_at >= start)
              and row.id not in closed_before_start and row.status != DossierStatus.STOPPED):
            names.append("carried_over")
        counted_due = row.first_due_at or row.due_at
        if row.resolved_at is not None and start <= row.resolved_at < end:
            names.append(f"finished_{finish_bucket(row.resolved_at, counted_due)}")
        if row.returned_at is not None and start <= row.returned_at < end:
            names.append("returned")
        still_open = (row.received_at <= moment
                      and (row.resolved_at is None or row.resolved_at > moment)
                      and row.id not in closed_by_moment
                      and row.status != DossierStatus.STOPPED)
        if still_open:
            if counted_due is None:
                names.append("open_no_deadline")
            else:
                names.append("open_overdue" if moment > counted_due else "open_within_time")
        if not names:
            continue
        channel = Channel(row.channel)
        groups = [channels[channel], fields_.setdefault(field_name or row.field or "", Counter())]
        if channel is Channel.ONLINE:
            groups.append(levels[online_level(level_text)])
        for group in groups:
            group.update(names)
    total = Counter[str]()
    for counts in channels.values():
        total.update(counts)
    return DossierReport(
        site_code=site, start=start, end=end, as_of=moment, total=Buckets.of(total),
        by_channel={channel: Buckets.of(counts) for channel, counts in channels.items()},
        by_field={name: Buckets.of(fields_[name]) for name in sorted(fields_)},
        by_online_level={level: Buckets.of(counts) for level, counts in levels.items()})


_Row: Bundle[Any] = Bundle("dossier", Dossier.id, Dossier.received_at, Dossier.resolved_at,
              Dossier.returned_at, Dossier.due_at, Dossier.first_due_at, Dossier.status,
              Dossier.channel, Dossier.field)

#: the events counted as a bucket when they happen in the period
_EVENT_BUCKETS: dict[str, str] = {
    EventKind.DOSSIER_SUPPLEMENT: "supplement_requested",
    EventKind.DOSSIER_REFUSED: "refused",
    EventKind.DOSSIER_WITHDRAWN: "withdrawn",
}
