"""Is the center ready to issue a number? The first-run wizard's checklist."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from shared.db.database import Database
from shared.models import Clerk, Counter, CounterService, Procedure, Role, Service, Site


@dataclass(frozen=True)
class Readiness:
    sites: int
    services: int
    counters_serving: int
    desk_clerks: int
    procedures: int

    @property
    def can_issue(self) -> bool:
        """A kiosk can issue a number: a site with an active service that an active counter
        serves, and a clerk to log in at a desk."""
        return bool(self.sites and self.services and self.counters_serving
                    and self.desk_clerks)


def readiness(db: Database) -> Readiness:
    with db.reading() as session:
        def count(query: object) -> int:
            return int(session.scalar(query) or 0)  # type: ignore[call-overload]

        return Readiness(
            sites=count(select(func.count()).select_from(Site).where(Site.active.is_(True))),
            services=count(select(func.count()).select_from(Service)
                           .where(Service.active.is_(True))),
            counters_serving=count(
                select(func.count(func.distinct(Counter.id)))
                .join(CounterService, CounterService.counter_id == Counter.id)
                .join(Service, Service.id == CounterService.service_id)
                .where(Counter.active.is_(True), Service.active.is_(True))),
            desk_clerks=count(select(func.count()).select_from(Clerk).where(
                Clerk.active.is_(True), Clerk.role == Role.CLERK)),
            procedures=count(select(func.count()).select_from(Procedure)),
        )
