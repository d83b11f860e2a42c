"""``/admin/sites``: the center's sites (points of service): list, add, edit the names, agency
code, address and the place printed on forms. Through ``CenterService`` as ``layso site``;
each change is a ``config.changed`` event naming the console account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from server.admin.sessions import AdminSession, admin_form_session, current
from server.admin.setup_forms import (
    actor,
    back_to,
    form_data,
    refused,
    render,
    server,
    text,
    translate,
)
from shared.center import CenterService
from shared.errors import LaysoError
from shared.views import SiteView

router = APIRouter(prefix="/admin/sites", include_in_schema=False)

FIELDS = ("name", "agency_name", "agency_code", "address", "place")
#: Which field a core message is about (server.admin.setup_forms.field_of).
PHRASES = (("code", ("mã cơ sở", "đã có cơ sở")), ("name", ("tên không được",)))


def _center(request: Request, session: AdminSession | None = None) -> CenterService:
    return CenterService(server(request).db, actor=actor(session) if session else "")


@router.get("")
def sites(request: Request, session: Annotated[AdminSession, Depends(current)],
          saved: str | None = None) -> Response:
    notice = translate(request, f"Đã lưu cơ sở {saved}.", f"Site {saved} saved.") if saved \
        else None
    return render(request, "sites.html", session, sites=_center(request).sites(),
                  notice=notice)


@router.get("/add")
def add_form(request: Request, session: Annotated[AdminSession, Depends(current)]) -> Response:
    return _form(request, session, None, {}, {})


@router.post("/add")
def add(request: Request, session: Annotated[AdminSession, Depends(admin_form_session)],
        form: Annotated[FormData, Depends(form_data)]) -> Response:
    values = {name: text(form, name) for name in ("code", *FIELDS)}
    try:
        view = _center(request, session).add_site(
            values["code"], values["name"], agency_name=values["agency_name"],
            agency_code=values["agency_code"], address=values["address"],
            place=values["place"])
    except LaysoError as error:
        errors: dict[str, str] = {}
        refused(request, error, PHRASES, errors)
        return _form(request, session, None, values, errors)
    return back_to(request, "/admin/sites", saved=view.code)


@router.get("/{code}/edit")
def edit_form(request: Request, code: str,
              session: Annotated[AdminSession, Depends(current)]) -> Response:
    site = _center(request).site(code)
    return _form(request, session, site, {name: getattr(site, name) for name in FIELDS}, {})


@router.post("/{code}/edit")
def edit(request: Request, code: str,
         session: Annotated[AdminSession, Depends(admin_form_session)],
         form: Annotated[FormData, Depends(form_data)]) -> Response:
    center = _center(request, session)
    site = center.site(code)
    values = {name: text(form, name) for name in FIELDS}
    try:
        center.set_site(code, **values)
    except LaysoError as error:
        errors: dict[str, str] = {}
        refused(request, error, PHRASES, errors)
        return _form(request, session, site, values, errors)
    return back_to(request, "/admin/sites", saved=code)


def _form(request: Request, session: AdminSession, site: SiteView | None,
          values: dict[str, str], errors: dict[str, str]) -> Response:
    return render(request, "sites_form.html", session, status_code=422 if errors else 200,
                  site=site, values=values, errors=errors)
