"""Everything a counter window needs, made once: the services on one database, the settings,
the site and the printer. Widgets get this and call its services (never a session)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.calendar_settings import calendar_settings
from shared.catalog import CatalogService
from shared.center import CenterService
from shared.center_settings import CenterSettingsService
from shared.clerks import ClerkService
from shared.config import Settings
from shared.db.database import Database
from shared.dossiers import DossierService
from shared.errors import NotFound
from shared.printing.service import PrintService
from shared.queue import QueueService
from shared.ratings import RatingService
from shared.views import SiteView


def site_code(db: Database, configured: str | None) -> str:
    """The configured site (checked to exist), else the database's first site; a database
    with no site at all is a clear error, not a crash."""
    return chosen_site(db, configured).code


def chosen_site(db: Database, configured: str | None) -> SiteView:
    """The site :func:`site_code` names, with its name and agency."""
    center = CenterService(db)
    if configured:
        return center.site(configured)
    sites = center.sites()
    if not sites:
        raise NotFound("Cơ sở dữ liệu chưa có điểm phục vụ nào (hãy chạy layso demo hoặc "
                       "layso site add).", "The database has no site yet (run layso demo or "
                       "layso site add).")
    return sites[0]


@dataclass
class CounterContext:
    db: Database
    settings: Settings
    site: str
    queue: QueueService
    clerks: ClerkService
    dossiers: DossierService
    catalog: CatalogService
    ratings: RatingService
    center: CenterService
    printing: PrintService
    #: The site's name (the window's title and log-in page), read with the rest: the window
    #: reads nothing on the GUI thread as it is built.
    site_name: str = ""

    @classmethod
    def create(cls, db: Database, settings: Settings, site: str | None = None,
               printing: PrintService | None = None) -> CounterContext:
        """The services for ``site`` (default: the configured one, else the first site).
        Reads the database: the app calls it off the GUI thread (counter/__main__.py)."""
        center = CenterService(db)
        chosen = chosen_site(db, site or settings.site)
        code = chosen.code
        calendar = calendar_settings(settings, CenterSettingsService(db).hours(code, settings))
        app = settings.counter_app
        return cls(
            db=db, settings=settings, site=code,
            queue=QueueService(db, settings.queue),
            clerks=ClerkService(db, lock_after=app.lock_after_failures,
                                lock_minutes=app.lock_minutes),
            dossiers=DossierService(db, calendar), catalog=CatalogService(db),
            ratings=RatingService(db, settings.rating), center=center,
            printing=printing or PrintService.from_settings(settings.printer),
            site_name=chosen.name)

    def reload_hours(self) -> None:
        """Due dates count the center's working sessions as they are now (after a change in
        the console: ``config.changed``)."""
        hours = CenterSettingsService(self.db).hours(self.site, self.settings)
        self.dossiers.base_calendar = calendar_settings(self.settings, hours)

    @property
    def language(self) -> str:
        return self.settings.language
