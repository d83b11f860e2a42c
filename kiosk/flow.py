"""What the kiosk asks of the core, in one place (no Qt): services, tickets, catalog, dossiers.

Every method calls a public service of ``shared/`` and returns its frozen views; errors are
the core's LaysoErrors (DatabaseUnavailable when the database is gone), which the window shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from kiosk.hours import OpeningHours, OpenState
from shared.calendar_settings import calendar_settings
from shared.catalog import CatalogService, FieldCount, ProcedureView
from shared.center import CenterService
from shared.center_settings import CenterSettingsService
from shared.clock import LOCAL_TZ
from shared.config import Settings
from shared.db.database import Database
from shared.dossier_lookup import find_dossier
from shared.dossier_views import DossierStatusView
from shared.dossiers import DossierService
from shared.errors import InvalidOperation, NotFound
from shared.models import Priority
from shared.printing.from_views import counters_serving
from shared.queue import QueueService
from shared.views import QueueSummary, ServiceView, SiteView, TicketView

log = logging.getLogger(__name__)

Now = Callable[[], datetime]


def system_now() -> datetime:
    """This PC's clock in the centers' time zone (what the kiosk shows)."""
    return datetime.now(LOCAL_TZ)


class KioskFlow:
    """The kiosk's view of one site of the database."""

    def __init__(self, db: Database, settings: Settings, now: Now = system_now) -> None:
        self.db = db
        self.settings = settings
        self.now = now
        self.queue = QueueService(db, settings.queue)
        self.center = CenterService(db)
        self.catalog = CatalogService(db)
        self.dossiers = DossierService(db, calendar_settings(settings))
        self.site: SiteView | None = None
        self.services: list[ServiceView] = []
        self.hours: OpeningHours | None = None
        self._sold_out: dict[str, date] = {}

    # -- loading ----------------------------------------------------------------------------
    def load(self) -> None:
        """Read the site, its services, the calendar and the catalog index (once, and after
        the database comes back)."""
        self.site = self._choose_site()
        self.services = self.center.services(self.site.code)
        self.reload_hours()
        self.catalog.refresh()

    def reload_hours(self) -> None:
        """Read the opening hours again: the center's (set from the console, re-read on
        ``config.changed``), else this PC's file; with the calendar's days off."""
        hours = CenterSettingsService(self.db).hours(self.site_code, self.settings)
        self.dossiers = DossierService(self.db, calendar_settings(self.settings, hours))
        self.hours = OpeningHours.of(hours, self.dossiers.calendar_for(self.site_code),
                                     self.settings.kiosk.open_on_days_off)

    def _choose_site(self) -> SiteView:
        if self.settings.site:
            return self.center.site(self.settings.site)
        sites = self.center.sites()
        if not sites:
            raise NotFound("Chưa có cơ sở nào trong cơ sở dữ liệu.",
                           "There is no site in the database yet.")
        if len(sites) > 1:
            log.info("several sites and no LAYSO_SITE: the kiosk serves %s", sites[0].code)
        return sites[0]

    @property
    def site_code(self) -> str:
        assert self.site is not None, "load() first"
        return self.site.code

    def center_name(self) -> str:
        """The name over the kiosk: the configured one, else the site's."""
        if self.settings.kiosk.center_name:
            return self.settings.kiosk.center_name
        return self.site.name if self.site is not None else ""

    def probe(self) -> bool:
        """True when the database answers (a quick read); raises DatabaseUnavailable if not."""
        self.center.sites()
        return True

    # -- queue --------------------------------------------------------------------------------
    def open_state(self) -> OpenState:
        assert self.hours is not None, "load() first"
        return self.hours.state(self.now())

    def issue(self, service_code: str, priority: Priority = Priority.NONE) -> TicketView:
        """Take a number (InvalidOperation with a kind message when the daily cap is reached;
        the service is then remembered as sold out for the day, see :meth:`sold_out`)."""
        try:
            return self.queue.issue_ticket(self.site_code, service_code, priority)
        except InvalidOperation:
            service = self.service(service_code)
            if service is not None and service.daily_cap is not None:
                log.info("service %s reached its daily cap of %d", service_code,
                         service.daily_cap)
                self._sold_out[service_code] = self.now().date()
            raise

    def sold_out(self, summary: QueueSummary | None = None) -> set[str]:
        """The services whose daily cap is reached: those that refused a number here today,
        and those ``summary`` (read through :meth:`summary`) says have issued their cap at any
        kiosk."""
        today = self.now().date()
        self._sold_out = {code: day for code, day in self._sold_out.items() if day == today}
        return set(self._sold_out) | set(summary.sold_out if summary else ())

    def summary(self) -> QueueSummary:
        """Today's waiting counts per service and the services sold out, right now."""
        return self.queue.summary(self.site_code)

    def counters_serving(self, service_code: str) -> list[int]:
        """The numbers of the counters in use that serve ``service_code`` ("Quầy 1, 2"), as
        the reprint's (``layso ticket print``)."""
        return list(counters_serving(self.center.counters(self.site_code), service_code))

    def next_issue_day(self) -> datetime | None:
        """The first moment numbers are issued on a day after today (a sold-out service's
        "come back on …"), or None when none is found within the calendar's reach."""
        assert self.hours is not None, "load() first"
        today = self.now().astimezone(self.hours.calendar.tz).date()
        for offset in range(1, 60):
            windows = self.hours.windows(today + timedelta(days=offset))
            if windows:
                return windows[0][0]
        return None

    def service(self, code: str) -> ServiceView | None:
        return next((service for service in self.services if service.code == code), None)

    # -- catalog ------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 30) -> list[ProcedureView]:
        return self.catalog.search(query, limit)

    def fields(self) -> list[FieldCount]:
        return self.catalog.fields()

    def by_field(self, field: str) -> list[ProcedureView]:
        return self.catalog.by_field(field)

    def procedure(self, code: str) -> ProcedureView:
        return self.catalog.get(code)

    def service_for_procedure(self, code: str) -> ServiceView | None:
        return self.catalog.service_for_procedure(self.site_code, code)

    # -- dossiers -----------------------------------------------------------------------------
    def dossier(self, code: str) -> DossierStatusView:
        """The public status of a dossier found by its code or the end of it, imported ones
        too (NotFound with the code in the message; ``Ambiguous`` when several end so)."""
        return find_dossier(self.db, self.site_code, normalize_dossier_code(code))


def normalize_dossier_code(text: str) -> str:
    """A typed or scanned dossier code cleaned up: spaces gone, upper case; a scanned URL
    keeps only its last part (``…?ma_ho_so=CODE`` or ``…/CODE``)."""
    code = "".join(text.split())
    if "=" in code:
        code = code.rsplit("=", 1)[1]
    elif "/" in code:
        code = code.rstrip("/").rsplit("/", 1)[1]
    return code.upper()
