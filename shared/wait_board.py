"""The current wait per service, as the wall shows it beside the waiting count: the estimate a
ticket issued now would get (``shared.wait_estimate``, the same inputs and projection as
``QueueService.issue_ticket``), and how the wall says it ("~15 phút", "Sắp đến lượt").

A ticket that is not issued is described by ``wait_reads.WaitingTicket``: queued now, an id
above every real one, ordinary (what most citizens take). It is not in the database, so the
queue counts are those it would join; the projection counts it as the last of its queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shared import wait_reads
from shared.clock import business_day
from shared.config import QueueSettings
from shared.db.database import Database
from shared.i18n import tr
from shared.lookups import get_site
from shared.models import Priority, Service
from shared.wait_estimate import SOON_MINUTES, WaitEstimate, estimate_wait

#: The id of the ticket not issued: above every real one (the ties of the people-ahead
#: condition, tickets queued the same instant, count as ahead of it).
NEW_TICKET_ID = 2**31 - 1


def service_waits(db: Database, site: str, settings: QueueSettings,
                  stats_cache: wait_reads.StatsCache | None = None
                  ) -> dict[str, WaitEstimate | None]:
    """Per service code of ``site`` (active services): the wait estimate of an ordinary
    ticket issued now, None while no counter for it is open or on break. Two small reads per
    service and the statistics once (``stats_cache`` keeps them ``STATS_FRESH``)."""
    waits: dict[str, WaitEstimate | None] = {}
    with db.reading() as session:
        site_row = get_site(session, site)
        now = db.now(session)
        day = business_day(now)
        rows = session.execute(select(Service.id, Service.code).where(
            Service.site_id == site_row.id, Service.active.is_(True))).all()
        for service_id, code in rows:
            ticket = wait_reads.WaitingTicket(NEW_TICKET_ID, site_row.id, service_id, day, now,
                                               Priority.NONE)
            _, inputs = wait_reads.wait_inputs(session, ticket, now, settings, stats_cache)
            waits[code] = estimate_wait(inputs)
    return waits


@dataclass(frozen=True)
class ServiceWait:
    """How the wall says a service's current wait: ``kind`` "soon" (under ``SOON_MINUTES``),
    "minutes" (about ``minutes``) or "none" (no counter for it open: nothing is shown)."""

    kind: str
    minutes: int = 0


def service_wait(estimate: WaitEstimate | None) -> ServiceWait:
    """The central estimate, not the range: a wall is read in a glance from across the hall."""
    if estimate is None:
        return ServiceWait("none")
    if estimate.minutes < SOON_MINUTES:
        return ServiceWait("soon")
    return ServiceWait("minutes", estimate.minutes)


def wait_text(wait: ServiceWait, language: str) -> str:
    """"~15 phút", "Sắp đến lượt", or "" (no counter open for the service)."""
    if wait.kind == "soon":
        return tr("display.wait_soon", language)
    if wait.kind == "minutes":
        return tr("display.wait_minutes", language, minutes=wait.minutes)
    return ""
