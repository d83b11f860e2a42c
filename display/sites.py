"""Which site the board shows: the ``--site`` option, else the config's, else the only/first
site; a clear message (not a traceback) when the database has no site at all."""

from __future__ import annotations

from shared.center import CenterService
from shared.config import Settings
from shared.db.database import Database
from shared.errors import LaysoError
from shared.i18n import tr


def choose_site(db: Database, settings: Settings, chosen: str | None = None) -> str:
    """The site code to show; the code is checked (NotFound names an unknown one)."""
    center = CenterService(db)
    code = chosen or settings.site
    if code:
        return center.site(code).code
    sites = center.sites()
    if not sites:
        raise LaysoError(tr("display.no_site", "vi"), tr("display.no_site", "en"))
    return sites[0].code
