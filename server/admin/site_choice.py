"""The site a console page shows, and the sites it offers to choose from.

- The live and report pages (:func:`console_sites`, :func:`console_site`): a supervisor
  attached to a site sees only that site; an admin or a supervisor of no site chooses among
  all, starting from their own site if they have one.
- The set-up pages (:func:`setup_site`): every site, starting from the server's own.
"""

from __future__ import annotations

from fastapi import Request

from server.admin.sessions import AdminSession
from server.errors import ApiError
from server.state import server_state
from shared.center import CenterService
from shared.errors import NotFound
from shared.views import SiteView


def console_sites(request: Request, session: AdminSession) -> list[SiteView]:
    """The sites this account may see."""
    sites = CenterService(server_state(request).db).sites()
    if session.clerk.site_code and not session.is_admin:
        sites = [s for s in sites if s.code == session.clerk.site_code]
    return sites


def console_site(request: Request, session: AdminSession, code: str | None, *,
                 unseen: tuple[str, str]) -> SiteView:
    """The site asked for (or the account's, or the first), if this account may see it;
    else a 404 whose message ends with ``unseen`` (Vietnamese, English), the reason an
    existing site may be out of reach ("không giám sát cơ sở này", "not one you
    supervise")."""
    sites = console_sites(request, session)
    if not sites:
        raise ApiError(404, "no_site", "Chưa có cơ sở nào: hãy thiết lập trung tâm trước.",
                       "There is no site yet: set up the center first.")
    wanted = session.clerk.site_code if code is None else code
    for site in sites:
        if site.code == wanted:
            return site
    if code is None:
        return sites[0]
    raise ApiError(404, "not_found", f"Không có cơ sở mã {code!r} (hoặc bạn {unseen[0]}).",
                   f"No site {code!r} (or {unseen[1]}).")


def setup_site(request: Request, wanted: str | None = None
               ) -> tuple[list[SiteView], SiteView]:
    """The center's sites and the one a set-up page shows: ``wanted`` (a posted form's),
    else ``?site=``, else the server's own (``site`` setting), else the first. NotFound
    while the center has no site."""
    sites = CenterService(server_state(request).db).sites()
    if not sites:
        raise NotFound("Trung tâm chưa có cơ sở nào: hãy thêm cơ sở trước.",
                       "The center has no site yet: add one first.")
    wanted = wanted or request.query_params.get("site") or server_state(request).settings.site
    return sites, next((site for site in sites if site.code == wanted), sites[0])
