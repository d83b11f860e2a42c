"""The dossier figures the wall, ``layso status`` and the console show, and where they come from.

One function, :func:`wall_figures`, gives them for a site at a moment; every screen calls it,
so they agree:

- **open now**: within time, overdue, and with no due date ("chưa có hạn", its own bucket,
  never "trong hạn");
- **this month's finished**: early, on time, late, and the on-time rate;
- **the source** (:class:`FigureSource`) and when it was brought up to date ("cập nhật lúc
  hh:mm"), marked stale when it is too old.

Sources, in order of precedence:

1. ``opencps``: the province's OpenCPS statistics service (``shared.province_source``), when
   ``[province] source = "opencps"`` made ``layso serve`` fetch it: the last good figures kept
   in ``province_figures``; stale when the last fetch failed or is older than three fetch
   intervals.
2. ``import``: LấySố's dossiers including the province's exported list
   (``shared.dossier_import``): up to date as of the last import; stale after
   ``[province] stale_minutes`` (25 hours by default: a daily export).
3. ``local``: only the dossiers received at this center's counters; "cập nhật lúc" is the
   last change to them (the newest ``dossier.*`` event).

In cases 2 and 3 the numbers are the report buckets of ``shared.reports.dossier_report`` over
every dossier of the site, whatever its origin, for the current month, open ones as of now:
exactly what ``layso report <this month>`` gives at the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from shared.clock import LOCAL_TZ, business_day, local
from shared.db.database import Database
from shared.lookups import get_site
from shared.models import DossierImport, Event, ProvinceFigures
from shared.reports import Buckets, dossier_report

#: An import older than this is marked stale unless the caller says otherwise (25 hours).
DEFAULT_STALE_MINUTES = 25 * 60

#: source kind → (Vietnamese, English) name as the screens show it
SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "local": ("Hồ sơ tiếp nhận tại trung tâm", "Dossiers received at this center"),
    "import": ("Hệ thống một cửa tỉnh (tệp nhập)", "Provincial one-stop system (imported list)"),
    "opencps": ("Hệ thống một cửa tỉnh (OpenCPS)", "Provincial one-stop system (OpenCPS)"),
}


@dataclass(frozen=True)
class FigureSource:
    """Where dossier figures come from and when they were last brought up to date."""

    kind: str = "local"
    updated_at: datetime | None = None
    stale: bool = False
    #: after this moment the figures are stale even if nothing else happens (None: never)
    stale_after: datetime | None = None
    #: the reason the last fetch failed ("" when it did not)
    error: str = ""

    def name(self, language: str = "vi") -> str:
        vi, en = SOURCE_NAMES.get(self.kind, (self.kind, self.kind))
        return en if language == "en" else vi

    def is_stale(self, now: datetime) -> bool:
        return self.stale or (self.stale_after is not None and now > self.stale_after)

    def updated_text(self, language: str = "vi") -> str:
        """"cập nhật lúc 14:05" (or "… 14:05 03/12" when not today's), "" without a time."""
        if self.updated_at is None:
            return ""
        moment = local(self.updated_at)
        shown = f"{moment:%H:%M}"
        if moment.date() != datetime.now(LOCAL_TZ).date():
            shown += f" {moment:%d/%m}"
        return f"updated {shown}" if language == "en" else f"cập nhật lúc {shown}"

    def text(self, language: str = "vi") -> str:
        """"Nguồn: Hệ thống một cửa tỉnh (tệp nhập) · cập nhật lúc 14:05"."""
        label = "Source" if language == "en" else "Nguồn"
        updated = self.updated_text(language)
        return f"{label}: {self.name(language)}" + (f" · {updated}" if updated else "")

    def as_dict(self, now: datetime | None = None) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name("vi"), "name_en": self.name("en"),
                "updated_at": _iso(self.updated_at),
                "stale": self.is_stale(now) if now is not None else self.stale,
                "stale_after": _iso(self.stale_after),
                "error": self.error}


@dataclass(frozen=True)
class DossierFigures:
    """The published dossier figures: open now, and this month's finished ones."""

    open_within_time: int = 0
    open_overdue: int = 0
    finished_early: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    on_time_rate: float | None = None
    #: open with no due date ("chưa có hạn"): neither within time nor overdue; None when the
    #: source does not say (OpenCPS's statistics have no such count)
    open_no_deadline: int | None = 0
    source: FigureSource = field(default_factory=FigureSource)

    @classmethod
    def from_buckets(cls, buckets: Buckets,
                     source: FigureSource | None = None) -> DossierFigures:
        return cls(buckets.open_within_time, buckets.open_overdue, buckets.finished_early,
                   buckets.finished_on_time, buckets.finished_late, buckets.on_time_rate,
                   buckets.open_no_deadline, source or FigureSource())

    def as_dict(self, now: datetime | None = None) -> dict[str, Any]:
        return {"open_within_time": self.open_within_time, "open_overdue": self.open_overdue,
                "open_no_deadline": self.open_no_deadline,
                "finished_early": self.finished_early,
                "finished_on_time": self.finished_on_time,
                "finished_late": self.finished_late, "on_time_rate": self.on_time_rate,
                "source": self.source.as_dict(now)}


def month_bounds_of(moment: datetime) -> tuple[datetime, datetime]:
    """Local midnight of the first day of ``moment``'s month, and of the next month's."""
    day = business_day(moment).replace(day=1)
    start = datetime.combine(day, time(0), LOCAL_TZ)
    after = (day + timedelta(days=32)).replace(day=1)
    return start, datetime.combine(after, time(0), LOCAL_TZ)


def database_source(db: Database, site: str, now: datetime,
                    stale_minutes: int = DEFAULT_STALE_MINUTES) -> FigureSource:
    """The source of figures computed from the dossiers: ``import`` as of the last import of
    the province's list when there was one, else ``local`` as of ``now``."""
    with db.reading() as session:
        site_id = get_site(session, site).id
        last = session.scalar(select(func.max(DossierImport.imported_at)).where(
            DossierImport.site_id == site_id, DossierImport.created + DossierImport.updated
            + DossierImport.unchanged > 0))
        if last is None:  # the last change to this center's own dossiers
            changed = session.scalar(select(func.max(Event.at)).where(
                Event.site_id == site_id, Event.kind.like("dossier.%")))
    if last is None:
        return FigureSource("local", changed)
    stale_after = last + timedelta(minutes=stale_minutes)
    return FigureSource("import", last, stale=now > stale_after, stale_after=stale_after)


def province_figures(db: Database, site: str, now: datetime) -> DossierFigures | None:
    """The last figures fetched from the province's statistics service, or None when none
    were ever fetched for ``site``."""
    with db.reading() as session:
        site_id = get_site(session, site).id
        row = session.get(ProvinceFigures, site_id)
        if row is None or row.fetched_at is None:
            return None
        data, fetched, error = dict(row.figures or {}), row.fetched_at, row.error
    interval = _int(data.get("interval_minutes")) or 15
    stale_after = fetched + timedelta(minutes=3 * interval)
    judged = sum(_int(data.get(key)) for key in ("betimes", "ontime", "overtime"))
    rate = None if judged == 0 else (_int(data.get("betimes")) + _int(data.get("ontime"))) / judged
    source = FigureSource("opencps", fetched, stale=bool(error) or now > stale_after,
                          stale_after=stale_after, error=error)
    return DossierFigures(
        open_within_time=_int(data.get("undue")), open_overdue=_int(data.get("overdue")),
        finished_early=_int(data.get("betimes")), finished_on_time=_int(data.get("ontime")),
        finished_late=_int(data.get("overtime")), on_time_rate=rate,
        open_no_deadline=None, source=source)


def wall_figures(db: Database, site: str, now: datetime | None = None,
                 stale_minutes: int = DEFAULT_STALE_MINUTES) -> DossierFigures:
    """The dossier figures of ``site`` at ``now`` (default: the database clock), with their
    source: the province's statistics when fetched, else this month's report buckets."""
    if now is None:
        with db.reading() as session:
            now = db.now(session)
    fetched = province_figures(db, site, now)
    if fetched is not None:
        return fetched
    start, end = month_bounds_of(now)
    report = dossier_report(db, site, start, end, as_of=now)
    return DossierFigures.from_buckets(report.total,
                                       database_source(db, site, now, stale_minutes))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else local(moment).isoformat()


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return 0
