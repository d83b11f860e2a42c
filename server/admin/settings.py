"""``/admin/settings``: the settings that belong to the center, for administrators, per site.

- ``GET /admin/settings?site=CODE``: the priority policy, the wall's ticker lines and the
  rating scale (each either the center's, stored in the database, or each PC's layso.toml),
  and every service's daily cap;
- ``POST /admin/settings/center``: set or clear the center's settings
  (``CenterSettingsService.set``: checked, one ``config.changed`` event naming who);
- ``POST /admin/settings/caps``: the services' daily caps (``CenterService.set_service``);
- ``POST /admin/settings/hours``: the opening hours (``shared.center_hours``: weekday
  sessions, an optional Saturday, the kiosk's early start and last number), or back to each
  PC's file; each wrong value is explained next to its field;
- ``POST /admin/settings/dossier-codes``: may LấySố make local dossier codes at the site, or
  must the clerk type the province's (``shared.dossier_codes.set_local_codes``, as ``layso
  dossier local-codes on|off``: one ``config.changed`` event naming who, only on a change).

The queue reads the site's policy at each call, and the kiosk re-reads the hours on the
``config.changed`` event, so a change reaches every PC at once.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from server.admin.render import page
from server.admin.sessions import AdminFormSession, AdminOnlySession, AdminSession
from server.admin.setup_forms import PostedForm
from server.admin.site_choice import setup_site
from server.pages import language
from server.state import server_state
from shared.center import CenterService
from shared.center_hours import file_hours, parse_hours
from shared.center_settings import (
    SCALES,
    CenterSettingsService,
    clean_announcements,
)
from shared.dossier_codes import local_codes, set_local_codes
from shared.errors import InvalidOperation, LaysoError
from shared.site_policy import MAX_PRIORITY_EVERY, POLICIES
from shared.views import SiteView

router = APIRouter(prefix="/admin/settings", include_in_schema=False)

#: How many numbers a service may issue in a day, at most (a typo guard).
MAX_DAILY_CAP = 9999


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@router.get("")
def settings_page(request: Request, session: AdminOnlySession) -> Response:
    sites, site = setup_site(request)
    done = request.query_params.get("done")
    en = language(request) == "en"
    notice = ""
    if done in ("center", "caps", "hours", "codes"):
        notice = "Saved: every PC of the site uses it now." if en else \
            "Đã lưu: mọi máy của cơ sở dùng thiết lập mới."
    codes = done == "codes"  # said in its card, where the page opens (#dossier-codes)
    return _page(request, session, sites, site, values=_values(request, site.code),
                 errors={}, notice="" if codes else notice,
                 codes_notice=notice if codes else "")


def _values(request: Request, site: str) -> dict[str, str]:
    """The form's values from what is stored (empty: each PC's file)."""
    stored = CenterSettingsService(server_state(request).db).get(site)
    values = {
        "priority_policy": stored.priority_policy or "",
        "priority_every": "" if stored.priority_every is None else str(stored.priority_every),
        "announcements_source": "file" if stored.announcements is None else "center",
        "announcements": "\n".join(stored.announcements or ()),
        "rating_scale": "" if stored.rating_scale is None else str(stored.rating_scale),
    }
    hours = stored.opening_hours(server_state(request).settings)
    values |= {
        "hours_source": hours.source,
        "weekdays": ", ".join(hours.texts(hours.weekdays)),
        "saturday": ", ".join(hours.texts(hours.saturday)),
        "open_early_minutes": str(hours.open_early_minutes),
        "last_ticket_minutes": str(hours.last_ticket_minutes),
    }
    values["local_codes"] = "on" if local_codes(server_state(request).db, site) else "off"
    for service in CenterService(server_state(request).db).services(site, include_inactive=True):
        values[f"cap_{service.code}"] = "" if service.daily_cap is None else \
            str(service.daily_cap)
    return values


def _page(request: Request, session: AdminSession, sites: list[SiteView], site: SiteView, *,
          values: dict[str, str], errors: dict[str, str], status_code: int = 200,
          notice: str = "", codes_notice: str = "") -> Response:
    settings = server_state(request).settings
    services = CenterService(server_state(request).db).services(site.code, include_inactive=True)
    return page(request, "settings.html", session, status_code=status_code, notice=notice,
                codes_notice=codes_notice, sites=sites, site=site, services=services,
                values=values, errors=errors,
                file_queue=settings.queue, file_lines=settings.display.announcements,
                file_scale=settings.rating.scale, max_every=MAX_PRIORITY_EVERY,
                file_hours=file_hours(settings), config_path=settings.config_path)


@router.post("/center")
def save_center(request: Request, session: AdminFormSession, form: PostedForm) -> Response:
    en = language(request) == "en"
    sites, site = setup_site(request, _text(form, "site"))
    values = _values(request, site.code) | {
        name: _text(form, name) for name in ("priority_policy", "priority_every",
                                             "announcements_source", "announcements",
                                             "rating_scale")}
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    policy = values["priority_policy"]
    if policy and policy not in POLICIES:
        errors["priority_policy"] = "Choose a policy." if en else "Hãy chọn một chính sách."
    changes["priority_policy"] = policy or None
    every_text = values["priority_every"].strip()
    changes["priority_every"] = None
    if policy == "interleave" or every_text:
        try:
            every = int(every_text)
        except ValueError:
            every = 0
        if not 1 <= every <= MAX_PRIORITY_EVERY:
            errors["priority_every"] = (
                f"A whole number from 1 to {MAX_PRIORITY_EVERY}." if en else
                f"Hãy nhập một số nguyên từ 1 đến {MAX_PRIORITY_EVERY}.")
        else:
            changes["priority_every"] = every
    if values["announcements_source"] == "center":
        try:
            changes["announcements"] = clean_announcements(values["announcements"].splitlines())
        except InvalidOperation as error:
            errors["announcements"] = error.localized(language(request))
    else:
        changes["announcements"] = None
    scale = values["rating_scale"]
    if scale and scale not in {str(value) for value in SCALES}:
        errors["rating_scale"] = "Choose 3 or 5 levels." if en else "Hãy chọn 3 hoặc 5 mức."
    changes["rating_scale"] = int(scale) if scale and not errors.get("rating_scale") else None
    if not errors:
        try:
            CenterSettingsService(server_state(request).db, actor=session.clerk.username).set(
                site.code, **changes)
        except LaysoError as error:
            errors["form"] = error.localized(language(request))
        else:
            return RedirectResponse(f"/admin/settings?site={site.code}&done=center", 303)
    return _page(request, session, sites, site, values=values, errors=errors,
                 status_code=422)


@router.post("/caps")
def save_caps(request: Request, session: AdminFormSession, form: PostedForm) -> Response:
    en = language(request) == "en"
    sites, site = setup_site(request, _text(form, "site"))
    center = CenterService(server_state(request).db, actor=session.clerk.username)
    services = center.services(site.code, include_inactive=True)
    values = _values(request, site.code)
    errors: dict[str, str] = {}
    caps: dict[str, int | None] = {}
    for service in services:
        name = f"cap_{service.code}"
        typed = values[name] = _text(form, name).strip()
        if not typed:
            caps[service.code] = None
            continue
        try:
            cap = int(typed)
        except ValueError:
            cap = 0
        if not 1 <= cap <= MAX_DAILY_CAP:
            errors[name] = (f"A whole number from 1 to {MAX_DAILY_CAP}, or empty for no cap."
                            if en else f"Số nguyên từ 1 đến {MAX_DAILY_CAP}, hoặc để trống "
                            "nếu không giới hạn.")
        else:
            caps[service.code] = cap
    if not errors:
        for service in services:
            if caps[service.code] != service.daily_cap:
                try:
                    center.set_service(site.code, service.code, daily_cap=caps[service.code])
                except LaysoError as error:
                    errors[f"cap_{service.code}"] = error.localized(language(request))
        if not errors:
            return RedirectResponse(f"/admin/settings?site={site.code}&done=caps", 303)
    return _page(request, session, sites, site, values=values, errors=errors,
                 status_code=422)


@router.post("/hours")
def save_hours(request: Request, session: AdminFormSession, form: PostedForm) -> Response:
    """The site's opening hours, checked field by field (``parse_hours``), or none (each PC's
    file); one ``config.changed`` event, on which the kiosks re-read them."""
    sites, site = setup_site(request, _text(form, "site"))
    names = ("hours_source", "weekdays", "saturday", "open_early_minutes",
             "last_ticket_minutes")
    values = _values(request, site.code) | {name: _text(form, name) for name in names}
    errors: dict[str, str] = {}
    hours = None
    if values["hours_source"] == "center":
        hours, problems = parse_hours(values["weekdays"], values["saturday"],
                                      values["open_early_minutes"],
                                      values["last_ticket_minutes"])
        errors = {field: problem.localized(language(request))
                  for field, problem in problems.items()}
    if not errors:
        try:
            CenterSettingsService(server_state(request).db, actor=session.clerk.username).set(
                site.code, hours=hours)
        except LaysoError as error:
            errors["hours"] = error.localized(language(request))
        else:
            return RedirectResponse(f"/admin/settings?site={site.code}&done=hours#hours", 303)
    return _page(request, session, sites, site, values=values, errors=errors,
                 status_code=422)


@router.post("/dossier-codes")
def save_dossier_codes(request: Request, session: AdminFormSession,
                       form: PostedForm) -> Response:
    """Local dossier codes on or off at the site (the receive form then requires the
    province's code); an event only when the setting changes."""
    sites, site = setup_site(request, _text(form, "site"))
    values = _values(request, site.code)
    wanted = _text(form, "local_codes")
    if wanted not in ("on", "off"):
        values["local_codes"] = wanted
        errors = {"local_codes": "Choose whether LấySố may make local codes." if language(
            request) == "en" else "Hãy chọn có cho phép LấySố cấp mã nội bộ hay không."}
        return _page(request, session, sites, site, values=values, errors=errors,
                     status_code=422)
    db = server_state(request).db
    if (wanted == "on") != local_codes(db, site.code):
        set_local_codes(db, site.code, wanted == "on", actor=session.clerk.username)
    return RedirectResponse(f"/admin/settings?site={site.code}&done=codes#dossier-codes", 303)
