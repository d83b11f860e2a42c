"""A site's status right now: each counter's ticket, waiting and served per service, today's
dossier buckets, and the dossier figures the wall shows (``dossier_figures``: open within time
/ overdue / with no due date, this month's finished and on-time rate, their source and when it
was brought up to date, from ``shared.dossier_figures.wall_figures``, so the status and the
wall agree). What ``layso status --json`` prints and ``GET /api/v1/sites/{site}/status``
returns, computed once here."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from shared.clock import LOCAL_TZ, business_day
from shared.db.database import Database
from shared.dossier_figures import DEFAULT_STALE_MINUTES, wall_figures
from shared.queue import QueueService
from shared.reports import dossier_report


def site_status(db: Database, queue: QueueService, site: str,
                stale_minutes: int = DEFAULT_STALE_MINUTES) -> dict[str, Any]:
    """The status as JSON-ready data."""
    summary = queue.summary(site)
    with db.reading() as session:
        now = db.now(session)
    day_start = datetime.combine(business_day(now), time(0), LOCAL_TZ)
    report = dossier_report(db, site, day_start, day_start + timedelta(days=1), as_of=now)
    return {
        "site": site,
        "business_day": summary.business_day.isoformat(),
        "counters": [
            {"number": c.number, "name": c.name, "status": str(c.status),
             "clerk": c.clerk_name, "current": c.current.number if c.current else None,
             "service": c.current.service if c.current else None}
            for c in queue.counters(site)
        ],
        "waiting": summary.waiting,
        "served": summary.served,
        "no_show": summary.no_show,
        "dossiers_today": report.total.as_dict(),
        "dossier_figures": wall_figures(db, site, now, stale_minutes).as_dict(now),
    }
