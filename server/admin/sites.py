"""``/admin/sites``: the center's sites (points of service): list, add, edit the names, agency
code, address and the place printed on forms. Through ``CenterService`` as ``layso site``;
each change is a ``config.changed`` event naming the console account."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from server.admin.sessions import AdminFormSession, AdminSession, Session
from server.admin.setup_forms import (
    PostedForm,
    add_errors,
    back_to,
    center_service,
    form_page,
    refused,
    render,
    saved_notice,
    text,
    too_long,
    translate,
)
from shared.center import site_field_errors
from shared.errors import LaysoError
from shared.tables import SITES
from shared.views import SiteView

router = APIRouter(prefix="/admin/sites", include_in_schema=False)

FIELDS = ("name", "agency_name", "agency_code", "address", "place")
#: Which field a core message is about (server.admin.setup_forms.field_of).
PHRASES = (("code", ("mã cơ sở", "đã có cơ sở")), ("name", ("tên không được",)),
           *((name, ()) for name in FIELDS[1:]))
#: The text fields' labels on the form, for a text longer than its column.
LABELS = {"name": ("Tên cơ sở", "Name"), "agency_name": ("Tên cơ quan", "Agency name"),
          "agency_code": ("Mã cơ quan", "Agency code"), "address": ("Địa chỉ", "Address"),
          "place": ("Địa danh trên giấy tờ", "Place on forms")}


@router.get("")
def sites(request: Request, session: Session, saved: str | None = None) -> Response:
    notice = saved_notice(request, saved, "Đã lưu cơ sở {}.", "Site {} saved.")
    return render(request, "sites.html", session, sites=center_service(request).sites(),
                  notice=notice)


@router.get("/add")
def add_form(request: Request, session: Session) -> Response:
    return _form(request, session, None, {}, {})


@router.post("/add")
def add(request: Request, session: AdminFormSession, form: PostedForm) -> Response:
    values = {name: text(form, name) for name in ("code", *FIELDS)}
    center = center_service(request, session)
    # Each field's check on its own: every error at once, next to its field.
    errors: dict[str, str] = {}
    if not values["code"]:
        errors["code"] = translate(request, "Hãy nhập mã cơ sở.", "Enter the site's code.")
    too_long(request, SITES, values, LABELS, errors)
    add_errors(request, site_field_errors(
        code=values["code"], name=values["name"],
        taken=[site.code for site in center.sites()]), errors)
    if not errors:
        try:
            view = center.add_site(
                values["code"], values["name"], agency_name=values["agency_name"],
                agency_code=values["agency_code"], address=values["address"],
                place=values["place"])
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            return back_to(request, "/admin/sites", saved=view.code)
    return _form(request, session, None, values, errors)


@router.get("/{code}/edit")
def edit_form(request: Request, code: str, session: Session) -> Response:
    site = center_service(request).site(code)
    return _form(request, session, site, {name: getattr(site, name) for name in FIELDS}, {})


@router.post("/{code}/edit")
def edit(request: Request, code: str, session: AdminFormSession, form: PostedForm) -> Response:
    center = center_service(request, session)
    site = center.site(code)
    values = {name: text(form, name) for name in FIELDS}
    errors: dict[str, str] = {}
    too_long(request, SITES, values, LABELS, errors)
    add_errors(request, site_field_errors(code=None, name=values["name"]), errors)
    if not errors:
        try:
            center.set_site(code, **values)
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            return back_to(request, "/admin/sites", saved=code)
    return _form(request, session, site, values, errors)


def _form(request: Request, session: AdminSession, site: SiteView | None,
          values: dict[str, str], errors: dict[str, str]) -> Response:
    return form_page(request, "sites_form.html", session, errors, site=site, values=values)
